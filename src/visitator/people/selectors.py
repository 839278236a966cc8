"""Reads of citizens: permission-filtered, and every read or search is in the access log."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser, User
from django.db import transaction
from django.utils.translation import gettext as _

from visitator.audit.models import AccessAction, Event
from visitator.audit.services import access_log
from visitator.organisation.roles import READ_CASES, require_role

from . import cpr as cprlib
from . import history
from .models import Citizen, Representative


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


@dataclass
class RepresentativeHistoryRow:
    at: dt.datetime
    by: str
    title: str
    changes: list[str]


@transaction.atomic
def representative_get(
    *, user: User | AnonymousUser, citizen: Citizen, representative_id: uuid.UUID
) -> Representative:
    """One of the citizen's representatives (Representative.DoesNotExist otherwise), logged as viewed.
    The caller has found the citizen through a permission-filtered selector (a case)."""
    membership = require_role(user, *READ_CASES)
    representative = Representative.objects.select_related("citizen").get(
        id=representative_id, citizen=citizen, citizen__municipality=membership.municipality
    )
    access_log(user=user, action=AccessAction.VIEW, what="borger: repræsentant", citizen=citizen)
    return representative


def representative_history(representative: Representative) -> list[RepresentativeHistoryRow]:
    """Added, changed and ended, oldest first, with who did it and the old and new values."""
    titles = {
        history.REPRESENTATIVE_ADDED: _("Tilføjet"),
        history.REPRESENTATIVE_CHANGED: _("Ændret"),
        history.REPRESENTATIVE_ENDED: _("Afsluttet"),
    }
    events = Event.objects.filter(
        citizen_id=representative.citizen_id, kind__in=history.REPRESENTATIVE_KINDS
    ).select_related("user")
    rows = []
    for event in events.order_by("at", "id"):
        after = event.after or {}
        if after.get("representative") != str(representative.pk):
            continue
        if event.kind == history.REPRESENTATIVE_ADDED:
            changes = []
        else:
            changes = history.describe_changes(Representative, event.before, after)
        rows.append(
            RepresentativeHistoryRow(event.at, history.person_name(event.user), titles[event.kind], changes)
        )
    return rows
