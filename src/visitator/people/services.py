"""Writes on citizens. Each writes its access-log row and event in the same transaction."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from visitator.audit.models import AccessAction
from visitator.audit.services import access_log, event_record
from visitator.organisation.roles import WRITE_CASES, require_role

from . import cpr as cprlib
from .models import Citizen

CITIZEN_FIELDS = (
    "first_name",
    "last_name",
    "address_line",
    "postcode",
    "city",
    "phone",
    "email",
    "digital_post_exempt",
    "digital_post_exemption_reason",
    "is_test_person",
)


@transaction.atomic
def citizen_create(*, user: User, cpr: str, first_name: str, last_name: str, **fields: Any) -> Citizen:
    membership = require_role(user, *WRITE_CASES)
    number = cprlib.normalize(cpr)
    unknown = set(fields) - set(CITIZEN_FIELDS)
    if unknown:
        raise TypeError(f"Unknown citizen fields: {sorted(unknown)}")
    if Citizen.objects.filter(municipality=membership.municipality, cpr=number).exists():
        raise ValidationError({"cpr": _("Der findes allerede en borger med dette CPR-nummer.")})
    citizen = Citizen(
        municipality=membership.municipality,
        cpr=number,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        **fields,
    )
    citizen.full_clean()
    citizen.save()
    access_log(user=user, action=AccessAction.CREATE, what="borger", citizen=citizen)
    event_record(
        user=user,
        kind="citizen.created",
        citizen=citizen,
        after={"name": citizen.full_name, "cpr": citizen.cpr_masked},
    )
    return citizen
