"""Findings: how a case stands against each criterion, basis and exclusion of the quality standard.

A finding advises; it never decides. Criteria the system can compute (age, named with real dates,
whether a target-group basis is recorded) are computed; the rest are the caseworker's concrete,
individual assessment with a written reason (SEL § 1, stk. 3). Nothing here refuses anyone: a
"concern" is shown to the caseworker, who decides (Ankestyrelsen on quality standards; FOB 2024-19
on "afskæringsregler").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils import formats
from django.utils.translation import gettext as _

from visitator.cases.models import Case
from visitator.standards.models import StandardVersion
from visitator.standards.schema import (
    Basis,
    CaseworkerAssessment,
    Computed,
    ComputedFact,
    Criterion,
    Exclusion,
)
from visitator.standards.selectors import StandardNotInForce, standard_in_force

from .models import CriterionAssessment, Judgement

OK = "ok"
CONCERN = "concern"
NEEDS_ASSESSMENT = "needs_assessment"

# The two statutory bases of SEL § 104, recorded separately on every case (they differ e.g. for
# transport, BEK 483/2011). A standard's bases with these ids are kept in step with the case.
CASE_BASIS_FIELDS = {
    "reduced_function": "target_group_reduced_function",
    "social_problems": "target_group_social_problems",
}


@dataclass(frozen=True)
class Finding:
    rule_id: str
    kind: str  # criterion, basis or exclusion
    text: str
    citation: str
    status: str
    explanation: str
    assessable: bool  # the caseworker records this one (with a reason)
    guidance: str = ""
    judgement: str = ""

    @property
    def status_label(self) -> str:
        return {
            OK: _("I orden"),
            CONCERN: _("Taler imod – kræver din vurdering"),
            NEEDS_ASSESSMENT: _("Mangler din vurdering"),
        }[self.status]


def expected_decision_date(case: Case, today: dt.date) -> dt.date:
    """The date a decision is expected: the decision date once decided; else the notified date or the
    deadline, and never before today."""
    if case.decided_on:
        return case.decided_on
    return max(today, case.expected_decision_on or case.decision_deadline)


def latest_judgements(assessments: Iterable[CriterionAssessment]) -> dict[str, CriterionAssessment]:
    latest: dict[str, CriterionAssessment] = {}
    for row in assessments:  # ordered by time: later rows win
        latest[row.rule_id] = row
    return latest


def _date(day: dt.date) -> str:
    return formats.date_format(day, "j. F Y")


def _age_finding(
    criterion: Criterion,
    computed: Computed,
    case: Case,
    *,
    today: dt.date,
    on: dt.date,
    decided_on: dt.date | None,
    start_on: dt.date | None,
) -> Finding:
    """Age, named with real dates. Before the decision: the age today, with the birthday forecast when
    the citizen is under the minimum age; judged against the expected decision date. At the decision:
    judged on the decision date and the start of the help (help to adults can start on the birthday at
    the earliest; a decision made before it, for a smooth transition, is fine when the start is not)."""
    citizen = case.citizen
    judged_on = decided_on or on
    age = citizen.age_on(judged_on)
    too_old = computed.max_age is not None and age > computed.max_age
    if decided_on is not None:
        explanation = _("Borgeren er %(age)d år på afgørelsesdatoen %(date)s.") % {
            "age": age,
            "date": _date(decided_on),
        }
    else:
        explanation = _("Borgeren er %(age)d år i dag (%(date)s).") % {
            "age": citizen.age_on(today),
            "date": _date(today),
        }
    status = CONCERN if too_old else OK
    minimum = computed.min_age
    if minimum is not None and citizen.age_on(today if decided_on is None else decided_on) < minimum:
        turns = citizen.birthday_at_age(minimum)
        if decided_on is None:
            explanation = _(
                "Borgeren er %(age)d år i dag (%(today)s) og fylder %(min)d år den %(turns)s. "
                "Ansøgningen modtages og forberedes; hjælp efter reglerne for voksne kan tidligst begynde "
                "den dag. En afgørelse kan træffes før, når hjælpen først begynder på fødselsdagen."
            ) % {
                "age": citizen.age_on(today),
                "today": _date(today),
                "min": minimum,
                "turns": _date(turns),
            }
            status = OK if citizen.age_on(on) >= minimum else CONCERN
        else:
            explanation = _(
                "Borgeren er %(age)d år på afgørelsesdatoen %(date)s og fylder %(min)d år den %(turns)s."
            ) % {"age": age, "date": _date(decided_on), "min": minimum, "turns": _date(turns)}
            if start_on is not None and start_on >= turns:
                explanation += " " + _("Hjælpen begynder den %(start)s.") % {"start": _date(start_on)}
                status = OK
            else:
                status = CONCERN
    return Finding(criterion.id, "criterion", criterion.text, criterion.citation, status, explanation, False)


def _judged(
    item: Basis | Exclusion | Criterion, kind: str, latest: dict[str, CriterionAssessment]
) -> Finding:
    established = item.established_by
    guidance = (established.guidance or "") if isinstance(established, CaseworkerAssessment) else ""
    row = latest.get(item.id)
    if row is None:
        return Finding(
            item.id,
            kind,
            item.text,
            item.citation,
            NEEDS_ASSESSMENT,
            _("Ikke vurderet endnu."),
            True,
            guidance,
        )
    against = row.judgement in (Judgement.NOT_MET, Judgement.APPLIES)
    if kind == "exclusion" and against:
        explanation = _(
            "Udgangspunktet i kvalitetsstandarden taler imod en bevilling. Din begrundelse: %(reason)s"
        )
    else:
        explanation = _("%(judgement)s. Din begrundelse: %(reason)s")
    explanation = explanation % {"judgement": row.get_judgement_display(), "reason": row.reason}
    status = CONCERN if against else OK
    return Finding(
        item.id, kind, item.text, item.citation, status, explanation, True, guidance, row.judgement
    )


def findings_for(
    case: Case,
    *,
    today: dt.date,
    judgements: Iterable[CriterionAssessment] | None = None,
    deciding: bool = False,
    start_on: dt.date | None = None,
) -> list[Finding]:
    """One finding for each criterion, basis and exclusion of the standard in force on the expected
    decision date. `deciding`: the findings a decision made today stores (age judged on today and on
    `start_on`, the start of the help granted)."""
    on = expected_decision_date(case, today)
    decided_on = today if deciding else case.decided_on
    spec = standard_for_decision(case, on).spec
    latest = latest_judgements(
        judgements if judgements is not None else case.criterion_assessments.order_by("at", "id")
    )
    findings: list[Finding] = []
    basis_findings = [_judged(basis, "basis", latest) for basis in spec.target_group.bases]
    for criterion in spec.target_group.criteria:
        established = criterion.established_by
        if isinstance(established, Computed) and established.fact is ComputedFact.AGE_ON_DECISION_DATE:
            findings.append(
                _age_finding(
                    criterion,
                    established,
                    case,
                    today=today,
                    on=on,
                    decided_on=decided_on,
                    start_on=start_on,
                )
            )
        elif isinstance(established, Computed) and established.fact is ComputedFact.TARGET_GROUP_BASIS:
            met = [f for f in basis_findings if f.status == OK]
            if met:
                status, explanation = (
                    OK,
                    _("Vurderet opfyldt: %(bases)s.") % {"bases": ", ".join(f.text for f in met)},
                )
            elif basis_findings and all(f.status == CONCERN for f in basis_findings):
                status, explanation = CONCERN, _("Ingen af grundlagene er vurderet opfyldt.")
            else:
                status, explanation = NEEDS_ASSESSMENT, _("Grundlagene nedenfor er ikke vurderet endnu.")
            findings.append(
                Finding(
                    criterion.id, "criterion", criterion.text, criterion.citation, status, explanation, False
                )
            )
        else:
            findings.append(_judged(criterion, "criterion", latest))
    findings.extend(basis_findings)
    findings.extend(_judged(exclusion, "exclusion", latest) for exclusion in spec.target_group.exclusions)
    return findings


def standard_for_decision(case: Case, on: dt.date) -> StandardVersion:
    """The standard a decision on `on` is made under: the version in force that day (a case received
    under an older version is decided under the one in force when it is decided)."""
    if case.decided_standard_version is not None:
        return case.decided_standard_version
    try:
        return standard_in_force(municipality=case.municipality, service_code=case.service_code, on=on)
    except StandardNotInForce:
        return case.standard_version


def assessable_rules(case: Case) -> dict[str, Basis | Exclusion | Criterion]:
    """The rules of the case's standard that a caseworker records a judgement on, by id."""
    spec = case.standard_version.spec
    rules: dict[str, Basis | Exclusion | Criterion] = {}
    for item in spec.criteria_and_exclusions():
        if isinstance(item.established_by, CaseworkerAssessment):
            rules[item.id] = item
    return rules
