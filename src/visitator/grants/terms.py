"""The terms of a grant as the caseworker sets them on the decision page, and their checks."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from visitator.cases.models import Case
from visitator.ffb import selectors as ffb
from visitator.offers.models import Offer, OptionalItem
from visitator.standards.schema import QualityStandard

from .models import DayPart, Grant, Transport, Weekday, default_weekdays

SCHEMA_DAY_PART: dict[str, str] = {DayPart.FULL: "full_day", DayPart.HALF: "half_day"}


@dataclass(frozen=True)
class GoalTerms:
    goal_type: str
    description: str
    target_date: dt.date


@dataclass(frozen=True)
class GrantTerms:
    offer: Offer
    start_date: dt.date
    days_per_week: int
    day_part: str
    goals: tuple[GoalTerms, ...]
    transport_mode: str
    handleplan_answer: str
    offer_reason: str = ""
    scope_reason: str = ""
    transport_reason: str = ""
    expected_start: dt.date | None = None
    optional_items: tuple[OptionalItem, ...] = field(default_factory=tuple)
    #: The weekdays the citizen comes (1 = mandag); none chosen means the first `days_per_week` days.
    weekdays: tuple[int, ...] = ()

    @property
    def granted_weekdays(self) -> list[int]:
        return sorted(self.weekdays) if self.weekdays else default_weekdays(self.days_per_week)


def weekdays_count_message(days_per_week: int) -> str:
    return _("Vælg %(days)d ugedage (mandag-fredag), lige så mange som dage om ugen.") % {
        "days": days_per_week
    }


def transport_basis(case: Case) -> str:
    """BEK 483/2011: transport is a right for target group 1; for target group 2 alone it is the
    municipality's choice."""
    return Transport.Basis.STATUTORY if case.target_group_reduced_function else Transport.Basis.DISCRETIONARY


def support_level_display(case: Case) -> str:
    assessment = getattr(case, "assessment", None)
    if assessment is None or not assessment.support_level:
        return ""
    try:
        return ffb.concept(assessment.support_level).display
    except ffb.UnknownConcept:
        return ""


def scope_warning(case: Case, spec: QualityStandard, days_per_week: int) -> str:
    """A scope that cannot be squared with the assessed level needs a written reason (the standard:
    "i det omfang det vurderes at modsvare dit funktionsniveau og behov").

    The quality standards have no table of days per support level (Vesthimmerland's names none), so
    the system asks for the reason whenever the udredning has no support level to compare with, and
    otherwise shows the level beside the scope for the caseworker to judge.
    """
    if not support_level_display(case):
        return _(
            "Støttebehovsniveauet er ikke vurderet i udredningen, så omfanget kan ikke sammenholdes med "
            "borgerens funktionsniveau. Skriv hvorfor %(days)d dage om ugen modsvarer borgerens behov."
        ) % {"days": days_per_week}
    return ""


def terms_problems(
    case: Case, spec: QualityStandard, terms: GrantTerms, *, today: dt.date
) -> dict[str, list[str]]:
    """Everything wrong with the terms, by form field. Empty means they can be granted."""
    from visitator.offers.policy import NoRateInForce, offer_check, rate_in_force

    problems: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        problems.setdefault(name, []).append(message)

    for problem in offer_check(offer=terms.offer, spec=spec, reason=terms.offer_reason):
        add("offer_reason" if problem.overridable else "offer", problem.message)
    if terms.offer.provider.municipality_id != case.municipality_id:
        add("offer", _("Tilbuddet hører ikke til kommunens forsyning."))
    try:
        rate_in_force(terms.offer, terms.start_date)
    except NoRateInForce:
        add("offer", _("Tilbuddet har ingen takst, der gælder på startdatoen. Kontakt administratoren."))
    if terms.start_date < today:
        add("start_date", _("Startdatoen kan ikke ligge før i dag."))
    if not 1 <= terms.days_per_week <= 5:
        add("days_per_week", _("Vælg mellem 1 og 5 dage om ugen."))
    elif terms.weekdays and (
        len(set(terms.weekdays)) != terms.days_per_week or not set(terms.weekdays) <= set(Weekday.values)
    ):
        add("weekdays", weekdays_count_message(terms.days_per_week))
    if terms.day_part not in SCHEMA_DAY_PART or SCHEMA_DAY_PART[terms.day_part] not in {
        str(part) for part in spec.scope.day_parts
    }:
        add("day_part", _("Kvalitetsstandarden giver ikke mulighed for den dagslængde."))
    warning = scope_warning(case, spec, terms.days_per_week)
    if warning and not terms.scope_reason.strip():
        add("scope_reason", warning)
    goal_types = {t.code for t in ffb.goal_types()}
    if spec.content.goals_required and not terms.goals:
        add(
            "goals",
            _("Kvalitetsstandarden kræver, at der fastsættes mål for borgerens udbytte af tilbuddet."),
        )
    for goal in terms.goals:
        if goal.goal_type not in goal_types:
            add("goals", _("Vælg en måltype fra FFB (udvikle, fastholde, begrænse tab af funktionsevne)."))
        if not goal.description.strip():
            add("goals", _("Beskriv målet, så det kan måles."))
        if goal.target_date <= terms.start_date:
            add("goals", _("Et mål skal forventes nået efter startdatoen."))
    if terms.transport_mode not in Transport.Mode.values:
        add("transport_mode", _("Vælg kørsel."))
    elif (
        terms.transport_mode == Transport.Mode.TAXI
        and not spec.transport.individual_taxi.allowed
        and not terms.transport_reason.strip()
    ):
        add(
            "transport_reason",
            _("%(text)s Skriv hvorfor borgeren alligevel skal have taxa (afvigelse fra standarden).")
            % {"text": spec.transport.individual_taxi.text},
        )
    if terms.handleplan_answer not in Grant.HandleplanAnswer.values:
        add(
            "handleplan_answer", _("Angiv borgerens svar på tilbuddet om en handleplan (serviceloven § 141).")
        )
    if terms.optional_items and not spec.costs.optional_paid_items_allowed:
        add("optional_items", _("Kvalitetsstandarden giver ikke mulighed for tilvalg mod betaling."))
    if any(item.offer_id != terms.offer.id for item in terms.optional_items):
        add("optional_items", _("Tilvalg skal høre til det valgte tilbud."))
    return problems
