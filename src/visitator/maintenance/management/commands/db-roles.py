"""`visitator db-roles <app role> [--print]`: give the application's PostgreSQL role its rights.

Run it as the owner role after every `visitator migrate` (it is idempotent); see docs/operations.md,
"Database roles", and scripts/pg-roles.sh for creating the roles.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from visitator.maintenance.roles import grant, grant_statements


class Command(BaseCommand):
    help = "Giver applikationens databaserolle (PostgreSQL) netop de rettigheder, den skal bruge."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("app_role", help="The role the application connects as (DATABASE_URL).")
        parser.add_argument("--owner-role", default="", help="With --print: the owner role's name.")
        parser.add_argument("--print", action="store_true", help="Print the SQL instead of running it.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["print"]:
                statements = grant_statements(
                    options["app_role"], owner_role=options["owner_role"] or "owner"
                )
            else:
                statements = grant(options["app_role"])
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        for statement in statements:
            self.stdout.write(statement + ";")
