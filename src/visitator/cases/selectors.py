"""Reads of cases: permission-filtered, and each read of personal data leaves an access-log row."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.db import transaction
from django.db.models import Prefetch, Q, QuerySet

from visitator.audit.models import AccessAction, AccessLog
from visitator.audit.services import access_log
from visitator.core import clock
from visitator.organisation.roles import READ_CASES, require_role
from visitator.people import cpr as cprlib
from visitator.people.history import person_name
from visitator.people.models import Citizen
from visitator.people.selectors import citizens_by_name, name_search_words

from . import extensions, journal
from .deadlines import DeadlineStatus, deadline_status
from .journal import TimelineEntry
from .lifecycle import Status
from .models import Case

PAGE_SIZE = 25
MINE = "mine"
UNIT = "unit"
AWAITING = "awaiting"

# The worklist's sorts: by decision deadline, by date received (oldest first), by citizen (last name,
# first name). Each is an index range scan (Case.Meta.indexes) with keyset pagination on (column, id).
BY_DEADLINE = "frist"
BY_RECEIVED = "modtaget"
BY_CITIZEN = "borger"
SORTS = {BY_DEADLINE: "decision_deadline", BY_RECEIVED: "received_on", BY_CITIZEN: "citizen_sort_name"}


class BadCursor(ValueError):
    pass


def encode_cursor(deadline: dt.date, case_id: uuid.UUID) -> str:
    """The keyset cursor of every paginated list: the last row's sort key (a date, or a datetime, which
    is a date) and its id. Never personal data: see encode_case_cursor for a key that would be."""
    raw = json.dumps([deadline.isoformat(), str(case_id)]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(token: str) -> tuple[dt.date, uuid.UUID]:
    """(key, id) of a cursor from encode_cursor; the key is a datetime when one was encoded."""
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        deadline, case_id = json.loads(raw)
        key = dt.datetime.fromisoformat(deadline) if "T" in deadline else dt.date.fromisoformat(deadline)
        return key, uuid.UUID(case_id)
    except (ValueError, TypeError, binascii.Error) as exc:
        raise BadCursor(str(exc)) from exc


def encode_case_cursor(case_id: uuid.UUID) -> str:
    """A cursor that holds only the last case shown: for the sort by citizen, whose key (the name) is
    personal data and must not go into a URL. The next page looks the key up (one query)."""
    return base64.urlsafe_b64encode(json.dumps([str(case_id)]).encode()).decode().rstrip("=")


def decode_case_cursor(token: str) -> uuid.UUID:
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        [case_id] = json.loads(raw)
        return uuid.UUID(case_id)
    except (ValueError, TypeError, binascii.Error) as exc:
        raise BadCursor(str(exc)) from exc


@dataclass
class WorklistRow:
    case: Case
    deadline: DeadlineStatus
    #: What should happen next (cases.extensions.next_actions), None when nothing is due.
    action: extensions.NextAction | None = None


@dataclass
class WorklistPage:
    rows: list[WorklistRow]
    next_cursor: str | None
    scope: str
    status: str
    extra: dict[str, Any] = field(default_factory=dict)
    sort: str = BY_DEADLINE


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
    sort: str = BY_DEADLINE,
) -> WorklistPage:
    """My cases or my unit's cases, by decision deadline, date received or citizen, then id (keyset
    pagination), each with its next action (cases.extensions.next_actions).

    Each citizen shown is logged as viewed on the worklist (one INSERT for the whole page).
    """
    membership = require_role(user, *READ_CASES)
    assert isinstance(user, User)
    if status != AWAITING and status not in Status.values:
        status = AWAITING
    scope = scope if scope in (MINE, UNIT) else MINE
    sort = sort if sort in SORTS else BY_DEADLINE
    column = SORTS[sort]
    qs: QuerySet[Case] = Case.objects.filter(_status_filter(status))
    qs = qs.filter(caseworker=user) if scope == MINE else qs.filter(unit_id=membership.unit_id)
    if after:
        key, case_id = _cursor_key(after, sort, membership.unit.municipality_id)
        # The plain ">=" lets the database seek in the index; the OR then only trims the first key.
        qs = qs.filter(**{f"{column}__gte": key}).filter(
            Q(**{f"{column}__gt": key}) | Q(**{column: key, "id__gt": case_id})
        )
    cases = list(qs.select_related("citizen", "caseworker").order_by(column, "id")[: limit + 1])
    has_more = len(cases) > limit
    cases = cases[:limit]
    today = clock.today()
    actions = extensions.next_actions(cases, today=today)
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
            action=actions.get(c.id),
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
    next_cursor = None
    if has_more and cases:
        last = cases[-1]
        if sort == BY_CITIZEN:
            next_cursor = encode_case_cursor(last.id)
        else:
            next_cursor = encode_cursor(getattr(last, column), last.id)
    return WorklistPage(rows=rows, next_cursor=next_cursor, scope=scope, status=status, sort=sort)


def _cursor_key(token: str, sort: str, municipality_id: uuid.UUID) -> tuple[Any, uuid.UUID]:
    """The sort key and id to continue after. BadCursor for a token of another sort or a case that
    is not the municipality's."""
    if sort != BY_CITIZEN:
        return decode_cursor(token)
    case_id = decode_case_cursor(token)
    key = (
        Case.objects.filter(id=case_id, municipality_id=municipality_id)
        .values_list("citizen_sort_name", flat=True)
        .first()
    )
    if key is None:
        raise BadCursor("unknown case")
    return key, case_id


SEARCH_LIMIT = 50
_CPR = re.compile(r"^\d{6}-?\d{4}$")
_BIRTH_DATE = re.compile(r"^\d{6}$")
_CASE_NUMBER = re.compile(r"^(\d{4})-(\d{1,5})$")


@dataclass
class SearchHit:
    citizen: Citizen
    cases: list[Case]


@dataclass
class SearchResult:
    #: "cpr", "birth_date", "case_number" or "name": what the criterion was read as.
    kind: str
    hits: list[SearchHit]
    #: More citizens matched than are shown (SEARCH_LIMIT): the user should narrow the search.
    more: bool
    #: The criterion as the page may repeat it (a CPR number masked).
    criterion: str = ""


def _search_citizens(municipality_id: uuid.UUID, text: str) -> tuple[str, QuerySet[Citizen], str]:
    """What the criterion is, the matching citizens, and the criterion as the access log keeps it (a
    CPR number masked). ValidationError (Danish) for a CPR number with an impossible birth date."""
    citizens = Citizen.objects.filter(municipality_id=municipality_id)
    if _CPR.match(text):
        number = cprlib.normalize(text)
        return "cpr", citizens.filter(cpr=number), f"CPR {cprlib.mask(number)}"
    if _BIRTH_DATE.match(text):
        return "birth_date", citizens.filter(cpr__startswith=text), f"fødselsdato {text}"
    if match := _CASE_NUMBER.match(text):
        number = f"{match[1]}-{int(match[2]):05d}"
        with_case = Case.objects.filter(municipality_id=municipality_id, number=number)
        return "case_number", citizens.filter(cases__in=with_case), f"sagsnummer {number}"
    words = name_search_words(text)
    return "name", citizens_by_name(citizens, words), f"navn: {' '.join(words)}"[:200]


def _shown_cases(hit: SearchHit) -> list[Case | None]:
    """The access-log rows a search hit leaves: one per case shown, or one for a citizen alone."""
    return [*hit.cases] if hit.cases else [None]


@transaction.atomic
def search(*, user: User | AnonymousUser, text: str) -> SearchResult:
    """Citizens of the user's municipality by name, case number, CPR number or birth date (DDMMÅÅ),
    each with their cases, at most SEARCH_LIMIT citizens.

    The search is logged with its criterion (a CPR number masked), and every citizen and case in the
    result is logged as viewed. The result holds no CPR number beyond the masked form.
    """
    membership = require_role(user, *READ_CASES)
    assert isinstance(user, User)
    municipality_id = membership.unit.municipality_id
    kind, citizens_qs, criterion = _search_citizens(municipality_id, " ".join(text.split()))
    if kind != "name":
        # A CPR number, birth date or case number: few citizens, by name (the name search ranks its own).
        citizens_qs = citizens_qs.distinct().order_by("last_name", "first_name", "id")
    citizens = list(
        citizens_qs.prefetch_related(
            Prefetch(
                "cases", queryset=Case.objects.select_related("caseworker").order_by("-received_at", "id")
            )
        )[: SEARCH_LIMIT + 1]
    )
    more = len(citizens) > SEARCH_LIMIT
    hits = [SearchHit(citizen, list(citizen.cases.all())) for citizen in citizens[:SEARCH_LIMIT]]
    access_log(
        user=user,
        action=AccessAction.SEARCH,
        what="søgning",
        municipality=membership.unit.municipality,
        detail=f"{criterion} ({len(hits)}{'+' if more else ''} fundet)",
    )
    now = clock.now()
    AccessLog.objects.bulk_create(
        [
            AccessLog(
                at=now,
                user=user,
                username=user.get_username(),
                municipality_id=municipality_id,
                action=AccessAction.VIEW,
                citizen_id=hit.citizen.id,
                case_id=case.id if case is not None else None,
                what="søgeresultat",
            )
            for hit in hits
            for case in _shown_cases(hit)
        ]
    )
    return SearchResult(kind=kind, hits=hits, more=more, criterion=criterion)


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
