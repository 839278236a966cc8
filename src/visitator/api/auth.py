"""Bearer tokens with scopes (models.ApiToken), and the scope check on each endpoint."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from .models import ApiToken, hash_key


class ScopedTokenAuthentication(BaseAuthentication):
    """`Authorization: Bearer vis_…`. The request runs as the token's service account; the token
    (request.auth) carries the scopes."""

    keyword = b"bearer"

    def authenticate(self, request: Request) -> tuple[Any, ApiToken] | None:
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword:
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(_("Angiv nøglen som »Authorization: Bearer <nøgle>«."))
        try:
            key = parts[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(_("Ugyldig nøgle.")) from None
        token = ApiToken.objects.usable().select_related("user").filter(key_hash=hash_key(key)).first()
        if token is None or not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("Ugyldig, udløbet eller tilbagekaldt nøgle."))
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        return 'Bearer realm="visitator"'


class HasScope(BasePermission):
    """A token must carry the endpoint's `required_scope`. A logged-in staff member (the browsable
    docs) has no token: the role checks alone decide, as in the web UI."""

    message = _("Nøglen har ikke adgang til dette endepunkt.")

    def has_permission(self, request: Request, view: Any) -> bool:
        if not request.user or not request.user.is_authenticated:
            return False
        if isinstance(request.auth, ApiToken):
            scope = getattr(view, "required_scope", None)
            return scope is not None and request.auth.has_scope(scope)
        return True


class ScopedTokenScheme(OpenApiAuthenticationExtension):
    target_class = "visitator.api.auth.ScopedTokenAuthentication"
    name = "bearerAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "En API-nøgle (vis_…) med adgange (scopes); se docs/api.md.",
        }
