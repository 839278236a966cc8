"""The real worker as a separate process (`visitator jobs-worker --batch`) against the test database.

SQLite's test database lives in memory, which another process cannot open; there the in-process worker
tests in test_sweep.py run the same command. On PostgreSQL this test starts the process.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys

import pytest
from django.db import connection
from django_tasks_db.models import DBTaskResult

from visitator.core import clock
from visitator.jobs.models import Notification, NotificationKind
from visitator.jobs.tasks import daily_sweep

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite's test database is in memory"),
]


def test_a_worker_process_runs_the_sweep_and_a_rerun_makes_no_duplicates(make_case, caseworker):
    # Received 8 weeks ago by the real clock: the warning date (week 7) has passed.
    case = make_case(received_on=clock.today() - dt.timedelta(weeks=8))
    assert case.deadline_warning_on <= clock.today()
    settings_dict = connection.settings_dict
    url = "postgres://{USER}:{PASSWORD}@{HOST}:{PORT}/{NAME}".format(
        **{k: settings_dict.get(k) or "" for k in ("USER", "PASSWORD", "HOST", "PORT", "NAME")}
    )
    env = {**os.environ, "DATABASE_URL": url, "VISITATOR_DEV": "1"}
    command = [
        sys.executable,
        "-m",
        "visitator.cli",
        "jobs-worker",
        "--batch",
        "--no-schedule",
        "--interval",
        "0",
    ]
    for _ in range(2):
        first = daily_sweep.enqueue()
        subprocess.run(command, env=env, check=True, timeout=120, capture_output=True)
        assert DBTaskResult.objects.get(id=first.id).status == "SUCCESSFUL"
    [warning] = Notification.objects.filter(kind=NotificationKind.DEADLINE_WARNING)
    assert warning.recipient == caseworker and warning.case == case
