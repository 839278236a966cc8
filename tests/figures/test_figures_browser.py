"""The figures page in a real browser: filters, the SVG charts, the export link, and axe-core (WCAG 2.1
A/AA)."""

from __future__ import annotations

import datetime as dt

import pytest

from visitator.cases.models import Case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"


def test_the_figures_page_is_accessible_and_filters(
    page, live_server, login, make_case, team_leader, axe_violations
):
    today = dt.date.today()
    decided = make_case(received_on=today - dt.timedelta(days=40))
    Case.objects.filter(pk=decided.pk).update(
        status="decided", outcome="granted", decided_on=today - dt.timedelta(days=2), awaiting_decision=False
    )
    make_case(received_on=today - dt.timedelta(days=3))
    login(page, live_server.url, team_leader.username, PASSWORD)
    page.goto(f"{live_server.url}/oversigter/")
    page.get_by_role("link", name="Ledelsestal").click()
    assert page.get_by_role("heading", name="Ledelsestal", exact=True).is_visible()
    assert page.get_by_role("img", name="Andel afgjort inden for fristen pr. måned").is_visible()
    problems = {"figures": axe_violations(page)}
    page.get_by_role("link", name="1 åbne sager – vis sagerne").first.click()
    assert page.get_by_role("heading", name="Åbne sager").is_visible()
    problems["drill-down"] = axe_violations(page)
    page.get_by_role("link", name="Tilbage til ledelsestal").click()
    page.get_by_label("Fra og med").fill((today + dt.timedelta(days=1)).isoformat())
    page.get_by_label("Til og med").fill(today.isoformat())
    page.get_by_role("button", name="Vis tal").click()
    assert page.get_by_text("Slutdatoen ligger før startdatoen.").first.is_visible()
    problems["figures error"] = axe_violations(page)
    assert problems == {name: [] for name in problems}
