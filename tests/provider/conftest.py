"""A provider (leverandør) with an offer, its staff member, and grants ordered to the offer, made the
way production makes them: assessment, then decision_make with grant terms."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.contrib.auth.models import User

from visitator.assessment import services as assessment
from visitator.cases.models import Case
from visitator.core import clock
from visitator.decisions.services import decision_make
from visitator.ffb import selectors as ffb
from visitator.grants.models import Grant, ProviderMembership
from visitator.grants.terms import GoalTerms, GrantTerms
from visitator.offers.models import Offer, Provider, RateTier
from visitator.organisation.models import Municipality
from visitator.organisation.roles import PROVIDER

PROVIDER_ROLE = PROVIDER


def new_provider_offer(municipality: Municipality, name: str, places: int = 10) -> Offer:
    provider = Provider.objects.create(municipality=municipality, name=name, kind=Provider.Kind.OWN)
    offer = Offer.objects.create(
        provider=provider,
        name=f"{name}: værkstedet",
        paragraphs=["SEL § 104"],
        address_line="Værkstedsvej 1",
        postcode="9600",
        city="Aars",
        places=places,
        registration=Offer.Registration.REGISTERED,
        approval=Offer.Approval.NOT_UNDER_SUPERVISION,
        verified_on=clock.today(),
        rate_unit=Offer.RateUnit.CALENDAR_DAY,
    )
    RateTier.objects.create(offer=offer, name="Niveau 1", amount=Decimal(500), valid_from=dt.date(2024, 1, 1))
    return offer


@pytest.fixture
def make_provider_offer(db) -> Callable[..., Offer]:
    """An offer of a new provider of its own (`make_provider_offer(municipality, name, places=10)`)."""
    return new_provider_offer


@pytest.fixture
def offer(municipality) -> Offer:
    return new_provider_offer(municipality, "Aktivitetshuset")


@pytest.fixture
def other_offer(municipality) -> Offer:
    return new_provider_offer(municipality, "Samværshuset")


@pytest.fixture
def provider_user(make_user, offer) -> User:
    user = make_user(PROVIDER_ROLE, None, "lene")
    ProviderMembership.objects.create(user=user, provider=offer.provider)
    return user


@pytest.fixture
def other_provider_user(make_user, other_offer) -> User:
    user = make_user(PROVIDER_ROLE, None, "ole")
    ProviderMembership.objects.create(user=user, provider=other_offer.provider)
    return user


def _assess(case: Case, user: User) -> None:
    assessment.criterion_judge(
        user=user, case=case, rule_id="reduced_function", judgement="met", reason="Udviklingshæmning."
    )
    assessment.criterion_judge(
        user=user, case=case, rule_id="social_problems", judgement="not_met", reason="Ingen særlige."
    )
    assessment.criterion_judge(
        user=user,
        case=case,
        rule_id="other_activities_cover_need",
        judgement="does_not_apply",
        reason="Kan ikke deltage uden støtte.",
    )


@pytest.fixture
def make_grant(make_case, make_citizen, caseworker) -> Callable[..., Grant]:
    """A grant to `offer` for a new citizen: ordered, or on the waiting list when the offer is full."""

    def factory(
        offer: Offer,
        first_name: str = "Anna",
        waiting: bool = False,
        weekdays: tuple[int, ...] = (),
        **citizen: str,
    ) -> Grant:
        case = make_case(citizen=make_citizen(first_name=first_name, **citizen))
        _assess(case, caseworker)
        case.refresh_from_db()
        start = clock.today() + dt.timedelta(days=14)
        goal_type = ffb.goal_types()[0].code
        terms = GrantTerms(
            offer=offer,
            start_date=start,
            days_per_week=3,
            day_part="full",
            goals=(
                GoalTerms(
                    goal_type=goal_type,
                    description="Kan tage bussen alene til værkstedet.",
                    target_date=start + dt.timedelta(days=180),
                ),
            ),
            transport_mode="municipal",
            handleplan_answer="declined",
            scope_reason="Omfanget modsvarer borgerens behov.",
            expected_start=start + dt.timedelta(days=60) if waiting else None,
            weekdays=weekdays,
        )
        decision = decision_make(
            user=caseworker,
            case=case,
            outcome="granted",
            applied_for="Aktivitets- og samværstilbud efter serviceloven § 104",
            legal_rules=["Serviceloven § 104"],
            grant_terms=terms,
        )
        return Grant.objects.get(decision=decision)

    return factory


@pytest.fixture
def active_grant(make_grant, caseworker) -> Callable[..., Grant]:
    """A running grant: ordered on `ordered_on` (the start planned 14 days later), accepted by the
    provider the same day with `start` as the first day. Weekdays default to Monday-Wednesday."""
    from visitator.grants import services

    def factory(
        offer: Offer,
        first_name: str = "Anna",
        *,
        ordered_on: dt.date,
        start: dt.date,
        weekdays: tuple[int, ...] = (1, 2, 3),
        by: User,
    ) -> Grant:
        with clock.frozen(ordered_on):
            grant = make_grant(offer, first_name=first_name, weekdays=weekdays)
            services.order_accept(user=by, order=grant.orders.get(), start_date=start)
        grant.refresh_from_db()
        return grant

    return factory
