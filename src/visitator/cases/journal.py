"""The case journal: every event of a case, oldest first, with who did it by name.

Status changes, assignments, notes, documents, information received, the partshøring (sent, answered,
exceptions), the caseworker's judgements, consents, decisions, letters, the grant and its follow-up,
changes to the citizen and the representatives, and what the apps above `cases` register
(`cases.extensions.register_timeline_source`).

Every source is one query (plus one for the people named in the apps' entries), so the number of
queries does not grow with the number of entries (tests/cases/test_journal.py pins it). `cases` never
imports the apps above it: their rows are read through the case's reverse relations, and their events
through the event log.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.db.models import Q
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from visitator.audit.models import Event
from visitator.people import history as people_history
from visitator.people.history import person_name
from visitator.people.models import Citizen, Representative

from . import extensions
from .lifecycle import Status
from .models import Case


@dataclass
class TimelineEntry:
    """One line of the journal. `by` is who did it, by name; `obj` what the entry links to (a document
    or a letter); `letter` the letter that told the citizen, when the entry is the action behind it."""

    at: dt.datetime
    kind: str
    title: str
    text: str = ""
    by: str = ""
    obj: Any = None
    letter: Any = None


#: The kinds of entry, in the order the filter shows them, with their Danish names.
KINDS: dict[str, Promise] = {
    "status": gettext_lazy("Status"),
    "assignment": gettext_lazy("Sagsbehandler"),
    "note": gettext_lazy("Notater"),
    "document": gettext_lazy("Dokumenter"),
    "information": gettext_lazy("Oplysninger"),
    "hearing": gettext_lazy("Partshøring"),
    "assessment": gettext_lazy("Udredning og vurdering"),
    "consent": gettext_lazy("Samtykke og vejledning"),
    "decision": gettext_lazy("Afgørelser"),
    "letter": gettext_lazy("Breve"),
    "grant": gettext_lazy("Bevilling og opfølgning"),
    "citizen": gettext_lazy("Borger og repræsentanter"),
    "complaint": gettext_lazy("Klager"),
    "access": gettext_lazy("Aktindsigt"),
}


def kind_label(kind: str) -> str:
    return str(KINDS.get(kind, kind.capitalize()))


def _d(value: dt.date | str | None) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value[:10]).strftime("%d.%m.%Y")
        except ValueError:
            return value
    return value.strftime("%d.%m.%Y")


def _delivery(letter: Any) -> str:
    via = _("Digital Post") if letter.channel == "digital_post" else _("fysisk post")
    return _("Til %(recipient)s via %(via)s. Regnes for modtaget %(receipt)s.") % {
        "recipient": letter.recipient_name,
        "via": via,
        "receipt": _d(letter.receipt_on),
    }


def _join(*parts: str) -> str:
    return "\n".join(part for part in parts if part)


# -- the case's own rows -------------------------------------------------------------------------


def _status(case: Case) -> Iterable[TimelineEntry]:
    for change in case.status_changes.select_related("by"):
        if not change.from_status:
            title = _("Ansøgning registreret")
            text = _join(
                _("Modtaget %(date)s (%(channel)s).")
                % {"date": _d(case.received_on), "channel": case.get_channel_display()},
                change.reason,
            )
        else:
            title = _("Status: %(status)s") % {"status": Status(change.to_status).label}
            if change.outcome:
                title = f"{title}: {change.get_outcome_display()}"
            text = change.reason
        yield TimelineEntry(change.at, "status", title, text, person_name(change.by))


def _notes(case: Case) -> Iterable[TimelineEntry]:
    for note in case.notes.select_related("by"):
        yield TimelineEntry(note.at, "note", note.get_kind_display(), note.text, person_name(note.by))


def _documents(case: Case) -> Iterable[TimelineEntry]:
    for document in case.documents.select_related("uploaded_by"):
        text = ""
        if document.origin_name:
            text = _("Fra %(sender)s.") % {"sender": document.origin_name}
        yield TimelineEntry(
            document.uploaded_at,
            "document",
            _("Dokument: %(title)s") % {"title": document.title},
            text,
            person_name(document.uploaded_by),
            document,
        )


# -- the apps above, through the case's reverse relations ------------------------------------------


def _information(case: Case) -> Iterable[TimelineEntry]:
    for item in case.hearing_information.select_related("added_by"):
        text = _join(
            _("Modtaget %(date)s.") % {"date": _d(item.received_on)},
            item.summary,
            _("Borgeren kender oplysningen.") if item.citizen_knows else "",
        )
        yield TimelineEntry(
            item.added_at,
            "information",
            _("Oplysning modtaget: %(source)s") % {"source": item.source},
            text,
            person_name(item.added_by),
        )


def _hearings(case: Case, letters_shown: set[Any]) -> Iterable[TimelineEntry]:
    hearings = case.hearings.select_related("sent_by", "letter").prefetch_related("responses__recorded_by")
    for hearing in hearings:
        letter = hearing.letter if getattr(hearing.letter, "sent_at", None) else None
        if letter is not None:
            letters_shown.add(letter.pk)
        yield TimelineEntry(
            hearing.sent_at,
            "hearing",
            _("Partshøring sendt"),
            _join(
                _("Svarfrist: %(date)s.") % {"date": _d(hearing.response_deadline)},
                hearing.planned_decision,
                _delivery(letter) if letter is not None else "",
            ),
            person_name(hearing.sent_by),
            letter=letter,
        )
        for response in hearing.responses.all():
            yield TimelineEntry(
                response.recorded_at,
                "hearing",
                _("Svar på partshøringen modtaget %(date)s") % {"date": _d(response.received_on)},
                response.summary,
                person_name(response.recorded_by),
            )
    for exception in case.hearing_exceptions.select_related("by", "information"):
        yield TimelineEntry(
            exception.at,
            "hearing",
            _("Ingen partshøring om: %(source)s") % {"source": exception.information.source},
            exception.reason,
            person_name(exception.by),
        )


def _assessment(case: Case) -> Iterable[TimelineEntry]:
    rules = {item.id: item.text for item in case.standard_version.spec.criteria_and_exclusions()}
    for row in case.criterion_assessments.select_related("by"):
        yield TimelineEntry(
            row.at,
            "assessment",
            _("Vurdering: %(rule)s – %(judgement)s")
            % {"rule": rules.get(row.rule_id, row.rule_id), "judgement": row.get_judgement_display()},
            row.reason,
            person_name(row.by),
        )
    for alternative in case.alternatives.select_related("by"):
        yield TimelineEntry(
            alternative.at,
            "assessment",
            _("Anden hjælp overvejet: %(alternative)s")
            % {"alternative": alternative.get_alternative_display()},
            alternative.consideration,
            person_name(alternative.by),
        )
    for departure in case.departures.select_related("by"):
        yield TimelineEntry(
            departure.at,
            "assessment",
            _("Afvigelse fra kvalitetsstandarden: %(subject)s") % {"subject": departure.subject},
            departure.reason,
            person_name(departure.by),
        )


def _consents(case: Case) -> Iterable[TimelineEntry]:
    for consent in case.consents.select_related("recorded_by"):
        yield TimelineEntry(
            consent.recorded_at,
            "consent",
            consent.get_kind_display(),
            _join(_("Dato: %(date)s.") % {"date": _d(consent.on)}, consent.scope),
            person_name(consent.recorded_by),
        )


def _decisions(case: Case, letters_shown: set[Any]) -> Iterable[TimelineEntry]:
    for decision in case.decisions.select_related("decided_by", "letter"):
        letter = decision.letter if getattr(decision.letter, "sent_at", None) else None
        if letter is not None:
            letters_shown.add(letter.pk)
        yield TimelineEntry(
            decision.decided_at,
            "decision",
            _("%(kind)s: %(outcome)s")
            % {"kind": decision.get_kind_display(), "outcome": decision.get_outcome_display()},
            _join(decision.granted, _delivery(letter) if letter is not None else ""),
            person_name(decision.decided_by),
            letter=letter,
        )


def _letters(case: Case, letters_shown: set[Any]) -> list[TimelineEntry]:
    """Letters not already shown with the action behind them. A deadline notice (fristvarsel) is
    shown with its letter: both are written in one transaction, so the n-th notice is the n-th
    deadline-notice letter."""
    letters = [
        letter
        for letter in case.letters.filter(sent_at__isnull=False).select_related("sent_by")
        if letter.pk not in letters_shown
    ]
    notices = list(case.deadline_notices.select_related("sent_by"))
    notice_letters = [letter for letter in letters if letter.kind == "deadline_notice"]
    entries: list[TimelineEntry] = []
    for notice, letter in zip(notices, notice_letters, strict=False):
        letters.remove(letter)
        entries.append(
            TimelineEntry(
                notice.sent_at,
                "letter",
                _("Fristvarsel sendt"),
                _join(
                    _("Forventet afgørelse senest %(date)s.") % {"date": _d(notice.expected_decision_on)},
                    notice.reason,
                    _delivery(letter),
                ),
                person_name(notice.sent_by),
                letter,
                letter,
            )
        )
    for notice in notices[len(notice_letters) :]:
        entries.append(
            TimelineEntry(
                notice.sent_at,
                "letter",
                _("Fristvarsel sendt"),
                _("Forventet afgørelse senest %(date)s.") % {"date": _d(notice.expected_decision_on)},
                person_name(notice.sent_by),
            )
        )
    for letter in letters:
        entries.append(
            TimelineEntry(
                letter.sent_at,
                "letter",
                _("Brev sendt: %(kind)s") % {"kind": letter.get_kind_display()},
                _delivery(letter),
                person_name(letter.sent_by),
                letter,
                letter,
            )
        )
    return entries


# -- the event log: what has no table of its own -----------------------------------------------------


def _assigned(event: Event, names: dict[str, str]) -> tuple[str, str]:
    before = (event.before or {}).get("caseworker")
    after = (event.after or {}).get("caseworker")
    return _("Sagen er tildelt en sagsbehandler"), _join(
        _("Fra %(name)s.") % {"name": names.get(before, before)} if before else "",
        _("Til %(name)s.") % {"name": names.get(after, after)} if after else "",
        (event.after or {}).get("reason", ""),
    )


def _titled(title: Promise, text: Any = None) -> Any:
    return lambda event, names: (str(title), text(event) if text else "")


def _citizen_changed(event: Event, names: dict[str, str]) -> tuple[str, str]:
    changes = people_history.describe_changes(Citizen, event.before, event.after)
    return _("Borgerens oplysninger ændret"), "\n".join(changes)


def _representative(title: Promise) -> Any:
    def describe(event: Event, names: dict[str, str]) -> tuple[str, str]:
        after = event.after or {}
        if event.kind == people_history.REPRESENTATIVE_ADDED:
            kind = after.get("kind", "")
            label = Representative.Kind(kind).label if kind in Representative.Kind.values else kind
            text = _join(
                f"{after.get('name', '')} ({label})",
                _("Gyldig fra %(date)s.") % {"date": _d(after.get("valid_from"))},
                _("Modtager borgerens breve.") if after.get("receives_letters") else "",
            )
        elif event.kind == people_history.REPRESENTATIVE_ENDED:
            text = _join(
                _("Sidste dag: %(date)s.") % {"date": _d(after.get("valid_to"))}, after.get("end_reason", "")
            )
        else:
            text = "\n".join(people_history.describe_changes(Representative, event.before, event.after))
        return str(title), text

    return describe


#: Events shown in the journal: kind -> (journal kind, title and text from the event).
EVENT_ENTRIES: dict[str, tuple[str, Any]] = {
    "case.assigned": ("assignment", _assigned),
    "case.reassigned": ("assignment", _assigned),
    "case.reopened": ("status", _titled(gettext_lazy("Sagen er genoptaget"))),
    "case.target_group_changed": ("assessment", _titled(gettext_lazy("Målgruppegrundlaget er ændret"))),
    "assessment.saved": ("assessment", _titled(gettext_lazy("Udredningen er gemt"))),
    "letter.printed": ("letter", _titled(gettext_lazy("Fysisk brev printet til afsendelse"))),
    "grant.created": (
        "grant",
        _titled(gettext_lazy("Bevilling oprettet"), lambda e: (e.after or {}).get("scope", "")),
    ),
    "grant.ordered": ("grant", _titled(gettext_lazy("Bestilling sendt til leverandøren"))),
    "grant.order_accepted": (
        "grant",
        _titled(
            gettext_lazy("Leverandøren har accepteret bestillingen"),
            lambda e: _("Start %(date)s.") % {"date": _d((e.after or {}).get("start_date"))},
        ),
    ),
    "grant.progress_noted": ("grant", _titled(gettext_lazy("Leverandøren har skrevet om et mål"))),
    "grant.followed_up": (
        "grant",
        _titled(
            gettext_lazy("Opfølgning registreret"),
            lambda e: (
                _("Næste opfølgning: %(date)s.") % {"date": _d((e.after or {}).get("next_follow_up_on"))}
                if (e.after or {}).get("next_follow_up_on")
                else ""
            ),
        ),
    ),
    "grant.changed": (
        "grant",
        _titled(gettext_lazy("Bevillingen er ændret"), lambda e: (e.after or {}).get("scope", "")),
    ),
    "grant.stopped": (
        "grant",
        _titled(
            gettext_lazy("Bevillingen er ophørt"),
            lambda e: _("Fra %(date)s.") % {"date": _d((e.after or {}).get("stopped_on"))},
        ),
    ),
}

CITIZEN_EVENT_ENTRIES: dict[str, Any] = {
    people_history.CITIZEN_CHANGED: _citizen_changed,
    people_history.REPRESENTATIVE_ADDED: _representative(gettext_lazy("Repræsentant tilføjet")),
    people_history.REPRESENTATIVE_CHANGED: _representative(gettext_lazy("Repræsentant ændret")),
    people_history.REPRESENTATIVE_ENDED: _representative(gettext_lazy("Repræsentant ophørt")),
}


def _events(case: Case) -> list[TimelineEntry]:
    """The case's events without a table of their own, and the citizen's (details, representatives):
    one query over the indexes on (case, at) and (citizen, at), and one for the caseworkers named in
    assignments."""
    events = list(
        Event.objects.filter(
            Q(case_id=case.pk, kind__in=list(EVENT_ENTRIES))
            | Q(citizen_id=case.citizen_id, kind__in=list(CITIZEN_EVENT_ENTRIES))
        ).select_related("user")
    )
    assigned = {
        username
        for event in events
        if event.kind in ("case.assigned", "case.reassigned")
        for username in ((event.before or {}).get("caseworker"), (event.after or {}).get("caseworker"))
        if username
    }
    names = _names(assigned)
    entries = []
    for event in events:
        if event.kind in EVENT_ENTRIES:
            kind, describe = EVENT_ENTRIES[event.kind]
        else:
            kind, describe = "citizen", CITIZEN_EVENT_ENTRIES[event.kind]
        title, text = describe(event, names)
        entries.append(TimelineEntry(event.at, kind, title, text, person_name(event.user)))
    return entries


def _names(usernames: set[str]) -> dict[str, str]:
    if not usernames:
        return {}
    return {user.username: person_name(user) for user in User.objects.filter(username__in=usernames)}


def _by_name(entries: list[TimelineEntry]) -> None:
    """The apps above give who did it as a user name; the journal names people (one query)."""
    names = _names({entry.by for entry in entries if entry.by})
    for entry in entries:
        entry.by = names.get(entry.by, entry.by)


#: The journal's sources, each with the kinds of entry it gives (a filter skips the others' queries).
_SOURCES: list[tuple[frozenset[str], Any]] = [
    (frozenset({"status"}), lambda case, shown: _status(case)),
    (frozenset({"note"}), lambda case, shown: _notes(case)),
    (frozenset({"document"}), lambda case, shown: _documents(case)),
    (frozenset({"information"}), lambda case, shown: _information(case)),
    (frozenset({"hearing"}), _hearings),
    (frozenset({"assessment"}), lambda case, shown: _assessment(case)),
    (frozenset({"consent"}), lambda case, shown: _consents(case)),
    (frozenset({"decision"}), _decisions),
]


def build_timeline(case: Case, kinds: Iterable[str] = ()) -> list[TimelineEntry]:
    """The journal of a case, oldest first; only the `kinds` given (all when none)."""
    wanted = set(kinds)
    letters_shown: set[Any] = set()
    entries: list[TimelineEntry] = []
    for source_kinds, source in _SOURCES:
        if not wanted or wanted & source_kinds:
            entries.extend(source(case, letters_shown))
    if not wanted or "letter" in wanted:
        # A letter shown with its hearing or decision is not repeated; when only letters are
        # chosen, it is shown on its own.
        entries += _letters(case, letters_shown)
    entries += _events(case)
    # Complaints, requests for access to the file, ...: from the apps above this one.
    extra = extensions.timeline_entries(case)
    _by_name(extra)
    entries += extra
    if wanted:
        entries = [entry for entry in entries if entry.kind in wanted]
    entries.sort(key=lambda e: e.at)
    return entries
