from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def locked_out(request: HttpRequest, credentials: Any = None, *args: Any, **kwargs: Any) -> HttpResponse:
    """django-axes' lockout response: a Danish page, HTTP 429, no hint about which part was wrong."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "registration/locked_out.html", {"cooloff_minutes": minutes}, status=429)


def overview(request: HttpRequest) -> HttpResponse:
    """Links to the lists for managers and caseworkers: waiting list, departures, transport, offers."""
    from django.contrib.auth.views import redirect_to_login

    from visitator.organisation.roles import READ_CASES, require_role

    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    require_role(request.user, *READ_CASES)
    return render(request, "overview.html")
