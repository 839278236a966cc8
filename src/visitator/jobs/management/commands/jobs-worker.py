"""`visitator jobs-worker`: run a background worker (django-tasks-db's `db_worker`).

Before it starts taking jobs it puts back jobs a crashed worker left running and books today's and
tomorrow's daily sweep (once, however many workers start). Run one or several, on one or several
machines, against the same database (docs/operations.md).
"""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from visitator.jobs import schedule


class Command(BaseCommand):
    help = "Kører en baggrundsarbejder (job-kø i databasen)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--interval", type=float, default=2.0, help="Seconds between looks at an empty queue."
        )
        parser.add_argument("--batch", action="store_true", help="Run the jobs that are due, then stop.")
        parser.add_argument("--max-tasks", type=int, default=None, help="Stop after this many jobs.")
        parser.add_argument("--worker-id", default=None, help="Unique id of this worker (default: random).")
        parser.add_argument("--no-schedule", action="store_true", help="Do not book the daily sweep.")

    def handle(self, *args: Any, **options: Any) -> None:
        schedule.requeue_stale()
        if not options["no_schedule"]:
            schedule.book_next_sweeps()
        worker_options: dict[str, Any] = {
            "interval": options["interval"],
            "batch": options["batch"],
            "reload": False,
            "queue_name": "*",
            "verbosity": options["verbosity"],
        }
        if options["max_tasks"]:
            worker_options["max_tasks"] = options["max_tasks"]
        if options["worker_id"]:
            worker_options["worker_id"] = options["worker_id"]
        call_command("db_worker", **worker_options)
