"""Reads of cases: permission-filtered, and each read of personal data leaves an access-log row."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.db import transaction
from django.db.models import Q, QuerySet

from visitator.audit.models import AccessAction, AccessLog
from visitator.audit.services import access_log
from visitator.core import clock
from visitator.organisation.roles import READ_CASES, require_role
from visitator.people.history import person_name

from . import journal
from .deadlines import DeadlineStatus, deadline_status
from .journal import TimelineEntry
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


def case_timeline(case: Case, kinds: Iterable[str] = ()) -> list[TimelineEntry]:
    """The case's journal, oldest first (cases.journal): every event with who did it, by name; only
    the `kinds` given (all when none). For a case already read through `case_detail`."""
    return journal.build_timeline(case, kinds)


def timeline_kinds(selected: Iterable[str]) -> list[tuple[str, str, bool]]:
    """The journal filter's choices: (kind, Danish name, chosen)."""
    chosen = set(selected)
    return [(kind, str(label), kind in chosen) for kind, label in journal.KINDS.items()]


def clean_kinds(values: Iterable[str]) -> list[str]:
    """The kinds of a GET filter that exist; anything else is ignored."""
    return [value for value in dict.fromkeys(values) if value in journal.KINDS]


@dataclass
class JournalExtract:
    case: Case
    entries: list[TimelineEntry]
    kinds: list[str]
    printed_by: str
    printed_at: dt.datetime


@transaction.atomic
def case_journal_extract(
    *, user: User | AnonymousUser, case_id: uuid.UUID, kinds: Iterable[str] = ()
) -> JournalExtract:
    """The journal of a case for printing (Case.DoesNotExist outside the user's municipality); the
    export is in the access log with the kinds chosen."""
    membership = require_role(user, *READ_CASES)
    case = Case.objects.select_related("citizen", "unit", "municipality", "standard_version").get(
        id=case_id, municipality_id=membership.unit.municipality_id
    )
    chosen = clean_kinds(kinds)
    access_log(
        user=user,
        action=AccessAction.EXPORT,
        what="sag: journaludskrift",
        case=case,
        detail=f"udvalg: {', '.join(chosen) or 'alle'}",
    )
    return JournalExtract(
        case=case,
        entries=journal.build_timeline(case, chosen),
        kinds=chosen,
        printed_by=person_name(user),
        printed_at=clock.now(),
    )


def case_deadline_status(case: Case) -> DeadlineStatus:
    return deadline_status(
        awaiting_decision=case.awaiting_decision,
        deadline=case.decision_deadline,
        warning_on=case.deadline_warning_on,
        expected_on=case.expected_decision_on,
        today=clock.today(),
    )
