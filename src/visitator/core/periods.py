"""Periods as Danish municipalities publish them, and the arithmetic on dates that goes with them.

A municipality writes "8 uger", "1½ måned", "10 arbejdsdage", "op til 8 uger" or "4-8 uger". A
`Period` holds one of these and computes the date a period ends. In YAML (the quality standard
files) the forms are::

    {amount: 8, unit: weeks}                                        # 8 uger
    {amount: 1.5, unit: months}                                     # 1½ måned
    {amount: 10, unit: working_days}                                # 10 arbejdsdage
    {up_to: {amount: 8, unit: weeks}}                               # op til 8 uger
    {range: [{amount: 4, unit: weeks}, {amount: 8, unit: weeks}]}   # 4-8 uger

Units: ``days``, ``working_days``, ``weeks``, ``months``, ``years``.

Rules
-----
* The amount is positive. Only ``months`` may be fractional ("1½ måned" is amount 1.5); days,
  working days, weeks and years are whole numbers.
* A range has two bounds in the same unit, the lower smaller than the upper. For "up to" and for a
  range, the deadline is the upper bound: "op til 8 uger" and "4-8 uger" both end after 8 weeks.
* The start day is day 0: 8 weeks from Monday 5 January 2026 ends on Monday 2 March 2026, 14 days
  from the 1st ends on the 15th.
* Months and years (end-of-month rule): whole months are added by calendar month, keeping the
  day of the month; when that day does not exist in the target month the result is the last day
  of that month (31 January + 1 month = 28 or 29 February; 29 February 2024 + 1 year = 28 February
  2025). A fractional remainder of months then adds ``round-half-up(fraction × 30)`` days after the
  whole months: 1½ months from 31 January 2024 is 29 February 2024 + 15 days = 15 March 2024.
* Working days: see `visitator.core.workdays`. N working days from a start are the next N working
  days after the start day; the result is always a working day.
* `Period.before` subtracts the period from a date (used for "flag the case N days before the
  deadline"). It undoes `deadline_from` in reverse order (fraction days first, then whole months),
  so ``period.before(period.deadline_from(x)) <= x`` for every unit.

A deadline that falls on a weekend or holiday is not moved: when a rule of law moves it, the
caller does that explicitly (`visitator.core.workdays.next_working_day`).
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from pydantic import (
    BaseModel,
    ConfigDict,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
    ValidationInfo,
    field_validator,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import PydanticCustomError, core_schema

from visitator.core import workdays

#: A fractional month counts this many days per whole month (the remainder is rounded half up).
DAYS_PER_FRACTIONAL_MONTH = 30


class PeriodUnit(StrEnum):
    DAYS = "days"
    WORKING_DAYS = "working_days"
    WEEKS = "weeks"
    MONTHS = "months"
    YEARS = "years"


#: Units whose amount may have a fraction.
FRACTIONAL_UNITS = frozenset({PeriodUnit.MONTHS})

_FRACTION_GLYPHS = {Decimal("0.25"): "¼", Decimal("0.5"): "½", Decimal("0.75"): "¾"}


class PeriodError(ValueError):
    """An impossible period (non-positive amount, fraction in a whole-number unit, bad range)."""


def _unit_words(unit: PeriodUnit, count: int) -> str:
    """The Danish noun for `unit`, singular when `count` is 1."""
    if unit is PeriodUnit.DAYS:
        return ngettext("dag", "dage", count)
    if unit is PeriodUnit.WORKING_DAYS:
        return ngettext("arbejdsdag", "arbejdsdage", count)
    if unit is PeriodUnit.WEEKS:
        return ngettext("uge", "uger", count)
    if unit is PeriodUnit.MONTHS:
        return ngettext("måned", "måneder", count)
    return ngettext("år", "år", count)


def _coerce_amount(value: Any) -> Decimal:
    if isinstance(value, bool):
        raise PeriodError(_("Antallet skal være et tal, ikke sand/falsk."))
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, str):
        try:
            return Decimal(value.strip().replace(",", "."))
        except InvalidOperation:
            raise PeriodError(_("Antallet skal være et tal.")) from None
    raise PeriodError(_("Antallet skal være et tal."))


def _check_amount(amount: Decimal, unit: PeriodUnit) -> None:
    if not amount.is_finite() or amount <= 0:
        raise PeriodError(_("Antallet skal være større end 0."))
    if amount != amount.to_integral_value() and unit not in FRACTIONAL_UNITS:
        raise PeriodError(
            _("Kun måneder kan angives med brøkdele; %(unit)s skal være et helt tal.")
            % {"unit": _unit_words(unit, 2)}
        )


def _format_amount(amount: Decimal) -> str:
    """8 -> "8", 1.5 -> "1½", 0.5 -> "½", 1.3 -> "1,3" (Danish decimal comma)."""
    whole = int(amount)
    fraction = amount - whole
    if fraction == 0:
        return str(whole)
    glyph = _FRACTION_GLYPHS.get(fraction.normalize())
    if glyph is not None:
        return f"{whole}{glyph}" if whole else glyph
    return format(amount.normalize(), "f").replace(".", ",")


def _plural_count(amount: Decimal) -> int:
    """1 for amounts below 2 ("1½ måned", "½ måned"), otherwise the whole part ("2½ måneder")."""
    return 1 if amount < 2 else int(amount)


def add_months(day: dt.date, months: int) -> dt.date:
    """`day` moved by whole calendar months, clamped to the last day of the target month."""
    index = day.year * 12 + (day.month - 1) + months
    year, month0 = divmod(index, 12)
    month = month0 + 1
    last = calendar.monthrange(year, month)[1]
    return dt.date(year, month, min(day.day, last))


def fraction_days(fraction: Decimal) -> int:
    """The days a fraction of a month adds: round-half-up(fraction × 30)."""
    return int((fraction * DAYS_PER_FRACTIONAL_MONTH).quantize(Decimal(1), rounding=ROUND_HALF_UP))


@dataclass(frozen=True, slots=True)
class Period:
    """A period as a municipality publishes it. Immutable; parse it from YAML with pydantic.

    `amount` and `unit` are the period that sets the deadline (the upper bound for a range).
    `up_to` marks "op til ...". `lower` is the lower amount of a range ("4-8 uger": lower 4,
    amount 8), in the same unit.
    """

    amount: Decimal
    unit: PeriodUnit
    up_to: bool = False
    lower: Decimal | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "amount", _coerce_amount(self.amount))
        try:
            object.__setattr__(self, "unit", PeriodUnit(self.unit))
        except ValueError:
            raise PeriodError(_("Ukendt enhed: %(unit)s.") % {"unit": self.unit}) from None
        _check_amount(self.amount, self.unit)
        if self.lower is not None:
            if self.up_to:
                raise PeriodError(_("En periode kan ikke både være 'op til' og et interval."))
            lower = _coerce_amount(self.lower)
            _check_amount(lower, self.unit)
            if lower >= self.amount:
                raise PeriodError(_("Intervallets nedre grænse skal være mindre end den øvre."))
            object.__setattr__(self, "lower", lower)

    # -- construction -------------------------------------------------------------------------

    @classmethod
    def of(cls, amount: int | float | Decimal | str, unit: PeriodUnit | str) -> Period:
        """A plain period: ``Period.of(8, "weeks")``."""
        return cls(amount=_coerce_amount(amount), unit=PeriodUnit(unit))

    @classmethod
    def parse(cls, data: Any) -> Period:
        """A period from its YAML/JSON form (see the module docstring); raises pydantic's ValidationError."""
        return _validate_period(data)

    def to_data(self) -> dict[str, Any]:
        """The YAML/JSON form; ``Period.parse(p.to_data()) == p``."""
        upper = {"amount": _json_number(self.amount), "unit": self.unit.value}
        if self.up_to:
            return {"up_to": upper}
        if self.lower is not None:
            return {"range": [{"amount": _json_number(self.lower), "unit": self.unit.value}, upper]}
        return upper

    # -- reading ------------------------------------------------------------------------------

    @property
    def is_range(self) -> bool:
        return self.lower is not None

    @property
    def upper_bound(self) -> Period:
        """The plain period that sets the deadline (itself, without "up to" or a lower bound)."""
        return Period(amount=self.amount, unit=self.unit)

    @property
    def lower_bound(self) -> Period | None:
        """For a range, the plain period of the lower bound; otherwise None."""
        return None if self.lower is None else Period(amount=self.lower, unit=self.unit)

    def describe(self) -> str:
        """Danish text: "8 uger", "op til 1½ måned", "4-8 uger", "10 arbejdsdage"."""
        words = _unit_words(self.unit, _plural_count(self.amount))
        text = f"{_format_amount(self.amount)} {words}"
        if self.lower is not None:
            return f"{_format_amount(self.lower)}-{text}"
        if self.up_to:
            return _("op til %(period)s") % {"period": text}
        return text

    def __str__(self) -> str:
        return self.describe()

    # -- arithmetic ---------------------------------------------------------------------------

    def deadline_from(self, start: dt.date) -> dt.date:
        """The day the period ends when it starts on `start` (day 0). See the module docstring."""
        whole = int(self.amount)
        if self.unit is PeriodUnit.DAYS:
            return start + dt.timedelta(days=whole)
        if self.unit is PeriodUnit.WEEKS:
            return start + dt.timedelta(weeks=whole)
        if self.unit is PeriodUnit.WORKING_DAYS:
            return workdays.add_working_days(start, whole)
        if self.unit is PeriodUnit.YEARS:
            return add_months(start, 12 * whole)
        result = add_months(start, whole)
        return result + dt.timedelta(days=fraction_days(self.amount - whole))

    def before(self, day: dt.date) -> dt.date:
        """`day` minus the period (fraction days first, then whole months; working days backwards)."""
        whole = int(self.amount)
        if self.unit is PeriodUnit.DAYS:
            return day - dt.timedelta(days=whole)
        if self.unit is PeriodUnit.WEEKS:
            return day - dt.timedelta(weeks=whole)
        if self.unit is PeriodUnit.WORKING_DAYS:
            return workdays.subtract_working_days(day, whole)
        if self.unit is PeriodUnit.YEARS:
            return add_months(day, -12 * whole)
        shifted = day - dt.timedelta(days=fraction_days(self.amount - whole))
        return add_months(shifted, -whole)

    # -- pydantic -----------------------------------------------------------------------------

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_plain_validator_function(
            _validate_period,
            serialization=core_schema.plain_serializer_function_ser_schema(
                lambda period: period.to_data(), when_used="always"
            ),
        )

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        span = {
            "type": "object",
            "properties": {
                "amount": {"type": "number", "exclusiveMinimum": 0},
                "unit": {"enum": [unit.value for unit in PeriodUnit]},
            },
            "required": ["amount", "unit"],
            "additionalProperties": False,
        }
        return {
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
            ]
        }


def _json_number(amount: Decimal) -> int | float:
    return int(amount) if amount == amount.to_integral_value() else float(amount)


# -- parsing the YAML forms, with errors located at the offending field ----------------------------


class _Span(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    # `unit` first, so the amount check can see it.
    unit: PeriodUnit
    amount: Decimal

    @field_validator("amount", mode="before")
    @classmethod
    def _amount_is_number(cls, value: Any) -> Decimal:
        try:
            return _coerce_amount(value)
        except PeriodError as error:
            raise PydanticCustomError("period_amount", str(error)) from None

    @field_validator("amount")
    @classmethod
    def _amount_allowed(cls, value: Decimal, info: ValidationInfo) -> Decimal:
        unit = info.data.get("unit")
        try:
            _check_amount(value, unit if isinstance(unit, PeriodUnit) else PeriodUnit.MONTHS)
        except PeriodError as error:
            raise PydanticCustomError("period_amount", str(error)) from None
        return value


class _UpToForm(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    up_to: _Span


class _RangeForm(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    range: tuple[_Span, _Span]

    @field_validator("range")
    @classmethod
    def _bounds(cls, value: tuple[_Span, _Span]) -> tuple[_Span, _Span]:
        lower, upper = value
        if lower.unit is not upper.unit:
            raise PydanticCustomError("period_range", _("Et intervals to grænser skal have samme enhed."))
        if lower.amount >= upper.amount:
            raise PydanticCustomError(
                "period_range", _("Intervallets nedre grænse skal være mindre end den øvre.")
            )
        return value


def _validate_period(value: Any) -> Period:
    if isinstance(value, Period):
        return value
    if not isinstance(value, Mapping):
        raise PydanticCustomError(
            "period_type",
            _("Skal være en periode, fx {amount: 8, unit: weeks}, {up_to: ...} eller {range: [..., ...]}."),
        )
    if "up_to" in value:
        span = _UpToForm.model_validate(dict(value)).up_to
        return Period(amount=span.amount, unit=span.unit, up_to=True)
    if "range" in value:
        lower, upper = _RangeForm.model_validate(dict(value)).range
        return Period(amount=upper.amount, unit=upper.unit, lower=lower.amount)
    span = _Span.model_validate(dict(value))
    return Period(amount=span.amount, unit=span.unit)
