"""In a real browser: the public deadlines page (no login) and the DPO's search and report pass axe-core
(WCAG 2.1 A/AA), and the search by CPR number works with the CPR number never in the address bar."""

from __future__ import annotations

import pytest

from visitator.audit.services import access_log
from visitator.organisation.roles import DATA_PROTECTION_OFFICER

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"


def test_public_deadlines_and_the_dpo_pages_are_accessible(
    page, live_server, login, make_case, caseworker, unit, make_user, axe_violations
):
    case = make_case()
    access_log(user=caseworker, action="view", what="sag", case=case)
    dpo = make_user(DATA_PROTECTION_OFFICER, unit, "dorte")

    page.goto(f"{live_server.url}/frister/")
    assert page.get_by_role("heading", name="Sagsbehandlingsfrister", exact=True).is_visible()
    assert page.get_by_role("cell", name="8 uger", exact=False).first.is_visible()
    problems = {"frister": axe_violations(page)}

    login(page, live_server.url, dpo.username, PASSWORD)
    page.goto(f"{live_server.url}/databeskyttelse/adgangslog/")
    problems["search form"] = axe_violations(page)
    page.get_by_label("Borgerens CPR-nummer").fill(case.citizen.cpr)
    page.get_by_role("button", name="Søg i loggen").click()
    assert page.get_by_role("heading", name="Resultat").is_visible()
    assert page.get_by_role("cell", name=case.number).first.is_visible()
    assert case.citizen.cpr not in page.url and case.citizen.cpr not in page.content()
    problems["search result"] = axe_violations(page)
    page.get_by_label("Fra og med").fill("2027-01-02")
    page.get_by_label("Til og med").fill("2027-01-01")
    page.get_by_role("button", name="Søg i loggen").click()
    assert page.get_by_text("Slutdatoen ligger før startdatoen.").first.is_visible()
    problems["search error"] = axe_violations(page)

    page.get_by_role("link", name="Usædvanlige mønstre").click()
    assert page.get_by_role("heading", name="Usædvanlige mønstre i adgangsloggen").is_visible()
    problems["patterns"] = axe_violations(page)
    assert problems == {name: [] for name in problems}
