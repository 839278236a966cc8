"""Tables for export as CSV or XLSX, shared by the figures and the DPO's access-log export.

Spreadsheet formula injection (OWASP "CSV Injection"): a cell whose text begins with = + - @ (or a tab
or carriage return) is run as a formula by Excel and LibreOffice. Every text cell that begins so is
written with a leading apostrophe, which the spreadsheet shows as text. Numbers stay numbers.

Small-number suppression: figures marked for publication replace every count from 1 to 4 by "<5"
(a count of 0 discloses nobody), so that no citizen can be recognised in a published table.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from openpyxl import Workbook

from visitator.core.inputs import spreadsheet_safe

#: Counts below this are suppressed in tables marked for publication.
SUPPRESS_BELOW = 5
SUPPRESSED = "<5"

Cell = str | int | float | Decimal | dt.date | None


def neutralise(value: Cell) -> Cell:
    """A text cell that a spreadsheet would read as a formula, prefixed with an apostrophe (the one rule
    for every export: core.inputs.spreadsheet_safe)."""
    safe: Cell = spreadsheet_safe(value)
    return safe


def suppress(value: Cell) -> Cell:
    """A count from 1 to 4 becomes "<5"; anything else is kept."""
    if isinstance(value, int) and not isinstance(value, bool) and 0 < value < SUPPRESS_BELOW:
        return SUPPRESSED
    return value


@dataclass
class Table:
    title: str
    header: Sequence[str]
    rows: Sequence[Sequence[Cell]] = field(default_factory=list)
    #: Columns that hold counts of people (suppressed when published).
    count_columns: frozenset[int] = frozenset()

    def for_export(self, *, publication: bool = False) -> list[list[Cell]]:
        out: list[list[Cell]] = [[neutralise(h) for h in self.header]]
        for row in self.rows:
            cells = []
            for index, value in enumerate(row):
                if publication and index in self.count_columns:
                    value = suppress(value)
                cells.append(neutralise(value))
            out.append(cells)
        return out


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def to_csv(tables: Sequence[Table], *, publication: bool = False) -> bytes:
    """Semicolon-separated (as Danish Excel expects), UTF-8 with BOM; tables one after another."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    for number, table in enumerate(tables):
        if number:
            writer.writerow([])
        if len(tables) > 1:
            writer.writerow([neutralise(table.title)])
        for row in table.for_export(publication=publication):
            writer.writerow([_text(v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _sheet_title(title: str, used: set[str]) -> str:
    base = "".join(c for c in title if c not in "[]:*?/\\")[:28] or "Ark"
    name, n = base, 2
    while name in used:
        name = f"{base[:25]} {n}"
        n += 1
    used.add(name)
    return name


def to_xlsx(tables: Sequence[Table], *, publication: bool = False) -> bytes:
    """One sheet per table. Text cells are stored as text (openpyxl writes a string starting with "="
    as a formula, so neutralising matters here too)."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    used: set[str] = set()
    for table in tables:
        sheet = workbook.create_sheet(_sheet_title(table.title, used))
        for row in table.for_export(publication=publication):
            sheet.append([float(v) if isinstance(v, Decimal) else v for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
