"""`visitator api-token create|list|revoke`: the REST API's client tokens (docs/api.md).

    visitator api-token create --user sagsbehandler --name "ESDH" --scope cases:read --scope letters:read
    visitator api-token list
    visitator api-token revoke <token id>

The key is printed once by `create` and never stored (only its SHA-256 hash).
"""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from visitator.api.models import ApiToken, Scope
from visitator.api.services import api_token_create, api_token_revoke


class Command(BaseCommand):
    help = "Opretter, viser og tilbagekalder nøgler til REST API'et."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="Create a token for a service account (prints the key once).")
        create.add_argument("--user", required=True, help="The service account's user name.")
        create.add_argument("--name", required=True, help="The client's name, e.g. ESDH.")
        create.add_argument(
            "--scope", action="append", required=True, choices=Scope.values, help="Repeat for several scopes."
        )
        sub.add_parser("list", help="List tokens (never the keys).")
        revoke = sub.add_parser("revoke", help="Revoke a token by its id.")
        revoke.add_argument("token_id")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "create":
            user = User.objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"Ingen bruger med brugernavnet {options['user']}.")
            try:
                token, key = api_token_create(user=user, name=options["name"], scopes=options["scope"])
            except ValidationError as exc:
                raise CommandError(" ".join(exc.messages)) from exc
            self.stdout.write(f"Token {token.id} for {user.get_username()}: {', '.join(token.scopes)}")
            self.stdout.write(f"Key (shown once): {key}")
        elif options["action"] == "list":
            for token in ApiToken.objects.select_related("user"):
                state = "revoked" if token.revoked_at else "active"
                self.stdout.write(
                    f"{token.id}  {token.prefix}…  {token.name}  {token.user.get_username()}  "
                    f"{','.join(token.scopes)}  {state}"
                )
        else:
            try:
                token = ApiToken.objects.get(id=uuid.UUID(options["token_id"]))
            except (ValueError, ApiToken.DoesNotExist):
                raise CommandError("Ingen nøgle med det id.") from None
            api_token_revoke(token=token)
            self.stdout.write(f"Token {token.id} revoked")
