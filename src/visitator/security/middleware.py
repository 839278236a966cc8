"""Response headers and login steps that every page shares (issue 11, "No way around the roles")."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.http import url_has_allowed_host_and_scheme


class NoStoreMiddleware:
    """`Cache-Control: no-store` on every response Django makes (pages and downloads alike).

    Every page behind the login and every download shows or carries personal data; a shared or
    back-button cache must keep none of it. Static files are served by WhiteNoise before this
    middleware runs and keep their own long cache headers.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not response.has_header("Cache-Control"):
            response["Cache-Control"] = "no-store"
        else:
            patch_cache_control(response, no_store=True)
        return response


#: URL names a signed-in user may reach before the second factor is verified.
TWO_FACTOR_OPEN = ("security:otp_verify", "security:otp_enrol", "logout")
OIDC_BACKEND = "visitator.security.oidc.StaffOIDCBackend"
#: Logins whose identity provider has done the multi-factor check itself: the municipality's own
#: provider for staff, and NemLog-in/MitID (assurance level "betydelig" or higher) for citizens in
#: the portal, who have no staff pages to reach anyway.
MULTI_FACTOR_BY_PROVIDER = frozenset({OIDC_BACKEND, "visitator.portal.oidc.CitizenOIDCBackend"})


def two_factor_required(request: HttpRequest) -> bool:
    """Does this signed-in request still owe its second factor?

    Off unless VISITATOR_REQUIRE_2FA (on by default outside development). A login through the
    municipality's OpenID Connect provider, or a citizen's MitID login, has had the provider's own
    multi-factor check.
    """
    if not settings.VISITATOR_REQUIRE_2FA or not request.user.is_authenticated:
        return False
    if request.session.get(BACKEND_SESSION_KEY) in MULTI_FACTOR_BY_PROVIDER:
        return False
    return not request.user.is_verified()  # type: ignore[attr-defined]


class RequireTwoFactorMiddleware:
    """Sends a signed-in user without a verified second factor to the code page (or to set one up).

    Runs after django_otp's OTPMiddleware, which tells whether this session's login was verified.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.open_paths: set[str] | None = None

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if two_factor_required(request):
            if self.open_paths is None:
                self.open_paths = {reverse(name) for name in TWO_FACTOR_OPEN}
            if request.path not in self.open_paths:
                from .otp import has_confirmed_device

                target = "security:otp_verify" if has_confirmed_device(request.user) else "security:otp_enrol"
                url = reverse(target)
                next_url = request.get_full_path()
                if request.method == "GET" and url_has_allowed_host_and_scheme(next_url, None):
                    url = f"{url}?next={next_url}" if next_url != "/" else url
                return redirect(url)
        return self.get_response(request)
