import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from visitator.offers.models import Offer, Provider, RateTier, days_in_month
from visitator.offers.policy import (
    NOT_ON_TILBUDSPORTALEN,
    OWN_OFFER_FIRST,
    PARAGRAPH_NOT_COVERED,
    NoRateInForce,
    covers,
    monthly_cost,
    offer_check,
    offer_problems,
    offers_for_choice,
    paragraph_key,
    rate_in_force,
)

NOT_REGISTERED = (
    "Tilbuddet er ikke registreret (og godkendt) på Tilbudsportalen og kan ikke vælges "
    "(serviceloven § 14, stk. 2)."
)
NEEDS_REASON = (
    "Vælg kommunens eget tilbud, eller skriv hvorfor et andet tilbud er valgt "
    "(konkret og individuel vurdering)"
)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("SEL § 104", ("sel", "104")),
        ("Serviceloven § 104", ("sel", "104")),
        ("Servicelovens §104, stk. 1", ("sel", "104")),
        ("sel  §  104", ("sel", "104")),
        ("SEL § 148 a", ("sel", "148a")),
        ("Barnets lov § 32", ("barnets lov", "32")),
        ("aktivitetstilbud", None),
    ],
)
def test_paragraph_key(text, key):
    assert paragraph_key(text) == key


def test_covers_matches_sel_and_serviceloven_alike():
    offer = Offer(paragraphs=["SEL § 104", "SEL § 108"])
    assert covers(offer, "Serviceloven § 104")
    assert not covers(offer, "Serviceloven § 103")
    assert not covers(offer, "Serviceloven § 10")


# -- choosing ---------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_offers_for_choice_puts_own_offers_first_then_by_name(
    create_offer, municipality, spec, other_municipality
):
    external_a = create_offer("Ådalen (test)", kind=Provider.Kind.EXTERNAL)
    external_b = create_offer("Birkely (test)", kind=Provider.Kind.EXTERNAL)
    own_z = create_offer("Zonen (test)")
    own_a = create_offer("Aktivhuset (test)", paragraphs=["Serviceloven § 104"])
    unregistered = create_offer("Caféen (test)", registration=Offer.Registration.NOT_REGISTERED)
    create_offer("Bostedet (test)", paragraphs=["SEL § 108"])
    create_offer("Lukket (test)", active=False)
    create_offer("Andeby-tilbud (test)", municipality_=other_municipality)

    chosen = offers_for_choice(municipality=municipality, spec=spec)

    assert chosen == [own_a, unregistered, own_z, external_b, external_a]


@pytest.mark.django_db
def test_offers_for_choice_by_name_only_when_own_offers_do_not_come_first(create_offer, municipality, spec):
    external = create_offer("Birkely (test)", kind=Provider.Kind.EXTERNAL)
    own = create_offer("Zonen (test)")
    relaxed = spec.model_copy(
        update={"provider": spec.provider.model_copy(update={"own_offers_first": False})}
    )
    assert offers_for_choice(municipality=municipality, spec=relaxed) == [external, own]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("case", "expected"),
    [
        ("unregistered", [NOT_REGISTERED]),
        ("not approved under socialtilsyn", [NOT_REGISTERED]),
        ("approval pending", [NOT_REGISTERED]),
        ("external without reason, own exists", [NEEDS_REASON]),
        ("external with reason, own exists", []),
        ("external without reason, no own", []),
        ("own", []),
        ("own under socialtilsyn, approved", []),
    ],
)
def test_offer_problems(create_offer, spec, case, expected):
    reason = (
        "Borgeren har brug for naturaktiviteter, som kommunens tilbud ikke har."
        if "with reason" in case
        else ""
    )
    if "own exists" in case:
        create_offer("Kommunens værksted (test)")
    offer = {
        "unregistered": lambda: create_offer("X", registration=Offer.Registration.NOT_REGISTERED),
        "not approved under socialtilsyn": lambda: create_offer("X", approval=Offer.Approval.NOT_APPROVED),
        "approval pending": lambda: create_offer("X", approval=Offer.Approval.PENDING),
        "external without reason, own exists": lambda: create_offer("X", kind=Provider.Kind.EXTERNAL),
        "external with reason, own exists": lambda: create_offer("X", kind=Provider.Kind.EXTERNAL),
        "external without reason, no own": lambda: create_offer("X", kind=Provider.Kind.EXTERNAL),
        "own": lambda: create_offer("X"),
        "own under socialtilsyn, approved": lambda: create_offer("X", approval=Offer.Approval.APPROVED),
    }[case]()
    assert offer_problems(offer=offer, spec=spec, reason=reason) == expected


@pytest.mark.django_db
def test_a_reason_never_overrides_tilbudsportalen(create_offer, spec):
    create_offer("Kommunens værksted (test)")
    offer = create_offer("X", kind=Provider.Kind.EXTERNAL, registration=Offer.Registration.NOT_REGISTERED)
    problems = offer_check(offer=offer, spec=spec, reason="Et godt argument.")
    assert [(p.code, p.overridable) for p in problems] == [(NOT_ON_TILBUDSPORTALEN, False)]


@pytest.mark.django_db
def test_an_own_offer_that_may_not_be_chosen_is_no_alternative(create_offer, spec):
    create_offer("Kommunens værksted (test)", registration=Offer.Registration.NOT_REGISTERED)
    offer = create_offer("X", kind=Provider.Kind.EXTERNAL)
    assert offer_problems(offer=offer, spec=spec, reason="") == []


@pytest.mark.django_db
def test_an_offer_not_covering_the_paragraph_is_refused(create_offer, spec):
    offer = create_offer("Bostedet (test)", paragraphs=["SEL § 108"])
    problems = offer_check(offer=offer, spec=spec, reason="Begrundelse")
    assert [(p.code, p.overridable) for p in problems] == [(PARAGRAPH_NOT_COVERED, False)]
    assert "Serviceloven § 104" in problems[0].message


@pytest.mark.django_db
def test_the_reason_problem_is_overridable(create_offer, spec):
    create_offer("Kommunens værksted (test)")
    offer = create_offer("X", kind=Provider.Kind.EXTERNAL)
    assert [(p.code, p.overridable) for p in offer_check(offer=offer, spec=spec)] == [(OWN_OFFER_FIRST, True)]
    assert offer_check(offer=offer, spec=spec, reason="   ") != []


# -- cost -------------------------------------------------------------------------------------------


def _offer(unit: str, amount: str, part_time: dict[str, int] | None = None) -> tuple[Offer, RateTier]:
    offer = Offer(rate_unit=unit)
    tier = RateTier(offer=offer, name="Niveau 1", amount=Decimal(amount), part_time_percent=part_time or {})
    return offer, tier


CAL = Offer.RateUnit.CALENDAR_DAY
ATT = Offer.RateUnit.ATTENDANCE_DAY


@pytest.mark.parametrize(
    ("on", "days_per_week", "day_part", "expected"),
    [
        (dt.date(2026, 1, 15), 5, "full_day", Decimal(19375)),  # 625 × 31
        (dt.date(2026, 2, 15), 5, "full_day", Decimal(17500)),  # 625 × 28
        (dt.date(2028, 2, 15), 5, "full_day", Decimal(18125)),  # 625 × 29 (leap year)
        (dt.date(2026, 4, 15), 5, "full_day", Decimal(18750)),  # 625 × 30
        (dt.date(2026, 1, 15), 1, "full_day", Decimal(11625)),  # 625 × 31 × 60 %
        (dt.date(2026, 2, 15), 2, "full_day", Decimal(10500)),  # 625 × 28 × 60 %
        (dt.date(2026, 1, 15), 3, "full_day", Decimal(16469)),  # 625 × 31 × 85 % = 16468.75
        (dt.date(2026, 1, 15), 4, "full_day", Decimal(19375)),  # no percentage for 4 days: 100 %
        (dt.date(2026, 1, 15), 3, "half_day", Decimal(8234)),  # 16468.75 / 2 = 8234.375
        (dt.date(2026, 2, 15), 5, "half", Decimal(8750)),  # the grants app's "half"
        (dt.date(2026, 2, 15), 0, "full_day", Decimal(0)),
    ],
)
def test_monthly_cost_per_calendar_day(on, days_per_week, day_part, expected):
    offer, tier = _offer(CAL, "625.00", {"1": 60, "2": 60, "3": 85})
    assert (
        monthly_cost(offer=offer, on=on, days_per_week=days_per_week, day_part=day_part, tier=tier)
        == expected
    )


@pytest.mark.parametrize(
    ("on", "days_per_week", "day_part", "expected"),
    [
        (dt.date(2026, 1, 15), 5, "full_day", Decimal(8894)),  # 410.50 × 5 × 52/12 = 8894.17
        (
            dt.date(2026, 2, 15),
            5,
            "full_day",
            Decimal(8894),
        ),  # attendance days: the month's length is ignored
        (dt.date(2026, 1, 15), 1, "full_day", Decimal(1779)),  # 410.50 × 52/12 = 1778.83
        (dt.date(2026, 1, 15), 2, "half_day", Decimal(1779)),  # 2 half days = 1 full day
        (dt.date(2026, 1, 15), 3, "full", Decimal(5337)),  # 410.50 × 3 × 52/12 = 5336.5
    ],
)
def test_monthly_cost_per_attendance_day(on, days_per_week, day_part, expected):
    offer, tier = _offer(ATT, "410.50", {"1": 60})  # part-time percentages do not apply per attendance day
    assert (
        monthly_cost(offer=offer, on=on, days_per_week=days_per_week, day_part=day_part, tier=tier)
        == expected
    )


@pytest.mark.django_db
def test_monthly_cost_uses_the_rate_in_force_on_the_day(create_offer):
    offer = create_offer("X", rate="600.00", rate_valid_from=dt.date(2026, 1, 1))
    RateTier.objects.create(
        offer=offer, name="Niveau 1", amount=Decimal("650.00"), valid_from=dt.date(2026, 7, 1)
    )
    RateTier.objects.create(
        offer=offer, name="Niveau 2", amount=Decimal("900.00"), valid_from=dt.date(2026, 1, 1)
    )
    RateTier.objects.create(
        offer=offer, name="Niveau 1", amount=Decimal("700.00"), valid_from=dt.date(2027, 1, 1)
    )
    offer.refresh_from_db()

    assert rate_in_force(offer, dt.date(2026, 3, 1)).amount == Decimal("600.00")
    assert rate_in_force(offer, dt.date(2026, 7, 1)).amount == Decimal("650.00")
    # June 2026 (30 days), first tier by name ("Niveau 1") at 600 kr.
    assert monthly_cost(offer=offer, on=dt.date(2026, 6, 10), days_per_week=5, day_part="full_day") == 18000
    assert monthly_cost(offer=offer, on=dt.date(2026, 7, 10), days_per_week=5, day_part="full_day") == 20150
    with pytest.raises(NoRateInForce, match="Tilbuddet har ingen takst"):
        monthly_cost(offer=offer, on=dt.date(2025, 12, 31), days_per_week=5, day_part="full_day")


def test_monthly_cost_refuses_nonsense():
    offer, tier = _offer(CAL, "625")
    with pytest.raises(ValueError, match="^days_per_week must be 0-7, not 8$"):
        monthly_cost(offer=offer, on=dt.date(2026, 1, 1), days_per_week=8, day_part="full_day", tier=tier)
    with pytest.raises(ValueError, match="^unknown day part 'evening'$"):
        monthly_cost(offer=offer, on=dt.date(2026, 1, 1), days_per_week=3, day_part="evening", tier=tier)
    other, _ = _offer(CAL, "625")
    with pytest.raises(ValueError, match="^the rate tier belongs to another offer$"):
        monthly_cost(offer=other, on=dt.date(2026, 1, 1), days_per_week=3, day_part="full_day", tier=tier)


amounts = st.decimals(min_value=Decimal(1), max_value=Decimal("5000.00"), places=2)
days = st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2035, 12, 31))
day_parts = st.sampled_from(["full_day", "half_day"])


@given(amount=amounts, on=days, day_part=day_parts)
def test_attendance_day_cost_is_non_negative_and_increases_with_days_per_week(amount, on, day_part):
    offer, tier = _offer(ATT, str(amount))
    costs = [
        monthly_cost(offer=offer, on=on, days_per_week=n, day_part=day_part, tier=tier) for n in range(0, 8)
    ]
    assert all(cost >= 0 for cost in costs)
    assert all(later > earlier for earlier, later in zip(costs, costs[1:], strict=False))
    assert all(cost == cost.to_integral_value() for cost in costs)


@given(
    amount=amounts,
    on=days,
    day_part=day_parts,
    percents=st.dictionaries(st.integers(1, 7).map(str), st.integers(0, 100), max_size=7),
    days_per_week=st.integers(0, 7),
)
def test_calendar_day_cost_is_non_negative_and_at_most_the_full_month(
    amount, on, day_part, percents, days_per_week
):
    offer, tier = _offer(CAL, str(amount), percents)
    cost = monthly_cost(offer=offer, on=on, days_per_week=days_per_week, day_part=day_part, tier=tier)
    whole_month = (amount * days_in_month(on)).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    assert 0 <= cost <= whole_month


def test_half_days_cost_half_a_full_day():
    offer, tier = _offer(ATT, "400.00")
    on = dt.date(2026, 1, 1)
    four_half = monthly_cost(offer=offer, on=on, days_per_week=4, day_part="half_day", tier=tier)
    two_full = monthly_cost(offer=offer, on=on, days_per_week=2, day_part="full_day", tier=tier)
    assert four_half == two_full == Decimal(3467)  # 400 × 2 × 52/12 = 3466.67
