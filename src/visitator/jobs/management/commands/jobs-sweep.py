"""`visitator jobs-sweep [--enqueue]`: run the daily sweep now (or put it on the queue for a worker).

Safe to run at any time and as often as wanted: a reminder already made is never made again.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from visitator.jobs import sweep
from visitator.jobs.tasks import daily_sweep


class Command(BaseCommand):
    help = "Kører den daglige gennemgang (påmindelser om frister) nu, eller lægger den i job-køen."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--enqueue", action="store_true", help="Put the sweep on the queue for a worker.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["enqueue"]:
            result = daily_sweep.enqueue()
            self.stdout.write(f"Enqueued daily sweep {result.id}")
            return
        created = sweep.run_daily_sweep()
        total = sum(created.values())
        self.stdout.write(f"Daily sweep done: {total} new reminder(s) {created}")
