"""Reads of grants: permission-filtered, and each citizen shown is in the access log."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser, User
from django.db import transaction
from django.db.models import Q

from visitator.audit.models import AccessAction, AccessLog
from visitator.cases.selectors import BadCursor, decode_cursor, encode_cursor
from visitator.core import clock
from visitator.organisation.roles import READ_CASES, TRANSPORT_OFFICE, require_role

from .models import Grant, TransportOrder

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
    position: int
    days_waiting: int


@transaction.atomic
def waiting_list(*, user: User | AnonymousUser) -> list[WaitingRow]:
    """Grants waiting for a place, per offer in order of decision, with days waited (for managers)."""
    membership = require_role(user, *READ_CASES)
    assert isinstance(user, User)
    grants = list(
        Grant.objects.filter(
            case__municipality_id=membership.unit.municipality_id, status=Grant.Status.WAITING
        )
        .select_related("case", "case__citizen", "offer")
        .order_by("offer__name", "created_at", "id")
    )
    today = clock.today()
    rows: list[WaitingRow] = []
    positions: dict[uuid.UUID, int] = {}
    for grant in grants:
        positions[grant.offer_id] = positions.get(grant.offer_id, 0) + 1
        rows.append(
            WaitingRow(grant, positions[grant.offer_id], (today - clock.local_date(grant.created_at)).days)
        )
    _log_rows(
        user, membership.unit.municipality_id, [(g.case.citizen_id, g.case_id) for g in grants], "venteliste"
    )
    return rows


@transaction.atomic
def transport_orders(*, user: User | AnonymousUser) -> list[TransportOrder]:
    """The transport office's list: orders and cancellations, newest start first."""
    membership = require_role(user, *READ_CASES, TRANSPORT_OFFICE)
    assert isinstance(user, User)
    orders = list(
        TransportOrder.objects.filter(grant__case__municipality_id=membership.unit.municipality_id)
        .select_related("grant", "grant__case", "grant__case__citizen", "grant__offer")
        .order_by("-start_date", "-id")[:200]
    )
    _log_rows(
        user,
        membership.unit.municipality_id,
        [(o.grant.case.citizen_id, o.grant.case_id) for o in orders],
        "kørselsbestillinger",
    )
    return orders


__all__ = ["BadCursor", "follow_ups_due", "transport_orders", "waiting_list"]
