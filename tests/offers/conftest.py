"""Offers for the tests: a factory, and the standard's spec."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from visitator.offers.models import Offer, Provider, RateTier

FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture
def spec(standard):
    return standard.spec


def provider_for(municipality, name: str, kind: str) -> Provider:
    provider, _ = Provider.objects.get_or_create(
        municipality=municipality, name=name, defaults={"kind": kind}
    )
    return provider


@pytest.fixture
def create_offer(municipality) -> Callable[..., Offer]:
    def factory(
        name: str = "Værkstedet (test)",
        *,
        kind: str = Provider.Kind.OWN,
        provider: str | None = None,
        municipality_=None,
        rate: Decimal | str | None = "625.00",
        rate_valid_from: dt.date = dt.date(2026, 1, 1),
        part_time: dict[str, int] | None = None,
        **fields: Any,
    ) -> Offer:
        owner = provider_for(
            municipality_ or municipality,
            provider or ("Vesthimmerlands Kommune" if kind == Provider.Kind.OWN else "Fiktiv Fond (test)"),
            kind,
        )
        fields.setdefault("paragraphs", ["SEL § 104"])
        fields.setdefault("places", 10)
        fields.setdefault("registration", Offer.Registration.REGISTERED)
        fields.setdefault("approval", Offer.Approval.NOT_UNDER_SUPERVISION)
        fields.setdefault("verified_on", dt.date(2026, 10, 1))
        fields.setdefault("rate_unit", Offer.RateUnit.CALENDAR_DAY)
        offer = Offer.objects.create(provider=owner, name=name, **fields)
        if rate is not None:
            RateTier.objects.create(
                offer=offer,
                name="Niveau 1",
                amount=Decimal(rate),
                valid_from=rate_valid_from,
                part_time_percent=part_time or {},
            )
        return offer

    return factory
