"""Reads of grants: permission-filtered, and each citizen shown is in the access log."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser, User
from django.db import transaction
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.utils.translation import gettext_lazy as _

from visitator.audit.models import AccessAction, AccessLog
from visitator.cases.selectors import (
    BadCursor,
    decode_case_cursor,
    decode_cursor,
    encode_case_cursor,
    encode_cursor,
)
from visitator.core import clock
from visitator.offers.models import Offer
from visitator.organisation.roles import READ_CASES, TRANSPORT_OFFICE, require_role

from . import attendance as attendance_rules
from .models import Attendance, Grant, Transport, TransportOrder, weekdays_text

PAGE_SIZE = 25


def _log_rows(
    user: User, municipality_id: uuid.UUID, rows: list[tuple[uuid.UUID, uuid.UUID]], what: str
) -> None:
    now = clock.now()
    AccessLog.objects.bulk_create(
        [
            AccessLog(
                at=now,
                user=user,
                username=user.get_username(),
                municipality_id=municipality_id,
                action=AccessAction.VIEW,
                citizen_id=citizen_id,
                case_id=case_id,
                what=what,
            )
            for citizen_id, case_id in rows
        ]
    )


@dataclass
class FollowUpPage:
    grants: list[Grant]
    next_cursor: str | None
    today: dt.date


@transaction.atomic
def follow_ups_due(
    *, user: User | AnonymousUser, within_days: int = 30, after: str | None = None, limit: int = PAGE_SIZE
) -> FollowUpPage:
    """The unit's running grants whose follow-up is due within `within_days` (overdue first), by date.

    One index range scan on grant_unit_follow_up_due; keyset pagination on (next_follow_up_on, id).
    """
    membership = require_role(user, *READ_CASES)
    assert isinstance(user, User)
    today = clock.today()
    qs = Grant.objects.exclude(status=Grant.Status.STOPPED).filter(
        unit_id=membership.unit_id, next_follow_up_on__lte=today + dt.timedelta(days=within_days)
    )
    if after:
        day, grant_id = decode_cursor(after)
        qs = qs.filter(next_follow_up_on__gte=day).filter(
            Q(next_follow_up_on__gt=day) | Q(next_follow_up_on=day, id__gt=grant_id)
        )
    grants = list(
        qs.select_related("case", "case__citizen", "offer").order_by("next_follow_up_on", "id")[: limit + 1]
    )
    more = len(grants) > limit
    grants = grants[:limit]
    _log_rows(
        user,
        membership.unit.municipality_id,
        [(g.case.citizen_id, g.case_id) for g in grants],
        "opfølgningsliste",
    )
    cursor = encode_cursor(grants[-1].next_follow_up_on, grants[-1].id) if more and grants else None
    return FollowUpPage(grants, cursor, today)


@dataclass
class WaitingRow:
    grant: Grant
    #: The grant's place in its offer's queue (the municipality's waiting grants of that offer, oldest first).
    position: int
    days_waiting: int


@dataclass
class WaitingPage:
    rows: list[WaitingRow]
    next_cursor: str | None
    #: The municipality's offers (for the filter), by name.
    offers: list[Offer]
    offer_id: uuid.UUID | None


def _waiting_position(municipality_id: uuid.UUID) -> Subquery:
    """The row's place in its offer's queue: the waiting grants of the same offer and municipality
    decided before it, plus one. An index range count on grant_offer_status per row shown."""
    earlier = (
        Grant.objects.filter(
            offer_id=OuterRef("offer_id"),
            status=Grant.Status.WAITING,
            case__municipality_id=municipality_id,
            created_at__lte=OuterRef("created_at"),
        )
        .filter(Q(created_at__lt=OuterRef("created_at")) | Q(id__lte=OuterRef("id")))
        .order_by()
        .values("offer_id")
        .annotate(n=Count("id"))
        .values("n")
    )
    return Subquery(earlier, output_field=IntegerField())


@transaction.atomic
def waiting_list(
    *,
    user: User | AnonymousUser,
    offer_id: uuid.UUID | None = None,
    after: str | None = None,
    limit: int = PAGE_SIZE,
) -> WaitingPage:
    """Grants waiting for a place, longest waiting first (optionally one offer's), a page at a time
    (keyset on (created_at, id): the partial index grant_scale_waiting, or grant_offer_status for one
    offer), each with its place in the offer's queue and the days waited. Only the rows shown are read
    and access-logged. BadCursor for a cursor that cannot be read."""
    membership = require_role(user, *READ_CASES)
    assert isinstance(user, User)
    municipality_id = membership.unit.municipality_id
    waiting = Grant.objects.filter(case__municipality_id=municipality_id, status=Grant.Status.WAITING)
    # The municipality's own catalogue (grants are only made to its offers): a small table, where
    # "offers with someone waiting" would read every waiting grant of every municipality.
    offers = list(Offer.objects.filter(provider__municipality_id=municipality_id).order_by("name", "id"))
    if offer_id is not None and not any(o.id == offer_id for o in offers):
        offer_id = None
    qs = waiting.filter(offer_id=offer_id) if offer_id is not None else waiting
    if after:
        key, grant_id = decode_cursor(after)
        if not isinstance(key, dt.datetime):
            raise BadCursor("not a waiting-list cursor")
        qs = qs.filter(created_at__gte=key).filter(Q(created_at__gt=key) | Q(created_at=key, id__gt=grant_id))
    grants = list(
        qs.select_related("case", "case__citizen", "offer")
        .annotate(queue_position=_waiting_position(municipality_id))
        .order_by("created_at", "id")[: limit + 1]
    )
    more = len(grants) > limit
    grants = grants[:limit]
    today = clock.today()
    rows = [WaitingRow(g, g.queue_position, (today - clock.local_date(g.created_at)).days) for g in grants]
    _log_rows(user, municipality_id, [(g.case.citizen_id, g.case_id) for g in grants], "venteliste")
    cursor = encode_cursor(grants[-1].created_at, grants[-1].id) if more and grants else None
    return WaitingPage(rows, cursor, offers, offer_id)


#: How long a stopped grant's transport stays on the office's list after the stop.
TRANSPORT_KEPT_AFTER_STOP = dt.timedelta(days=60)

#: What the transport office sees changed between two versions of an order.
_CHANGE_LABELS = {
    "start_date": _("Gælder fra"),
    "mode": _("Kørsel"),
    "from_address": _("Afhentningsadresse"),
    "to_address": _("Til"),
    "weekdays": _("Ugedage"),
    "arrive_by": _("Fremme kl."),
    "home_at": _("Hjem kl."),
    "mobility": _("Hjælpemidler"),
    "contact_phone": _("Kontakttelefon"),
    "cancelled": _("Afbestilt"),
}


@dataclass(frozen=True)
class TransportChange:
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class TransportRow:
    """One citizen's transport order as the transport office sees it: only what the drive needs
    (name, addresses, days, times, mobility aids, a phone), never goals, health details or CPR."""

    order_id: int
    citizen_name: str
    mode: str
    start_date: dt.date
    from_address: str
    to_address: str
    weekdays: str
    arrive_by: dt.time | None
    home_at: dt.time | None
    mobility: str
    contact_phone: str
    cancelled: bool
    cause: str
    #: "new", "changed", "cancelled" (all waiting for the office's acknowledgement) or "acknowledged".
    state: str
    changes: tuple[TransportChange, ...]
    acknowledged_at: dt.datetime | None
    acknowledged_by: str

    @property
    def needs_acknowledgement(self) -> bool:
        return self.acknowledged_at is None


def mobility_text(aids: list[str], other: str) -> str:
    labels = [str(label) for value, label in Transport.MobilityAid.choices if value in aids]
    if other:
        labels.append(other)
    return ", ".join(labels)


def _time_text(value: dt.time | None) -> str:
    return value.strftime("%H.%M") if value else ""


def _order_values(order: TransportOrder) -> dict[str, str]:
    return {
        "start_date": order.start_date.strftime("%d.%m.%Y"),
        "mode": order.get_mode_display(),
        "from_address": order.from_address,
        "to_address": order.to_address,
        "weekdays": weekdays_text(order.weekdays or []),
        "arrive_by": _time_text(order.arrive_by),
        "home_at": _time_text(order.home_at),
        "mobility": mobility_text(order.mobility_aids or [], order.mobility_other),
        "contact_phone": order.contact_phone,
        "cancelled": str(_("ja") if order.cancelled else _("nej")),
    }


def _user_name(user: User) -> str:
    return user.get_full_name() or user.get_username()


def _transport_row(orders: list[TransportOrder]) -> TransportRow:
    """The row for one grant from its orders (oldest first): the latest is in force; what changed is
    measured against the latest one the office acknowledged."""
    latest = orders[-1]
    acknowledgement = getattr(latest, "acknowledgement", None)
    acknowledged = [o for o in orders[:-1] if getattr(o, "acknowledgement", None) is not None]
    changes: tuple[TransportChange, ...] = ()
    if acknowledgement is not None:
        state = "acknowledged"
    elif latest.cancelled:
        state = "cancelled"
    elif acknowledged:
        state = "changed"
    else:
        state = "new"
    if acknowledgement is None and acknowledged:
        before, after = _order_values(acknowledged[-1]), _order_values(latest)
        changes = tuple(
            TransportChange(str(label), before[name], after[name])
            for name, label in _CHANGE_LABELS.items()
            if before[name] != after[name]
        )
    citizen = latest.grant.case.citizen
    return TransportRow(
        order_id=latest.pk,
        citizen_name=f"{citizen.first_name} {citizen.last_name}",
        mode=latest.get_mode_display(),
        start_date=latest.start_date,
        from_address=latest.from_address,
        to_address=latest.to_address,
        weekdays=weekdays_text(latest.weekdays or []),
        arrive_by=latest.arrive_by,
        home_at=latest.home_at,
        mobility=mobility_text(latest.mobility_aids or [], latest.mobility_other),
        contact_phone=latest.contact_phone,
        cancelled=latest.cancelled,
        cause=latest.get_cause_display(),
        state=state,
        changes=changes,
        acknowledged_at=acknowledgement.at if acknowledgement else None,
        acknowledged_by=_user_name(acknowledgement.by) if acknowledgement else "",
    )


#: Only these columns: the order, the citizen's name, the acknowledgement; never the CPR column.
_TRANSPORT_COLUMNS = (
    *(f.name for f in TransportOrder._meta.concrete_fields if f.name not in ("grant", "ordered_by")),
    "grant_id",
    "ordered_by_id",
    "grant__id",
    "grant__case__id",
    "grant__case__citizen__id",
    "grant__case__citizen__first_name",
    "grant__case__citizen__last_name",
    "acknowledgement__id",
    "acknowledgement__order_id",
    "acknowledgement__at",
    "acknowledgement__by__id",
    "acknowledgement__by__username",
    "acknowledgement__by__first_name",
    "acknowledgement__by__last_name",
)


@dataclass
class TransportPage:
    rows: list[TransportRow]
    #: Orders in force waiting for the office's acknowledgement, in the whole list (not only this page).
    waiting: int
    #: The cursor of the next page (the last grant shown: no personal data), None on the last page.
    next_cursor: str | None


def _orders_in_force(municipality_id: uuid.UUID, today: dt.date) -> QuerySet[TransportOrder]:
    """Each grant's latest order (one row per citizen with transport) in the municipality, without a
    cancelled one the office acknowledged more than TRANSPORT_KEPT_AFTER_STOP ago. The NOT EXISTS
    probes the index transport_order_grant (grant, ordered_at, id) once per order."""
    later = TransportOrder.objects.filter(grant_id=OuterRef("grant_id")).filter(
        Q(ordered_at__gt=OuterRef("ordered_at")) | Q(ordered_at=OuterRef("ordered_at"), id__gt=OuterRef("id"))
    )
    return (
        TransportOrder.objects.filter(grant__case__municipality_id=municipality_id)
        .filter(~Exists(later))
        .exclude(
            cancelled=True,
            acknowledgement__isnull=False,
            start_date__lt=today - TRANSPORT_KEPT_AFTER_STOP,
        )
    )


def _transport_after(in_force: QuerySet[TransportOrder], token: str) -> tuple[Q, Q]:
    """(filter of the waiting section, filter of the acknowledged section) after the cursor's grant.
    BadCursor when the token is not a grant on the list."""
    grant_id = decode_case_cursor(token)
    last = in_force.filter(grant_id=grant_id).values_list("id", "start_date", "acknowledgement__id").first()
    if last is None:
        raise BadCursor("unknown grant")
    order_id, start, acknowledged = last
    if acknowledged is None:
        waiting = Q(start_date__gt=start) | Q(start_date=start, id__gt=order_id)
        return waiting, Q()
    done = Q(start_date__lt=start) | Q(start_date=start, id__lt=order_id)
    return Q(pk__in=[]), done


@transaction.atomic
def transport_orders(
    *, user: User | AnonymousUser, after: str | None = None, limit: int = PAGE_SIZE
) -> TransportPage:
    """The transport office's list: one row per citizen with transport, the order in force. Orders
    waiting for the office's acknowledgement (new, changed, cancelled) first, oldest first; then the
    acknowledged ones, newest start first; a page at a time (the cursor is the last grant shown). A
    stopped grant's transport leaves the list 60 days after the stop once the office has acknowledged
    the cancellation. Each citizen shown is logged; only the page's grants' orders are read."""
    membership = require_role(user, *READ_CASES, TRANSPORT_OFFICE)
    assert isinstance(user, User)
    municipality_id = membership.unit.municipality_id
    in_force = _orders_in_force(municipality_id, clock.today())
    waiting_after, done_after = _transport_after(in_force, after) if after else (Q(), Q())
    pending = in_force.filter(acknowledgement__isnull=True)
    first = list(
        pending.filter(waiting_after)
        .order_by("start_date", "id")
        .values_list("grant_id", flat=True)[: limit + 1]
    )
    then = list(
        in_force.filter(acknowledgement__isnull=False)
        .filter(done_after)
        .order_by("-start_date", "-id")
        .values_list("grant_id", flat=True)[: limit + 1]
    )
    grant_ids = (first + then)[: limit + 1]
    more = len(grant_ids) > limit
    grant_ids = grant_ids[:limit]
    orders = (
        TransportOrder.objects.filter(grant_id__in=grant_ids)
        .select_related("grant__case__citizen", "acknowledgement__by")
        .only(*_TRANSPORT_COLUMNS)
        .order_by("grant_id", "ordered_at", "id")
    )
    by_grant: dict[uuid.UUID, list[TransportOrder]] = {}
    for order in orders:
        by_grant.setdefault(order.grant_id, []).append(order)
    rows = [_transport_row(by_grant[grant_id]) for grant_id in grant_ids]
    shown = [(by_grant[g][-1].grant.case.citizen_id, by_grant[g][-1].grant.case_id) for g in grant_ids]
    _log_rows(user, municipality_id, shown, "kørselsbestillinger")
    cursor = encode_case_cursor(grant_ids[-1]) if more and grant_ids else None
    return TransportPage(rows, pending.count(), cursor)


def transport_order_for_office(*, user: User | AnonymousUser, order_id: int) -> TransportOrder:
    """A transport order of the user's municipality, for the acknowledgement (the service logs it).
    TransportOrder.DoesNotExist for another municipality's order."""
    membership = require_role(user, TRANSPORT_OFFICE)
    return TransportOrder.objects.get(
        pk=order_id, grant__case__municipality_id=membership.unit.municipality_id
    )


# -- attendance, as the caseworker sees it on the grant page ------------------------------------------


@dataclass(frozen=True)
class AttendanceCell:
    day: dt.date
    #: The day is one of the grant's weekdays and the citizen was expected (started, not stopped).
    expected: bool
    status: str
    status_text: str
    reason_text: str


@dataclass(frozen=True)
class AttendanceWeekView:
    monday: dt.date
    cells: tuple[AttendanceCell, ...]

    @property
    def number(self) -> int:
        return self.monday.isocalendar().week

    @property
    def present(self) -> int:
        return sum(1 for c in self.cells if c.status == Attendance.Status.PRESENT)

    @property
    def expected(self) -> int:
        return sum(1 for c in self.cells if c.expected and c.status != Attendance.Status.CLOSED)


def attendance_weeks(
    grants: list[Grant], *, today: dt.date, weeks: int = attendance_rules.CASEWORKER_WEEKS
) -> dict[uuid.UUID, list[AttendanceWeekView]]:
    """The last `weeks` weeks of attendance per grant, newest week first, in one query. The caller
    (the case's grant page) is access-logged by the case view."""
    first = attendance_rules.week_start_of(today) - dt.timedelta(weeks=weeks - 1)
    recorded: dict[tuple[uuid.UUID, dt.date], Attendance] = {}
    for row in Attendance.objects.filter(grant__in=grants, on__gte=first).order_by("on", "at", "id"):
        recorded[(row.grant_id, row.on)] = row
    result: dict[uuid.UUID, list[AttendanceWeekView]] = {}
    for grant in grants:
        views = []
        for n in range(weeks):
            monday = first + dt.timedelta(weeks=weeks - 1 - n)
            cells = []
            for day in attendance_rules.week_days(monday):
                row = recorded.get((grant.id, day))
                cells.append(
                    AttendanceCell(
                        day=day,
                        expected=attendance_rules.day_open(grant, day, today),
                        status=row.status if row else "",
                        status_text=row.get_status_display() if row else "",
                        reason_text=row.get_reason_display() if row and row.reason else "",
                    )
                )
            views.append(AttendanceWeekView(monday, tuple(cells)))
        result[grant.id] = views
    return result


__all__ = [
    "BadCursor",
    "attendance_weeks",
    "mobility_text",
    "follow_ups_due",
    "transport_order_for_office",
    "transport_orders",
    "waiting_list",
]
