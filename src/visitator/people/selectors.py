"""Reads of citizens: permission-filtered, and every read or search is in the access log."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser, User
from django.contrib.postgres.search import TrigramSimilarity
from django.db import connection, transaction
from django.db.models import CharField, Q, QuerySet, Value
from django.db.models.functions import Concat
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


#: At most this many words of a name search are used.
NAME_SEARCH_WORDS = 5


def name_search_words(text: str) -> list[str]:
    return text.split()[:NAME_SEARCH_WORDS]


def citizens_by_name(citizens: QuerySet[Citizen], words: list[str]) -> QuerySet[Citizen]:
    """The citizens whose first or last name contains every word (case-insensitive), best match first.

    Matching is `icontains` on both backends, so SQLite and PostgreSQL find the same citizens. On
    PostgreSQL the pg_trgm GIN indexes on UPPER(first_name) and UPPER(last_name) (migration
    people.0004_scale_name_trigram) serve those LIKE '%word%' scans for words of three letters or more,
    and the result is ranked by trigram similarity of the full name to the words, then by name. SQLite
    has no trigram index: it scans the municipality's citizens and orders by last name, first name.
    The caller caps the result (a slice), so the page never grows with the data.
    """
    for word in words:
        citizens = citizens.filter(Q(first_name__icontains=word) | Q(last_name__icontains=word))
    if connection.vendor == "postgresql" and words:
        full_name = Concat("first_name", Value(" "), "last_name", output_field=CharField())
        citizens = citizens.annotate(name_rank=TrigramSimilarity(full_name, " ".join(words)))
        return citizens.order_by("-name_rank", "last_name", "first_name", "id")
    return citizens.order_by("last_name", "first_name", "id")


@transaction.atomic
def citizen_search_by_name(*, user: User | AnonymousUser, text: str, limit: int = 50) -> list[Citizen]:
    """Search the user's municipality by name (every word must match first or last name), best match
    first, at most `limit` citizens (see citizens_by_name)."""
    membership = require_role(user, *READ_CASES)
    words = name_search_words(text)
    qs = citizens_by_name(Citizen.objects.filter(municipality=membership.municipality), words)
    citizens = list(qs[:limit])
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
