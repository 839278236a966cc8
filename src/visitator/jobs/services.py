"""Writes on reminders: marking one's own as read (the only change a person makes to them)."""

from __future__ import annotations

import uuid

from django.contrib.auth.models import AnonymousUser, User
from django.db import transaction

from visitator.core import clock
from visitator.organisation.roles import require_role

from .models import Notification
from .selectors import STAFF_ROLES


@transaction.atomic
def notification_mark_read(*, user: User | AnonymousUser, notification_id: uuid.UUID) -> Notification:
    """Mark one of the user's own reminders as read (Notification.DoesNotExist for anyone else's).
    Marking it again changes nothing: the first read time stays."""
    require_role(user, *STAFF_ROLES)
    notification = Notification.objects.select_for_update().get(id=notification_id, recipient_id=user.pk)
    if notification.read_at is None:
        notification.read_at = clock.now()
        notification.save(update_fields=["read_at"])
    return notification


@transaction.atomic
def notifications_mark_all_read(*, user: User | AnonymousUser) -> int:
    require_role(user, *STAFF_ROLES)
    return Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True).update(read_at=clock.now())
