"""`visitator retention [--dry-run] [--today YYYY-MM-DD] [--enqueue]`: delete closed cases past their
retention, and access-log rows past theirs (docs/operations.md, "Retention").

`--dry-run` prints what would be deleted and changes nothing. Safe to run at any time: a case deleted
once is gone, so a second run deletes nothing more.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from visitator.retention.purge import run_retention
from visitator.retention.tasks import retention_run


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"--today must be a date (YYYY-MM-DD), not {value!r}") from exc


class Command(BaseCommand):
    help = "Sletter lukkede sager, hvis opbevaringsperiode er udløbet, og gamle rækker i adgangsloggen."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Print what would happen; change nothing.")
        parser.add_argument("--today", type=_date, default=None, help="Count retention as of this date.")
        parser.add_argument("--enqueue", action="store_true", help="Put the job on the queue for a worker.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["enqueue"]:
            result = retention_run.enqueue()
            self.stdout.write(f"Enqueued retention {result.id}")
            return
        report = run_retention(today=options["today"], dry_run=options["dry_run"])
        for line in report.lines():
            self.stdout.write(line)
