"""Writing to the logs. Call these inside the same transaction as the change they describe."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from visitator.core import clock

from .models import AccessAction, AccessLog, Event


def _row(*, user: Any, municipality: Any, citizen: Any, case: Any) -> dict[str, Any]:
    """The fields every log row shares. Citizen and municipality default to the case's."""
    anonymous = user is None or not user.is_authenticated
    if municipality is None:
        municipality = getattr(case, "municipality", None) or getattr(citizen, "municipality", None)
    return {
        "at": clock.now(),
        "user": None if anonymous else user,
        "username": "system" if anonymous else user.get_username(),
        "municipality": municipality,
        "citizen": citizen if citizen is not None else getattr(case, "citizen", None),
        "case": case,
    }


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
    return AccessLog.objects.create(
        **_row(user=user, municipality=municipality, citizen=citizen, case=case),
        action=str(action),
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
    return Event.objects.create(
        **_row(user=user, municipality=municipality, citizen=citizen, case=case),
        kind=kind,
        before=before,
        after=after,
    )
