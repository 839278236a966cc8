"""The bundle: one PDF/A (aktliste, then the akter) and a zip, deterministic, withheld akter left out."""

from __future__ import annotations

import dataclasses
import hashlib
import io
import zipfile

import pikepdf
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfReader

from visitator.casefile.akter import case_akter
from visitator.casefile.bundle import (
    PDFA_CONFORMANCE,
    PDFA_PART,
    WITHHELD_FULLY,
    WITHHELD_PARTLY,
    NumberedAkt,
    bundle_render,
    safe_name,
)
from visitator.cases import services as case_services
from visitator.core import clock

from .conftest import moment

pytestmark = pytest.mark.django_db

PDFAID = "{http://www.aiim.org/pdfa/ns/id/}"
TITLE = "Sagens akter til Ankestyrelsen"


def text_of(pdf: bytes, pages: range | None = None) -> str:
    """The text of the PDF (or of the given 0-based pages), whitespace folded."""
    reader = PdfReader(io.BytesIO(pdf))
    chosen = reader.pages if pages is None else [reader.pages[i] for i in pages]
    return " ".join(" ".join(page.extract_text() or "" for page in chosen).split())


def numbered(case):
    return [NumberedAkt(number, akt) for number, akt in enumerate(case_akter(case), start=1)]


def render(case, items, **kwargs):
    kwargs.setdefault("title", TITLE)
    kwargs.setdefault("intro", "Klagen over afgørelsen af 1. december 2026 sendes videre.")
    return bundle_render(case=case, items=items, created_at=moment(120), **kwargs)


@pytest.fixture
def rendered(full_case):
    items = numbered(full_case.case)
    return items, render(full_case.case, items)


def test_the_aktliste_names_every_akt_with_its_number(full_case, rendered):
    items, bundle = rendered
    listing = [row for row in bundle.aktliste]
    assert [row["number"] for row in listing] == list(range(1, 16))
    assert [row["key"] for row in listing] == [i.akt.key for i in items]
    list_pages = range(listing[0]["first_page"] - 1)
    text = text_of(bundle.pdf, list_pages)
    assert TITLE in text and full_case.case.number in text and "Vesthimmerlands Kommune" in text
    for heading in ("Nr.", "Dato", "Type", "Titel", "Undtaget"):
        assert heading in text
    for item in items:
        # "3 01.12.2026 Dokument Lægeerklæring": number, date, type and title in one row
        row = f"{item.number} 01.12.2026 {item.akt.kind} {item.akt.title}"
        assert " ".join(row.split()) in text, row
    assert full_case.case.citizen.cpr not in text_of(bundle.pdf)


def test_each_akt_starts_on_a_new_page_with_its_heading(full_case, rendered):
    items, bundle = rendered
    reader = PdfReader(io.BytesIO(bundle.pdf))
    for row, item in zip(bundle.aktliste, items, strict=True):
        first = " ".join(reader.pages[row["first_page"] - 1].extract_text().split())
        heading = f"Akt nr. {item.number}: {item.akt.title} (1. december 2026)"
        assert first.startswith(heading), (heading, first[:120])


def test_letter_and_pdf_pages_are_embedded_one_for_one(full_case, rendered):
    items, bundle = rendered
    o = full_case.objects
    by_key = {row["key"]: row for row in bundle.aktliste}
    list_pages = bundle.aktliste[0]["first_page"] - 1
    assert bundle.page_count == list_pages + sum(row["pages"] for row in bundle.aktliste)
    assert len(PdfReader(io.BytesIO(bundle.pdf)).pages) == bundle.page_count
    for letter in (o["receipt"], o["hearing"].letter, o["decision"].letter):
        row = by_key[f"letter:{letter.pk}"]
        assert (row["form"], row["pages"]) == ("pages", letter.page_count)
    pdf_document = by_key[f"document:{o['pdf'].pk}"]
    assert (pdf_document["form"], pdf_document["pages"]) == ("pages", 2)
    # A page of an original is placed as an image on its own page, with a line naming the akt.
    reader = PdfReader(io.BytesIO(bundle.pdf))
    second = reader.pages[pdf_document["first_page"]]
    number = pdf_document["number"]
    assert f"Akt nr. {number} (fortsat), side 2 af 2" in second.extract_text()
    assert len(second.images) == 1
    assert by_key[f"document:{o['png'].pk}"]["form"] == "image"


def test_a_type_that_cannot_be_shown_gets_a_page_pointing_to_the_zip(full_case, rendered):
    _items, bundle = rendered
    row = next(r for r in bundle.aktliste if r["key"] == f"document:{full_case.objects['docx'].pk}")
    assert (row["form"], row["pages"], row["file"]) == ("zip-only", 1, "05-dokument.docx")
    page = text_of(bundle.pdf, range(row["first_page"] - 1, row["first_page"]))
    assert "Dokumentet er en fil af typen DOCX, som ikke kan vises i denne samlede PDF." in page
    assert "Det er kun med i zip-filen, som 05-dokument.docx." in page


def test_a_damaged_pdf_is_in_the_zip_only(make_case, caseworker):
    with clock.frozen(moment(0)):
        case = make_case()
        case_services.document_add(
            user=caseworker,
            case=case,
            title="Scannet brev",
            upload=SimpleUploadedFile("scan.pdf", b"%PDF-1.4 not really a pdf", "application/pdf"),
        )
    bundle = render(case, numbered(case))
    [row] = bundle.aktliste
    assert (row["form"], row["file"]) == ("zip-only", "01-dokument.pdf")
    assert "Dokumentet er en fil af typen PDF, som ikke kan vises" in text_of(bundle.pdf)


def test_withheld_akter_are_absent_and_their_grounds_printed(full_case):
    o = full_case.objects
    items = numbered(full_case.case)
    note = next(i for i in items if i.akt.key == f"note:{o['note'].pk}")
    pdf_doc = next(i for i in items if i.akt.key == f"document:{o['pdf'].pk}")
    response = next(i for i in items if i.akt.key == f"hearing-response:{o['response'].pk}")
    changed = {
        note.number: dataclasses.replace(
            note,
            withheld=WITHHELD_FULLY,
            ground="Forvaltningsloven § 15 b, nr. 1",
            reason="Hensyn til tredjemand.",
        ),
        pdf_doc.number: dataclasses.replace(
            pdf_doc, withheld=WITHHELD_FULLY, ground="Forvaltningsloven § 12"
        ),
        response.number: dataclasses.replace(
            response,
            withheld=WITHHELD_PARTLY,
            ground="Forvaltningsloven § 15 b, nr. 5",
            replacement_text="Borgeren har svaret på partshøringen.",
        ),
    }
    items = [changed.get(i.number, i) for i in items]
    bundle = render(full_case.case, items)
    text = text_of(bundle.pdf)
    list_pages = range(next(r["first_page"] for r in bundle.aktliste if r["first_page"]) - 1)
    listing = text_of(bundle.pdf, list_pages)
    assert "Helt undtaget: Forvaltningsloven § 15 b, nr. 1" in listing
    assert "Helt undtaget: Forvaltningsloven § 12" in listing
    assert "Delvist undtaget: Forvaltningsloven § 15 b, nr. 5" in listing
    # Withheld in full: in the list, not in the bundle or the zip.
    assert f"Akt nr. {note.number}:" not in text and o["note"].text not in text
    assert f"Akt nr. {pdf_doc.number}:" not in text and "Side et af udtalelsen" not in text
    rows = {r["number"]: r for r in bundle.aktliste}
    assert (rows[note.number]["form"], rows[note.number]["file"], rows[note.number]["pages"]) == (
        "withheld",
        "",
        0,
    )
    assert rows[note.number]["reason"] == "Hensyn til tredjemand."
    # Partly withheld: the extract instead of the original, with the ground.
    assert "Akten er delvist undtaget fra aktindsigt. Grundlag: Forvaltningsloven § 15 b, nr. 5" in text
    assert "Borgeren har svaret på partshøringen." in text
    assert "Jeg er uenig i afslaget." not in text
    names = zipfile.ZipFile(io.BytesIO(bundle.zip)).namelist()
    assert not [n for n in names if n.startswith((f"{note.number:02d}-", f"{pdf_doc.number:02d}-"))]
    extract_name = rows[response.number]["file"]
    assert extract_name == f"{response.number:02d}-hoeringssvar-uddrag.pdf" and extract_name in names
    extract = zipfile.ZipFile(io.BytesIO(bundle.zip)).read(extract_name)
    assert "Jeg er uenig" not in text_of(extract) and "Borgeren har svaret på partshøringen." in text_of(
        extract
    )
    assert bundle.page_count == list_pages.stop + sum(r["pages"] for r in bundle.aktliste)


def test_the_zip_holds_the_aktliste_and_each_akt_in_order(full_case, rendered):
    items, bundle = rendered
    archive = zipfile.ZipFile(io.BytesIO(bundle.zip))
    names = archive.namelist()
    assert names == ["aktliste.pdf", *[row["file"] for row in bundle.aktliste]]
    assert names[1:4] == ["01-brev-kvittering.pdf", "02-journalnotat.pdf", "03-dokument.pdf"]
    for name in names:
        assert full_case.case.citizen.first_name.lower() not in name and "erklaering" not in name
    # Files are the originals, byte for byte.
    receipt = full_case.objects["receipt"]
    with receipt.pdf.open("rb") as stored:
        assert archive.read("01-brev-kvittering.pdf") == stored.read()
    with full_case.objects["docx"].file.open("rb") as stored:
        assert archive.read("05-dokument.docx") == stored.read()
    # Text akter are small PDF/A files of their own; the aktliste.pdf is the list alone.
    note = archive.read("02-journalnotat.pdf")
    assert "Akt nr. 2: Telefonsamtale (1. december 2026)" in text_of(note)
    assert "Borgeren ringede og fortalte om sin hverdag." in text_of(note)
    listing = archive.read("aktliste.pdf")
    assert "15 01.12.2026 Brev Afslag (brev)" in text_of(listing)
    assert "Akt nr. 1:" not in text_of(listing)
    for info in archive.infolist():
        assert info.date_time == (2026, 12, 1, 0, 0, 0)


def test_hashes_match_and_the_same_input_gives_the_same_bytes(full_case, rendered):
    items, bundle = rendered
    assert bundle.pdf_sha256 == hashlib.sha256(bundle.pdf).hexdigest()
    assert bundle.zip_sha256 == hashlib.sha256(bundle.zip).hexdigest()
    again = render(full_case.case, items)
    assert (again.pdf, again.zip) == (bundle.pdf, bundle.zip)
    later = bundle_render(case=full_case.case, title=TITLE, intro="", items=items, created_at=moment(24 * 60))
    assert later.pdf_sha256 != bundle.pdf_sha256


def test_the_pdf_and_the_text_akter_are_pdf_a(full_case, rendered):
    _items, bundle = rendered
    archive = zipfile.ZipFile(io.BytesIO(bundle.zip))
    for data in (bundle.pdf, archive.read("aktliste.pdf"), archive.read("02-journalnotat.pdf")):
        with pikepdf.open(io.BytesIO(data)) as pdf:
            meta = pdf.open_metadata()
            assert meta[f"{PDFAID}part"] == PDFA_PART == "2"
            assert meta[f"{PDFAID}conformance"] == PDFA_CONFORMANCE == "A"
            assert str(pdf.Root.Lang).startswith("da")
            assert "/OutputIntents" in pdf.Root and "/StructTreeRoot" in pdf.Root
            assert str(pdf.docinfo["/CreationDate"]).startswith("D:20261201")
    with pikepdf.open(io.BytesIO(bundle.pdf)) as pdf:
        assert str(pdf.docinfo["/Title"]) == TITLE
        assert str(pdf.docinfo["/Author"]) == "Vesthimmerlands Kommune"


def test_text_is_printed_never_evaluated(make_case, caseworker):
    tricky = '#strong[fed] $x^2$ \\ ] ) } " // ikke en kommentar #import "x.typ" <label> @ref *stjerne*'
    with clock.frozen(moment(0)):
        case = make_case()
        case_services.journal_note_add(user=caseworker, case=case, text=tricky)
    bundle = render(case, numbered(case), intro="#pagebreak() #set page(fill: red)")
    text = text_of(bundle.pdf)
    assert "#strong[fed] $x^2$" in text and "*stjerne*" in text and "// ikke en kommentar" in text
    assert "#pagebreak() #set page(fill: red)" in text


def test_bad_items_are_refused_with_danish_messages(full_case):
    items = numbered(full_case.case)
    with pytest.raises(ValidationError, match="angiv grundlaget for undtagelsen"):
        render(full_case.case, [dataclasses.replace(items[0], withheld=WITHHELD_FULLY)])
    with pytest.raises(ValidationError, match="skriv uddraget"):
        render(full_case.case, [dataclasses.replace(items[0], withheld=WITHHELD_PARTLY, ground="FVL § 12")])
    with pytest.raises(ValidationError, match="hver sit nummer"):
        render(full_case.case, [items[0], dataclasses.replace(items[1], number=1)])
    with pytest.raises(ValidationError, match="ukendt undtagelse"):
        render(full_case.case, [dataclasses.replace(items[0], withheld="lidt", ground="x")])


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("brev-afslag.pdf", "brev-afslag.pdf"),
        ("Lægeerklæring Anna.PDF", "laegeerklaering-anna.pdf"),
        ("../../etc/passwd", "etc-passwd"),
        ("", "akt"),
    ],
)
def test_file_names_in_the_zip_are_safe(given, expected):
    assert safe_name(given) == expected


def test_a_bundle_with_every_akt_withheld_is_the_aktliste_alone(make_case, caseworker):
    with clock.frozen(moment(0)):
        case = make_case()
        case_services.journal_note_add(user=caseworker, case=case, text="Intern vurdering.")
    items = [
        dataclasses.replace(i, withheld=WITHHELD_FULLY, ground="Forvaltningsloven § 12")
        for i in numbered(case)
    ]
    bundle = render(case, items)
    assert [r["form"] for r in bundle.aktliste] == ["withheld"] * len(items)
    assert "Helt undtaget: Forvaltningsloven § 12" in text_of(bundle.pdf)
    assert "Intern vurdering." not in text_of(bundle.pdf)
    with zipfile.ZipFile(io.BytesIO(bundle.zip)) as archive:
        assert archive.namelist() == ["aktliste.pdf"]
