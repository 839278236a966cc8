"""The DPO's access-log pages: search by citizen (CPR by POST), user, unit, action and period; export
with formulas neutralised; the DPO's own use logged; and the unusual-patterns report."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.test import Client
from openpyxl import load_workbook

from visitator.audit.models import AccessLog
from visitator.audit.services import access_log
from visitator.core import clock
from visitator.organisation.roles import DATA_PROTECTION_OFFICER
from visitator.people import cpr as cprlib

pytestmark = pytest.mark.django_db


@pytest.fixture
def dpo(unit, make_user):
    return make_user(DATA_PROTECTION_OFFICER, unit, "dorte")


@pytest.fixture
def dpo_client(dpo):
    client = Client()
    client.force_login(dpo)
    return client


def _new_rows(before: int) -> list[AccessLog]:
    return list(AccessLog.objects.filter(id__gt=before).order_by("id"))


def _last() -> int:
    return AccessLog.objects.order_by("-id").values_list("id", flat=True).first() or 0


def test_only_the_dpo_reads_the_access_log(caseworker, team_leader, dpo_client):
    for user in (caseworker, team_leader):
        client = Client()
        client.force_login(user)
        assert client.get("/databeskyttelse/adgangslog/").status_code == 403
        assert client.post("/databeskyttelse/adgangslog/", {"username": "sara"}).status_code == 403
        assert client.get("/databeskyttelse/moenstre/").status_code == 403
    assert dpo_client.get("/databeskyttelse/adgangslog/").status_code == 200
    # The front page (where the login lands) takes the DPO to the access log.
    assert dpo_client.get("/").url == "/databeskyttelse/adgangslog/"


def test_a_search_by_cpr_shows_that_citizen_s_rows_and_is_logged_masked(
    make_case, caseworker, dpo, dpo_client
):
    anna, bo = make_case(), make_case()
    access_log(user=caseworker, action="view", what="sag", case=anna)
    access_log(user=caseworker, action="view", what="sag", case=bo)
    before = _last()
    response = dpo_client.post("/databeskyttelse/adgangslog/", {"cpr": anna.citizen.cpr, "action": "view"})
    assert response.status_code == 200
    rows = response.context["result"].rows
    assert {v.row.citizen_id for v in rows} == {anna.citizen_id}
    assert {v.row.action for v in rows} == {"view"}
    assert rows[0].employee == "Test sagsbehandler" and rows[0].case_number == anna.number
    [own] = _new_rows(before)
    assert (own.action, own.what, own.user_id, own.citizen_id) == (
        "search",
        "dpo: adgangslog, søgning",
        dpo.id,
        anna.citizen_id,
    )
    assert own.detail == f"CPR {cprlib.mask(anna.citizen.cpr)}; handling view (1 rækker)"
    assert anna.citizen.cpr not in own.detail
    assert anna.citizen.cpr not in response.content.decode()


def test_a_bad_cpr_number_is_refused_in_danish_and_nothing_is_searched(dpo_client):
    before = _last()
    response = dpo_client.post("/databeskyttelse/adgangslog/", {"cpr": "320299-1234"})
    assert response.status_code == 400
    assert "De første seks cifre i CPR-nummeret er ikke en gyldig fødselsdato." in response.content.decode()
    assert _new_rows(before) == []


def test_a_cpr_number_nobody_has_finds_nothing_but_the_search_is_logged(dpo_client, make_case):
    make_case()
    before = _last()
    response = dpo_client.post("/databeskyttelse/adgangslog/", {"cpr": "010170-1235"})
    assert "Der er ingen borger i kommunen med det CPR-nummer." in response.content.decode()
    [own] = _new_rows(before)
    assert own.detail == f"CPR {cprlib.mask('0101701235')} (0 rækker)"
    assert "1235" not in own.detail


def test_search_by_user_unit_and_period(make_case, caseworker, team_leader, dpo_client, other_caseworker):
    case = make_case()
    with clock.frozen(dt.date(2026, 3, 2)):
        access_log(user=caseworker, action="view", what="sag", case=case)
    with clock.frozen(dt.date(2026, 3, 5)):
        access_log(user=team_leader, action="view", what="sag", case=case)
        access_log(user=caseworker, action="export", what="sag: journaludskrift", case=case)
    found = dpo_client.post(
        "/databeskyttelse/adgangslog/",
        {"username": "sara", "date_from": "2026-03-05", "date_to": "2026-03-05"},
    ).context["result"]
    assert [(v.row.username, v.row.action) for v in found.rows] == [("sara", "export")]
    by_unit = dpo_client.post(
        "/databeskyttelse/adgangslog/",
        {"unit": str(caseworker.membership.unit_id), "date_from": "2026-03-01", "date_to": "2026-03-31"},
    ).context["result"]
    assert {v.row.username for v in by_unit.rows} == {"sara", "tina"}
    assert by_unit.total == 3
    wrong = dpo_client.post(
        "/databeskyttelse/adgangslog/", {"date_from": "2026-03-05", "date_to": "2026-03-01"}
    )
    assert wrong.status_code == 400
    assert "Slutdatoen ligger før startdatoen." in wrong.content.decode()


def test_another_municipality_s_rows_are_never_shown(make_case, dpo_client, other_caseworker):
    access_log(
        user=other_caseworker,
        action="search",
        what="søgning",
        municipality=other_caseworker.membership.unit.municipality,
    )
    result = dpo_client.post("/databeskyttelse/adgangslog/", {"username": "olga"}).context["result"]
    assert result.total == 0


def test_exports_neutralise_formulas_and_are_logged(make_case, caseworker, dpo, dpo_client):
    case = make_case()
    access_log(user=caseworker, action="search", what="søgning", case=case, detail='=HYPERLINK("http://ond")')
    before = _last()
    csv_response = dpo_client.post("/databeskyttelse/adgangslog/", {"username": "sara", "export": "csv"})
    assert csv_response["Content-Type"] == "text/csv; charset=utf-8"
    assert csv_response["Content-Disposition"].startswith('attachment; filename="adgangslog-')
    text = csv_response.content.decode("utf-8-sig")
    assert '"\'=HYPERLINK(""http://ond"")"' in text
    assert "\n=" not in text and ";=" not in text
    xlsx = dpo_client.post("/databeskyttelse/adgangslog/", {"username": "sara", "export": "xlsx"})
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    details = [row[8].value for row in sheet.iter_rows(min_row=2)]
    assert '\'=HYPERLINK("http://ond")' in details
    assert all(
        not str(v or "").startswith(("=", "+", "-", "@"))
        for row in sheet.iter_rows()
        for v in (c.value for c in row)
    )
    exports = [r for r in _new_rows(before) if r.action == "export"]
    assert [(r.what, r.user_id) for r in exports] == [("dpo: adgangslog, eksport", dpo.id)] * 2
    assert exports[0].detail.startswith("csv: bruger sara (")


def test_unusual_patterns_lists_users_viewing_many_citizens_outside_their_cases(
    make_case, caseworker, team_leader, make_user, unit, dpo, dpo_client
):
    from visitator.organisation.roles import CASEWORKER

    other = make_user(CASEWORKER, unit, "sven")
    own = [make_case(user=caseworker) for _ in range(2)]
    others = [make_case(user=other) for _ in range(4)]
    day = dt.date(2026, 5, 4)
    with clock.frozen(day):
        # sara: her own two cases, and three of sven's citizens (one of them twice): 3 outside.
        for case in [*own, *others[:3], others[0]]:
            access_log(user=caseworker, action="view", what="sag", case=case)
        # tina: two of sven's citizens: below the threshold. A search shows many, but is not counted.
        for case in others[:2]:
            access_log(user=team_leader, action="view", what="sag", case=case)
        for case in others:
            access_log(user=team_leader, action="search", what="søgeresultat", case=case)
    before = _last()
    response = dpo_client.get(
        "/databeskyttelse/moenstre/", {"date_from": "2026-05-01", "date_to": "2026-05-31", "threshold": 3}
    )
    report = response.context["report"]
    assert [
        (u.username, u.outside_own_cases, u.citizens_viewed, u.top_day, u.top_day_count) for u in report
    ] == [("sara", 3, 5, day, 3)]
    [own_use] = _new_rows(before)
    assert (own_use.what, own_use.user_id) == ("dpo: usædvanlige mønstre", dpo.id)
    outside_period = dpo_client.get(
        "/databeskyttelse/moenstre/", {"date_from": "2026-06-01", "date_to": "2026-06-30", "threshold": 3}
    )
    assert outside_period.context["report"] == []
    bad = dpo_client.get(
        "/databeskyttelse/moenstre/", {"date_from": "2026-01-01", "date_to": "2027-06-30", "threshold": 3}
    )
    assert bad.status_code == 400
    assert "Vælg en periode på højst et år." in bad.content.decode()
