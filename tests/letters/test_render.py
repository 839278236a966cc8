"""The PDF/A rendering: text, Danish characters, metadata, embedded fonts, and no markup injection."""

from __future__ import annotations

import dataclasses
import io

import pikepdf
import pytest

from visitator.letters.compose import BODY_KINDS, LetterKind, letter_compose
from visitator.letters.render import PDFA_CONFORMANCE, PDFA_PART, letter_render

pytestmark = pytest.mark.django_db

PDFAID = "{http://www.aiim.org/pdfa/ns/id/}"
DC = "{http://purl.org/dc/elements/1.1/}"


@pytest.fixture
def refusal_pdf(case, refusal_facts):
    draft = letter_compose(kind=LetterKind.REFUSAL, case=case, decision=refusal_facts)
    return draft, letter_render(draft)


def test_the_pdf_says_what_the_draft_says(refusal_pdf, pdf_text, case):
    draft, rendered = refusal_pdf
    text = pdf_text(rendered.pdf)
    for expected in (
        case.number,
        draft.subject,
        "Vesthimmerlands Kommune",
        "Bevilling Psykiatri og Handicap",
        "Anna Jensen (testperson)",
        "27. november 2026",
        "28. december 2026",
        "Ankestyrelsen",
        "§ 104",
        "genvurderer",
        "opsættende virkning",
        "Kære Anna Jensen (testperson)",
        "Med venlig hilsen",
        "Side 1 af 2",
        "æ",
        "ø",
        "å",
    ):
        assert expected in text, expected
    assert case.citizen.cpr not in text
    assert rendered.page_count == 2


def test_the_pdf_is_pdf_a_with_metadata_and_embedded_fonts(refusal_pdf):
    draft, rendered = refusal_pdf
    with pikepdf.open(io.BytesIO(rendered.pdf)) as pdf:
        meta = pdf.open_metadata()
        assert meta[f"{PDFAID}part"] == PDFA_PART == "2"
        assert meta[f"{PDFAID}conformance"] == PDFA_CONFORMANCE == "A"
        assert meta[f"{DC}title"] == draft.subject
        assert meta[f"{DC}creator"] == ["Vesthimmerlands Kommune"]
        assert "da" in str(meta[f"{DC}language"])
        assert str(pdf.Root.Lang).startswith("da")
        assert "/OutputIntents" in pdf.Root
        assert str(pdf.docinfo["/CreationDate"]).startswith("D:20261127")
        assert str(pdf.docinfo["/Author"]) == "Vesthimmerlands Kommune"
        fonts = 0
        for page in pdf.pages:
            for font in page.Resources.Font.values():
                descriptor = font.get("/FontDescriptor") or font.DescendantFonts[0].FontDescriptor
                assert any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
                fonts += 1
        assert fonts > 0
        # Tagged (PDF/A-2a, PDF/UA-1): a structure tree for screen readers.
        assert "/StructTreeRoot" in pdf.Root


def test_caseworker_text_is_printed_never_evaluated(case, refusal_facts, pdf_text):
    tricky = '#strong[fed] $x^2$ \\ ] ) } " // ikke en kommentar #import "x.typ" <label> @ref *stjerne*'
    facts = dataclasses.replace(refusal_facts, main_considerations=tricky)
    draft = letter_compose(kind=LetterKind.REFUSAL, case=case, decision=facts)
    text = pdf_text(letter_render(draft).pdf)
    assert "#strong[fed] $x^2$" in text
    assert "// ikke en kommentar #import" in text
    assert "*stjerne*" in text


def test_every_kind_renders(case, refusal_facts, grant_facts, hearing_facts, today, pdf_text):
    import datetime as dt

    for kind in (k for k in LetterKind if k not in BODY_KINDS):
        facts = grant_facts if kind in (LetterKind.GRANT, LetterKind.PARTIAL_GRANT) else refusal_facts
        draft = letter_compose(
            kind=kind,
            case=case,
            decision=dataclasses.replace(facts, effective_from=dt.date(2027, 1, 1)),
            hearing=hearing_facts,
            expected_on=today + dt.timedelta(days=21),
            reason="Vi venter på en udtalelse fra din læge.",
        )
        rendered = letter_render(draft)
        assert rendered.pdf.startswith(b"%PDF-") and rendered.page_count >= 1
        assert draft.subject in pdf_text(rendered.pdf)


def test_a_letter_to_a_representative_is_addressed_c_o(physical_case, caseworker, refusal_facts, pdf_text):
    import datetime as dt

    from visitator.people.models import Representative
    from visitator.people.services import representative_add

    representative_add(
        user=caseworker,
        citizen=physical_case.citizen,
        kind=Representative.Kind.GUARDIAN,
        name="Værge Vibeke Å. Østergård",
        valid_from=dt.date(2026, 1, 1),
        address_line="Værgevej 1",
        postcode="9670",
        city="Løgstør",
    )
    draft = letter_compose(kind=LetterKind.REFUSAL, case=physical_case, decision=refusal_facts)
    text = pdf_text(letter_render(draft).pdf)
    assert "Bent Ørum (testperson) c/o Værge Vibeke Å. Østergård Værgevej 1 9670 Løgstør" in text
    assert "Sendt med almindelig post" in text
