"""Reads of citizens: permission-filtered, and every read or search is in the access log."""

from __future__ import annotations

import uuid

from django.contrib.auth.models import AnonymousUser, User
from django.db import transaction

from visitator.audit.models import AccessAction
from visitator.audit.services import access_log
from visitator.organisation.roles import READ_CASES, require_role

from . import cpr as cprlib
from .models import Citizen


@transaction.atomic
def citizen_find_by_cpr(*, user: User | AnonymousUser, cpr: str) -> Citizen | None:
    """Find a citizen of the user's municipality by CPR number. Raises ValidationError on a bad number.

    The search is logged with the criterion masked (birth date kept, serial hidden).
    """
    membership = require_role(user, *READ_CASES)
    number = cprlib.normalize(cpr)
    citizen = Citizen.objects.filter(municipality=membership.municipality, cpr=number).first()
    access_log(
        user=user,
        action=AccessAction.SEARCH,
        what="borger",
        municipality=membership.municipality,
        citizen=citizen,
        detail=f"CPR {cprlib.mask(number)}: {'fundet' if citizen else 'ikke fundet'}",
    )
    return citizen


@transaction.atomic
def citizen_get(*, user: User | AnonymousUser, citizen_id: uuid.UUID, purpose: str = "borger") -> Citizen:
    membership = require_role(user, *READ_CASES)
    citizen = Citizen.objects.get(municipality=membership.municipality, id=citizen_id)
    access_log(user=user, action=AccessAction.VIEW, what=purpose, citizen=citizen)
    return citizen


@transaction.atomic
def citizen_search_by_name(*, user: User | AnonymousUser, text: str, limit: int = 50) -> list[Citizen]:
    """Search the user's municipality by name (every word must match first or last name)."""
    from django.db.models import Q

    membership = require_role(user, *READ_CASES)
    words = [w for w in text.split() if w][:5]
    qs = Citizen.objects.filter(municipality=membership.municipality)
    for word in words:
        qs = qs.filter(Q(first_name__icontains=word) | Q(last_name__icontains=word))
    citizens = list(qs.order_by("last_name", "first_name", "id")[:limit])
    access_log(
        user=user,
        action=AccessAction.SEARCH,
        what="borger",
        municipality=membership.municipality,
        detail=f"navn: {' '.join(words)[:100]} ({len(citizens)} fundet)",
    )
    return citizens
