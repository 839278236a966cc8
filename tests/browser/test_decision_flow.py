"""The decision flows in a real browser: application → assessment → hearing → refusal draft → letter,
and application → assessment → grant draft → letter → stop draft → letter. Deciding shows the letter
as a draft; nothing is sent until "Send afgørelsen"."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import Page, expect

from visitator.cases.models import Case
from visitator.core import clock
from visitator.demo.data import fictitious_cpr
from visitator.letters.models import Letter

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "correct horse battery staple"


def register(page: Page, base: str, cpr: str, first: str) -> Case:
    page.goto(f"{base}/ansoegning/ny/")
    page.get_by_label("CPR-nummer", exact=True).fill(cpr)
    page.get_by_role("button", name="Find borger").click()
    page.get_by_label("Fornavn(e)").fill(first)
    page.get_by_label("Efternavn").fill("Testesen (testperson)")
    page.get_by_role("button", name="Registrér ansøgning").click()
    expect(page.locator("#case-status")).to_have_text("Modtaget")
    return Case.objects.get(citizen__cpr=cpr)


def judge(page: Page, rule_heading: str, choice: str, reason: str) -> None:
    """Fill one criterion's row of the judgements form (saved with the others by `assess`)."""
    section = page.locator(
        "section.finding", has=page.get_by_role("heading", name=re.compile(re.escape(rule_heading)))
    )
    section.get_by_label(choice, exact=True).check()
    section.get_by_label("Begrundelse").fill(reason)


def assess(page: Page, case: Case, exclusion: str) -> None:
    """Judge the three criteria on one form with one save."""
    page.get_by_role("link", name="Vurdering efter kvalitetsstandarden").click()
    judge(
        page,
        "betydelig nedsat fysisk eller psykisk funktionsevne«",
        "Opfyldt",
        "Udviklingshæmning, jf. udredningen.",
    )
    judge(page, "særlige sociale problemer«", "Ikke opfyldt", "Ingen særlige sociale problemer.")
    judge(page, "uvisiterede", exclusion, "Borgeren kommer i caféen to gange om ugen.")
    page.get_by_role("button", name="Gem vurderingerne").click()
    expect(page.get_by_role("status").first).to_contain_text("Dine 3 vurderinger er gemt")


def test_application_assessment_hearing_and_refusal_letter(page, live_server, login, caseworker, rng):
    login(page, live_server.url, caseworker.username, PASSWORD)
    case = register(page, live_server.url, fictitious_cpr(rng), "Rikke")
    assess(page, case, "Gælder for borgeren")
    expect(page.locator("#finding-other_activities_cover_need")).to_contain_text("Taler imod")

    page.get_by_label("Anden hjælp, der er overvejet", exact=True).select_option("non_visitated")
    page.get_by_label("Din overvejelse").fill("Netværkscaféen i Aars dækker behovet for samvær.")
    page.get_by_role("button", name="Gem overvejelse").click()
    expect(page.get_by_role("status").first).to_contain_text("Overvejelsen er gemt")

    page.get_by_role("link", name="Partshøring").click()
    page.locator("summary", has_text="Registrér en oplysning").click()
    page.get_by_label("Kilde").fill("Udtalelse fra netværkscaféen")
    page.get_by_label("Oplysningens indhold").fill("Borgeren kommer fast to gange om ugen.")
    page.get_by_role("button", name="Registrér oplysning").click()
    expect(page.locator("#hearing-information")).to_contain_text("Udtalelse fra netværkscaféen")

    page.get_by_role("link", name="Afgørelse").click()
    expect(page.locator("#blockers")).to_contain_text("ikke sendt i partshøring")

    page.get_by_role("link", name="Partshøring").click()
    page.get_by_label(re.compile("Udtalelse fra netværkscaféen")).check()
    page.get_by_label("Forventet afgørelse").fill("Vi forventer at give afslag.")
    page.get_by_label("Svarfrist").fill((clock.today() + dt.timedelta(days=14)).isoformat())
    page.get_by_role("button", name="Send partshøring").click()
    expect(page.locator("#hearing-information")).to_contain_text("frist til at svare")
    case.refresh_from_db()
    assert case.status == "hearing"

    page.locator("summary", has_text="Registrér borgerens svar").click()
    page.get_by_label("Borgerens bemærkninger").fill("Borgeren er uenig, men har ingen nye oplysninger.")
    page.get_by_role("button", name="Registrér svar").click()
    expect(page.get_by_role("status").first).to_contain_text("Borgerens svar er registreret")

    page.get_by_role("link", name="Afgørelse").click()
    page.get_by_label("Afslag").check()
    page.get_by_label("Hovedhensyn i skønnet").fill("Behovet for samvær dækkes af netværkscaféen.")
    page.get_by_label("Faktiske forhold, der er lagt vægt på").fill("Du kommer i caféen to gange om ugen.")
    page.get_by_role("button", name="Gem udkast og se brevet").click()
    expect(page.locator("#letter-preview")).to_contain_text("Behovet for samvær dækkes af netværkscaféen.")
    assert not Letter.objects.filter(case=case, kind="refusal").exists()
    page.get_by_role("button", name="Send afgørelsen").click()
    expect(page.locator("#case-status")).to_have_text("Afgjort: Afslag")

    letter = Letter.objects.get(case=case, kind="refusal")
    expect(page.locator("#timeline")).to_contain_text("Afslag")
    response = page.request.get(f"{live_server.url}/sager/{case.id}/breve/{letter.id}/")
    assert response.status == 200 and response.body().startswith(b"%PDF")


def test_application_assessment_and_grant_letter(page, live_server, login, caseworker, rng, offer):
    login(page, live_server.url, caseworker.username, PASSWORD)
    case = register(page, live_server.url, fictitious_cpr(rng), "Gitte")

    page.get_by_role("link", name="Udredning").click()
    page.get_by_label("Borgerens egne ønsker og ord").fill("Jeg vil gerne male og være sammen med andre.")
    page.locator("table.rating-table").first.get_by_label("Moderat nedsat funktionsevne").first.check()
    page.get_by_role("button", name="Gem udredning").click()
    expect(page.get_by_role("status").first).to_contain_text("Udredningen er gemt")

    assess(page, case, "Gælder ikke for borgeren")
    page.get_by_role("link", name="Afgørelse").click()
    page.get_by_label("Bevilget", exact=True).check()
    grant = page.locator("#grant-terms")
    grant.get_by_label("Tilbud", exact=True).select_option(label="Aktivitetscentret Aars (eget tilbud)")
    grant.get_by_label("Dage om ugen").select_option("3")
    grant.get_by_label("Hvorfor modsvarer omfanget").fill("Moderat nedsat funktionsevne i Relationer.")
    grant.get_by_label("Mål 1: måltype").select_option(label="Udvikle funktionsevne")
    grant.get_by_label("Mål 1", exact=True).fill("Deltager i fællesspisning tre gange om ugen")
    grant.get_by_label("Kørsel", exact=True).select_option("municipal")
    page.get_by_role("button", name="Gem udkast og se brevet").click()
    expect(page.locator("#draft-status")).to_have_text("Udkast")
    assert not Letter.objects.filter(case=case, kind="grant").exists()
    page.get_by_role("button", name="Send afgørelsen").click()
    expect(page.locator("#case-status")).to_have_text("Aktiv bevilling: Bevilget")
    assert Letter.objects.filter(case=case, kind="grant").count() == 1

    page.get_by_role("link", name="Bevilling og opfølgning").click()
    expect(page.locator("#grant-status")).to_have_text("Bestilt hos leverandøren")
    expect(page.locator("main")).to_contain_text("Deltager i fællesspisning tre gange om ugen")
    expect(page.locator("main")).to_contain_text("Kommunens kørselsordning")

    # A follow-up finds the purpose met no longer; the grant is stopped by a new decision and letter.
    page.locator("summary", has_text="Registrér opfølgning").click()
    page.get_by_label("Nej").check()
    page.get_by_label(re.compile("Fremskridt")).fill("Målet er nået.")
    page.get_by_label("Resultat").select_option("stop")
    page.get_by_label("Din vurdering").fill("Borgeren er startet i job.")
    page.get_by_role("button", name="Gem opfølgning").click()
    expect(page.get_by_role("status").first).to_contain_text("Træf nu en afgørelse")

    page.locator("summary", has_text="Ændr eller stop hjælpen").click()
    page.get_by_label("Stop hjælpen").check()
    page.get_by_label("Gælder fra").fill((clock.today() + dt.timedelta(weeks=4)).isoformat())
    page.get_by_label("Hovedhensyn i skønnet").fill("Du har ikke længere behov for tilbuddet.")
    page.get_by_label("Faktiske forhold, der er lagt vægt på").fill("Du er startet i job.")
    page.get_by_role("button", name="Gem udkast og se brevet").click()
    expect(page.locator("#letter-preview")).to_contain_text("ophører med virkning fra")
    assert not Letter.objects.filter(case=case, kind="stop").exists()
    page.get_by_role("button", name="Send afgørelsen").click()
    expect(page.locator("#case-status")).to_contain_text("Bevilget")
    page.get_by_role("link", name="Bevilling og opfølgning").click()
    expect(page.locator("#grant-status")).to_have_text("Ophørt")
    assert Letter.objects.filter(case=case, kind="stop").count() == 1
