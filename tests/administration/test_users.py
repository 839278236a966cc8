"""The municipality's administrator manages the users of its own municipality on the product's pages,
limited to the roles it may hand out; every escalation attempt (a crafted POST) is refused and changes
nothing; every change is in the event log (issue 11)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from visitator.audit.models import Event
from visitator.grants.models import ProviderMembership
from visitator.offers.models import Provider
from visitator.organisation.models import Unit
from visitator.organisation.roles import ADMINISTRATOR, CASEWORKER, PROVIDER, TEAM_LEADER, TRANSPORT_OFFICE

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Lang og sikker kode 2026"


@pytest.fixture
def provider(municipality) -> Provider:
    return Provider.objects.create(municipality=municipality, name="Værkstedet Aars", kind=Provider.Kind.OWN)


@pytest.fixture
def admin_client(client, administrator):
    client.force_login(administrator)
    return client


def new_user_form(provider: Provider, **changes) -> dict:
    form = {
        "username": "lone",
        "first_name": "Lone",
        "last_name": "Værksted",
        "email": "lone@example.invalid",
        "place": f"provider:{provider.pk}",
        "roles": [PROVIDER],
        "password": NEW_PASSWORD,
    }
    form.update(changes)
    return form


def roles(user: User) -> set[str]:
    return set(user.groups.values_list("name", flat=True))


def test_the_administrator_creates_a_providers_staff_member(admin_client, administrator, provider):
    response = admin_client.post(reverse("administration:user_new"), new_user_form(provider))
    assert response.status_code == 302
    user = User.objects.get(username="lone")
    assert roles(user) == {PROVIDER} and not user.is_staff and not user.is_superuser
    assert ProviderMembership.objects.get(user=user).provider == provider
    assert user.check_password(NEW_PASSWORD)
    event = Event.objects.get(kind="user.created")
    assert event.user == administrator and event.municipality == provider.municipality
    assert event.after == {"username": "lone", "roles": [PROVIDER], "active": True, "place": provider.name}


@pytest.mark.parametrize("role", [CASEWORKER, TEAM_LEADER, ADMINISTRATOR, "superuser"])
def test_a_role_with_case_access_or_administration_cannot_be_handed_out(admin_client, unit, provider, role):
    form = new_user_form(provider, place=f"unit:{unit.pk}", roles=[role])
    response = admin_client.post(reverse("administration:user_new"), form)
    assert response.status_code == 400
    assert f"Du kan ikke give rollen {role}." in response.content.decode()
    assert not User.objects.filter(username="lone").exists()
    assert not Event.objects.filter(kind="user.created").exists()


def test_superuser_and_staff_flags_in_a_crafted_post_are_ignored(admin_client, provider):
    form = new_user_form(provider, is_superuser="on", is_staff="on", user_permissions=["1", "2"])
    assert admin_client.post(reverse("administration:user_new"), form).status_code == 302
    user = User.objects.get(username="lone")
    assert not user.is_superuser and not user.is_staff and not user.user_permissions.exists()


def test_a_place_in_another_municipality_is_refused(admin_client, provider, other_municipality):
    other_unit = Unit.objects.create(municipality=other_municipality, code="x", name="Andeby visitation")
    other_provider = Provider.objects.create(municipality=other_municipality, name="Andeby værksted")
    for place in (f"unit:{other_unit.pk}", f"provider:{other_provider.pk}"):
        response = admin_client.post(reverse("administration:user_new"), new_user_form(provider, place=place))
        assert response.status_code == 400
        assert "Vælg en enhed eller leverandør i din kommune." in response.content.decode()
    assert not User.objects.filter(username="lone").exists()


def test_a_provider_role_on_a_unit_and_a_weak_password_are_refused(admin_client, unit, provider):
    form = new_user_form(provider, place=f"unit:{unit.pk}")
    response = admin_client.post(reverse("administration:user_new"), form)
    assert response.status_code == 400
    assert "Rollen leverandør kræver, at brugeren hører til en leverandør." in response.content.decode()
    response = admin_client.post(reverse("administration:user_new"), new_user_form(provider, password="kort"))
    assert response.status_code == 400
    assert not User.objects.filter(username="lone").exists()


def edit_form(user: User, **changes) -> dict:
    form = {
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on" if user.is_active else "",
        "roles": sorted(roles(user) & {PROVIDER, TRANSPORT_OFFICE}),
    }
    form.update(changes)
    return {k: v for k, v in form.items() if v != ""}


def test_the_administrator_cannot_give_itself_a_role_or_close_itself(admin_client, administrator):
    url = reverse("administration:user_edit", args=[administrator.pk])
    response = admin_client.post(url, edit_form(administrator, roles=[TRANSPORT_OFFICE]))
    assert response.status_code == 403
    response = admin_client.post(url, edit_form(administrator, is_active=""))
    assert response.status_code == 403
    response = admin_client.post(url, edit_form(administrator, roles=[CASEWORKER]))
    assert response.status_code == 400
    administrator.refresh_from_db()
    assert roles(administrator) == {ADMINISTRATOR} and administrator.is_active
    assert not Event.objects.filter(kind="user.changed").exists()


def test_a_caseworker_keeps_the_case_role_and_can_be_closed(admin_client, administrator, caseworker):
    url = reverse("administration:user_edit", args=[caseworker.pk])
    # Escalation: the caseworker cannot be made an administrator.
    response = admin_client.post(url, edit_form(caseworker, roles=[ADMINISTRATOR]))
    assert response.status_code == 400
    assert roles(caseworker) == {CASEWORKER}
    # Unticking every role the administrator may give leaves the case role alone; closing works.
    response = admin_client.post(url, edit_form(caseworker, roles=[], is_active=""))
    assert response.status_code == 302
    caseworker.refresh_from_db()
    assert roles(caseworker) == {CASEWORKER} and not caseworker.is_active
    event = Event.objects.get(kind="user.changed")
    assert event.before["active"] is True and event.after["active"] is False
    assert event.after["roles"] == [CASEWORKER] and event.after["changed_fields"] == []


def test_the_transport_office_role_is_given_and_taken_with_an_event(admin_client, caseworker):
    url = reverse("administration:user_edit", args=[caseworker.pk])
    assert admin_client.post(url, edit_form(caseworker, roles=[TRANSPORT_OFFICE])).status_code == 302
    assert roles(caseworker) == {CASEWORKER, TRANSPORT_OFFICE}
    assert admin_client.post(url, edit_form(caseworker, roles=[])).status_code == 302
    assert roles(caseworker) == {CASEWORKER}
    changes = [(e.before["roles"], e.after["roles"]) for e in Event.objects.filter(kind="user.changed")]
    assert sorted(changes) == sorted(
        [
            ([CASEWORKER], sorted([CASEWORKER, TRANSPORT_OFFICE])),
            (sorted([CASEWORKER, TRANSPORT_OFFICE]), [CASEWORKER]),
        ]
    )


def test_the_administrator_cannot_reset_a_caseworkers_password(admin_client, caseworker):
    page = admin_client.get(reverse("administration:user_edit", args=[caseworker.pk]))
    assert "Du kan ikke sætte adgangskode for denne bruger" in page.content.decode()
    url = reverse("administration:user_password", args=[caseworker.pk])
    response = admin_client.post(url, {"password": NEW_PASSWORD})
    assert response.status_code == 403
    caseworker.refresh_from_db()
    assert not caseworker.check_password(NEW_PASSWORD)
    assert not Event.objects.filter(kind="user.password_set").exists()


def test_the_administrator_sets_a_providers_staff_members_password(admin_client, provider, make_user):
    member = make_user(PROVIDER, None, "pia")
    ProviderMembership.objects.create(user=member, provider=provider)
    url = reverse("administration:user_password", args=[member.pk])
    assert admin_client.post(url, {"password": NEW_PASSWORD}).status_code == 302
    member.refresh_from_db()
    assert member.check_password(NEW_PASSWORD)
    event = Event.objects.get(kind="user.password_set")
    assert event.after == {"username": "pia"} and NEW_PASSWORD not in str(event.after)


def test_users_of_another_municipality_are_not_found(admin_client, other_caseworker):
    for name in ("administration:user_edit", "administration:user_password"):
        url = reverse(name, args=[other_caseworker.pk])
        response = admin_client.post(url, {"password": NEW_PASSWORD, "first_name": "X", "last_name": "Y"})
        assert response.status_code == 404
    other_caseworker.refresh_from_db()
    assert other_caseworker.first_name == "Test" and not other_caseworker.check_password(NEW_PASSWORD)


def test_a_superuser_in_the_municipality_is_left_to_the_operator(admin_client, make_user, unit):
    operator = make_user(None, unit, "ops")
    operator.is_superuser = operator.is_staff = True
    operator.save()
    url = reverse("administration:user_edit", args=[operator.pk])
    assert admin_client.post(url, edit_form(operator, is_active="")).status_code == 403
    assert (
        admin_client.post(
            reverse("administration:user_password", args=[operator.pk]), {"password": NEW_PASSWORD}
        ).status_code
        == 403
    )
    operator.refresh_from_db()
    assert operator.is_active and operator.is_superuser


@pytest.mark.parametrize("fixture", ["caseworker", "team_leader"])
def test_only_the_administrator_role_manages_users(request, client, fixture, caseworker, provider):
    client.force_login(request.getfixturevalue(fixture))
    assert client.get(reverse("administration:user_new")).status_code == 403
    assert client.post(reverse("administration:user_new"), new_user_form(provider)).status_code == 403
    assert client.get(reverse("administration:user_edit", args=[caseworker.pk])).status_code == 403
    assert not User.objects.filter(username="lone").exists()


def test_the_administrator_role_holds_no_permission_on_users_or_groups():
    from django.contrib.auth.models import Group, Permission

    from visitator.organisation.signals import grant_administrator_permissions

    group = Group.objects.get(name=ADMINISTRATOR)
    group.permissions.add(*Permission.objects.filter(codename__in=["change_user", "add_group"]))
    grant_administrator_permissions()  # what every `visitator migrate` runs
    assert not group.permissions.filter(content_type__app_label="auth").exists()
    assert group.permissions.filter(codename="change_offer").exists()
