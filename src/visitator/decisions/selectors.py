"""Reading decision drafts: permission-filtered by municipality and unit; the citizens shown on a
list are logged in the access log."""

from __future__ import annotations

import uuid

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _

from visitator.audit.models import AccessAction, AccessLog
from visitator.cases.extensions import WorklistPanel
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
