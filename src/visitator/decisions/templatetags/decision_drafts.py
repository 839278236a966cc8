"""On every case page: a draft decision that waits to be sent ("Udkast venter")."""

from __future__ import annotations

from typing import Any

from django import template

from visitator.cases.models import Case

from ..selectors import open_draft

register = template.Library()


@register.inclusion_tag("decisions/_draft_badge.html")
def draft_badge(case: Case) -> dict[str, Any]:
    return {"case": case, "draft": open_draft(case)}
