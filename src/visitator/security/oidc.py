"""Optional staff login through the municipality's own OpenID Connect identity provider
(mozilla-django-oidc), off unless VISITATOR_OIDC_ENABLED is set (docs/operations.md).

The provider only says who the person is. The person must already be an active user here, found by one
claim (the username claim, or the e-mail address when VISITATOR_OIDC_MATCH = "email"), and holds the
roles and municipality given here. A login through the provider never creates a user and never logs in
a superuser (the platform operator logs in with password and code).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import SuspiciousOperation
from django.db.models import QuerySet
from mozilla_django_oidc.auth import OIDCAuthenticationBackend


class StaffOIDCBackend(OIDCAuthenticationBackend):
    def _claim(self) -> str:
        return "email" if settings.VISITATOR_OIDC_MATCH == "email" else settings.VISITATOR_OIDC_USERNAME_CLAIM

    def describe_user_by_claims(self, claims: dict[str, Any]) -> str:
        # Logged by the library when nobody matches: name the claim, never its value.
        return f"claim {self._claim()}"

    def verify_claims(self, claims: dict[str, Any]) -> bool:
        value = claims.get(self._claim())
        return isinstance(value, str) and bool(value.strip())

    def filter_users_by_claims(self, claims: dict[str, Any]) -> QuerySet[User]:
        value = str(claims.get(self._claim(), "")).strip()
        users = User.objects.filter(is_active=True, is_superuser=False)
        if not value:
            return users.none()
        if self._claim() == "email":
            return users.filter(email__iexact=value)
        return users.filter(username=value)

    def create_user(self, claims: dict[str, Any]) -> User:
        # OIDC_CREATE_USER is off; should it be turned on, still create nobody (the library logs this).
        raise SuspiciousOperation("A login through the identity provider never creates a user.")
