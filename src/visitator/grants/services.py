"""Writes on grants. The grant is created with its decision (decisions.services.decision_make); the
order to the provider and the transport order follow when there is a place, else the grant waits
with a position. Lack of places never turns into a refusal."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
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
from visitator.offers.models import Offer, Provider
from visitator.organisation.roles import (
    PROVIDER,
    TRANSPORT_OFFICE,
    WRITE_CASES,
    find_membership,
    has_role,
    require_role,
    require_role_in,
)
from visitator.standards.models import StandardVersion

from . import attendance as rules
from .models import (
    Attendance,
    AttendanceWeek,
    ChosenItem,
    DayPart,
    FollowUp,
    Goal,
    GoalProgress,
    Grant,
    Order,
    OrderAcceptance,
    ProviderMembership,
    Transport,
    TransportOrder,
    TransportOrderAcknowledgement,
    Weekday,
)
from .terms import GrantTerms, scope_warning, terms_problems, transport_basis, weekdays_count_message


class StaleVersion(ValidationError):
    """Someone else saved the record after the form was shown: nothing was saved. `current` is the
    version now in force, for the form that keeps what the user typed."""

    def __init__(self, message: str, *, current: int) -> None:
        super().__init__(message)
        self.current = current


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


def default_times(offer: Offer, day_part: str) -> tuple[dt.time | None, dt.time | None]:
    """The transport's times from the offer's opening hours: there when it opens, home when it
    closes; for half days, home halfway through the day (to the quarter hour)."""
    opens, closes = offer.opens_at, offer.closes_at
    if opens is None or closes is None or closes <= opens:
        return opens, closes
    if day_part == DayPart.HALF:
        start = dt.datetime.combine(dt.date.min, opens)
        half = (dt.datetime.combine(dt.date.min, closes) - start) / 2
        quarters = round(half / dt.timedelta(minutes=15))
        return opens, (start + quarters * dt.timedelta(minutes=15)).time()
    return opens, closes


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


#: The fields of a transport order that come from the grant's transport.
TRANSPORT_ORDER_FIELDS = (
    "mode",
    "from_address",
    "to_address",
    "weekdays",
    "arrive_by",
    "home_at",
    "mobility_aids",
    "mobility_other",
    "contact_phone",
)


def current_transport_order(grant: Grant) -> TransportOrder | None:
    """The order in force at the transport office: the grant's latest row."""
    return TransportOrder.objects.filter(grant=grant).order_by("-ordered_at", "-id").first()


def _transport_order(
    user: User, grant: Grant, *, start_date: dt.date, cause: str, cancelled: bool = False
) -> TransportOrder | None:
    """A new row at the transport office from the grant's transport as it is now; none when no
    transport is granted."""
    transport = Transport.objects.get(grant=grant)
    if transport.mode == Transport.Mode.NONE and not cancelled:
        return None
    return TransportOrder.objects.create(
        grant=grant,
        **{name: getattr(transport, name) for name in TRANSPORT_ORDER_FIELDS},
        start_date=start_date,
        cause=cause,
        cancelled=cancelled,
        ordered_at=clock.now(),
        ordered_by=user,
    )


def _place_order(user: User, grant: Grant) -> None:
    Order.objects.create(grant=grant, offer=grant.offer, ordered_at=clock.now(), ordered_by=user)
    _transport_order(user, grant, start_date=grant.start_date, cause=TransportOrder.Cause.NEW)
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
        weekdays=terms.granted_weekdays,
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
    arrive_by, home_at = default_times(terms.offer, terms.day_part)
    Transport.objects.create(
        grant=grant,
        mode=terms.transport_mode,
        basis=transport_basis(case),
        from_address=_address(case),
        to_address=_offer_address(grant),
        weekdays=terms.granted_weekdays,
        arrive_by=arrive_by,
        home_at=home_at,
        contact_phone=case.citizen.phone,
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
    planned = grant.start_date
    grant.status, grant.start_date, grant.updated_at = Grant.Status.ACTIVE, start_date, clock.now()
    grant.save(update_fields=["status", "start_date", "updated_at"])
    # Another start than planned: the transport office gets the order again with the new date.
    transport_order = current_transport_order(grant)
    if start_date != planned and transport_order is not None and not transport_order.cancelled:
        _transport_order(user, grant, start_date=start_date, cause=TransportOrder.Cause.START_CHANGED)
    access_log(
        user=user, action=AccessAction.CHANGE, what="leverandør: bestilling accepteret", case=grant.case
    )
    event_record(
        user=user,
        kind="grant.order_accepted",
        case=grant.case,
        before={"start_date": planned.isoformat()},
        after={"start_date": start_date.isoformat()},
    )
    return acceptance


def provider_for(user: User) -> Provider:
    """The provider the user works for; PermissionDenied unless the user is provider staff."""
    if not has_role(user, PROVIDER):
        raise PermissionDenied
    membership = ProviderMembership.objects.select_related("provider").filter(user=user).first()
    if membership is None:
        raise PermissionDenied
    return membership.provider


def attendance_week_grants(provider: Provider, monday: dt.date) -> list[Grant]:
    """The grants in the provider's grid for the week: running, or stopped during or after the week
    (the citizen comes until the stop takes effect), and started by the Friday."""
    friday = monday + dt.timedelta(days=4)
    running = Q(status=Grant.Status.ACTIVE)
    stopping = Q(status=Grant.Status.STOPPED, stopped_on__gt=monday, orders__acceptances__isnull=False)
    return list(
        Grant.objects.filter(running | stopping, offer__provider=provider, start_date__lte=friday)
        .select_related("case__citizen", "offer")
        # The citizen's name, never the CPR column: the grid is shown to provider staff.
        .only(
            "id",
            "status",
            "start_date",
            "stopped_on",
            "weekdays",
            "days_per_week",
            "case__id",
            "case__municipality_id",
            "case__citizen__id",
            "case__citizen__first_name",
            "case__citizen__last_name",
            "offer__id",
            "offer__name",
            "offer__provider_id",
        )
        .distinct()
        .order_by("offer__name", "case__citizen__first_name", "case__citizen__last_name", "id")
    )


def attendance_in_week(grants: list[Grant], monday: dt.date) -> dict[tuple[uuid.UUID, dt.date], Attendance]:
    """The attendance in force for each (grant, day) of the week: the latest row for a day counts."""
    rows = Attendance.objects.filter(
        grant__in=grants, on__gte=monday, on__lte=monday + dt.timedelta(days=4)
    ).order_by("on", "at", "id")
    return {(row.grant_id, row.on): row for row in rows}


#: (status, reason) of one cell; ("", "") is "not recorded".
Cell = tuple[str, str]


@dataclass(frozen=True)
class WeekSaved:
    changed: int
    version: int


@transaction.atomic
def attendance_week_save(
    *, user: User, week_start: dt.date, version: int, cells: Mapping[tuple[uuid.UUID, dt.date], Cell]
) -> WeekSaved:
    """Save the provider's attendance grid for one week in one go.

    `cells` holds the grid as the user left it, (grant id, day) -> (status, reason). Only cells that
    differ from what is recorded are written (a new row; the latest counts). `version` is the grid's
    version when it was shown: if someone saved the week since, nothing is saved (StaleVersion),
    unless the input equals what is saved now (a double submit).
    """
    provider = provider_for(user)
    if week_start.isoweekday() != 1:
        raise ValidationError(_("Ugen skal begynde en mandag."))
    week, _created = AttendanceWeek.objects.get_or_create(provider=provider, week_start=week_start)
    week = AttendanceWeek.objects.select_for_update().get(pk=week.pk)
    today = clock.today()
    grants = {g.id: g for g in attendance_week_grants(provider, week_start)}
    current = attendance_in_week(list(grants.values()), week_start)
    errors: dict[str, list[str]] = {}
    changes: list[tuple[Grant, dt.date, str, str]] = []
    for (grant_id, day), (status, reason) in cells.items():
        grant = grants.get(grant_id)
        if grant is None or rules.week_start_of(day) != week_start or not rules.day_open(grant, day, today):
            raise PermissionDenied  # not a cell of this provider's grid: the form never offers it
        name = rules.cell_name(grant_id, day, "s")
        recorded = current.get((grant_id, day))
        if status not in Attendance.Status.values:
            if status or recorded is not None:
                errors.setdefault(name, []).append(
                    _("Et registreret fremmøde kan rettes, men ikke slettes.")
                    if recorded is not None
                    else _("Vælg mødt, afbud, udeblevet eller lukket.")
                )
            continue
        if status in Attendance.ABSENT:
            if reason not in Attendance.Reason.values:
                errors.setdefault(rules.cell_name(grant_id, day, "r"), []).append(
                    _("Vælg en årsag til afbud eller udeblivelse.")
                )
                continue
        else:
            reason = ""
        if recorded is None or (recorded.status, recorded.reason) != (status, reason):
            changes.append((grant, day, status, reason))
    if errors:
        raise ValidationError(errors)
    if week.version != version:
        if not changes:
            return WeekSaved(changed=0, version=week.version)  # the same grid sent twice
        raise StaleVersion(
            _(
                "En anden har gemt fremmødet for denne uge, efter du åbnede siden. Intet er gemt. "
                "Det, du har skrevet, står her stadig, og det, der er gemt nu, står under felterne: "
                "ret det, der skal rettes, og gem igen."
            ),
            current=week.version,
        )
    if not changes:
        return WeekSaved(changed=0, version=week.version)
    now = clock.now()
    Attendance.objects.bulk_create(
        [
            Attendance(grant=grant, on=day, status=status, reason=reason, at=now, by=user)
            for grant, day, status, reason in changes
        ]
    )
    week.version, week.updated_at, week.updated_by = week.version + 1, now, user
    week.save(update_fields=["version", "updated_at", "updated_by"])
    changed_grants = {grant.id: grant for grant, *_rest in changes}
    for grant in changed_grants.values():
        access_log(user=user, action=AccessAction.CREATE, what="leverandør: fremmøde", case=grant.case)
        event_record(
            user=user,
            kind="grant.attendance_recorded",
            case=grant.case,
            after={
                "week": f"{week_start:%G-W%V}",
                "days": sorted(day.isoformat() for g, day, *_r in changes if g.id == grant.id),
            },
        )
    return WeekSaved(changed=len(changes), version=week.version)


def organisation_of(user: User) -> str:
    """Where the writer works, shown with a note: the provider, or the unit and municipality."""
    provider = ProviderMembership.objects.filter(user=user).select_related("provider").first()
    if provider is not None:
        return provider.provider.name
    membership = find_membership(user)
    if membership is None:
        return ""
    return f"{membership.unit.name}, {membership.unit.municipality.name}"


#: A second identical note within this time is a double submit, not a new note.
DOUBLE_SUBMIT_WINDOW = dt.timedelta(minutes=2)


@transaction.atomic
def progress_note_add(*, user: User, goal: Goal, text: str) -> GoalProgress:
    """The provider's note on how a goal is going; shared with the caseworker."""
    require_provider_of(user, goal.grant)
    goal = Goal.objects.select_for_update().select_related("grant__case").get(pk=goal.pk)
    if goal.grant.status not in (Grant.Status.ORDERED, Grant.Status.ACTIVE):
        raise ValidationError({"text": _("Bevillingen er ikke i gang.")})
    if not text.strip():
        raise ValidationError({"text": _("Skriv hvordan det går med målet.")})
    same = (
        GoalProgress.objects.filter(
            goal=goal, by=user, text=text.strip(), at__gte=clock.now() - DOUBLE_SUBMIT_WINDOW
        )
        .order_by("-at")
        .first()
    )
    if same is not None:
        return same  # the same note sent twice (a double click): kept once
    row = GoalProgress.objects.create(
        goal=goal,
        text=text.strip(),
        at=clock.now(),
        by=user,
        by_organisation=organisation_of(user),
        by_provider=True,
        for_provider=True,
    )
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
    for_provider: Collection[int] = (),
) -> FollowUp:
    """SEL § 148, stk. 2. "Continue" sets the next follow-up date from the standard; change, stop and
    new visitation are recorded here and need a new decision (with hearing and letter) to take effect.

    The assessment and the progress notes are internal; a progress note on a goal in `for_provider`
    is marked "til leverandøren" and shown to the provider too."""
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
    if (set(progress) | set(for_provider)) - set(goals):
        errors["progress"] = _("Et mål hører ikke til bevillingen.")
    if any(not progress.get(pk, "").strip() for pk in goals):
        errors["progress"] = _("Beskriv borgerens fremskridt for hvert mål.")
    if errors:
        raise ValidationError(errors)
    wanted = {(pk, text.strip(), pk in for_provider) for pk, text in progress.items()}
    for same in FollowUp.objects.filter(
        grant=grant,
        by=user,
        done_on=done_on,
        purpose_met=purpose_met,
        outcome=outcome,
        notes=notes.strip(),
        at__gte=clock.now() - DOUBLE_SUBMIT_WINDOW,
    ).prefetch_related("progress"):
        if {(p.goal_id, p.text, p.for_provider) for p in same.progress.all()} == wanted:
            return same  # the same follow-up sent twice (a double click): recorded once
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
    organisation = organisation_of(user)
    for pk, text in progress.items():
        GoalProgress.objects.create(
            goal=goals[pk],
            follow_up=follow_up,
            text=text.strip(),
            at=clock.now(),
            by=user,
            by_organisation=organisation,
            for_provider=pk in for_provider,
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


def adjusted_weekdays(weekdays: list[int], days_per_week: int) -> list[int]:
    """The weekdays after a change of scope: fewer days keep the first of today's days; more days add
    the earliest free weekdays."""
    days = sorted(weekdays)[:days_per_week]
    for day in Weekday.values:
        if len(days) >= days_per_week:
            break
        if day not in days:
            days.append(day)
    return sorted(days)


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
    grant.weekdays = adjusted_weekdays(grant.granted_weekdays, days_per_week)
    grant.save()
    transport = Transport.objects.get(grant=grant)
    if transport.weekdays != grant.weekdays:
        transport.weekdays, transport.version = grant.weekdays, transport.version + 1
        transport.save(update_fields=["weekdays", "version"])
        if grant.status in (Grant.Status.ORDERED, Grant.Status.ACTIVE):
            _transport_order(user, grant, start_date=effective_from, cause=TransportOrder.Cause.SCOPE_CHANGED)
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
    order = current_transport_order(grant)
    if order is not None and not order.cancelled:
        _transport_order(
            user, grant, start_date=effective_from, cause=TransportOrder.Cause.CANCELLED, cancelled=True
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


@dataclass(frozen=True)
class TransportDetails:
    """What the caseworker sets on the transport: where and when the citizen is picked up, which
    weekdays, the mobility aids the driver must know of, and whom to call."""

    from_address: str
    weekdays: tuple[int, ...]
    arrive_by: dt.time | None
    home_at: dt.time | None
    mobility_aids: tuple[str, ...]
    mobility_other: str
    contact_phone: str


def _details_of(transport: Transport) -> TransportDetails:
    return TransportDetails(
        from_address=transport.from_address,
        weekdays=tuple(sorted(transport.weekdays)),
        arrive_by=transport.arrive_by,
        home_at=transport.home_at,
        mobility_aids=tuple(sorted(transport.mobility_aids)),
        mobility_other=transport.mobility_other,
        contact_phone=transport.contact_phone,
    )


@transaction.atomic
def transport_update(*, user: User, grant: Grant, version: int, details: TransportDetails) -> bool:
    """The caseworker changes the transport's practical details. The weekdays are the grant's too
    (as many as the grant's days a week). When the grant is ordered, the transport office gets the
    changed order as a new row. Returns False when nothing changed.

    `version` is the transport's version when the form was shown; a save from an older version is
    refused (StaleVersion), unless it asks for exactly what is saved now (a double submit).
    """
    require_role_in(user, grant.case.municipality_id, *WRITE_CASES)
    grant = Grant.objects.select_for_update().select_related("case").get(pk=grant.pk)
    transport = Transport.objects.select_for_update().get(grant=grant)
    details = TransportDetails(
        from_address=details.from_address.strip(),
        weekdays=tuple(sorted(set(details.weekdays))),
        arrive_by=details.arrive_by,
        home_at=details.home_at,
        mobility_aids=tuple(sorted(set(details.mobility_aids))),
        mobility_other=details.mobility_other.strip(),
        contact_phone=details.contact_phone.strip(),
    )
    errors: dict[str, str] = {}
    if grant.status == Grant.Status.STOPPED:
        errors["from_address"] = _("Bevillingen er ophørt.")
    if transport.mode == Transport.Mode.NONE:
        errors["from_address"] = _("Der er ikke bevilget kørsel.")
    if not details.from_address:
        errors["from_address"] = _("Angiv adressen, borgeren hentes på.")
    if len(details.weekdays) != grant.days_per_week or not set(details.weekdays) <= set(Weekday.values):
        errors["weekdays"] = weekdays_count_message(grant.days_per_week)
    if details.arrive_by and details.home_at and details.home_at <= details.arrive_by:
        errors["home_at"] = _("Hjemkørslen skal ligge efter mødetiden.")
    if not set(details.mobility_aids) <= set(Transport.MobilityAid.values):
        errors["mobility_aids"] = _("Vælg hjælpemidler fra listen.")
    if errors:
        raise ValidationError(errors)
    before = _details_of(transport)
    if details == before:
        return False
    if transport.version != version:
        raise StaleVersion(
            _(
                "En anden har ændret kørslen, efter du åbnede siden. Intet er gemt. Det, du har "
                "skrevet, står her stadig; se de gemte oplysninger under Kørsel og gem igen."
            ),
            current=transport.version,
        )
    transport.from_address = details.from_address
    transport.weekdays = list(details.weekdays)
    transport.arrive_by, transport.home_at = details.arrive_by, details.home_at
    transport.mobility_aids = list(details.mobility_aids)
    transport.mobility_other, transport.contact_phone = details.mobility_other, details.contact_phone
    transport.version += 1
    transport.save()
    if grant.weekdays != list(details.weekdays):
        grant.weekdays, grant.updated_at = list(details.weekdays), clock.now()
        grant.save(update_fields=["weekdays", "updated_at"])
    current = current_transport_order(grant)
    if grant.status in (Grant.Status.ORDERED, Grant.Status.ACTIVE) and not (current and current.cancelled):
        _transport_order(
            user, grant, start_date=max(clock.today(), grant.start_date), cause=TransportOrder.Cause.CHANGED
        )
    access_log(user=user, action=AccessAction.CHANGE, what="sag: kørsel", case=grant.case)
    event_record(
        user=user,
        kind="grant.transport_changed",
        case=grant.case,
        before={"version": version},
        after={"version": transport.version, "fields": _changed_fields(before, details)},
    )
    return True


def _changed_fields(before: TransportDetails, after: TransportDetails) -> list[str]:
    return [
        name
        for name in TransportDetails.__dataclass_fields__
        if getattr(before, name) != getattr(after, name)
    ]


@transaction.atomic
def transport_order_acknowledge(*, user: User, order: TransportOrder) -> TransportOrderAcknowledgement:
    """The transport office has read this order (kvitteret). Only the order in force can be
    acknowledged; a second acknowledgement is refused with a message, never a second row."""
    membership = require_role(user, TRANSPORT_OFFICE)
    grant = Grant.objects.select_for_update().select_related("case").get(pk=order.grant_id)
    if grant.case.municipality_id != membership.unit.municipality_id:
        raise PermissionDenied
    existing = TransportOrderAcknowledgement.objects.filter(order=order).select_related("by").first()
    if existing is not None:
        raise ValidationError(
            _("Bestillingen er allerede kvitteret af %(name)s den %(date)s.")
            % {
                "name": existing.by.get_full_name() or existing.by.get_username(),
                "date": clock.local_date(existing.at).strftime("%d.%m.%Y"),
            }
        )
    current = current_transport_order(grant)
    if current is None or current.pk != order.pk:
        raise ValidationError(
            _("Bestillingen er ændret, siden siden blev vist. Se den nye udgave og kvittér for den.")
        )
    acknowledgement = TransportOrderAcknowledgement.objects.create(order=order, at=clock.now(), by=user)
    access_log(
        user=user, action=AccessAction.CHANGE, what="kørselskontor: bestilling kvitteret", case=grant.case
    )
    event_record(
        user=user,
        kind="grant.transport_order_acknowledged",
        case=grant.case,
        after={"order": order.pk, "cause": order.cause},
    )
    return acknowledgement
