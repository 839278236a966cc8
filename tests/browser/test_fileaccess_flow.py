"""Access to the file in a real browser: a request is registered, the akter are reviewed with one
document withheld, the answer is sent, and the letter and the bundle of akter are on the case."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from visitator.casefile.models import CaseFileBundle
from visitator.cases import services as case_services
from visitator.core import clock
from visitator.fileaccess.models import AccessAnswer
from visitator.letters.models import Letter

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "correct horse battery staple"


def build_case(make_case, caseworker):
    """A case received 2 November 2026 with three akter: the receipt letter, an internal journal note and
    a doctor's statement (as tests/fileaccess/conftest.py builds it)."""
    received = dt.date(2026, 11, 2)
    with clock.frozen(at(received, 9)):
        case = make_case(received_on=received)
    with clock.frozen(at(received, 10)):
        case_services.receipt_send(user=caseworker, case=case)
    with clock.frozen(at(received, 11)):
        case_services.journal_note_add(user=caseworker, case=case, text="Intern overvejelse før teammødet.")
    with clock.frozen(at(dt.date(2026, 11, 10), 9)):
        case_services.document_add(
            user=caseworker,
            case=case,
            title="Lægeerklæring",
            upload=SimpleUploadedFile("laege.txt", b"Udtalelse fra egen laege.", "text/plain"),
        )
    return case


def at(day, hour):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def test_request_review_with_one_document_withheld_and_answer(
    page, live_server, login, caseworker, make_case, axe_violations
):
    case = build_case(make_case, caseworker)
    login(page, live_server.url, caseworker.username, PASSWORD)
    page.goto(f"{live_server.url}/sager/{case.id}/")
    page.get_by_role("link", name="Aktindsigt", exact=True).click()
    expect(page.get_by_role("heading", name="Aktindsigt", exact=True)).to_be_visible()

    # The request: in writing, from the citizen, for the whole case (received today, the default).
    page.get_by_label("Skriftligt").check()
    page.get_by_label("Borgeren selv").check()
    page.get_by_label("Hele sagen").check()
    page.get_by_role("button", name="Registrér anmodning").click()
    expect(page.get_by_role("status").first).to_contain_text("Anmodningen om aktindsigt er registreret")
    row = page.locator("#access-requests tbody tr").first
    expect(row).to_contain_text(case.citizen.full_name)

    # The review: the list is pre-filled with the case's akter; the internal note is withheld.
    row.get_by_role("link").first.click()
    expect(page.get_by_role("heading", name="Anmodning om aktindsigt")).to_be_visible()
    expect(page.locator("#akt-1")).to_contain_text("Kvittering for ansøgning")
    expect(page.locator("#akt-2")).to_contain_text("Notat")
    expect(page.locator("#akt-3")).to_contain_text("Lægeerklæring")
    assert axe_violations(page) == []
    page.get_by_label("Akt 2: afgørelse").select_option("withhold")
    page.get_by_label("Akt 2: retsgrundlag").select_option("fvl_12")
    page.get_by_label("Akt 2: begrundelse").fill("Notatet er et internt arbejdsdokument.")
    page.get_by_role("button", name="Gem gennemgangen").click()
    expect(page.get_by_role("status").first).to_contain_text("Gennemgangen er gemt")
    expect(page.locator("#review-saved")).to_contain_text("version 1")
    expect(page.get_by_label("Akt 2: afgørelse")).to_have_value("withhold")

    # The answer: the letter with the aktliste, the akter as one PDF and a zip.
    page.get_by_role("button", name="Send svar med aktliste og akter").click()
    expect(page.get_by_role("status").first).to_contain_text("Svaret på anmodningen om aktindsigt er sendt")
    expect(page.locator("#access-answer")).to_contain_text("Delvis aktindsigt")

    answer = AccessAnswer.objects.get(request__case=case)
    letter = Letter.objects.get(case=case, kind="access_answer")
    assert answer.letter_id == letter.id
    bundle = CaseFileBundle.objects.get(id=answer.bundle_id, case=case, purpose="access")

    pdf = page.request.get(f"{live_server.url}/sager/{case.id}/breve/{letter.id}/")
    assert pdf.status == 200
    text = " ".join((p.extract_text() or "") for p in PdfReader(io.BytesIO(pdf.body())).pages)
    assert "undtaget (forvaltningsloven § 12)" in " ".join(text.split())
    with page.expect_download() as download:
        page.get_by_role("link", name="Hent de udleverede akter (PDF)").click()
    assert Path(download.value.path()).read_bytes() == bundle.pdf.open("rb").read()

    # On the case: the letter on the timeline, the bundle among the case's akter.
    page.get_by_role("link", name="Overblik").click()
    timeline = page.locator("#timeline")
    expect(timeline).to_contain_text("Brev sendt: Aktindsigt")
    expect(timeline).to_contain_text("Aktindsigt besvaret: Delvis aktindsigt")
    page.get_by_role("link", name="Sagens akter").click()
    expect(page.locator("main")).to_contain_text("Aktindsigt i sag")
