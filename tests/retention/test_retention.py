"""Retention: closed cases past their retention are deleted with everything that belongs to them (rows,
letters' PDFs, documents), open cases and cases with a running complaint or access request are never
touched, a dry run changes nothing, and the event log says what was done."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from visitator.audit.models import AccessLog, Event
from visitator.cases.models import Case
from visitator.complaints.models import Complaint
from visitator.core import clock
from visitator.demo.data import load_demo
from visitator.fileaccess import services as fileaccess
from visitator.fileaccess.models import AccessRequest
from visitator.letters.models import Letter
from visitator.people.models import Citizen
from visitator.retention.purge import run_retention

pytestmark = pytest.mark.django_db(transaction=connection.vendor == "postgresql")

DEMO_DAY = dt.date(2026, 6, 1)
#: Five years (the default retention) after the demo's closures, and a day.
LATER = dt.date(2031, 6, 2)


def _row_counts() -> dict[str, int]:
    return {m._meta.label: m._base_manager.count() for m in apps.get_models(include_auto_created=True)}


def _files() -> set[str]:
    root = Path(settings.MEDIA_ROOT)
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}


@pytest.fixture
def demo():
    with clock.frozen(timezone.make_aware(dt.datetime(2026, 6, 1, 12))):
        load_demo(citizens=30)
    closed = {c.number: c for c in Case.objects.filter(closed_on__isnull=False)}
    # One closed case gets a request for access to its file, not yet answered: it must be kept.
    asked = closed["2025-00002"]
    with clock.frozen(timezone.make_aware(dt.datetime(2026, 6, 1, 13))):
        fileaccess.access_request_register(
            user=asked.caseworker,
            case=asked,
            received_on=DEMO_DAY,
            channel="written",
            requester="citizen",
            scope="whole",
        )
    return closed


def test_a_dry_run_lists_what_would_go_and_changes_nothing(demo, capsys):
    rows, files = _row_counts(), _files()
    call_command("retention", "--dry-run", "--today", LATER.isoformat())
    out = capsys.readouterr().out
    assert "Retention (dry run) on 2031-06-02:" in out
    assert "case 2025-00001 (sel-104), closed 2025-12-11, retained until 2030-12-11: delete" in out
    assert (
        "case 2026-00026 (sel-104), closed 2026-01-22, retained until 2031-01-22: kept (running complaint)"
        in out
    )
    assert (
        "case 2025-00002 (sel-104), closed 2025-12-10, retained until 2030-12-10: "
        "kept (unanswered access request)" in out
    )
    assert "Retention would delete 4 case(s)" in out
    assert _row_counts() == rows and _files() == files


def test_cases_past_retention_go_with_their_letters_and_files_and_nothing_else(
    demo, django_capture_on_commit_callbacks
):
    deleted = {"2025-00001", "2026-00012", "2026-00013", "2026-00027"}
    gone = [demo[n] for n in deleted]
    letter_files = set(Letter.objects.filter(case__in=gone).exclude(pdf="").values_list("pdf", flat=True))
    kept_files = set(Letter.objects.exclude(case__in=gone).exclude(pdf="").values_list("pdf", flat=True))
    assert letter_files and kept_files and letter_files <= _files()
    citizens = {c.citizen_id for c in gone}
    open_before = set(Case.objects.filter(closed_on__isnull=True).values_list("number", flat=True))

    with django_capture_on_commit_callbacks(execute=True):
        report = run_retention(today=LATER)

    assert {p.number for p in report.deleted} == deleted
    assert {p.number for p in report.kept} == {"2025-00002", "2026-00026"}
    remaining = set(Case.objects.values_list("number", flat=True))
    assert remaining.isdisjoint(deleted)
    assert open_before | {"2025-00002", "2026-00026"} <= remaining
    assert not Letter.objects.filter(case_id__in=[c.pk for c in gone]).exists()
    assert not Citizen.objects.filter(pk__in=citizens).exists()
    assert not Event.objects.filter(case_id__in=[c.pk for c in gone]).exists()
    files = _files()
    assert files.isdisjoint(letter_files) and kept_files <= files
    # The event log says what was done, without the citizen.
    events = {e.after["number"]: e for e in Event.objects.filter(kind="retention.case_deleted")}
    assert set(events) == deleted
    event = events["2025-00001"]
    assert event.username == "system" and event.case_id is None and event.citizen_id is None
    assert event.after["rows"]["cases.case"] == 1 and event.after["rows"]["letters.letter"] >= 1
    assert event.after["citizen_deleted"] is True


def test_a_second_run_deletes_nothing_more(demo):
    run_retention(today=LATER)
    rows = _row_counts()
    report = run_retention(today=LATER)
    assert report.deleted == [] and report.access_log_rows == 0
    assert _row_counts() == rows


def test_nothing_goes_before_the_retention_has_run_out(demo):
    rows = _row_counts()
    report = run_retention(today=dt.date(2030, 12, 10))  # 2025-00001 is kept until 2030-12-11
    assert report.cases == [] or all(p.number != "2025-00001" for p in report.deleted)
    assert Case.objects.filter(number="2025-00001").exists()
    assert _row_counts()["cases.Case"] == rows["cases.Case"]


def test_access_log_rows_go_by_their_own_retention_except_for_a_running_access_request(demo, settings):
    settings.VISITATOR_ACCESS_LOG_RETENTION_DAYS = 30
    asked = demo["2025-00002"]
    assert AccessLog.objects.filter(case_id=asked.pk).exists()
    report = run_retention(today=dt.date(2026, 9, 1))  # no case is past its retention yet
    assert report.deleted == []
    cutoff = timezone.make_aware(dt.datetime(2026, 8, 2))
    assert report.access_log_rows > 0
    # The demo's complaints are all still running, and 2026-00020 has its own open access request.
    protected = {asked.pk, *Complaint.objects.values_list("case_id", flat=True)}
    protected |= set(AccessRequest.objects.filter(answered_on__isnull=True).values_list("case_id", flat=True))
    assert len(protected) == 4
    assert not AccessLog.objects.filter(at__lt=cutoff).exclude(case_id__in=protected).exists()
    assert AccessLog.objects.filter(at__lt=cutoff, case_id=asked.pk).exists()
    [event] = Event.objects.filter(kind="retention.access_log_deleted")
    assert event.after["rows"] == report.access_log_rows


def test_a_standard_can_set_its_own_retention():
    from visitator.standards.schema import Deadlines

    data = {
        "decision": {
            "period": {"amount": 8, "unit": "weeks"},
            "source": "project_default",
            "note": "n",
            "citation": "c",
        },
        "decision_warning_lead": {
            "period": {"amount": 1, "unit": "weeks"},
            "source": "project_default",
            "note": "n",
            "citation": "c",
        },
        "follow_up": {
            "period": {"amount": 1, "unit": "years"},
            "source": "project_default",
            "note": "n",
            "citation": "c",
        },
    }
    unset = Deadlines.model_validate(data)
    assert unset.retention_after_closure.deadline_from(dt.date(2026, 1, 31)) == dt.date(2031, 1, 31)
    assert "retention" not in unset.model_dump(mode="json")
    ten = Deadlines.model_validate(
        {
            **data,
            "retention": {
                "period": {"amount": 10, "unit": "years"},
                "source": "standard",
                "text": "10 år",
                "citation": "Arkivplan",
            },
        }
    )
    assert ten.retention_after_closure.deadline_from(dt.date(2026, 1, 31)) == dt.date(2036, 1, 31)
