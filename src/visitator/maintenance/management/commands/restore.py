"""`visitator restore <folder>`: replace the database and the stored files with a backup.

Every file is checked against the backup's manifest before anything is changed. Stop the web server
and the workers first. See docs/operations.md, "Backup and restore".
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from visitator.maintenance.backup import BackupError, restore, verify


class Command(BaseCommand):
    help = "Genskaber databasen og de gemte filer fra en sikkerhedskopi (alt nuværende indhold erstattes)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", type=Path, help="A folder written by `visitator backup`.")
        parser.add_argument(
            "--no-input", action="store_false", dest="interactive", help="Do not ask for confirmation."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        folder = options["folder"]
        try:
            manifest = verify(folder)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        if options["interactive"]:
            answer = input(
                f"This replaces the whole database and every stored file with the backup of "
                f"{manifest['created_at']}. Type 'yes' to continue: "
            )
            if answer.strip() != "yes":
                raise CommandError("Restore cancelled; nothing was changed.")
        try:
            summary = restore(folder)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Restored the {summary.vendor} database and {summary.files} file(s) from {summary.folder}"
        )
