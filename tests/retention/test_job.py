"""The retention job runs on the queue: the daily sweep queues it for an hour later, and a worker runs
it like any other job."""

from __future__ import annotations

import datetime as dt
import signal

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from visitator.audit.models import AccessLog, Event
from visitator.core import clock
from visitator.jobs.tasks import daily_sweep
from visitator.retention.tasks import retention_run

pytestmark = pytest.mark.django_db

MORNING = timezone.make_aware(dt.datetime(2027, 3, 1, 6))


@pytest.fixture
def run_worker(monkeypatch):
    """The real `visitator jobs-worker --batch` in this process, keeping the test's connection."""
    from django_tasks_db.management.commands import db_worker

    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    saved = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    yield lambda: call_command(
        "jobs-worker", "--batch", "--no-schedule", "--interval", "0", "--verbosity", "0"
    )
    for sig, handler in saved.items():
        signal.signal(sig, handler)


def test_the_daily_sweep_queues_retention_an_hour_later(make_case, run_worker):
    with clock.frozen(MORNING):
        daily_sweep.enqueue()
        run_worker()
    [job] = DBTaskResult.objects.filter(task_path__endswith="retention_run")
    assert job.status == "READY"
    assert job.run_after - MORNING >= dt.timedelta(minutes=59)


def test_the_worker_runs_retention_and_old_access_log_rows_go(make_case, run_worker, settings):
    settings.VISITATOR_ACCESS_LOG_RETENTION_DAYS = 30
    with clock.frozen(MORNING - dt.timedelta(days=60)):
        case = make_case()
    assert AccessLog.objects.filter(case_id=case.pk).exists()
    with clock.frozen(MORNING):
        result = retention_run.enqueue()
        run_worker()
    job = DBTaskResult.objects.get(id=result.id)
    assert job.status == "SUCCESSFUL"
    assert job.return_value["access_log_rows"] >= 1 and job.return_value["cases_deleted"] == 0
    assert not AccessLog.objects.filter(case_id=case.pk).exists()
    assert Event.objects.filter(kind="retention.access_log_deleted").count() == 1
