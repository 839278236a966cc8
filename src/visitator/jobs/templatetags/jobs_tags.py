"""The header link to "Påmindelser" with the number of unread ones (one COUNT query per page)."""

from __future__ import annotations

from typing import Any

from django import template

from visitator.jobs.selectors import STAFF_ROLES, unread_count
from visitator.organisation.roles import has_role

register = template.Library()


@register.inclusion_tag("jobs/_header_link.html", takes_context=True)
def notifications_link(context: dict[str, Any], link_id: str = "notifications-link") -> dict[str, Any]:
    """The link for staff who receive reminders; the count is looked up once per request (the header
    shows the link twice: in the portal line and in the mobile menu)."""
    user = context.get("user")
    show = user is not None and has_role(user, *STAFF_ROLES)
    if show and user is not None and not hasattr(user, "_visitator_unread"):
        user._visitator_unread = unread_count(user)
    return {"show": show, "unread": getattr(user, "_visitator_unread", 0) if show else 0, "link_id": link_id}
