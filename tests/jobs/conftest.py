"""Fixtures for background jobs: a case received on a fixed day, the worker run in-process through the
real `visitator jobs-worker` command (django-tasks-db's worker loop, --batch so it stops when the queue
is empty), and an unassigned case."""

from __future__ import annotations

import datetime as dt
import signal
from collections.abc import Callable, Iterator

import pytest
from django.core.management import call_command
from django.utils import timezone


def at(day: dt.date, hour: int = 12) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


@pytest.fixture
def run_worker(monkeypatch) -> Iterator[Callable[[], None]]:
    """Run the real worker until the queue holds nothing that is due. The worker installs its own
    signal handlers (graceful shutdown); put pytest's back afterwards. Between jobs it drops database
    connections left outside autocommit, which inside a test's transaction is the test's own
    connection: keep it (test_worker_process.py runs the worker as a process without this)."""
    from django_tasks_db.management.commands import db_worker

    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    saved = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}

    def run() -> None:
        call_command("jobs-worker", "--batch", "--no-schedule", "--interval", "0", "--verbosity", "0")

    yield run
    for sig, handler in saved.items():
        signal.signal(sig, handler)
