"""Two-factor login (TOTP through django-otp): with VISITATOR_REQUIRE_2FA on, a user who has logged in
with a password reaches nothing but the code page (or, the first time, the set-up page with a QR code)
until a code from the authenticator app is given. The codes here are computed by django-otp's own
TOTP implementation from the device's secret, as an app would."""

from __future__ import annotations

import time

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from visitator.audit.models import Event

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


@pytest.fixture(autouse=True)
def _require_2fa(settings):
    settings.VISITATOR_REQUIRE_2FA = True


def code(device: TOTPDevice, steps_ahead: int = 0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time += steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"


def password_login(client: Client, username: str) -> None:
    response = client.post(reverse("login"), {"username": username, "password": PASSWORD})
    assert response.status_code == 302


def test_the_first_login_sets_up_the_app_with_a_qr_code(client, caseworker, make_case):
    case = make_case()
    password_login(client, caseworker.username)
    # Every page sends the user to the set-up page, the case page too, keeping where they were going.
    detail = reverse("cases:detail", args=[case.id])
    response = client.get(detail)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('security:otp_enrol')}?next={detail}"
    page = client.get(response["Location"])
    body = page.content.decode()
    assert page.status_code == 200 and "Sæt to-faktor-login op" in body and "<svg" in body
    device = TOTPDevice.objects.get(user=caseworker, confirmed=False)
    assert device.config_url.startswith("otpauth://totp/Visitator")
    # A wrong code: a Danish message, nothing confirmed.
    wrong = client.post(
        reverse("security:otp_enrol"), {"token": "000000" if code(device) != "000000" else "111111"}
    )
    assert "Koden er forkert eller for gammel." in wrong.content.decode()
    assert not TOTPDevice.objects.filter(user=caseworker, confirmed=True).exists()
    # Right after a wrong code the next try waits (django-otp's throttle): said so, nothing confirmed.
    hurried = client.post(reverse("security:otp_enrol"), {"token": code(device)})
    assert "For mange forkerte koder lige efter hinanden." in hurried.content.decode()
    assert not TOTPDevice.objects.filter(user=caseworker, confirmed=True).exists()
    time.sleep(1.1)
    # The code the app shows now confirms the device and opens the page asked for.
    response = client.post(reverse("security:otp_enrol"), {"token": code(device), "next": detail})
    assert response.status_code == 302 and response["Location"] == detail
    assert client.get(detail).status_code == 200
    assert TOTPDevice.objects.get(user=caseworker).confirmed
    assert Event.objects.filter(kind="user.two_factor_enrolled", user=caseworker).count() == 1


def test_later_logins_ask_for_the_code_and_refuse_a_replayed_one(client, caseworker):
    device = TOTPDevice.objects.create(user=caseworker, name="Visitator", confirmed=True)
    password_login(client, caseworker.username)
    response = client.get(reverse("cases:worklist"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("security:otp_verify"))
    # The set-up page cannot add a second device to a session that has not given the first one's code.
    assert client.get(reverse("security:otp_enrol"))["Location"] == reverse("security:otp_verify")
    assert TOTPDevice.objects.filter(user=caseworker).count() == 1
    token = code(device)
    response = client.post(reverse("security:otp_verify"), {"token": token})
    assert response.status_code == 302 and response["Location"] == reverse("cases:worklist")
    assert client.get(reverse("cases:worklist")).status_code == 200
    # The same code again, in a new session (someone who looked over the shoulder): refused.
    other = Client()
    password_login(other, caseworker.username)
    replay = other.post(reverse("security:otp_verify"), {"token": token})
    assert replay.status_code == 200 and "Koden er forkert eller for gammel." in replay.content.decode()
    assert other.get(reverse("cases:worklist")).status_code == 302


def test_bad_input_gets_a_danish_message(client, caseworker):
    TOTPDevice.objects.create(user=caseworker, name="Visitator", confirmed=True)
    password_login(client, caseworker.username)
    response = client.post(reverse("security:otp_verify"), {"token": "12ab56"})
    assert "Koden består kun af cifre." in response.content.decode()
    response = client.post(reverse("security:otp_verify"), {"token": ""})
    assert "Skriv koden fra appen." in response.content.decode()


def test_logout_and_a_foreign_next_are_safe(client, caseworker):
    device = TOTPDevice.objects.create(user=caseworker, name="Visitator", confirmed=True)
    password_login(client, caseworker.username)
    response = client.post(
        reverse("security:otp_verify"), {"token": code(device), "next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("cases:worklist")
    assert client.post(reverse("logout")).status_code == 302


def test_off_in_development_and_the_demo(client, caseworker, settings):
    settings.VISITATOR_REQUIRE_2FA = False
    password_login(client, caseworker.username)
    assert client.get(reverse("cases:worklist")).status_code == 200
