"""Changing an offer in the product (the administrator's edit page), with optimistic locking.

The import (`importer.py`) changes many offers from a file; this changes one offer's practical facts:
its places, address, opening hours, status on Tilbudsportalen and whether it is active. Identity
(provider, Tilbudsportalen ids, paragraphs) and rates come from the import, which checks them
against the rest of the file.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from visitator.audit.models import Event
from visitator.audit.services import event_record
from visitator.core import clock
from visitator.organisation.roles import ADMINISTRATOR, require_role_in
from visitator.people import history
from visitator.people.services import StaleEdit

from .models import Offer
from .policy import occupied_places

OFFER_UPDATED = "offer.updated"

#: The fields the edit page changes, in the order the page shows them.
EDITABLE_FIELDS = (
    "name",
    "places",
    "address_line",
    "postcode",
    "city",
    "opens_at",
    "closes_at",
    "registration",
    "approval",
    "verified_on",
    "active",
)


def _json(value: Any) -> Any:
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return value


def _changes_since(offer: Offer, version: int) -> list[Event]:
    """The offer's change events after `version`, oldest first (the edit page's and the import's)."""
    events = Event.objects.filter(
        municipality_id=offer.provider.municipality_id, kind=OFFER_UPDATED, after__offer=str(offer.pk)
    )
    return history.events_after(events, version)


def offer_problems(offer: Offer, values: dict[str, Any]) -> dict[str, str]:
    """What is wrong with these values for this offer, per field (Danish)."""
    problems: dict[str, str] = {}
    if not str(values.get("name", "")).strip():
        problems["name"] = _("Skriv tilbuddets navn.")
    opens, closes = values.get("opens_at"), values.get("closes_at")
    if (opens is None) != (closes is None):
        problems["closes_at" if opens else "opens_at"] = _("Skriv både hvornår tilbuddet åbner og lukker.")
    elif opens is not None and closes is not None and closes <= opens:
        problems["closes_at"] = _("Tilbuddet skal lukke senere, end det åbner.")
    verified_on = values.get("verified_on")
    if verified_on is not None and verified_on > clock.today():
        problems["verified_on"] = _("Datoen for kontrollen på Tilbudsportalen kan ikke ligge i fremtiden.")
    places = values.get("places")
    if places is not None:
        occupied = occupied_places(offer)
        if places < occupied:
            problems["places"] = _(
                "Tilbuddet har %(occupied)s borgere med en bevilling, der er bestilt eller i gang. Der kan "
                "ikke være færre pladser end det; afslut eller flyt bevillinger først."
            ) % {"occupied": occupied}
    postcode = str(values.get("postcode", "")).strip()
    if postcode and not (len(postcode) == 4 and postcode.isdigit()):
        problems["postcode"] = _("Skriv et postnummer med 4 cifre.")
    return problems


@transaction.atomic
def offer_update(*, user: User, offer: Offer, version: int, **fields: Any) -> Offer:
    """Change an offer's practical facts. Only an administrator of the offer's municipality may.

    `version` is the version the form was opened on: if someone (or an import) has saved since,
    nothing is saved and `StaleEdit` says who changed what. The same save twice (a double click) is
    done once. The event keeps old and new values."""
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown offer fields: {sorted(unknown)}")
    locked = Offer.objects.select_for_update().select_related("provider").get(pk=offer.pk)
    require_role_in(user, locked.provider.municipality_id, ADMINISTRATOR)
    values = {name: value.strip() if isinstance(value, str) else value for name, value in fields.items()}
    if locked.version != version:
        if all(getattr(locked, name) == value for name, value in values.items()):
            return locked  # the same save twice: done once
        events = _changes_since(locked, version)
        raise StaleEdit(
            history.stale_message(what=_("Tilbuddet"), events=events, model=Offer),
            version=locked.version,
            changes={
                name: (_json(old), _json(new)) for name, (old, new) in history.net_changes(events).items()
            },
        )
    if problems := offer_problems(locked, {**{n: getattr(locked, n) for n in EDITABLE_FIELDS}, **values}):
        raise ValidationError(problems)
    before = {name: getattr(locked, name) for name in values}
    changed = [name for name, value in values.items() if before[name] != value]
    if not changed:
        return locked
    for name in changed:
        setattr(locked, name, values[name])
    locked.full_clean()
    locked.version += 1
    locked.save()
    event_record(
        user=user,
        kind=OFFER_UPDATED,
        municipality=locked.provider.municipality,
        before={"offer": str(locked.pk), **{name: _json(before[name]) for name in changed}},
        after={
            "offer": str(locked.pk),
            **{name: _json(values[name]) for name in changed},
            "version": locked.version,
        },
    )
    return locked
