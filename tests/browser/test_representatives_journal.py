"""In a real browser: a representative who receives letters cannot be saved without an address; a
representative is edited and ended (and stays in the history); the journal is filtered and printed
as a PDF; the interpreter notice shows; axe-core finds no WCAG 2.1 AA problems on these pages."""

from __future__ import annotations

import io

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from visitator.core import clock
from visitator.people.models import Representative
from visitator.people.services import citizen_update

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "correct horse battery staple"


def test_representative_address_edit_end_and_the_journal_printed(
    page, live_server, login, caseworker, make_case, axe_violations
):
    caseworker.first_name, caseworker.last_name = "Sara", "Holm"
    caseworker.save()
    case = make_case()
    citizen_update(
        user=caseworker, citizen=case.citizen, version=1, preferred_language="ar", interpreter_needed=True
    )
    login(page, live_server.url, caseworker.username, PASSWORD)
    page.goto(f"{live_server.url}/sager/{case.id}/")
    expect(page.locator("#interpreter-notice")).to_contain_text("Borgeren har brug for tolk (sprog: arabisk)")
    problems = {"case with interpreter notice": axe_violations(page)}

    # A guardian who receives letters, without an address: refused, with the reason, nothing saved.
    add = page.locator("details", has_text="Tilføj repræsentant")
    add.get_by_text("Tilføj repræsentant").first.click()
    add.get_by_label("Repræsentantens rolle").select_option("vaerge")
    add.get_by_label("Navn").fill("Vibeke Værge (testperson)")
    expect(add.get_by_label("Modtager borgerens breve")).to_be_checked()
    add.get_by_label("Gyldig fra").fill("2026-01-01")
    add.get_by_role("button", name="Tilføj repræsentant").click()
    summary = page.locator("[data-error-summary]")
    expect(summary).to_contain_text(
        "En repræsentant, der modtager breve, skal have Digital Post eller en postadresse"
    )
    assert not Representative.objects.exists()
    problems["representative error"] = axe_violations(page)

    add = page.locator("details", has_text="Tilføj repræsentant")
    add.get_by_label("Adresse").fill("Værgevej 1")
    add.get_by_label("Postnummer").fill("9670")
    add.get_by_label("By").fill("Løgstør")
    add.get_by_role("button", name="Tilføj repræsentant").click()
    expect(page.locator(".representatives")).to_contain_text("Vibeke Værge (testperson)")
    expect(page.locator(".representatives")).to_contain_text("Modtager borgerens breve")

    # Edit: a new phone number.
    page.get_by_role("link", name="Ret eller afslut Vibeke Værge (testperson)").click()
    expect(page.get_by_role("heading", name="Repræsentant: Vibeke Værge (testperson)")).to_be_visible()
    problems["representative page"] = axe_violations(page)
    edit = page.get_by_role("region", name="Ret oplysningerne")
    edit.get_by_label("Telefon").fill("98765432")
    edit.get_by_role("button", name="Gem repræsentanten").click()
    expect(page.get_by_text("Repræsentanten Vibeke Værge (testperson) er gemt.")).to_be_visible()

    # End: the last day and why; the representative moves to the former ones.
    page.get_by_role("link", name="Ret eller afslut Vibeke Værge (testperson)").click()
    end = page.get_by_role("region", name="Afslut repræsentationen")
    end.get_by_label("Sidste dag som repræsentant").fill(clock.today().isoformat())
    end.get_by_label("Grund til ophør").fill("Værgemålet er ophævet.")
    end.get_by_role("button", name="Afslut repræsentationen").click()
    expect(page.get_by_text("er repræsentant til og med")).to_be_visible()
    rep = Representative.objects.get()
    assert rep.valid_to == clock.today() and rep.end_reason == "Værgemålet er ophævet."

    # The journal: only the citizen's and representatives' events, then printed.
    timeline = page.get_by_role("region", name="Sagens forløb")
    timeline.get_by_text("Vælg hvilke hændelser der vises").click()
    timeline.get_by_label("Borger og repræsentanter").check()
    timeline.get_by_role("button", name="Vis valgte").click()
    timeline = page.get_by_role("region", name="Sagens forløb")
    expect(timeline.locator(".timeline__item")).to_have_count(4)
    expect(timeline).to_contain_text("Repræsentant ophørt")
    expect(timeline).to_contain_text("Sara Holm")
    expect(timeline).not_to_contain_text("Ansøgning registreret")
    assert "vis=citizen" in page.url
    problems["case page, filtered"] = axe_violations(page)

    with page.expect_download() as download_info:
        timeline.get_by_role("link", name="Udskriv de viste hændelser som journaludskrift (PDF)").click()
    download = download_info.value
    assert download.suggested_filename == f"{case.number}-journal.pdf"
    with open(download.path(), "rb") as stored:
        reader = PdfReader(io.BytesIO(stored.read()))
    text = " ".join(" ".join(p.extract_text() or "" for p in reader.pages).split())
    for expected in ["Repræsentant tilføjet", "Repræsentant ændret", "Repræsentant ophørt", "Sara Holm"]:
        assert expected in text
    assert "Ansøgning registreret" not in text

    page.goto(f"{live_server.url}/sager/{case.id}/partshoering/")
    expect(page.locator("#interpreter-notice")).to_contain_text("Borgeren har brug for tolk (sprog: arabisk)")
    problems["hearing with notice"] = axe_violations(page)
    assert problems == {name: [] for name in problems}
