"""The main flow in a real browser: log in, register an application, find it on the worklist with
the right deadline, and move it into assessment."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from visitator.cases.models import Case
from visitator.core import clock
from visitator.demo.data import fictitious_cpr

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "correct horse battery staple"


def test_register_an_application_and_see_it_on_the_worklist(page, live_server, login, caseworker, rng):
    cpr = fictitious_cpr(rng)
    login(page, live_server.url, caseworker.username, PASSWORD)
    expect(page.get_by_role("heading", name="Arbejdsliste")).to_be_visible()

    page.get_by_role("link", name="Ny ansøgning").first.click()
    page.get_by_label("CPR-nummer").fill(f"{cpr[:6]}-{cpr[6:]}")
    page.get_by_role("button", name="Find borger").click()
    expect(page.get_by_role("heading", name="Opret borger")).to_be_visible()
    assert cpr not in page.url

    page.get_by_label("Fornavn(e)").fill("Birthe")
    page.get_by_label("Efternavn").fill("Testesen (testperson)")
    page.get_by_label("Postnummer").fill("9600")
    page.get_by_label("Modtaget via").select_option("letter")
    page.get_by_label("Betydelig nedsat fysisk eller psykisk funktionsevne (målgruppe 1)").check()
    page.get_by_role("button", name="Registrér ansøgning").click()

    case = Case.objects.get(citizen__cpr=cpr)
    expected_deadline = case.received_on + dt.timedelta(weeks=8)
    assert case.decision_deadline == expected_deadline
    expect(
        page.get_by_role("heading", name=f"Sag {case.number}: Birthe Testesen (testperson)")
    ).to_be_visible()
    expect(page.locator("#case-deadline")).to_contain_text(str(expected_deadline.year))
    assert cpr not in page.url

    page.get_by_role("link", name="Arbejdsliste").first.click()
    row = page.locator("#worklist tr", has_text=case.number)
    expect(row).to_contain_text("Birthe Testesen")
    expect(row).to_contain_text(expected_deadline.strftime("%d.%m.%Y"))
    days = (expected_deadline - clock.today()).days
    expect(row).to_contain_text(f"{days} dage tilbage")

    row.get_by_role("link", name=case.number).click()
    page.get_by_label("Ny status").select_option("assessment")
    page.get_by_role("button", name="Skift status").click()
    expect(page.locator("#case-status")).to_have_text("Under udredning")

    timeline = page.get_by_role("region", name="Sagens forløb")
    timeline.get_by_label("Type").select_option("phone")
    timeline.get_by_label("Notat", exact=True).fill("Borgeren ringede og fortalte om sine ønsker.")
    timeline.get_by_role("button", name="Gem notat").click()
    expect(page.locator("#timeline")).to_contain_text("Borgeren ringede og fortalte om sine ønsker.")


def test_a_bad_cpr_number_shows_a_danish_error(page, live_server, login, caseworker):
    login(page, live_server.url, caseworker.username, PASSWORD)
    page.goto(f"{live_server.url}/ansoegning/ny/")
    page.get_by_label("CPR-nummer").fill("320270-1234")
    page.get_by_role("button", name="Find borger").click()
    expect(page.get_by_role("alert")).to_contain_text("ikke en gyldig fødselsdato")
