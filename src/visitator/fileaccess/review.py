"""The review of a request: the case's akter (`casefile.akter.case_akter`) joined with the decisions saved
so far, and where a request stands against its notice day (forvaltningsloven § 16, stk. 2).

Pure reads: nothing here writes or logs (selectors and services do).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from visitator.casefile.akter import Akt, case_akter
from visitator.core import clock

from . import law
from .models import WITHHOLDING, AccessRequest, AccessReviewItem, AktDecision


@dataclass(frozen=True)
class ReviewRow:
    """One akt in the review: its number in the aktliste, the akt, and the decision on it."""

    number: int
    akt: Akt
    decision: str
    ground: str = ""
    reason: str = ""
    extract: str = ""
    #: False while the akt has no saved decision (it came into the case after the last save).
    saved: bool = False

    @property
    def day(self) -> dt.date:
        return clock.local_date(self.akt.at)

    @property
    def withholds(self) -> bool:
        return self.decision in WITHHOLDING

    @property
    def gives(self) -> bool:
        """The citizen gets the akt, whole or as an extract."""
        return self.decision in (AktDecision.RELEASE, AktDecision.PARTIAL)

    @property
    def link_kind(self) -> str:
        """ "letter" or "document" when the akt is a file with its own download, else ""."""
        kind = self.akt.key.partition(":")[0]
        return kind if kind in ("letter", "document") else ""

    @property
    def link_id(self) -> str:
        return self.akt.key.partition(":")[2]

    @property
    def ground_rule(self) -> law.LawRule[str] | None:
        return law.WITHHOLDING_GROUNDS.get(self.ground)


def review_rows(request: AccessRequest) -> list[ReviewRow]:
    """Every akt of the request's case, numbered in the case's order, with its saved decision or the
    pre-filled one ("udleveres")."""
    akter = case_akter(request.case)
    saved: dict[str, AccessReviewItem] = {}
    review = getattr(request, "review", None) if request.pk else None
    if review is not None:
        saved = {item.akt_key: item for item in review.items.all()}
    rows = []
    for number, akt in enumerate(akter, start=1):
        item = saved.get(akt.key)
        if item is None:
            rows.append(ReviewRow(number, akt, AktDecision.RELEASE))
        else:
            rows.append(
                ReviewRow(number, akt, item.decision, item.ground, item.reason, item.extract, saved=True)
            )
    return rows


# -- the notice day -------------------------------------------------------------------------------------

OK = "ok"
DUE = "soon"
OVERDUE = "overdue"
ANSWERED = "none"


@dataclass(frozen=True)
class NoticeState:
    state: str
    text: str
    #: The request is unanswered on or after its notice day and the citizen has no valid notice.
    notice_missing: bool

    @property
    def css(self) -> str:
        return f"deadline--{self.state}"


def _date(day: dt.date) -> str:
    return formats.date_format(day, "j. F Y")


def notice_state(request: AccessRequest, today: dt.date) -> NoticeState:
    """Where the request stands: answered, before its notice day, on it, or after it; and whether the
    citizen must be told why and when (the notice is asked for from the notice day, not the day before;
    a notice whose promised date has passed is no longer true, so a new one is asked for)."""
    if request.answered_on is not None:
        return NoticeState(
            ANSWERED, _("Besvaret %(date)s") % {"date": _date(request.answered_on)}, notice_missing=False
        )
    days_left = (request.notice_due_on - today).days
    noticed = request.expected_answer_on is not None and request.expected_answer_on >= today
    if days_left > 0:
        state = OK
        text = ngettext(
            "%(days)d dag til svar eller besked", "%(days)d dage til svar eller besked", days_left
        ) % {"days": days_left}
    elif days_left == 0:
        state = DUE
        text = _("Svar eller besked skal sendes i dag")
    else:
        state = OVERDUE
        text = ngettext(
            "7-arbejdsdagesfristen er overskredet med %(days)d dag",
            "7-arbejdsdagesfristen er overskredet med %(days)d dage",
            -days_left,
        ) % {"days": -days_left}
    if noticed:
        assert request.expected_answer_on is not None
        text = _("%(text)s – borgeren har fået besked om svar senest %(date)s") % {
            "text": text,
            "date": _date(request.expected_answer_on),
        }
    return NoticeState(state, text, notice_missing=days_left <= 0 and not noticed)
