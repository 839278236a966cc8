"""Reads for requests for access to the file: permission-filtered by the user's municipality (the case
was fetched through `cases.selectors.case_detail`, or the query filters on the user's unit), and every
read of personal data leaves an access-log row ("aktindsigt: ...")."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser, User
from django.db import transaction
from django.utils.translation import gettext as _

from visitator.audit.models import AccessAction, AccessLog
from visitator.audit.services import access_log
from visitator.cases.extensions import WorklistPanel
from visitator.cases.models import Case
from visitator.cases.selectors import TimelineEntry
from visitator.core import clock
from visitator.organisation.roles import READ_CASES, find_membership, has_role, require_role

from .models import AccessAnswer, AccessRequest
from .review import NoticeState, ReviewRow, notice_state, review_rows

#: At most this many open requests on the worklist panel (the most urgent first).
PANEL_LIMIT = 50


@dataclass
class RequestRow:
    request: AccessRequest
    state: NoticeState


def access_requests_for_case(*, user: User | AnonymousUser, case: Case) -> list[RequestRow]:
    """The case's requests, newest first, each with where it stands. The caller got `case` through
    `cases.selectors.case_detail` (municipality checked, the case view logged); this logs the list."""
    membership = require_role(user, *READ_CASES)
    if membership.unit.municipality_id != case.municipality_id:
        raise AccessRequest.DoesNotExist
    today = clock.today()
    requests = list(
        AccessRequest.objects.filter(case=case)
        .select_related("representative", "answer__letter")
        .order_by("-received_on", "-registered_at")
    )
    with transaction.atomic():
        access_log(user=user, action=AccessAction.VIEW, what="aktindsigt: anmodninger", case=case)
    return [RequestRow(r, notice_state(r, today)) for r in requests]


def access_request_get(*, user: User | AnonymousUser, case: Case, request_id: uuid.UUID) -> AccessRequest:
    """One request of the case (AccessRequest.DoesNotExist outside the user's municipality)."""
    membership = require_role(user, *READ_CASES)
    return AccessRequest.objects.select_related(
        "case__citizen", "case__municipality", "case__unit", "representative", "review__saved_by"
    ).get(id=request_id, case=case, case__municipality_id=membership.unit.municipality_id)


def access_review_rows(*, user: User | AnonymousUser, request: AccessRequest) -> list[ReviewRow]:
    """The akter of the case with the decisions so far; reading them is logged."""
    require_role(user, *READ_CASES)
    rows = review_rows(request)
    with transaction.atomic():
        access_log(
            user=user,
            action=AccessAction.VIEW,
            what="aktindsigt: gennemgang",
            case=request.case,
            detail=f"{len(rows)} akter",
        )
    return rows


def access_answer_of(request: AccessRequest) -> AccessAnswer | None:
    return AccessAnswer.objects.select_related("letter").filter(request=request).first()


# -- the worklist panel and the timeline (registered in apps.py) --------------------------------------------


def worklist_panel(user: User | AnonymousUser) -> WorklistPanel | None:
    """The open requests of the user's unit by the day the notice falls due, those that need a notice
    now first. Each citizen shown is logged (one INSERT for the panel)."""
    if not has_role(user, *READ_CASES):
        return None
    membership = find_membership(user)
    if membership is None:
        return None
    assert isinstance(user, User)
    requests = list(
        AccessRequest.objects.filter(unit_id=membership.unit_id, answered_on__isnull=True)
        .select_related("case__citizen")
        .order_by("notice_due_on", "id")[: PANEL_LIMIT + 1]
    )
    more = len(requests) > PANEL_LIMIT
    requests = requests[:PANEL_LIMIT]
    if not requests:
        return None
    today = clock.today()
    rows = [RequestRow(r, notice_state(r, today)) for r in requests]
    rows.sort(key=lambda row: not row.state.notice_missing)
    now = clock.now()
    with transaction.atomic():
        AccessLog.objects.bulk_create(
            [
                AccessLog(
                    at=now,
                    user=user,
                    username=user.get_username(),
                    municipality_id=membership.unit.municipality_id,
                    action=AccessAction.VIEW,
                    citizen_id=row.request.case.citizen_id,
                    case_id=row.request.case_id,
                    what="aktindsigt: arbejdsliste",
                )
                for row in rows
            ]
        )
    return WorklistPanel(
        order=20,
        title=_("Anmodninger om aktindsigt"),
        template="fileaccess/_worklist_panel.html",
        context={"rows": rows, "more": more, "limit": PANEL_LIMIT},
    )


def timeline_entries(case: Case) -> list[TimelineEntry]:
    """The case's requests for access and their answers (the letters are on the timeline already)."""
    entries: list[TimelineEntry] = []
    for request in AccessRequest.objects.filter(case=case).select_related("registered_by"):
        entries.append(
            TimelineEntry(
                request.registered_at,
                "access",
                _("Anmodning om aktindsigt modtaget"),
                _(
                    "Fra %(name)s, modtaget %(date)s (%(channel)s, %(scope)s). "
                    "Svar eller besked senest %(due)s."
                )
                % {
                    "name": request.requester_name,
                    "date": request.received_on.strftime("%d.%m.%Y"),
                    "channel": request.get_channel_display().lower(),
                    "scope": request.get_scope_display().lower(),
                    "due": request.notice_due_on.strftime("%d.%m.%Y"),
                },
                request.registered_by.get_username(),
                request,
            )
        )
    for answer in AccessAnswer.objects.filter(request__case=case).select_related("answered_by"):
        entries.append(
            TimelineEntry(
                answer.answered_at,
                "access",
                _("Aktindsigt besvaret: %(outcome)s") % {"outcome": answer.get_outcome_display()},
                "",
                answer.answered_by.get_username(),
                answer,
            )
        )
    return entries
