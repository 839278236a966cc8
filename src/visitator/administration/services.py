"""The municipality's administrator manages the users of its own municipality (issue 11).

Limits, checked here whatever the form sent:
- only users whose unit or provider belongs to the administrator's municipality;
- only the roles in `ADMINISTRATOR_MAY_GRANT` (the transport office and providers' staff). The roles
  with access to cases (caseworker, team leader) and the administrator role itself are given by the
  platform operator, so an administrator can never give itself or anyone access to case data;
- never superuser or staff status, never a Django permission;
- never its own roles or active status, never a superuser, and a password only for a user who holds no
  role outside `ADMINISTRATOR_MAY_GRANT` (so never a caseworker's).
Every change is written to the append-only event log in the same transaction.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser, Group, User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _

from visitator.audit.services import event_record
from visitator.grants.models import ProviderMembership
from visitator.offers.models import Provider
from visitator.organisation.models import DecisionKind, Municipality, StaffMembership, Unit
from visitator.organisation.roles import ADMINISTRATOR, PROVIDER, TRANSPORT_OFFICE, require_role

#: The roles a municipality's administrator may hand out or take away.
ADMINISTRATOR_MAY_GRANT = (TRANSPORT_OFFICE, PROVIDER)


@dataclass(frozen=True)
class Place:
    """Where a user works: a unit of the municipality, or one of its providers."""

    unit: Unit | None = None
    provider: Provider | None = None

    @property
    def municipality_id(self) -> object:
        if self.unit is not None:
            return self.unit.municipality_id
        assert self.provider is not None
        return self.provider.municipality_id

    @property
    def label(self) -> str:
        return self.unit.name if self.unit is not None else self.provider.name if self.provider else ""


def administrator_municipality(user: User | AnonymousUser) -> Municipality:
    if user.is_superuser:
        # The platform operator works in the Django admin, not as a municipality's administrator.
        raise PermissionDenied(_("Platformens operatør retter brugere i administrationsmodulet."))
    return require_role(user, ADMINISTRATOR).unit.municipality


def place_of(target: User) -> Place | None:
    membership = StaffMembership.objects.select_related("unit").filter(user=target).first()
    if membership is not None:
        return Place(unit=membership.unit)
    provider_membership = ProviderMembership.objects.select_related("provider").filter(user=target).first()
    if provider_membership is not None:
        return Place(provider=provider_membership.provider)
    return None


def municipality_user(*, user: User | AnonymousUser, user_id: int) -> User:
    """A user of the administrator's own municipality; any other user answers 404 (not 403: whether a
    user exists elsewhere is not the administrator's business)."""
    municipality = administrator_municipality(user)
    target = User.objects.filter(pk=user_id).first()
    place = place_of(target) if target is not None else None
    if target is None or place is None or place.municipality_id != municipality.pk:
        raise Http404
    return target


def role_names(target: User) -> set[str]:
    return set(target.groups.values_list("name", flat=True))


def _check_roles(roles: Iterable[str]) -> set[str]:
    wanted = set(roles)
    refused = wanted - set(ADMINISTRATOR_MAY_GRANT)
    if refused:
        names = ", ".join(sorted(refused))
        raise PermissionDenied(_("Du kan ikke give rollen: {roles}.").format(roles=names))
    return wanted


def _check_place(municipality: Municipality, place: Place, roles: set[str]) -> None:
    if place.municipality_id != municipality.pk:
        raise PermissionDenied(_("Enheden eller leverandøren hører ikke til din kommune."))
    if PROVIDER in roles and place.provider is None:
        raise ValidationError({"place": _("Rollen leverandør kræver, at brugeren hører til en leverandør.")})
    if place.provider is not None and roles - {PROVIDER}:
        raise ValidationError({"roles": _("En leverandørs medarbejder kan kun have rollen leverandør.")})


def _snapshot(target: User, place: Place | None) -> dict[str, object]:
    return {
        "username": target.username,
        "roles": sorted(role_names(target)),
        "active": target.is_active,
        "place": place.label if place else "",
    }


@transaction.atomic
def user_create(
    *,
    user: User | AnonymousUser,
    username: str,
    first_name: str,
    last_name: str,
    email: str,
    place: Place,
    roles: Iterable[str],
    password: str,
) -> User:
    municipality = administrator_municipality(user)
    wanted = _check_roles(roles)
    _check_place(municipality, place, wanted)
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("Brugernavnet er i brug.")})
    target = User(username=username, first_name=first_name, last_name=last_name, email=email)
    validate_password(password, target)
    target.set_password(password)
    target.is_staff = False
    target.is_superuser = False
    target.save()
    if place.unit is not None:
        StaffMembership.objects.create(user=target, unit=place.unit)
    elif place.provider is not None:
        ProviderMembership.objects.create(user=target, provider=place.provider)
    target.groups.set([Group.objects.get_or_create(name=name)[0] for name in sorted(wanted)])
    event_record(user=user, kind="user.created", municipality=municipality, after=_snapshot(target, place))
    return target


@transaction.atomic
def user_change(
    *,
    user: User | AnonymousUser,
    target: User,
    first_name: str,
    last_name: str,
    email: str,
    is_active: bool,
    roles: Iterable[str],
) -> bool:
    """Change a user's name, e-mail, active status and the roles the administrator may give.
    Roles outside ADMINISTRATOR_MAY_GRANT that the user holds are kept. Returns whether anything changed."""
    municipality = administrator_municipality(user)
    target = municipality_user(user=user, user_id=target.pk)
    target = User.objects.select_for_update().get(pk=target.pk)
    if target.is_superuser:
        raise PermissionDenied(_("Platformens operatør kan kun rettes af operatøren."))
    place = place_of(target)
    assert place is not None
    wanted = _check_roles(roles)
    current = role_names(target)
    new_roles = (current - set(ADMINISTRATOR_MAY_GRANT)) | wanted
    if target.pk == user.pk and (new_roles != current or not is_active):
        raise PermissionDenied(_("Du kan ikke ændre dine egne roller eller lukke din egen bruger."))
    if new_roles != current:
        _check_place(municipality, place, wanted)
    before = _snapshot(target, place)
    changed_fields = [
        name
        for name, value in (("first_name", first_name), ("last_name", last_name), ("email", email))
        if getattr(target, name) != value
    ]
    if not changed_fields and new_roles == current and is_active == target.is_active:
        return False
    target.first_name, target.last_name, target.email = first_name, last_name, email
    target.is_active = is_active
    target.save(update_fields=["first_name", "last_name", "email", "is_active"])
    if new_roles != current:
        target.groups.set([Group.objects.get_or_create(name=name)[0] for name in sorted(new_roles)])
    after = _snapshot(target, place)
    # Names and e-mail are staff data: the log says which fields changed, not their values.
    after["changed_fields"] = changed_fields
    event_record(user=user, kind="user.changed", municipality=municipality, before=before, after=after)
    return True


def may_set_password(*, user: User | AnonymousUser, target: User) -> bool:
    """Only for a user who holds no role outside ADMINISTRATOR_MAY_GRANT (never a caseworker's, a team
    leader's or an administrator's: those reset their password through the platform operator)."""
    return (
        not target.is_superuser
        and not target.is_staff
        and target.pk != user.pk
        and role_names(target) <= set(ADMINISTRATOR_MAY_GRANT)
    )


@transaction.atomic
def user_set_password(*, user: User | AnonymousUser, target: User, password: str) -> None:
    municipality = administrator_municipality(user)
    target = municipality_user(user=user, user_id=target.pk)
    if not may_set_password(user=user, target=target):
        raise PermissionDenied(_("Du kan ikke sætte adgangskode for denne bruger."))
    validate_password(password, target)
    target.set_password(password)
    target.save(update_fields=["password"])
    event_record(
        user=user, kind="user.password_set", municipality=municipality, after={"username": target.username}
    )


SECOND_APPROVAL_CHANGED = "municipality.second_approval_changed"


@transaction.atomic
def second_approval_save(
    *, user: User | AnonymousUser, kinds: Iterable[str], opened_on: Iterable[str]
) -> bool:
    """Set which decisions of the administrator's municipality a colleague must approve before the
    letter is sent (on top of what the quality standard requires). `opened_on` is the setting the form
    showed: if another administrator changed it since, nothing is saved (optimistic locking), unless it
    already holds exactly `kinds` (the same form sent twice). Returns whether anything changed."""
    municipality = Municipality.objects.select_for_update().get(pk=administrator_municipality(user).pk)
    chosen = [kind for kind, _label in DecisionKind.choices if kind in set(kinds)]
    unknown = set(kinds) - set(DecisionKind.values)
    if unknown:
        raise ValidationError({"kinds": _("Ukendt afgørelsestype.")})
    current = [
        kind for kind, _label in DecisionKind.choices if kind in set(municipality.second_approval_for or [])
    ]
    if current == chosen:
        return False
    if set(current) != set(opened_on):
        labels = municipality.second_approval_labels or [_("ingen")]
        raise ValidationError(
            _(
                "En anden administrator har ændret indstillingen, efter du åbnede siden. Nu kræves "
                "godkendelse af: %(now)s. Intet er gemt; se valgene igennem, og gem igen."
            )
            % {"now": ", ".join(labels)},
            code="stale",
        )
    municipality.second_approval_for = chosen
    municipality.save(update_fields=["second_approval_for"])
    event_record(
        user=user,
        kind=SECOND_APPROVAL_CHANGED,
        municipality=municipality,
        before={"second_approval_for": current},
        after={"second_approval_for": chosen},
    )
    return True
