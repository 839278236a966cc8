"""Who may open a portal page: a user logged in through the portal's OpenID Connect login (a
PortalAccount). Staff users are refused (403) and anonymous users are sent to the portal's login page;
the staff pages in turn refuse portal users, who have no role and no staff membership."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from .models import PortalAccount
from .selectors import account_of


def is_portal_user(user: Any) -> bool:
    if not user.is_authenticated:
        return False
    try:
        account_of(user)
    except PortalAccount.DoesNotExist:
        return False
    return True


def portal_login_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), login_url=reverse("portal:login"))
        if not is_portal_user(request.user):
            raise PermissionDenied("Selvbetjeningen er for borgere, der er logget ind med MitID.")
        return view(request, *args, **kwargs)

    return wrapper
