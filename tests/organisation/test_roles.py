"""Roles: who may read and write case data, and only in their own municipality."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.core.exceptions import PermissionDenied

from visitator.organisation import roles
from visitator.organisation.roles import (
    ADMINISTRATOR,
    APPROVE_DECISIONS,
    CASEWORKER,
    PROVIDER,
    READ_CASES,
    TEAM_LEADER,
    TRANSPORT_OFFICE,
    WRITE_CASES,
)

pytestmark = pytest.mark.django_db


def test_who_reads_writes_and_approves():
    assert READ_CASES == ("sagsbehandler", "teamleder")
    assert WRITE_CASES == ("sagsbehandler",)
    assert APPROVE_DECISIONS == ("sagsbehandler", "teamleder")
    assert roles.ALL_ROLES == (
        "sagsbehandler",
        "teamleder",
        "administrator",
        "koerselskontor",
        "leverandoer",
        "databeskyttelse",
    )
    assert roles.READ_ACCESS_LOG == ("databeskyttelse",)
    assert {str(label) for label in roles.ROLE_LABELS.values()} == {
        "Sagsbehandler",
        "Teamleder",
        "Administrator",
        "Kørselskontor",
        "Leverandør",
        "Databeskyttelsesrådgiver",
    }


def test_an_anonymous_user_has_no_role_and_no_membership():
    anonymous = AnonymousUser()
    assert roles.roles_of(anonymous) == set()
    assert roles.has_role(anonymous, CASEWORKER) is False
    assert roles.find_membership(anonymous) is None
    with pytest.raises(PermissionDenied, match="^Du har ikke adgang til denne funktion.$"):
        roles.require_role(anonymous, CASEWORKER)


def test_roles_are_the_users_groups(caseworker, team_leader):
    assert roles.roles_of(caseworker) == {CASEWORKER}
    assert roles.has_role(caseworker, CASEWORKER, TEAM_LEADER) is True
    assert roles.has_role(caseworker, TEAM_LEADER) is False
    assert roles.has_role(caseworker) is False
    assert roles.roles_of(team_leader) == {TEAM_LEADER}


def test_roles_are_looked_up_once_per_user_object(caseworker, django_assert_num_queries):
    assert roles.roles_of(caseworker) == {CASEWORKER}
    caseworker.groups.add(Group.objects.get_or_create(name=ADMINISTRATOR)[0])
    with django_assert_num_queries(0):
        assert roles.roles_of(caseworker) == {CASEWORKER}  # cached on the object (one request)


def test_require_role_returns_the_membership(caseworker, unit):
    membership = roles.require_role(caseworker, *WRITE_CASES)
    assert membership.unit == unit and membership.user == caseworker
    with pytest.raises(PermissionDenied, match="^Du har ikke adgang til denne funktion.$"):
        roles.require_role(caseworker, TRANSPORT_OFFICE, PROVIDER)


def test_a_user_outside_the_organisation_has_no_membership(make_user):
    loner = make_user(CASEWORKER, None)
    assert roles.find_membership(loner) is None
    with pytest.raises(PermissionDenied, match="^Brugeren er ikke tilknyttet en enhed.$"):
        roles.membership_of(loner)
    with pytest.raises(PermissionDenied, match="^Brugeren er ikke tilknyttet en enhed.$"):
        roles.require_role(loner, CASEWORKER)


def test_require_role_in_checks_the_municipality(caseworker, municipality, other_municipality):
    assert roles.require_role_in(caseworker, municipality.pk, CASEWORKER).unit.municipality == municipality
    with pytest.raises(PermissionDenied, match="^$"):
        roles.require_role_in(caseworker, other_municipality.pk, CASEWORKER)
    with pytest.raises(PermissionDenied, match="^Du har ikke adgang til denne funktion.$"):
        roles.require_role_in(caseworker, municipality.pk, TEAM_LEADER)
