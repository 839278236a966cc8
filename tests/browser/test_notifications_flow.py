"""A caseworker sees the morning's reminder in the header, opens Påmindelser and marks it as read."""

from __future__ import annotations

import datetime as dt

import pytest

from visitator.core import clock
from visitator.jobs import sweep

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "correct horse battery staple"


def test_a_caseworker_reads_a_reminder(page, live_server, login, caseworker, make_case, axe_violations):
    # Received 8 weeks ago (real clock): the warning date, in week 7, has come.
    case = make_case(received_on=clock.today() - dt.timedelta(weeks=8))
    sweep.run_daily_sweep()
    login(page, live_server.url, caseworker.username, PASSWORD)
    link = page.locator("#notifications-link")
    assert link.inner_text().split() == ["Påmindelser", "1", "ulæste"]
    link.click()
    assert page.get_by_role("heading", level=1).inner_text() == "Påmindelser"
    row = page.locator("#notifications-unread tbody tr")
    assert case.number in row.inner_text() and "fristen for afgørelse" in row.inner_text()
    assert axe_violations(page) == []
    page.get_by_role("button", name=f"Markér som læst – {case.number}").click()
    assert "Påmindelsen er markeret som læst." in page.locator("main").inner_text()
    assert page.locator("#notifications-none").is_visible()
    assert page.locator("#notifications-link").inner_text().strip() == "Påmindelser"
    assert axe_violations(page) == []
