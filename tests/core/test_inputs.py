"""Bounds on input, and fuzzing of every parser: the standard-file loader, CPR numbers, the CSV/XLSX
offer import. Whatever the input, each parser either succeeds or raises its documented error."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import pytest
from django import forms
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from visitator.core import clock
from visitator.core.inputs import (
    CASE_DATE,
    BoundedForm,
    UnsafeFileError,
    bounded_date_field,
    check_archive,
    spreadsheet_safe,
)
from visitator.offers.importer import ImportFileError, read_rows
from visitator.people import cpr
from visitator.standards.loader import StandardsInvalid, parse_standard

STANDARD = sorted(Path("standards/vesthimmerland/sel-104").glob("*.yaml"))[0]


class NoteForm(BoundedForm):
    note = forms.CharField(widget=forms.Textarea, required=False)
    title = forms.CharField(max_length=50, required=False)
    deadline = forms.DateField(required=False)
    hearing_until = bounded_date_field(CASE_DATE, required=False)
    submission = forms.UUIDField(required=False)


def test_text_with_a_control_character_is_refused_with_a_danish_message():
    form = NoteForm(data={"note": "Borgeren ringede\x1b[31m i dag", "title": "ok"})
    assert not form.is_valid()
    assert form.errors["note"] == [
        "Teksten indeholder et usynligt kontroltegn, som ikke kan bruges. Skriv teksten igen."
    ]
    assert NoteForm(data={"note": "Linje 1\r\nLinje 2\tmed tab", "title": "ø æ å 🙂"}).is_valid()


def test_a_field_added_after_init_is_bounded_too():
    form = NoteForm(data={"extra": "a\x1bb"})
    form.fields["extra"] = forms.CharField()
    assert not form.is_valid()
    assert form.errors["extra"] == [
        "Teksten indeholder et usynligt kontroltegn, som ikke kan bruges. Skriv teksten igen."
    ]


def test_a_right_to_left_override_is_refused():
    assert "title" in NoteForm(data={"title": "faktura\u202etxt.exe"}).errors


def test_text_without_its_own_cap_gets_one():
    form = NoteForm(data={"note": "x" * 20_001})
    assert not form.is_valid() and "note" in form.errors
    assert NoteForm().fields["note"].widget.attrs["maxlength"] == "20000"
    assert NoteForm().fields["title"].max_length == 50  # a field's own cap is kept
    assert NoteForm(data={"submission": "0b6f8a8e-7d5e-4c1e-9a57-4d1f0f3f1b2a"}).is_valid()


def test_a_year_9999_deadline_is_refused():
    with clock.frozen(dt.date(2026, 12, 1)):
        form = NoteForm(data={"deadline": "31.12.9999", "hearing_until": "01.01.2030"})
        assert not form.is_valid()
        assert form.errors["deadline"] == ["Datoen skal ligge mellem 01.12.1896 og 01.12.2036."]
        assert form.errors["hearing_until"] == ["Datoen skal ligge mellem 01.12.2016 og 01.12.2029."]
        assert NoteForm(data={"deadline": "15.01.2027", "hearing_until": "15.01.2027"}).is_valid()


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+45 99 99 10 00", "'+45 99 99 10 00"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("Aktivitetscentret Aars", "Aktivitetscentret Aars"),
        (625, 625),
    ],
)
def test_spreadsheet_formulas_are_neutralised(value, expected):
    assert spreadsheet_safe(value) == expected


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def test_a_zip_bomb_is_refused_before_it_is_unpacked():
    bomb = _zip({"xl/worksheets/sheet1.xml": b"0" * (60 * 1024 * 1024)})
    assert len(bomb) < 1024 * 1024
    with pytest.raises(UnsafeFileError, match="Filen fylder for meget, når den pakkes ud"):
        check_archive(bomb)
    with pytest.raises(ImportFileError, match="Filen fylder for meget, når den pakkes ud"):
        read_rows("tilbud.xlsx", bomb)


def test_a_csv_file_with_nul_bytes_is_refused():
    with pytest.raises(ImportFileError, match="Filen indeholder NUL-tegn og er ikke en tekstfil"):
        read_rows("tilbud.csv", b"Tilbud;Leverand\x00r\n")


def test_an_xml_bomb_in_an_xlsx_file_is_refused(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["Tilbud"])
    path = tmp_path / "tilbud.xlsx"
    book.save(path)
    with zipfile.ZipFile(path) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
    )
    body = members["xl/workbook.xml"]
    if body.startswith(b"<?xml"):
        body = body.split(b"?>", 1)[1]
    members["xl/workbook.xml"] = laughs + body
    with pytest.raises(ImportFileError, match="Filen indeholder XML, der ikke er tilladt i et regneark"):
        read_rows("tilbud.xlsx", _zip(members))


# -- fuzzing ----------------------------------------------------------------------------------------


@settings(max_examples=100, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=40))
def test_cpr_parsing_gives_ten_digits_or_a_validation_error(text):
    try:
        number = cpr.normalize(text)
    except ValidationError as error:
        assert error.messages and all(message for message in error.messages)
    else:
        assert len(number) == 10 and number.isdigit()
        cpr.birth_date(number)
        assert cpr.mask(number).endswith("xxxx") or "x" in cpr.mask(number)


@settings(max_examples=30, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(max_size=400), st.binary(max_size=400).map(lambda b: b.decode("latin-1"))))
def test_the_standard_loader_refuses_any_text_with_its_own_error(text):
    try:
        parse_standard(text, path=Path("fuzz.yaml"), display="fuzz.yaml")
    except StandardsInvalid as error:
        assert error.problems
    # (a random text is never a whole valid standard)


@settings(max_examples=20, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_the_standard_loader_survives_a_damaged_real_file(data):
    text = STANDARD.read_text(encoding="utf-8")
    start = data.draw(st.integers(0, len(text) - 1))
    length = data.draw(st.integers(0, 40))
    junk = data.draw(st.text(max_size=20))
    damaged = text[:start] + junk + text[start + length :]
    try:
        parse_standard(damaged, path=STANDARD, display="fuzz.yaml")
    except StandardsInvalid as error:
        assert error.problems


@pytest.mark.django_db
@settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=600), st.sampled_from(["tilbud.csv", "tilbud.xlsx", "tilbud.txt"]))
def test_the_offer_import_reads_any_bytes_or_says_why_not(data, name):
    try:
        rows, problems = read_rows(name, data)
    except ImportFileError as error:
        assert str(error)
    else:
        assert isinstance(rows, list) and isinstance(problems, list)


@pytest.mark.django_db
@settings(max_examples=30, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.lists(st.lists(st.text(max_size=15), max_size=6), max_size=6))
def test_the_offer_import_reads_any_csv_table_or_says_why_not(table):
    text = "\n".join(";".join(cell.replace(";", ",") for cell in row) for row in table)
    try:
        read_rows("tilbud.csv", ("Tilbud;Leverandør\n" + text).encode("utf-8"))
    except ImportFileError as error:
        assert str(error)


@pytest.mark.django_db
@settings(max_examples=15, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(
    st.lists(
        st.lists(st.one_of(st.text(max_size=12), st.integers(), st.floats(allow_nan=False)), max_size=5),
        max_size=5,
    )
)
def test_the_offer_import_reads_any_xlsx_table_or_says_why_not(table):
    from openpyxl import Workbook
    from openpyxl.utils.exceptions import IllegalCharacterError

    book = Workbook()
    for row in table:
        try:
            book.active.append([spreadsheet_safe(cell) for cell in row])
        except IllegalCharacterError:  # openpyxl refuses control characters itself
            return
    out = io.BytesIO()
    book.save(out)
    try:
        read_rows("tilbud.xlsx", out.getvalue())
    except ImportFileError as error:
        assert str(error)


def test_every_form_of_the_product_applies_the_bounds():
    """A new form that inherits forms.Form directly would take control characters and year 9999."""
    import importlib
    import pkgutil

    from django import forms

    import visitator

    for module in pkgutil.walk_packages(visitator.__path__, "visitator."):
        if module.name.rsplit(".", 1)[-1] == "forms":
            importlib.import_module(module.name)

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    ours = [c for c in subclasses(forms.Form) if c.__module__.startswith("visitator.")]
    assert len(ours) > 30
    assert sorted(f"{c.__module__}.{c.__name__}" for c in ours if not issubclass(c, BoundedForm)) == []
