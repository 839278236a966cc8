"""Writes on the udredning and the caseworker's assessment. Each checks the role and municipality,
runs in one transaction and writes its event and access-log rows in that transaction."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from visitator.audit.models import AccessAction
from visitator.audit.services import access_log, event_record
from visitator.cases import services as case_services
from visitator.cases.lifecycle import AWAITING_DECISION, Status
from visitator.cases.models import Case
from visitator.core import clock
from visitator.ffb import selectors as ffb
from visitator.ffb.models import CodeSystemVersion
from visitator.organisation.roles import WRITE_CASES, require_role_in
from visitator.standards.schema import Basis, Criterion, Exclusion

from .findings import CASE_BASIS_FIELDS, assessable_rules, latest_judgements
from .models import (
    Alternative,
    AlternativeConsidered,
    AreaRating,
    Assessment,
    ConsentRecord,
    CriterionAssessment,
    Departure,
    DescribedArea,
    Judgement,
)

FUNCTION_LEVEL_ROOT = "Funktionsevneniveau"
SUPPORT_LEVEL_ROOT = "Støttebehovsniveau"


def _fresh(case: Case) -> Case:
    """The case as it is in the database now, locked for this transaction (callers may hold a stale copy)."""
    return Case.objects.select_for_update().select_related("municipality", "citizen").get(pk=case.pk)


def _require_open(case: Case) -> None:
    if case.status not in AWAITING_DECISION:
        raise ValidationError(_("Udredningen kan kun ændres, mens sagen venter på afgørelse."))


def _start_assessment(user: User, case: Case) -> Case:
    """The first piece of udredning moves a received case into assessment."""
    if case.status == Status.RECEIVED:
        return case_services.case_transition(user=user, case=case, to_status=Status.ASSESSMENT)
    return case


def _codes(terms: list[ffb.Term]) -> set[str]:
    out: set[str] = set()
    for term in terms:
        out.add(term.code)
        out |= _codes(list(term.children))
    return out


@transaction.atomic
def assessment_save(
    *,
    user: User,
    case: Case,
    ratings: dict[str, tuple[str, str]],
    descriptions: dict[str, str],
    citizen_own_words: str = "",
    support_level: str = "",
    target_groups: list[str] | None = None,
    opened: str | None = None,
) -> Assessment:
    """Save the udredning: ratings {area code: (level code, note)}, descriptions {area code: text}.

    Every code must belong to the right FFB list; a bad code changes nothing. A rating of "" removes it.
    `opened` is `assessment_stamp` of the udredning when the form was opened (optimistic locking): if a
    colleague saved it since, nothing is saved and `StaleAssessment` says who and when, unless it
    already holds exactly what this form would save (the same form sent twice). None: not checked
    (services and demo data that write without a form).
    """
    require_role_in(user, case.municipality_id, *WRITE_CASES)
    case = _fresh(case)
    _require_open(case)
    version = CodeSystemVersion.objects.get(is_current=True)
    rated, levels = _codes(ffb.rated_areas()), _codes(ffb.function_levels())
    described = _codes(ffb.described_areas())
    supports, groups = _codes(ffb.support_levels()), _codes(ffb.target_groups())
    errors: list[str] = []
    for area, (level, _note) in ratings.items():
        if area not in rated or (level and level not in levels):
            errors.append(_("Et område eller niveau findes ikke i FFB's lister."))
    if any(area not in described for area in descriptions):
        errors.append(_("Et beskrevet område findes ikke i FFB's lister."))
    if support_level and support_level not in supports:
        errors.append(_("Støttebehovsniveauet findes ikke i FFB's liste."))
    if any(code not in groups for code in target_groups or []):
        errors.append(_("En målgruppe findes ikke i FFB's liste."))
    if errors:
        raise ValidationError(sorted(set(errors)))

    assessment, created = Assessment.objects.select_for_update().get_or_create(
        case=case,
        defaults={"ffb_version": version, "updated_at": clock.now(), "updated_by": user},
    )
    if opened is not None and opened != ("" if created else assessment_stamp(assessment)):
        wanted = {
            "citizen_own_words": citizen_own_words.strip(),
            "support_level": support_level,
            "target_groups": sorted(set(target_groups or [])),
            **{f"rating:{a}": [level, note.strip()] for a, (level, note) in ratings.items() if level},
            **{f"description:{a}": text.strip() for a, text in descriptions.items() if text.strip()},
        }
        if _snapshot(assessment) != wanted:
            raise StaleAssessment(assessment)
        return assessment  # the same form twice: saved once
    before = _snapshot(assessment) if not created else {}
    assessment.ffb_version = version
    assessment.citizen_own_words = citizen_own_words.strip()
    assessment.support_level = support_level
    assessment.target_groups = sorted(set(target_groups or []))
    assessment.updated_at, assessment.updated_by = clock.now(), user
    assessment.save()
    for area, (level, note) in ratings.items():
        if level:
            AreaRating.objects.update_or_create(
                assessment=assessment, area=area, defaults={"level": level, "note": note.strip()}
            )
        else:
            AreaRating.objects.filter(assessment=assessment, area=area).delete()
    for area, text in descriptions.items():
        if text.strip():
            DescribedArea.objects.update_or_create(
                assessment=assessment, area=area, defaults={"text": text.strip()}
            )
        else:
            DescribedArea.objects.filter(assessment=assessment, area=area).delete()
    after = _snapshot(assessment)
    if before != after:
        access_log(
            user=user,
            action=AccessAction.CREATE if created else AccessAction.CHANGE,
            what="udredning",
            case=case,
        )
        event_record(
            user=user,
            kind="assessment.saved",
            case=case,
            before={k: v for k, v in before.items() if after.get(k) != v},
            after={k: v for k, v in after.items() if before.get(k) != v},
        )
    _start_assessment(user, case)
    return assessment


def assessment_stamp(assessment: Assessment | None) -> str:
    """What an udredning form remembers of the saved udredning it was opened on ("" when none yet)."""
    return assessment.updated_at.isoformat() if assessment is not None else ""


class StaleAssessment(ValidationError):
    """A colleague saved the udredning after the form was opened; nothing was saved. `opened` is the
    stamp now stored: the form shows the message with what was typed and saves on top of it next time."""

    def __init__(self, assessment: Assessment) -> None:
        self.opened = assessment_stamp(assessment)
        who = assessment.updated_by
        name = (who.get_full_name() or who.get_username()) if who is not None else _("en kollega")
        super().__init__(
            _(
                "Udredningen er gemt af %(who)s %(when)s, efter du åbnede siden. Intet af det, du skrev, er "
                "gemt, men det står stadig i formularen. Åbn udredningen i en ny fane for at se den gemte "
                "udgave, og gem igen, hvis dine ændringer skal gælde."
            )
            % {"who": name, "when": timezone.localtime(assessment.updated_at).strftime("%d.%m.%Y kl. %H:%M")},
            code="stale",
        )


def _snapshot(assessment: Assessment) -> dict[str, Any]:
    return {
        "citizen_own_words": assessment.citizen_own_words,
        "support_level": assessment.support_level,
        "target_groups": list(assessment.target_groups),
        **{f"rating:{r.area}": [r.level, r.note] for r in assessment.ratings.all()},
        **{f"description:{d.area}": d.text for d in assessment.descriptions.all()},
    }


@transaction.atomic
def consent_record(*, user: User, case: Case, kind: str, on: dt.date, scope: str = "") -> ConsentRecord:
    require_role_in(user, case.municipality_id, *WRITE_CASES)
    if kind not in ConsentRecord.Kind.values:
        raise ValidationError({"kind": _("Ukendt type.")})
    if on > clock.today():
        raise ValidationError({"on": _("Datoen kan ikke ligge i fremtiden.")})
    if kind == ConsentRecord.Kind.CONSENT_11A and not scope.strip():
        raise ValidationError({"scope": _("Skriv hvem samtykket omfatter.")})
    record = ConsentRecord.objects.create(
        case=case, kind=kind, on=on, scope=scope.strip(), recorded_at=clock.now(), recorded_by=user
    )
    access_log(user=user, action=AccessAction.CREATE, what="sag: samtykke/vejledning", case=case)
    event_record(
        user=user, kind="assessment.consent_recorded", case=case, after={"kind": kind, "on": on.isoformat()}
    )
    return record


def _check_judgement(rule: Basis | Exclusion | Criterion, judgement: str, reason: str) -> dict[str, str]:
    """What is wrong with one judgement, by field: a judgement of the right kind, and always a reason
    (SEL § 1, stk. 3: a concrete, individual assessment, written down)."""
    allowed = (
        {Judgement.APPLIES, Judgement.DOES_NOT_APPLY}
        if isinstance(rule, Exclusion)
        else {Judgement.MET, Judgement.NOT_MET}
    )
    errors: dict[str, str] = {}
    if judgement not in allowed:
        errors["judgement"] = _("Vælg en vurdering.")
    if not reason.strip():
        errors["reason"] = _("Skriv begrundelsen for din vurdering.")
    return errors


def _judge(
    *, user: User, case: Case, rule_id: str, judgement: str, reason: str
) -> tuple[CriterionAssessment, Case]:
    """Store one checked judgement (its own row, with who and when) and its event; a target-group basis
    is kept in step on the case. Returns the row and the case as it is now."""
    row = CriterionAssessment.objects.create(
        case=case, rule_id=rule_id, judgement=judgement, reason=reason.strip(), at=clock.now(), by=user
    )
    event_record(
        user=user,
        kind="assessment.criterion_judged",
        case=case,
        after={"rule": rule_id, "judgement": judgement},
    )
    if rule_id in CASE_BASIS_FIELDS:
        values = {
            "reduced_function": case.target_group_reduced_function,
            "social_problems": case.target_group_social_problems,
            rule_id: judgement == Judgement.MET,
        }
        case = case_services.case_update_target_group(user=user, case=case, **values)
    return row, case


@transaction.atomic
def criterion_judge(
    *, user: User, case: Case, rule_id: str, judgement: str, reason: str
) -> CriterionAssessment:
    """Record the caseworker's assessment of one criterion, basis or exclusion, with a written reason."""
    require_role_in(user, case.municipality_id, *WRITE_CASES)
    case = _fresh(case)
    _require_open(case)
    rules = assessable_rules(case)
    if rule_id not in rules:
        raise ValidationError(_("Kvalitetsstandarden har ikke et kriterium, som du kan vurdere, med det id."))
    errors = _check_judgement(rules[rule_id], judgement, reason)
    if errors:
        raise ValidationError(errors)
    row, case = _judge(user=user, case=case, rule_id=rule_id, judgement=judgement, reason=reason)
    access_log(user=user, action=AccessAction.CHANGE, what="sag: vurdering", case=case)
    _start_assessment(user, case)
    return row


@dataclass(frozen=True)
class JudgementInput:
    """One row of the form that judges every criterion at once: what the caseworker chose and wrote,
    and the latest judgement of the rule when the page was opened (its id; None: not judged then)."""

    judgement: str
    reason: str
    seen: int | None


class StaleJudgements(ValidationError):
    """A colleague judged a criterion after the page was opened; nothing was saved. `rules` are the ids
    of those criteria (the page shows their new judgements)."""

    def __init__(self, message: str, *, rules: list[str]) -> None:
        super().__init__(message, code="stale")
        self.rules = rules


@transaction.atomic
def criteria_judge(
    *, user: User, case: Case, judgements: dict[str, JudgementInput]
) -> list[CriterionAssessment]:
    """Judge several criteria, bases and exclusions at once (one form, one save). Each judgement is
    checked as `criterion_judge` checks one and stored as its own row with who and when; all or
    nothing: one error and nothing is saved.

    A row left empty is not judged now. A row the same as the latest judgement is not stored again (the
    same form sent twice stores once). A row judged by someone else since the page was opened
    (`seen`) is refused with `StaleJudgements`, unless it already holds what this form would save.
    Errors name the form's fields: "judgement_<rule id>", "reason_<rule id>"."""
    require_role_in(user, case.municipality_id, *WRITE_CASES)
    case = _fresh(case)
    _require_open(case)
    rules = assessable_rules(case)
    unknown = set(judgements) - set(rules)
    if unknown:
        raise ValidationError(_("Kvalitetsstandarden har ikke et kriterium, som du kan vurdere, med det id."))
    latest = latest_judgements(
        case.criterion_assessments.filter(rule_id__in=list(judgements)).order_by("at", "id")
    )
    errors: dict[str, str] = {}
    stale: list[str] = []
    wanted: list[tuple[str, JudgementInput]] = []
    for rule_id, row in judgements.items():
        if not row.judgement and not row.reason.strip():
            continue
        current = latest.get(rule_id)
        if current is not None and (current.judgement, current.reason) == (row.judgement, row.reason.strip()):
            continue
        if current is not None and current.pk != row.seen:
            stale.append(rule_id)
            continue
        for field, message in _check_judgement(rules[rule_id], row.judgement, row.reason).items():
            errors[f"{field}_{rule_id}"] = message
        wanted.append((rule_id, row))
    if stale:
        names = "; ".join(
            _("»%(rule)s« (%(by)s: %(judgement)s)")
            % {
                "rule": rules[rule_id].text,
                "by": latest[rule_id].by.get_full_name() or latest[rule_id].by.get_username(),
                "judgement": latest[rule_id].get_judgement_display(),
            }
            for rule_id in stale
        )
        raise StaleJudgements(
            _(
                "En kollega har vurderet %(names)s, efter du åbnede siden. Intet er gemt. Læs den nye "
                "vurdering, og gem igen."
            )
            % {"names": names},
            rules=stale,
        )
    if errors:
        raise ValidationError(errors)
    if not wanted:
        return []
    rows = []
    for rule_id, row in wanted:
        stored, case = _judge(
            user=user, case=case, rule_id=rule_id, judgement=row.judgement, reason=row.reason
        )
        rows.append(stored)
    access_log(user=user, action=AccessAction.CHANGE, what="sag: vurdering", case=case)
    _start_assessment(user, case)
    return rows


@transaction.atomic
def alternative_record(
    *, user: User, case: Case, alternative: str, consideration: str
) -> AlternativeConsidered:
    """RSL § 5: other help considered (before a refusal the decision must show alternatives were weighed)."""
    require_role_in(user, case.municipality_id, *WRITE_CASES)
    case = _fresh(case)
    _require_open(case)
    if alternative not in Alternative.values:
        raise ValidationError({"alternative": _("Vælg et alternativ.")})
    if not consideration.strip():
        raise ValidationError({"consideration": _("Skriv din overvejelse.")})
    row = AlternativeConsidered.objects.create(
        case=case, alternative=alternative, consideration=consideration.strip(), at=clock.now(), by=user
    )
    access_log(user=user, action=AccessAction.CHANGE, what="sag: alternativer", case=case)
    event_record(
        user=user, kind="assessment.alternative_recorded", case=case, after={"alternative": alternative}
    )
    return row


def departure_subjects(case: Case) -> dict[str, str]:
    """What a caseworker can depart from, by key, with the standard's own text."""
    spec = case.standard_version.spec
    subjects = {f"rule:{item.id}": item.text for item in spec.criteria_and_exclusions()}
    subjects["scope"] = spec.scope.text
    subjects["transport.individual_taxi"] = spec.transport.individual_taxi.text
    subjects["provider"] = spec.provider.text
    return subjects


@transaction.atomic
def departure_record(*, user: User, case: Case, subject: str, reason: str) -> Departure:
    """A departure from the quality standard: allowed, with a written reason, and recorded."""
    require_role_in(user, case.municipality_id, *WRITE_CASES)
    subjects = departure_subjects(case)
    if subject not in subjects:
        raise ValidationError({"subject": _("Vælg hvad i kvalitetsstandarden du afviger fra.")})
    if not reason.strip():
        raise ValidationError(
            {"reason": _("En afvigelse fra kvalitetsstandarden kræver en skriftlig begrundelse.")}
        )
    row = Departure.objects.create(
        case=case,
        subject=subject,
        subject_text=subjects[subject],
        reason=reason.strip(),
        at=clock.now(),
        by=user,
    )
    access_log(user=user, action=AccessAction.CHANGE, what="sag: afvigelse", case=case)
    event_record(user=user, kind="assessment.departure_recorded", case=case, after={"subject": subject})
    return row
