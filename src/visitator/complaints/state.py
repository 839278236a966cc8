"""Where a complaint stands, derived from its append-only rows (nothing is ever updated)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.utils.translation import gettext as _

from visitator.cases.deadlines import DeadlineStatus, deadline_status

from .models import TO_CARRY_OUT, AppealOutcome, Complaint, LatenessDecision, Reconsideration

# The states. The first four wait for the municipality under the reconsideration deadline.
LATE_PENDING = "late_pending"
AWAITING_RECONSIDERATION = "awaiting_reconsideration"
AWAITING_NEW_DECISION = "awaiting_new_decision"
TO_FORWARD = "to_forward"
AWAITING_APPEAL = "awaiting_appeal"
TO_CARRY_OUT_STATE = "to_carry_out"
REMITTED_AWAITING = "remitted_awaiting"
RESOLVED = "resolved"
REMITTED_DONE = "remitted_done"
CARRIED_OUT = "carried_out"
CLOSED = "closed"
WITHDRAWN = "withdrawn"

#: States under the reconsideration deadline (the worklist's first group).
UNDER_RECONSIDERATION = frozenset({LATE_PENDING, AWAITING_RECONSIDERATION, AWAITING_NEW_DECISION, TO_FORWARD})
#: States in which the complaint is finished.
FINAL = frozenset({RESOLVED, REMITTED_DONE, CARRIED_OUT, CLOSED, WITHDRAWN})

#: Days before the deadline a complaint is shown as "soon".
WARNING_DAYS = 7


def step(complaint: Complaint, name: str) -> Any:
    """The complaint's one-to-one step row `name`, or None."""
    try:
        return getattr(complaint, name)
    except ObjectDoesNotExist:
        return None


def _labels() -> dict[str, str]:
    return {
        LATE_PENDING: _("Modtaget efter klagefristen – beslut, hvad der skal ske"),
        AWAITING_RECONSIDERATION: _("Afventer genvurdering"),
        AWAITING_NEW_DECISION: _("Medhold – afventer ny afgørelse"),
        TO_FORWARD: _("Skal sendes til Ankestyrelsen"),
        AWAITING_APPEAL: _("Sendt til Ankestyrelsen – afventer afgørelse"),
        TO_CARRY_OUT_STATE: _("Ankestyrelsens afgørelse skal udføres"),
        REMITTED_AWAITING: _("Hjemvist – sagen behandles igen"),
        RESOLVED: _("Afsluttet: fuldt medhold, ny afgørelse truffet"),
        REMITTED_DONE: _("Hjemvist – ny afgørelse truffet"),
        CARRIED_OUT: _("Afsluttet: Ankestyrelsens afgørelse er udført"),
        CLOSED: _("Afsluttet hos Ankestyrelsen"),
        WITHDRAWN: _("Klagen er trukket tilbage"),
    }


@dataclass(frozen=True)
class ComplaintState:
    code: str
    label: str
    #: The reconsideration deadline status while the municipality must act on it; None otherwise.
    deadline: DeadlineStatus | None
    #: The decision made after the genvurdering (or after a hjemvisning), if any.
    new_decision: Any = None

    @property
    def final(self) -> bool:
        return self.code in FINAL

    @property
    def under_reconsideration(self) -> bool:
        return self.code in UNDER_RECONSIDERATION


def decision_after(decisions: Sequence[Any], moment: dt.datetime) -> Any:
    """The first new decision on the reopened case made after `moment`, or None.

    A decision on a reopened case replaces an earlier one (`Decision.replaces`, set by decision_make);
    a change or stop of a running grant does not, so it never counts as the new decision.
    """
    made = (d for d in sorted(decisions, key=lambda d: d.decided_at) if d.decided_at > moment)
    return next((d for d in made if d.replaces_id is not None), None)


def complaint_state(complaint: Complaint, *, decisions: Sequence[Any], today: dt.date) -> ComplaintState:
    """Where `complaint` stands. `decisions` are the case's decisions (for "a new decision exists")."""
    code, new_decision = _code(complaint, decisions)
    deadline = None
    if code in UNDER_RECONSIDERATION:
        deadline = deadline_status(
            awaiting_decision=True,
            deadline=complaint.reconsideration_deadline,
            warning_on=complaint.reconsideration_deadline - dt.timedelta(days=WARNING_DAYS),
            expected_on=None,
            today=today,
        )
    return ComplaintState(code, _labels()[code], deadline, new_decision)


def _code(complaint: Complaint, decisions: Sequence[Any]) -> tuple[str, Any]:
    if step(complaint, "withdrawal") is not None:
        return WITHDRAWN, None
    outcome: AppealOutcome | None = step(complaint, "appeal_outcome")
    if outcome is not None:
        if outcome.outcome in TO_CARRY_OUT:
            done = step(complaint, "implementation")
            return (CARRIED_OUT, done.decision) if done is not None else (TO_CARRY_OUT_STATE, None)
        if outcome.outcome == AppealOutcome.Outcome.REMITTED:
            new = decision_after(decisions, outcome.at)
            return (REMITTED_DONE, new) if new is not None else (REMITTED_AWAITING, None)
        return CLOSED, None
    if step(complaint, "forwarding") is not None:
        return AWAITING_APPEAL, None
    lateness: LatenessDecision | None = step(complaint, "lateness")
    if complaint.late and lateness is None:
        return LATE_PENDING, None
    if lateness is not None and lateness.choice == LatenessDecision.Choice.FORWARD:
        return TO_FORWARD, None
    reconsideration: Reconsideration | None = step(complaint, "reconsideration")
    if reconsideration is None:
        return AWAITING_RECONSIDERATION, None
    if reconsideration.outcome == Reconsideration.Outcome.UPHELD:
        return TO_FORWARD, None
    new = decision_after(decisions, reconsideration.at)
    if new is None:
        return AWAITING_NEW_DECISION, None
    if reconsideration.outcome == Reconsideration.Outcome.FULL:
        return RESOLVED, new
    # Partial agreement: the rest of the complaint goes on to Ankestyrelsen (law.PARTIAL_...).
    return TO_FORWARD, new


def forwarding_basis(complaint: Complaint) -> str | None:
    """Why this complaint would be sent to Ankestyrelsen now (Forwarding.Basis), or None."""
    from .models import Forwarding

    lateness = step(complaint, "lateness")
    if lateness is not None and lateness.choice == LatenessDecision.Choice.FORWARD:
        return Forwarding.Basis.LATE
    reconsideration = step(complaint, "reconsideration")
    if reconsideration is None:
        return None
    if reconsideration.outcome == Reconsideration.Outcome.UPHELD:
        return Forwarding.Basis.UPHELD
    if reconsideration.outcome == Reconsideration.Outcome.PARTIAL:
        return Forwarding.Basis.PARTIAL
    return None
