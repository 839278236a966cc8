"""The case journal as a PDF/A document (journaludskrift), rendered with typst as letters are
(letters/render.py; why typst: docs/letters.md).

The data goes in as JSON through ``sys.inputs``, so nothing a caseworker wrote is ever read as typst
markup. PDF/A-2a (archival, tagged) and PDF/UA-1 (accessible): typst refuses to export a document
that breaks either.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any

import typst
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from visitator.core.unprintable import find_unprintable

from .journal import kind_label
from .selectors import JournalExtract

TEMPLATE = Path(__file__).resolve().parent / "templates" / "cases" / "journal.typ"
PDF_STANDARDS: list[typst.PDFStandard] = ["a-2a", "ua-1"]


class JournalRenderError(RuntimeError):
    """Typst could not render the journal (a bug in the template or the data, never the user's input)."""


_compiler: typst.Compiler | None = None
_lock = threading.Lock()


def _get_compiler() -> typst.Compiler:
    global _compiler
    if _compiler is None:
        _compiler = typst.Compiler(str(TEMPLATE), root=str(TEMPLATE.parent), ignore_system_fonts=True)
    return _compiler


def _moment(at: Any) -> str:
    return timezone.localtime(at).strftime("%d.%m.%Y %H:%M")


def journal_data(extract: JournalExtract) -> dict[str, Any]:
    """What the template prints, as plain JSON data (Danish labels)."""
    case = extract.case
    citizen = case.citizen
    with translation.override("da"):
        title = _("Journaludskrift for sag %(number)s") % {"number": case.number}
        chosen = ", ".join(kind_label(kind) for kind in extract.kinds) or _("Alle hændelser")
        return {
            "title": title,
            "author": case.municipality.name,
            "keywords": [case.number, _("Journaludskrift")],
            "heading": title,
            "facts": [
                [_("Borger"), f"{citizen.full_name} ({citizen.cpr_masked})"],
                [_("Ydelse"), case.standard_version.spec.service.title],
                [_("Enhed"), f"{case.municipality.name}, {case.unit.name}"],
                [_("Status"), str(case.get_status_display())],
                [_("Udvalg"), chosen],
                [_("Udskrevet"), f"{_moment(extract.printed_at)}, {extract.printed_by}"],
                [_("Antal hændelser"), str(len(extract.entries))],
            ],
            "columns": [_("Tidspunkt"), _("Hændelse"), _("Hvem")],
            "entries": [
                {
                    "at": _moment(entry.at),
                    "title": str(entry.title),
                    "kind": kind_label(entry.kind),
                    "text": str(entry.text or ""),
                    "by": str(entry.by or ""),
                }
                for entry in extract.entries
            ],
            "empty": _("Ingen hændelser i det valgte udvalg."),
            "footer": f"{case.municipality.name} · {title}",
            "page_label": _("Side"),
            "of_label": _("af"),
        }


def journal_render(extract: JournalExtract) -> bytes:
    """The journal extract as a PDF/A-2a document, dated when it was printed."""
    values = journal_data(extract)
    data = json.dumps(values, ensure_ascii=False)
    with _lock:
        try:
            pdf = _get_compiler().compile(
                format="pdf",
                sys_inputs={"journal": data},
                pdf_standards=PDF_STANDARDS,
                timestamp=int(extract.printed_at.timestamp()),
            )
        except typst.TypstError as exc:
            with translation.override("da"):
                problem = find_unprintable(exc.message, values)
            if problem is not None:
                raise problem from exc
            raise JournalRenderError(f"typst: {exc.message}") from exc
    if not isinstance(pdf, bytes):
        raise JournalRenderError("typst returned no PDF")
    return pdf
