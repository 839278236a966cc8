"""WCAG 2.1 AA: axe-core (npm, from the lockfile) checks each main page in the real browser."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db(transaction=True)

AXE = Path(settings.NODE_MODULES) / "axe-core" / "axe.min.js"
PASSWORD = "correct horse battery staple"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_violations(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} -> {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
    ]


def test_main_pages_have_no_wcag_violations(page, live_server, login, caseworker, make_case):
    case = make_case()
    page.goto(f"{live_server.url}/login/")
    assert axe_violations(page) == []

    login(page, live_server.url, caseworker.username, PASSWORD)
    pages = {
        "worklist": "/",
        "application": "/ansoegning/ny/",
        "case": f"/sager/{case.id}/",
        "search": "/borgere/soeg/",
    }
    problems = {}
    for name, path in pages.items():
        page.goto(f"{live_server.url}{path}")
        problems[name] = axe_violations(page)
    # A form with errors (error summary, invalid fields) and the application form for a new citizen.
    page.goto(f"{live_server.url}/ansoegning/ny/")
    page.get_by_label("CPR-nummer").fill("320270-1234")
    page.get_by_role("button", name="Find borger").click()
    problems["cpr error"] = axe_violations(page)
    page.get_by_label("CPR-nummer").fill("010170-1235")
    page.get_by_role("button", name="Find borger").click()
    problems["new citizen"] = axe_violations(page)
    assert problems == {name: [] for name in problems}
