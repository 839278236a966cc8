"""The portal's tests log in through the real OpenID Connect flow: the development identity provider
(django-oauth-toolkit) is served by pytest-django's live_server, the portal fetches its discovery
document, JWKS and tokens from there over HTTP, and the test client follows the browser's redirects
(authorization request with PKCE → the identity chooser → the callback with the code). There is no
force_login for citizens anywhere."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import reverse

from visitator.cases import services as case_services
from visitator.core import clock
from visitator.devidp import services as devidp
from visitator.devidp.models import AssuranceLevel, DevIdentity
from visitator.people.models import Representative
from visitator.people.services import representative_add
from visitator.portal import oidc
from visitator.portal.services import representative_login_set

TEST_CALLBACK = "http://testserver/borger/log-ind/retur/"


@pytest.fixture
def idp(live_server, settings, transactional_db):
    """The development identity provider at live_server, with the portal registered as its client."""
    settings.PORTAL_OIDC_ISSUER = f"{live_server.url}/devidp"
    oidc.discovery_clear()
    devidp.client_register([TEST_CALLBACK, f"{live_server.url}/borger/log-ind/retur/"])
    yield live_server
    oidc.discovery_clear()


def identity(cpr: str, name: str, loa: str = AssuranceLevel.SUBSTANTIAL) -> DevIdentity:
    return devidp._identity(cpr, name, "test", loa)


def oidc_login(client: Client, who: DevIdentity, live_server_url: str, next_url: str = ""):
    """Log in as `who` the way a browser does; returns the last response (after the redirects)."""
    start = reverse("portal:oidc_authenticate") + (f"?next={next_url}" if next_url else "")
    chooser = client.get(start, follow=True)
    assert chooser.status_code == 200, chooser.content[:500]
    assert "devidp/choose.html" in [t.name for t in chooser.templates]
    form = chooser.context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None}
    data["identity"] = who.pk
    host = urlsplit(live_server_url)
    return client.post(
        "/devidp/authorize/", data, follow=True, SERVER_NAME=host.hostname, SERVER_PORT=str(host.port)
    )


@pytest.fixture
def world(idp, caseworker, make_citizen, make_case):
    """Two citizens with a case each; a partsrepræsentant with fuldmagt for the first only; their
    identities at the provider."""
    anna = make_citizen(first_name="Anna", last_name="Jensen (testperson)")
    bent = make_citizen(first_name="Bent", last_name="Hansen (testperson)")
    received = clock.today() - dt.timedelta(days=3)
    anna_case = make_case(citizen=anna, received_on=received)
    bent_case = make_case(citizen=bent, received_on=received)
    letter = case_services.receipt_send(user=caseworker, case=anna_case)
    bent_letter = case_services.receipt_send(user=caseworker, case=bent_case)
    representative = representative_add(
        user=caseworker,
        citizen=anna,
        kind=Representative.Kind.POWER_OF_ATTORNEY,
        name="Birthe Fuldmagt (testperson)",
        valid_from=dt.date(2026, 1, 1),
        power_of_attorney_received=dt.date(2026, 1, 1),
        address_line="Fuldmagtsvej 1",
        postcode="9600",
        city="Aars",
    )
    representative_login_set(user=caseworker, representative=representative, cpr="0101701234")
    return {
        "anna": anna,
        "bent": bent,
        "anna_case": anna_case,
        "bent_case": bent_case,
        "anna_letter": letter,
        "bent_letter": bent_letter,
        "representative": representative,
        "anna_id": identity(anna.cpr, anna.full_name),
        "bent_id": identity(bent.cpr, bent.full_name),
        "rep_id": identity("0101701234", representative.name),
        "url": idp.url,
    }
