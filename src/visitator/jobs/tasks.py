"""The jobs on the queue. Each is idempotent (running it twice leaves what running it once leaves) and
is retried with a growing delay when it fails, up to VISITATOR_JOBS_MAX_ATTEMPTS attempts."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from visitator.core import clock

from . import schedule, sweep

logger = logging.getLogger("visitator.jobs")


def _retry(task_obj: Any, attempt: int, error: Exception) -> None:
    """Enqueue the job again after 1, 2, 4 … minutes; the failed attempt is recorded as failed."""
    if attempt >= settings.VISITATOR_JOBS_MAX_ATTEMPTS:
        logger.error("job %s failed for good after %d attempts", task_obj.name, attempt)
        return
    delay = dt.timedelta(minutes=2 ** (attempt - 1))
    task_obj.using(run_after=timezone.now() + delay).enqueue(attempt=attempt + 1)
    logger.warning(
        "job %s failed (attempt %d, %s); retried in %s", task_obj.name, attempt, type(error).__name__, delay
    )


def _enqueue_retention() -> None:
    """The retention job (visitator.retention) runs once a day as its own job, an hour after the sweep:
    a failure of one never fails the other. A second run the same day deletes nothing more."""
    from visitator.retention.tasks import retention_run

    retention_run.using(run_after=clock.now() + dt.timedelta(hours=1)).enqueue()


@task()
def daily_sweep(attempt: int = 1) -> dict[str, int]:
    """Deadline warnings, follow-ups, genvurdering and access-to-file deadlines, the print queue; then
    book tomorrow's sweep, put back jobs a crashed worker left, and queue the day's retention job."""
    try:
        created = sweep.run_daily_sweep(clock.today())
        schedule.book_next_sweeps()
        schedule.requeue_stale()
        _enqueue_retention()
    except Exception as error:
        _retry(daily_sweep, attempt, error)
        raise
    logger.info("daily sweep done: %s", created)
    return created


@task()
def print_queue_check(attempt: int = 1) -> dict[str, int]:
    """Letters queued for print for more than 2 working days: tell the unit's caseworkers."""
    try:
        return sweep.run_print_queue_check(clock.today())
    except Exception as error:
        _retry(print_queue_check, attempt, error)
        raise
