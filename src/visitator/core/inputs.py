"""Bounds on input: what every form, import and export shares (issue 11, "Nothing lost").

* Free text: control characters (other than tab and line breaks) are refused at input with a Danish
  message; they break letters (PDF fonts) and can hide text. Every text field has a length cap.
* Dates: within a sane range for their meaning (`DateBounds`); nothing in year 9999.
* Imports: archives (XLSX is a zip) are checked for zip bombs before they are opened, and text files
  for NUL bytes; openpyxl parses XML through defusedxml when it is installed (it is a dependency).
* Exports: a cell that a spreadsheet would run as a formula (=, +, -, @, tab, carriage return first)
  is neutralised with a leading apostrophe (OWASP, "CSV Injection").

`BoundedForm` applies the text and date rules to every field of a form, so forms need only inherit
from it instead of `forms.Form`.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from visitator.core import clock

#: C0 controls except tab, line feed and carriage return; DEL and the C1 controls; the Unicode bidi
#: overrides and isolates that can make text read differently from how it is stored.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

#: Length caps for text fields that set none themselves: one line, and a free-text area.
LINE_MAX_LENGTH = 500
TEXT_MAX_LENGTH = 20_000


def no_control_characters(value: Any) -> None:
    if isinstance(value, str) and CONTROL_CHARACTERS.search(value):
        raise ValidationError(
            _("Teksten indeholder et usynligt kontroltegn, som ikke kan bruges. Skriv teksten igen."),
            code="control_character",
        )


@dataclass(frozen=True)
class DateBounds:
    """A sane range for a date, relative to today: `past_years` back and `future_years` ahead."""

    past_years: int
    future_years: int

    def limits(self, today: dt.date | None = None) -> tuple[dt.date, dt.date]:
        today = today or clock.today()
        return _add_years(today, -self.past_years), _add_years(today, self.future_years)

    def __call__(self, value: Any) -> None:
        if not isinstance(value, dt.date):
            return
        if isinstance(value, dt.datetime):
            value = value.date()
        lower, upper = self.limits()
        if not lower <= value <= upper:
            raise ValidationError(
                _("Datoen skal ligge mellem %(lower)s og %(upper)s.")
                % {"lower": f"{lower:%d.%m.%Y}", "upper": f"{upper:%d.%m.%Y}"},
                code="date_out_of_range",
            )


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


#: Dates by meaning. A case's own dates (received, decided, a deadline, a hearing's answer date) lie
#: within a few years of today; a birth date or an old document's date may lie far back, never ahead.
CASE_DATE = DateBounds(past_years=10, future_years=3)
HISTORIC_DATE = DateBounds(past_years=130, future_years=0)
#: What any date field gets unless it says otherwise: the widest range that still means something.
ANY_DATE = DateBounds(past_years=130, future_years=10)


def bounded_date_field(bounds: DateBounds = CASE_DATE, **kwargs: Any) -> forms.DateField:
    """A DateField with `bounds` (BoundedForm sees the validator and adds no other)."""
    field = forms.DateField(**kwargs)
    field.validators.append(bounds)
    return field


class BoundedForm(forms.Form):
    """A form whose text fields refuse control characters and have a length cap, and whose date
    fields refuse dates outside `ANY_DATE` unless they carry their own `DateBounds`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            bound_field(field)

    def full_clean(self) -> None:
        # Again here: a subclass may add fields after __init__ (bound_field is idempotent).
        for field in self.fields.values():
            bound_field(field)
        super().full_clean()


def bound_field(field: forms.Field) -> None:
    if isinstance(field, forms.CharField):
        if no_control_characters not in field.validators:
            field.validators.append(no_control_characters)
        if field.max_length is None:
            textarea = isinstance(field.widget, forms.Textarea)
            field.max_length = TEXT_MAX_LENGTH if textarea else LINE_MAX_LENGTH
            field.validators.append(_max_length(field.max_length))
            field.widget.attrs.setdefault("maxlength", str(field.max_length))
    elif isinstance(field, forms.DateField | forms.DateTimeField) and not any(
        isinstance(v, DateBounds) for v in field.validators
    ):
        field.validators.append(ANY_DATE)


def _max_length(limit: int) -> Any:
    """Django's MaxLengthValidator, on text only: CharField subclasses such as UUIDField and
    JSONField clean to other types."""
    from django.core.validators import MaxLengthValidator

    validator = MaxLengthValidator(limit)

    def check(value: Any) -> None:
        if isinstance(value, str):
            validator(value)

    return check


# -- exports ----------------------------------------------------------------------------------------

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: Any) -> Any:
    """A cell value that no spreadsheet runs as a formula: text starting with = + - @ tab or carriage
    return gets a leading apostrophe. Numbers and dates are returned unchanged."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def spreadsheet_row(values: list[Any]) -> list[Any]:
    return [spreadsheet_safe(value) for value in values]


# -- imports ----------------------------------------------------------------------------------------

#: An uploaded archive may unpack to at most this much, and at most this many times its own size.
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
MAX_ARCHIVE_MEMBERS = 1000


_DOCTYPE = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


class UnsafeFileError(ValueError):
    """The file is refused before it is parsed (the message is Danish, for the user)."""


def check_archive(data: bytes) -> None:
    """Refuse a zip archive (e.g. an XLSX file) that would unpack to too much: a zip bomb."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            if len(members) > MAX_ARCHIVE_MEMBERS:
                raise UnsafeFileError(_("Filen indeholder for mange dele til at være et regneark."))
            unpacked = sum(member.file_size for member in members)
            if unpacked > MAX_UNPACKED_BYTES or unpacked > MAX_COMPRESSION_RATIO * max(len(data), 1):
                raise UnsafeFileError(_("Filen fylder for meget, når den pakkes ud (højst 50 MB)."))
            # An Office file never declares a DTD; one that does may carry an entity expansion
            # ("billion laughs") or an external entity. Refused whichever XML parser reads it later.
            for member in members:
                if member.filename.endswith((".xml", ".rels", ".vml")):
                    with archive.open(member) as part:
                        if _DOCTYPE.search(part.read(MAX_UNPACKED_BYTES)):
                            raise UnsafeFileError(
                                _("Filen indeholder XML, der ikke er tilladt i et regneark.")
                            )
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, RuntimeError, NotImplementedError) as exc:
        if isinstance(exc, UnsafeFileError):
            raise
        raise UnsafeFileError(_("Filen kan ikke læses som et Excel-regneark (.xlsx).")) from exc


def check_text(data: bytes) -> None:
    """Refuse a text file with NUL bytes (a binary file, or one made to confuse a parser)."""
    if b"\x00" in data:
        raise UnsafeFileError(_("Filen indeholder NUL-tegn og er ikke en tekstfil."))
