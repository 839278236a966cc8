"""`visitator devidp setup`: register the portal at the development identity provider, make the
identities to log in as, and print where the provider and the portal are."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.urls import reverse

from visitator.devidp import services


class Command(BaseCommand):
    help = "Set up the development OpenID Connect provider (development only)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["setup"])
        parser.add_argument("--base-url", default="http://127.0.0.1:8000", help="Where the site is served.")

    def handle(self, *args: Any, action: str, base_url: str, **options: Any) -> None:
        if not settings.PORTAL_DEV_IDP:
            raise CommandError("The development identity provider runs only with VISITATOR_DEV=1.")
        base = base_url.rstrip("/")
        callback = reverse("portal:oidc_callback")
        services.client_register([f"{base}{callback}", f"{base.replace('127.0.0.1', 'localhost')}{callback}"])
        identities = services.identities_sync()
        issuer = settings.PORTAL_OIDC_ISSUER
        self.stdout.write(f"Development OpenID Connect provider: {issuer}/.well-known/openid-configuration")
        self.stdout.write(
            f"Citizen portal: {base}{reverse('portal:login')} -> 'Log ind med MitID' -> choose a test person"
        )
        self.stdout.write(f"  {len(identities)} identities, e.g.:")
        for identity in identities[:1] + identities[-2:]:
            self.stdout.write(f"  - {identity.name} ({identity.description})")
