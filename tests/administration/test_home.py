"""The administrator's landing page: offers, users of the own municipality, settings, standards."""

from __future__ import annotations

import pytest
from django.urls import reverse

from visitator.organisation.models import Unit
from visitator.organisation.roles import CASEWORKER, TEAM_LEADER

pytestmark = pytest.mark.django_db


def test_the_administrator_lands_on_the_administration_page(client, administrator):
    client.force_login(administrator)
    response = client.get(reverse("cases:worklist"))
    assert response.status_code == 302 and response["Location"] == reverse("administration:home")
    body = client.get(response["Location"]).content.decode()
    assert 'aria-current="page"><span>Administration</span>' in body
    assert ">Arbejdsliste<" not in body  # no links to pages the role cannot open


def test_the_page_lists_offers_users_settings_and_standards(
    client, administrator, caseworker, offer, other_caseworker, make_user, unit
):
    administrator.is_staff = True
    administrator.save()
    client.force_login(administrator)
    response = client.get(reverse("administration:home"))
    assert response.status_code == 200
    body = response.content.decode()
    assert offer.name in body and reverse("offers:list") in body and reverse("offers:import") in body
    users = [row.user for row in response.context["overview"].users]
    assert caseworker in users and administrator in users
    assert other_caseworker not in users  # another municipality
    assert "sara" in body and "Sagsbehandler" in body and "olga" not in body
    # Users are managed on the product's own pages; the Django admin is the platform operator's.
    assert reverse("administration:user_new") in body
    assert reverse("administration:user_edit", args=[caseworker.pk]) in body
    assert "/admin/" not in body
    [row] = response.context["overview"].standards
    assert row.in_force and "Publiceret" in body and "gælder i dag" in body and "01.01.2024" in body


def test_the_admin_links_are_for_the_platform_operator_only(client, administrator, offer):
    administrator.is_staff = True
    administrator.save()
    client.force_login(administrator)
    body = client.get(reverse("administration:home")).content.decode()
    assert "/admin/" not in body
    assert "rettes af platformens operatør i administrationsmodulet" in body


def test_only_administrators(client, caseworker, team_leader):
    for user in (caseworker, team_leader):
        client.force_login(user)
        assert client.get(reverse("administration:home")).status_code == 403


def test_an_administrator_of_another_municipality_sees_only_their_own(
    client, other_municipality, make_user, offer, caseworker
):
    from visitator.organisation.roles import ADMINISTRATOR

    other_unit = Unit.objects.create(municipality=other_municipality, code="adm", name="Administration")
    their_admin = make_user(ADMINISTRATOR, other_unit, "their_admin")
    make_user(CASEWORKER, other_unit, "their_worker")
    make_user(TEAM_LEADER, other_unit, "their_leader")
    client.force_login(their_admin)
    response = client.get(reverse("administration:home"))
    overview = response.context["overview"]
    assert overview.offers == [] and overview.standards == []
    assert {row.user.username for row in overview.users} == {"their_admin", "their_worker", "their_leader"}
    assert offer.name not in response.content.decode()
