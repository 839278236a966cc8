"""Machine clients of the REST API: a token with scopes, acting as a service account.

Why not OAuth2 (django-oauth-toolkit)? The clients are a handful of systems inside the municipality
(an ESDH system, a data warehouse), registered by hand by the administrator. A bearer token with scopes
gives the same guarantees for that use: the scopes limit which endpoints a client reaches, and the
token's *user* (a service account with a role and a unit) limits what it sees, through exactly the role
and municipality checks of the web UI. The key is shown once and stored only as its SHA-256 hash; a
token can expire and be revoked. See docs/api.md.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from visitator.core import clock


class Scope(models.TextChoices):
    CITIZENS_READ = "citizens:read", _("Borgere: læse")
    CASES_READ = "cases:read", _("Sager, udredninger, afgørelser og klager: læse")
    LETTERS_READ = "letters:read", _("Breve og deres PDF: læse")
    GRANTS_READ = "grants:read", _("Bevillinger og opfølgninger: læse")
    OFFERS_READ = "offers:read", _("Tilbud: læse")
    STANDARDS_READ = "standards:read", _("Kvalitetsstandarder: læse")
    ACCESS_LOG_READ = "accesslog:read", _("Adgangsloggen: læse (databeskyttelsesrådgiveren)")


#: A key is "vis_" and 40 URL-safe characters; the first 12 characters are kept to tell keys apart.
KEY_PREFIX = "vis_"
PREFIX_LENGTH = 12


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def new_key() -> str:
    return KEY_PREFIX + secrets.token_urlsafe(30)


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def usable(self) -> ApiTokenQuerySet:
        now = clock.now()
        return self.filter(revoked_at__isnull=True).filter(
            models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=now)
        )


class ApiToken(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(_("klient"), max_length=100, help_text=_("Fx »ESDH-integration«"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="api_tokens",
        verbose_name=_("servicekonto"),
        help_text=_("Kontoens rolle og enhed afgør, hvad klienten må se"),
    )
    prefix = models.CharField(_("nøglens begyndelse"), max_length=PREFIX_LENGTH, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    scopes = models.JSONField(_("adgange"), default=list)
    created_at = models.DateTimeField(_("oprettet"), default=clock.now, editable=False)
    expires_at = models.DateTimeField(_("udløber"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("tilbagekaldt"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API-nøgle")
        verbose_name_plural = _("API-nøgler")
        ordering = ["name", "created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def has_scope(self, scope: str) -> bool:
        return scope in self.scopes
