"""Import offers from a CSV or XLSX file: one row per offer, Danish column names (docs/offers.md).

The file is read and every row checked before anything is written. A file with any problem imports
nothing: `import_offers` returns the problems, each naming its row (as the spreadsheet numbers it:
the header is row 1) and column, in Danish. A valid file is written in one transaction.

An offer already in the municipality is updated, not duplicated: it is found by Tilbudsportalen
tilbudsid and afdelingsid, or else by provider and offer name. The row is the whole snapshot of what
Tilbudsportalen said: every column in the file is written, blanks included. Fields the file has no
column for (provider e-mail and phone, the offer's `active` flag, optional paid items, other rate
tiers) are left as they are. Every created or changed provider and offer gets an event with its old
and new values, and the import one summary event.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import uuid
import zipfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction
from django.utils.translation import gettext as _

from visitator.audit.services import event_record
from visitator.core import clock, inputs
from visitator.ffb import selectors as ffb
from visitator.organisation.models import Municipality

from .models import Offer, Provider, RateTier
from .policy import paragraph_key

#: Largest number of data rows in one file (a municipality has tens of offers, not thousands).
MAX_ROWS = 2000
#: Largest file accepted (bytes).
MAX_BYTES = 5 * 1024 * 1024
LIST_SEPARATOR = ";"
DEFAULT_RATE_NAME = "Standardtakst"
MAX_ID = 2_147_483_647
MAX_PLACES = 100_000
MAX_AMOUNT = Decimal("9999999.99")


@dataclass(frozen=True)
class Column:
    key: str
    required: bool
    #: Other accepted spellings of the header (after normalising: lower case, "_" for spaces).
    aliases: tuple[str, ...] = ()


#: The columns, in the documented order. The key is the documented header.
COLUMNS: tuple[Column, ...] = (
    Column("udbyder", True, ("leverandoer", "leverandør")),
    Column("udbydertype", True),
    Column("cvr", False, ("cvr-nummer", "cvr_nummer", "cvrnr")),
    Column("tilbud", True, ("tilbudsnavn",)),
    Column("tilbudsid", False, ("tilbuds-id", "tilbuds_id")),
    Column("afdelingsid", False, ("afdelings-id", "afdelings_id")),
    Column("paragraffer", True),
    Column("malgrupper", False, ("målgrupper", "maalgrupper")),
    Column("adresse", False),
    Column("postnummer", False, ("postnr",)),
    Column("by", False),
    Column("pladser", True),
    Column("registrering", True),
    Column("godkendelse", True),
    Column("kontrolleret", True),
    Column("takstenhed", True, ("taktsenhed",)),
    Column("takstniveau", False),
    Column("takst", False),
    Column("takst_gyldig_fra", False),
    Column("deltid", False),
)
_BY_HEADER = {name: column for column in COLUMNS for name in (column.key, *column.aliases)}

PROVIDER_KINDS = {"egen": Provider.Kind.OWN, "eget": Provider.Kind.OWN, "ekstern": Provider.Kind.EXTERNAL}
REGISTRATIONS = {
    "registreret": Offer.Registration.REGISTERED,
    "ikke registreret": Offer.Registration.NOT_REGISTERED,
}
APPROVALS = {
    "godkendt": Offer.Approval.APPROVED,
    "kommunalt tilsyn": Offer.Approval.NOT_UNDER_SUPERVISION,
    "afventer": Offer.Approval.PENDING,
    "ikke godkendt": Offer.Approval.NOT_APPROVED,
}
RATE_UNITS = {
    "kalenderdag": Offer.RateUnit.CALENDAR_DAY,
    "fremmødedag": Offer.RateUnit.ATTENDANCE_DAY,
    "fremmoededag": Offer.RateUnit.ATTENDANCE_DAY,
}


# -- results ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportProblem:
    """One thing wrong with the file: `row` as the spreadsheet numbers it (header = 1), None for the
    file as a whole; `column` the documented header, when one column is at fault."""

    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        if self.row is None:
            return self.message
        if self.column is None:
            return _("Række %(row)s: %(message)s") % {"row": self.row, "message": self.message}
        return _("Række %(row)s, kolonne »%(column)s«: %(message)s") % {
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


@dataclass
class ImportResult:
    rows: int = 0
    problems: list[ImportProblem] = field(default_factory=list)
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        return _("%(created)s nye, %(updated)s ændrede og %(unchanged)s uændrede tilbud.") % {
            "created": len(self.created),
            "updated": len(self.updated),
            "unchanged": len(self.unchanged),
        }


class ImportFileError(Exception):
    """The file cannot be read at all (wrong type, broken, empty, too large)."""


# -- reading the file -------------------------------------------------------------------------------

RawRow = tuple[int, dict[str, Any]]


def _normalise_header(text: object) -> str:
    return "_".join(str(text or "").strip().casefold().split())


def read_rows(name: str, data: bytes) -> tuple[list[RawRow], list[ImportProblem]]:
    """The data rows of a CSV or XLSX file as (row number, {documented header: cell value}), and
    problems with the header row. Raises ImportFileError when the file cannot be read."""
    if len(data) > MAX_BYTES:
        raise ImportFileError(_("Filen er for stor (højst 5 MB)."))
    suffix = Path(name).suffix.casefold()
    if suffix == ".csv":
        table = _read_csv(data)
    elif suffix == ".xlsx":
        table = _read_xlsx(data)
    else:
        raise ImportFileError(_("Filen skal være en CSV-fil (.csv) eller et Excel-regneark (.xlsx)."))
    if not table:
        raise ImportFileError(_("Filen er tom."))
    header, *body = table
    problems: list[ImportProblem] = []
    keys: list[str | None] = []
    seen: set[str] = set()
    for cell in header:
        text = str(cell or "").strip()
        if not text:
            keys.append(None)
            continue
        column = _BY_HEADER.get(_normalise_header(text))
        if column is None:
            problems.append(ImportProblem(1, None, _("Kolonnen »%(name)s« er ukendt.") % {"name": text}))
            keys.append(None)
        elif column.key in seen:
            problems.append(
                ImportProblem(1, None, _("Kolonnen »%(name)s« står der mere end én gang.") % {"name": text})
            )
            keys.append(None)
        else:
            seen.add(column.key)
            keys.append(column.key)
    missing = [column.key for column in COLUMNS if column.required and column.key not in seen]
    if missing:
        problems.append(
            ImportProblem(1, None, _("Der mangler kolonner: %(names)s.") % {"names": ", ".join(missing)})
        )
    rows: list[RawRow] = []
    for number, cells in enumerate(body, start=2):
        if all(_blank(cell) for cell in cells):
            continue
        # Every column in the header is in `values` (None when the row is short); a column missing
        # from the header is not, and is reported once, above, not on every row.
        values: dict[str, Any] = {key: None for key in keys if key is not None}
        values.update({key: cell for key, cell in zip(keys, cells, strict=False) if key is not None})
        extra = [cell for cell in cells[len(keys) :] if not _blank(cell)]
        if extra:
            problems.append(ImportProblem(number, None, _("Rækken har flere celler end der er kolonner.")))
        rows.append((number, values))
    if len(rows) > MAX_ROWS:
        raise ImportFileError(_("Filen har for mange rækker (højst %(max)s).") % {"max": MAX_ROWS})
    return rows, problems


def _blank(cell: object) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _read_csv(data: bytes) -> list[list[Any]]:
    """UTF-8 (with or without BOM), else Windows-1252 (what Danish Excel saves). The separator is
    whichever of ; , or tab the header line has most of (Danish Excel uses ;). NUL bytes are refused."""
    try:
        inputs.check_text(data)
    except inputs.UnsafeFileError as exc:
        raise ImportFileError(str(exc)) from exc
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError as exc:
            raise ImportFileError(_("Filen kan ikke læses som tekst (brug UTF-8).")) from exc
    first_line = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first_line.count)
    try:
        return [list(row) for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
    except csv.Error as exc:
        raise ImportFileError(_("Filen kan ikke læses som CSV: %(error)s") % {"error": exc}) from exc


def _read_xlsx(data: bytes) -> list[list[Any]]:
    """The first worksheet, cell values only (formulas as their last computed value)."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        inputs.check_archive(data)  # a zip bomb is refused before openpyxl unpacks it
    except inputs.UnsafeFileError as exc:
        raise ImportFileError(str(exc)) from exc
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError) as exc:
        raise ImportFileError(_("Filen kan ikke læses som et Excel-regneark (.xlsx).")) from exc
    try:
        sheet = workbook.worksheets[0]
        table: list[list[Any]] = []
        for row in sheet.iter_rows(values_only=True):
            table.append(list(row))
            if len(table) > MAX_ROWS + 1 and not all(_blank(cell) for cell in row):
                raise ImportFileError(_("Filen har for mange rækker (højst %(max)s).") % {"max": MAX_ROWS})
        while table and all(_blank(cell) for cell in table[-1]):
            table.pop()
        return table
    finally:
        workbook.close()


# -- parsing cells ----------------------------------------------------------------------------------


class CellError(ValueError):
    """A cell's value is wrong; the message is Danish, for the administrator."""


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    return " ".join(str(value).split())


def _integer(value: object, *, allow_negative: bool = False) -> int:
    if isinstance(value, bool):
        raise CellError(_("»%(value)s« er ikke et helt tal.") % {"value": value})
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = _text(value)
    pattern = r"-?\d+" if allow_negative else r"\d+"
    if not re.fullmatch(pattern, text):
        raise CellError(_("»%(value)s« er ikke et helt tal.") % {"value": text})
    return int(text)


def _amount(value: object) -> Decimal:
    """Kroner: 625, 625,50, 1.234,50, 1234.50, "625,00 kr." (Danish decimal comma accepted)."""
    if isinstance(value, bool):
        raise CellError(_("»%(value)s« er ikke et beløb.") % {"value": value})
    if isinstance(value, int | float):
        number = Decimal(str(value))
    else:
        text = _text(value)
        cleaned = re.sub(r"(?i)\s*(kr\.?|dkk)\s*$", "", text).replace(" ", "").replace("\xa0", "")
        if re.fullmatch(r"-?\d{1,3}(\.\d{3})+(,\d+)?", cleaned) or re.fullmatch(r"-?\d+,\d+", cleaned):
            cleaned = cleaned.replace(".", "").replace(",", ".")
        elif not re.fullmatch(r"-?\d+(\.\d+)?", cleaned):
            raise CellError(_("»%(value)s« er ikke et beløb (fx 625,50).") % {"value": text})
        try:
            number = Decimal(cleaned)
        except InvalidOperation as exc:
            raise CellError(_("»%(value)s« er ikke et beløb (fx 625,50).") % {"value": text}) from exc
    if number < 0:
        raise CellError(_("Beløbet kan ikke være negativt."))
    if number > MAX_AMOUNT:
        raise CellError(_("Beløbet er for stort."))
    if number != number.quantize(Decimal("0.01")):
        raise CellError(_("Beløbet kan højst have to decimaler."))
    return number.quantize(Decimal("0.01"))


_DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%Y")


def _date(value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = _text(value)
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise CellError(_("»%(value)s« er ikke en dato (skriv ÅÅÅÅ-MM-DD eller DD-MM-ÅÅÅÅ).") % {"value": text})


def _choice(value: object, choices: Mapping[str, str], allowed: str) -> str:
    text = _text(value).casefold()
    if text not in choices:
        raise CellError(
            _("»%(value)s« er ukendt. Brug %(allowed)s.") % {"value": _text(value), "allowed": allowed}
        )
    return choices[text]


def _items(value: object) -> list[str]:
    return [item for item in (" ".join(part.split()) for part in _text(value).split(LIST_SEPARATOR)) if item]


def _paragraphs(value: object) -> list[str]:
    items = _items(value)
    if not items:
        raise CellError(_("Angiv mindst én paragraf, fx »SEL § 104«."))
    for item in items:
        if paragraph_key(item) is None:
            raise CellError(_("»%(value)s« er ikke en paragraf (skriv fx »SEL § 104«).") % {"value": item})
    return items


def _target_groups(value: object) -> list[str]:
    codes: list[str] = []
    for item in _items(value):
        try:
            code = str(uuid.UUID(item))
        except ValueError:
            code = item
        if not ffb.is_under(code, ffb.TARGET_GROUP):
            raise CellError(_("»%(value)s« er ikke en FFB-målgruppekode.") % {"value": item})
        if code not in codes:
            codes.append(code)
    return codes


def _part_time(value: object) -> dict[str, int]:
    """ "1:60;2:60;3:85" → {"1": 60, "2": 60, "3": 85}: days a week → percent of the rate."""
    result: dict[str, int] = {}
    for item in _items(value):
        match = re.fullmatch(r"(\d+)\s*:\s*(\d+)\s*%?", item)
        if match is None:
            raise CellError(
                _("»%(value)s« skal skrives som dage:procent, fx »1:60;2:60;3:85«.") % {"value": item}
            )
        days, percent = int(match[1]), int(match[2])
        if not 1 <= days <= 7:
            raise CellError(_("Antal dage pr. uge skal være 1-7, ikke %(days)s.") % {"days": days})
        if not 0 <= percent <= 100:
            raise CellError(_("Procenten skal være 0-100, ikke %(percent)s.") % {"percent": percent})
        if str(days) in result:
            raise CellError(_("%(days)s dage pr. uge står der mere end én gang.") % {"days": days})
        result[str(days)] = percent
    return result


# -- rows -------------------------------------------------------------------------------------------


@dataclass
class OfferRow:
    row: int
    provider_name: str = ""
    provider_kind: str = ""
    cvr: str = ""
    name: str = ""
    tilbudsid: int | None = None
    afdelingsid: int | None = None
    paragraphs: list[str] = field(default_factory=list)
    target_groups: list[str] = field(default_factory=list)
    address_line: str = ""
    postcode: str = ""
    city: str = ""
    places: int = 0
    registration: str = ""
    approval: str = ""
    verified_on: dt.date | None = None
    rate_unit: str = ""
    rate_name: str = ""
    rate_amount: Decimal | None = None
    rate_valid_from: dt.date | None = None
    part_time: dict[str, int] = field(default_factory=dict)

    @property
    def portal_key(self) -> tuple[int, int | None] | None:
        return (self.tilbudsid, self.afdelingsid) if self.tilbudsid is not None else None

    @property
    def name_key(self) -> tuple[str, str]:
        return (self.provider_name.casefold(), self.name.casefold())


def _parse_row(number: int, values: dict[str, Any], problems: list[ImportProblem]) -> OfferRow:
    row = OfferRow(row=number)

    def cell(column: str, parse: Callable[[object], Any], attribute: str | None = None) -> None:
        value = values.get(column)
        spec = next(c for c in COLUMNS if c.key == column)
        if _blank(value):
            if spec.required and column in values:
                problems.append(ImportProblem(number, column, _("Feltet skal udfyldes.")))
            return
        try:
            setattr(row, attribute or column, parse(value))
        except CellError as exc:
            problems.append(ImportProblem(number, column, str(exc)))

    def text(max_length: int) -> Callable[[object], str]:
        def parse(value: object) -> str:
            result = _text(value)
            if len(result) > max_length:
                raise CellError(_("Højst %(max)s tegn.") % {"max": max_length})
            return result

        return parse

    def identifier(value: object) -> int:
        number_ = _integer(value)
        if number_ > MAX_ID:
            raise CellError(_("Tallet er for stort."))
        return number_

    def digits(count: int) -> Callable[[object], str]:
        def parse(value: object) -> str:
            result = _text(value).replace(" ", "")
            if not re.fullmatch(rf"\d{{{count}}}", result):
                raise CellError(_("Skal være %(count)s cifre.") % {"count": count})
            return result

        return parse

    def places(value: object) -> int:
        number_ = _integer(value, allow_negative=True)
        if number_ < 0:
            raise CellError(_("Antal pladser kan ikke være negativt."))
        if number_ > MAX_PLACES:
            raise CellError(_("Antal pladser er for stort."))
        return number_

    def verified(value: object) -> dt.date:
        day = _date(value)
        if day > clock.today():
            raise CellError(_("Datoen ligger i fremtiden."))
        return day

    cell("udbyder", text(200), "provider_name")
    cell("udbydertype", lambda v: _choice(v, PROVIDER_KINDS, _("»egen« eller »ekstern«")), "provider_kind")
    cell("cvr", digits(8))
    cell("tilbud", text(200), "name")
    cell("tilbudsid", identifier)
    cell("afdelingsid", identifier)
    cell("paragraffer", _paragraphs, "paragraphs")
    cell("malgrupper", _target_groups, "target_groups")
    cell("adresse", text(200), "address_line")
    cell("postnummer", digits(4), "postcode")
    cell("by", text(100), "city")
    cell("pladser", places, "places")
    cell(
        "registrering",
        lambda v: _choice(v, REGISTRATIONS, _("»registreret« eller »ikke registreret«")),
        "registration",
    )
    cell(
        "godkendelse",
        lambda v: _choice(
            v, APPROVALS, _("»godkendt«, »kommunalt tilsyn«, »afventer« eller »ikke godkendt«")
        ),
        "approval",
    )
    cell("kontrolleret", verified, "verified_on")
    cell("takstenhed", lambda v: _choice(v, RATE_UNITS, _("»kalenderdag« eller »fremmødedag«")), "rate_unit")
    cell("takstniveau", text(100), "rate_name")
    cell("takst", _amount, "rate_amount")
    cell("takst_gyldig_fra", _date, "rate_valid_from")
    cell("deltid", _part_time, "part_time")

    if row.afdelingsid is not None and row.tilbudsid is None and _blank(values.get("tilbudsid")):
        problems.append(ImportProblem(number, "afdelingsid", _("Et afdelings-id kræver et tilbuds-id.")))
    has_rate = not _blank(values.get("takst"))
    if has_rate and _blank(values.get("takst_gyldig_fra")):
        problems.append(ImportProblem(number, "takst_gyldig_fra", _("Angiv hvornår taksten gælder fra.")))
    if not has_rate:
        for column in ("takstniveau", "takst_gyldig_fra", "deltid"):
            if not _blank(values.get(column)):
                problems.append(ImportProblem(number, column, _("Udfyldes kun sammen med en takst.")))
    if has_rate and not row.rate_name:
        row.rate_name = DEFAULT_RATE_NAME
    return row


def _check_file(rows: list[OfferRow], problems: list[ImportProblem]) -> None:
    """Problems between rows: the same offer twice, one provider described two ways."""
    by_portal: dict[tuple[int, int | None], int] = {}
    by_name: dict[tuple[str, str], int] = {}
    providers: dict[str, OfferRow] = {}
    # A cell that could not be read is already reported; don't compare its empty value.
    unreadable = {(p.row, p.column) for p in problems}
    for row in rows:
        key = row.portal_key
        if key is not None:
            if key in by_portal:
                if key[1] is None:
                    message = _("Tilbuds-id %(id)s står også i række %(other)s.")
                else:
                    message = _(
                        "Tilbuds-id %(id)s med afdelings-id %(department)s står også i række %(other)s."
                    )
                problems.append(
                    ImportProblem(
                        row.row,
                        "tilbudsid",
                        message % {"id": key[0], "department": key[1], "other": by_portal[key]},
                    )
                )
            else:
                by_portal[key] = row.row
        if row.provider_name and row.name:
            if row.name_key in by_name:
                problems.append(
                    ImportProblem(
                        row.row,
                        "tilbud",
                        _("Tilbuddet »%(name)s« hos »%(provider)s« står også i række %(other)s.")
                        % {"name": row.name, "provider": row.provider_name, "other": by_name[row.name_key]},
                    )
                )
            else:
                by_name[row.name_key] = row.row
        if row.provider_name and row.provider_kind and (row.row, "cvr") not in unreadable:
            first = providers.setdefault(row.provider_name.casefold(), row)
            if first is not row and (first.provider_kind, first.cvr) != (row.provider_kind, row.cvr):
                problems.append(
                    ImportProblem(
                        row.row,
                        "udbydertype",
                        _(
                            "Udbyderen »%(provider)s« har en anden udbydertype eller et andet "
                            "CVR-nummer i række %(other)s."
                        )
                        % {"provider": row.provider_name, "other": first.row},
                    )
                )


# -- matching and writing ---------------------------------------------------------------------------


def _existing(municipality: Municipality) -> list[Offer]:
    return list(
        Offer.objects.filter(provider__municipality=municipality)
        .select_related("provider")
        .prefetch_related("rates")
    )


def _match(
    rows: list[OfferRow], offers: list[Offer], problems: list[ImportProblem]
) -> dict[int, Offer | None]:
    """The existing offer each row updates (None: a new offer)."""
    by_portal = {(o.tilbudsid, o.afdelingsid): o for o in offers if o.tilbudsid is not None}
    by_name = {(o.provider.name.casefold(), o.name.casefold()): o for o in offers}
    matched: dict[int, Offer | None] = {}
    claimed: dict[Any, int] = {}
    for row in rows:
        portal = by_portal.get(row.portal_key) if row.portal_key is not None else None
        named = by_name.get(row.name_key)
        if portal is not None and named is not None and portal.pk != named.pk:
            problems.append(
                ImportProblem(
                    row.row,
                    None,
                    _(
                        "Rækken passer både til tilbuddet »%(by_id)s« (samme tilbuds-id) og til tilbuddet "
                        "»%(by_name)s« (samme udbyder og navn). Ret filen eller tilbuddene først."
                    )
                    % {"by_id": portal.name, "by_name": named.name},
                )
            )
            continue
        offer = portal or named
        if offer is not None:
            if offer.pk in claimed:
                problems.append(
                    ImportProblem(
                        row.row,
                        None,
                        _("Rækken opdaterer det samme tilbud »%(name)s« som række %(other)s.")
                        % {"name": offer.name, "other": claimed[offer.pk]},
                    )
                )
                continue
            claimed[offer.pk] = row.row
        matched[row.row] = offer
    return matched


def _rate_snapshot(tier: RateTier | None) -> dict[str, Any] | None:
    if tier is None:
        return None
    return {
        "name": tier.name,
        "amount": str(Decimal(tier.amount).quantize(Decimal("0.01"))),
        "valid_from": tier.valid_from.isoformat(),
        "part_time_percent": dict(tier.part_time_percent),
    }


def offer_snapshot(offer: Offer, rate: RateTier | None = None) -> dict[str, Any]:
    """The imported fields of an offer, as JSON (for events)."""
    snapshot: dict[str, Any] = {
        "provider": offer.provider.name,
        "name": offer.name,
        "tilbudsid": offer.tilbudsid,
        "afdelingsid": offer.afdelingsid,
        "paragraphs": list(offer.paragraphs),
        "target_groups": list(offer.target_groups),
        "address_line": offer.address_line,
        "postcode": offer.postcode,
        "city": offer.city,
        "places": offer.places,
        "registration": offer.registration,
        "approval": offer.approval,
        "verified_on": offer.verified_on.isoformat() if offer.verified_on else None,
        "rate_unit": offer.rate_unit,
    }
    if rate is not None:
        snapshot["rate"] = _rate_snapshot(rate)
    return snapshot


def _changes(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    keys = [key for key in after if before.get(key) != after[key]]
    return {key: before.get(key) for key in keys}, {key: after[key] for key in keys}


User = AbstractBaseUser | AnonymousUser | None


def _provider_for(
    row: OfferRow, *, municipality: Municipality, user: User, providers: dict[str, Provider]
) -> Provider:
    key = row.provider_name.casefold()
    if key in providers:
        return providers[key]
    provider = next(
        (p for p in Provider.objects.filter(municipality=municipality) if p.name.casefold() == key), None
    )
    if provider is None:
        provider = Provider.objects.create(
            municipality=municipality, name=row.provider_name, kind=row.provider_kind, cvr=row.cvr
        )
        event_record(
            user=user,
            kind="provider.created",
            municipality=municipality,
            after={
                "provider": str(provider.pk),
                "name": provider.name,
                "kind": provider.kind,
                "cvr": provider.cvr,
            },
        )
    else:
        before = {"kind": provider.kind, "cvr": provider.cvr}
        after = {"kind": row.provider_kind, "cvr": row.cvr}
        if before != after:
            provider.kind, provider.cvr = row.provider_kind, row.cvr
            provider.save(update_fields=["kind", "cvr"])
            old, new = _changes(before, after)
            event_record(
                user=user,
                kind="provider.updated",
                municipality=municipality,
                before={"provider": str(provider.pk), "name": provider.name, **old},
                after={"provider": str(provider.pk), "name": provider.name, **new},
            )
    providers[key] = provider
    return provider


_OFFER_FIELDS = (
    "name",
    "tilbudsid",
    "afdelingsid",
    "paragraphs",
    "target_groups",
    "address_line",
    "postcode",
    "city",
    "places",
    "registration",
    "approval",
    "verified_on",
    "rate_unit",
)


def _write_row(
    row: OfferRow,
    existing: Offer | None,
    *,
    municipality: Municipality,
    user: User,
    providers: dict[str, Provider],
    result: ImportResult,
) -> None:
    provider = _provider_for(row, municipality=municipality, user=user, providers=providers)
    tier: RateTier | None = None
    if existing is not None and row.rate_amount is not None:
        tier = next(
            (
                t
                for t in existing.rates.all()
                if t.name == row.rate_name and t.valid_from == row.rate_valid_from
            ),
            None,
        )
    before = offer_snapshot(existing, tier) if existing is not None else None
    offer = existing or Offer(provider=provider)
    offer.provider = provider
    for name in _OFFER_FIELDS:
        setattr(offer, name, getattr(row, name))
    if row.rate_amount is not None:
        assert row.rate_valid_from is not None
        if tier is None:
            tier = RateTier(name=row.rate_name, valid_from=row.rate_valid_from)
        tier.amount = row.rate_amount
        tier.part_time_percent = dict(row.part_time)
    after = offer_snapshot(offer, tier)
    if before == after:
        result.unchanged.append(offer.name)
        return
    if before is not None:
        offer.version += 1  # a form opened before the import is now stale
    offer.save()
    if tier is not None:
        tier.offer = offer
        tier.save()
    if before is None:
        result.created.append(offer.name)
        event_record(
            user=user,
            kind="offer.created",
            municipality=municipality,
            after={"offer": str(offer.pk), **after},
        )
    else:
        result.updated.append(offer.name)
        old, new = _changes(before, after)
        event_record(
            user=user,
            kind="offer.updated",
            municipality=municipality,
            before={"offer": str(offer.pk), **old},
            after={"offer": str(offer.pk), **new, "version": offer.version},
        )


def check_rows(
    raw: Iterable[RawRow], *, municipality: Municipality
) -> tuple[list[OfferRow], dict[int, Offer | None], list[ImportProblem]]:
    """Parse and check every row, and find the existing offer each updates. Writes nothing."""
    problems: list[ImportProblem] = []
    rows = [_parse_row(number, values, problems) for number, values in raw]
    _check_file(rows, problems)
    matched = _match(rows, _existing(municipality), problems)
    problems.sort(key=lambda p: (p.row or 0, [c.key for c in COLUMNS].index(p.column) if p.column else -1))
    return rows, matched, problems


def import_offers(
    *,
    user: User,
    municipality: Municipality,
    name: str,
    data: bytes,
    dry_run: bool = False,
) -> ImportResult:
    """Check the file and, when it has no problems, create and update the municipality's offers in
    one transaction. With `dry_run` everything is checked and counted, then rolled back.

    `name` is the file name (its suffix, .csv or .xlsx, says how to read it). The result's `problems`
    list every bad row; when it is not empty nothing was written.
    """
    result = ImportResult(dry_run=dry_run)
    try:
        raw, header_problems = read_rows(name, data)
    except ImportFileError as exc:
        result.problems = [ImportProblem(None, None, str(exc))]
        return result
    result.rows = len(raw)
    if not raw and not header_problems:
        result.problems = [ImportProblem(None, None, _("Filen har ingen rækker med tilbud."))]
        return result
    try:
        rows, matched, problems = check_rows(raw, municipality=municipality)
    except ffb.NoCurrentVersion:
        result.problems = [
            ImportProblem(None, None, _("FFB-kodelisterne er ikke indlæst (kør 'visitator migrate')."))
        ]
        return result
    result.problems = header_problems + problems
    if result.problems:
        return result
    with transaction.atomic():
        providers: dict[str, Provider] = {}
        for row in rows:
            _write_row(
                row,
                matched[row.row],
                municipality=municipality,
                user=user,
                providers=providers,
                result=result,
            )
        event_record(
            user=user,
            kind="offers.imported",
            municipality=municipality,
            after={
                "file": Path(name).name[:200],
                "rows": result.rows,
                "created": len(result.created),
                "updated": len(result.updated),
                "unchanged": len(result.unchanged),
            },
        )
        if dry_run:
            transaction.set_rollback(True)
    return result


def import_offers_from_path(
    *, user: User, municipality: Municipality, path: Path, dry_run: bool = False
) -> ImportResult:
    """`import_offers` for a file on disk (the management command)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        return ImportResult(
            dry_run=dry_run,
            problems=[
                ImportProblem(None, None, _("Filen kan ikke åbnes: %(error)s") % {"error": exc.strerror})
            ],
        )
    return import_offers(user=user, municipality=municipality, name=path.name, data=data, dry_run=dry_run)
