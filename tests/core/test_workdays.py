"""Danish working days: weekends, public holidays, and the office-closed days chosen on purpose."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from visitator.core import workdays
from visitator.core.workdays import (
    add_working_days,
    closed_day_name,
    is_working_day,
    next_working_day,
    subtract_working_days,
    working_days_between,
)

D = dt.date
dates = st.dates(min_value=D(1990, 1, 1), max_value=D(2100, 12, 31))


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        # Easter 2024: skærtorsdag, langfredag, påskedag, anden påskedag.
        (D(2024, 3, 27), True),
        (D(2024, 3, 28), False),
        (D(2024, 3, 29), False),
        (D(2024, 3, 31), False),
        (D(2024, 4, 1), False),
        (D(2024, 4, 2), True),
        # Easter 2026.
        (D(2026, 4, 2), False),
        (D(2026, 4, 3), False),
        (D(2026, 4, 6), False),
        (D(2026, 4, 7), True),
        # Store bededag: a holiday in 2023, an ordinary Friday from 2024.
        (D(2023, 5, 5), False),
        (D(2024, 4, 26), True),
        # Kristi himmelfart and anden pinsedag 2024.
        (D(2024, 5, 9), False),
        (D(2024, 5, 20), False),
        # Christmas and new year: 24, 25, 26 and 31 December, 1 January.
        (D(2024, 12, 23), True),
        (D(2024, 12, 24), False),
        (D(2024, 12, 25), False),
        (D(2024, 12, 26), False),
        (D(2024, 12, 27), True),
        (D(2024, 12, 30), True),
        (D(2024, 12, 31), False),
        (D(2025, 1, 1), False),
        # Grundlovsdag (office-closed day) -- but 1 May is an ordinary working day.
        (D(2024, 6, 5), False),
        (D(2026, 6, 5), False),
        (D(2024, 5, 1), True),
        # Weekends.
        (D(2026, 1, 3), False),
        (D(2026, 1, 4), False),
        (D(2026, 1, 5), True),
    ],
)
def test_is_working_day(day: dt.date, expected: bool) -> None:
    assert is_working_day(day) is expected


def test_closed_days_have_danish_names() -> None:
    assert closed_day_name(D(2023, 5, 5)) == "Store bededag"
    assert closed_day_name(D(2024, 6, 5)) == "Grundlovsdag"
    assert closed_day_name(D(2024, 12, 24)) == "Juleaftensdag"
    assert closed_day_name(D(2024, 12, 31)) == "Nytårsaftensdag"
    assert closed_day_name(D(2024, 12, 25)) == "Juledag"
    assert closed_day_name(D(2024, 5, 1)) is None
    assert closed_day_name(D(2024, 4, 26)) is None


def test_add_working_days_skips_easter() -> None:
    assert add_working_days(D(2024, 3, 27), 1) == D(2024, 4, 2)
    assert add_working_days(D(2026, 4, 1), 1) == D(2026, 4, 7)


def test_add_working_days_over_christmas_and_new_year() -> None:
    assert add_working_days(D(2024, 12, 23), 1) == D(2024, 12, 27)
    assert add_working_days(D(2024, 12, 23), 2) == D(2024, 12, 30)
    assert add_working_days(D(2024, 12, 23), 3) == D(2025, 1, 2)
    assert add_working_days(D(2024, 12, 20), 10) == D(2025, 1, 10)


def test_store_bededag_counts_only_until_2023() -> None:
    # Thursday before store bededag: in 2023 the next working day is Monday, in 2024 Friday.
    assert add_working_days(D(2023, 5, 4), 1) == D(2023, 5, 8)
    assert add_working_days(D(2024, 4, 25), 1) == D(2024, 4, 26)


def test_start_day_is_not_counted_and_zero_is_the_start() -> None:
    assert add_working_days(D(2026, 1, 5), 1) == D(2026, 1, 6)
    assert add_working_days(D(2026, 1, 3), 0) == D(2026, 1, 3)
    assert add_working_days(D(2026, 1, 3), 1) == D(2026, 1, 5)


def test_subtract_and_next_working_day() -> None:
    assert subtract_working_days(D(2024, 4, 2), 1) == D(2024, 3, 27)
    assert subtract_working_days(D(2024, 4, 2), -1) == D(2024, 4, 3)
    assert add_working_days(D(2024, 4, 2), -1) == D(2024, 3, 27)
    assert next_working_day(D(2024, 12, 24)) == D(2024, 12, 27)
    assert next_working_day(D(2024, 12, 27)) == D(2024, 12, 27)


def test_holiday_lookups_are_cached_per_year() -> None:
    workdays.closed_days.cache_clear()
    is_working_day(D(2030, 3, 1))
    is_working_day(D(2030, 7, 1))
    info = workdays.closed_days.cache_info()
    assert info.misses == 1
    assert info.hits >= 1


@given(start=dates, count=st.integers(min_value=0, max_value=60))
def test_exactly_n_working_days_lie_between(start: dt.date, count: int) -> None:
    end = add_working_days(start, count)
    assert working_days_between(start, end) == count
    if count:
        assert is_working_day(end)
        assert end > start


@given(start=dates, count=st.integers(min_value=1, max_value=60))
def test_subtract_undoes_add(start: dt.date, count: int) -> None:
    back = subtract_working_days(add_working_days(start, count), count)
    assert back <= start
    assert back == start or not is_working_day(start)
