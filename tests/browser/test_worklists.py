"""In the browser: search from the header, a team leader moving cases, and axe on the new pages."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from visitator.audit.models import AccessLog, Event
from visitator.cases.models import Case
from visitator.organisation.roles import CASEWORKER

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "correct horse battery staple"


def test_search_from_the_header_finds_the_case_and_keeps_the_criterion_out_of_urls(
    page, live_server, login, caseworker, make_case, make_citizen, axe_violations
):
    case = make_case(citizen=make_citizen(first_name="Gertrud", last_name="Olsen (testperson)"))
    make_case(citizen=make_citizen(first_name="Bo", last_name="Berg (testperson)"))
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    login(page, live_server.url, caseworker.username, PASSWORD)

    page.goto(f"{live_server.url}/sager/{case.id}/")
    search = page.get_by_role("search", name="Søg efter borger eller sag")
    search.get_by_label("Søg på navn, sagsnummer eller CPR").fill("gertrud olsen")
    with page.expect_navigation():
        search.get_by_role("button", name="Søg").click()
    results = page.locator("#search-result")
    expect(results.get_by_role("heading", name="1 borger fundet")).to_be_visible()
    expect(results).to_contain_text("Gertrud Olsen (testperson)")
    expect(results).to_contain_text(f"CPR {case.citizen.cpr[:6]}-****")
    expect(results).not_to_contain_text("Bo Berg")
    assert axe_violations(page) == []

    # By CPR number: the page never repeats the number, the log keeps it masked.
    cpr = case.citizen.cpr
    field = page.locator("main").get_by_role("searchbox", name="Søg efter borger eller sag")
    field.fill(f"{cpr[:6]}-{cpr[6:]}")
    with page.expect_navigation():
        page.locator("main").get_by_role("button", name="Søg").click()
    expect(results).to_contain_text(case.number)
    assert cpr[6:] not in page.locator("main").inner_text()
    assert field.input_value() == ""

    with page.expect_navigation():
        results.get_by_role("link", name=f"Sag {case.number}").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(case.number)
    assert not any("gertrud" in url.lower() or cpr in url for url in requests)
    details = list(AccessLog.objects.filter(action="search").values_list("detail", flat=True))
    assert "navn: gertrud olsen (1 fundet)" in details and f"CPR {cpr[:6]}-**** (1 fundet)" in details


def test_a_team_leader_moves_two_cases_to_another_caseworker(
    page, live_server, login, team_leader, caseworker, make_user, unit, make_case, axe_violations
):
    soeren = make_user(CASEWORKER, unit, "soeren")
    soeren.first_name, soeren.last_name = "Søren", "Sagsbehandler"
    soeren.save()
    first, second, third = (make_case(received_on=dt.date.today() - dt.timedelta(days=i)) for i in range(3))
    login(page, live_server.url, team_leader.username, PASSWORD)
    expect(page.get_by_role("heading", name="Arbejdsliste")).to_be_visible()
    assert axe_violations(page) == []

    # Nothing chosen: the error summary, nothing moved.
    page.get_by_role("button", name="Flyt valgte sager").click()
    summary = page.locator("[data-error-summary]")
    expect(summary).to_contain_text("Vælg de sager, der skal flyttes.")
    expect(summary).to_contain_text("Skriv hvorfor sagerne flyttes.")
    assert axe_violations(page) == []

    page.get_by_label(f"Vælg sag {first.number}").check(force=True)
    page.get_by_label(f"Vælg sag {second.number}").check(force=True)
    page.get_by_label("Ny sagsbehandler").select_option(label="Søren Sagsbehandler")
    page.get_by_label("Begrundelse").fill("Sara er på kursus i to uger.")
    button = page.get_by_role("button", name="Flyt valgte sager")
    # A double click sends the form twice: the cases move once.
    with page.expect_navigation():
        button.dblclick()
    page.wait_for_load_state("networkidle")
    expect(page.locator("#messages")).to_contain_text("flyttet til Søren Sagsbehandler")
    row = page.locator("#worklist tr", has_text=first.number)
    expect(row).to_contain_text("Søren Sagsbehandler")
    assert {c.number: c.caseworker_id for c in Case.objects.all()} == {
        first.number: soeren.pk,
        second.number: soeren.pk,
        third.number: caseworker.pk,
    }
    assert Event.objects.filter(kind="case.reassigned").count() == 2


def test_new_pages_have_no_wcag_violations(
    page, live_server, login, administrator, caseworker, make_case, offer, axe_violations
):
    make_case()
    administrator.is_staff = True
    administrator.save()
    login(page, live_server.url, administrator.username, PASSWORD)
    expect(page.get_by_role("heading", name="Administration", level=1)).to_be_visible()
    problems = {"administration": axe_violations(page)}
    page.context.clear_cookies()
    login(page, live_server.url, caseworker.username, PASSWORD)
    for name, path in {
        "search": "/soeg/",
        "follow-ups 365": "/opfoelgning/?horisont=365",
        "worklist by citizen": "/?sortering=borger&visning=unit",
    }.items():
        page.goto(f"{live_server.url}{path}")
        problems[name] = axe_violations(page)
    page.goto(f"{live_server.url}/soeg/")
    page.get_by_role("button", name="Søg").last.click()
    page.wait_for_load_state()
    problems["search error"] = axe_violations(page)
    assert problems == {name: [] for name in problems}
