"""The waiting list a page at a time in a real browser: the DKFDS pagination under the table leads to
the next page and back to the first, and both pages pass axe-core's WCAG 2.1 A/AA checks."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from visitator.grants.models import Grant

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

PASSWORD = "correct horse battery staple"


def test_the_waiting_list_pages_forward_and_back_to_the_first_page(
    page, live_server, login, axe_violations, team_leader, assessed_case, grant_for, clone_grants
):
    clone_grants(grant_for(assessed_case), 30, status=Grant.Status.WAITING)
    login(page, live_server.url, team_leader.username, PASSWORD)
    page.goto(f"{live_server.url}/venteliste/")
    rows = page.locator("#waiting tbody tr")
    expect(rows).to_have_count(25)
    expect(rows.first).to_contain_text("Borger00 Kopisen")
    assert axe_violations(page) == []

    page.get_by_role("link", name="Næste side").click()
    expect(rows).to_have_count(5)
    expect(rows.first).to_contain_text("Borger25 Kopisen")
    expect(page.get_by_role("link", name="Næste side")).to_have_count(0)
    assert axe_violations(page) == []

    page.get_by_role("link", name="Første side").click()
    expect(rows).to_have_count(25)
    expect(rows.first).to_contain_text("Borger00 Kopisen")
