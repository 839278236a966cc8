"""Danish numbers and amounts, one way everywhere; no developer markers in what users read."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from visitator.core import law
from visitator.core.formatting import kroner, number


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("18050"), "18.050 kr."),  # a monthly cost, kept in whole kroner
        (Decimal("35.00"), "35,00 kr."),  # a price, kept with øre
        (Decimal("685.5"), "685,50 kr."),
        (Decimal("1234567.25"), "1.234.567,25 kr."),
        (Decimal("0"), "0 kr."),
        (450, "450 kr."),
        (Decimal("-1200"), "-1.200 kr."),
    ],
)
def test_kroner(value, text):
    assert kroner(value) == text


def test_numbers_group_thousands_with_a_point_and_keep_a_decimal_comma():
    assert number(1234) == "1.234"
    assert number(999) == "999"
    assert number(Decimal("1234.5")) == "1.234,5"
    assert number(Decimal("2.50"), 1) == "2,5"
    assert number(None) == "" and kroner(None) == "" and kroner("") == ""


def test_the_format_is_danish_whatever_language_is_active():
    with translation.override("en"):
        assert kroner(Decimal("18050.00")) == "18.050,00 kr."


def test_template_filters():
    template = Template(
        "{% load formatting %}"
        "{{ cost|kroner }} | {{ price|kroner }} | {{ n|number }} | {{ cite|lower_first }}"
    )
    values = {"cost": Decimal("18050"), "price": Decimal("35.00"), "n": 12345, "cite": "Serviceloven § 104"}
    rendered = template.render(Context(values))
    assert rendered == "18.050 kr. | 35,00 kr. | 12.345 | serviceloven § 104"


@pytest.mark.django_db
def test_the_offer_list_shows_rates_and_prices_the_danish_way(client, caseworker, make_offer):
    from visitator.offers.models import OptionalItem, RateTier

    offer = make_offer()
    RateTier.objects.create(
        offer=offer, name="Niveau 3", amount=Decimal("1250.00"), valid_from=dt.date(2025, 1, 1)
    )
    OptionalItem.objects.create(offer=offer, name="Frokost", price=Decimal("35.00"), unit="dag")
    client.force_login(caseworker)
    body = client.get(reverse("offers:list")).content.decode()
    assert "Niveau 3: 1.250,00 kr." in body
    assert "Niveau 1: 450,00 kr." in body
    assert "Frokost: 35,00 kr. pr. dag" in body
    assert "35.00" not in body and "1250" not in body


def test_law_rules_marked_for_checking_keep_the_marker_for_developers_only():
    rule = law.HEARING_EXCEPTION_GROUNDS["andet"]
    assert rule.check and rule.cited.endswith("(check)")
    assert "(check)" not in rule.citation


@pytest.mark.django_db
def test_no_check_marker_on_the_hearing_page(client, caseworker, make_case):
    from visitator.cases import services
    from visitator.cases.lifecycle import Status
    from visitator.core import clock
    from visitator.decisions.services import hearing_information_add

    case = services.case_transition(user=caseworker, case=make_case(), to_status=Status.ASSESSMENT)
    hearing_information_add(
        user=caseworker, case=case, source="Egen læge", summary="Udtalelse.", received_on=clock.today()
    )
    client.force_login(caseworker)
    body = client.get(reverse("decisions:hearing", args=[case.id])).content.decode()
    assert "(forvaltningsloven § 19, stk. 2)" in body
    assert "(check)" not in body
