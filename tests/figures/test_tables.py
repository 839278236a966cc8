"""Exports: spreadsheet formulas are neutralised; counts under 5 are suppressed only for publication."""

from __future__ import annotations

import io

from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from visitator.figures.tables import Table, neutralise, suppress, to_csv, to_xlsx


@given(st.text(min_size=1))
def test_a_text_cell_never_starts_with_a_formula_character(text):
    value = neutralise(text)
    assert not value.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert value in (text, "'" + text)


@given(st.integers(min_value=-10, max_value=10_000))
def test_only_counts_from_1_to_4_are_suppressed(n):
    assert suppress(n) == ("<5" if 1 <= n <= 4 else n)


def test_numbers_stay_numbers_and_formulas_become_text_in_csv_and_xlsx():
    table = Table(
        title="Test",
        header=["Navn", "Antal"],
        rows=[['=HYPERLINK("http://x")', 3], ["@SUM(A1)", -2], ["Aars", 12]],
        count_columns=frozenset({1}),
    )
    csv_text = to_csv([table]).decode("utf-8-sig")
    assert csv_text.splitlines() == [
        "Navn;Antal",
        '"\'=HYPERLINK(""http://x"")";3',
        "'@SUM(A1);-2",
        "Aars;12",
    ]
    published = to_csv([table], publication=True).decode("utf-8-sig").splitlines()
    assert published[1].endswith(";<5") and published[3] == "Aars;12"
    sheet = load_workbook(io.BytesIO(to_xlsx([table]))).active
    assert [[c.value for c in row] for row in sheet.iter_rows()] == [
        ["Navn", "Antal"],
        ['\'=HYPERLINK("http://x")', 3],
        ["'@SUM(A1)", -2],
        ["Aars", 12],
    ]
    assert sheet["A2"].data_type == "s"
