"""OpenID Connect login for citizens (mozilla-django-oidc), configured for NemLog-in.

- The provider's endpoints come from its discovery document at
  <PORTAL_OIDC_ISSUER>/.well-known/openid-configuration (read once an hour), so NemLog-in's
  integration and production environments differ by the issuer address alone.
- Authorization code flow with PKCE (S256) and a nonce; the ID token's signature is checked against
  the provider's JWKS, and its issuer and audience against the configuration.
- The login must be at assurance level "betydelig" (NSIS Substantial) or higher
  (settings.PORTAL_OIDC_LOA_ACCEPTED); DOMAIN.md section 6.
- The CPR claim names the person. The Django user is found or made by that CPR number
  (portal.models.PortalAccount) with a random username: the CPR number never becomes a username, a URL
  or a log line.
"""

from __future__ import annotations

import logging
import secrets
import threading
import time
from typing import Any

import requests
from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ImproperlyConfigured, SuspiciousOperation, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import import_from_settings
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from visitator.people import cpr as cprlib

from .models import PortalAccount

logger = logging.getLogger(__name__)

#: mozilla-django-oidc's endpoint settings and the discovery document's keys that fill them.
_DISCOVERED = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
}
_DISCOVERY_TTL = 3600.0
_cache: dict[str, tuple[float, dict[str, Any]]] = {}
_lock = threading.Lock()


def issuer() -> str:
    value = str(getattr(settings, "PORTAL_OIDC_ISSUER", "")).rstrip("/")
    if not value:
        raise ImproperlyConfigured(
            "PORTAL_OIDC_ISSUER is not set: the citizen portal has no identity provider."
        )
    return value


def discovery() -> dict[str, Any]:
    """The provider's discovery document (OpenID Connect Discovery 1.0), cached per issuer."""
    url = f"{issuer()}/.well-known/openid-configuration"
    with _lock:
        hit = _cache.get(url)
        if hit is not None and hit[0] > time.monotonic():
            return hit[1]
    response = requests.get(url, timeout=getattr(settings, "PORTAL_OIDC_TIMEOUT", 10))
    response.raise_for_status()
    document = response.json()
    if str(document.get("issuer", "")).rstrip("/") != issuer():
        raise ImproperlyConfigured("The discovery document names another issuer than PORTAL_OIDC_ISSUER.")
    with _lock:
        _cache[url] = (time.monotonic() + _DISCOVERY_TTL, document)
    return document


def discovery_clear() -> None:
    with _lock:
        _cache.clear()


def portal_setting(attr: str, *args: Any) -> Any:
    """A mozilla-django-oidc setting for the portal: `PORTAL_<attr>` when set (the staff login keeps the
    plain OIDC_* names), else the provider's endpoints from discovery, else the library's default."""
    own = getattr(settings, f"PORTAL_{attr}", None)
    if own is not None:
        return own
    if attr in _DISCOVERED:
        return discovery()[_DISCOVERED[attr]]
    return import_from_settings(attr, *args)


class CitizenOIDCBackend(OIDCAuthenticationBackend):
    """Authenticates a citizen (or a representative) by the identity provider's CPR claim."""

    get_settings = staticmethod(portal_setting)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Django makes every backend on every login and every request with a session: the provider's
        # settings (and its discovery document) are read only when the portal's callback needs them,
        # so the staff login works whether or not an identity provider is configured or reachable.
        self.UserModel = User

    def authenticate(self, request: HttpRequest | None, **kwargs: Any) -> User | None:
        # Only the portal's callback carries an authorization code; the staff login never reaches here.
        if request is None or request.resolver_match is None or request.resolver_match.namespace != "portal":
            return None
        super().__init__()
        return super().authenticate(request, **kwargs)

    def verify_token(self, token: str, **kwargs: Any) -> dict[str, Any]:
        payload = super().verify_token(token, **kwargs)
        if str(payload.get("iss", "")).rstrip("/") != issuer():
            raise SuspiciousOperation("ID token from another issuer.")
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if self.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("ID token for another client.")
        if payload.get("exp") is None or float(payload["exp"]) < time.time():
            raise SuspiciousOperation("ID token has expired.")
        return payload

    def get_userinfo(self, access_token: str, id_token: str, payload: dict[str, Any]) -> dict[str, Any]:
        # The signed ID token's claims win over the userinfo answer.
        return {**super().get_userinfo(access_token, id_token, payload), **payload}

    def verify_claims(self, claims: dict[str, Any]) -> bool:
        loa = str(claims.get(settings.PORTAL_OIDC_LOA_CLAIM, ""))
        if loa not in settings.PORTAL_OIDC_LOA_ACCEPTED:
            logger.info("portal login refused: assurance level %r is not accepted", loa)
            return False
        try:
            self._cpr(claims)
        except ValidationError:
            logger.info("portal login refused: no valid CPR claim")
            return False
        return True

    def _cpr(self, claims: dict[str, Any]) -> str:
        return cprlib.normalize(str(claims.get(settings.PORTAL_OIDC_CPR_CLAIM, "")))

    def filter_users_by_claims(self, claims: dict[str, Any]) -> Any:
        return User.objects.filter(portal_account__cpr=self._cpr(claims))

    @transaction.atomic
    def create_user(self, claims: dict[str, Any]) -> User:
        user = User.objects.create_user(f"borger-{secrets.token_hex(8)}")
        user.set_unusable_password()
        user.save(update_fields=["password"])
        PortalAccount.objects.create(
            user=user,
            cpr=self._cpr(claims),
            name=str(claims.get("name", ""))[:200],
            last_loa=str(claims.get(settings.PORTAL_OIDC_LOA_CLAIM, ""))[:20],
        )
        return user

    def update_user(self, user: User, claims: dict[str, Any]) -> User:
        PortalAccount.objects.filter(user=user).update(
            name=str(claims.get("name", ""))[:200],
            last_loa=str(claims.get(settings.PORTAL_OIDC_LOA_CLAIM, ""))[:20],
        )
        return user


class PortalAuthenticationRequestView(OIDCAuthenticationRequestView):
    get_settings = staticmethod(portal_setting)


class PortalCallbackView(OIDCAuthenticationCallbackView):
    get_settings = staticmethod(portal_setting)

    @property
    def failure_url(self) -> str:
        return reverse("portal:login_failed")

    @property
    def success_url(self) -> str:
        next_url = self.request.session.get("oidc_login_next", None)
        return next_url or reverse("portal:home")

    def login_failure(self) -> HttpResponse:
        return HttpResponseRedirect(self.failure_url)


#: What goes wrong when the identity provider cannot be reached or answers nonsense (its discovery
#: document or keys): the citizen gets a Danish page that says so (503), never a server error.
PROVIDER_UNAVAILABLE = (requests.RequestException, ValueError, KeyError, ImproperlyConfigured)


def provider_guarded(view: Any) -> Any:
    """`view` (the login start or the callback), answering 503 with a Danish page when the identity
    provider is unavailable. The log line names the kind of failure only."""

    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            response: HttpResponse = view(request, *args, **kwargs)
        except PROVIDER_UNAVAILABLE as exc:
            logger.warning("citizen login: identity provider unavailable (%s)", type(exc).__name__)
            return render(request, "portal/login_unavailable.html", status=503)
        return response

    return guarded
