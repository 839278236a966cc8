"""Reads for provider staff (leverandør / tilbud).

Provider staff see only the citizens ordered to their own provider's offers (grants that are ordered
or active; a grant on the waiting list is not ordered yet). Of the citizen they see the name and
nothing else: no CPR number, no address, no assessment, findings, health details, journal notes,
documents or letters. To make that hard to get wrong, these selectors return plain view objects
(dataclasses) that carry only what the provider may see; the templates never get a Case or Citizen.

Every read of a citizen's data leaves one access-log row per citizen shown. The provider's writes
(accepting the order, attendance, progress on goals) are the services in visitator.grants.services,
which log themselves.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from visitator.audit.models import AccessAction, AccessLog
from visitator.cases.selectors import BadCursor, decode_case_cursor, encode_case_cursor
from visitator.core import clock
from visitator.grants import attendance as attendance_rules
from visitator.grants.models import (
    Attendance,
    AttendanceWeek,
    Goal,
    GoalProgress,
    Grant,
    Order,
    ProviderMembership,
    weekdays_text,
)
from visitator.grants.services import attendance_in_week, attendance_week_grants
from visitator.offers.models import Provider
from visitator.organisation.roles import PROVIDER, has_role

#: The grants a provider sees: ordered to it (awaiting its acceptance) or running.
VISIBLE_STATUSES = (Grant.Status.ORDERED, Grant.Status.ACTIVE)
#: How far back the grant page shows attendance.
ATTENDANCE_DAYS = 30

LIST_WHAT = "leverandør: borgerliste"
DETAIL_WHAT = "leverandør: bevilling"
WEEK_WHAT = "leverandør: fremmøde, uge"

#: Only these columns are read: the citizen's name and the grant's terms, never the CPR number.
_GRANT_COLUMNS = (
    "id",
    "status",
    "start_date",
    "days_per_week",
    "weekdays",
    "day_part",
    "purpose",
    "created_at",
    "case__id",
    "case__municipality_id",
    "case__citizen__id",
    "case__citizen__first_name",
    "case__citizen__last_name",
    "offer__id",
    "offer__provider_id",
    "offer__name",
    "offer__address_line",
    "offer__postcode",
    "offer__city",
    "transport__id",
    "transport__mode",
    "transport__weekdays",
)


def provider_of(user: User | AnonymousUser) -> Provider:
    """The provider the user works for. PermissionDenied unless the user has the provider role and a
    provider membership (so caseworkers never use the provider pages)."""
    if not user.is_authenticated or not has_role(user, PROVIDER):
        raise PermissionDenied(_("Du har ikke adgang til denne funktion."))
    membership = ProviderMembership.objects.select_related("provider").filter(user_id=user.pk).first()
    if membership is None:
        raise PermissionDenied(_("Du er ikke tilknyttet en leverandør."))
    return membership.provider


def _grants(provider: Provider) -> QuerySet[Grant]:
    return (
        Grant.objects.filter(offer__provider=provider, status__in=VISIBLE_STATUSES)
        .select_related("case__citizen", "offer", "transport")
        .only(*_GRANT_COLUMNS)
    )


# -- view objects -----------------------------------------------------------------------------------


def status_text(status: str) -> str:
    if status == Grant.Status.ORDERED:
        return _("Ny bestilling – afventer jeres accept")
    return str(Grant.Status(status).label)


@dataclass(frozen=True)
class TransportView:
    mode: str
    weekdays: str
    to_address: str
    #: The transport office picks the citizen up (municipal transport or taxi).
    picked_up: bool


@dataclass(frozen=True)
class GrantRow:
    """One citizen on the provider's list."""

    grant_id: uuid.UUID
    citizen_name: str
    offer_name: str
    scope: str
    start_date: dt.date
    status: str
    status_text: str
    transport: TransportView | None

    @property
    def awaiting_acceptance(self) -> bool:
        return self.status == Grant.Status.ORDERED


@dataclass(frozen=True)
class ProgressView:
    at: dt.datetime
    text: str
    by: str
    #: The writer's organisation: the provider, or the municipality's unit.
    organisation: str
    by_provider: bool


@dataclass(frozen=True)
class GoalView:
    goal_id: int
    goal_type: str
    description: str
    target_date: dt.date
    progress: tuple[ProgressView, ...]


@dataclass(frozen=True)
class AttendanceView:
    on: dt.date
    status: str
    status_text: str
    reason_text: str
    by: str


@dataclass(frozen=True)
class GrantPage:
    """What the provider sees of one grant."""

    row: GrantRow
    offer_address: str
    purpose: str
    goals: tuple[GoalView, ...]
    #: The order waiting for the provider's acceptance, if any.
    pending_order_id: int | None
    #: The start date the provider accepted, if the order is accepted.
    accepted_start: dt.date | None
    attendance: tuple[AttendanceView, ...] = field(default_factory=tuple)
    attendance_from: dt.date | None = None

    @property
    def can_record_attendance(self) -> bool:
        return self.row.status == Grant.Status.ACTIVE


def _offer_address(grant: Grant) -> str:
    offer = grant.offer
    return ", ".join(p for p in [offer.address_line, f"{offer.postcode} {offer.city}".strip()] if p)


def _row(grant: Grant) -> GrantRow:
    citizen = grant.case.citizen
    try:
        transport = grant.transport
    except Grant.transport.RelatedObjectDoesNotExist:
        transport_view = None
    else:
        transport_view = TransportView(
            mode=transport.get_mode_display(),
            weekdays=weekdays_text(transport.weekdays or grant.granted_weekdays),
            to_address=_offer_address(grant),
            picked_up=transport.picked_up,
        )
    return GrantRow(
        grant_id=grant.id,
        citizen_name=f"{citizen.first_name} {citizen.last_name}",
        offer_name=grant.offer.name,
        scope=grant.scope_text,
        start_date=grant.start_date,
        status=grant.status,
        status_text=status_text(grant.status),
        transport=transport_view,
    )


def _name(user: User) -> str:
    return user.get_full_name() or user.get_username()


def _log_views(user: User, grants: list[Grant], what: str) -> None:
    """One access-log row per citizen shown, in one INSERT."""
    now = clock.now()
    AccessLog.objects.bulk_create(
        [
            AccessLog(
                at=now,
                user=user,
                username=user.get_username(),
                municipality_id=g.case.municipality_id,
                citizen_id=g.case.citizen_id,
                case_id=g.case_id,
                action=AccessAction.VIEW,
                what=what,
            )
            for g in grants
        ]
    )


# -- selectors --------------------------------------------------------------------------------------


#: Rows on one page of the provider's list.
PAGE_SIZE = 25


@dataclass(frozen=True)
class GrantListPage:
    provider: Provider
    rows: list[GrantRow]
    #: The cursor of the next page (the last grant shown, no personal data), None on the last page.
    next_cursor: str | None


def _after(provider: Provider, token: str) -> Q:
    """The rows after the cursor's grant in the list's order (new orders first, then start date, id).
    BadCursor when the token is not a grant on this provider's list."""
    grant_id = decode_case_cursor(token)
    last = _grants(provider).filter(id=grant_id).values_list("status", "start_date").first()
    if last is None:
        raise BadCursor("unknown grant")
    status, start = last
    later = Q(status=status) & (Q(start_date__gt=start) | Q(start_date=start, id__gt=grant_id))
    return later | Q(status=Grant.Status.ACTIVE) if status == Grant.Status.ORDERED else later


@transaction.atomic
def grant_list(
    *, user: User | AnonymousUser, after: str | None = None, limit: int = PAGE_SIZE
) -> GrantListPage:
    """The citizens ordered to the user's provider: new orders first, then by start date, a page at a
    time (keyset on (new order, start date, id)).

    A fixed number of queries whatever the number of citizens; each citizen shown is logged as viewed.
    BadCursor for a cursor that is not one of this list's grants.
    """
    provider = provider_of(user)
    assert isinstance(user, User)
    qs = _grants(provider)
    if after:
        qs = qs.filter(_after(provider, after))
    # "ordered" sorts after "active": descending puts the new orders, waiting for an answer, first.
    grants = list(qs.order_by("-status", "start_date", "id")[: limit + 1])
    more = len(grants) > limit
    grants = grants[:limit]
    _log_views(user, grants, LIST_WHAT)
    cursor = encode_case_cursor(grants[-1].id) if more and grants else None
    return GrantListPage(provider, [_row(g) for g in grants], cursor)


def grant_for_provider(*, user: User | AnonymousUser, grant_id: uuid.UUID) -> Grant:
    """One grant ordered to the user's provider, for a write (the service logs the write).

    Grant.DoesNotExist for another provider's grant, or one not ordered (the view answers 404).
    """
    provider = provider_of(user)
    return Grant.objects.select_related("offer", "case").get(
        id=grant_id, offer__provider=provider, status__in=VISIBLE_STATUSES
    )


def goal_for_provider(*, user: User | AnonymousUser, grant_id: uuid.UUID, goal_id: int) -> Goal:
    """One goal of a grant ordered to the user's provider (Goal.DoesNotExist otherwise)."""
    provider = provider_of(user)
    return Goal.objects.select_related("grant__offer", "grant__case").get(
        id=goal_id,
        grant_id=grant_id,
        grant__offer__provider=provider,
        grant__status__in=VISIBLE_STATUSES,
    )


@transaction.atomic
def grant_page(*, user: User | AnonymousUser, grant_id: uuid.UUID) -> GrantPage:
    """One grant ordered to the user's provider, logged as viewed (Grant.DoesNotExist otherwise)."""
    provider = provider_of(user)
    assert isinstance(user, User)
    since = clock.today() - dt.timedelta(days=ATTENDANCE_DAYS)
    grant = (
        _grants(provider)
        .prefetch_related(
            Prefetch(
                "goals",
                queryset=Goal.objects.prefetch_related(
                    # Only what is meant for the provider: its own notes and the caseworker's notes
                    # marked "til leverandøren"; the rest of a follow-up is internal.
                    Prefetch(
                        "progress",
                        queryset=GoalProgress.objects.filter(
                            Q(by_provider=True) | Q(for_provider=True)
                        ).select_related("by"),
                    )
                ),
            ),
            Prefetch("orders", queryset=Order.objects.prefetch_related("acceptances")),
            Prefetch(
                "attendance",
                queryset=Attendance.objects.filter(on__gte=since).select_related("by"),
                to_attr="recent_attendance",
            ),
        )
        .get(id=grant_id)
    )
    _log_views(user, [grant], DETAIL_WHAT)
    orders = list(grant.orders.all())
    latest = orders[-1] if orders else None
    acceptances = list(latest.acceptances.all()) if latest else []
    # The latest row for a day counts (rows are ordered by day, then time of recording).
    by_day: dict[dt.date, Attendance] = {}
    for row in grant.recent_attendance:
        by_day[row.on] = row
    return GrantPage(
        row=_row(grant),
        offer_address=_offer_address(grant),
        purpose=grant.purpose,
        goals=tuple(
            GoalView(
                goal_id=goal.id,
                goal_type=goal.goal_type_display,
                description=goal.description,
                target_date=goal.target_date,
                progress=tuple(
                    ProgressView(
                        at=p.at,
                        text=p.text,
                        by=_name(p.by),
                        organisation=p.by_organisation,
                        by_provider=p.by_provider,
                    )
                    for p in goal.progress.all()
                ),
            )
            for goal in grant.goals.all()
        ),
        pending_order_id=latest.id if latest and not acceptances else None,
        accepted_start=acceptances[-1].start_date if acceptances else None,
        attendance=tuple(
            AttendanceView(
                on=day,
                status=row.status,
                status_text=row.get_status_display(),
                reason_text=row.get_reason_display() if row.reason else "",
                by=_name(row.by),
            )
            for day, row in sorted(by_day.items(), reverse=True)
        ),
        attendance_from=since,
    )


# -- the weekly attendance grid ---------------------------------------------------------------------


@dataclass(frozen=True)
class GridCell:
    day: dt.date
    #: Attendance can be recorded for the day (a granted weekday, started, not in the future).
    open: bool
    status_field: str
    reason_field: str
    status: str
    reason: str
    status_text: str
    reason_text: str


@dataclass(frozen=True)
class GridRow:
    grant_id: uuid.UUID
    citizen_name: str
    offer_name: str
    weekdays: str
    cells: tuple[GridCell, ...]


@dataclass(frozen=True)
class WeekGrid:
    """One provider's attendance for one week: a row per citizen, a column per weekday."""

    provider_name: str
    monday: dt.date
    version: int
    rows: tuple[GridRow, ...]
    updated_at: dt.datetime | None
    updated_by: str
    is_current_week: bool

    @property
    def days(self) -> list[dt.date]:
        return attendance_rules.week_days(self.monday)

    @property
    def year(self) -> int:
        return self.monday.isocalendar().year

    @property
    def number(self) -> int:
        return self.monday.isocalendar().week

    @property
    def friday(self) -> dt.date:
        return self.monday + dt.timedelta(days=4)

    @property
    def previous(self) -> dt.date:
        return self.monday - dt.timedelta(weeks=1)

    @property
    def next(self) -> dt.date | None:
        return None if self.is_current_week else self.monday + dt.timedelta(weeks=1)

    @property
    def open_cells(self) -> list[GridCell]:
        return [cell for row in self.rows for cell in row.cells if cell.open]


@transaction.atomic
def attendance_week(*, user: User | AnonymousUser, monday: dt.date) -> WeekGrid:
    """The provider's grid for the week that begins `monday`. Each citizen shown is logged."""
    provider = provider_of(user)
    assert isinstance(user, User)
    today = clock.today()
    grants = attendance_week_grants(provider, monday)
    recorded = attendance_in_week(grants, monday)
    lock = (
        AttendanceWeek.objects.filter(provider=provider, week_start=monday)
        .select_related("updated_by")
        .first()
    )
    rows = []
    for grant in grants:
        citizen = grant.case.citizen
        cells = []
        for day in attendance_rules.week_days(monday):
            row = recorded.get((grant.id, day))
            cells.append(
                GridCell(
                    day=day,
                    open=attendance_rules.day_open(grant, day, today),
                    status_field=attendance_rules.cell_name(grant.id, day, "s"),
                    reason_field=attendance_rules.cell_name(grant.id, day, "r"),
                    status=row.status if row else "",
                    reason=row.reason if row else "",
                    status_text=row.get_status_display() if row else "",
                    reason_text=row.get_reason_display() if row and row.reason else "",
                )
            )
        rows.append(
            GridRow(
                grant_id=grant.id,
                citizen_name=f"{citizen.first_name} {citizen.last_name}",
                offer_name=grant.offer.name,
                weekdays=grant.weekdays_text,
                cells=tuple(cells),
            )
        )
    _log_views(user, grants, WEEK_WHAT)
    return WeekGrid(
        provider_name=provider.name,
        monday=monday,
        version=lock.version if lock else 0,
        rows=tuple(rows),
        updated_at=lock.updated_at if lock else None,
        updated_by=_name(lock.updated_by) if lock and lock.updated_by else "",
        is_current_week=monday == attendance_rules.week_start_of(today),
    )
