"""The retention job on the queue (django-tasks; visitator.jobs books it with the daily sweep)."""

from __future__ import annotations

import logging
from typing import Any

from django_tasks import task

from visitator.core import clock

from .purge import run_retention

logger = logging.getLogger("visitator.retention")


@task()
def retention_run(attempt: int = 1) -> dict[str, Any]:
    """Delete closed cases past their retention and access-log rows past theirs. Idempotent: a retry
    or a second worker finds nothing left to delete."""
    from visitator.jobs.tasks import _retry

    try:
        report = run_retention(today=clock.today())
    except Exception as error:
        _retry(retention_run, attempt, error)
        raise
    result = {
        "cases_deleted": len(report.deleted),
        "cases_kept": len(report.kept),
        "access_log_rows": report.access_log_rows,
    }
    logger.info("retention done: %s", result)
    return result
