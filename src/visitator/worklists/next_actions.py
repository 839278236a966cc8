"""The next action on each case of the worklist, from the apps that hold the case's steps.

`cases` knows nothing of the apps above it (docs/architecture.md); it asks the next-action sources
registered in `cases.extensions` and shows the most urgent answer. This module holds the sources for
the udredning and the criteria (assessment), the partshøring and the decision (decisions) and the
follow-up of a running grant (grants); it sits above all three. Other apps register their own from
their AppConfig.ready (complaints: "Besvar klage"; letter drafts: "Send udkast", "Godkend").

Every source answers for a whole page in a fixed number of queries (the worklist pins its count).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence

from django.db.models import Exists, Min, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from visitator.assessment.models import Assessment, CriterionAssessment
from visitator.cases.extensions import (
    RANK_ASSESS,
    RANK_AWAIT_RESPONSE,
    RANK_DECIDE,
    RANK_FOLLOW_UP,
    RANK_HEAR,
    NextAction,
    NextActionSource,
)
from visitator.cases.models import Case
from visitator.decisions.models import Hearing, HearingException, HearingInformation
from visitator.grants.models import Grant
from visitator.standards.models import StandardVersion
from visitator.standards.schema import CaseworkerAssessment

# The rules a caseworker judges, per standard version and content hash (a published version never
# changes; a draft that is loaded again gets a new hash).
_assessable_cache: dict[tuple[uuid.UUID, str], frozenset[str]] = {}


def _date(day: dt.date) -> str:
    return day.strftime("%d.%m.%Y")


_MARKER = uuid.UUID(int=0)


def _case_urls(name: str) -> Callable[[uuid.UUID], str]:
    """The URL of a case page for any case, reversed once per page rather than once per row."""
    pattern = reverse(name, args=[_MARKER])
    return lambda case_id: pattern.replace(str(_MARKER), str(case_id))


def _awaiting(cases: Sequence[Case]) -> list[Case]:
    return [case for case in cases if case.awaiting_decision]


def _assessable_rules(cases: Sequence[Case]) -> dict[uuid.UUID, frozenset[str]]:
    """The rule ids the caseworker judges, by case (from the standard the case was received under, as
    assessment.findings.assessable_rules does)."""
    missing = {
        case.standard_version_id
        for case in cases
        if (case.standard_version_id, case.standard_hash) not in _assessable_cache
    }
    if missing:
        for version in StandardVersion.objects.filter(id__in=missing):
            rules = frozenset(
                item.id
                for item in version.spec.criteria_and_exclusions()
                if isinstance(item.established_by, CaseworkerAssessment)
            )
            _assessable_cache[(version.id, version.content_hash)] = rules
    return {
        case.id: _assessable_cache.get((case.standard_version_id, case.standard_hash), frozenset())
        for case in cases
    }


def assessment_actions(cases: Sequence[Case], today: dt.date) -> Mapping[uuid.UUID, NextAction]:
    """ "Vurder": the udredning is missing, or criteria of the standard are not judged yet."""
    awaiting = _awaiting(cases)
    if not awaiting:
        return {}
    ids = [case.id for case in awaiting]
    with_assessment = set(Assessment.objects.filter(case_id__in=ids).values_list("case_id", flat=True))
    judged: dict[uuid.UUID, set[str]] = defaultdict(set)
    for case_id, rule_id in (
        CriterionAssessment.objects.filter(case_id__in=ids)
        .order_by()
        .values_list("case_id", "rule_id")
        .distinct()
    ):
        judged[case_id].add(rule_id)
    rules = _assessable_rules(awaiting)
    edit_url, standard_url = _case_urls("assessment:edit"), _case_urls("assessment:standard")
    actions: dict[uuid.UUID, NextAction] = {}
    for case in awaiting:
        parts = []
        if case.id not in with_assessment:
            parts.append(_("udredningen mangler"))
        unjudged = len(rules[case.id] - judged[case.id])
        if unjudged:
            parts.append(
                ngettext(
                    "%(count)d kriterium er ikke vurderet", "%(count)d kriterier er ikke vurderet", unjudged
                )
                % {"count": unjudged}
            )
        if parts:
            url = edit_url(case.id) if case.id not in with_assessment else standard_url(case.id)
            detail = "; ".join(parts)
            actions[case.id] = NextAction(RANK_ASSESS, _("Vurder"), detail[:1].upper() + detail[1:], url)
    return actions


def hearing_actions(cases: Sequence[Case], today: dt.date) -> Mapping[uuid.UUID, NextAction]:
    """ "Hør borgeren": information the citizen cannot be assumed to know is not sent in a partshøring
    and has no recorded exception (FVL § 19, as decisions.hearing.hearing_state); "Afvent svar" while a
    hearing's response deadline runs. Needed before a refusal or a partial grant."""
    awaiting = _awaiting(cases)
    if not awaiting:
        return {}
    covering = Hearing.objects.filter(information=OuterRef("pk"))
    rows = (
        HearingInformation.objects.filter(case_id__in=[c.id for c in awaiting], citizen_knows=False)
        .annotate(
            excepted=Exists(HearingException.objects.filter(information=OuterRef("pk"))),
            covered=Exists(covering),
            heard=Exists(covering.filter(Q(responses__isnull=False) | Q(response_deadline__lt=today))),
            deadline=Subquery(covering.order_by("-response_deadline").values("response_deadline")[:1]),
        )
        .values("case_id", "excepted", "covered", "heard", "deadline")
    )
    not_heard: dict[uuid.UUID, int] = defaultdict(int)
    waiting: dict[uuid.UUID, dt.date] = {}
    for row in rows:
        if row["excepted"] or row["heard"]:
            continue
        if not row["covered"]:
            not_heard[row["case_id"]] += 1
        elif row["deadline"] is not None:
            waiting[row["case_id"]] = max(row["deadline"], waiting.get(row["case_id"], row["deadline"]))
    hearing_url = _case_urls("decisions:hearing")
    actions: dict[uuid.UUID, NextAction] = {}
    for case in awaiting:
        url = hearing_url(case.id)
        if count := not_heard.get(case.id):
            detail = ngettext(
                "%(count)d oplysning er ikke sendt i partshøring",
                "%(count)d oplysninger er ikke sendt i partshøring",
                count,
            ) % {"count": count}
            actions[case.id] = NextAction(RANK_HEAR, _("Hør borgeren"), detail, url)
        elif deadline := waiting.get(case.id):
            detail = _("Svarfrist i partshøringen %(date)s") % {"date": _date(deadline)}
            actions[case.id] = NextAction(RANK_AWAIT_RESPONSE, _("Afvent svar"), detail, url)
    return actions


def decision_actions(cases: Sequence[Case], today: dt.date) -> Mapping[uuid.UUID, NextAction]:
    """ "Afgør": an application waiting for a decision, when nothing more urgent is shown."""
    decide_url = _case_urls("decisions:decide")
    label = _("Afgør")
    return {case.id: NextAction(RANK_DECIDE, label, "", decide_url(case.id)) for case in _awaiting(cases)}


def follow_up_actions(cases: Sequence[Case], today: dt.date) -> Mapping[uuid.UUID, NextAction]:
    """ "Følg op": a running grant (SEL § 148, stk. 2), with the date of its next follow-up. Not asked
    for cases awaiting a decision: their own next step comes first."""
    decided = [case.id for case in cases if not case.awaiting_decision]
    if not decided:
        return {}
    rows = (
        Grant.objects.filter(case_id__in=decided)
        .exclude(status=Grant.Status.STOPPED)
        .values("case_id")
        .annotate(next_on=Min("next_follow_up_on"))
    )
    grant_url = _case_urls("grants:case")
    actions: dict[uuid.UUID, NextAction] = {}
    for row in rows:
        next_on: dt.date = row["next_on"]
        # The date itself is shown where the deadline would be (NextAction.due_on).
        detail = _("Opfølgningen er overskredet") if next_on < today else ""
        actions[row["case_id"]] = NextAction(
            RANK_FOLLOW_UP,
            _("Følg op"),
            detail,
            grant_url(row["case_id"]),
            due_on=next_on,
        )
    return actions


SOURCES: tuple[NextActionSource, ...] = (
    assessment_actions,
    hearing_actions,
    decision_actions,
    follow_up_actions,
)
