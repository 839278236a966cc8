"""Sagens akter in a real browser: from the case page to the aktliste, and a stored bundle downloaded."""

from __future__ import annotations

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from playwright.sync_api import expect

from visitator.casefile.akter import case_akter
from visitator.casefile.bundle import NumberedAkt
from visitator.casefile.services import bundle_store
from visitator.cases import services as case_services

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "correct horse battery staple"


def test_the_caseworker_sees_the_akter_and_downloads_the_stored_bundle(
    page, live_server, login, caseworker, make_case, axe_violations
):
    case = make_case()
    case_services.receipt_send(user=caseworker, case=case)
    case_services.journal_note_add(user=caseworker, case=case, text="Borgeren ringede.", kind="phone")
    case_services.document_add(
        user=caseworker,
        case=case,
        title="Udtalelse fra bostedet",
        upload=SimpleUploadedFile("udtalelse.txt", b"Anna deltager gerne.", "text/plain"),
    )
    items = [NumberedAkt(n, akt) for n, akt in enumerate(case_akter(case), start=1)]
    bundle = bundle_store(
        user=caseworker,
        case=case,
        purpose="forwarding",
        title="Klage til Ankestyrelsen",
        intro="",
        items=items,
    )

    login(page, live_server.url, caseworker.username, PASSWORD)
    page.goto(f"{live_server.url}/sager/{case.id}/")
    page.get_by_role("navigation", name="Sagens sider").get_by_role("link", name="Sagens akter").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sagens akter")
    rows = page.locator("#akter tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.nth(0)).to_contain_text("Kvittering for ansøgning (brev)")
    expect(rows.nth(1)).to_contain_text("Journalnotat")
    expect(rows.nth(2)).to_contain_text("Udtalelse fra bostedet")
    # A text akt opens in place.
    rows.nth(1).get_by_text("Telefonsamtale").click()
    expect(rows.nth(1)).to_contain_text("Borgeren ringede.")
    assert axe_violations(page) == []

    with page.expect_download() as download_info:
        page.locator("#bundles").get_by_role("link", name="Samlet PDF").click()
    download = download_info.value
    assert download.suggested_filename == f"{case.number}-sagens-akter-ankestyrelsen.pdf"
    with open(download.path(), "rb") as f:
        assert hashlib.sha256(f.read()).hexdigest() == bundle.pdf_sha256
    with page.expect_download() as download_info:
        page.locator("#bundles").get_by_role("link", name="Zip-fil").click()
    with open(download_info.value.path(), "rb") as f:
        assert hashlib.sha256(f.read()).hexdigest() == bundle.zip_sha256
