"""The citizen portal in a real Chromium: log in through the development identity provider (the real
OpenID Connect flow with PKCE), read the case's status, the letters and the access log; every portal
page passes axe-core's WCAG 2.1 A/AA checks; and the whole path works without JavaScript."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from visitator.devidp import services as devidp
from visitator.portal import oidc


@pytest.fixture
def portal(live_server, settings, world_for_browser):
    settings.PORTAL_OIDC_ISSUER = f"{live_server.url}/devidp"
    oidc.discovery_clear()
    devidp.client_register([f"{live_server.url}/borger/log-ind/retur/"])
    yield live_server
    oidc.discovery_clear()


@pytest.fixture
def world_for_browser(transactional_db, caseworker, make_citizen, make_case):
    from visitator.cases import services as case_services

    anna = make_citizen(first_name="Anna", last_name="Jensen (testperson)")
    case = make_case(citizen=anna)
    case_services.receipt_send(user=caseworker, case=case)
    devidp._identity(anna.cpr, anna.full_name, "borger")
    return {"anna": anna, "case": case}


def _log_in(page: Page, url: str, name: str) -> None:
    page.goto(f"{url}/borger/log-ind/")
    page.get_by_role("link", name="Log ind med MitID").click()
    page.get_by_label(name, exact=False).check()
    page.get_by_role("button", name="Log ind").click()


def test_login_case_letters_and_log_pass_axe(page: Page, portal, world_for_browser, axe_violations) -> None:
    page.goto(f"{portal.url}/borger/log-ind/")
    assert axe_violations(page) == []
    page.get_by_role("link", name="Log ind med MitID").click()
    expect(page.get_by_role("heading", name="Log ind som en testperson")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_label("Anna Jensen (testperson)", exact=False).check()
    page.get_by_role("button", name="Log ind").click()

    expect(page.get_by_role("heading", name="Dine sager")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("link", name=f"Sag {world_for_browser['case'].number}").click()
    expect(page.get_by_text("Vi vurderer din ansøgning. Du får svar senest")).to_be_visible()
    expect(page.get_by_role("link", name="Hent brevet (kvittering for ansøgning, pdf)")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Tilbage til sagerne").click()
    page.get_by_role("link", name="Se hvem der har brugt oplysningerne (adgangslog)").click()
    expect(page.get_by_role("heading", name="Hvem har brugt oplysningerne")).to_be_visible()
    expect(page.get_by_role("cell", name="Dig selv (selvbetjening)").first).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Log ud").click()
    expect(page.get_by_text("Du er logget ud.")).to_be_visible()


def test_the_portal_works_without_javascript(browser: Browser, portal, world_for_browser) -> None:
    context = browser.new_context(java_script_enabled=False, locale="da-DK")
    page = context.new_page()
    try:
        _log_in(page, portal.url, "Anna Jensen (testperson)")
        expect(page.get_by_role("heading", name="Dine sager")).to_be_visible()
        page.get_by_role("link", name=f"Sag {world_for_browser['case'].number}").click()
        expect(page.get_by_text("Vi vurderer din ansøgning.")).to_be_visible()
    finally:
        context.close()


def test_apply_and_see_the_status(page: Page, portal, world_for_browser, axe_violations) -> None:
    """Login → apply (error summary, review, receipt) → the new case's status; each step passes axe."""
    _log_in(page, portal.url, "Anna Jensen (testperson)")
    page.get_by_role("link", name="Søg om aktivitets- og samværstilbud").click()
    expect(page.get_by_role("navigation", name="Trin i ansøgningen")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Videre").click()
    expect(page.get_by_text("Der er fejl i det, du har udfyldt")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Vælg mindst én ting, du gerne vil have hjælp til.").click()
    page.get_by_label("At være sammen med andre").check()
    page.get_by_label("Fortæl med dine egne ord").fill("Jeg vil gerne have noget at stå op til.")
    page.get_by_label("Ja, I må indhente de oplysninger, der er nødvendige").check()
    page.get_by_role("button", name="Videre").click()
    expect(page.get_by_role("heading", name="Se og send din ansøgning")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Send ansøgningen").click()
    expect(page.get_by_role("heading", name="Vi har modtaget din ansøgning")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Se din sag").click()
    expect(page.get_by_text("Vi vurderer din ansøgning. Du får svar senest")).to_be_visible()
    assert axe_violations(page) == []
