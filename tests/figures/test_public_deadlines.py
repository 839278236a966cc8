"""The public deadlines page (RSL § 3, stk. 2): no login, generated from the published standards in
force on the day asked, nothing logged (no personal data)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.test import Client

from visitator.audit.models import AccessLog
from visitator.core import clock
from visitator.standards.services import standards_load

pytestmark = pytest.mark.django_db

SOURCE = Path(settings.VISITATOR_STANDARDS_DIR) / "vesthimmerland" / "sel-104" / "2024-01-01.yaml"


@pytest.fixture
def ten_working_days(standard, tmp_path):
    """A later version, in force from 1 March 2027, with a deadline of 10 working days."""
    data = yaml.safe_load(SOURCE.read_text(encoding="utf-8"))
    data["version"] = "2027.1-test"
    data["valid_from"] = "2027-03-01"
    data["deadlines"]["decision"]["period"] = {"amount": 10, "unit": "working_days"}
    data["deadlines"]["decision_warning_lead"]["period"] = {"amount": 3, "unit": "days"}
    data["deadlines"]["decision"]["text"] = (
        "Du får svar senest 10 arbejdsdage efter, at vi har modtaget ansøgningen."
    )
    path = tmp_path / "standards" / "vesthimmerland" / "sel-104" / "2027-03-01.yaml"
    path.parent.mkdir(parents=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    [version] = standards_load(paths=[path])
    return version


def test_anyone_can_read_the_deadlines_without_logging_in(standard):
    response = Client().get("/frister/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Vesthimmerlands Kommune" in text
    assert "Aktivitets- og samværstilbud" in text
    assert "<strong>8 uger</strong>" in text
    assert "Du modtager svar på din ansøgning senest 8 uger efter modtagelsen." in text
    assert "Retssikkerhedsloven § 3, stk. 2" in text
    assert AccessLog.objects.count() == 0


def test_a_new_version_changes_the_page_on_its_valid_from_date(ten_working_days):
    with clock.frozen(dt.date(2027, 2, 28)):
        before = Client().get("/frister/vesthimmerland/").content.decode()
    with clock.frozen(dt.date(2027, 3, 1)):
        after = Client().get("/frister/vesthimmerland/").content.decode()
    assert "<strong>8 uger</strong>" in before and "10 arbejdsdage" not in before
    assert "<strong>10 arbejdsdage</strong>" in after and "<strong>8 uger</strong>" not in after
    assert "Kvalitetsstandard version 2027.1-test, gældende fra 1. marts 2027" in after


def test_a_municipality_without_a_standard_in_force_says_so_and_an_unknown_one_is_404(
    standard, other_municipality
):
    assert Client().get("/frister/findes-ikke/").status_code == 404
    page = Client().get(f"/frister/{other_municipality.slug}/").content.decode()
    assert "Der er ingen gældende kvalitetsstandarder med frister at vise." in page
    assert "Sagsbehandlingsfrister i Andeby Kommune (test)" in page


def test_a_draft_is_not_published(standard, tmp_path):
    data = yaml.safe_load(SOURCE.read_text(encoding="utf-8"))
    data.update(version="kladde", valid_from="2026-01-01", status="draft")
    data["deadlines"]["decision"]["period"] = {"amount": 3, "unit": "weeks"}
    path = tmp_path / "standards" / "vesthimmerland" / "sel-104" / "2026-01-01.yaml"
    path.parent.mkdir(parents=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    standards_load(paths=[path])
    with clock.frozen(dt.date(2026, 6, 1)):
        page = Client().get("/frister/").content.decode()
    assert "3 uger" not in page
    assert "<strong>8 uger</strong>" in page
