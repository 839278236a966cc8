"""Writes on grants. The grant is created with its decision (decisions.services.decision_make); the
order to the provider and the transport order follow when there is a place, else the grant waits
with a position. Lack of places never turns into a refusal."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from visitator.assessment.models import Departure
from visitator.audit.models import AccessAction
from visitator.audit.services import access_log, event_record
from visitator.cases import services as case_services
from visitator.cases.lifecycle import Status
from visitator.cases.models import Case
from visitator.core import clock
from visitator.decisions.models import Decision
from visitator.ffb import selectors as ffb
from visitator.organisation.roles import PROVIDER, WRITE_CASES, has_role, require_role_in
from visitator.standards.models import StandardVersion

from .models import (
    Attendance,
    ChosenItem,
    FollowUp,
    Goal,
    GoalProgress,
    Grant,
    Order,
    OrderAcceptance,
    ProviderMembership,
    Transport,
    TransportOrder,
)
from .terms import GrantTerms, scope_warning, terms_problems, transport_basis


def waiting_position(grant: Grant) -> int:
    """1 for the first on the offer's waiting list."""
    return (
        Grant.objects.filter(
            offer=grant.offer, status=Grant.Status.WAITING, created_at__lt=grant.created_at
        ).count()
        + 1
    )


def _address(case: Case) -> str:
    citizen = case.citizen
    return ", ".join(p for p in [citizen.address_line, f"{citizen.postcode} {citizen.city}".strip()] if p)


def _offer_address(grant: Grant) -> str:
    offer = grant.offer
    return ", ".join(
        p for p in [offer.name, offer.address_line, f"{offer.postcode} {offer.city}".strip()] if p
    )


@dataclass(frozen=True)
class GrantDeparture:
    """A departure from the standard that the grant's terms make, with the caseworker's reason."""

    subject: str
    text: str
    reason: str


def grant_departures(*, case: Case, spec: Any, terms: GrantTerms) -> list[GrantDeparture]:
    """The departures from the standard these terms make (an offer outside the municipality's own, a
    taxi where the standard's service level grants none, a scope the udredning cannot support): the
    decision records them and its letter states them with their reasons."""
    found: list[GrantDeparture] = []
    if terms.offer_reason.strip() and not terms.offer.is_own:
        found.append(GrantDeparture("provider", spec.provider.text, terms.offer_reason.strip()))
    if terms.transport_mode == Transport.Mode.TAXI and not spec.transport.individual_taxi.allowed:
        found.append(
            GrantDeparture(
                "transport.individual_taxi",
                spec.transport.individual_taxi.text,
                terms.transport_reason.strip(),
            )
        )
    if terms.scope_reason.strip() and scope_warning(case, spec, terms.days_per_week):
        found.append(GrantDeparture("scope", spec.scope.text, terms.scope_reason.strip()))
    return found


def _departure(user: User, case: Case, subject: str, text: str, reason: str) -> None:
    Departure.objects.create(
        case=case, subject=subject, subject_text=text, reason=reason.strip(), at=clock.now(), by=user
    )
    event_record(user=user, kind="assessment.departure_recorded", case=case, after={"subject": subject})


def _place_order(user: User, grant: Grant) -> None:
    Order.objects.create(grant=grant, offer=grant.offer, ordered_at=clock.now(), ordered_by=user)
    transport = grant.transport
    if transport.mode != Transport.Mode.NONE:
        TransportOrder.objects.create(
            grant=grant,
            mode=transport.mode,
            from_address=transport.from_address,
            to_address=transport.to_address,
            weekdays=transport.weekdays,
            start_date=grant.start_date,
            ordered_at=clock.now(),
            ordered_by=user,
        )
    event_record(
        user=user,
        kind="grant.ordered",
        case=grant.case,
        after={"grant": str(grant.pk), "offer": str(grant.offer_id)},
    )


def check_terms(*, case: Case, standard: StandardVersion, terms: GrantTerms) -> None:
    problems = terms_problems(case, standard.spec, terms, today=clock.today())
    if problems:
        raise ValidationError(problems)


@transaction.atomic
def grant_create(
    *, user: User, case: Case, decision: Decision, standard: StandardVersion, terms: GrantTerms
) -> Grant:
    """Create the grant a decision made; order it when the offer has a free place, else put it on the
    waiting list. Called by decisions.services.decision_make inside its transaction."""
    from visitator.offers.policy import free_places, monthly_cost

    require_role_in(user, case.municipality_id, *WRITE_CASES)
    check_terms(case=case, standard=standard, terms=terms)
    spec = standard.spec
    waiting = free_places(terms.offer) <= 0
    if waiting and terms.expected_start is None:
        raise ValidationError(
            {
                "expected_start": _(
                    "Tilbuddet har ingen ledig plads. Angiv hvornår borgeren kan forvente at starte."
                )
            }
        )
    now = clock.now()
    grant = Grant.objects.create(
        case=case,
        unit_id=case.unit_id,
        decision=decision,
        offer=terms.offer,
        offer_reason=terms.offer_reason.strip(),
        status=Grant.Status.WAITING if waiting else Grant.Status.ORDERED,
        start_date=terms.start_date,
        expected_start=terms.expected_start if waiting else None,
        days_per_week=terms.days_per_week,
        day_part=terms.day_part,
        purpose=spec.purpose.text,
        content=spec.content.text,
        monthly_cost=monthly_cost(
            offer=terms.offer, on=terms.start_date, days_per_week=terms.days_per_week, day_part=terms.day_part
        ),
        handleplan_offered_on=clock.today(),
        handleplan_answer=terms.handleplan_answer,
        next_follow_up_on=spec.next_follow_up(
            terms.expected_start if waiting and terms.expected_start else terms.start_date
        ),
        created_at=now,
        created_by=user,
        updated_at=now,
    )
    types = {t.code: t.display for t in ffb.goal_types()}
    for goal in terms.goals:
        Goal.objects.create(
            grant=grant,
            goal_type=goal.goal_type,
            goal_type_display=types[goal.goal_type],
            description=goal.description.strip(),
            target_date=goal.target_date,
        )
    Transport.objects.create(
        grant=grant,
        mode=terms.transport_mode,
        basis=transport_basis(case),
        from_address=_address(case),
        to_address=_offer_address(grant),
        weekdays=list(range(1, terms.days_per_week + 1)),
    )
    for item in terms.optional_items:
        ChosenItem.objects.create(grant=grant, item=item, price=item.price, chosen_on=clock.today())
    for departure in grant_departures(case=case, spec=spec, terms=terms):
        _departure(user, case, departure.subject, departure.text, departure.reason)
    access_log(user=user, action=AccessAction.CREATE, what="sag: bevilling", case=case)
    event_record(
        user=user,
        kind="grant.created",
        case=case,
        after={
            "grant": str(grant.pk),
            "offer": str(terms.offer.pk),
            "status": grant.status,
            "scope": grant.scope_text,
            "monthly_cost": str(grant.monthly_cost),
            "next_follow_up_on": grant.next_follow_up_on.isoformat(),
        },
    )
    if not waiting:
        _place_order(user, grant)
    return grant


@transaction.atomic
def grant_assign_place(*, user: User, grant: Grant, start_date: dt.date) -> Grant:
    """A place has become free: order the waiting grant."""
    from visitator.offers.policy import free_places

    require_role_in(user, grant.case.municipality_id, *WRITE_CASES)
    grant = Grant.objects.select_for_update().select_related("case", "offer").get(pk=grant.pk)
    if grant.status != Grant.Status.WAITING:
        raise ValidationError(_("Bevillingen står ikke på venteliste."))
    if free_places(grant.offer) <= 0:
        raise ValidationError(_("Der er stadig ingen ledig plads i tilbuddet."))
    if start_date < clock.today():
        raise ValidationError({"start_date": _("Startdatoen kan ikke ligge før i dag.")})
    spec = grant.decision.standard_version.spec
    grant.status, grant.start_date, grant.updated_at = Grant.Status.ORDERED, start_date, clock.now()
    grant.next_follow_up_on = spec.next_follow_up(start_date)
    grant.save()
    _place_order(user, grant)
    _activate_case(user, grant.case)
    return grant


def _activate_case(user: User, case: Case) -> None:
    if case.status == Status.DECIDED:
        case_services.case_transition(user=user, case=case, to_status=Status.ACTIVE)


def require_provider_of(user: User, grant: Grant) -> None:
    """Provider staff act only on grants ordered from their own provider's offers."""
    if not has_role(user, PROVIDER):
        raise PermissionDenied
    membership = ProviderMembership.objects.filter(user=user).select_related("provider").first()
    if membership is None or membership.provider_id != grant.offer.provider_id:
        raise PermissionDenied


@transaction.atomic
def order_accept(*, user: User, order: Order, start_date: dt.date) -> OrderAcceptance:
    """The provider accepts the order with the day the citizen starts."""
    grant = Grant.objects.select_for_update().select_related("offer", "case").get(pk=order.grant_id)
    require_provider_of(user, grant)
    if grant.status not in (Grant.Status.ORDERED, Grant.Status.ACTIVE):
        raise ValidationError(_("Bestillingen kan ikke accepteres nu."))
    if order.acceptances.exists():
        raise ValidationError(_("Bestillingen er allerede accepteret."))
    # The citizen may start earlier than planned (in the citizen's favour) or up to half a year later;
    # a provider that registers a start late may date it up to 30 days back.
    earliest, latest = clock.today() - dt.timedelta(days=30), grant.start_date + dt.timedelta(days=180)
    if not earliest <= start_date <= latest:
        raise ValidationError(
            {
                "start_date": _("Starten skal ligge mellem %(first)s og %(last)s.")
                % {"first": earliest.strftime("%d.%m.%Y"), "last": latest.strftime("%d.%m.%Y")}
            }
        )
    acceptance = OrderAcceptance.objects.create(
        order=order, start_date=start_date, accepted_at=clock.now(), accepted_by=user
    )
    grant.status, grant.start_date, grant.updated_at = Grant.Status.ACTIVE, start_date, clock.now()
    grant.save(update_fields=["status", "start_date", "updated_at"])
    access_log(
        user=user, action=AccessAction.CHANGE, what="leverandør: bestilling accepteret", case=grant.case
    )
    event_record(
        user=user, kind="grant.order_accepted", case=grant.case, after={"start_date": start_date.isoformat()}
    )
    return acceptance


@transaction.atomic
def attendance_record(*, user: User, grant: Grant, on: dt.date, present: bool) -> Attendance:
    require_provider_of(user, grant)
    if on > clock.today():
        raise ValidationError({"on": _("Fremmøde kan ikke registreres for en dag i fremtiden.")})
    if grant.status != Grant.Status.ACTIVE or on < grant.start_date:
        raise ValidationError({"on": _("Borgeren var ikke startet i tilbuddet den dag.")})
    row = Attendance.objects.create(grant=grant, on=on, present=present, at=clock.now(), by=user)
    access_log(user=user, action=AccessAction.CREATE, what="leverandør: fremmøde", case=grant.case)
    return row


@transaction.atomic
def progress_note_add(*, user: User, goal: Goal, text: str) -> GoalProgress:
    require_provider_of(user, goal.grant)
    if goal.grant.status not in (Grant.Status.ORDERED, Grant.Status.ACTIVE):
        raise ValidationError({"text": _("Bevillingen er ikke i gang.")})
    if not text.strip():
        raise ValidationError({"text": _("Skriv hvordan det går med målet.")})
    row = GoalProgress.objects.create(goal=goal, text=text.strip(), at=clock.now(), by=user, by_provider=True)
    access_log(
        user=user, action=AccessAction.CREATE, what="leverandør: fremskridt på mål", case=goal.grant.case
    )
    event_record(user=user, kind="grant.progress_noted", case=goal.grant.case, after={"goal": goal.pk})
    return row


@transaction.atomic
def follow_up_record(
    *,
    user: User,
    grant: Grant,
    done_on: dt.date,
    purpose_met: bool,
    outcome: str,
    notes: str,
    progress: dict[int, str],
) -> FollowUp:
    """SEL § 148, stk. 2. "Continue" sets the next follow-up date from the standard; change, stop and
    new visitation are recorded here and need a new decision (with hearing and letter) to take effect."""
    require_role_in(user, grant.case.municipality_id, *WRITE_CASES)
    grant = (
        Grant.objects.select_for_update()
        .select_related("case", "decision__standard_version")
        .get(pk=grant.pk)
    )
    errors: dict[str, str] = {}
    if grant.status == Grant.Status.STOPPED:
        errors["outcome"] = _("Bevillingen er ophørt.")
    if outcome not in FollowUp.Outcome.values:
        errors["outcome"] = _("Vælg resultatet af opfølgningen.")
    if outcome == FollowUp.Outcome.CONTINUE and not purpose_met:
        errors["outcome"] = _("Er formålet ikke længere opfyldt, skal indsatsen ændres eller afsluttes.")
    if not notes.strip():
        errors["notes"] = _("Skriv din vurdering af, om formålet med bevillingen fortsat er opfyldt.")
    if done_on > clock.today():
        errors["done_on"] = _("Datoen kan ikke ligge i fremtiden.")
    goals = {g.pk: g for g in grant.goals.all()}
    if set(progress) - set(goals):
        errors["progress"] = _("Et mål hører ikke til bevillingen.")
    if any(not progress.get(pk, "").strip() for pk in goals):
        errors["progress"] = _("Beskriv borgerens fremskridt for hvert mål.")
    if errors:
        raise ValidationError(errors)
    statuses = {t.display: t.code for t in ffb.effort_statuses()}
    effort = {
        FollowUp.Outcome.CONTINUE: "Træf afgørelse om fortsættelse af indsats",
        FollowUp.Outcome.CHANGE: "Træf afgørelse om fortsættelse af indsats",
        FollowUp.Outcome.STOP: "Træf afgørelse om afslutning af indsats",
        FollowUp.Outcome.NEW_VISITATION: "Træf afgørelse om afslutning af indsats og visiter til ny",
    }[FollowUp.Outcome(outcome)]
    spec = grant.decision.standard_version.spec
    next_on = spec.next_follow_up(done_on) if outcome == FollowUp.Outcome.CONTINUE else None
    follow_up = FollowUp.objects.create(
        grant=grant,
        done_on=done_on,
        purpose_met=purpose_met,
        outcome=outcome,
        effort_status=statuses.get(effort, ""),
        notes=notes.strip(),
        next_follow_up_on=next_on,
        at=clock.now(),
        by=user,
    )
    for pk, text in progress.items():
        GoalProgress.objects.create(
            goal=goals[pk], follow_up=follow_up, text=text.strip(), at=clock.now(), by=user
        )
    if next_on is not None:
        grant.next_follow_up_on, grant.updated_at = next_on, clock.now()
        grant.save(update_fields=["next_follow_up_on", "updated_at"])
    access_log(user=user, action=AccessAction.CREATE, what="sag: opfølgning", case=grant.case)
    event_record(
        user=user,
        kind="grant.followed_up",
        case=grant.case,
        after={
            "outcome": outcome,
            "purpose_met": purpose_met,
            "next_follow_up_on": str(next_on) if next_on else None,
        },
    )
    return follow_up


def grant_apply_change(
    *, user: User, grant: Grant, days_per_week: int, day_part: str, effective_from: dt.date
) -> Grant:
    """Apply a change decision to the grant (inside the decision's transaction)."""
    from visitator.offers.policy import NoRateInForce, monthly_cost

    before = {"scope": grant.scope_text, "monthly_cost": str(grant.monthly_cost)}
    grant.days_per_week, grant.day_part, grant.updated_at = days_per_week, day_part, clock.now()
    try:
        grant.monthly_cost = monthly_cost(
            offer=grant.offer, on=effective_from, days_per_week=days_per_week, day_part=day_part
        )
    except NoRateInForce as exc:
        raise ValidationError(
            {"effective_from": _("Tilbuddet har ingen takst, der gælder fra den dato.")}
        ) from exc
    grant.save()
    Transport.objects.filter(grant=grant).update(weekdays=list(range(1, days_per_week + 1)))
    event_record(
        user=user,
        kind="grant.changed",
        case=grant.case,
        before=before,
        after={
            "scope": grant.scope_text,
            "monthly_cost": str(grant.monthly_cost),
            "from": effective_from.isoformat(),
        },
    )
    return grant


def grant_apply_stop(*, user: User, grant: Grant, effective_from: dt.date) -> Grant:
    """Apply a stop decision: the grant ends on the date the decision names, the transport is
    cancelled, and the case is closed."""
    grant.status, grant.stopped_on, grant.updated_at = Grant.Status.STOPPED, effective_from, clock.now()
    grant.save()
    for order in grant.transport_orders.filter(cancelled=False):
        TransportOrder.objects.create(
            grant=grant,
            mode=order.mode,
            from_address=order.from_address,
            to_address=order.to_address,
            weekdays=order.weekdays,
            start_date=effective_from,
            ordered_at=clock.now(),
            ordered_by=user,
            cancelled=True,
        )
    event_record(
        user=user, kind="grant.stopped", case=grant.case, after={"stopped_on": effective_from.isoformat()}
    )
    case = grant.case
    if case.status == Status.DECIDED:
        case = case_services.case_transition(user=user, case=case, to_status=Status.ACTIVE)
    if (
        case.status == Status.ACTIVE
        and not Grant.objects.filter(case=case).exclude(status=Grant.Status.STOPPED).exists()
    ):
        case_services.case_transition(
            user=user, case=case, to_status=Status.CLOSED, reason=_("Hjælpen er ophørt.")
        )
    return grant
