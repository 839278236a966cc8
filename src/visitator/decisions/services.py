"""Partshøring and decisions. A decision is made and told to the citizen in one transaction: if the
letter fails its legal check, nothing is decided."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from visitator.assessment.findings import NEEDS_ASSESSMENT, findings_for, standard_for_decision
from visitator.assessment.models import AlternativeConsidered, Departure
from visitator.audit.models import AccessAction
from visitator.audit.services import access_log, event_record
from visitator.cases import services as case_services
from visitator.cases.lifecycle import AWAITING_DECISION, Outcome, Status
from visitator.cases.models import Case, Document
from visitator.core import clock, law
from visitator.letters.compose import DecisionFacts, HearingFacts, LetterKind, letter_compose
from visitator.letters.services import letter_send
from visitator.organisation.roles import WRITE_CASES, require_role_in

from .hearing import hearing_state
from .models import Decision, Hearing, HearingException, HearingInformation, HearingResponse

LETTER_KIND_BY_OUTCOME: dict[str, LetterKind] = {
    Outcome.GRANTED: LetterKind.GRANT,
    Outcome.PARTLY_GRANTED: LetterKind.PARTIAL_GRANT,
    Outcome.REFUSED: LetterKind.REFUSAL,
}
AGAINST_CITIZEN = frozenset({Outcome.PARTLY_GRANTED, Outcome.REFUSED})


def _require_awaiting(case: Case) -> None:
    if case.status not in AWAITING_DECISION:
        raise ValidationError(_("Sagen venter ikke på en afgørelse."))


@transaction.atomic
def hearing_information_add(
    *,
    user: User,
    case: Case,
    source: str,
    summary: str,
    received_on: dt.date,
    citizen_knows: bool = False,
    document: Document | None = None,
) -> HearingInformation:
    require_role_in(user, case.municipality_id, *WRITE_CASES)
    _require_awaiting(case)
    errors = {}
    if not source.strip():
        errors["source"] = _("Skriv hvor oplysningen kommer fra.")
    if not summary.strip():
        errors["summary"] = _("Skriv hvad oplysningen går ud på.")
    if received_on > clock.today():
        errors["received_on"] = _("Datoen kan ikke ligge i fremtiden.")
    if document is not None and document.case_id != case.id:
        errors["document"] = _("Dokumentet hører ikke til sagen.")
    if errors:
        raise ValidationError(errors)
    info = HearingInformation.objects.create(
        case=case,
        source=source.strip(),
        summary=summary.strip(),
        received_on=received_on,
        citizen_knows=citizen_knows,
        document=document,
        added_at=clock.now(),
        added_by=user,
    )
    access_log(user=user, action=AccessAction.CREATE, what="sag: oplysning", case=case)
    event_record(
        user=user,
        kind="hearing.information_added",
        case=case,
        after={"information": info.pk, "citizen_knows": citizen_knows},
    )
    return info


@transaction.atomic
def hearing_send(
    *,
    user: User,
    case: Case,
    information: list[HearingInformation],
    planned_decision: str,
    response_deadline: dt.date,
) -> Hearing:
    """Send a hearing letter (FVL § 19) listing the information and the response deadline."""
    require_role_in(user, case.municipality_id, *WRITE_CASES)
    _require_awaiting(case)
    errors: dict[str, str] = {}
    if not information or any(i.case_id != case.id for i in information):
        errors["information"] = _("Vælg de oplysninger, borgeren skal høres over.")
    if not planned_decision.strip():
        errors["planned_decision"] = _("Skriv hvilken afgørelse kommunen forventer at træffe.")
    earliest = clock.today() + dt.timedelta(days=law.HEARING_MIN_RESPONSE_DAYS.value)
    if response_deadline < earliest:
        errors["response_deadline"] = _(
            "Giv borgeren en rimelig frist: mindst %(days)d dage (svarfrist tidligst %(date)s)."
        ) % {"days": law.HEARING_MIN_RESPONSE_DAYS.value, "date": earliest.strftime("%d.%m.%Y")}
    if errors:
        raise ValidationError(errors)
    facts = HearingFacts(
        information=tuple(
            f"{i.source} (modtaget {i.received_on:%d.%m.%Y}): {i.summary}" for i in information
        ),
        planned_decision=planned_decision.strip(),
        response_deadline=response_deadline,
    )
    letter = letter_send(user=user, draft=letter_compose(kind=LetterKind.HEARING, case=case, hearing=facts))
    hearing = Hearing.objects.create(
        case=case,
        letter=letter,
        planned_decision=planned_decision.strip(),
        response_deadline=response_deadline,
        sent_at=clock.now(),
        sent_by=user,
    )
    hearing.information.set(information)
    event_record(
        user=user,
        kind="hearing.sent",
        case=case,
        after={
            "hearing": hearing.pk,
            "information": [i.pk for i in information],
            "deadline": str(response_deadline),
        },
    )
    if case.status == Status.RECEIVED:
        case = case_services.case_transition(user=user, case=case, to_status=Status.ASSESSMENT)
    if case.status == Status.ASSESSMENT:
        case_services.case_transition(user=user, case=case, to_status=Status.HEARING)
    return hearing


@transaction.atomic
def hearing_response_record(
    *, user: User, hearing: Hearing, received_on: dt.date, summary: str
) -> HearingResponse:
    require_role_in(user, hearing.case.municipality_id, *WRITE_CASES)
    errors = {}
    if not summary.strip():
        errors["summary"] = _("Skriv det væsentlige i borgerens svar (notatpligt).")
    if received_on > clock.today():
        errors["received_on"] = _("Datoen kan ikke ligge i fremtiden.")
    if errors:
        raise ValidationError(errors)
    response = HearingResponse.objects.create(
        hearing=hearing,
        received_on=received_on,
        summary=summary.strip(),
        recorded_at=clock.now(),
        recorded_by=user,
    )
    access_log(user=user, action=AccessAction.CREATE, what="sag: høringssvar", case=hearing.case)
    event_record(
        user=user, kind="hearing.response_recorded", case=hearing.case, after={"hearing": hearing.pk}
    )
    return response


@transaction.atomic
def hearing_exception_record(
    *, user: User, case: Case, information: HearingInformation, ground: str, reason: str
) -> HearingException:
    """Decide without prior hearing on one piece of information, on a ground in FVL § 19, stk. 2."""
    require_role_in(user, case.municipality_id, *WRITE_CASES)
    errors = {}
    if information.case_id != case.id:
        errors["information"] = _("Oplysningen hører ikke til sagen.")
    if ground not in law.HEARING_EXCEPTION_GROUNDS:
        errors["ground"] = _("Vælg en undtagelsesgrund i forvaltningsloven § 19, stk. 2.")
    if not reason.strip():
        errors["reason"] = _("Skriv hvorfor undtagelsen gælder i denne sag.")
    if errors:
        raise ValidationError(errors)
    row = HearingException.objects.create(
        case=case, information=information, ground=ground, reason=reason.strip(), at=clock.now(), by=user
    )
    access_log(user=user, action=AccessAction.CHANGE, what="sag: partshøring undtaget", case=case)
    event_record(
        user=user,
        kind="hearing.exception_recorded",
        case=case,
        after={"information": information.pk, "ground": ground},
    )
    return row


def decision_blockers(case: Case, *, outcome: str, user: User, today: dt.date) -> list[str]:
    """Everything that stops this decision now, in Danish. An empty list means it may be made."""
    blockers: list[str] = []
    if case.status not in AWAITING_DECISION:
        blockers.append(_("Sagen venter ikke på en afgørelse."))
        return blockers
    spec = standard_for_decision(case, today).spec
    membership = getattr(user, "membership", None)
    if membership is None or membership.unit.code != spec.deciding_unit.code:
        blockers.append(
            _(
                "Kun medarbejdere i %(unit)s kan træffe afgørelse "
                "(kvalitetsstandarden: visitations- og bevillingskompetence)."
            )
            % {"unit": spec.deciding_unit.name}
        )
    missing = [f for f in findings_for(case, today=today) if f.status == NEEDS_ASSESSMENT and f.assessable]
    if missing:
        blockers.append(
            _("Vurder først: %(rules)s (konkret og individuel vurdering, serviceloven § 1, stk. 3).")
            % {"rules": "; ".join(f"»{f.text}«" for f in missing)}
        )
    if outcome in AGAINST_CITIZEN and not case.alternatives.exists():
        blockers.append(
            _(
                "Før et afslag eller en delvis bevilling skal du registrere, hvilken anden hjælp der er "
                "overvejet (retssikkerhedsloven § 5)."
            )
        )
    if outcome in AGAINST_CITIZEN:
        blockers.extend(hearing_state(case, today=today).messages())
    return blockers


@transaction.atomic
def decision_make(
    *,
    user: User,
    case: Case,
    outcome: str,
    applied_for: str,
    legal_rules: list[str],
    main_considerations: str = "",
    facts: str = "",
    granted: str = "",
    proposed_offer: str = "",
    proposed_scope: str = "",
) -> Decision:
    """Decide an application and send the decision letter. Blocked (nothing changes) while anything in
    decision_blockers stands, or when the letter lacks a required legal element."""
    require_role_in(user, case.municipality_id, *WRITE_CASES)
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": _("Vælg afgørelsens resultat.")})
    today = clock.today()
    case = Case.objects.select_for_update().select_related("citizen", "municipality", "unit").get(pk=case.pk)
    blockers = decision_blockers(case, outcome=outcome, user=user, today=today)
    if blockers:
        raise ValidationError(blockers)
    if outcome in (Outcome.GRANTED, Outcome.PARTLY_GRANTED) and not granted.strip():
        raise ValidationError({"granted": _("Skriv hvad der bevilges (tilbud, omfang og start).")})
    standard = standard_for_decision(case, today)
    findings = findings_for(case, today=today)
    departures = list(Departure.objects.filter(case=case))
    alternatives = list(AlternativeConsidered.objects.filter(case=case))
    rules = [r.strip() for r in legal_rules if r.strip()]
    decision_facts = DecisionFacts(
        applied_for=applied_for.strip(),
        granted=granted.strip(),
        legal_rules=tuple(rules),
        main_considerations=main_considerations.strip(),
        facts=facts.strip(),
        departures=tuple(f"{d.subject_text} – {d.reason}" for d in departures),
        alternatives=tuple(f"{a.get_alternative_display()}: {a.consideration}" for a in alternatives),
    )
    letter = letter_send(
        user=user,
        draft=letter_compose(kind=LETTER_KIND_BY_OUTCOME[outcome], case=case, decision=decision_facts),
    )
    decision = Decision.objects.create(
        case=case,
        outcome=outcome,
        decided_on=today,
        decided_at=clock.now(),
        decided_by=user,
        standard_version=standard,
        standard_hash=standard.content_hash,
        applied_for=decision_facts.applied_for,
        granted=decision_facts.granted,
        proposed_offer=proposed_offer.strip(),
        proposed_scope=proposed_scope.strip(),
        legal_rules=rules,
        main_considerations=decision_facts.main_considerations,
        facts=decision_facts.facts,
        findings=[_finding_data(f) for f in findings],
        departures=[{"subject": d.subject, "text": d.subject_text, "reason": d.reason} for d in departures],
        alternatives=[{"alternative": a.alternative, "consideration": a.consideration} for a in alternatives],
        letter=letter,
    )
    case_services.case_transition(user=user, case=case, to_status=Status.DECIDED, outcome=outcome)
    event_record(
        user=user,
        kind="decision.made",
        case=case,
        after={
            "decision": str(decision.pk),
            "outcome": outcome,
            "letter": str(letter.pk),
            "departures": len(departures),
        },
    )
    return decision


def _finding_data(finding: Any) -> dict[str, Any]:
    return {
        "rule": finding.rule_id,
        "kind": finding.kind,
        "status": finding.status,
        "explanation": finding.explanation,
        "citation": finding.citation,
    }


__all__ = ["PermissionDenied", "decision_blockers", "decision_make", "hearing_send"]
