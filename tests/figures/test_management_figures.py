"""The team leader's figures on a fixed data set, with every answer worked out by hand below.

Deadline: 8 weeks (56 days) from receipt, from the Vesthimmerland standard. "Today" is 31 March 2026.

Decided cases (received -> decided, days, deadline, within?):
  A  5 Jan -> 2 Feb    28 days, deadline 2 Mar, within
  B  5 Jan -> 2 Mar    56 days, deadline 2 Mar, within (on the day)
  C  6 Jan -> 10 Mar   63 days, deadline 3 Mar, late
  D  2 Feb -> 16 Mar   42 days, deadline 30 Mar, within
  E 12 Jan -> 20 Mar   67 days, deadline 9 Mar, late, with a written notice
February: 1 decided, 1 within, median 28, 90th percentile 28.
March: 4 decided (B, C, D, E), 2 within; days sorted 42, 56, 63, 67: median (56 + 63) / 2 = 59.5;
90th percentile by nearest rank: ceil(0.9 * 4) = 4th smallest = 67; 1 notice.

Open cases on 31 March (age in days): F 30 Mar (1), G 1 Mar (30), H 20 Jan (70, Søren's).
Bands 0-14: 1, 15-28: 0, 29-56: 1, 57+: 1. Load: Sara 2 (F, G), Søren 1 (H).
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.test import Client
from openpyxl import load_workbook

from visitator.audit.models import AccessLog
from visitator.cases.models import Case, DeadlineNotice
from visitator.core import clock
from visitator.figures import selectors
from visitator.organisation.roles import CASEWORKER

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 31)


def _decide(case: Case, on: dt.date) -> None:
    Case.objects.filter(pk=case.pk).update(
        status="decided", outcome="granted", decided_on=on, awaiting_decision=False
    )


@pytest.fixture
def data_set(make_case, caseworker, make_user, unit):
    soeren = make_user(CASEWORKER, unit, "soeren")
    soeren.first_name, soeren.last_name = "Søren", "Sagsbehandler"
    soeren.save()
    caseworker.first_name, caseworker.last_name = "Sara", "Sagsbehandler"
    caseworker.save()
    d = dt.date
    decided = {
        "A": (d(2026, 1, 5), d(2026, 2, 2)),
        "B": (d(2026, 1, 5), d(2026, 3, 2)),
        "C": (d(2026, 1, 6), d(2026, 3, 10)),
        "D": (d(2026, 2, 2), d(2026, 3, 16)),
        "E": (d(2026, 1, 12), d(2026, 3, 20)),
    }
    cases = {}
    for name, (received, decided_on) in decided.items():
        cases[name] = make_case(received_on=received)
        _decide(cases[name], decided_on)
    DeadlineNotice.objects.create(
        case=cases["E"],
        sent_at=clock.now(),
        sent_by=caseworker,
        expected_decision_on=d(2026, 3, 20),
        reason="Vi venter på en lægeudtalelse.",
        recipient="Anna Jensen",
        letter_text="Varsel",
    )
    cases["F"] = make_case(received_on=d(2026, 3, 30))
    cases["G"] = make_case(received_on=d(2026, 3, 1))
    cases["H"] = make_case(received_on=d(2026, 1, 20), user=soeren)
    return cases


def _figures(team_leader, **filters):
    with clock.frozen(TODAY):
        return selectors.figures(
            user=team_leader,
            filters=selectors.Filters(date_from=dt.date(2026, 1, 1), date_to=TODAY, **filters),
        )


def test_deadline_compliance_per_month_and_unit(data_set, team_leader, unit):
    rows = _figures(team_leader).compliance
    assert [(r.month, r.unit, r.decided, r.within, r.median_days, r.p90_days, r.notices) for r in rows] == [
        (dt.date(2026, 2, 1), unit.name, 1, 1, 28.0, 28, 0),
        (dt.date(2026, 3, 1), unit.name, 4, 2, 59.5, 67, 1),
    ]
    assert rows[1].share == 0.5


def test_open_cases_by_age_and_load_per_caseworker(data_set, team_leader):
    figures = _figures(team_leader)
    assert figures.open_by_age == [
        ("0-14 dage", 1),
        ("15-28 dage", 0),
        ("29-56 dage", 1),
        ("57 dage og derover", 1),
    ]
    assert figures.load == [("Sara Sagsbehandler", 2), ("Søren Sagsbehandler", 1)]
    assert sum(n for _label, n in figures.open_by_action) == 3


def test_departures_by_what_was_departed_from(data_set, team_leader, caseworker):
    from visitator.assessment.models import Departure

    for name, subject, day in [
        ("A", "scope", dt.date(2026, 2, 1)),
        ("B", "scope", dt.date(2026, 2, 20)),
        ("C", "transport.individual_taxi", dt.date(2026, 3, 3)),
        ("D", "scope", dt.date(2025, 12, 31)),  # before the period
    ]:
        with clock.frozen(day):
            Departure.objects.create(
                case=data_set[name],
                subject=subject,
                subject_text=f"Standardens tekst om {subject}",
                reason="Begrundelse",
                at=clock.now(),
                by=caseworker,
            )
    assert _figures(team_leader).departures == [
        ("scope", "Standardens tekst om scope", 2),
        ("transport.individual_taxi", "Standardens tekst om transport.individual_taxi", 1),
    ]


def test_the_unit_filter_and_the_period_narrow_the_figures(data_set, team_leader, other_municipality):
    from visitator.organisation.models import Unit

    empty_unit = Unit.objects.create(
        municipality=team_leader.membership.unit.municipality, code="x", name="X"
    )
    figures = _figures(team_leader, unit_id=empty_unit.id)
    assert figures.compliance == [] and figures.load == []
    with clock.frozen(TODAY):
        february = selectors.figures(
            user=team_leader,
            filters=selectors.Filters(date_from=dt.date(2026, 2, 1), date_to=dt.date(2026, 2, 28)),
        )
    assert [(r.month, r.decided) for r in february.compliance] == [(dt.date(2026, 2, 1), 1)]


@pytest.mark.parametrize(
    ("values", "median", "p90"),
    [([], None, None), ([5], 5.0, 5), ([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 5.5, 9), ([3, 1, 2], 2.0, 3)],
)
def test_median_and_nearest_rank_percentile(values, median, p90):
    assert selectors.median(values) == median
    assert selectors.percentile_nearest_rank(values, 90) == p90


def test_only_team_leaders_see_the_page_and_its_use_is_logged(data_set, caseworker, team_leader):
    client = Client()
    client.force_login(caseworker)
    assert client.get("/ledelsestal/").status_code == 403
    client.force_login(team_leader)
    with clock.frozen(TODAY):
        response = client.get("/ledelsestal/", {"date_from": "2026-01-01", "date_to": "2026-03-31"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "<svg" in page and "Andel afgjort inden for fristen pr. måned" in page
    assert "marts 2026" in page
    row = AccessLog.objects.filter(what="ledelsestal").get()
    assert (row.action, row.user_id, row.citizen_id) == ("view", team_leader.id, None)
    bad = client.get("/ledelsestal/", {"date_from": "2026-04-01", "date_to": "2026-03-01"})
    assert bad.status_code == 400
    assert "Slutdatoen ligger før startdatoen." in bad.content.decode()


def test_the_cases_behind_a_number_are_listed_and_logged(data_set, team_leader, unit, caseworker):
    client = Client()
    client.force_login(team_leader)
    with clock.frozen(TODAY):
        page = client.get(
            "/ledelsestal/", {"date_from": "2026-01-01", "date_to": "2026-03-31"}
        ).content.decode()
        assert f"hvad=for-sent&amp;maaned=2026-03&amp;enhed={unit.id}" in page
        before = AccessLog.objects.order_by("-id").values_list("id", flat=True).first()
        late = client.get(
            "/ledelsestal/sager/", {"hvad": "for-sent", "maaned": "2026-03", "enhed": str(unit.id)}
        )
        old = client.get("/ledelsestal/sager/", {"hvad": "aabne", "alder": "3"})
    assert late.status_code == 200
    assert [c.number for c in late.context["cases"]] == [data_set["C"].number, data_set["E"].number]
    assert [c.number for c in old.context["cases"]] == [data_set["H"].number]
    assert data_set["C"].citizen.first_name not in late.content.decode()
    rows = AccessLog.objects.filter(id__gt=before, what="ledelsestal: sager")
    assert sorted((r.case_id, r.citizen_id) for r in rows) == sorted(
        (data_set[n].id, data_set[n].citizen_id) for n in ("C", "E", "H")
    )
    caseworker_client = Client()
    caseworker_client.force_login(caseworker)
    assert caseworker_client.get("/ledelsestal/sager/").status_code == 403
    assert client.get("/ledelsestal/sager/", {"maaned": "marts"}).status_code == 400


def test_the_export_for_publication_suppresses_counts_under_5(data_set, team_leader):
    client = Client()
    client.force_login(team_leader)
    query = {"date_from": "2026-01-01", "date_to": "2026-03-31", "eksport": "xlsx"}
    with clock.frozen(TODAY):
        internal = load_workbook(io.BytesIO(client.get("/ledelsestal/", query).content))
        published = load_workbook(
            io.BytesIO(client.get("/ledelsestal/", {**query, "offentliggoerelse": "1"}).content)
        )
    rows = [[c.value for c in r] for r in internal["Frister"].iter_rows(min_row=2)]
    assert [r[0] for r in rows] == ["2026-02", "2026-03"]
    assert [r[2:] for r in rows] == [[1, 1, 100, 28, 28, 0], [4, 2, 50, 59.5, 67, 1]]
    public = [[c.value for c in r] for r in published["Frister"].iter_rows(min_row=2)]
    assert [r[2:] for r in public] == [
        ["<5", "<5", None, None, None, 0],
        ["<5", "<5", None, None, None, "<5"],
    ]
    load = [[c.value for c in r] for r in published["Sager pr. sagsbehandler"].iter_rows(min_row=2)]
    assert load == [["Sara Sagsbehandler", "<5"], ["Søren Sagsbehandler", "<5"]]
    exports = AccessLog.objects.filter(what="ledelsestal", action="export")
    assert exports.count() == 2
