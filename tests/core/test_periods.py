"""Periods: parsing the published forms, Danish descriptions, and date arithmetic."""

from __future__ import annotations

import calendar
import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

from visitator.core.periods import Period, PeriodError, PeriodUnit, add_months, fraction_days
from visitator.core.workdays import is_working_day, working_days_between

D = dt.date
dates = st.dates(min_value=D(1990, 1, 1), max_value=D(2100, 12, 31))


class Holder(BaseModel):
    period: Period


def parse(data: object) -> Period:
    return Holder.model_validate({"period": data}).period


def error_locs(data: object) -> list[tuple[object, ...]]:
    with pytest.raises(ValidationError, match="validation error") as caught:
        parse(data)
    return [error["loc"] for error in caught.value.errors()]


# -- strategies ---------------------------------------------------------------------------------------

whole_units = st.sampled_from([PeriodUnit.DAYS, PeriodUnit.WEEKS, PeriodUnit.YEARS, PeriodUnit.MONTHS])


@st.composite
def plain_periods(draw: st.DrawFn) -> Period:
    unit = draw(st.sampled_from(list(PeriodUnit)))
    if unit is PeriodUnit.WORKING_DAYS:
        return Period.of(draw(st.integers(1, 60)), unit)
    if unit is PeriodUnit.MONTHS:
        whole = draw(st.integers(0, 60))
        fraction = draw(
            st.sampled_from([Decimal(0), Decimal("0.25"), Decimal("0.5"), Decimal("0.75"), Decimal("0.1")])
        )
        if whole == 0 and fraction == 0:
            whole = 1
        return Period.of(Decimal(whole) + fraction, unit)
    if unit is PeriodUnit.YEARS:
        return Period.of(draw(st.integers(1, 20)), unit)
    return Period.of(draw(st.integers(1, 1000)), unit)


@st.composite
def any_periods(draw: st.DrawFn) -> Period:
    period = draw(plain_periods())
    form = draw(st.sampled_from(["plain", "up_to", "range"]))
    if form == "up_to":
        return Period(amount=period.amount, unit=period.unit, up_to=True)
    if form == "range" and period.amount > 1:
        return Period(amount=period.amount, unit=period.unit, lower=Decimal(1))
    return period


# -- parsing --------------------------------------------------------------------------------------------


def test_parse_the_published_forms() -> None:
    assert parse({"amount": 8, "unit": "weeks"}) == Period.of(8, "weeks")
    assert parse({"amount": 1.5, "unit": "months"}) == Period.of("1.5", "months")
    assert parse({"up_to": {"amount": 8, "unit": "weeks"}}) == Period(
        amount=Decimal(8), unit=PeriodUnit.WEEKS, up_to=True
    )
    ranged = parse({"range": [{"amount": 4, "unit": "weeks"}, {"amount": 8, "unit": "weeks"}]})
    assert ranged.lower == 4 and ranged.amount == 8 and ranged.is_range
    assert parse({"amount": 10, "unit": "working_days"}).unit is PeriodUnit.WORKING_DAYS


@given(period=any_periods())
def test_yaml_form_round_trips(period: Period) -> None:
    assert Period.parse(period.to_data()) == period
    assert Holder.model_validate(Holder(period=period).model_dump()).period == period


@pytest.mark.parametrize(
    ("data", "loc"),
    [
        ({"amount": 8}, ("period", "unit")),
        ({"unit": "weeks"}, ("period", "amount")),
        ({"amount": 0, "unit": "weeks"}, ("period", "amount")),
        ({"amount": -3, "unit": "days"}, ("period", "amount")),
        ({"amount": 1.5, "unit": "weeks"}, ("period", "amount")),
        ({"amount": 2.5, "unit": "working_days"}, ("period", "amount")),
        ({"amount": True, "unit": "days"}, ("period", "amount")),
        ({"amount": "otte", "unit": "days"}, ("period", "amount")),
        ({"amount": 8, "unit": "fortnights"}, ("period", "unit")),
        ({"amount": 8, "unit": "weeks", "note": "x"}, ("period", "note")),
        ({"up_to": {"amount": 8}}, ("period", "up_to", "unit")),
        ({"up_to": {"amount": 8, "unit": "weeks"}, "amount": 3}, ("period", "amount")),
        ({"range": [{"amount": 4, "unit": "weeks"}, {"amount": 8}]}, ("period", "range", 1, "unit")),
        ({"range": [{"amount": 8, "unit": "weeks"}, {"amount": 4, "unit": "weeks"}]}, ("period", "range")),
        ({"range": [{"amount": 4, "unit": "days"}, {"amount": 8, "unit": "weeks"}]}, ("period", "range")),
        ({"range": [{"amount": 4, "unit": "weeks"}]}, ("period", "range", 1)),
        ("8 uger", ("period",)),
    ],
)
def test_parse_errors_name_the_field(data: object, loc: tuple[object, ...]) -> None:
    assert loc in error_locs(data)


def test_direct_construction_refuses_impossible_periods() -> None:
    with pytest.raises(PeriodError, match="^Antallet skal være større end 0[.]$"):
        Period.of(0, "days")
    with pytest.raises(
        PeriodError, match="^Kun måneder kan angives med brøkdele; år skal være et helt tal[.]$"
    ):
        Period.of("1.5", "years")
    with pytest.raises(PeriodError, match="^Intervallets nedre grænse skal være mindre end den øvre[.]$"):
        Period(amount=Decimal(4), unit=PeriodUnit.WEEKS, lower=Decimal(8))
    with pytest.raises(PeriodError, match="^En periode kan ikke både være 'op til' og et interval[.]$"):
        Period(amount=Decimal(8), unit=PeriodUnit.WEEKS, lower=Decimal(4), up_to=True)
    with pytest.raises(PeriodError, match="^Ukendt enhed: fortnights[.]$"):
        Period(amount=Decimal(8), unit="fortnights")  # type: ignore[arg-type]
    with pytest.raises(PeriodError, match="^Antallet skal være et tal, ikke sand/falsk[.]$"):
        Period.of(True, "days")
    with pytest.raises(PeriodError, match="^Antallet skal være et tal[.]$"):
        Period.of("otte", "weeks")


# -- describing -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "text"),
    [
        ({"amount": 8, "unit": "weeks"}, "8 uger"),
        ({"amount": 1, "unit": "weeks"}, "1 uge"),
        ({"up_to": {"amount": 1.5, "unit": "months"}}, "op til 1½ måned"),
        ({"amount": 0.5, "unit": "months"}, "½ måned"),
        ({"amount": 2.5, "unit": "months"}, "2½ måneder"),
        ({"amount": 1.25, "unit": "months"}, "1¼ måned"),
        ({"amount": 3.3, "unit": "months"}, "3,3 måneder"),
        ({"amount": 1, "unit": "months"}, "1 måned"),
        ({"range": [{"amount": 4, "unit": "weeks"}, {"amount": 8, "unit": "weeks"}]}, "4-8 uger"),
        ({"amount": 10, "unit": "working_days"}, "10 arbejdsdage"),
        ({"amount": 1, "unit": "working_days"}, "1 arbejdsdag"),
        ({"amount": 14, "unit": "days"}, "14 dage"),
        ({"amount": 1, "unit": "days"}, "1 dag"),
        ({"amount": 1, "unit": "years"}, "1 år"),
        ({"amount": 2, "unit": "years"}, "2 år"),
    ],
)
def test_describe_in_danish(data: object, text: str) -> None:
    period = parse(data)
    assert period.describe() == text
    assert str(period) == text


# -- arithmetic: examples ---------------------------------------------------------------------------------


def test_start_day_is_day_zero() -> None:
    assert Period.of(8, "weeks").deadline_from(D(2026, 1, 5)) == D(2026, 3, 2)
    assert Period.of(14, "days").deadline_from(D(2026, 1, 1)) == D(2026, 1, 15)


def test_end_of_month_rule() -> None:
    assert Period.of(1, "months").deadline_from(D(2024, 1, 31)) == D(2024, 2, 29)
    assert Period.of(1, "months").deadline_from(D(2025, 1, 31)) == D(2025, 2, 28)
    assert Period.of(1, "months").deadline_from(D(2025, 3, 31)) == D(2025, 4, 30)
    assert Period.of(1, "years").deadline_from(D(2024, 2, 29)) == D(2025, 2, 28)
    assert Period.of(12, "months").deadline_from(D(2025, 12, 15)) == D(2026, 12, 15)


def test_fractional_months_add_rounded_days_after_whole_months() -> None:
    assert Period.of("1.5", "months").deadline_from(D(2024, 1, 31)) == D(2024, 3, 15)
    assert Period.of("1.5", "months").deadline_from(D(2026, 1, 5)) == D(2026, 2, 20)
    assert Period.of("0.5", "months").deadline_from(D(2026, 1, 5)) == D(2026, 1, 20)
    assert fraction_days(Decimal("0.25")) == 8  # 7.5 rounds half up
    assert fraction_days(Decimal("0.1")) == 3


@pytest.mark.parametrize(
    ("amount", "start", "end"),
    [
        # ½ month = round-half-up(0.5 × 30) = 15 days.
        ("0.5", D(2026, 1, 31), D(2026, 2, 15)),
        ("0.5", D(2026, 12, 31), D(2027, 1, 15)),
        # ¾ month = round-half-up(0.75 × 30 = 22.5) = 23 days (half up, not to even: not 22).
        ("0.75", D(2026, 1, 31), D(2026, 2, 23)),
        ("0.75", D(2026, 4, 30), D(2026, 5, 23)),
        ("0.75", D(2026, 2, 28), D(2026, 3, 23)),
        # 1½ months = 1 calendar month (end-of-month rule) + 15 days.
        ("1.5", D(2025, 1, 31), D(2025, 3, 15)),  # 28 February 2025 + 15
        ("1.5", D(2024, 1, 31), D(2024, 3, 15)),  # 29 February 2024 + 15
        ("1.5", D(2026, 8, 31), D(2026, 10, 15)),  # 30 September 2026 + 15
        ("1.5", D(2026, 12, 31), D(2027, 2, 15)),  # 31 January 2027 + 15
    ],
)
def test_fractional_months_at_month_ends(amount: str, start: dt.date, end: dt.date) -> None:
    assert Period.of(amount, "months").deadline_from(start) == end


@pytest.mark.parametrize(
    ("fraction", "days"),
    [
        ("0.5", 15),
        ("0.75", 23),  # 22.5
        ("0.25", 8),  # 7.5
        ("0.15", 5),  # 4.5: half up, where half-to-even would give 4
        ("0.05", 2),  # 1.5
        ("0.1", 3),
        ("0.3", 9),
        ("0.99", 30),  # 29.7
        ("0.01", 0),  # 0.3 rounds down: a whole number of months plus nothing
    ],
)
def test_the_fraction_of_a_month_rounds_half_up(fraction: str, days: int) -> None:
    assert fraction_days(Decimal(fraction)) == days


def test_before_subtracts_fraction_days_then_whole_months() -> None:
    assert Period.of("0.75", "months").before(D(2026, 2, 23)) == D(2026, 1, 31)
    assert Period.of("0.5", "months").before(D(2027, 1, 15)) == D(2026, 12, 31)
    # 15 March 2025 - 15 days = 28 February 2025, - 1 month = 28 January 2025: three days before the
    # start 31 January 2025, as the module docstring allows (before(deadline_from(x)) <= x).
    assert Period.of("1.5", "months").before(D(2025, 3, 15)) == D(2025, 1, 28)
    assert Period.of(1, "years").before(D(2025, 2, 28)) == D(2024, 2, 28)
    assert Period.of(3, "weeks").before(D(2026, 3, 2)) == D(2026, 2, 9)


def test_working_days_deadline_over_easter() -> None:
    # Ten working days from Friday 22 March 2024 skip skærtorsdag, langfredag and anden påskedag.
    assert Period.of(10, "working_days").deadline_from(D(2024, 3, 22)) == D(2024, 4, 10)


def test_up_to_and_range_end_at_the_upper_bound() -> None:
    start = D(2026, 1, 5)
    assert parse({"up_to": {"amount": 8, "unit": "weeks"}}).deadline_from(start) == D(2026, 3, 2)
    ranged = parse({"range": [{"amount": 4, "unit": "weeks"}, {"amount": 8, "unit": "weeks"}]})
    assert ranged.deadline_from(start) == D(2026, 3, 2)
    assert ranged.lower_bound == Period.of(4, "weeks")
    assert ranged.upper_bound == Period.of(8, "weeks")


def test_before() -> None:
    assert Period.of(14, "days").before(D(2026, 3, 2)) == D(2026, 2, 16)
    assert Period.of(1, "months").before(D(2024, 3, 31)) == D(2024, 2, 29)
    assert Period.of(2, "working_days").before(D(2024, 4, 2)) == D(2024, 3, 26)


# -- arithmetic: properties -----------------------------------------------------------------------------


@given(period=any_periods(), a=dates, b=dates)
def test_deadline_is_monotone_in_start(period: Period, a: dt.date, b: dt.date) -> None:
    first, second = sorted([a, b])
    assert period.deadline_from(first) <= period.deadline_from(second)


@given(period=any_periods(), start=dates)
def test_deadline_is_never_before_start(period: Period, start: dt.date) -> None:
    assert period.deadline_from(start) >= start


@given(weeks=st.integers(1, 500), start=dates)
def test_weeks_are_seven_days(weeks: int, start: dt.date) -> None:
    assert Period.of(weeks, "weeks").deadline_from(start) == Period.of(7 * weeks, "days").deadline_from(start)


@given(count=st.integers(1, 60), start=dates)
def test_working_day_deadline_is_a_working_day_after_exactly_n(count: int, start: dt.date) -> None:
    deadline = Period.of(count, "working_days").deadline_from(start)
    assert is_working_day(deadline)
    assert working_days_between(start, deadline) == count


@given(months=st.integers(1, 240), start=dates)
def test_month_clamping_gives_the_right_month_and_a_valid_day(months: int, start: dt.date) -> None:
    result = Period.of(months, "months").deadline_from(start)
    index = start.year * 12 + start.month - 1 + months
    assert (result.year, result.month) == (index // 12, index % 12 + 1)
    assert result.day == min(start.day, calendar.monthrange(result.year, result.month)[1])
    assert add_months(start, months) == result


@given(period=any_periods(), start=dates)
def test_before_undoes_deadline_from(period: Period, start: dt.date) -> None:
    back = period.before(period.deadline_from(start))
    assert back <= start
    if period.unit in (PeriodUnit.DAYS, PeriodUnit.WEEKS):
        assert back == start


@given(period=any_periods(), start=dates)
def test_range_and_up_to_deadline_is_the_upper_bound(period: Period, start: dt.date) -> None:
    assert period.deadline_from(start) == period.upper_bound.deadline_from(start)
    lower = period.lower_bound
    if lower is not None:
        assert lower.deadline_from(start) <= period.deadline_from(start)


# -- the YAML/JSON form and the JSON schema ---------------------------------------------------------------


def test_to_data_gives_the_published_forms() -> None:
    assert Period.of(8, "weeks").to_data() == {"amount": 8, "unit": "weeks"}
    assert Period.of("1.5", "months").to_data() == {"amount": 1.5, "unit": "months"}
    assert parse({"up_to": {"amount": 8, "unit": "weeks"}}).to_data() == {
        "up_to": {"amount": 8, "unit": "weeks"}
    }
    assert parse({"range": [{"amount": 4, "unit": "weeks"}, {"amount": 8, "unit": "weeks"}]}).to_data() == {
        "range": [{"amount": 4, "unit": "weeks"}, {"amount": 8, "unit": "weeks"}]
    }
    assert isinstance(Period.of(8, "weeks").to_data()["amount"], int)
    assert Holder(period=Period.of(2, "years")).model_dump() == {"period": {"amount": 2, "unit": "years"}}


def test_a_plain_period_is_neither_up_to_nor_a_range() -> None:
    period = Period.of(8, "weeks")
    assert (period.up_to, period.lower, period.is_range, period.lower_bound) == (False, None, False, None)
    assert period.upper_bound == period
    up_to = parse({"up_to": {"amount": 8, "unit": "weeks"}})
    assert (up_to.up_to, up_to.is_range, up_to.upper_bound) == (True, False, Period.of(8, "weeks"))


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        ("1.75", "1¾ måned"),
        ("1.99", "1,99 måned"),
        ("2", "2 måneder"),
        ("0.25", "¼ måned"),
        ("12.5", "12½ måneder"),
    ],
)
def test_singular_below_two_months(amount: str, text: str) -> None:
    assert Period.of(amount, "months").describe() == text


def test_a_range_of_months_is_described_with_its_fractions() -> None:
    ranged = parse({"range": [{"amount": 0.5, "unit": "months"}, {"amount": 1.5, "unit": "months"}]})
    assert ranged.describe() == "½-1½ måned"


def test_amounts_are_read_from_numbers_and_danish_strings() -> None:
    assert Period.of("1,5", "months") == Period.of(Decimal("1.5"), "months")
    assert Period.of(" 8 ", "weeks") == Period.of(8, "weeks")
    assert Period.of(0.1, "months").amount == Decimal("0.1")  # repr, not the binary fraction


def test_the_json_schema_describes_the_three_forms() -> None:
    span = {
        "type": "object",
        "properties": {
            "amount": {"type": "number", "exclusiveMinimum": 0},
            "unit": {"enum": ["days", "working_days", "weeks", "months", "years"]},
        },
        "required": ["amount", "unit"],
        "additionalProperties": False,
    }
    assert Holder.model_json_schema()["properties"]["period"] == {
        "oneOf": [
            span,
            {
                "type": "object",
                "properties": {"up_to": span},
                "required": ["up_to"],
                "additionalProperties": False,
            },
            {
                "type": "object",
                "properties": {"range": {"type": "array", "items": span, "minItems": 2, "maxItems": 2}},
                "required": ["range"],
                "additionalProperties": False,
            },
        ],
        "title": "Period",
    }


def test_something_that_is_not_a_period_is_refused_with_the_forms() -> None:
    with pytest.raises(ValidationError, match="Skal være en periode") as caught:
        parse("8 uger")
    [error] = caught.value.errors()
    assert (error["type"], error["loc"]) == ("period_type", ("period",))
    assert error["msg"] == (
        "Skal være en periode, fx {amount: 8, unit: weeks}, {up_to: ...} eller {range: [..., ...]}."
    )


def test_a_range_whose_bounds_are_equal_is_refused() -> None:
    with pytest.raises(PeriodError, match="^Intervallets nedre grænse skal være mindre end den øvre[.]$"):
        Period(amount=Decimal(8), unit=PeriodUnit.WEEKS, lower=Decimal(8))
    assert Period(amount=Decimal(8), unit=PeriodUnit.WEEKS, lower=Decimal(7)).describe() == "7-8 uger"


def test_a_tiny_fraction_is_written_out_not_in_scientific_notation() -> None:
    assert Period.of("0.0000001", "months").describe() == "0,0000001 måned"


@pytest.mark.parametrize(
    ("unit", "words"),
    [("days", "dage"), ("working_days", "arbejdsdage"), ("weeks", "uger"), ("years", "år")],
)
def test_a_fraction_in_a_whole_number_unit_names_the_unit(unit: str, words: str) -> None:
    message = f"^Kun måneder kan angives med brøkdele; {words} skal være et helt tal[.]$"
    with pytest.raises(PeriodError, match=message):
        Period.of("1.5", unit)


def test_an_amount_of_the_wrong_type_is_refused() -> None:
    with pytest.raises(PeriodError, match="^Antallet skal være et tal[.]$"):
        Period.of(None, "weeks")  # type: ignore[arg-type]
    with pytest.raises(PeriodError, match="^Antallet skal være et tal[.]$"):
        Period.of([8], "weeks")  # type: ignore[arg-type]
