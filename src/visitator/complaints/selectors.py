"""Reads of complaints: permission-filtered by the user's municipality, and access-logged."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.db import transaction
from django.utils.translation import gettext as _

from visitator.audit.models import AccessAction, AccessLog
from visitator.audit.services import access_log
from visitator.cases.extensions import WorklistPanel
from visitator.cases.models import Case
from visitator.cases.selectors import TimelineEntry
from visitator.core import clock
from visitator.decisions.models import Decision
from visitator.organisation.roles import READ_CASES, find_membership, has_role, require_role

from . import state
from .models import AppealOutcome, Complaint

#: Ankestyrelsen's outcomes after which the complaint needs nothing more from the panel (a hjemvist
#: case is back on the case worklist with its new deadline).
FINISHED_AT_ANKESTYRELSEN = frozenset(
    {AppealOutcome.Outcome.UPHELD, AppealOutcome.Outcome.DISMISSED, AppealOutcome.Outcome.REMITTED}
)

#: At most this many rows per group on the worklist panel (the case page lists them all).
PANEL_LIMIT = 50


@dataclass
class ComplaintRow:
    complaint: Complaint
    state: state.ComplaintState


def _with_steps(qs: Any) -> Any:
    return qs.select_related(
        "decision",
        "decision__letter",
        "representative",
        "registered_by",
        "lateness__by",
        "reconsideration__by",
        "forwarding__by",
        "forwarding__bundle",
        "forwarding__letter",
        "appeal_outcome__by",
        "appeal_outcome__document",
        "implementation__by",
        "implementation__decision",
        "withdrawal__by",
    ).prefetch_related("documents")


@transaction.atomic
def case_complaints(*, user: User | AnonymousUser, case: Case) -> list[ComplaintRow]:
    """The case's complaints, newest first, each with where it stands (logged as viewed)."""
    membership = require_role(user, *READ_CASES)
    if case.municipality_id != membership.unit.municipality_id:
        raise Case.DoesNotExist
    complaints = list(
        _with_steps(Complaint.objects.filter(case=case)).order_by("-received_on", "-registered_at")
    )
    decisions = list(Decision.objects.filter(case=case).order_by("decided_at", "id"))
    today = clock.today()
    access_log(user=user, action=AccessAction.VIEW, what="sag: klager", case=case)
    return [ComplaintRow(c, state.complaint_state(c, decisions=decisions, today=today)) for c in complaints]


@dataclass
class PanelRow:
    complaint: Complaint
    state: state.ComplaintState


def _panel_groups(user: User, unit_id: Any) -> dict[str, list[PanelRow]]:
    complaints = list(
        _with_steps(
            # Finished complaints never come back: leave out those the query can tell.
            Complaint.objects.filter(unit_id=unit_id)
            .exclude(withdrawal__isnull=False)
            .exclude(implementation__isnull=False)
            .exclude(appeal_outcome__outcome__in=sorted(FINISHED_AT_ANKESTYRELSEN))
        )
        .select_related("case", "case__citizen")
        .order_by("reconsideration_deadline", "id")
    )
    case_ids = {c.case_id for c in complaints}
    decisions: dict[Any, list[Decision]] = {}
    for decision in Decision.objects.filter(case_id__in=case_ids).order_by("decided_at", "id"):
        decisions.setdefault(decision.case_id, []).append(decision)
    today = clock.today()
    groups: dict[str, list[PanelRow]] = {"reconsideration": [], "appeal": [], "carry_out": []}
    for complaint in complaints:
        current = state.complaint_state(
            complaint, decisions=decisions.get(complaint.case_id, []), today=today
        )
        if current.under_reconsideration:
            groups["reconsideration"].append(PanelRow(complaint, current))
        elif current.code == state.AWAITING_APPEAL:
            groups["appeal"].append(PanelRow(complaint, current))
        elif current.code == state.TO_CARRY_OUT_STATE:
            groups["carry_out"].append(PanelRow(complaint, current))
    # Overdue first: the rows are by deadline already; forwarded ones by the day they were sent.
    groups["appeal"].sort(key=lambda r: (r.complaint.forwarding.forwarded_on, str(r.complaint.id)))
    groups["carry_out"].sort(key=lambda r: (r.complaint.appeal_outcome.received_on, str(r.complaint.id)))
    return {name: rows[:PANEL_LIMIT] for name, rows in groups.items()}


@transaction.atomic
def worklist_panel(user: User | AnonymousUser) -> WorklistPanel | None:
    """Complaints of the user's unit: awaiting genvurdering (with the deadline, overdue first), at
    Ankestyrelsen, and Ankestyrelsen's outcomes to carry out. Every citizen shown is logged."""
    if not isinstance(user, User) or not has_role(user, *READ_CASES):
        return None
    membership = find_membership(user)
    if membership is None:
        return None
    groups = _panel_groups(user, membership.unit_id)
    shown = [row.complaint for rows in groups.values() for row in rows]
    if not shown:
        return None
    now = clock.now()
    AccessLog.objects.bulk_create(
        [
            AccessLog(
                at=now,
                user=user,
                username=user.get_username(),
                municipality_id=membership.unit.municipality_id,
                action=AccessAction.VIEW,
                citizen_id=c.case.citizen_id,
                case_id=c.case_id,
                what="arbejdsliste: klager",
            )
            for c in shown
        ]
    )
    return WorklistPanel(
        order=10,
        title=_("Klager"),
        template="complaints/_worklist_panel.html",
        context={"groups": groups, "today": clock.today()},
    )


def timeline_entries(case: Case) -> list[TimelineEntry]:
    """The case timeline's complaint entries: received, late decision, genvurdering, forwarded,
    Ankestyrelsen's outcome, carried out, withdrawn."""
    from .akter import received_at

    entries: list[TimelineEntry] = []
    for c in _with_steps(Complaint.objects.filter(case=case)).order_by("received_on", "registered_at"):
        d = c.received_on.strftime("%d.%m.%Y")
        text = _("Over afgørelsen af %(date)s. Frist for genvurdering: %(deadline)s.") % {
            "date": c.decision.decided_on.strftime("%d.%m.%Y"),
            "deadline": c.reconsideration_deadline.strftime("%d.%m.%Y"),
        }
        if c.late:
            text += " " + _("Modtaget efter klagefristen (%(deadline)s).") % {
                "deadline": c.complaint_deadline.strftime("%d.%m.%Y") if c.complaint_deadline else ""
            }
        entries.append(
            TimelineEntry(
                received_at(c),
                "complaint",
                _("Klage modtaget %(date)s (%(channel)s)") % {"date": d, "channel": c.get_channel_display()},
                text,
                c.registered_by.get_username(),
                c,
            )
        )
        lateness = state.step(c, "lateness")
        if lateness is not None:
            entries.append(
                TimelineEntry(
                    lateness.at,
                    "complaint",
                    _("For sen klage: %(choice)s") % {"choice": lateness.get_choice_display()},
                    lateness.reason,
                    lateness.by.get_username(),
                    c,
                )
            )
        reconsideration = state.step(c, "reconsideration")
        if reconsideration is not None:
            entries.append(
                TimelineEntry(
                    reconsideration.at,
                    "complaint",
                    _("Genvurdering: %(outcome)s") % {"outcome": reconsideration.get_outcome_display()},
                    reconsideration.reasons,
                    reconsideration.by.get_username(),
                    c,
                )
            )
        forwarding = state.step(c, "forwarding")
        if forwarding is not None:
            entries.append(
                TimelineEntry(
                    forwarding.at,
                    "complaint",
                    _("Klagen er sendt til Ankestyrelsen"),
                    forwarding.get_basis_display(),
                    forwarding.by.get_username(),
                    c,
                )
            )
        outcome = state.step(c, "appeal_outcome")
        if outcome is not None:
            text = _("Modtaget %(date)s.") % {"date": outcome.received_on.strftime("%d.%m.%Y")}
            if outcome.new_deadline:
                text += " " + _("Ny frist for afgørelse: %(date)s.") % {
                    "date": outcome.new_deadline.strftime("%d.%m.%Y")
                }
            entries.append(
                TimelineEntry(
                    outcome.at,
                    "complaint",
                    _("Ankestyrelsens afgørelse: %(outcome)s") % {"outcome": outcome.get_outcome_display()},
                    text,
                    outcome.by.get_username(),
                    c,
                )
            )
        done = state.step(c, "implementation")
        if done is not None:
            entries.append(
                TimelineEntry(
                    done.at,
                    "complaint",
                    _("Ankestyrelsens afgørelse er udført"),
                    done.note,
                    done.by.get_username(),
                    c,
                )
            )
        withdrawal = state.step(c, "withdrawal")
        if withdrawal is not None:
            entries.append(
                TimelineEntry(
                    withdrawal.at,
                    "complaint",
                    _("Klagen er trukket tilbage"),
                    withdrawal.note,
                    withdrawal.by.get_username(),
                    c,
                )
            )
    return entries
