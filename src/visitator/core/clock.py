"""The one clock. Every "now" and "today" in Visitator comes from here, so tests can freeze it.

Dates are Danish local dates (Europe/Copenhagen): an application received at 23:30 on a
Monday was received on that Monday.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator

from django.utils import timezone

_frozen: dt.datetime | None = None


def now() -> dt.datetime:
    return _frozen if _frozen is not None else timezone.now()


def today() -> dt.date:
    return timezone.localdate(now())


def local_date(moment: dt.datetime) -> dt.date:
    return timezone.localdate(moment)


@contextlib.contextmanager
def frozen(moment: dt.datetime | dt.date) -> Iterator[None]:
    """Freeze the clock (tests, benchmarks, and replaying a historic import)."""
    global _frozen
    if isinstance(moment, dt.date) and not isinstance(moment, dt.datetime):
        moment = timezone.make_aware(dt.datetime.combine(moment, dt.time(12, 0)))
    previous, _frozen = _frozen, moment
    try:
        yield
    finally:
        _frozen = previous
