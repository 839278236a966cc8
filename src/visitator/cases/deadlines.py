"""How a case stands against its decision deadline (RSL § 3, stk. 2), in words and as a state.

The deadline itself is computed once, at receipt, from the quality standard (see services.case_receive).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

OK = "ok"
SOON = "soon"
OVERDUE = "overdue"
NONE = "none"


@dataclass(frozen=True)
class DeadlineStatus:
    state: str
    days_left: int
    text: str
    notice_missing: bool
    expected_on: dt.date | None

    @property
    def css(self) -> str:
        return f"deadline--{self.state}"


def deadline_status(
    *,
    awaiting_decision: bool,
    deadline: dt.date,
    warning_on: dt.date,
    expected_on: dt.date | None,
    today: dt.date,
) -> DeadlineStatus:
    if not awaiting_decision:
        return DeadlineStatus(NONE, 0, _("Ingen frist løber"), False, expected_on)
    days_left = (deadline - today).days
    if days_left < 0:
        state = OVERDUE
        text = ngettext(
            "Fristen er overskredet med %(days)d dag", "Fristen er overskredet med %(days)d dage", -days_left
        ) % {"days": -days_left}
    else:
        state = SOON if today >= warning_on else OK
        if days_left == 0:
            text = _("Fristen udløber i dag")
        else:
            text = ngettext("%(days)d dag tilbage", "%(days)d dage tilbage", days_left) % {"days": days_left}
    # A case that may miss its deadline needs a written notice with an expected decision date. A notice
    # whose expected date has passed no longer tells the citizen anything true: a new one is needed.
    notice_missing = state in (SOON, OVERDUE) and (expected_on is None or expected_on < today)
    if expected_on is not None and expected_on >= today:
        text = _("%(text)s – borgeren er varslet om afgørelse senest %(date)s") % {
            "text": text,
            "date": formats.date_format(expected_on, "j. F Y"),
        }
    return DeadlineStatus(state, days_left, text, notice_missing, expected_on)
