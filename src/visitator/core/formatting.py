"""Danish numbers and amounts, the same everywhere: "18.050 kr.", "35,00 kr.", "1.234".

One place for it, so that a page, a form's option label, the admin and a letter all write an amount
the same way. Templates use the filters in `core/templatetags/formatting.py` (`{% load formatting %}`,
then `{{ grant.monthly_cost|kroner }}`); Python code calls these functions.

The separators are Danish whatever language is active (decimal comma, thousands point, as Django's
`da` locale formats): the users, the letters and the law are Danish. Numbers are not localised
globally (USE_THOUSAND_SEPARATOR stays off), because a template that prints an id or a year must
not get "2.026".

Dates follow one style per context (docs/architecture.md): tables and lists "01.12.2026"
(`|date:"d.m.Y"`), running text, detail pages and letters "1. december 2026" (`|date:"j. F Y"`).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils import numberformat

DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
MAX_DECIMALS = 2


def _decimal(value: Any) -> Decimal | None:
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        return value if isinstance(value, Decimal) else Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        return None


def _places(number: Decimal) -> int:
    """The decimals an amount is kept with: a price of 35.00 keeps two, a monthly cost of 18050 none."""
    exponent = number.as_tuple().exponent
    if not isinstance(exponent, int) or exponent >= 0:
        return 0
    return min(-exponent, MAX_DECIMALS)


def number(value: Any, decimals: int | None = None) -> str:
    """ "18.050", "35,00", "1.234,5"; the value unchanged (as text) if it is not a number."""
    parsed = _decimal(value)
    if parsed is None:
        return "" if value is None else str(value)
    places = _places(parsed) if decimals is None else decimals
    return numberformat.format(
        parsed,
        DECIMAL_SEPARATOR,
        decimal_pos=places,
        grouping=3,
        thousand_sep=THOUSAND_SEPARATOR,
        force_grouping=True,
        use_l10n=False,
    )


def lower_first(text: str) -> str:
    """ "Serviceloven § 104" -> "serviceloven § 104": a law's name inside a sentence or parentheses."""
    return text[:1].lower() + text[1:]


def kroner(value: Any, decimals: int | None = None) -> str:
    """ "18.050 kr." for whole kroner (a monthly cost), "35,00 kr." for an amount kept with øre (a price,
    a rate)."""
    parsed = _decimal(value)
    if decimals is None and parsed is not None:
        decimals = 0 if _places(parsed) == 0 else MAX_DECIMALS
    text = number(value, decimals)
    return f"{text} kr." if text else ""
