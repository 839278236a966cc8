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
    with pytest.raises(ValidationError, match=fragment) as info:
        cpr.normalize(text)
    message = " ".join(info.value.messages)
    assert fragment in message
    if text:
        assert text not in message


@pytest.mark.parametrize(
    ("number", "on", "age"),
    [
        # Born Monday 15 December 2008 (7th digit 4: the 2000s): 17 the day before, 18 on the birthday.
        ("1512084001", dt.date(2026, 12, 14), 17),
        ("1512084001", dt.date(2026, 12, 15), 18),
        # Born 29 February 2008: in a year without 29 February the birthday counts from 1 March.
        ("2902084001", dt.date(2026, 2, 28), 17),
        ("2902084001", dt.date(2026, 3, 1), 18),
        ("2902084001", dt.date(2028, 2, 28), 19),
        ("2902084001", dt.date(2028, 2, 29), 20),
        # Born 31 December 1999 (7th digit 0: the 1900s): a year is whole only on the birthday.
        ("3112990001", dt.date(2017, 12, 30), 17),
        ("3112990001", dt.date(2017, 12, 31), 18),
        ("3112990001", dt.date(2018, 1, 1), 18),
        # On the day of birth: 0.
        ("0101700001", dt.date(1970, 1, 1), 0),
        ("0101700001", dt.date(1970, 12, 31), 0),
        ("0101700001", dt.date(1971, 1, 1), 1),
    ],
)
def test_age_is_whole_years_since_birth(number, on, age):
    assert cpr.age_on(number, on) == age


@pytest.mark.parametrize(
    ("number", "years", "day"),
    [
        ("1512084001", 18, dt.date(2026, 12, 15)),
        ("2902084001", 18, dt.date(2026, 3, 1)),  # no 29 February 2026
        ("2902084001", 20, dt.date(2028, 2, 29)),
        ("3112990001", 18, dt.date(2017, 12, 31)),
    ],
)
def test_the_birthday_at_an_age(number, years, day):
    assert cpr.birthday_at_age(number, years) == day


@given(born=births_1900s, on=st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 1, 1)))
def test_age_grows_by_at_most_one_a_day(born, on):
    number = cpr_for(born, 1)
    step = cpr.age_on(number, on) - cpr.age_on(number, on - dt.timedelta(days=1))
    assert step in (0, 1)
    assert cpr.age_on(number, on) >= 0


def test_mask_keeps_birth_date_and_hides_serial():
    assert cpr.mask("0101701234") == "010170-****"
