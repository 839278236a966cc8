import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from visitator.people import cpr


def cpr_for(born: dt.date, serial: int) -> str:
    return f"{born:%d%m%y}{serial:04d}"


# Birth years 1900-1999 with a 7th digit of 0-3 (the CPR office's century table).
births_1900s = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(1999, 12, 31))


@given(born=births_1900s, serial=st.integers(min_value=0, max_value=3999))
def test_every_serial_with_a_valid_birth_date_is_accepted_whatever_modulus_11_says(born, serial):
    number = cpr_for(born, serial)
    assert cpr.normalize(number) == number
    assert cpr.birth_date(number) == born


@given(born=births_1900s, serial=st.integers(min_value=0, max_value=3999))
def test_hyphen_and_spaces_are_accepted(born, serial):
    number = cpr_for(born, serial)
    assert cpr.normalize(f" {number[:6]}-{number[6:]} ") == number


@given(
    born=st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2036, 12, 31)),
    serial=st.integers(4000, 4999),
)
def test_century_comes_from_the_seventh_digit(born, serial):
    # 7th digit 4 with year 00-36 means 2000-2036.
    number = cpr_for(born, serial)
    if born <= dt.date.today():
        assert cpr.birth_date(number) == born


def test_a_number_failing_modulus_11_is_not_rejected():
    number = "0101701235"  # 01-01-1970, control digit wrong on purpose
    assert not cpr.passes_modulus_11(number)
    assert cpr.normalize(number) == number


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "Skriv et CPR-nummer"),
        ("12345", "10 cifre"),
        ("01017O1234", "cifre"),
        ("3202701234", "fødselsdato"),
        ("0113701234", "fødselsdato"),
    ],
)
def test_bad_numbers_get_a_danish_message_that_does_not_repeat_the_number(text, fragment):
    with pytest.raises(ValidationError) as info:
        cpr.normalize(text)
    message = " ".join(info.value.messages)
    assert fragment in message
    if text:
        assert text not in message


@given(born=births_1900s, on=st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 1, 1)))
def test_age_is_whole_years_since_birth(born, on):
    number = cpr_for(born, 1)
    age = cpr.age_on(number, on)
    assert age >= 0

    # Turned `age` on or before `on`, and not yet `age + 1`.
    def birthday(year):
        try:
            return born.replace(year=year)
        except ValueError:  # 29 February in a non-leap year: the birthday counts from 1 March
            return dt.date(year, 3, 1)

    assert birthday(born.year + age) <= on < birthday(born.year + age + 1)


def test_mask_keeps_birth_date_and_hides_serial():
    assert cpr.mask("0101701234") == "010170-****"
