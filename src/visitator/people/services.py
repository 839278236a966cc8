"""Writes on citizens. Each writes its access-log row and event in the same transaction."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from visitator.audit.models import AccessAction
from visitator.audit.services import access_log, event_record
from visitator.organisation.roles import WRITE_CASES, require_role, require_role_in

from . import cpr as cprlib
from .models import Citizen, Representative

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


@transaction.atomic
def citizen_update(*, user: User, citizen: Citizen, **fields: Any) -> Citizen:
    """Change a citizen's name, address, contact or Digital Post exemption; the event keeps old and new."""
    require_role_in(user, citizen.municipality_id, *WRITE_CASES)
    unknown = set(fields) - set(CITIZEN_FIELDS)
    if unknown:
        raise TypeError(f"Unknown citizen fields: {sorted(unknown)}")
    citizen = Citizen.objects.select_for_update().get(pk=citizen.pk)
    before = {name: getattr(citizen, name) for name in CITIZEN_FIELDS}
    changed = {name: value for name, value in fields.items() if before[name] != value}
    if not changed:
        return citizen
    if changed.get("digital_post_exempt") is False:
        changed["digital_post_exemption_reason"] = ""
    for name, value in changed.items():
        setattr(citizen, name, value.strip() if isinstance(value, str) else value)
    if citizen.digital_post_exempt and not citizen.digital_post_exemption_reason:
        raise ValidationError(
            {"digital_post_exemption_reason": _("Skriv grunden til fritagelsen for Digital Post.")}
        )
    citizen.full_clean()
    citizen.save()
    access_log(user=user, action=AccessAction.CHANGE, what="borger", citizen=citizen)
    event_record(
        user=user,
        kind="citizen.changed",
        citizen=citizen,
        before={name: before[name] for name in changed},
        after={name: getattr(citizen, name) for name in changed},
    )
    return citizen


@transaction.atomic
def representative_add(
    *,
    user: User,
    citizen: Citizen,
    kind: str,
    name: str,
    valid_from: dt.date,
    valid_to: dt.date | None = None,
    power_of_attorney_received: dt.date | None = None,
    **fields: Any,
) -> Representative:
    """Record someone acting for the citizen. A partsrepræsentant needs the date the fuldmagt was received
    (FVL § 8); a relative without fuldmagt never receives letters on the citizen's behalf."""
    require_role_in(user, citizen.municipality_id, *WRITE_CASES)
    errors: dict[str, str] = {}
    if kind == Representative.Kind.POWER_OF_ATTORNEY and power_of_attorney_received is None:
        errors["power_of_attorney_received"] = _("Angiv hvornår fuldmagten er modtaget.")
    if valid_to is not None and valid_to < valid_from:
        errors["valid_to"] = _("Slutdatoen ligger før startdatoen.")
    if errors:
        raise ValidationError(errors)
    if kind == Representative.Kind.RELATIVE:
        fields["receives_letters"] = False
    representative = Representative(
        citizen=citizen,
        kind=kind,
        name=name.strip(),
        valid_from=valid_from,
        valid_to=valid_to,
        power_of_attorney_received=power_of_attorney_received,
        **fields,
    )
    representative.full_clean()
    representative.save()
    access_log(user=user, action=AccessAction.CREATE, what="borger: repræsentant", citizen=citizen)
    event_record(
        user=user,
        kind="citizen.representative_added",
        citizen=citizen,
        after={"representative": str(representative.pk), "kind": kind, "valid_from": valid_from.isoformat()},
    )
    return representative
