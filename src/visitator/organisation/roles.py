"""Roles are Django groups with these names. Permission checks ask for a role, never a user."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy

from .models import Municipality, StaffMembership, Unit

CASEWORKER = "sagsbehandler"
TEAM_LEADER = "teamleder"
ADMINISTRATOR = "administrator"
# Outside the deciding unit: the transport office and the providers' staff.
TRANSPORT_OFFICE = "koerselskontor"
PROVIDER = "leverandoer"
# The data protection officer (databeskyttelsesrådgiver, GDPR art. 37-39): reads and exports the access
# log (visitator.dpo and the API's access-log scope); sees no case through the caseworker pages.
DATA_PROTECTION_OFFICER = "databeskyttelse"
ALL_ROLES = (CASEWORKER, TEAM_LEADER, ADMINISTRATOR, TRANSPORT_OFFICE, PROVIDER, DATA_PROTECTION_OFFICER)
#: How the roles are named to users.
ROLE_LABELS = {
    CASEWORKER: gettext_lazy("Sagsbehandler"),
    TEAM_LEADER: gettext_lazy("Teamleder"),
    ADMINISTRATOR: gettext_lazy("Administrator"),
    TRANSPORT_OFFICE: gettext_lazy("Kørselskontor"),
    PROVIDER: gettext_lazy("Leverandør"),
    DATA_PROTECTION_OFFICER: gettext_lazy("Databeskyttelsesrådgiver"),
}

# Who may do what. Reading case data is for caseworkers and team leaders; writing is for caseworkers.
READ_CASES = (CASEWORKER, TEAM_LEADER)
WRITE_CASES = (CASEWORKER,)
# A second approval (four eyes) of a draft decision: a caseworker or team leader in the deciding unit.
APPROVE_DECISIONS = (CASEWORKER, TEAM_LEADER)
# Reading the access log (search, rows, export, the unusual-patterns report): the DPO only.
READ_ACCESS_LOG = (DATA_PROTECTION_OFFICER,)
# Management figures (deadline compliance, load, waiting lists, cost): team leaders.
READ_FIGURES = (TEAM_LEADER,)


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


def find_membership(user: User | AnonymousUser) -> StaffMembership | None:
    """The user's membership (unit and municipality joined in), or None; looked up once per user
    object, i.e. once per request, however many selectors and templates ask."""
    if not user.is_authenticated:
        return None
    if not hasattr(user, "_visitator_membership"):
        user._visitator_membership = (  # type: ignore[attr-defined]
            StaffMembership.objects.select_related("unit__municipality").filter(user_id=user.pk).first()
        )
    return user._visitator_membership  # type: ignore[attr-defined]


def membership_of(user: User | AnonymousUser) -> StaffMembership:
    """The user's unit and municipality; PermissionDenied for a user outside the organisation."""
    membership = find_membership(user)
    if membership is None:
        raise PermissionDenied("Brugeren er ikke tilknyttet en enhed.")
    return membership


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
    "APPROVE_DECISIONS",
    "CASEWORKER",
    "DATA_PROTECTION_OFFICER",
    "READ_ACCESS_LOG",
    "READ_CASES",
    "READ_FIGURES",
    "ROLE_LABELS",
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
