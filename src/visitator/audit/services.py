"""Writing to the logs. Call these inside the same transaction as the change they describe."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from visitator.core import clock

from .models import AccessAction, AccessLog, Event


def _who(user: AbstractBaseUser | AnonymousUser | None) -> tuple[Any, str]:
    if user is None or not user.is_authenticated:
        return None, "system"
    return user, user.get_username()


def access_log(
    *,
    user: AbstractBaseUser | AnonymousUser | None,
    action: AccessAction | str,
    what: str,
    municipality: Any = None,
    citizen: Any = None,
    case: Any = None,
    detail: str = "",
) -> AccessLog:
    """Record one use of personal data. `detail` must never hold a full CPR number (see people.cpr.mask)."""
    who, username = _who(user)
    if municipality is None:
        municipality = getattr(case, "municipality", None) or getattr(citizen, "municipality", None)
    return AccessLog.objects.create(
        at=clock.now(),
        user=who,
        username=username,
        municipality=municipality,
        action=str(action),
        citizen=citizen if citizen is not None else getattr(case, "citizen", None),
        case=case,
        what=what,
        detail=detail[:500],
    )


def event_record(
    *,
    user: AbstractBaseUser | AnonymousUser | None,
    kind: str,
    municipality: Any = None,
    citizen: Any = None,
    case: Any = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> Event:
    who, username = _who(user)
    if municipality is None:
        municipality = getattr(case, "municipality", None) or getattr(citizen, "municipality", None)
    return Event.objects.create(
        at=clock.now(),
        user=who,
        username=username,
        municipality=municipality,
        kind=kind,
        citizen=citizen if citizen is not None else getattr(case, "citizen", None),
        case=case,
        before=before,
        after=after,
    )
