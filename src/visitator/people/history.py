"""Citizens' and representatives' changes in words: for the case journal and for the message a stale
save gets ("what changed since you opened the form"). The event log keeps old and new values
(`citizen.changed`, `citizen.representative_*`); this module only reads them."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Iterable
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from visitator.audit.models import Event

from .models import Language, Representative

CITIZEN_CHANGED = "citizen.changed"
REPRESENTATIVE_ADDED = "citizen.representative_added"
REPRESENTATIVE_CHANGED = "citizen.representative_changed"
REPRESENTATIVE_ENDED = "citizen.representative_ended"
REPRESENTATIVE_KINDS = (REPRESENTATIVE_ADDED, REPRESENTATIVE_CHANGED, REPRESENTATIVE_ENDED)

#: Keys of a change event that name the record and its version, not a changed field.
_BOOKKEEPING = frozenset({"version", "representative", "offer"})

_CHOICES: dict[str, type[models.TextChoices]] = {
    "preferred_language": Language,
    "kind": Representative.Kind,
}


def person_name(user: Any) -> str:
    """A staff member by name (full name, else the user name); "System" for work nobody did by hand."""
    if user is None:
        return _("System")
    return str(user.get_full_name() or user.get_username())


def format_value(name: str, value: Any) -> str:
    if value is None or value == "":
        return _("(tom)")
    if isinstance(value, bool):
        return _("ja") if value else _("nej")
    choices = _CHOICES.get(name)
    if choices is not None and value in choices.values:
        return str(choices(value).label)
    if isinstance(value, dt.date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return dt.date.fromisoformat(value).strftime("%d.%m.%Y")
        except ValueError:
            return value
    return str(value)


def _label(model: type[models.Model], name: str) -> str:
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:  # a key of an old event is shown by its name
        return name
    label = str(getattr(field, "verbose_name", name))
    return label[:1].upper() + label[1:]


def _display(model: type[models.Model], name: str, value: Any) -> str:
    """A value as the user knows it: a choice by its label (from the model field), else format_value."""
    try:
        choices = dict(model._meta.get_field(name).flatchoices)  # type: ignore[union-attr]
    except FieldDoesNotExist:
        choices = {}
    if name not in _CHOICES and value in choices:
        return str(choices[value])
    return format_value(name, value)


def describe_changes(
    model: type[models.Model], before: dict[str, Any] | None, after: dict[str, Any] | None
) -> list[str]:
    """`Adresse: »Testvej 1« → »Prøvegade 2«`, one line per changed field (bookkeeping keys left out)."""
    before = before or {}
    after = after or {}
    lines = []
    for name, new in after.items():
        if name in _BOOKKEEPING:
            continue
        lines.append(
            _("%(field)s: »%(old)s« → »%(new)s«")
            % {
                "field": _label(model, name),
                "old": _display(model, name, before.get(name)),
                "new": _display(model, name, new),
            }
        )
    return lines


def moment(at: dt.datetime) -> str:
    return timezone.localtime(at).strftime("%d.%m.%Y kl. %H:%M")


def changes_since(
    *, citizen_id: uuid.UUID, kinds: Iterable[str], version: int, representative: Any = None
) -> list[Event]:
    """The change events of a citizen (or of one of its representatives) after `version`, oldest first.

    Each change event carries the version it made (``after.version``); the newest come first from the
    index on (citizen, at), and the walk stops at the first one the editor had already seen.
    """
    events = Event.objects.filter(citizen_id=citizen_id, kind__in=list(kinds))
    if representative is None:
        return events_after(events, version)
    return events_after(
        events, version, keep=lambda after: after.get("representative") == str(representative)
    )


def events_after(
    events: models.QuerySet[Event], version: int, keep: Callable[[dict[str, Any]], bool] | None = None
) -> list[Event]:
    """The change events of `events` that made a version after `version`, oldest first (those `keep`
    refuses are passed over). Each change event carries the version it made (``after.version``); the
    newest come first, and the walk stops at the first one the editor had already seen."""
    found: list[Event] = []
    for event in events.select_related("user").order_by("-at", "-id")[:50]:
        after = event.after or {}
        if keep is not None and not keep(after):
            continue
        if int(after.get("version", 0)) <= version:
            break
        found.append(event)
    found.reverse()
    return found


def net_changes(events: list[Event]) -> dict[str, tuple[Any, Any]]:
    """Per field the events changed: (the value before the first, the value after the last)."""
    changes: dict[str, tuple[Any, Any]] = {}
    for event in events:
        before = event.before or {}
        for name, new in (event.after or {}).items():
            if name in _BOOKKEEPING:
                continue
            changes[name] = (changes[name][0] if name in changes else before.get(name), new)
    return changes


def stale_message(*, what: str, events: list[Event], model: type[models.Model]) -> str:
    """The message a stale save gets: who saved what, and when, since the form was opened."""
    parts = []
    for event in events:
        changes = describe_changes(model, event.before, event.after)
        parts.append(
            _("%(who)s gemte %(when)s: %(changes)s")
            % {
                "who": person_name(event.user),
                "when": moment(event.at),
                "changes": "; ".join(changes) if changes else _("ingen felter ændret"),
            }
        )
    if not parts:
        parts.append(_("En anden har gemt en nyere udgave."))
    return _(
        "%(what)s er blevet ændret, efter du åbnede formularen. %(changes)s. Det, du skrev, er ikke "
        "gemt, men står stadig i formularen; felter, du ikke selv havde rettet, viser nu det nye. Se "
        "formularen igennem, og gem igen."
    ) % {"what": what, "changes": ". ".join(p.rstrip(".") for p in parts)}
