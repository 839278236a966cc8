"""Optional staff login through the municipality's OpenID Connect provider (mozilla-django-oidc).

No provider runs in the tests: the provider's token, key set and user-info endpoints are answered by a
mock, with an ID token signed by an RSA key made here, so the library's real code path (token request,
signature check against the key set, nonce, claims) runs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from types import SimpleNamespace
from unittest import mock

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from django.contrib.auth import BACKEND_SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.test import RequestFactory
from django.urls import reverse

from visitator.security.oidc import StaffOIDCBackend

pytestmark = pytest.mark.django_db

ISSUER = "https://login.kommune.example"
OIDC = {
    "OIDC_RP_CLIENT_ID": "visitator",
    "OIDC_RP_CLIENT_SECRET": "hemmelig",
    "OIDC_RP_SIGN_ALGO": "RS256",
    "OIDC_OP_AUTHORIZATION_ENDPOINT": f"{ISSUER}/authorize",
    "OIDC_OP_TOKEN_ENDPOINT": f"{ISSUER}/token",
    "OIDC_OP_USER_ENDPOINT": f"{ISSUER}/userinfo",
    "OIDC_OP_JWKS_ENDPOINT": f"{ISSUER}/jwks",
}


@pytest.fixture
def oidc_settings(settings):
    for name, value in OIDC.items():
        setattr(settings, name, value)
    settings.VISITATOR_OIDC_ENABLED = True
    settings.OIDC_AUTHENTICATION_CALLBACK_URL = "login"  # any named URL: only used to build redirect_uri
    return settings


@pytest.fixture(scope="module")
def key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


class Provider:
    """The identity provider's endpoints, as the library calls them through `requests`."""

    def __init__(self, key, claims: dict):
        self.key = key
        self.claims = claims
        self.token_requests: list[dict] = []

    def id_token(self, nonce: str) -> str:
        now = int(time.time())
        payload = {
            "iss": ISSUER,
            "aud": "visitator",
            "iat": now,
            "exp": now + 300,
            "nonce": nonce,
            **self.claims,
        }
        return jwt.encode(payload, self.key, algorithm="RS256", headers={"kid": "k1"})

    def patch(self, nonce: str):
        jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key()))
        jwk.update({"kid": "k1", "alg": "RS256", "use": "sig"})

        def response(body):
            return SimpleNamespace(
                json=lambda: body,
                raise_for_status=lambda: None,
                status_code=200,
                headers={"content-type": "application/json"},
            )

        def post(url, data=None, **kwargs):
            assert url == OIDC["OIDC_OP_TOKEN_ENDPOINT"]
            self.token_requests.append(data)
            return response({"id_token": self.id_token(nonce), "access_token": "at"})

        def get(url, **kwargs):
            if url == OIDC["OIDC_OP_JWKS_ENDPOINT"]:
                return response({"keys": [jwk]})
            assert url == OIDC["OIDC_OP_USER_ENDPOINT"]
            return response(self.claims)

        requests = mock.patch("mozilla_django_oidc.auth.requests")
        return requests, post, get


def sign_in(key, claims: dict):
    provider = Provider(key, claims)
    patcher, post, get = provider.patch(nonce="n-1")
    request = RequestFactory().get("/oidc/callback/", {"code": "c-1", "state": "s-1"})
    request.session = SessionStore()
    with patcher as requests:
        requests.post.side_effect = post
        requests.get.side_effect = get
        user = StaffOIDCBackend().authenticate(request, nonce="n-1", code_verifier="v-1")
    return user, provider


def test_a_known_staff_member_is_logged_in_by_username(oidc_settings, key, caseworker):
    user, provider = sign_in(key, {"sub": "x1", "preferred_username": caseworker.username})
    assert user == caseworker
    [token_request] = provider.token_requests
    assert token_request["code"] == "c-1" and token_request["code_verifier"] == "v-1"


def test_matching_by_email_when_configured(oidc_settings, key, caseworker):
    oidc_settings.VISITATOR_OIDC_MATCH = "email"
    caseworker.email = "sara@kommune.example"
    caseworker.save()
    user, _provider = sign_in(key, {"sub": "x1", "email": "SARA@kommune.example"})
    assert user == caseworker


@pytest.mark.parametrize("case", ["unknown", "inactive", "superuser", "no claim"])
def test_nobody_is_created_and_no_operator_or_closed_user_gets_in(oidc_settings, key, caseworker, case):
    from django.contrib.auth.models import User

    claims = {"sub": "x1", "preferred_username": caseworker.username}
    if case == "unknown":
        claims["preferred_username"] = "ny.medarbejder"
    elif case == "inactive":
        caseworker.is_active = False
        caseworker.save()
    elif case == "superuser":
        caseworker.is_superuser = True
        caseworker.save()
    else:
        del claims["preferred_username"]
    count = User.objects.count()
    user, _provider = sign_in(key, claims)
    assert user is None
    assert User.objects.count() == count


def test_a_token_signed_by_another_key_is_refused(oidc_settings, key, caseworker):
    provider = Provider(rsa.generate_private_key(public_exponent=65537, key_size=2048), {})
    provider.claims = {"sub": "x1", "preferred_username": caseworker.username}
    patcher, post, _get = provider.patch(nonce="n-1")
    jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(key.public_key()))
    jwk.update({"kid": "k1", "alg": "RS256"})
    request = RequestFactory().get("/oidc/callback/", {"code": "c", "state": "s"})
    request.session = SessionStore()
    with patcher as requests:
        requests.post.side_effect = post
        requests.get.side_effect = lambda url, **kw: SimpleNamespace(
            json=lambda: {"keys": [jwk]}, raise_for_status=lambda: None
        )
        with pytest.raises(Exception, match="JWS token verification failed"):
            StaffOIDCBackend().authenticate(request, nonce="n-1")


def test_a_provider_login_counts_as_the_second_factor(client, settings, caseworker):
    settings.VISITATOR_REQUIRE_2FA = True
    settings.AUTHENTICATION_BACKENDS = [
        *settings.AUTHENTICATION_BACKENDS,
        "visitator.security.oidc.StaffOIDCBackend",
    ]
    client.force_login(caseworker, backend="visitator.security.oidc.StaffOIDCBackend")
    assert client.session[BACKEND_SESSION_KEY] == "visitator.security.oidc.StaffOIDCBackend"
    assert client.get(reverse("cases:worklist")).status_code == 200
    # The same user with a password login still owes the code.
    client.logout()
    client.force_login(caseworker, backend="django.contrib.auth.backends.ModelBackend")
    assert client.get(reverse("cases:worklist")).status_code == 302


def settings_in_a_fresh_process(**env: str) -> subprocess.CompletedProcess:
    script = (
        "import django; django.setup(); from django.conf import settings; from django.urls import reverse; "
        "print('visitator.security.oidc.StaffOIDCBackend' in settings.AUTHENTICATION_BACKENDS); "
        "print(settings.OIDC_RP_CLIENT_ID, settings.OIDC_CREATE_USER); "
        "print(reverse('oidc_authentication_init')); "
        "from django.test import Client; body = Client().get('/login/').content.decode(); "
        "print('Log ind med kommunens login' in body and 'href=\"/oidc/authenticate/\"' in body)"
    )
    environment = {
        **{k: v for k, v in os.environ.items() if not k.startswith("OIDC_")},
        "DJANGO_SETTINGS_MODULE": "visitator.settings",
        "VISITATOR_DEV": "1",
        "ALLOWED_HOSTS": "testserver",
        **env,
    }
    return subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=environment)


def test_turning_it_on_needs_the_provider_settings_and_adds_the_login_urls():
    missing = settings_in_a_fresh_process(VISITATOR_OIDC_ENABLED="1", OIDC_RP_CLIENT_ID="visitator")
    assert missing.returncode != 0
    assert "VISITATOR_OIDC_ENABLED needs OIDC_RP_CLIENT_SECRET" in missing.stderr
    complete = settings_in_a_fresh_process(VISITATOR_OIDC_ENABLED="1", **OIDC)
    assert complete.returncode == 0, complete.stderr
    assert complete.stdout.split() == [
        "True",
        "visitator",  # the staff login's own client id: the citizen portal's settings never replace it
        "False",  # and it never creates users
        "/oidc/authenticate/",
        "True",
    ]


def test_off_by_default_the_login_page_offers_passwords_only(client):
    body = client.get(reverse("login")).content.decode()
    assert "Log ind med kommunens login" not in body and "/oidc/" not in body
