"""Two limits on failed logins, through django-axes (settings.AXES_LOCKOUT_PARAMETERS).

- one user name from one address: VISITATOR_LOGIN_FAILURE_LIMIT failures (guessing one password);
- one address, whatever the user names: that limit x VISITATOR_LOGIN_SPRAY_FACTOR failures (password
  spraying: a few common passwords tried against many user names). Higher, because a town hall's staff
  often share one public address.

Axes keeps a count per lockout parameter and compares the largest (always the address's, which
includes every user name) with one limit; this callable returns the limit that makes that comparison
mean "either limit reached".
"""

from __future__ import annotations

from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest


def _failures(attempts: Any) -> int:
    return int(attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0)


def failure_limit(request: HttpRequest, credentials: dict[str, Any] | None) -> int:
    user_limit = settings.VISITATOR_LOGIN_FAILURE_LIMIT
    address_limit = user_limit * settings.VISITATOR_LOGIN_SPRAY_FACTOR
    attempts = AxesDatabaseHandler().get_user_attempts(request, credentials)
    per_user = per_address = 0
    for parameters, queryset in zip(settings.AXES_LOCKOUT_PARAMETERS, attempts, strict=True):
        if isinstance(parameters, str):
            parameters = [parameters]
        if "username" in parameters:
            per_user = max(per_user, _failures(queryset))
        else:
            per_address = max(per_address, _failures(queryset))
    if per_user >= user_limit:
        # Axes compares the address's count, which includes this user's failures: lock now.
        return max(per_user, 1) if per_address == 0 else per_address
    return address_limit
