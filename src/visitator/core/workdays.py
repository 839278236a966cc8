"""Danish working days: which days count when a deadline is given in working days (arbejdsdage).

A day is a working day unless it is

1. a Saturday or a Sunday,
2. a Danish public holiday as listed by the `holidays` package (``holidays.Denmark``, category
   ``"public"``): nytårsdag, skærtorsdag, langfredag, påskedag, anden påskedag, kristi
   himmelfartsdag, pinsedag, anden pinsedag, juledag, anden juledag, and store bededag up to and
   including 2023 (the Folketing abolished it as a public holiday from 2024; the package knows),
3. one of the days chosen here on purpose, because public offices are closed and nobody can
   act on a case: grundlovsdag (5 June), juleaftensdag (24 December) and nytårsaftensdag
   (31 December). These are not public holidays in law, but municipal offices are closed,
   and counting them as working days would shorten the time a citizen or caseworker actually has.

1 May is deliberately *not* a closed day: it is a day off under some collective agreements, not a
general day off, and municipal offices are generally open.

The choice is documented for administrators in ``docs/quality-standard-guide.md``. Holiday lookups
are cached per year.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from functools import lru_cache
from types import MappingProxyType

import holidays

#: Days that are not public holidays but on which public offices are closed: (month, day, name).
OFFICE_CLOSED_DAYS: tuple[tuple[int, int, str], ...] = (
    (6, 5, "Grundlovsdag"),
    (12, 24, "Juleaftensdag"),
    (12, 31, "Nytårsaftensdag"),
)

_ONE_DAY = dt.timedelta(days=1)


@lru_cache(maxsize=512)
def closed_days(year: int) -> Mapping[dt.date, str]:
    """Every holiday and office-closed day in `year` (weekends aside), with its Danish name (read-only)."""
    found: dict[dt.date, str] = {}
    public = holidays.Denmark(years=year, categories=("public",), language="da")
    for day, name in public.items():
        found[day] = str(name)
    for month, day_of_month, name in OFFICE_CLOSED_DAYS:
        found.setdefault(dt.date(year, month, day_of_month), name)
    return MappingProxyType(found)


def closed_day_name(day: dt.date) -> str | None:
    """The Danish name of the holiday or closed day on `day`, or None (weekends are not named)."""
    return closed_days(day.year).get(day)


def is_working_day(day: dt.date) -> bool:
    """True unless `day` is a Saturday, a Sunday, a Danish public holiday or an office-closed day."""
    if day.weekday() >= 5:
        return False
    return day not in closed_days(day.year)


def add_working_days(start: dt.date, count: int) -> dt.date:
    """The `count`-th working day after `start` (the start day itself is never counted).

    ``add_working_days(start, 0)`` is `start`. Exactly `count` working days lie in ``(start, result]``
    and the result is itself a working day when ``count > 0``.
    """
    if count < 0:
        return subtract_working_days(start, -count)
    day = start
    remaining = count
    while remaining:
        day += _ONE_DAY
        if is_working_day(day):
            remaining -= 1
    return day


def subtract_working_days(end: dt.date, count: int) -> dt.date:
    """The `count`-th working day before `end` (the end day itself is never counted)."""
    if count < 0:
        return add_working_days(end, -count)
    day = end
    remaining = count
    while remaining:
        day -= _ONE_DAY
        if is_working_day(day):
            remaining -= 1
    return day


def working_days_between(start: dt.date, end: dt.date) -> int:
    """How many working days lie in ``(start, end]`` (0 when end <= start)."""
    count = 0
    day = start
    while day < end:
        day += _ONE_DAY
        if is_working_day(day):
            count += 1
    return count


def next_working_day(day: dt.date) -> dt.date:
    """`day` itself if it is a working day, otherwise the first working day after it."""
    while not is_working_day(day):
        day += _ONE_DAY
    return day
