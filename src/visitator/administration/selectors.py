"""What the administrator's landing page shows, for the administrator's own municipality only:
offers, users, quality standard versions. No citizen data (so no access-log rows)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Prefetch

from visitator.core import clock
from visitator.grants.models import ProviderMembership
from visitator.offers.models import Offer
from visitator.organisation.models import Municipality, StaffMembership
from visitator.organisation.roles import ADMINISTRATOR, ROLE_LABELS, require_role
from visitator.standards.models import StandardStatus, StandardVersion


@dataclass
class UserRow:
    user: User
    place: str
    roles: list[str]


@dataclass
class StandardRow:
    version: StandardVersion
    in_force: bool


@dataclass
class AdministrationOverview:
    municipality: Municipality
    today: dt.date
    offers: list[Offer] = field(default_factory=list)
    users: list[UserRow] = field(default_factory=list)
    standards: list[StandardRow] = field(default_factory=list)


def _roles(user: User) -> list[str]:
    return [str(ROLE_LABELS.get(group.name, group.name)) for group in user.groups.all()]


def administration_overview(*, user: User | AnonymousUser) -> AdministrationOverview:
    """The administrator's municipality: its offers, its staff and providers' staff, its standards."""
    membership = require_role(user, ADMINISTRATOR)
    municipality = membership.unit.municipality
    overview = AdministrationOverview(municipality=municipality, today=clock.today())
    overview.offers = list(
        Offer.objects.filter(provider__municipality=municipality)
        .select_related("provider")
        .order_by("-provider__kind", "name", "id")
    )
    users_with_groups = Prefetch("user__groups")
    for staff in (
        StaffMembership.objects.filter(unit__municipality=municipality)
        .select_related("user", "unit")
        .prefetch_related(users_with_groups)
        .order_by("unit__name", "user__first_name", "user__last_name", "user__username")
    ):
        overview.users.append(UserRow(staff.user, staff.unit.name, _roles(staff.user)))
    for provider_staff in (
        ProviderMembership.objects.filter(provider__municipality=municipality)
        .select_related("user", "provider")
        .prefetch_related(users_with_groups)
        .order_by("provider__name", "user__first_name", "user__last_name", "user__username")
    ):
        overview.users.append(
            UserRow(provider_staff.user, provider_staff.provider.name, _roles(provider_staff.user))
        )
    versions = list(
        StandardVersion.objects.filter(municipality=municipality).order_by(
            "service_code", "-valid_from", "-version"
        )
    )
    in_force: dict[str, StandardVersion] = {}
    for version in versions:
        running = version.valid_from <= overview.today and (
            version.valid_to is None or version.valid_to >= overview.today
        )
        if version.status == StandardStatus.PUBLISHED and running and version.service_code not in in_force:
            in_force[version.service_code] = version
    overview.standards = [
        StandardRow(version, in_force.get(version.service_code) is version) for version in versions
    ]
    return overview
