"""Citizens log in with OpenID Connect (authorization code + PKCE) at assurance level betydelig or
higher; staff and citizen sessions never reach each other's pages."""

from __future__ import annotations

import requests
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import formats

from visitator.devidp.models import AssuranceLevel
from visitator.portal.models import PortalAccount

from .conftest import identity, oidc_login

PASSWORD = "correct horse battery staple"


def test_the_provider_publishes_discovery_with_pkce_and_signed_id_tokens(idp):
    document = requests.get(f"{idp.url}/devidp/.well-known/openid-configuration", timeout=10).json()
    assert document["issuer"] == f"{idp.url}/devidp"
    assert "S256" in document["code_challenge_methods_supported"]
    assert "RS256" in document["id_token_signing_alg_values_supported"]
    keys = requests.get(document["jwks_uri"], timeout=10).json()["keys"]
    assert keys and keys[0]["kty"] == "RSA"


def test_a_citizen_logs_in_and_reads_the_status_of_the_case_in_plain_danish(world):
    client = Client()
    response = oidc_login(client, world["anna_id"], world["url"])
    assert response.status_code == 200
    assert response.request["PATH_INFO"] == reverse("portal:citizen", args=[world["anna"].id])
    deadline = formats.date_format(world["anna_case"].decision_deadline, "j. F Y")
    text = response.content.decode()
    assert f"Vi vurderer din ansøgning. Du får svar senest {deadline}." in text
    assert world["anna_case"].number in text
    assert world["bent_case"].number not in text
    # The login made a portal user whose name says nothing about the person.
    account = PortalAccount.objects.get(cpr=world["anna"].cpr)
    assert account.last_loa == "Substantial"
    assert world["anna"].cpr not in account.user.username
    assert not account.user.has_usable_password()


def test_a_second_login_finds_the_same_portal_user(world):
    oidc_login(Client(), world["anna_id"], world["url"])
    oidc_login(Client(), world["anna_id"], world["url"])
    assert PortalAccount.objects.filter(cpr=world["anna"].cpr).count() == 1


def test_a_login_below_assurance_level_betydelig_is_refused(world):
    low = identity(world["anna"].cpr, world["anna"].full_name, AssuranceLevel.LOW)
    client = Client()
    response = oidc_login(client, low, world["url"])
    assert response.request["PATH_INFO"] == reverse("portal:login_failed")
    assert response.status_code == 403
    assert "sikringsniveau betydelig" in response.content.decode()
    assert client.get(reverse("portal:citizen", args=[world["anna"].id])).status_code == 302
    assert not PortalAccount.objects.exists()


def test_the_provider_refuses_an_authorization_request_without_pkce(idp):
    from visitator.devidp.services import client_register

    client_register(["http://testserver/borger/log-ind/retur/"])
    response = Client().get(
        "/devidp/authorize/?response_type=code&client_id=visitator-portal-dev&scope=openid"
        "&redirect_uri=http%3A%2F%2Ftestserver%2Fborger%2Flog-ind%2Fretur%2F&state=abc",
    )
    assert response.status_code == 302
    assert "error=invalid_request" in response["Location"]
    assert "code=" not in response["Location"]


def test_a_citizen_never_reaches_staff_pages(world):
    client = Client()
    oidc_login(client, world["anna_id"], world["url"])
    assert client.get(reverse("cases:worklist")).status_code == 403
    assert client.get(reverse("cases:detail", args=[world["anna_case"].id])).status_code == 403
    assert client.get(reverse("letters:print_queue")).status_code == 403
    assert client.get(reverse("overview")).status_code == 403
    admin = client.get("/admin/")
    assert admin.status_code == 302 and "/admin/login/" in admin["Location"]


def test_staff_never_reach_portal_pages(world, caseworker):
    client = Client()
    response = client.post(reverse("login"), {"username": caseworker.username, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("portal:home")).status_code == 403
    assert client.get(reverse("portal:citizen", args=[world["anna"].id])).status_code == 403
    assert (
        client.get(reverse("portal:case", args=[world["anna"].id, world["anna_case"].id])).status_code == 403
    )


def test_an_anonymous_visitor_is_sent_to_the_portal_login(world):
    response = Client().get(reverse("portal:citizen", args=[world["anna"].id]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("portal:login"))


def test_logging_out_ends_the_citizen_session(world):
    client = Client()
    oidc_login(client, world["anna_id"], world["url"])
    response = client.post(reverse("portal:logout"), follow=True)
    assert "Du er logget ud." in response.content.decode()
    assert client.get(reverse("portal:home")).status_code == 302
    assert User.objects.filter(portal_account__isnull=False).count() == 1


def test_the_staff_login_needs_no_identity_provider(caseworker, settings):
    from visitator.portal import oidc

    for issuer in ("", "http://127.0.0.1:9/devidp"):  # not configured, and nobody listening
        settings.PORTAL_OIDC_ISSUER = issuer
        oidc.discovery_clear()
        client = Client()
        response = client.post(reverse("login"), {"username": caseworker.username, "password": PASSWORD})
        assert response.status_code == 302
        assert client.get(reverse("cases:worklist")).status_code == 200


def test_a_citizens_mitid_login_is_not_asked_for_the_staff_second_factor(client, world, settings):
    """MitID at "betydelig" is already two-factor: with staff 2FA required, the citizen still gets in."""
    settings.VISITATOR_REQUIRE_2FA = True
    response = oidc_login(client, world["anna_id"], world["url"])
    assert response.status_code == 200
    assert response.request["PATH_INFO"] == f"/borger/{world['anna'].id}/"  # her page, not the code page
    assert client.get("/borger/", follow=True).request["PATH_INFO"] == f"/borger/{world['anna'].id}/"


def test_an_unreachable_identity_provider_gives_a_danish_page_not_a_server_error(client, settings, caplog):
    from visitator.portal import oidc

    settings.PORTAL_OIDC_ISSUER = "http://127.0.0.1:9/devidp"  # nothing listens on the discard port
    oidc.discovery_clear()
    response = client.get(reverse("portal:oidc_authenticate"))
    assert response.status_code == 503
    assert "Vi kan ikke få forbindelse til MitID lige nu." in response.content.decode()
    assert "citizen login: identity provider unavailable (ConnectionError)" in caplog.text
    oidc.discovery_clear()
