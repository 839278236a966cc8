"""Reads of reminders: only one's own, and every citizen shown is access-logged (like the worklist)."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User
from django.db import transaction

from visitator.audit.models import AccessAction, AccessLog
from visitator.core import clock
from visitator.organisation.roles import require_role

from .models import Notification

#: The page shows at most this many reminders (unread first, then the newest read ones).
PAGE_LIMIT = 200
#: The roles that receive reminders (the sweep writes to caseworkers and team leaders only).
STAFF_ROLES = ("sagsbehandler", "teamleder")


def unread_count(user: User | AnonymousUser) -> int:
    """How many unread reminders the user has (the header badge; shows no personal data)."""
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True).count()


@transaction.atomic
def notifications_for(*, user: User | AnonymousUser) -> list[Notification]:
    """The user's own reminders, unread first, by due date; each citizen shown is logged."""
    membership = require_role(user, *STAFF_ROLES)
    assert isinstance(user, User)
    rows = list(
        Notification.objects.filter(recipient=user, municipality_id=membership.unit.municipality_id)
        .select_related("case__citizen")
        .order_by("read_at", "due_on", "id")[:PAGE_LIMIT]
    )
    # Unread (read_at NULL) first on both databases: NULLs sort last on PostgreSQL, first on SQLite.
    rows.sort(key=lambda n: (n.read_at is not None, n.due_on, str(n.id)))
    now = clock.now()
    AccessLog.objects.bulk_create(
        [
            AccessLog(
                at=now,
                user=user,
                username=user.get_username(),
                municipality_id=membership.unit.municipality_id,
                action=AccessAction.VIEW,
                citizen_id=n.case.citizen_id,
                case_id=n.case_id,
                what="påmindelser",
            )
            for n in rows
        ]
    )
    return rows
