"""Attendance rules shared by the provider's weekly grid (reads and writes) and the caseworker's view.

A week is Monday to Friday (day offers are open on weekdays), named by its ISO week number. A day can
be recorded for a citizen when it is one of the grant's weekdays, on or after the start, not in the
future, and before the grant stops.
"""

from __future__ import annotations

import datetime as dt
import uuid

from .models import Grant

#: How many weeks of attendance the caseworker sees on the grant page.
CASEWORKER_WEEKS = 8


def week_start_of(day: dt.date) -> dt.date:
    """The Monday of the ISO week that holds `day`."""
    return day - dt.timedelta(days=day.isoweekday() - 1)


def week_start(year: int, week: int) -> dt.date:
    """The Monday of ISO week `week` of `year`; ValueError for a week that does not exist."""
    return dt.date.fromisocalendar(year, week, 1)


def week_days(monday: dt.date) -> list[dt.date]:
    """Monday to Friday of the week."""
    return [monday + dt.timedelta(days=n) for n in range(5)]


def day_open(grant: Grant, day: dt.date, today: dt.date) -> bool:
    """Can the provider record attendance for the citizen on `day`?"""
    if day.isoweekday() not in grant.granted_weekdays or day > today or day < grant.start_date:
        return False
    if grant.status == Grant.Status.ACTIVE:
        return True
    return grant.status == Grant.Status.STOPPED and grant.stopped_on is not None and day < grant.stopped_on


def cell_name(grant_id: uuid.UUID, day: dt.date, part: str) -> str:
    """The form field of one cell of the grid: part "s" (status) or "r" (absence reason)."""
    return f"{part}_{grant_id.hex}_{day.isoweekday()}"
