"""Template context shared by every page: who is logged in, where they work, which section is open.

Everything here is lazy: a template (or an htmx partial) that never touches these names costs no query.
The first use costs one query for the membership (unit and municipality joined in) and one for the
roles; both are cached (on the request and on the user) for the rest of the request.

Use truthiness in templates, never `is None`: the values are lazy wrappers, e.g.
`{% if current_municipality %}{{ current_municipality.name }}{% endif %}`.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from visitator.organisation.models import StaffMembership
from visitator.organisation.roles import find_membership, roles_of

# Which main-navigation item a page belongs to, by URL name (exact) or namespace (fallback).
_NAV_BY_VIEW_NAME = {
    "cases:worklist": "worklist",
    "cases:search": "search",
    "cases:application_new": "application_new",
    "assessment:departures_report": "overview",
    "letters:print_queue": "print",
    "letters:contact_settings": "contact_settings",
    "grants:follow_ups": "follow_ups",
    "grants:waiting": "overview",
    "grants:transport": "transport",
    "overview": "overview",
    # A representative is edited from the case page.
    "people:representative_edit": "worklist",
    "people:representative_end": "worklist",
}
_NAV_BY_NAMESPACE = {
    "cases": "worklist",
    "assessment": "worklist",
    "decisions": "worklist",
    "grants": "worklist",
    "letters": "worklist",
    "people": "people",
    "offers": "overview",
    "administration": "administration",
    "dpo": "dpo",
    "figures": "overview",
}


def current_membership(request: HttpRequest) -> StaffMembership | None:
    """The logged-in user's StaffMembership (unit and municipality joined in), or None.

    None for anonymous users and for users outside the organisation (e.g. a superuser).
    One query per request at most, shared with the views (organisation.roles.find_membership).
    """
    user = getattr(request, "user", None)
    return find_membership(user) if user is not None else None


def _nav_active(request: HttpRequest) -> str:
    match = getattr(request, "resolver_match", None)
    if match is None:
        return ""
    return _NAV_BY_VIEW_NAME.get(match.view_name) or _NAV_BY_NAMESPACE.get(match.namespace, "")


def visitator(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def municipality() -> Any:
        membership = current_membership(request)
        return membership.unit.municipality if membership else None

    def unit() -> Any:
        membership = current_membership(request)
        return membership.unit if membership else None

    return {
        "current_municipality": SimpleLazyObject(municipality),
        "current_unit": SimpleLazyObject(unit),
        "current_roles": SimpleLazyObject(lambda: frozenset(roles_of(user))),
        "nav_active": _nav_active(request),
    }
