"""A bundle of akter: the aktliste and the akter as one PDF/A, and the same akter as a zip.

The PDF is rendered with typst (``templates/casefile/bundle.typ``) to PDF/A-2a and PDF/UA-1, the
standard of the letters (`visitator.letters.render`). All data goes in as JSON through
``sys.inputs``, never as markup. Files are written into a temporary folder that is the typst root.

Typst refuses to place a PDF page in a PDF/A document ("embedding PDFs is currently not supported in
this export mode"), so the pages of a PDF akt (a letter, an uploaded PDF) are first drawn as images
by typst's own PDF renderer (PNG, `RASTER_PPI`) and placed one page of the original on one page of
the bundle, with the heading "Akt nr. N: ..." on the first. The original file, byte for byte, is in
the zip. Why this and not PDF/A-3 attachments: docs/letters.md, "Sagens akter".

Images (PNG, JPEG) are placed as images; plain text files are printed as text; any other file type
(DOCX, ODT, a PDF typst cannot draw) gets a page saying that the document is in the zip file only.

Withheld akter (an access request, FVL §§ 12-15): "helt" are listed in the aktliste with the ground
and left out of the PDF and the zip; "delvist" have their `replacement_text` (the extract) printed
with a notice of the ground, and the extract, never the original, goes into the zip.

Deterministic: the same items and `created_at` give the same bytes (typst's timestamp is
`created_at`; zip entries carry `created_at` as their date, fixed attributes, in a fixed order).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import re
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typst
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _
from pypdf import PdfReader

from visitator.core import clock
from visitator.core.unprintable import find_unprintable

from .akter import EXTENSIONS, Akt, danish_date, local_day

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from visitator.cases.models import Case

    from .models import CaseFileBundle

TEMPLATE = Path(__file__).resolve().parent / "templates" / "casefile" / "bundle.typ"

#: The same standards as the letters: PDF/A-2a (archival, tagged) and PDF/UA-1 (accessible).
PDF_STANDARDS: list[typst.PDFStandard] = ["a-2a", "ua-1"]
PDFA_PART = "2"
PDFA_CONFORMANCE = "A"

#: Resolution of the page images of PDF akter: sharp enough to read small print, small enough to mail.
RASTER_PPI = 150

WITHHELD_FULLY = "helt"
WITHHELD_PARTLY = "delvist"
WITHHELD_CHOICES = ("", WITHHELD_FULLY, WITHHELD_PARTLY)

IMAGE_FORMATS = {"image/png": "png", "image/jpeg": "jpg"}


class RenderError(RuntimeError):
    """Typst could not render the bundle (a bug in the template or the data, never the user's input)."""


@dataclass(frozen=True)
class NumberedAkt:
    """An akt with its number in the aktliste and, for an access request, what is withheld."""

    number: int
    akt: Akt
    #: "" (included), "helt" (withheld in full: listed only) or "delvist" (partly: the extract instead).
    withheld: str = ""
    #: The legal ground for withholding, as printed (e.g. "Forvaltningsloven § 12, stk. 1, nr. 1").
    ground: str = ""
    #: Why (kept in the aktliste data; the letter that answers the request gives the reasons).
    reason: str = ""
    #: For "delvist": the extract the party is given instead of the akt.
    replacement_text: str = ""


@dataclass(frozen=True)
class RenderedBundle:
    pdf: bytes
    zip: bytes
    pdf_sha256: str
    zip_sha256: str
    #: One dict per item, in number order: number, key, at, date, kind, title, withheld, ground,
    #: reason, form ("text", "pages", "image", "zip-only" or "withheld"), file (its name in the zip,
    #: "" if not in it), first_page (1-based page of the bundle PDF, None if not in it), pages.
    aktliste: list[dict[str, Any]]
    page_count: int


# -- preparing the akter -------------------------------------------------------------------------------


@dataclass
class _Part:
    item: NumberedAkt
    form: str  # text, pages, image, zip-only, withheld
    paragraphs: list[list[str]] = field(default_factory=list)
    notice: list[str] = field(default_factory=list)
    pages: list[dict[str, str]] = field(default_factory=list)
    image: dict[str, str] = field(default_factory=dict)
    #: The file in the zip: (name, bytes) of the original, or None to render the text as a PDF/A.
    zip_name: str = ""
    zip_bytes: bytes | None = None


def _keep_together(text: str) -> str:
    """No line break inside "§ 104" or "stk. 2" (a non-breaking space after them)."""
    return text.replace("§ ", "§\u00a0").replace("stk. ", "stk.\u00a0").replace("nr. ", "nr.\u00a0")


def paragraphs(text: str) -> list[list[str]]:
    """Paragraphs at blank lines, each a list of its lines."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    out = []
    for block in re.split(r"\n\s*\n", text):
        lines = [_keep_together(line.rstrip()) for line in block.strip("\n").split("\n")]
        lines = [line for line in lines if line.strip()]
        if lines:
            out.append(lines)
    return out


def safe_name(filename: str, extension: str = "") -> str:
    """A file name with only a-z, 0-9, "-" and ".", and the given extension if it lacks one."""
    name = re.sub(
        r"[^a-z0-9.-]+", "-", filename.lower().replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    )
    name = re.sub(r"-{2,}", "-", name).strip("-.")
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    stem = stem or "akt"
    if extension:
        ext = extension.lstrip(".")
    return f"{stem}.{ext}" if ext else stem


def _stem(filename: str) -> str:
    return safe_name(filename).rpartition(".")[0] or safe_name(filename)


class _Workdir:
    """The typst root for one rendering: the template and the files it places."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.count = 0
        (path / "bundle.typ").write_bytes(TEMPLATE.read_bytes())
        self.compiler = typst.Compiler(str(path / "bundle.typ"), root=str(path), ignore_system_fonts=True)

    def add(self, data: bytes, suffix: str) -> str:
        self.count += 1
        name = f"f{self.count:04d}.{suffix}"
        (self.path / name).write_bytes(data)
        return f"/{name}"

    def compile(self, data: dict[str, Any], moment: dt.datetime) -> bytes:
        try:
            pdf = self.compiler.compile(
                format="pdf",
                sys_inputs={"bundle": json.dumps(data, ensure_ascii=False)},
                pdf_standards=PDF_STANDARDS,
                timestamp=int(moment.timestamp()),
            )
        except typst.TypstError as exc:
            with translation.override("da"):
                problem = find_unprintable(exc.message, data)
            if problem is not None:
                raise problem from exc
            raise RenderError(f"typst: {exc.message}") from exc
        if not isinstance(pdf, bytes):
            raise RenderError("typst returned no PDF")
        return pdf


RASTER_SOURCE = """#set page(width: auto, height: auto, margin: 0pt)
#let n = int(sys.inputs.pages)
#for i in range(1, n + 1) {
  if i > 1 { pagebreak() }
  image("/source.pdf", format: "pdf", page: i)
}
"""

IMAGE_CHECK_SOURCE = """#set document(title: "x")
#set text(lang: "da")
#image("/image", format: sys.inputs.format, alt: "x")
"""


def raster_pages(pdf: bytes) -> list[bytes] | None:
    """The pages of a PDF as PNG images, drawn by typst; None if it cannot be drawn (encrypted,
    damaged or not a PDF)."""
    try:
        reader = PdfReader(io.BytesIO(pdf))
        if reader.is_encrypted:
            return None
        count = len(reader.pages)
    except Exception:  # noqa: BLE001 - any damage means "cannot be shown", never a failed bundle
        return None
    if count == 0:
        return None
    with tempfile.TemporaryDirectory(prefix="visitator-raster-") as tmp:
        root = Path(tmp)
        (root / "raster.typ").write_text(RASTER_SOURCE, encoding="utf-8")
        (root / "source.pdf").write_bytes(pdf)
        try:
            out = typst.Compiler(str(root / "raster.typ"), root=str(root), ignore_system_fonts=True).compile(
                format="png", ppi=RASTER_PPI, sys_inputs={"pages": str(count)}
            )
        except typst.TypstError:
            return None
    if isinstance(out, bytes):
        return [out]
    if isinstance(out, list) and len(out) == count:
        return out
    return None


def image_ok(data: bytes, content_type: str) -> bool:
    """Whether typst places the image in a PDF/A-2a document (decodes it, colour space allowed)."""
    with tempfile.TemporaryDirectory(prefix="visitator-image-") as tmp:
        root = Path(tmp)
        (root / "check.typ").write_text(IMAGE_CHECK_SOURCE, encoding="utf-8")
        (root / "image").write_bytes(data)
        try:
            typst.Compiler(str(root / "check.typ"), root=str(root), ignore_system_fonts=True).compile(
                format="pdf",
                sys_inputs={"format": IMAGE_FORMATS[content_type]},
                pdf_standards=PDF_STANDARDS,
            )
        except typst.TypstError:
            return False
    return True


def _file_type_label(content_type: str, filename: str) -> str:
    extension = EXTENSIONS.get(content_type) or ("." + filename.rpartition(".")[2] if "." in filename else "")
    return extension.lstrip(".").upper() or _("ukendt type")


def _prepare(item: NumberedAkt, width: int, work: _Workdir) -> _Part:
    akt = item.akt
    prefix = f"{item.number:0{width}d}-"
    if item.withheld == WITHHELD_FULLY:
        return _Part(item, "withheld")
    if item.withheld == WITHHELD_PARTLY:
        notice = [
            _("Akten er delvist undtaget fra aktindsigt."),
            _("Grundlag: %(ground)s") % {"ground": _keep_together(item.ground)},
            _("Nedenfor er den del af akten, der ikke er undtaget."),
        ]
        return _Part(
            item,
            "text",
            paragraphs=paragraphs(item.replacement_text),
            notice=notice,
            zip_name=f"{prefix}{_stem(akt.filename or 'akt')}-uddrag.pdf",
        )
    if akt.content is None:
        return _Part(
            item,
            "text",
            paragraphs=paragraphs(akt.text),
            zip_name=f"{prefix}{safe_name(akt.filename or 'akt', 'pdf')}",
        )
    data = akt.content()
    extension = EXTENSIONS.get(akt.content_type, "")
    name = f"{prefix}{safe_name(akt.filename or 'dokument', extension if '.' not in akt.filename else '')}"
    if akt.content_type == "application/pdf":
        pages = raster_pages(data)
        if pages is not None:
            total = len(pages)
            return _Part(
                item,
                "pages",
                pages=[
                    {
                        "path": work.add(png, "png"),
                        "label": _("Akt nr. %(number)d (fortsat), side %(page)d af %(pages)d")
                        % {"number": item.number, "page": i, "pages": total},
                        "alt": _(
                            "Akt nr. %(number)d, side %(page)d af %(pages)d: %(title)s. "
                            "Originalen er i zip-filen."
                        )
                        % {"number": item.number, "page": i, "pages": total, "title": akt.title},
                    }
                    for i, png in enumerate(pages, start=1)
                ],
                zip_name=name,
                zip_bytes=data,
            )
    elif akt.content_type in IMAGE_FORMATS and image_ok(data, akt.content_type):
        return _Part(
            item,
            "image",
            image={
                "path": work.add(data, IMAGE_FORMATS[akt.content_type]),
                "alt": _("Akt nr. %(number)d: %(title)s (billede).")
                % {"number": item.number, "title": akt.title},
            },
            zip_name=name,
            zip_bytes=data,
        )
    elif akt.content_type == "text/plain":
        return _Part(
            item,
            "text",
            paragraphs=paragraphs(data.decode("utf-8", errors="replace")),
            zip_name=name,
            zip_bytes=data,
        )
    return _Part(
        item,
        "zip-only",
        notice=[
            _("Dokumentet er en fil af typen %(type)s, som ikke kan vises i denne samlede PDF.")
            % {"type": _file_type_label(akt.content_type, akt.filename)},
            _("Det er kun med i zip-filen, som %(name)s.") % {"name": name},
        ],
        zip_name=name,
        zip_bytes=data,
    )


# -- rendering -------------------------------------------------------------------------------------------


def _check(items: list[NumberedAkt]) -> None:
    errors = []
    numbers = [i.number for i in items]
    if len(set(numbers)) != len(numbers) or any(n < 1 for n in numbers):
        errors.append(_("Akterne skal have hver sit nummer (1, 2, 3, ...)."))
    if len({i.akt.key for i in items}) != len(items):
        errors.append(_("En akt er med mere end én gang."))
    for i in items:
        if i.withheld not in WITHHELD_CHOICES:
            errors.append(_("Akt nr. %(number)d: ukendt undtagelse.") % {"number": i.number})
        elif i.withheld and not i.ground.strip():
            errors.append(_("Akt nr. %(number)d: angiv grundlaget for undtagelsen.") % {"number": i.number})
        elif i.withheld == WITHHELD_PARTLY and not i.replacement_text.strip():
            errors.append(
                _("Akt nr. %(number)d er delvist undtaget: skriv uddraget, der udleveres.")
                % {"number": i.number}
            )
    if errors:
        raise ValidationError(errors)


def _withheld_label(item: NumberedAkt) -> str:
    if item.withheld == WITHHELD_FULLY:
        return _("Helt undtaget: %(ground)s") % {"ground": item.ground}
    if item.withheld == WITHHELD_PARTLY:
        return _("Delvist undtaget: %(ground)s") % {"ground": item.ground}
    return ""


def _heading(item: NumberedAkt) -> str:
    return _("Akt nr. %(number)d: %(title)s (%(date)s)") % {
        "number": item.number,
        "title": item.akt.title,
        "date": danish_date(local_day(item.akt.at)),
    }


def _part_data(part: _Part) -> dict[str, Any]:
    akt = part.item.akt
    return {
        "number": part.item.number,
        "heading": _keep_together(_heading(part.item)),
        "by": _("Registreret af %(name)s") % {"name": akt.by} if akt.by else "",
        "form": "text" if part.form == "zip-only" else part.form,
        "paragraphs": part.paragraphs,
        "notice": part.notice,
        "pages": part.pages,
        "image": part.image,
    }


def _first_pages(pdf: bytes) -> tuple[list[int], int]:
    """The 1-based pages the bookmarks point to (the aktliste, then each akt), and the page count."""
    reader = PdfReader(io.BytesIO(pdf))
    pages = []
    for entry in reader.outline:
        if isinstance(entry, list):
            continue
        number = reader.get_destination_page_number(entry)
        if number is None:
            raise RenderError("a bookmark of the bundle points to no page")
        pages.append(number + 1)
    return pages, len(reader.pages)


def _zip(entries: list[tuple[str, bytes]], moment: dt.datetime) -> bytes:
    local = clock.local_date(moment)
    stamp = dt.datetime.combine(local, dt.time()).timetuple()[:6]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o100644 << 16
            archive.writestr(info, data)
    return out.getvalue()


def bundle_render(
    *,
    case: Case,
    title: str,
    intro: str,
    items: list[NumberedAkt],
    created_at: dt.datetime | None = None,
) -> RenderedBundle:
    """Render the akter as one PDF/A (aktliste first, then each included akt from a new page) and a zip
    (aktliste.pdf and one file per included akt). Raises ValidationError (Danish) for bad items."""
    moment = created_at or clock.now()
    items = sorted(items, key=lambda i: i.number)
    with translation.override("da"):
        _check(items)
        width = max(2, len(str(max((i.number for i in items), default=1))))
        with tempfile.TemporaryDirectory(prefix="visitator-bundle-") as tmp:
            work = _Workdir(Path(tmp))
            parts = [_prepare(item, width, work) for item in items]
            included = [p for p in parts if p.form != "withheld"]
            common = _common_data(case=case, title=title, intro=intro, parts=parts, moment=moment)
            pdf = work.compile(
                {**common, "mode": "bundle", "akter": [_part_data(p) for p in included]}, moment
            )
            aktliste_pdf = work.compile({**common, "mode": "list", "akter": []}, moment)
            entries = [("aktliste.pdf", aktliste_pdf)]
            for part in included:
                data = part.zip_bytes
                if data is None:
                    single = {
                        **common,
                        "title": _heading(part.item),
                        "mode": "akt",
                        "akter": [_part_data(part)],
                    }
                    data = work.compile(single, moment)
                entries.append((part.zip_name, data))
        firsts, page_count = _first_pages(pdf)
        if len(firsts) != len(included) + 1:
            raise RenderError(f"expected {len(included) + 1} bookmarks, found {len(firsts)}")
        starts = firsts[1:]
        # Every akt withheld in full: the bundle is the aktliste alone.
        ends = [*starts[1:], page_count + 1] if starts else []
        pages = {p.item.number: (s, e - s) for p, s, e in zip(included, starts, ends, strict=True)}
        aktliste = [
            {
                "number": p.item.number,
                "key": p.item.akt.key,
                "at": p.item.akt.at.isoformat(),
                "date": local_day(p.item.akt.at).isoformat(),
                "kind": p.item.akt.kind,
                "title": p.item.akt.title,
                "withheld": p.item.withheld,
                "ground": p.item.ground,
                "reason": p.item.reason,
                "form": p.form,
                "file": p.zip_name,
                "first_page": pages[p.item.number][0] if p.form != "withheld" else None,
                "pages": pages[p.item.number][1] if p.form != "withheld" else 0,
            }
            for p in parts
        ]
    archive = _zip(entries, moment)
    return RenderedBundle(
        pdf=pdf,
        zip=archive,
        pdf_sha256=hashlib.sha256(pdf).hexdigest(),
        zip_sha256=hashlib.sha256(archive).hexdigest(),
        aktliste=aktliste,
        page_count=page_count,
    )


def _common_data(
    *, case: Case, title: str, intro: str, parts: list[_Part], moment: dt.datetime
) -> dict[str, Any]:
    municipality = case.municipality.name
    any_withheld = any(p.item.withheld for p in parts)
    list_note = []
    if any_withheld:
        list_note = paragraphs(
            _(
                "Akter, der er helt undtaget, er ikke med i samlingen. For akter, der er delvist undtaget, "
                "er kun den del med, der ikke er undtaget."
            )
        )
    return {
        "title": title,
        "author": municipality,
        "keywords": [case.number, _("Sagens akter")],
        "list_heading": _keep_together(title),
        "facts": [
            [_("Myndighed"), municipality],
            [_("Sagsnummer"), case.number],
            [_("Borger"), case.citizen.full_name],
            [_("Udarbejdet"), danish_date(clock.local_date(moment))],
            [_("Antal akter"), str(len(parts))],
        ],
        "intro": paragraphs(intro),
        "columns": [_("Nr."), _("Dato"), _("Type"), _("Titel"), _("Undtaget")],
        "aktliste": [
            {
                "number": str(p.item.number),
                "date": local_day(p.item.akt.at).strftime("%d.%m.%Y"),
                "kind": p.item.akt.kind,
                "title": _keep_together(p.item.akt.title),
                "withheld": _keep_together(_withheld_label(p.item)),
            }
            for p in parts
        ],
        "list_note": list_note,
        "footer": _("%(municipality)s · sag %(number)s")
        % {"municipality": municipality, "number": case.number},
        "page_label": _("Side"),
        "of_label": _("af"),
    }


def bundle_store(
    *,
    user: User,
    case: Case,
    purpose: str,
    title: str,
    intro: str,
    items: list[NumberedAkt],
) -> CaseFileBundle:
    """`visitator.casefile.services.bundle_store`, also importable from here (the write lives there)."""
    from .services import bundle_store as store

    return store(user=user, case=case, purpose=purpose, title=title, intro=intro, items=items)


__all__ = [
    "WITHHELD_FULLY",
    "WITHHELD_PARTLY",
    "NumberedAkt",
    "RenderError",
    "RenderedBundle",
    "bundle_render",
    "bundle_store",
]
