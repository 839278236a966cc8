import datetime as dt
from decimal import Decimal

import pytest

from visitator.offers.models import Offer, Provider, RateTier, days_in_month

R = Offer.Registration
A = Offer.Approval


@pytest.mark.parametrize(
    ("registration", "approval", "active", "expected"),
    [
        (R.REGISTERED, A.APPROVED, True, True),
        (R.REGISTERED, A.NOT_UNDER_SUPERVISION, True, True),
        (R.REGISTERED, A.PENDING, True, False),
        (R.REGISTERED, A.NOT_APPROVED, True, False),
        (R.NOT_REGISTERED, A.APPROVED, True, False),
        (R.NOT_REGISTERED, A.NOT_UNDER_SUPERVISION, True, False),
        (R.REGISTERED, A.APPROVED, False, False),
    ],
)
def test_may_be_chosen_only_when_registered_and_approved_or_municipally_supervised(
    registration, approval, active, expected
):
    offer = Offer(registration=registration, approval=approval, active=active)
    assert offer.may_be_chosen is expected


def test_is_own_follows_the_provider():
    assert Offer(provider=Provider(kind=Provider.Kind.OWN)).is_own
    assert not Offer(provider=Provider(kind=Provider.Kind.EXTERNAL)).is_own


def test_part_time_percent_defaults_to_full_rate():
    tier = RateTier(amount=Decimal(600), part_time_percent={"1": 60, "3": 85})
    assert tier.percent_for(1) == 60
    assert tier.percent_for(3) == 85
    assert tier.percent_for(5) == 100


@pytest.mark.parametrize(
    ("day", "days"),
    [
        (dt.date(2026, 1, 15), 31),
        (dt.date(2026, 2, 1), 28),
        (dt.date(2028, 2, 29), 29),
        (dt.date(2026, 4, 30), 30),
        (dt.date(2026, 12, 31), 31),
    ],
)
def test_days_in_month(day, days):
    assert days_in_month(day) == days


@pytest.mark.django_db
def test_the_same_tilbudsid_is_allowed_in_two_municipalities(create_offer, other_municipality):
    create_offer("A", tilbudsid=4101)
    create_offer("B", tilbudsid=4101, municipality_=other_municipality)
    assert Offer.objects.filter(tilbudsid=4101).count() == 2


@pytest.mark.django_db
def test_the_same_tilbudsid_without_department_is_refused_for_one_provider(create_offer):
    from django.db import IntegrityError, transaction

    create_offer("A", tilbudsid=4101)
    with pytest.raises(IntegrityError, match="(?i)unique constraint"), transaction.atomic():
        create_offer("B", tilbudsid=4101)
