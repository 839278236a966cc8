"""`visitator backup <folder>`: the database and every stored file (letters, documents) into a new folder.

See docs/operations.md, "Backup and restore".
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from visitator.maintenance.backup import BackupError, backup


class Command(BaseCommand):
    help = "Tager en sikkerhedskopi af databasen og de gemte filer (breve, dokumenter) i en ny mappe."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", type=Path, help="A new or empty folder for the backup.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            summary = backup(options["folder"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Backup of the {summary.vendor} database and {summary.files} file(s) "
            f"({summary.bytes} bytes) written to {summary.folder}"
        )
