"""What a decision says before it is made: the decision letter composed from a draft's inputs, the
grant's terms kept as JSON on the draft, and whether a second approval is needed.

A draft (`models.DecisionDraft`) keeps the inputs, never a composed letter: the letter is composed
again whenever it is shown or sent, with today's date, the case as it is now (alternatives,
departures, findings) and the contact block, so the preview is the letter that would be sent today.
Nothing here writes to the database.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import typing
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from visitator.assessment.findings import Finding, findings_for, standard_for_decision
from visitator.assessment.models import AlternativeConsidered, Departure
from visitator.cases.lifecycle import Outcome
from visitator.cases.models import Case
from visitator.grants.terms import GoalTerms, GrantTerms
from visitator.letters.compose import DecisionFacts, LetterDraft, LetterKind, letter_compose
from visitator.offers.models import Offer, OptionalItem
from visitator.standards.models import StandardVersion

from .models import Decision, DecisionDraft

LETTER_KIND_BY_OUTCOME: dict[str, LetterKind] = {
    Outcome.GRANTED: LetterKind.GRANT,
    Outcome.PARTLY_GRANTED: LetterKind.PARTIAL_GRANT,
    Outcome.REFUSED: LetterKind.REFUSAL,
}
GRANTING = frozenset({Outcome.GRANTED, Outcome.PARTLY_GRANTED})
#: Decisions whose letter needs a begrundelse with main considerations and facts (FVL §§ 22-24).
REASONED = frozenset({Outcome.PARTLY_GRANTED, Outcome.REFUSED})

#: How a departure is named in the letter, by the subject it departs from.
DEPARTURE_SUBJECTS: dict[str, Any] = {
    "provider": gettext_lazy("Tilbud uden for kommunens egne tilbud"),
    "transport.individual_taxi": gettext_lazy("Individuel kørsel med taxa"),
    "scope": gettext_lazy("Omfang"),
}


# -- the grant's terms as JSON ---------------------------------------------------------------------


def _to_json(value: Any) -> Any:
    if isinstance(value, Offer | OptionalItem):
        return str(value.pk)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, GoalTerms):
        return {k: _to_json(v) for k, v in dataclasses.asdict(value).items()}
    if isinstance(value, tuple | list):
        return [_to_json(v) for v in value]
    return value


def terms_to_data(terms: GrantTerms) -> dict[str, Any]:
    """The terms as JSON: objects by id, dates as ISO strings. Every field of `GrantTerms` is kept,
    including fields added later (they are read back by their type)."""
    return {f.name: _to_json(getattr(terms, f.name)) for f in dataclasses.fields(terms)}


def _gone() -> ValidationError:
    return ValidationError(
        _("Tilbuddet eller et tilvalg i udkastet findes ikke længere. Ret afgørelsen, og vælg igen.")
    )


def _from_json(hint: Any, value: Any, case: Case) -> Any:
    args = typing.get_args(hint)
    if value is None:
        return None
    if hint is dt.date or dt.date in args:
        return dt.date.fromisoformat(value)
    if hint is Offer:
        try:
            return Offer.objects.select_related("provider").get(
                pk=value, provider__municipality_id=case.municipality_id
            )
        except Offer.DoesNotExist as exc:
            raise _gone() from exc
    if typing.get_origin(hint) is tuple:
        item = args[0] if args else Any
        if item is GoalTerms:
            return tuple(
                GoalTerms(g["goal_type"], g["description"], dt.date.fromisoformat(g["target_date"]))
                for g in value
            )
        if item is OptionalItem:
            items = list(
                OptionalItem.objects.filter(pk__in=value, offer__provider__municipality=case.municipality)
            )
            if len(items) != len(value):
                raise _gone()
            return tuple(items)
        return tuple(value)
    return value


def terms_from_data(data: dict[str, Any], case: Case) -> GrantTerms:
    hints = typing.get_type_hints(GrantTerms)
    values = {
        f.name: _from_json(hints[f.name], data[f.name], case)
        for f in dataclasses.fields(GrantTerms)
        if f.name in data
    }
    return GrantTerms(**values)


# -- composing the decision letter -----------------------------------------------------------------


@dataclass
class Prepared:
    """Everything a decision on an application is made on, and its letter's facts."""

    standard: StandardVersion
    facts: DecisionFacts
    findings: list[Finding]
    departures: dict[tuple[str, str], dict[str, str]]
    alternatives: list[AlternativeConsidered]
    #: The words for what is granted made from the terms (what the caseworker's own words replace).
    generated_granted: str = ""


def departure_line(departure: dict[str, str]) -> str:
    """ "Individuel kørsel med taxa. Kvalitetsstandarden siger: »…« Vi afviger, fordi: …" (Danish)."""
    subject = departure["subject"]
    name = str(DEPARTURE_SUBJECTS.get(subject, ""))
    line = _("Kvalitetsstandarden siger: »%(text)s« Vi afviger, fordi: %(reason)s") % {
        "text": " ".join(departure["text"].split()),
        "reason": departure["reason"],
    }
    return f"{name}. {line}" if name else line


def grant_letter_facts(standard: StandardVersion, terms: GrantTerms) -> dict[str, Any]:
    """What the decision letter says about the grant: offer, start, scope, goals, next follow-up, and
    the waiting list when the offer is full (lack of places is never a refusal). `granted_text` is the
    words for what is granted; `waiting_text` the waiting-list sentence that always follows them."""
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
    waiting = ""
    if free_places(terms.offer) <= 0 and terms.expected_start is not None:
        position = terms.offer.grants.filter(status="waiting").count() + 1
        waiting = _(
            "Der er ikke ledig plads i tilbuddet lige nu. Du er nr. %(position)d på ventelisten og kan "
            "forvente at starte omkring den %(date)s. Vi skriver til dig, når der er en plads."
        ) % {"position": position, "date": formats.date_format(terms.expected_start, "j. F Y")}
        start = terms.expected_start
    return {
        "granted_text": text,
        "waiting_text": waiting,
        "offer_name": terms.offer.name,
        "start_date": start,
        "scope": scope,
        "goals": tuple(f"{g.description} (forventes nået {g.target_date:%d.%m.%Y})" for g in terms.goals),
        "next_follow_up_on": spec.next_follow_up(start),
    }


def prepare_application(
    case: Case,
    *,
    today: dt.date,
    outcome: str,
    applied_for: str,
    legal_rules: list[str],
    main_considerations: str = "",
    facts: str = "",
    granted: str = "",
    grant_terms: GrantTerms | None = None,
) -> Prepared:
    """The facts of a decision on an application made today, as the letter states them."""
    from visitator.grants import services as grant_services

    standard = standard_for_decision(case, today)
    granting = outcome in GRANTING and grant_terms is not None
    grant_facts: dict[str, Any] = {}
    generated = ""
    words = granted.strip()
    if granting:
        assert grant_terms is not None
        grant_facts = grant_letter_facts(standard, grant_terms)
        generated = grant_facts.pop("granted_text")
        waiting = grant_facts.pop("waiting_text")
        words = " ".join(part for part in (words or generated, waiting) if part)
    findings = findings_for(
        case, today=today, deciding=True, start_on=grant_terms.start_date if grant_terms else None
    )
    # The departures recorded on the case and those the grant's terms make, each once.
    departures: dict[tuple[str, str], dict[str, str]] = {}
    for d in Departure.objects.filter(case=case):
        departures[(d.subject, d.reason)] = {"subject": d.subject, "text": d.subject_text, "reason": d.reason}
    if granting:
        assert grant_terms is not None
        for g in grant_services.grant_departures(case=case, spec=standard.spec, terms=grant_terms):
            departures[(g.subject, g.reason)] = {"subject": g.subject, "text": g.text, "reason": g.reason}
    alternatives = list(AlternativeConsidered.objects.filter(case=case))
    decision_facts = DecisionFacts(
        applied_for=applied_for.strip(),
        granted=words if outcome in GRANTING else "",
        legal_rules=tuple(r.strip() for r in legal_rules if r.strip()),
        main_considerations=main_considerations.strip(),
        facts=facts.strip(),
        departures=tuple(departure_line(d) for d in departures.values()),
        alternatives=tuple(f"{a.get_alternative_display()}: {a.consideration}" for a in alternatives),
        taxi_granted=bool(granting and grant_terms and grant_terms.transport_mode == "taxi"),
        **grant_facts,
    )
    return Prepared(
        standard=standard,
        facts=decision_facts,
        findings=findings,
        departures=departures,
        alternatives=alternatives,
        generated_granted=generated,
    )


@dataclass
class PreparedChange:
    """Everything a decision to change or stop a running grant is made on, and its letter's facts."""

    standard: StandardVersion
    facts: DecisionFacts
    alternatives: list[AlternativeConsidered]
    reduces: bool
    #: The first day the change may take effect without a reason (the standard's notice, varsel).
    earliest: dt.date
    notice_period: str
    generated_granted: str = ""


def weekly_days(days_per_week: int, day_part: str) -> float:
    """The scope as whole days a week (a half day counts a half), to tell a reduction from a raise."""
    return days_per_week * (1.0 if day_part == "full" else 0.5)


def prepare_change(
    grant: Any,
    *,
    today: dt.date,
    stop: bool,
    effective_from: dt.date,
    legal_rules: list[str],
    main_considerations: str,
    facts: str,
    days_per_week: int | None = None,
    day_part: str = "",
    notice_reason: str = "",
    granted: str = "",
) -> PreparedChange:
    from visitator.grants.models import scope_text

    case = grant.case
    standard = (
        standard_for_decision(case, today) if case.awaiting_decision else grant.decision.standard_version
    )
    spec = standard.spec
    reduces = stop or weekly_days(days_per_week or 0, day_part) < weekly_days(
        grant.days_per_week, grant.day_part
    )
    notice = spec.deadlines.notice_for_reduction
    earliest = notice.deadline_from(today)
    alternatives = list(AlternativeConsidered.objects.filter(case=case))
    generated = ""
    if not stop and days_per_week:
        new_scope = scope_text(days_per_week, day_part)
        generated = _("%(scope)s fra den %(date)s.") % {
            "scope": new_scope[:1].upper() + new_scope[1:],
            "date": formats.date_format(effective_from, "j. F Y"),
        }
    decision_facts = DecisionFacts(
        applied_for=_("%(title)s i %(offer)s, %(scope)s (din nuværende bevilling)")
        % {"title": spec.service.title, "offer": grant.offer.name, "scope": grant.scope_text},
        granted="" if stop else (granted.strip() or generated),
        legal_rules=tuple(r.strip() for r in legal_rules if r.strip()),
        main_considerations=main_considerations.strip(),
        facts=facts.strip(),
        alternatives=tuple(f"{a.get_alternative_display()}: {a.consideration}" for a in alternatives),
        effective_from=effective_from,
        notice_period=notice.describe() if reduces else "",
        notice_reason=notice_reason.strip() if reduces and effective_from < earliest else "",
    )
    return PreparedChange(
        standard=standard,
        facts=decision_facts,
        alternatives=alternatives,
        reduces=reduces,
        earliest=earliest,
        notice_period=notice.describe(),
        generated_granted=generated,
    )


def change_terms(draft: DecisionDraft) -> dict[str, Any]:
    """A change or stop draft's terms, read back (dates as dates)."""
    data = dict(draft.terms)
    data["effective_from"] = dt.date.fromisoformat(data["effective_from"])
    return data


def prepare_draft(draft: DecisionDraft, *, today: dt.date) -> Prepared | PreparedChange:
    """The facts of the decision `draft` would make if sent today."""
    if draft.kind == Decision.Kind.APPLICATION:
        terms = terms_from_data(draft.terms, draft.case) if draft.terms else None
        return prepare_application(
            draft.case,
            today=today,
            outcome=draft.outcome,
            applied_for=draft.applied_for,
            legal_rules=list(draft.legal_rules),
            main_considerations=draft.main_considerations,
            facts=draft.facts,
            granted=draft.granted,
            grant_terms=terms if draft.outcome in GRANTING else None,
        )
    assert draft.grant is not None
    data = change_terms(draft)
    return prepare_change(
        draft.grant,
        today=today,
        stop=draft.kind == Decision.Kind.STOP,
        effective_from=data["effective_from"],
        days_per_week=data.get("days_per_week"),
        day_part=data.get("day_part", ""),
        notice_reason=data.get("notice_reason", ""),
        legal_rules=list(draft.legal_rules),
        main_considerations=draft.main_considerations,
        facts=draft.facts,
        granted=draft.granted,
    )


def letter_kind(draft: DecisionDraft) -> LetterKind:
    if draft.kind == Decision.Kind.STOP:
        return LetterKind.STOP
    if draft.kind == Decision.Kind.CHANGE:
        return LetterKind.CHANGE
    return LETTER_KIND_BY_OUTCOME[draft.outcome]


def draft_letter(draft: DecisionDraft, *, today: dt.date) -> tuple[LetterDraft, Prepared | PreparedChange]:
    """The letter `draft` would send today, and the facts it was composed from."""
    prepared = prepare_draft(draft, today=today)
    letter = letter_compose(
        kind=letter_kind(draft), case=draft.case, decision=prepared.facts, letter_date=today
    )
    return letter, prepared


# -- second approval (four eyes) ---------------------------------------------------------------------

#: The standard's name (`approval.required_for`) for each kind of decision.
APPROVAL_KIND_BY_OUTCOME: dict[str, str] = {
    Outcome.GRANTED: "grant",
    Outcome.PARTLY_GRANTED: "partial_grant",
    Outcome.REFUSED: "refusal",
}


def approval_kind(draft: DecisionDraft) -> str:
    if draft.kind == Decision.Kind.APPLICATION:
        return APPROVAL_KIND_BY_OUTCOME[draft.outcome]
    return "stop" if draft.kind == Decision.Kind.STOP else "change"


#: Where a second approval is required from: the quality standard, the municipality's own setting.
APPROVAL_BY_STANDARD = "standard"
APPROVAL_BY_MUNICIPALITY = "municipality"


def approval_sources(draft: DecisionDraft, *, today: dt.date) -> list[str]:
    """Who requires a second approval of this kind of decision: the standard the decision is made under
    (`approval.required_for`), the municipality's own setting (`Municipality.second_approval_for`), both
    or neither. Either is enough (OR)."""
    case = draft.case
    if draft.kind == Decision.Kind.APPLICATION or draft.grant is None:
        standard = standard_for_decision(case, today)
    else:
        standard = (
            standard_for_decision(case, today)
            if case.awaiting_decision
            else draft.grant.decision.standard_version
        )
    kind = approval_kind(draft)
    sources = []
    if standard.spec.approval_required_for(kind):
        sources.append(APPROVAL_BY_STANDARD)
    if case.municipality.requires_second_approval(kind):
        sources.append(APPROVAL_BY_MUNICIPALITY)
    return sources


def approval_required(draft: DecisionDraft, *, today: dt.date) -> bool:
    """The standard or the municipality's setting requires a second approval of this kind of decision."""
    return bool(approval_sources(draft, today=today))


def finding_data(finding: Finding) -> dict[str, Any]:
    return {
        "rule": finding.rule_id,
        "kind": finding.kind,
        "status": finding.status,
        "explanation": finding.explanation,
        "citation": finding.citation,
    }
