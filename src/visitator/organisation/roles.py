"""Roles are Django groups with these names. Permission checks ask for a role, never a user."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied

from .models import Municipality, StaffMembership, Unit

CASEWORKER = "sagsbehandler"
TEAM_LEADER = "teamleder"
ADMINISTRATOR = "administrator"
# Outside the deciding unit: the transport office and the providers' staff.
TRANSPORT_OFFICE = "koerselskontor"
PROVIDER = "leverandoer"
ALL_ROLES = (CASEWORKER, TEAM_LEADER, ADMINISTRATOR, TRANSPORT_OFFICE, PROVIDER)

# Who may do what. Reading case data is for caseworkers and team leaders; writing is for caseworkers.
READ_CASES = (CASEWORKER, TEAM_LEADER)
WRITE_CASES = (CASEWORKER,)


def roles_of(user: User | AnonymousUser) -> set[str]:
    if not user.is_authenticated:
        return set()
    cached = getattr(user, "_visitator_roles", None)
    if cached is None:
        cached = set(user.groups.values_list("name", flat=True))
        user._visitator_roles = cached  # type: ignore[attr-defined]
    return cached


def has_role(user: User | AnonymousUser, *roles: str) -> bool:
    return bool(roles_of(user) & set(roles))


def membership_of(user: User | AnonymousUser) -> StaffMembership:
    """The user's unit and municipality; PermissionDenied for a user outside the organisation."""
    if not user.is_authenticated:
        raise PermissionDenied
    try:
        return StaffMembership.objects.select_related("unit__municipality").get(user=user)
    except StaffMembership.DoesNotExist as exc:
        raise PermissionDenied("Brugeren er ikke tilknyttet en enhed.") from exc


def require_role(user: User | AnonymousUser, *roles: str) -> StaffMembership:
    if not has_role(user, *roles):
        raise PermissionDenied("Du har ikke adgang til denne funktion.")
    return membership_of(user)


def require_role_in(user: User | AnonymousUser, municipality_id: object, *roles: str) -> StaffMembership:
    """require_role, and the user must work in the municipality that owns the data."""
    membership = require_role(user, *roles)
    if membership.unit.municipality_id != municipality_id:
        raise PermissionDenied
    return membership


__all__ = [
    "ADMINISTRATOR",
    "ALL_ROLES",
    "CASEWORKER",
    "READ_CASES",
    "TEAM_LEADER",
    "WRITE_CASES",
    "Municipality",
    "Unit",
    "has_role",
    "membership_of",
    "require_role",
    "require_role_in",
    "roles_of",
]

# Provider staff (leverandør): see only the citizens ordered to their own provider's offers, through
# the provider pages (visitator.provider); never the caseworker pages. Needs a grants.ProviderMembership.
