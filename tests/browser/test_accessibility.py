"""WCAG 2.1 AA: axe-core (npm, from the lockfile) checks each main page in the real browser."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "correct horse battery staple"


def test_main_pages_have_no_wcag_violations(
    page, live_server, login, caseworker, make_case, axe_violations, offer
):
    case = make_case()
    page.goto(f"{live_server.url}/login/")
    assert axe_violations(page) == []

    login(page, live_server.url, caseworker.username, PASSWORD)
    pages = {
        "worklist": "/",
        "application": "/ansoegning/ny/",
        "case": f"/sager/{case.id}/",
        "search": "/borgere/soeg/",
        "udredning": f"/sager/{case.id}/udredning/",
        "standard": f"/sager/{case.id}/vurdering/",
        "hearing": f"/sager/{case.id}/partshoering/",
        "decision": f"/sager/{case.id}/afgoerelse/",
        "grant": f"/sager/{case.id}/bevilling/",
        "follow-ups": "/opfoelgning/",
        "overview": "/oversigter/",
        "waiting list": "/venteliste/",
        "transport": "/koersel/",
        "departures": "/rapporter/afvigelser/",
        "print queue": "/breve/print/",
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
    # The judgements against the standard with errors: a judgement without its reason.
    page.goto(f"{live_server.url}/sager/{case.id}/vurdering/")
    page.locator("#finding-social_problems").get_by_label("Opfyldt", exact=True).check()
    page.get_by_role("button", name="Gem vurderingerne").click()
    problems["judgements error"] = axe_violations(page)
    assert problems == {name: [] for name in problems}
