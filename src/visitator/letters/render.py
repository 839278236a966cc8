"""Rendering a draft as PDF/A with typst (PyPI ``typst``: a self-contained wheel, no system libraries).

The layout is ``templates/letters/letter.typ``. The draft goes in as JSON through ``sys.inputs``, so
nothing a caseworker writes is ever read as typst markup. Only typst's embedded fonts are used
(Libertinus Serif, embedded in the PDF), so a letter renders the same on every machine.

The PDF conforms to PDF/A-2a (archival, tagged) and PDF/UA-1 (accessible); typst refuses to export a
document that breaks either standard, so a rendered letter is a checked one. Why typst and not
WeasyPrint: docs/letters.md.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import typst
from django.utils import translation
from django.utils.translation import gettext as _
from pypdf import PdfReader

from visitator.core import clock
from visitator.core.unprintable import find_unprintable

from .compose import Channel, LetterDraft
from .legal_text import danish_date

TEMPLATE = Path(__file__).resolve().parent / "templates" / "letters" / "letter.typ"

#: PDF/A-2a: archival and tagged; PDF/UA-1: accessible. Typst checks both when it exports.
PDF_STANDARDS: list[typst.PDFStandard] = ["a-2a", "ua-1"]

#: The (part, conformance) of PDF/A this module produces, as written in the XMP metadata.
PDFA_PART = "2"
PDFA_CONFORMANCE = "A"


class RenderError(RuntimeError):
    """Typst could not render the letter (a bug in the template or the data, never the user's input:
    a character the fonts cannot draw is `core.unprintable.UnprintableText`, a clear message)."""


@dataclass(frozen=True)
class RenderedLetter:
    pdf: bytes
    page_count: int

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.pdf).hexdigest()

    @property
    def size(self) -> int:
        return len(self.pdf)


_compiler: typst.Compiler | None = None
_lock = threading.Lock()


def _get_compiler() -> typst.Compiler:
    """One compiler per process: it keeps the fonts and the parsed template between letters."""
    global _compiler
    if _compiler is None:
        _compiler = typst.Compiler(str(TEMPLATE), root=str(TEMPLATE.parent), ignore_system_fonts=True)
    return _compiler


def _keep_together(text: str) -> str:
    """No line break inside "§ 104", "§§ 22-24" or "stk. 2" (a non-breaking space after them)."""
    return text.replace("§ ", "§\u00a0").replace("stk. ", "stk.\u00a0").replace("nr. ", "nr.\u00a0")


def letter_data(draft: LetterDraft) -> dict[str, Any]:
    """What the template prints, as plain JSON data (Danish labels, dates written out)."""
    with translation.override("da"):
        channel_note = (
            _("Sendt med Digital Post")
            if draft.channel == Channel.DIGITAL_POST
            else _("Sendt med almindelig post")
        )
        contact = draft.contact
        return {
            "title": draft.subject,
            "author": draft.municipality_name,
            "keywords": [draft.case_number, str(draft.kind.label)],
            "sender": [
                draft.municipality_name,
                draft.unit_name,
                *(contact.address_lines if contact else ()),
            ],
            "contact": [[label + ":", value] for label, value in (contact.lines if contact else ())],
            "meta": [
                [_("Dato"), danish_date(draft.letter_date)],
                [_("Sagsnummer"), draft.case_number],
            ],
            "channel_note": channel_note,
            "address": list(draft.recipient.address_block),
            "subject": _keep_together(draft.subject),
            "salutation": draft.salutation,
            "sections": [
                {
                    "heading": s.heading,
                    "intro": _keep_together(s.intro),
                    "paragraphs": [_keep_together(p) for p in s.paragraphs],
                    "bulleted": s.bulleted,
                }
                for s in draft.sections
            ],
            "closing": list(draft.closing),
            "footer": draft.municipality_name,
            "page_label": _("Side"),
            "of_label": _("af"),
            "preview_note": "",
        }


def _part(values: dict[str, Any], path: tuple[Any, ...]) -> str:
    """Where in the letter a piece of `letter_data` is, as the caseworker knows it (Danish)."""
    key = path[0] if path else ""
    if key == "sections" and len(path) > 1:
        heading = values["sections"][path[1]]["heading"]
        return _("afsnittet »%(heading)s«") % {"heading": heading} if heading else _("brevets tekst")
    parts = {
        "title": _("overskriften"),
        "subject": _("overskriften"),
        "keywords": _("overskriften"),
        "salutation": _("indledningen"),
        "address": _("modtagerens adresse"),
        "sender": _("afsenderen"),
        "contact": _("kontaktoplysningerne"),
        "closing": _("hilsenen"),
    }
    return parts.get(str(key), _("brevet"))


def letter_render(
    draft: LetterDraft, *, created_at: dt.datetime | None = None, preview: bool = False
) -> RenderedLetter:
    """The draft as a PDF/A-2a document. `created_at` (default now) is the PDF's creation date. A
    `preview` is marked "Udkast – ikke sendt" at the top of the first page."""
    moment = created_at or clock.now()
    values = letter_data(draft)
    if preview:
        with translation.override("da"):
            values["preview_note"] = _("Udkast – ikke sendt. Sådan ser brevet ud, når det sendes i dag.")
    data = json.dumps(values, ensure_ascii=False)
    with _lock:
        try:
            pdf = _get_compiler().compile(
                format="pdf",
                sys_inputs={"letter": data},
                pdf_standards=PDF_STANDARDS,
                timestamp=int(moment.timestamp()),
            )
        except typst.TypstError as exc:
            with translation.override("da"):
                problem = find_unprintable(exc.message, values, where=lambda path, _text: _part(values, path))
            if problem is not None:
                raise problem from exc
            raise RenderError(f"typst: {exc.message}") from exc
    if not isinstance(pdf, bytes):
        raise RenderError("typst returned no PDF")
    return RenderedLetter(pdf=pdf, page_count=len(PdfReader(io.BytesIO(pdf)).pages))
