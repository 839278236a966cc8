"""The provider's day in a real browser: log in, find the new citizen, accept the order, write how a
goal is going. The page must pass axe-core's WCAG 2.1 A/AA checks."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from visitator.core import clock
from visitator.grants.models import GoalProgress, Grant

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

PASSWORD = "correct horse battery staple"


def test_provider_accepts_the_order_and_notes_progress(
    page, live_server, login, axe_violations, provider_user, make_grant, offer, other_offer
):
    grant = make_grant(offer, first_name="Karen")
    make_grant(other_offer, first_name="Bodil")
    login(page, live_server.url, provider_user.username, PASSWORD)

    # The login lands on the provider's own list, not the caseworkers' worklist.
    assert page.url == f"{live_server.url}/leverandoer/"
    expect(page.get_by_role("heading", name="Borgere hos os")).to_be_visible()
    expect(page.locator("#provider-citizens")).to_contain_text("Ny bestilling – afventer jeres accept")
    expect(page.locator("#provider-citizens")).not_to_contain_text("Bodil")
    assert axe_violations(page) == []

    page.get_by_role("link", name="Karen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Karen")
    today = clock.today()
    page.get_by_label("Borgeren starter den").fill(today.isoformat())
    page.get_by_role("button", name="Acceptér bestillingen").click()
    expect(page.get_by_role("status").first).to_contain_text("Bestillingen er accepteret")
    expect(page.locator("#grant-status")).to_have_text("I gang")

    page.get_by_label("Hvordan går det med målet?").fill("Karen tog bussen alene i dag.")
    page.get_by_role("button", name="Gem fremskridt").click()
    expect(page.get_by_role("status").first).to_contain_text("Fremskridtet på målet er gemt")
    expect(page.locator(f"#goal-{grant.goals.get().id}")).to_contain_text("Karen tog bussen alene i dag.")

    # Attendance is recorded a week at a time (test_attendance_browser.py); the grant page links there.
    expect(page.get_by_role("link", name="Registrér fremmøde for ugen").first).to_be_visible()

    assert axe_violations(page) == []
    grant.refresh_from_db()
    assert grant.status == Grant.Status.ACTIVE and grant.start_date == today
    assert GoalProgress.objects.get(goal__grant=grant).by_provider
