"""Two-factor login with a time-based one-time code (TOTP, RFC 6238) from an authenticator app,
through django-otp. Required for every signed-in user when VISITATOR_REQUIRE_2FA is on."""

from __future__ import annotations

import base64

import segno
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction
from django.http import HttpRequest
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from visitator.audit.services import event_record
from visitator.organisation.roles import find_membership

DEVICE_NAME = "Visitator"


def has_confirmed_device(user: AbstractBaseUser | AnonymousUser) -> bool:
    return TOTPDevice.objects.filter(user_id=user.pk, confirmed=True).exists()


def pending_device(user: AbstractBaseUser) -> TOTPDevice:
    """The user's device being set up (unconfirmed): the same secret until a code confirms it."""
    device = TOTPDevice.objects.filter(user_id=user.pk, confirmed=False).order_by("id").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// address as an inline SVG QR code (no script, no style: fits the CSP)."""
    return str(segno.make(device.config_url, error="m").svg_inline(scale=5, border=2, title=""))


def secret_for_typing(device: TOTPDevice) -> str:
    """The secret in base32, in groups of four, for apps that cannot scan the code."""
    secret = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def _municipality(user: AbstractBaseUser) -> object:
    membership = find_membership(user)  # type: ignore[arg-type]
    return membership.unit.municipality if membership else None


def throttled(user: AbstractBaseUser | AnonymousUser) -> bool:
    """After a wrong code django-otp makes the next try wait (1, 2, 4 … seconds)."""
    return any(not device.verify_is_allowed()[0] for device in TOTPDevice.objects.filter(user_id=user.pk))


def enrol_confirm(*, request: HttpRequest, device: TOTPDevice, token: str) -> bool:
    """Confirm the pending device with a code from the app; the session counts as verified."""
    if not device.verify_token(token):
        return False
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user_id=device.user_id, confirmed=False).delete()
        event_record(
            user=request.user,
            kind="user.two_factor_enrolled",
            municipality=_municipality(request.user),  # type: ignore[arg-type]
            after={"username": request.user.get_username()},
        )
    otp_login(request, device)
    return True


def verify(*, request: HttpRequest, token: str) -> bool:
    """Check a code against the user's confirmed device (throttled by django-otp after failures)."""
    for device in TOTPDevice.objects.filter(user_id=request.user.pk, confirmed=True):
        if device.verify_token(token):
            otp_login(request, device)
            return True
    return False
