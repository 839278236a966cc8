"""Whether a decision against the citizen may be made yet (FVL § 19).

A refusal or partial grant that rests on information the citizen cannot be assumed to know is blocked
until the citizen has been heard on it -- a hearing letter listing the information has been sent and
its response deadline has passed, or the citizen's response is recorded -- or an exception under
FVL § 19, stk. 2 is recorded with a ground and a reason.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils import formats
from django.utils.translation import gettext as _

from visitator.cases.models import Case, Document, DocumentOrigin
from visitator.core import clock

from .models import Hearing, HearingInformation


@dataclass
class InformationState:
    information: HearingInformation
    state: str  # "known", "heard", "waiting", "exception", "not_heard"
    text: str


@dataclass
class HearingState:
    items: list[InformationState] = field(default_factory=list)

    @property
    def blocking(self) -> list[InformationState]:
        return [item for item in self.items if item.state in ("waiting", "not_heard")]

    @property
    def blocks_decision_against_citizen(self) -> bool:
        return bool(self.blocking)

    def messages(self) -> list[str]:
        return [item.text for item in self.blocking]


def _date(day: dt.date) -> str:
    return formats.date_format(day, "j. F Y")


def hearing_state(case: Case, *, today: dt.date) -> HearingState:
    information = list(case.hearing_information.all())
    hearings = list(case.hearings.prefetch_related("information", "responses"))
    excepted = {row.information_id for row in case.hearing_exceptions.all()}
    state = HearingState()
    for info in information:
        if info.citizen_knows:
            state.items.append(InformationState(info, "known", _("Borgeren kender oplysningen.")))
            continue
        if info.id in excepted:
            state.items.append(
                InformationState(
                    info, "exception", _("Undtaget fra partshøring (forvaltningsloven § 19, stk. 2).")
                )
            )
            continue
        covering: list[Hearing] = [h for h in hearings if any(i.id == info.id for i in h.information.all())]
        answered = [h for h in covering if h.responses.all()]
        expired = [h for h in covering if h.response_deadline < today]
        if answered:
            state.items.append(InformationState(info, "heard", _("Borgeren har svaret i partshøringen.")))
        elif expired:
            state.items.append(
                InformationState(info, "heard", _("Svarfristen i partshøringen er udløbet uden svar."))
            )
        elif covering:
            deadline = max(h.response_deadline for h in covering)
            state.items.append(
                InformationState(
                    info,
                    "waiting",
                    _("»%(source)s«: borgeren har frist til at svare til og med %(date)s.")
                    % {"source": info.source, "date": _date(deadline)},
                )
            )
        else:
            state.items.append(
                InformationState(
                    info,
                    "not_heard",
                    _("»%(source)s« er ikke sendt i partshøring, og der er ikke registreret en undtagelse.")
                    % {"source": info.source},
                )
            )
    return state


def document_to_hearing(*, user: Any, document: Document, summary: str) -> None:
    """A document from a third party joins the information register of the partshøring (FVL § 19):
    unless the citizen already knows it, a decision against the citizen waits until the citizen has
    been heard on it. Only while a hearing is possible (an application awaiting a decision, or a
    running grant that a new decision may change)."""
    from .services import hearing_information_add, hearing_possible

    if document.origin != DocumentOrigin.THIRD_PARTY or not hearing_possible(document.case):
        return
    hearing_information_add(
        user=user,
        case=document.case,
        source=document.origin_name,
        summary=summary or document.title,
        received_on=clock.local_date(document.uploaded_at),
        citizen_knows=document.citizen_knows,
        document=document,
    )
