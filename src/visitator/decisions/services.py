"""Partshøring and decisions. A decision is made and told to the citizen in one transaction: if the
letter fails its legal check, nothing is decided."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from visitator.assessment.findings import NEEDS_ASSESSMENT, findings_for, standard_for_decision
from visitator.assessment.models import AlternativeConsidered, Departure
from visitator.audit.models import AccessAction
from visitator.audit.services import access_log, event_record
from visitator.cases import services as case_services
from visitator.cases.lifecycle import AWAITING_DECISION, Outcome, Status
from visitator.cases.models import Case, Document
from visitator.core import clock, law
from visitator.grants import services as grant_services
from visitator.grants.terms import GrantTerms
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


def _has_running_grant(case: Case) -> bool:
    from visitator.grants.models import Grant

    return Grant.objects.filter(case=case).exclude(status=Grant.Status.STOPPED).exists()


def hearing_possible(case: Case) -> bool:
    """A hearing precedes a decision on an application, or a change or stop of a running grant."""
    return case.status in AWAITING_DECISION or _has_running_grant(case)


def _require_hearing_possible(case: Case) -> None:
    """A hearing precedes a decision on an application, or a change or stop of a running grant."""
    if not hearing_possible(case):
        raise ValidationError(_("Sagen venter ikke på en afgørelse, og der er ingen løbende bevilling."))


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
    _require_hearing_possible(case)
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
    case = Case.objects.select_for_update().get(pk=case.pk)
    _require_hearing_possible(case)
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


def _deciding_unit_blockers(spec: Any, user: User) -> list[str]:
    """The standard names the unit that decides (visitations- og bevillingskompetence)."""
    membership = getattr(user, "membership", None)
    if membership is not None and membership.unit.code == spec.deciding_unit.code:
        return []
    return [
        _(
            "Kun medarbejdere i %(unit)s kan træffe afgørelse "
            "(kvalitetsstandarden: visitations- og bevillingskompetence)."
        )
        % {"unit": spec.deciding_unit.name}
    ]


def decision_blockers(case: Case, *, outcome: str, user: User, today: dt.date) -> list[str]:
    """Everything that stops this decision now, in Danish. An empty list means it may be made."""
    blockers: list[str] = []
    if case.status not in AWAITING_DECISION:
        blockers.append(_("Sagen venter ikke på en afgørelse."))
        return blockers
    spec = standard_for_decision(case, today).spec
    blockers.extend(_deciding_unit_blockers(spec, user))
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
    if outcome == Outcome.REFUSED and _has_running_grant(case):
        blockers.append(
            _(
                "Borgeren har en løbende bevilling. Den kan kun ophøre ved en afgørelse om ophør med "
                "varsel (siden Bevilling og opfølgning), ikke ved et afslag."
            )
        )
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
    grant_terms: GrantTerms | None = None,
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
    standard = standard_for_decision(case, today)
    granting = outcome in (Outcome.GRANTED, Outcome.PARTLY_GRANTED)
    grant_facts: dict[str, Any] = {}
    if granting:
        if grant_terms is None:
            raise ValidationError(_("Udfyld bevillingen: tilbud, start, omfang, mål og kørsel."))
        grant_services.check_terms(case=case, standard=standard, terms=grant_terms)
        _check_adult_start(case, grant_terms.start_date)
        grant_facts = _grant_letter_facts(standard, grant_terms)
        granted = granted.strip() or grant_facts.pop("granted_text")
        grant_facts.pop("granted_text", None)
    findings = findings_for(
        case, today=today, deciding=True, start_on=grant_terms.start_date if grant_terms else None
    )
    # The departures recorded on the case and those the grant's terms make, each once.
    departures: dict[tuple[str, str], dict[str, str]] = {}
    for d in Departure.objects.filter(case=case):
        departures[(d.subject, d.reason)] = {"subject": d.subject, "text": d.subject_text, "reason": d.reason}
    if granting and grant_terms is not None:
        for g in grant_services.grant_departures(case=case, spec=standard.spec, terms=grant_terms):
            departures[(g.subject, g.reason)] = {"subject": g.subject, "text": g.text, "reason": g.reason}
    alternatives = list(AlternativeConsidered.objects.filter(case=case))
    rules = [r.strip() for r in legal_rules if r.strip()]
    decision_facts = DecisionFacts(
        applied_for=applied_for.strip(),
        granted=granted.strip(),
        legal_rules=tuple(rules),
        main_considerations=main_considerations.strip(),
        facts=facts.strip(),
        departures=tuple(_departure_line(d) for d in departures.values()),
        alternatives=tuple(f"{a.get_alternative_display()}: {a.consideration}" for a in alternatives),
        taxi_granted=bool(grant_terms and granting and grant_terms.transport_mode == "taxi"),
        **grant_facts,
    )
    letter = letter_send(
        user=user,
        draft=letter_compose(kind=LETTER_KIND_BY_OUTCOME[outcome], case=case, decision=decision_facts),
    )
    # A reopened case (genvurdering with agreement, or hjemvisning): the new decision replaces the last
    # one, and a grant still running under it ends when the new grant starts.
    replaces = Decision.objects.filter(case=case).order_by("-decided_at", "-id").first()
    if granting and grant_terms is not None:
        _supersede_running_grants(user=user, case=case, from_date=grant_terms.start_date)
    decision = Decision.objects.create(
        case=case,
        replaces=replaces,
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
        departures=list(departures.values()),
        alternatives=[{"alternative": a.alternative, "consideration": a.consideration} for a in alternatives],
        letter=letter,
    )
    case = case_services.case_transition(user=user, case=case, to_status=Status.DECIDED, outcome=outcome)
    if granting and grant_terms is not None:
        grant = grant_services.grant_create(
            user=user, case=case, decision=decision, standard=standard, terms=grant_terms
        )
        if grant.status == grant.Status.ORDERED:
            case_services.case_transition(user=user, case=case, to_status=Status.ACTIVE)
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


#: How a departure is named in the letter, by the subject it departs from.
DEPARTURE_SUBJECTS: dict[str, Any] = {
    "provider": gettext_lazy("Tilbud uden for kommunens egne tilbud"),
    "transport.individual_taxi": gettext_lazy("Individuel kørsel med taxa"),
    "scope": gettext_lazy("Omfang"),
}


def _departure_line(departure: dict[str, str]) -> str:
    """ "Individuel kørsel med taxa: kvalitetsstandarden siger »…«. Begrundelse: …" (Danish)."""
    subject = departure["subject"]
    name = str(DEPARTURE_SUBJECTS.get(subject, ""))
    line = _("Kvalitetsstandarden siger: »%(text)s« Vi afviger, fordi: %(reason)s") % {
        "text": " ".join(departure["text"].split()),
        "reason": departure["reason"],
    }
    return f"{name}. {line}" if name else line


def _check_adult_start(case: Case, start: dt.date) -> None:
    """Help under the rules for adults starts on the 18th birthday at the earliest (`law.ADULT_AGE`).
    A decision may be made before it, for a smooth transition to adulthood, if the start is not."""
    earliest = case.citizen.birthday_at_age(law.ADULT_AGE.value)
    if start < earliest:
        raise ValidationError(
            {
                "start_date": _(
                    "Hjælpen kan tidligst begynde den %(date)s, hvor borgeren fylder %(age)d år (%(rule)s). "
                    "Vælg en startdato på eller efter fødselsdagen."
                )
                % {
                    "date": formats.date_format(earliest, "j. F Y"),
                    "age": law.ADULT_AGE.value,
                    "rule": law.ADULT_AGE.citation,
                }
            }
        )


def _supersede_running_grants(*, user: User, case: Case, from_date: dt.date) -> None:
    """End the grants of an earlier decision on the day the new decision's grant starts."""
    from visitator.grants.models import Grant

    for grant in Grant.objects.select_for_update().filter(case=case).exclude(status=Grant.Status.STOPPED):
        grant_services.grant_apply_stop(user=user, grant=grant, effective_from=from_date)


def _grant_letter_facts(standard: Any, terms: GrantTerms) -> dict[str, Any]:
    """What the decision letter says about the grant: offer, start, scope, goals, next follow-up, and
    the waiting list when the offer is full (lack of places is never a refusal)."""
    from visitator.grants.models import scope_text
    from visitator.offers.policy import free_places

    spec = standard.spec
    scope = scope_text(terms.days_per_week, terms.day_part)
    text = _("%(title)s i %(offer)s, %(scope)s.") % {
        "title": spec.service.title,
        "offer": terms.offer.name,
        "scope": scope,
    }
    start = terms.start_date
    if free_places(terms.offer) <= 0 and terms.expected_start is not None:
        position = terms.offer.grants.filter(status="waiting").count() + 1
        text += " " + _(
            "Der er ikke ledig plads i tilbuddet lige nu. Du er nr. %(position)d på ventelisten og kan "
            "forvente at starte omkring den %(date)s. Vi skriver til dig, når der er en plads."
        ) % {"position": position, "date": formats.date_format(terms.expected_start, "j. F Y")}
        start = terms.expected_start
    return {
        "granted_text": text,
        "offer_name": terms.offer.name,
        "start_date": start,
        "scope": scope,
        "goals": tuple(f"{g.description} (forventes nået {g.target_date:%d.%m.%Y})" for g in terms.goals),
        "next_follow_up_on": spec.next_follow_up(start),
    }


def _finding_data(finding: Any) -> dict[str, Any]:
    return {
        "rule": finding.rule_id,
        "kind": finding.kind,
        "status": finding.status,
        "explanation": finding.explanation,
        "citation": finding.citation,
    }


__all__ = ["PermissionDenied", "decision_blockers", "decision_make", "hearing_send"]


def change_blockers(*, grant: Any, user: User, today: dt.date) -> list[str]:
    """What stops a decision to change or stop a running grant now (FVL § 19 applies: it is a
    decision against the citizen)."""
    blockers: list[str] = []
    if grant.status == "stopped":
        return [_("Bevillingen er ophørt.")]
    spec = grant.decision.standard_version.spec
    blockers.extend(_deciding_unit_blockers(spec, user))
    blockers.extend(hearing_state(grant.case, today=today).messages())
    return blockers


@transaction.atomic
def grant_change_decide(
    *,
    user: User,
    grant: Any,
    stop: bool,
    effective_from: dt.date,
    legal_rules: list[str],
    main_considerations: str,
    facts: str,
    days_per_week: int | None = None,
    day_part: str = "",
    notice_reason: str = "",
) -> Decision:
    """A new decision that changes or stops a running grant (SEL § 148, stk. 2: a grant never ends
    silently). Hearing, letter with begrundelse and klagevejledning, then the grant is changed.

    A reduction or a stop takes effect after the standard's notice period (varsel) at the earliest;
    an earlier date needs `notice_reason`. The letter states the notice."""
    from visitator.grants.models import Grant, scope_text

    case = grant.case
    require_role_in(user, case.municipality_id, *WRITE_CASES)
    grant = (
        Grant.objects.select_for_update()
        .select_related("case", "offer", "decision__standard_version")
        .get(pk=grant.pk)
    )
    today = clock.today()
    blockers = change_blockers(grant=grant, user=user, today=today)
    if blockers:
        raise ValidationError(blockers)
    errors: dict[str, str] = {}
    if effective_from < today:
        errors["effective_from"] = _("Ændringen kan tidligst gælde fra i dag.")
    if not stop and (
        days_per_week is None or not 1 <= days_per_week <= 5 or day_part not in ("full", "half")
    ):
        errors["days_per_week"] = _("Angiv det nye omfang.")
    if errors:
        raise ValidationError(errors)
    standard = (
        standard_for_decision(case, today) if case.awaiting_decision else grant.decision.standard_version
    )
    spec = standard.spec
    reduces = stop or _weekly_days(days_per_week or 0, day_part) < _weekly_days(
        grant.days_per_week, grant.day_part
    )
    notice = spec.deadlines.notice_for_reduction
    earliest = notice.deadline_from(today)
    if reduces and effective_from < earliest and not notice_reason.strip():
        raise ValidationError(
            {
                "effective_from": _(
                    "En nedsættelse eller et ophør gælder tidligst efter varslet på %(period)s, dvs. fra den "
                    "%(date)s. Vælg en senere dato, eller skriv hvorfor den skal gælde før."
                )
                % {"period": notice.describe(), "date": formats.date_format(earliest, "j. F Y")}
            }
        )
    alternatives = list(AlternativeConsidered.objects.filter(case=case))
    new_scope = "" if stop else scope_text(days_per_week or 0, day_part)
    decision_facts = DecisionFacts(
        applied_for=_("%(title)s i %(offer)s, %(scope)s (din nuværende bevilling)")
        % {"title": spec.service.title, "offer": grant.offer.name, "scope": grant.scope_text},
        granted=""
        if stop
        else _("%(scope)s fra den %(date)s.")
        % {
            "scope": new_scope[:1].upper() + new_scope[1:],
            "date": formats.date_format(effective_from, "j. F Y"),
        },
        legal_rules=tuple(r.strip() for r in legal_rules if r.strip()),
        main_considerations=main_considerations.strip(),
        facts=facts.strip(),
        alternatives=tuple(f"{a.get_alternative_display()}: {a.consideration}" for a in alternatives),
        effective_from=effective_from,
        notice_period=notice.describe() if reduces else "",
        notice_reason=notice_reason.strip() if reduces and effective_from < earliest else "",
    )
    kind = LetterKind.STOP if stop else LetterKind.CHANGE
    letter = letter_send(user=user, draft=letter_compose(kind=kind, case=case, decision=decision_facts))
    decision = Decision.objects.create(
        case=case,
        kind=Decision.Kind.STOP if stop else Decision.Kind.CHANGE,
        outcome=Outcome.REFUSED if stop else Outcome.PARTLY_GRANTED,
        decided_on=today,
        decided_at=clock.now(),
        decided_by=user,
        standard_version=standard,
        standard_hash=standard.content_hash,
        applied_for=decision_facts.applied_for,
        granted=decision_facts.granted,
        legal_rules=list(decision_facts.legal_rules),
        main_considerations=decision_facts.main_considerations,
        facts=decision_facts.facts,
        findings=[],
        departures=[],
        alternatives=[{"alternative": a.alternative, "consideration": a.consideration} for a in alternatives],
        letter=letter,
    )
    if stop:
        grant_services.grant_apply_stop(user=user, grant=grant, effective_from=effective_from)
    else:
        grant_services.grant_apply_change(
            user=user,
            grant=grant,
            days_per_week=days_per_week or 0,
            day_part=day_part,
            effective_from=effective_from,
        )
    event_record(
        user=user,
        kind="decision.grant_stopped" if stop else "decision.grant_changed",
        case=case,
        after={
            "decision": str(decision.pk),
            "grant": str(grant.pk),
            "effective_from": effective_from.isoformat(),
            "notice_period": notice.describe() if reduces else None,
            "notice_reason": notice_reason.strip() if reduces and effective_from < earliest else None,
        },
    )
    return decision


def _weekly_days(days_per_week: int, day_part: str) -> float:
    """The scope as whole days a week (a half day counts a half), to tell a reduction from a raise."""
    return days_per_week * (1.0 if day_part == "full" else 0.5)
