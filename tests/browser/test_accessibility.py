"""WCAG 2.1 AA: axe-core (npm, from the lockfile) checks each main page in the real browser."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "correct horse battery staple"


def test_main_pages_have_no_wcag_violations(
    page, live_server, login, caseworker, make_case, axe_violations, offer
):
    case = make_case()
    problems = {}
    response = page.goto(f"{live_server.url}/login/")
    assert response is not None and response.status == 200
    assert page.locator("h1").inner_text() == "Log ind"
    problems["login"] = axe_violations(page)

    login(page, live_server.url, caseworker.username, PASSWORD)
    # Each page with the start of its heading: axe only checks a page that really rendered.
    pages = {
        "worklist": ("/", "Arbejdsliste"),
        "application": ("/ansoegning/ny/", "Registrér ansøgning"),
        "case": (f"/sager/{case.id}/", f"Sag {case.number}: {case.citizen.full_name}"),
        "search": ("/borgere/soeg/", "Find borger"),
        "udredning": (f"/sager/{case.id}/udredning/", "Udredning"),
        "standard": (f"/sager/{case.id}/vurdering/", "Vurdering efter kvalitetsstandarden"),
        "hearing": (f"/sager/{case.id}/partshoering/", "Partshøring"),
        "decision": (f"/sager/{case.id}/afgoerelse/", "Afgørelse"),
        "grant": (f"/sager/{case.id}/bevilling/", "Bevilling"),
        "follow-ups": ("/opfoelgning/", "Opfølgninger, der skal laves"),
        "overview": ("/oversigter/", "Oversigter"),
        "waiting list": ("/venteliste/", "Venteliste"),
        "transport": ("/koersel/", "Kørselsbestillinger"),
        "departures": ("/rapporter/afvigelser/", "Afvigelser fra kvalitetsstandarden"),
        "print queue": ("/breve/print/", "Breve til print"),
    }
    for name, (path, heading) in pages.items():
        response = page.goto(f"{live_server.url}{path}")
        rendered = (response.status if response else None, page.locator("h1").inner_text())
        assert rendered == (200, heading), name
        problems[name] = axe_violations(page)
    # A form with errors (error summary, invalid fields) and the application form for a new citizen.
    page.goto(f"{live_server.url}/ansoegning/ny/")
    page.get_by_label("CPR-nummer").fill("320270-1234")
    page.get_by_role("button", name="Find borger").click()
    assert (
        page.locator("[data-error-summary] .alert-heading").inner_text()
        == "Der er fejl i det, du har indtastet"
    )
    problems["cpr error"] = axe_violations(page)
    page.get_by_label("CPR-nummer").fill("010170-1235")
    page.get_by_role("button", name="Find borger").click()
    assert page.locator("h1").inner_text() == "Registrér ansøgning"
    problems["new citizen"] = axe_violations(page)
    # The judgements against the standard with errors: a judgement without its reason.
    page.goto(f"{live_server.url}/sager/{case.id}/vurdering/")
    page.locator("#finding-social_problems").get_by_label("Opfyldt", exact=True).check()
    page.get_by_role("button", name="Gem vurderingerne").click()
    problems["judgements error"] = axe_violations(page)
    assert problems == {name: [] for name in problems}
