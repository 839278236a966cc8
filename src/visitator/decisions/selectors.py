"""Reading decision drafts: permission-filtered by municipality and unit; the citizens shown on a
list are logged in the access log."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping, Sequence

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from visitator.audit.models import AccessAction, AccessLog
from visitator.cases.extensions import RANK_APPROVE, RANK_SEND_DRAFT, NextAction, WorklistPanel
from visitator.cases.models import Case
from visitator.core import clock
from visitator.organisation.roles import APPROVE_DECISIONS, READ_CASES, find_membership, has_role

from .models import DecisionDraft

#: The drafts panel on the worklist shows at most this many drafts.
PANEL_LIMIT = 50


def draft_get(*, case: Case, draft_id: uuid.UUID) -> DecisionDraft:
    """A draft of `case` (a case the caller has already read through `cases.selectors.case_detail`,
    which checks the municipality and logs the view); DecisionDraft.DoesNotExist otherwise."""
    return DecisionDraft.objects.select_related(
        "case",
        "grant",
        "grant__offer",
        "grant__decision__standard_version",
        "created_by",
        "updated_by",
        "decision",
    ).get(case=case, id=draft_id)


def open_draft(case: Case) -> DecisionDraft | None:
    """The case's draft decision waiting to be sent (at most one), or None."""
    return (
        DecisionDraft.objects.filter(case=case, status__in=DecisionDraft.OPEN)
        .select_related("updated_by")
        .first()
    )


def drafts_panel(user: User | AnonymousUser) -> WorklistPanel | None:
    """The worklist's panel of draft decisions in the user's unit that wait for the user: the user's
    own drafts (to finish and send) and, for a second approval, colleagues' drafts awaiting it."""
    if not has_role(user, *READ_CASES):
        return None
    membership = find_membership(user)
    if membership is None:
        return None
    assert isinstance(user, User)
    authored = DecisionDraft.authors.through.objects.filter(decisiondraft_id=OuterRef("pk"), user_id=user.pk)
    mine = Q(mine=True)
    to_review = Q(status=DecisionDraft.Status.AWAITING_APPROVAL, mine=False)
    condition = mine | to_review if has_role(user, *APPROVE_DECISIONS) else mine
    drafts = list(
        DecisionDraft.objects.annotate(mine=Exists(authored))
        .filter(condition, status__in=DecisionDraft.OPEN, case__unit_id=membership.unit_id)
        .select_related("case", "case__citizen")
        .order_by("updated_at", "id")[:PANEL_LIMIT]
    )
    if not drafts:
        return None
    rows = [{"draft": d, "mine": d.mine} for d in drafts]
    now = clock.now()
    AccessLog.objects.bulk_create(
        [
            AccessLog(
                at=now,
                user=user,
                username=user.get_username(),
                municipality_id=membership.unit.municipality_id,
                action=AccessAction.VIEW,
                citizen_id=d.case.citizen_id,
                case_id=d.case_id,
                what="arbejdsliste: udkast til afgørelse",
            )
            for d in drafts
        ]
    )
    return WorklistPanel(
        order=10,
        title=_("Udkast til afgørelser"),
        template="decisions/_drafts_panel.html",
        context={"rows": rows},
    )


def draft_actions(cases: Sequence[Case], today: dt.date) -> Mapping[uuid.UUID, NextAction]:
    """The worklist's next action on a case with a draft decision waiting: approve it, or send (or
    correct) it. One query for the whole page."""
    if not cases:
        return {}
    marker = uuid.UUID(int=0)
    pattern = reverse("decisions:draft", args=[marker, marker])
    rows = DecisionDraft.objects.filter(
        case_id__in=[case.id for case in cases], status__in=DecisionDraft.OPEN
    ).values_list("id", "case_id", "status")
    actions: dict[uuid.UUID, NextAction] = {}
    for draft_id, case_id, status in rows:
        url = pattern.replace(str(marker), str(case_id), 1).replace(str(marker), str(draft_id), 1)
        if status == DecisionDraft.Status.AWAITING_APPROVAL:
            action = NextAction(
                RANK_APPROVE, _("Godkend udkast"), _("Venter på en kollegas godkendelse"), url
            )
        elif status == DecisionDraft.Status.RETURNED:
            action = NextAction(RANK_SEND_DRAFT, _("Ret udkast"), _("Sendt tilbage med en kommentar"), url)
        elif status == DecisionDraft.Status.APPROVED:
            action = NextAction(RANK_SEND_DRAFT, _("Send udkast"), _("Godkendt"), url)
        else:
            action = NextAction(RANK_SEND_DRAFT, _("Send udkast"), _("Udkast venter"), url)
        actions[case_id] = action
    return actions
