"""Open what the citizen gets (the answer letter, the PDF/A of the akter and the zip) and check the
aktliste against the case's akter: the withheld akt is absent, its ground printed."""

from __future__ import annotations

import io
import zipfile

import pikepdf
import pytest
from pypdf import PdfReader

from visitator.casefile.akter import case_akter
from visitator.casefile.models import CaseFileBundle
from visitator.fileaccess import services
from visitator.fileaccess.review import review_rows

from .conftest import DOCTOR_TEXT, INTERNAL_NOTE

pytestmark = pytest.mark.django_db

EXTRACT = "Uddrag: borgeren har brug for faste rammer."


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


@pytest.fixture
def answered(akter_case, register, caseworker):
    request = register(akter_case.case)
    rows = review_rows(request)
    choices = [
        services.AktChoice(rows[0].akt.key, "release"),
        services.AktChoice(rows[1].akt.key, "withhold", "fvl_12", "Notatet er et internt arbejdsdokument."),
        services.AktChoice(rows[2].akt.key, "partial", "fvl_15a", "Lægen nævner en anden patient.", EXTRACT),
    ]
    services.access_review_save(user=caseworker, request=request, version=0, choices=choices)
    return services.access_answer_send(user=caseworker, request=request, version=1)


def test_the_bundle_pdf_lists_the_case_akter_and_leaves_the_withheld_one_out(akter_case, answered):
    bundle = CaseFileBundle.objects.get(id=answered.bundle_id)
    with bundle.pdf.open("rb") as handle:
        data = handle.read()
    with pikepdf.open(io.BytesIO(data)) as pdf:
        meta = pdf.open_metadata()
        assert meta["{http://www.aiim.org/pdfa/ns/id/}part"] == "2"
        assert meta["{http://www.aiim.org/pdfa/ns/id/}conformance"] == "A"
    text = pdf_text(data)
    # The aktliste: every akt of the case, in the case's order, with its number.
    akter = case_akter(akter_case.case)[:3]
    assert [a.title for a in akter] == ["Kvittering for ansøgning (brev)", "Notat", "Lægeerklæring"]
    positions = [text.find(title) for title in ("Kvittering for ansøgning (brev)", "Notat", "Lægeerklæring")]
    assert all(p >= 0 for p in positions) and positions == sorted(positions)
    # The withheld note: listed with its ground, its text absent.
    assert "Helt undtaget: Forvaltningsloven § 12" in text
    assert INTERNAL_NOTE[:40] not in text
    # The partly withheld statement: the extract instead of the original, with its ground.
    assert "Delvist undtaget: Forvaltningsloven § 15 a" in text
    assert EXTRACT in text and DOCTOR_TEXT[:40] not in text
    # The receipt letter is given in full.
    assert "Akt nr. 1: Kvittering for ansøgning (brev)" in text


def test_the_zip_holds_the_given_akter_only(answered):
    bundle = CaseFileBundle.objects.get(id=answered.bundle_id)
    with bundle.zip.open("rb") as handle:
        names = zipfile.ZipFile(io.BytesIO(handle.read())).namelist()
    assert names[0] == "aktliste.pdf"
    assert any(name.startswith("01-") for name in names)
    assert not any(name.startswith("02-") for name in names)  # the withheld note
    assert any(name.startswith("03-") and name.endswith("-uddrag.pdf") for name in names)


def test_the_letter_prints_the_aktliste_with_the_grounds(akter_case, answered):
    with answered.letter.pdf.open("rb") as handle:
        text = pdf_text(handle.read())
    assert "Akt 1: Kvittering for ansøgning (brev), 2. november 2026 – udleveret" in text
    assert "Akt 2: Notat, 2. november 2026 – undtaget (forvaltningsloven § 12)" in text
    assert "Akt 3: Lægeerklæring, 10. november 2026 – delvist undtaget (forvaltningsloven § 15 a)" in text
    assert "vedlagt dette brev" in text
    assert "Notatet er et internt arbejdsdokument." in text
    assert "Klagevejledning" in text and "Der er ingen frist for at klage" in text
    assert INTERNAL_NOTE[:40] not in text
