"""Scheduling on the queue: the next day's sweep is booked by the worker itself, once per day however
many workers run, and jobs left "running" by a crashed worker go back in the queue.

The queue is django-tasks-db's table (`DBTaskResult`); a job is a row, claimed by a worker with
SELECT ... FOR UPDATE SKIP LOCKED on PostgreSQL (an exclusive transaction on SQLite).
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from visitator.core import clock

from .models import ScheduledRun

logger = logging.getLogger("visitator.jobs")

SWEEP = "daily-sweep"


def sweep_moment(day: dt.date) -> dt.datetime:
    """When the sweep of `day` runs: VISITATOR_JOBS_SWEEP_AT, local time."""
    return timezone.make_aware(dt.datetime.combine(day, settings.VISITATOR_JOBS_SWEEP_AT))


def book_sweep(day: dt.date) -> bool:
    """Enqueue the sweep of `day` unless a worker has booked it already. True when booked now."""
    from .tasks import daily_sweep

    try:
        with transaction.atomic():
            run = ScheduledRun.objects.create(
                name=SWEEP, run_on=day, task_result_id="", created_at=clock.now()
            )
            result = daily_sweep.using(run_after=sweep_moment(day)).enqueue()
            run.task_result_id = str(result.id)
            run.save(update_fields=["task_result_id"])
    except IntegrityError:
        return False
    logger.info("daily sweep booked for %s", day.isoformat())
    return True


def book_next_sweeps() -> None:
    """Book today's sweep (if its time has not passed) and tomorrow's."""
    today = clock.today()
    if clock.now() < sweep_moment(today):
        book_sweep(today)
    book_sweep(today + dt.timedelta(days=1))


def requeue_stale(*, exclude: Any = None) -> int:
    """Put jobs back in the queue that a worker claimed but never finished (the worker was killed or
    its machine lost power) once they have been running longer than VISITATOR_JOBS_STALE_AFTER.
    Every job here is idempotent, so running one twice is safe."""
    cutoff = timezone.now() - settings.VISITATOR_JOBS_STALE_AFTER
    stale = DBTaskResult.objects.running().filter(started_at__lt=cutoff)
    if exclude is not None:
        stale = stale.exclude(id=exclude)
    count = stale.update(status="READY", started_at=None)
    if count:
        logger.warning("%d stale job(s) put back in the queue", count)
    return count
