"""Writes of the portal app."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext as _

from visitator.audit.models import AccessAction
from visitator.audit.services import access_log, event_record
from visitator.organisation.roles import WRITE_CASES, require_role_in
from visitator.people import cpr as cprlib
from visitator.people.models import Representative

from .models import RepresentativeLogin


@transaction.atomic
def representative_login_set(*, user: User, representative: Representative, cpr: str) -> RepresentativeLogin:
    """Record the CPR number a værge or partsrepræsentant logs in to the portal with (a caseworker's
    act, after checking the fuldmagt or the appointment as værge). ValidationError for a bad number."""
    require_role_in(user, representative.citizen.municipality_id, *WRITE_CASES)
    number = cprlib.normalize(cpr)
    login, _created = RepresentativeLogin.objects.update_or_create(
        representative=representative, defaults={"cpr": number}
    )
    access_log(
        user=user,
        action=AccessAction.CHANGE,
        what="borger: repræsentants login",
        citizen=representative.citizen,
    )
    event_record(
        user=user,
        kind="portal.representative_login_set",
        citizen=representative.citizen,
        after={"representative": str(representative.pk), "cpr": cprlib.mask(number)},
    )
    return login


@transaction.atomic
def application_submit(*, user: User, acting: Any, answers: list[tuple[str, str]], received_at: Any) -> Any:
    """The citizen's application from the portal: a case on the deciding unit's worklist with its
    deadline from the time received (cases.services.case_receive_self_service), the answers as the
    case's first journal note, and the access-log row of the portal user."""
    from visitator.cases.services import case_receive_self_service

    who = _("borgeren selv") if acting.representative is None else str(acting.representative)
    lines = [_("Ansøgning via selvbetjening, sendt af %(who)s.") % {"who": who}, ""]
    for question, answer in answers:
        lines += [f"{question}", f"{answer}", ""]
    case = case_receive_self_service(
        user=user, citizen=acting.citizen, received_at=received_at, note="\n".join(lines).strip()
    )
    access_log(
        user=user,
        action=AccessAction.CREATE,
        what="portal: ansøgning",
        case=case,
        detail=acting.log_detail,
    )
    return case
