"""The new pages in a real browser: axe-core finds no WCAG 2.1 A/AA violation on the two-factor pages
and the administrator's user pages (with and without errors), and the two-factor set-up works end to
end with a code computed from the secret the page shows, as an authenticator app would."""

from __future__ import annotations

import base64

import pytest
from django.urls import reverse
from django_otp.oath import totp
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"


def test_two_factor_pages(page, live_server, login, caseworker, settings, axe_violations):
    settings.VISITATOR_REQUIRE_2FA = True
    login(page, live_server.url, caseworker.username, PASSWORD)
    expect(page.get_by_role("heading", name="Sæt to-faktor-login op")).to_be_visible()
    problems = {"enrol": axe_violations(page)}
    page.get_by_label("Kode fra godkendelses-appen").fill("12ab56")
    page.get_by_role("button", name="Aktivér").click()
    expect(page.get_by_text("Koden består kun af cifre.").first).to_be_visible()
    problems["enrol with error"] = axe_violations(page)
    # The key the page shows, typed into an "app": its code logs in.
    secret = page.locator(".otp-secret").inner_text().replace(" ", "")
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    page.get_by_label("Kode fra godkendelses-appen").fill(f"{totp(key):06d}")
    page.get_by_role("button", name="Aktivér").click()
    expect(page).to_have_url(f"{live_server.url}{reverse('cases:worklist')}")
    # The next log-in asks for the code.
    page.context.clear_cookies()
    login(page, live_server.url, caseworker.username, PASSWORD)
    expect(page.get_by_role("heading", name="Skriv koden fra din app")).to_be_visible()
    problems["verify"] = axe_violations(page)
    assert problems == {name: [] for name in problems}


def test_the_administrators_user_pages(page, live_server, login, administrator, caseworker, axe_violations):
    login(page, live_server.url, administrator.username, PASSWORD)
    page.goto(f"{live_server.url}{reverse('administration:home')}")
    page.get_by_role("link", name="Opret bruger").click()
    problems = {"new user": axe_violations(page)}
    page.get_by_role("button", name="Opret bruger").click()
    expect(page.get_by_text("Vælg en enhed eller leverandør.").first).to_be_visible()
    problems["new user with errors"] = axe_violations(page)
    page.goto(f"{live_server.url}{reverse('administration:user_edit', args=[caseworker.pk])}")
    expect(page.get_by_text("Du kan ikke sætte adgangskode for denne bruger")).to_be_visible()
    page.get_by_label("Kørselskontor").check()
    problems["edit user"] = axe_violations(page)
    page.get_by_role("button", name="Gem").click()
    expect(page.get_by_role("status").first).to_contain_text("Brugeren er gemt.")
    assert set(caseworker.groups.values_list("name", flat=True)) == {"sagsbehandler", "koerselskontor"}
    assert problems == {name: [] for name in problems}
