"""Management figures for team leaders: deadline compliance, open cases, load, follow-ups, waiting
lists, capacity, expected cost and complaints, for a period, a unit and an offer.

Definitions (each one is what the page and the exports say):

* **Decided within the deadline**: a case whose first decision date (`Case.decided_on`) is on or
  before its decision deadline (`Case.decision_deadline`, RSL § 3, stk. 2), grouped by the month of
  the decision and the case's unit.
* **Days from receipt to decision**: `decided_on - received_on` in calendar days. The median is the
  middle value (the mean of the two middle values for an even count); the 90th percentile is the
  nearest-rank percentile: the ⌈0.9·n⌉-th smallest value.
* **Notices**: written notices that the deadline could not be kept (`DeadlineNotice`), for the cases
  decided in that month and unit.
* **Open cases by age**: cases awaiting a decision, by days since receipt on the reference day.
* **Follow-ups**: running grants (ordered or active) whose next follow-up date has passed (overdue) or
  falls within the next 30 days (due).
* **Expected cost**: the sum of `Grant.monthly_cost` over grants running in the month (started on or
  before its last day, not stopped before its first day, not on the waiting list).

Every figure is a count or an amount: no citizen is named. The exports suppress counts from 1 to 4
when marked for publication (figures.tables).
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
import statistics
import uuid
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.db import transaction
from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from visitator.audit.models import AccessAction, AccessLog
from visitator.audit.services import access_log
from visitator.cases import extensions
from visitator.cases.models import Case, DeadlineNotice
from visitator.complaints.models import Complaint
from visitator.core import clock
from visitator.grants.models import Grant
from visitator.offers.models import Offer
from visitator.organisation.models import Municipality, Unit
from visitator.organisation.roles import READ_FIGURES, require_role
from visitator.people.history import person_name

RUNNING = (Grant.Status.ORDERED, Grant.Status.ACTIVE)
#: Age bands of open cases, in days since receipt (the last band has no upper end).
AGE_BANDS: tuple[tuple[int, int | None], ...] = ((0, 14), (15, 28), (29, 56), (57, None))
FOLLOW_UP_DUE_DAYS = 30


def median(values: Sequence[int]) -> float | None:
    return float(statistics.median(values)) if values else None


def percentile_nearest_rank(values: Sequence[int], p: int) -> int | None:
    """The ⌈p/100·n⌉-th smallest value (nearest rank); None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(p * len(ordered) / 100))
    return ordered[rank - 1]


def months_between(start: dt.date, end: dt.date) -> list[dt.date]:
    """The first day of every month from start's month to end's month."""
    months = []
    month = start.replace(day=1)
    while month <= end:
        months.append(month)
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return months


def month_end(month: dt.date) -> dt.date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


@dataclass(frozen=True)
class Filters:
    date_from: dt.date
    date_to: dt.date
    unit_id: uuid.UUID | None = None
    offer_id: uuid.UUID | None = None


@dataclass
class ComplianceRow:
    month: dt.date
    unit: str
    decided: int
    within: int
    notices: int
    median_days: float | None
    p90_days: int | None
    unit_id: uuid.UUID | None = None

    @property
    def share(self) -> float | None:
        return self.within / self.decided if self.decided else None


@dataclass
class OfferRow:
    offer: Offer
    places: int
    occupied: int
    waiting: int
    #: Mean days on the waiting list so far, for those waiting on the reference day.
    mean_wait_days: float | None

    @property
    def capacity_use(self) -> float | None:
        return self.occupied / self.places if self.places else None


@dataclass
class Figures:
    filters: Filters
    today: dt.date
    compliance: list[ComplianceRow]
    open_by_age: list[tuple[str, int]]
    open_by_action: list[tuple[str, int]]
    load: list[tuple[str, int]]
    follow_ups_overdue: int
    follow_ups_due: int
    offers: list[OfferRow]
    cost: list[tuple[dt.date, str, Decimal]]
    complaints_received: int
    reconsiderations: list[tuple[str, int]]
    appeal_outcomes: list[tuple[str, int]]
    #: Departures from the standard recorded in the period, by subject: (subject, standard's text, count).
    departures: list[tuple[str, str, int]] = field(default_factory=list)
    units: list[Unit] = field(default_factory=list)
    all_offers: list[Offer] = field(default_factory=list)


def _band_label(low: int, high: int | None) -> str:
    return f"{low}-{high} dage" if high is not None else f"{low} dage og derover"


def _cases(municipality: Municipality, filters: Filters) -> QuerySet[Case]:
    cases = Case.objects.filter(municipality=municipality)
    if filters.unit_id is not None:
        cases = cases.filter(unit_id=filters.unit_id)
    return cases


def compliance(municipality: Municipality, filters: Filters) -> list[ComplianceRow]:
    decided: list[dict[str, Any]] = [
        dict(row)
        for row in _cases(municipality, filters)
        .filter(decided_on__gte=filters.date_from, decided_on__lte=filters.date_to)
        .values("id", "unit_id", "unit__name", "received_on", "decided_on", "decision_deadline")
    ]
    notices = Counter(
        DeadlineNotice.objects.filter(case_id__in=[c["id"] for c in decided]).values_list(
            "case_id", flat=True
        )
    )
    groups: dict[tuple[dt.date, str], list[dict[str, Any]]] = defaultdict(list)
    for case in decided:
        groups[(case["decided_on"].replace(day=1), case["unit__name"])].append(case)
    rows = []
    for (month, unit), cases in sorted(groups.items()):
        days = [(c["decided_on"] - c["received_on"]).days for c in cases]
        rows.append(
            ComplianceRow(
                month=month,
                unit=unit,
                decided=len(cases),
                within=sum(1 for c in cases if c["decided_on"] <= c["decision_deadline"]),
                notices=sum(notices[c["id"]] for c in cases),
                median_days=median(days),
                p90_days=percentile_nearest_rank(days, 90),
                unit_id=cases[0]["unit_id"],
            )
        )
    return rows


def open_cases(
    municipality: Municipality, filters: Filters, today: dt.date
) -> tuple[list[tuple[str, int]], list[tuple[str, int]], list[tuple[str, int]]]:
    """Open cases by age band and by next action, and the load per caseworker."""
    cases = list(_cases(municipality, filters).filter(awaiting_decision=True).select_related("caseworker"))
    ages: Counter[tuple[int, int | None]] = Counter()
    for case in cases:
        age = (today - case.received_on).days
        for low, high in AGE_BANDS:
            if age >= low and (high is None or age <= high):
                ages[(low, high)] += 1
    by_age = [(_band_label(low, high), ages[(low, high)]) for low, high in AGE_BANDS]
    actions = extensions.next_actions(cases, today=today)
    by_action = Counter(actions[c.id].label if c.id in actions else "Ingen" for c in cases)
    load = Counter(person_name(c.caseworker) if c.caseworker else "Ikke fordelt" for c in cases)
    return (
        by_age,
        sorted(by_action.items(), key=lambda item: (-item[1], item[0])),
        sorted(load.items(), key=lambda item: (-item[1], item[0])),
    )


def _grants(municipality: Municipality, filters: Filters) -> QuerySet[Grant]:
    grants = Grant.objects.filter(case__municipality=municipality)
    if filters.unit_id is not None:
        grants = grants.filter(case__unit_id=filters.unit_id)
    if filters.offer_id is not None:
        grants = grants.filter(offer_id=filters.offer_id)
    return grants


def follow_ups(municipality: Municipality, filters: Filters, today: dt.date) -> tuple[int, int]:
    running = _grants(municipality, filters).filter(status__in=RUNNING)
    overdue = running.filter(next_follow_up_on__lt=today).count()
    due = running.filter(
        next_follow_up_on__gte=today, next_follow_up_on__lte=today + dt.timedelta(days=FOLLOW_UP_DUE_DAYS)
    ).count()
    return overdue, due


def offers(municipality: Municipality, filters: Filters, today: dt.date) -> list[OfferRow]:
    chosen = Offer.objects.filter(provider__municipality=municipality).select_related("provider")
    if filters.offer_id is not None:
        chosen = chosen.filter(id=filters.offer_id)
    grants = _grants(municipality, filters)
    counts = {
        row["offer_id"]: row
        for row in grants.values("offer_id").annotate(
            occupied=Count("id", filter=Q(status__in=RUNNING)),
            waiting=Count("id", filter=Q(status=Grant.Status.WAITING)),
        )
    }
    waits: dict[uuid.UUID, list[int]] = defaultdict(list)
    for offer_id, created in grants.filter(status=Grant.Status.WAITING).values_list("offer_id", "created_at"):
        waits[offer_id].append((today - clock.local_date(created)).days)
    rows = []
    for offer in chosen.order_by("name"):
        count = counts.get(offer.id, {})
        wait = waits.get(offer.id, [])
        rows.append(
            OfferRow(
                offer=offer,
                places=offer.places,
                occupied=count.get("occupied", 0),
                waiting=count.get("waiting", 0),
                mean_wait_days=sum(wait) / len(wait) if wait else None,
            )
        )
    return rows


def expected_cost(municipality: Municipality, filters: Filters) -> list[tuple[dt.date, str, Decimal]]:
    grants = list(
        _grants(municipality, filters)
        .exclude(status=Grant.Status.WAITING)
        .values("offer__name", "start_date", "stopped_on", "monthly_cost")
    )
    rows = []
    for month in months_between(filters.date_from, filters.date_to):
        last = month_end(month)
        totals: dict[str, Decimal] = defaultdict(Decimal)
        for grant in grants:
            if grant["start_date"] <= last and (grant["stopped_on"] is None or grant["stopped_on"] >= month):
                totals[grant["offer__name"]] += grant["monthly_cost"]
        rows += [(month, name, total) for name, total in sorted(totals.items())]
    return rows


def complaints(
    municipality: Municipality, filters: Filters
) -> tuple[int, list[tuple[str, int]], list[tuple[str, int]]]:
    received = Complaint.objects.filter(
        municipality=municipality, received_on__gte=filters.date_from, received_on__lte=filters.date_to
    )
    if filters.unit_id is not None:
        received = received.filter(unit_id=filters.unit_id)
    from visitator.complaints.models import AppealOutcome, Reconsideration

    reconsidered = Counter(
        Reconsideration.objects.filter(complaint__in=received).values_list("outcome", flat=True)
    )
    appealed = Counter(AppealOutcome.objects.filter(complaint__in=received).values_list("outcome", flat=True))
    return (
        received.count(),
        [(str(label), reconsidered[value]) for value, label in Reconsideration.Outcome.choices],
        [(str(label), appealed[value]) for value, label in AppealOutcome.Outcome.choices],
    )


def departures(municipality: Municipality, filters: Filters) -> list[tuple[str, str, int]]:
    """Departures from the standard recorded in the period, by what was departed from. Only real
    departures are recorded (`grants.services.grant_departures` records a scope reason only when the
    udredning does not support the scope), so every row counts."""
    from visitator.assessment.models import Departure

    rows = Departure.objects.filter(
        case__municipality=municipality,
        at__gte=_day_start(filters.date_from),
        at__lt=_day_start(filters.date_to + dt.timedelta(days=1)),
    )
    if filters.unit_id is not None:
        rows = rows.filter(case__unit_id=filters.unit_id)
    counted = Counter(rows.values_list("subject", flat=True))
    texts = dict(rows.values_list("subject", "subject_text"))
    return sorted(
        ((subject, texts[subject], n) for subject, n in counted.items()), key=lambda r: (-r[2], r[0])
    )


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


@transaction.atomic
def figures(*, user: User | AnonymousUser, filters: Filters, export: str = "") -> Figures:
    """All the figures for the team leader's municipality; the use is logged (a view, or an export)."""
    membership = require_role(user, *READ_FIGURES)
    municipality = membership.unit.municipality
    today = clock.today()
    by_age, by_action, load = open_cases(municipality, filters, today)
    overdue, due = follow_ups(municipality, filters, today)
    received, reconsiderations, appeals = complaints(municipality, filters)
    access_log(
        user=user,
        action=AccessAction.EXPORT if export else AccessAction.VIEW,
        what="ledelsestal",
        municipality=municipality,
        detail=(
            f"{export + ': ' if export else ''}periode {filters.date_from.isoformat()}–"
            f"{filters.date_to.isoformat()}"
            + (f", enhed {filters.unit_id}" if filters.unit_id else "")
            + (f", tilbud {filters.offer_id}" if filters.offer_id else "")
        ),
    )
    return Figures(
        filters=filters,
        today=today,
        compliance=compliance(municipality, filters),
        open_by_age=by_age,
        open_by_action=by_action,
        load=load,
        follow_ups_overdue=overdue,
        follow_ups_due=due,
        offers=offers(municipality, filters, today),
        cost=expected_cost(municipality, filters),
        complaints_received=received,
        reconsiderations=reconsiderations,
        appeal_outcomes=appeals,
        departures=departures(municipality, filters),
        units=list(Unit.objects.filter(municipality=municipality).order_by("name")),
        all_offers=list(Offer.objects.filter(provider__municipality=municipality).order_by("name")),
    )


DECIDED = "afgjort"
LATE = "for-sent"
OPEN = "aabne"
DRILLDOWN_KINDS = (DECIDED, LATE, OPEN)
DRILLDOWN_LIMIT = 500


@transaction.atomic
def drilldown(
    *,
    user: User | AnonymousUser,
    kind: str,
    month: dt.date | None = None,
    unit_id: uuid.UUID | None = None,
    band: int | None = None,
) -> list[Case]:
    """The cases behind a number on the figures page: decided (or decided late) in a month and unit,
    or open in an age band (all open cases without one). Each case shown is logged as viewed."""
    membership = require_role(user, *READ_FIGURES)
    assert isinstance(user, User)
    municipality = membership.unit.municipality
    today = clock.today()
    cases = Case.objects.filter(municipality=municipality).select_related("caseworker", "unit")
    if unit_id is not None:
        cases = cases.filter(unit_id=unit_id)
    if kind in (DECIDED, LATE):
        start = (month or today).replace(day=1)
        cases = cases.filter(decided_on__gte=start, decided_on__lte=month_end(start))
        if kind == LATE:
            cases = cases.filter(decided_on__gt=F("decision_deadline"))
        cases = cases.order_by("decided_on", "number")
    else:
        cases = cases.filter(awaiting_decision=True)
        if band is not None and 0 <= band < len(AGE_BANDS):
            low, high = AGE_BANDS[band]
            cases = cases.filter(received_on__lte=today - dt.timedelta(days=low))
            if high is not None:
                cases = cases.filter(received_on__gte=today - dt.timedelta(days=high))
        cases = cases.order_by("received_on", "number")
    shown = list(cases[:DRILLDOWN_LIMIT])
    now = clock.now()
    AccessLog.objects.bulk_create(
        [
            AccessLog(
                at=now,
                user=user,
                username=user.get_username(),
                municipality_id=municipality.id,
                action=AccessAction.VIEW,
                citizen_id=case.citizen_id,
                case_id=case.id,
                what="ledelsestal: sager",
            )
            for case in shown
        ]
    )
    return shown
