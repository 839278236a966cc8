"""The header link to "Påmindelser" with the number of unread ones (one COUNT query per page)."""

from __future__ import annotations

from typing import Any

from django import template

from visitator.jobs.selectors import STAFF_ROLES, unread_count
from visitator.organisation.roles import has_role

register = template.Library()


@register.inclusion_tag("jobs/_header_link.html", takes_context=True)
def notifications_link(context: dict[str, Any]) -> dict[str, Any]:
    user = context.get("user")
    show = user is not None and has_role(user, *STAFF_ROLES)
    return {"show": show, "unread": unread_count(user) if show and user is not None else 0}
