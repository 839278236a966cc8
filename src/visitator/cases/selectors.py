"""Reads of cases: permission-filtered, and each read of personal data leaves an access-log row."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from visitator.audit.models import AccessAction, AccessLog
from visitator.audit.services import access_log
from visitator.core import clock
from visitator.organisation.roles import READ_CASES, require_role

from . import extensions
from .deadlines import DeadlineStatus, deadline_status
from .lifecycle import Status
from .models import Case

PAGE_SIZE = 25
MINE = "mine"
UNIT = "unit"
AWAITING = "awaiting"


class BadCursor(ValueError):
    pass


def encode_cursor(deadline: dt.date, case_id: uuid.UUID) -> str:
    raw = json.dumps([deadline.isoformat(), str(case_id)]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(token: str) -> tuple[dt.date, uuid.UUID]:
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        deadline, case_id = json.loads(raw)
        return dt.date.fromisoformat(deadline), uuid.UUID(case_id)
    except (ValueError, TypeError, binascii.Error) as exc:
        raise BadCursor(str(exc)) from exc


@dataclass
class WorklistRow:
    case: Case
    deadline: DeadlineStatus


@dataclass
class WorklistPage:
    rows: list[WorklistRow]
    next_cursor: str | None
    scope: str
    status: str
    extra: dict[str, Any] = field(default_factory=dict)


def _status_filter(status: str) -> Q:
    if status == AWAITING:
        return Q(awaiting_decision=True)
    if status in Status.values:
        return Q(status=status)
    return Q(awaiting_decision=True)


@transaction.atomic
def worklist(
    *,
    user: User | AnonymousUser,
    scope: str = MINE,
    status: str = AWAITING,
    after: str | None = None,
    limit: int = PAGE_SIZE,
) -> WorklistPage:
    """My cases or my unit's cases, by decision deadline then id (keyset pagination).

    Each citizen shown is logged as viewed on the worklist (one INSERT for the whole page).
    """
    membership = require_role(user, *READ_CASES)
    assert isinstance(user, User)
    if status != AWAITING and status not in Status.values:
        status = AWAITING
    scope = scope if scope in (MINE, UNIT) else MINE
    qs: QuerySet[Case] = Case.objects.filter(_status_filter(status))
    qs = qs.filter(caseworker=user) if scope == MINE else qs.filter(unit_id=membership.unit_id)
    if after:
        deadline, case_id = decode_cursor(after)
        # The plain ">=" lets the database seek in the index; the OR then only trims the first date.
        qs = qs.filter(decision_deadline__gte=deadline).filter(
            Q(decision_deadline__gt=deadline) | Q(decision_deadline=deadline, id__gt=case_id)
        )
    cases = list(qs.select_related("citizen", "caseworker").order_by("decision_deadline", "id")[: limit + 1])
    has_more = len(cases) > limit
    cases = cases[:limit]
    today = clock.today()
    rows = [
        WorklistRow(
            case=c,
            deadline=deadline_status(
                awaiting_decision=c.awaiting_decision,
                deadline=c.decision_deadline,
                warning_on=c.deadline_warning_on,
                expected_on=c.expected_decision_on,
                today=today,
            ),
        )
        for c in cases
    ]
    now = clock.now()
    AccessLog.objects.bulk_create(
        [
            AccessLog(
                at=now,
                user=user,
                username=user.get_username(),
                municipality_id=membership.unit.municipality_id,
                action=AccessAction.VIEW,
                citizen_id=c.citizen_id,
                case_id=c.id,
                what="arbejdsliste",
            )
            for c in cases
        ]
    )
    next_cursor = encode_cursor(cases[-1].decision_deadline, cases[-1].id) if has_more and cases else None
    return WorklistPage(rows=rows, next_cursor=next_cursor, scope=scope, status=status)


@transaction.atomic
def case_detail(*, user: User | AnonymousUser, case_id: uuid.UUID, page: str = "") -> Case:
    """One case of the user's municipality (Case.DoesNotExist otherwise), logged as viewed, with the
    page of the case that was used ("sag: udredning")."""
    membership = require_role(user, *READ_CASES)
    case = Case.objects.select_related(
        "citizen", "unit", "caseworker", "standard_version", "decided_standard_version", "municipality"
    ).get(id=case_id, municipality_id=membership.unit.municipality_id)
    access_log(user=user, action=AccessAction.VIEW, what=f"sag: {page}" if page else "sag", case=case)
    return case


@dataclass
class TimelineEntry:
    at: dt.datetime
    kind: str
    title: str
    text: str = ""
    by: str = ""
    obj: Any = None


def case_timeline(case: Case) -> list[TimelineEntry]:
    """Status changes, notes, documents, deadline notices and letters, oldest first (five queries),
    and the entries the apps above `cases` add (`cases.extensions`)."""
    entries: list[TimelineEntry] = []
    for change in case.status_changes.select_related("by"):
        title = str(Status(change.to_status).label)
        if change.outcome:
            title = f"{title}: {change.get_outcome_display()}"
        entries.append(
            TimelineEntry(change.at, "status", str(title), change.reason, change.by.get_username())
        )
    for note in case.notes.select_related("by"):
        entries.append(
            TimelineEntry(note.at, "note", str(note.get_kind_display()), note.text, note.by.get_username())
        )
    for document in case.documents.select_related("uploaded_by"):
        entries.append(
            TimelineEntry(
                document.uploaded_at,
                "document",
                document.title,
                "",
                document.uploaded_by.get_username(),
                document,
            )
        )
    for notice in case.deadline_notices.select_related("sent_by"):
        entries.append(
            TimelineEntry(
                notice.sent_at,
                "notice",
                _("Fristvarsel sendt"),
                notice.letter_text,
                notice.sent_by.get_username(),
                notice,
            )
        )
    for letter in case.letters.select_related("sent_by"):
        title = _("Brev sendt: %(kind)s") % {"kind": letter.get_kind_display()}
        via = _("Digital Post") if letter.channel == "digital_post" else _("fysisk post")
        text = _("Til %(recipient)s via %(via)s. Regnes for modtaget %(receipt)s.") % {
            "recipient": letter.recipient_name,
            "via": via,
            "receipt": letter.receipt_on.strftime("%d.%m.%Y"),
        }
        entries.append(
            TimelineEntry(letter.sent_at, "letter", title, text, letter.sent_by.get_username(), letter)
        )
    # Complaints, requests for access to the file, ...: from the apps above this one.
    entries.extend(extensions.timeline_entries(case))
    entries.sort(key=lambda e: e.at)
    return entries


def case_deadline_status(case: Case) -> DeadlineStatus:
    return deadline_status(
        awaiting_decision=case.awaiting_decision,
        deadline=case.decision_deadline,
        warning_on=case.deadline_warning_on,
        expected_on=case.expected_decision_on,
        today=clock.today(),
    )
