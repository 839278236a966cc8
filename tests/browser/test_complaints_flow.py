"""The complaint chain in a real browser: refusal letter → complaint → upheld → forwarding package →
Ankestyrelsen hjemviser → the case is back on the worklist with its new deadline → new decision.

The clock is frozen per step (the live server runs in this process): decided Tuesday 1 December 2026,
complaint received Monday 7 December (genvurdering due Monday 4 January 2027), sent on 14 December,
Ankestyrelsen's hjemvisning received Friday 5 February 2027: the standard's 8 weeks end Friday 2 April
2027.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from visitator.complaints.models import Complaint, Forwarding
from visitator.core import clock
from visitator.letters.models import Letter

from ..complaints.conftest import assess_for_refusal

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "correct horse battery staple"


def moment(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def refuse(page: Page) -> None:
    page.get_by_role("link", name="Afgørelse", exact=True).click()
    page.get_by_label("Afslag").check()
    page.get_by_label("Hovedhensyn i skønnet").fill("Behovet for samvær dækkes af netværkscaféen.")
    page.get_by_label("Faktiske forhold, der er lagt vægt på").fill("Du kommer i caféen to gange om ugen.")
    # Deciding saves a draft; nothing is sent until "Send afgørelsen".
    page.get_by_role("button", name="Gem udkast og se brevet").click()
    page.get_by_role("button", name="Send afgørelsen").click()
    expect(page.locator("#case-status")).to_have_text("Afgjort: Afslag")


def test_refusal_complaint_upheld_forwarded_remitted_and_decided_again(
    page, live_server, login, caseworker, make_case, axe_violations
):
    base = live_server.url
    with clock.frozen(moment(dt.date(2026, 12, 1), 9)):
        case = make_case()
        assess_for_refusal(caseworker, case)
        login(page, base, caseworker.username, PASSWORD)
        page.goto(f"{base}/sager/{case.id}/")
        refuse(page)
    refusal = Letter.objects.get(case=case, kind="refusal")
    assert refusal.complaint_deadline == dt.date(2026, 12, 29)

    with clock.frozen(moment(dt.date(2026, 12, 7))):
        page.get_by_role("link", name="Klager", exact=True).click()
        expect(page.locator("#no-suspensive-effect")).to_contain_text("ikke opsættende virkning")
        page.get_by_label("Klagen er modtaget").fill("2026-12-07")
        page.get_by_label("Modtaget via").select_option("email")
        page.get_by_label("Hvad klages der over?").fill("Jeg er uenig. Caféen er ikke et tilbud til mig.")
        page.get_by_role("button", name="Registrér klage").click()
        expect(page.get_by_role("status").first).to_contain_text("Frist for genvurdering: 04.01.2027")
        section = page.locator("section.finding").first
        expect(section.locator(".complaint-status")).to_have_text("Afventer genvurdering")
        expect(section.locator(".reconsideration-deadline")).to_contain_text("4. januar 2027")
        assert axe_violations(page) == []

    with clock.frozen(moment(dt.date(2026, 12, 14))):
        page.goto(f"{base}/")
        expect(page.locator("#complaints-reconsideration")).to_contain_text(case.number)
        expect(page.locator("#complaints-reconsideration")).to_contain_text("21 dage tilbage")
        page.locator("#complaints-reconsideration").get_by_role("link", name=case.number).click()
        page.get_by_label("Fastholdt").check()
        page.get_by_label("Begrundelse").fill("Netværkscaféen dækker dit behov for samvær, jf. udtalelsen.")
        page.get_by_role("button", name="Gem genvurdering").click()
        expect(page.get_by_role("status").first).to_contain_text("afgørelsen fastholdes")
        page.get_by_role("button", name="Byg oversendelsespakken og send").click()
        expect(page.get_by_role("status").first).to_contain_text("sendt til Ankestyrelsen den 14.12.2026")
        section = page.locator("section.finding").first
        expect(section.locator(".forwarded-on")).to_contain_text("14. december 2026")
        expect(section.locator(".complaint-status")).to_have_text(
            "Sendt til Ankestyrelsen – afventer afgørelse"
        )
        complaint = Complaint.objects.get(case=case)
        package = page.locator(f"#package-{complaint.id}")
        pdf_href = package.get_by_role("link", name="Hent akterne som PDF").get_attribute("href")
        zip_href = package.get_by_role("link", name="Hent akterne som zip").get_attribute("href")
        pdf = page.request.get(f"{base}{pdf_href}")
        assert pdf.status == 200 and pdf.body().startswith(b"%PDF")
        archive = page.request.get(f"{base}{zip_href}")
        assert archive.status == 200 and archive.body().startswith(b"PK")
        forwarding = Forwarding.objects.get(complaint=complaint)
        assert forwarding.bundle.aktliste[0]["key"] == f"complaint:{complaint.id}"
        assert forwarding.letter.kind == "complaint_forwarded"

    with clock.frozen(moment(dt.date(2027, 2, 5))):
        page.reload()
        page.locator("summary", has_text="Registrér Ankestyrelsens afgørelse").click()
        page.get_by_label("Ankestyrelsens afgørelse", exact=True).select_option("remitted")
        page.get_by_label("Modtaget fra Ankestyrelsen").fill("2027-02-05")
        page.get_by_role("button", name="Registrér afgørelsen").click()
        expect(page.get_by_role("status").first).to_contain_text("ny frist for afgørelse 02.04.2027")
        expect(page.locator(".appeal-outcome")).to_contain_text("Hjemvist")
        expect(page.locator(".complaint-status")).to_have_text("Hjemvist – sagen behandles igen")

        page.goto(f"{base}/")
        expect(page.locator("#worklist")).to_contain_text(case.number)
        expect(page.locator("#worklist")).to_contain_text("02.04.2027")
        page.locator("#worklist").get_by_role("link", name=case.number).click()
        expect(page.locator("#case-status")).to_have_text("Under udredning")
        expect(page.locator("#case-deadline")).to_have_text("2. april 2027")

    with clock.frozen(moment(dt.date(2027, 2, 10))):
        refuse(page)
        page.get_by_role("link", name="Klager", exact=True).click()
        expect(page.locator(".complaint-status")).to_have_text("Hjemvist – ny afgørelse truffet")
    assert Letter.objects.filter(case=case, kind="refusal").count() == 2
    assert (
        case.decisions.order_by("decided_at").last().replaces_id
        == case.decisions.order_by("decided_at").first().pk
    )
