"""The data protection officer's reads of the access log: search, rows, export, unusual patterns.

Datatilsynet (catalogue of measures, 2023) asks that the log of users' use of personal data is itself
read by someone who checks it; the DPO's own searches and exports are therefore logged like any other
use ("dpo: …"), with the criterion (a CPR number masked).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser, User
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from visitator.audit.models import AccessAction, AccessLog
from visitator.audit.services import access_log
from visitator.cases.models import Case
from visitator.organisation.models import Municipality, Unit
from visitator.organisation.roles import READ_ACCESS_LOG, require_role
from visitator.people import cpr as cprlib
from visitator.people.history import person_name
from visitator.people.models import Citizen

#: The most rows a search shows on the page; the export has them all.
PAGE_LIMIT = 500
#: A user who viewed at least this many citizens outside their own cases in the period is listed.
UNUSUAL_THRESHOLD = 10


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


@dataclass(frozen=True)
class LogQuery:
    """What the DPO searches for. Every part is optional; the period is inclusive."""

    citizen_id: uuid.UUID | None = None
    username: str = ""
    unit_id: uuid.UUID | None = None
    action: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    #: The criterion as the log keeps it (a CPR number masked), when the citizen was found by CPR.
    citizen_label: str = ""

    def apply(self, rows: QuerySet[AccessLog]) -> QuerySet[AccessLog]:
        if self.citizen_id is not None:
            rows = rows.filter(citizen_id=self.citizen_id)
        if self.username:
            rows = rows.filter(username=self.username)
        if self.unit_id is not None:
            rows = rows.filter(user__membership__unit_id=self.unit_id)
        if self.action:
            rows = rows.filter(action=self.action)
        if self.date_from is not None:
            rows = rows.filter(at__gte=_day_start(self.date_from))
        if self.date_to is not None:
            rows = rows.filter(at__lt=_day_start(self.date_to + dt.timedelta(days=1)))
        return rows

    def describe(self) -> str:
        """The criterion for the access log: never a full CPR number."""
        parts = []
        if self.citizen_id is not None:
            parts.append(self.citizen_label or f"borger {self.citizen_id}")
        if self.username:
            parts.append(f"bruger {self.username}")
        if self.unit_id is not None:
            parts.append(f"enhed {self.unit_id}")
        if self.action:
            parts.append(f"handling {self.action}")
        if self.date_from or self.date_to:
            start = self.date_from.isoformat() if self.date_from else "…"
            end = self.date_to.isoformat() if self.date_to else "…"
            parts.append(f"periode {start}–{end}")
        return "; ".join(parts) or "alle"


@dataclass
class LogRowView:
    row: AccessLog
    #: The employee's name (the DPO's full extract carries names; the citizen's extract does not).
    employee: str
    unit: str
    citizen: str
    case_number: str


@dataclass
class SearchResult:
    rows: list[LogRowView]
    total: int
    query: LogQuery
    #: A CPR number was given but no citizen of the municipality has it.
    citizen_not_found: bool = False


def citizen_by_cpr(municipality: Municipality, cpr: str) -> Citizen | None:
    """The municipality's citizen with this CPR number (ValidationError for a malformed number)."""
    return Citizen.objects.filter(municipality=municipality, cpr=cprlib.normalize(cpr)).first()


def _rows(municipality: Municipality, query: LogQuery) -> QuerySet[AccessLog]:
    return query.apply(AccessLog.objects.filter(municipality=municipality)).order_by("-at", "-id")


def _views(rows: list[AccessLog]) -> list[LogRowView]:
    users = {
        u.id: u
        for u in User.objects.filter(id__in={r.user_id for r in rows if r.user_id}).select_related(
            "membership__unit"
        )
    }
    citizens = {c.id: c for c in Citizen.objects.filter(id__in={r.citizen_id for r in rows if r.citizen_id})}
    cases = dict(
        Case.objects.filter(id__in={r.case_id for r in rows if r.case_id}).values_list("id", "number")
    )
    views = []
    for row in rows:
        user = users.get(row.user_id) if row.user_id else None
        citizen = citizens.get(row.citizen_id) if row.citizen_id else None
        views.append(
            LogRowView(
                row=row,
                employee=person_name(user) if user else row.username,
                unit=_unit_name(user) if user else "",
                citizen=f"{citizen.first_name} {citizen.last_name}" if citizen else "",
                case_number=cases.get(row.case_id, "") if row.case_id else "",
            )
        )
    return views


def _unit_name(user: User) -> str:
    membership = getattr(user, "membership", None)
    return membership.unit.name if membership is not None else ""


def _search_citizen(municipality: Municipality, query: LogQuery) -> Citizen | None:
    if query.citizen_id is None:
        return None
    return Citizen.objects.filter(municipality=municipality, id=query.citizen_id).first()


@transaction.atomic
def log_search(*, user: User | AnonymousUser, query: LogQuery, limit: int = PAGE_LIMIT) -> SearchResult:
    """The rows of the DPO's municipality that match, newest first (at most `limit` shown). The search
    is itself logged with its criterion."""
    membership = require_role(user, *READ_ACCESS_LOG)
    municipality = membership.unit.municipality
    rows = _rows(municipality, query)
    total = rows.count()
    shown = list(rows[:limit])
    access_log(
        user=user,
        action=AccessAction.SEARCH,
        what="dpo: adgangslog, søgning",
        municipality=municipality,
        citizen=_search_citizen(municipality, query),
        detail=f"{query.describe()} ({total} rækker)",
    )
    return SearchResult(rows=_views(shown), total=total, query=query)


@transaction.atomic
def log_export(*, user: User | AnonymousUser, query: LogQuery, file_format: str) -> list[LogRowView]:
    """Every matching row, for a CSV or XLSX file; the export is logged with its criterion."""
    membership = require_role(user, *READ_ACCESS_LOG)
    municipality = membership.unit.municipality
    rows = list(_rows(municipality, query))
    access_log(
        user=user,
        action=AccessAction.EXPORT,
        what="dpo: adgangslog, eksport",
        municipality=municipality,
        citizen=_search_citizen(municipality, query),
        detail=f"{file_format}: {query.describe()} ({len(rows)} rækker)",
    )
    return _views(rows)


def units(*, user: User | AnonymousUser) -> list[Unit]:
    membership = require_role(user, *READ_ACCESS_LOG)
    return list(Unit.objects.filter(municipality_id=membership.unit.municipality_id).order_by("name"))


@dataclass
class UnusualUser:
    user_id: int
    username: str
    name: str
    unit: str
    #: Distinct citizens the user viewed in the period that have no case with the user as caseworker.
    outside_own_cases: int
    #: Distinct citizens viewed in the period, all told.
    citizens_viewed: int
    #: The busiest day (most such citizens) and its count.
    top_day: dt.date | None = None
    top_day_count: int = 0
    examples: list[str] = field(default_factory=list)


@transaction.atomic
def unusual_patterns(
    *,
    user: User | AnonymousUser,
    date_from: dt.date,
    date_to: dt.date,
    threshold: int = UNUSUAL_THRESHOLD,
) -> list[UnusualUser]:
    """Users who viewed at least `threshold` distinct citizens in the period that are in none of their
    own cases (a case where they are the caseworker), most first.

    A lead for the DPO to look into, not a finding: a team leader or a colleague covering for someone
    has good reasons to open other caseworkers' cases. Searches are not counted (a search shows many
    citizens by design); views, downloads, exports and changes are.
    """
    membership = require_role(user, *READ_ACCESS_LOG)
    municipality = membership.unit.municipality
    uses = (
        AccessLog.objects.filter(
            municipality=municipality,
            at__gte=_day_start(date_from),
            at__lt=_day_start(date_to + dt.timedelta(days=1)),
            citizen_id__isnull=False,
            user_id__isnull=False,
        )
        .exclude(action=AccessAction.SEARCH)
        .exclude(what__startswith="dpo:")
        .values_list("user_id", "citizen_id", "at")
    )
    viewed: dict[int, set[uuid.UUID]] = defaultdict(set)
    first_seen: dict[tuple[int, uuid.UUID], dt.datetime] = {}
    for user_id, citizen_id, at in uses.iterator():
        viewed[user_id].add(citizen_id)
        key = (user_id, citizen_id)
        if key not in first_seen or at < first_seen[key]:
            first_seen[key] = at
    own = set(
        Case.objects.filter(municipality=municipality, caseworker_id__in=list(viewed)).values_list(
            "caseworker_id", "citizen_id"
        )
    )
    found = []
    for user_id, citizens in viewed.items():
        outside = {c for c in citizens if (user_id, c) not in own}
        if len(outside) < threshold:
            continue
        days = Counter(timezone.localdate(first_seen[(user_id, c)]) for c in outside)
        top_day, top_count = min(days.items(), key=lambda item: (-item[1], item[0]))
        found.append((user_id, len(outside), len(citizens), top_day, top_count))
    users = {
        u.id: u for u in User.objects.filter(id__in=[f[0] for f in found]).select_related("membership__unit")
    }
    report = [
        UnusualUser(
            user_id=user_id,
            username=users[user_id].get_username(),
            name=person_name(users[user_id]),
            unit=_unit_name(users[user_id]),
            outside_own_cases=outside,
            citizens_viewed=total,
            top_day=top_day,
            top_day_count=top_count,
        )
        for user_id, outside, total, top_day, top_count in found
    ]
    report.sort(key=lambda u: (-u.outside_own_cases, u.username))
    access_log(
        user=user,
        action=AccessAction.VIEW,
        what="dpo: usædvanlige mønstre",
        municipality=municipality,
        detail=(
            f"periode {date_from.isoformat()}–{date_to.isoformat()}, grænse {threshold} "
            f"({len(report)} brugere)"
        ),
    )
    return report
