"""The daily sweep: reminders when a date rule says so, once per due date, to the right people.

Vesthimmerland's standard for SEL § 104: a decision within 8 weeks of receipt, a warning in week 7.
A case received Tuesday 1 December 2026 has its deadline on Tuesday 26 January 2027 and its stored
warning date two weeks before, at the start of week 7: Tuesday 12 January 2027.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from visitator.audit.models import AccessLog
from visitator.cases.models import Case
from visitator.core import clock
from visitator.jobs import schedule, sweep
from visitator.jobs.models import Notification, NotificationKind, ScheduledRun
from visitator.jobs.tasks import daily_sweep
from visitator.organisation.roles import CASEWORKER

from .conftest import at

RECEIVED = dt.date(2026, 12, 1)
WARNING_ON = dt.date(2027, 1, 12)
DEADLINE = dt.date(2027, 1, 26)

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(make_case) -> Case:
    with clock.frozen(at(RECEIVED, 9)):
        case = make_case(received_on=RECEIVED)
    assert (case.deadline_warning_on, case.decision_deadline) == (WARNING_ON, DEADLINE)
    return case


def warnings() -> list[Notification]:
    return list(Notification.objects.filter(kind=NotificationKind.DEADLINE_WARNING).order_by("created_at"))


def test_the_worker_runs_the_enqueued_sweep_and_the_caseworker_is_warned(case, caseworker, run_worker):
    with clock.frozen(at(WARNING_ON, 7)):
        result = daily_sweep.enqueue()
        run_worker()
    assert DBTaskResult.objects.get(id=result.id).status == "SUCCESSFUL"
    [warning] = warnings()
    assert warning.recipient == caseworker and warning.case == case and warning.due_on == DEADLINE
    assert (
        warning.text == f"Sag {case.number}: fristen for afgørelse er 26.01.2027 (varsling fra 12.01.2027)."
    )
    assert case.citizen.cpr not in warning.text and case.citizen.first_name not in warning.text
    assert warning.read_at is None


def test_a_second_sweep_through_the_worker_creates_no_duplicates(case, caseworker, run_worker):
    with clock.frozen(at(WARNING_ON, 7)):
        daily_sweep.enqueue()
        run_worker()
        daily_sweep.enqueue()
        daily_sweep.enqueue()
        run_worker()
    assert len(warnings()) == 1
    assert DBTaskResult.objects.filter(status="SUCCESSFUL").count() == 3


def test_the_day_before_the_warning_date_on_it_and_the_day_after(case, caseworker):
    with clock.frozen(at(WARNING_ON - dt.timedelta(days=1))):
        assert sweep.run_daily_sweep() == {}
    assert warnings() == []
    with clock.frozen(at(WARNING_ON)):
        assert sweep.run_daily_sweep() == {NotificationKind.DEADLINE_WARNING: 1}
    assert len(warnings()) == 1
    with clock.frozen(at(WARNING_ON + dt.timedelta(days=1))):
        assert sweep.run_daily_sweep() == {}
    assert len(warnings()) == 1


def test_an_unassigned_case_warns_the_units_team_leaders(make_case, caseworker, team_leader, make_user, unit):
    other_leader = make_user("teamleder", unit, "torben")
    with clock.frozen(at(RECEIVED, 9)):
        case = make_case(received_on=RECEIVED)
    Case.objects.filter(pk=case.pk).update(caseworker=None)
    with clock.frozen(at(WARNING_ON)):
        sweep.run_daily_sweep()
    assert sorted(n.recipient.username for n in warnings()) == sorted(
        [team_leader.username, other_leader.username]
    )


def test_a_decided_case_is_not_warned(case, caseworker):
    Case.objects.filter(pk=case.pk).update(status="withdrawn", awaiting_decision=False)
    with clock.frozen(at(WARNING_ON)):
        assert sweep.run_daily_sweep() == {}


def test_a_case_in_another_municipality_warns_its_own_caseworker_only(case, caseworker, other_caseworker):
    with clock.frozen(at(WARNING_ON)):
        sweep.run_daily_sweep()
    assert not Notification.objects.filter(recipient=other_caseworker).exists()


def test_jobs_sweep_command_runs_and_enqueues(case, caseworker, capsys):
    with clock.frozen(at(WARNING_ON)):
        call_command("jobs-sweep")
        call_command("jobs-sweep")
        call_command("jobs-sweep", "--enqueue")
    out = capsys.readouterr().out
    assert "Daily sweep done: 1 new reminder(s)" in out and "Daily sweep done: 0 new reminder(s)" in out
    assert len(warnings()) == 1
    assert DBTaskResult.objects.filter(status="READY", task_path__endswith="daily_sweep").count() == 1


def test_the_sweep_books_tomorrows_sweep_once(case, caseworker, run_worker):
    with clock.frozen(at(WARNING_ON, 7)):
        daily_sweep.enqueue()
        run_worker()
        daily_sweep.enqueue()
        run_worker()
        assert schedule.book_sweep(WARNING_ON + dt.timedelta(days=1)) is False
    [booked] = ScheduledRun.objects.all()
    assert booked.run_on == WARNING_ON + dt.timedelta(days=1)
    job = DBTaskResult.objects.get(id=booked.task_result_id)
    assert job.status == "READY"
    assert clock.local_date(job.run_after) == dt.date(2027, 1, 13) and job.run_after.hour in {5, 6}


def test_a_failing_sweep_is_retried_later(case, caseworker, run_worker, monkeypatch):
    def broken(today=None):
        raise RuntimeError("database gone")

    monkeypatch.setattr(sweep, "run_daily_sweep", broken)
    with clock.frozen(at(WARNING_ON, 7)):
        result = daily_sweep.enqueue()
        run_worker()
    assert DBTaskResult.objects.get(id=result.id).status == "FAILED"
    retry = DBTaskResult.objects.get(status="READY")
    assert retry.args_kwargs == {"args": [], "kwargs": {"attempt": 2}}


def test_a_job_left_running_by_a_crashed_worker_goes_back_in_the_queue(case, caseworker, run_worker):
    from django.utils import timezone

    result = daily_sweep.enqueue()
    DBTaskResult.objects.filter(id=result.id).update(
        status="RUNNING", started_at=timezone.now() - dt.timedelta(hours=2), worker_ids=["crashed"]
    )
    fresh = daily_sweep.enqueue()
    DBTaskResult.objects.filter(id=fresh.id).update(status="RUNNING", started_at=timezone.now())
    assert schedule.requeue_stale() == 1
    with clock.frozen(at(WARNING_ON, 7)):
        run_worker()
    assert DBTaskResult.objects.get(id=result.id).status == "SUCCESSFUL"
    assert DBTaskResult.objects.get(id=fresh.id).status == "RUNNING"
    assert len(warnings()) == 1


def test_print_queue_letters_waiting_more_than_two_working_days(
    make_case, make_citizen, caseworker, make_user, unit
):
    from visitator.cases.services import receipt_send
    from visitator.letters.models import PrintJob

    colleague = make_user(CASEWORKER, unit, "carl")
    make_user("teamleder", unit, "tove")
    # Queued Thursday 3 December 2026: working days Friday 4 and Monday 7; overdue from Tuesday 8.
    citizen = make_citizen(
        first_name="Bent",
        address_line="Prøvegade 7",
        postcode="9600",
        city="Aars",
        digital_post_exempt=True,
        digital_post_exemption_reason="Kognitiv funktionsnedsættelse",
    )
    with clock.frozen(at(dt.date(2026, 12, 3), 10)):
        case = make_case(received_on=dt.date(2026, 12, 3), citizen=citizen)
        receipt_send(user=caseworker, case=case)
    assert PrintJob.objects.count() == 1
    with clock.frozen(at(dt.date(2026, 12, 7), 15)):
        assert sweep.run_print_queue_check() == {}
    with clock.frozen(at(dt.date(2026, 12, 8), 7)):
        assert sweep.run_print_queue_check() == {NotificationKind.PRINT_QUEUE_STALE: 2}
        assert sweep.run_print_queue_check() == {}
    rows = Notification.objects.filter(kind=NotificationKind.PRINT_QUEUE_STALE)
    assert sorted(n.recipient.username for n in rows) == sorted([caseworker.username, colleague.username])
    assert {n.due_on for n in rows} == {dt.date(2026, 12, 7)}
    assert "har ventet på udskrift siden 03.12.2026" in rows[0].text


def test_no_cpr_in_any_log_line(case, caseworker, run_worker, caplog):
    with caplog.at_level("DEBUG"), clock.frozen(at(WARNING_ON, 7)):
        daily_sweep.enqueue()
        run_worker()
    assert case.citizen.cpr not in caplog.text and case.citizen.cpr[:6] not in caplog.text
    assert not AccessLog.objects.filter(detail__contains=case.citizen.cpr).exists()
