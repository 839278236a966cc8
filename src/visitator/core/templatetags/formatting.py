"""Danish numbers and amounts in templates: `{% load formatting %}`, then `{{ amount|kroner }}`,
`{{ count|number }}` and `{{ citation|lower_first }}` (see `visitator.core.formatting`)."""

from __future__ import annotations

from typing import Any

from django import template

from visitator.core import formatting

register = template.Library()


@register.filter
def kroner(value: Any, decimals: Any = None) -> str:
    """`{{ grant.monthly_cost|kroner }}` → "18.050 kr."; `{{ rate|kroner:2 }}` → "685,00 kr."."""
    return formatting.kroner(value, None if decimals in (None, "") else int(decimals))


@register.filter
def number(value: Any, decimals: Any = None) -> str:
    """`{{ count|number }}` → "1.234"."""
    return formatting.number(value, None if decimals in (None, "") else int(decimals))


@register.filter
def lower_first(value: Any) -> str:
    """ "Serviceloven § 104" → "serviceloven § 104", for a citation inside a sentence."""
    return formatting.lower_first(str(value))
