"""Password spraying (a few passwords tried against many user names) from one address is throttled,
not only guessing one user name (django-axes with two lockout parameters; visitator.security.throttle)."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


SPRAYED = "Sommer2026!"


def attempt(client: Client, username: str, password: str = SPRAYED, address: str = "198.51.100.7"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)


@override_settings(VISITATOR_LOGIN_FAILURE_LIMIT=3, VISITATOR_LOGIN_SPRAY_FACTOR=2)
def test_many_user_names_from_one_address_lock_the_address(client, caseworker, team_leader):
    # Six names, one wrong password each: no single name reaches its limit of three.
    for n in range(5):
        response = attempt(client, f"medarbejder{n}")
        assert response.status_code == 200
        assert "Brugernavn eller adgangskode er forkert." in response.content.decode()
    assert attempt(client, "medarbejder5").status_code == 429
    # The address is locked for every name, even with the right password...
    locked = attempt(client, caseworker.username, PASSWORD)
    assert locked.status_code == 429 and "For mange forkerte forsøg" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    # ...but another address is not.
    other = Client()
    response = attempt(other, team_leader.username, PASSWORD, address="203.0.113.20")
    assert response.status_code == 302 and response["Location"] == reverse("cases:worklist")


@override_settings(VISITATOR_LOGIN_FAILURE_LIMIT=3, VISITATOR_LOGIN_SPRAY_FACTOR=2)
def test_one_locked_user_name_does_not_lock_colleagues_behind_one_address(client, caseworker, team_leader):
    for _ in range(2):
        assert attempt(client, caseworker.username).status_code == 200
    assert attempt(client, caseworker.username).status_code == 429
    assert attempt(client, caseworker.username, PASSWORD).status_code == 429
    # A colleague in the same town hall (same public address) still logs in.
    colleague = Client()
    response = attempt(colleague, team_leader.username, PASSWORD)
    assert response.status_code == 302 and response["Location"] == reverse("cases:worklist")
