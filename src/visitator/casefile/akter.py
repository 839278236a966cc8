"""Sagens akter: every document of a case, as one list in the order the documents entered the case.

An *akt* is what a party or Ankestyrelsen sees of the case: the letters sent, the documents received,
the journal notes, the udredning, the caseworker's recorded assessments, the information the hearing
covered and the answers, the decisions with what they rest on, consents, grants and follow-ups. The
access log and the event log are not akter (they record the handling, not the case).

This module reads; it writes nothing and logs nothing (the caller has checked the user and logs what
it shows or exports). `case_akter` is the one list; the apps above this one (complaints, access to
the file, ...) add their own akter with `register_akt_source` from their ``AppConfig.ready()``.

Every akt has a stable key ("letter:<uuid>", "note:<pk>", ...) that never holds personal data, so a
review (e.g. which akter are withheld from an access request) can be stored by key.

The udredning is a working document that changes while the case is prepared. It enters the file in
the versions that mattered: the version each decision was made on, and the latest version. The
versions are rebuilt from the "assessment.saved" events, which hold every saved change with old and
new values (the event log is the udredning's history, not an akt of its own).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models.fields.files import FieldFile
from django.utils import formats, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

if TYPE_CHECKING:
    from visitator.cases.models import Case


@dataclass(frozen=True)
class Akt:
    """One document of a case. Either `text` (a record Visitator keeps as text) or `content` (the
    bytes of a file: a letter's PDF, an uploaded document), never both."""

    #: Stable, unique within the case, no personal data: "letter:<uuid>", "note:<pk>", ...
    key: str
    #: When it entered the case (the sort key).
    at: dt.datetime
    #: Danish label of the type: "Brev", "Dokument", "Journalnotat", "Udredning", ...
    kind: str
    #: Danish title, e.g. "Afslag (brev)", "Lægeerklæring".
    title: str
    #: The akt's text, for akter that are text (notes, udredning, hearing response, decision record).
    text: str = ""
    #: Reads the file's bytes (called only when the bundle is rendered).
    content: Callable[[], bytes] | None = None
    #: The type of `content`: "application/pdf", "image/png", "image/jpeg", "text/plain", ...
    content_type: str = ""
    #: A safe file name for the zip (no personal data), e.g. "brev-afslag.pdf".
    filename: str = ""
    #: Who wrote or registered it (a staff member's name), shown under the akt's heading; "" if none.
    by: str = ""

    @property
    def is_file(self) -> bool:
        return self.content is not None


AktSource = Callable[["Case"], "list[Akt]"]

_sources: list[AktSource] = []


def register_akt_source(source: AktSource) -> None:
    """Add the akter of an app above this one (call from its AppConfig.ready())."""
    if source not in _sources:
        _sources.append(source)


class DuplicateAktKey(RuntimeError):
    """Two akter of one case have the same key (a bug in a source, never the user's input)."""


def case_akter(case: Case) -> list[Akt]:
    """Every akt of the case, oldest first (ties by key). Labels and texts are Danish."""
    with translation.override("da"):
        akter: list[Akt] = []
        for source in (*_BUILTIN_SOURCES, *_sources):
            akter.extend(source(case))
    seen: set[str] = set()
    for akt in akter:
        if akt.key in seen:
            raise DuplicateAktKey(akt.key)
        seen.add(akt.key)
    return sorted(akter, key=lambda a: (a.at, _natural(a.key)))


def _natural(key: str) -> tuple[tuple[int, str], ...]:
    """ "note:9" before "note:10"."""
    return tuple(
        (0, "") if not part else (1, part) if not part.isdigit() else (0, part.zfill(20))
        for part in re.split(r"(\d+)", key)
    )


# -- helpers ----------------------------------------------------------------------------------------


def danish_date(day: dt.date) -> str:
    """ "1. december 2026" (call inside translation.override("da"))."""
    return formats.date_format(day, "j. F Y")


def local_day(moment: dt.datetime) -> dt.date:
    from visitator.core import clock

    return clock.local_date(moment)


def _name(user: Any) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def _file_reader(field: FieldFile) -> Callable[[], bytes]:
    storage, name = field.storage, field.name
    if not name:
        raise ValueError("the akt's file field is empty")

    def read() -> bytes:
        with storage.open(name, "rb") as handle:
            data: bytes = handle.read()
        return data

    return read


def _text(*blocks: str) -> str:
    """Blocks separated by a blank line; empty blocks left out."""
    return "\n\n".join(b.strip() for b in blocks if b and b.strip())


def _lines(*lines: str) -> str:
    return "\n".join(line for line in lines if line)


#: File name extensions by content type (uploads allow these: cases/uploads.py).
EXTENSIONS = {
    "application/pdf": ".pdf",
    "image/png": ".png",
    "image/jpeg": ".jpg",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/vnd.oasis.opendocument.text": ".odt",
    "text/plain": ".txt",
}


# -- the sources of the apps below this one -----------------------------------------------------------


def letter_akter(case: Case) -> list[Akt]:
    from visitator.letters.compose import KIND_SLUGS

    akter = []
    for letter in case.letters.select_related("sent_by").order_by("sent_at", "id"):
        akter.append(
            Akt(
                key=f"letter:{letter.id}",
                at=letter.sent_at,
                kind=_("Brev"),
                title=_("%(kind)s (brev)") % {"kind": letter.get_kind_display()},
                content=_file_reader(letter.pdf),
                content_type="application/pdf",
                filename=f"brev-{KIND_SLUGS.get(letter.kind, 'brev')}.pdf",
                by=_name(letter.sent_by),
            )
        )
    return akter


def document_akter(case: Case) -> list[Akt]:
    akter = []
    for document in case.documents.select_related("uploaded_by").order_by("uploaded_at", "id"):
        extension = EXTENSIONS.get(document.content_type, "")
        akter.append(
            Akt(
                key=f"document:{document.id}",
                at=document.uploaded_at,
                kind=_("Dokument"),
                title=document.title,
                content=_file_reader(document.file),
                content_type=document.content_type,
                filename=f"dokument{extension}",
                by=_name(document.uploaded_by),
            )
        )
    return akter


def note_akter(case: Case) -> list[Akt]:
    return [
        Akt(
            key=f"note:{note.pk}",
            at=note.at,
            kind=_("Journalnotat"),
            title=str(note.get_kind_display()),
            text=note.text,
            filename="journalnotat.pdf",
            by=_name(note.by),
        )
        for note in case.notes.select_related("by").order_by("at", "id")
    ]


#: A deadline-notice letter sent this long before its notice row counts as that notice's letter.
NOTICE_LETTER_WINDOW = dt.timedelta(minutes=5)


def deadline_notice_akter(case: Case) -> list[Akt]:
    """Fristvarsler (RSL § 3, stk. 2). A notice is sent as a letter (cases.services.deadline_notice_send
    writes the letter, then the notice row); then the letter is the akt. A notice without its letter
    (recorded before letters were sent through the letter engine) is an akt of its own, as text."""
    from visitator.letters.compose import LetterKind

    letters = [
        letter.sent_at
        for letter in case.letters.filter(kind=LetterKind.DEADLINE_NOTICE).order_by("sent_at", "id")
    ]
    akter = []
    for notice in case.deadline_notices.select_related("sent_by").order_by("sent_at", "id"):
        match = next(
            (s for s in letters if notice.sent_at - NOTICE_LETTER_WINDOW <= s <= notice.sent_at), None
        )
        if match is not None:
            letters.remove(match)
            continue
        akter.append(
            Akt(
                key=f"deadline-notice:{notice.pk}",
                at=notice.sent_at,
                kind=_("Fristvarsel"),
                title=_("Fristvarsel: afgørelse forventes %(date)s")
                % {"date": danish_date(notice.expected_decision_on)},
                text=notice.letter_text,
                filename="fristvarsel.pdf",
                by=_name(notice.sent_by),
            )
        )
    return akter


# -- udredning ------------------------------------------------------------------------------------


def _ffb_display(code: str, version: Any) -> str:
    from visitator.ffb import selectors as ffb

    try:
        return ffb.concept(code, version).display
    except ffb.UnknownConcept:
        return code


def _area_order(order: tuple[str, ...]) -> Callable[[tuple[str, str]], tuple[int, str]]:
    def key(item: tuple[str, str]) -> tuple[int, str]:
        code, display = item
        return (order.index(code) if code in order else len(order), display)

    return key


def udredning_text(snapshot: dict[str, Any], version: Any) -> str:
    """The udredning as readable Danish text, from a snapshot as `assessment.services._snapshot` makes
    it ({"citizen_own_words", "support_level", "target_groups", "rating:<area>": [level, note],
    "description:<area>": text}), with FFB display names of `version`."""
    from visitator.ffb import selectors as ffb

    blocks = [
        _("Udredning efter Voksenudredningsmetoden med Fælles Faglige Begreber (FFB version %(version)s).")
        % {"version": getattr(version, "version", "?")}
    ]
    words = (snapshot.get("citizen_own_words") or "").strip()
    blocks.append(_lines(_("Borgerens egne ønsker og ord:"), words or _("Ikke beskrevet.")))
    ratings = [
        (key.split(":", 1)[1], value)
        for key, value in snapshot.items()
        if key.startswith("rating:") and value
    ]
    rated = sorted(
        ((area, _ffb_display(area, version)) for area, _value in ratings),
        key=_area_order(ffb.RATED_AREA_ORDER),
    )
    by_area = dict(ratings)
    rating_lines = [_("Aktivitet og deltagelse (vurderet på FFB's skala for funktionsevne):")]
    for area, display in rated:
        level, note = (list(by_area[area]) + ["", ""])[:2]
        line = f"{display}: {_ffb_display(level, version)}."
        if note:
            line += f" {note}"
        rating_lines.append(f"• {line}")
    if not rated:
        rating_lines.append(_("Ingen områder er vurderet."))
    blocks.append(_lines(*rating_lines))
    descriptions = [
        (key.split(":", 1)[1], value)
        for key, value in snapshot.items()
        if key.startswith("description:") and value
    ]
    described = sorted(
        ((area, _ffb_display(area, version)) for area, _value in descriptions),
        key=_area_order(ffb.DESCRIBED_AREA_ORDER),
    )
    texts = dict(descriptions)
    description_lines = [_("Funktioner og forhold (beskrevet):")]
    description_lines.extend(f"• {display}: {texts[area]}" for area, display in described)
    if not described:
        description_lines.append(_("Ingen områder er beskrevet."))
    blocks.append(_lines(*description_lines))
    support = snapshot.get("support_level") or ""
    blocks.append(
        _("Støttebehovsniveau: %(level)s.")
        % {"level": _ffb_display(support, version) if support else _("ikke vurderet")}
    )
    groups = [_ffb_display(code, version) for code in snapshot.get("target_groups") or []]
    if groups:
        blocks.append(_("Målgrupper (FFB): %(groups)s.") % {"groups": ", ".join(groups)})
    return _text(*blocks)


def _current_snapshot(assessment: Any) -> dict[str, Any]:
    """The udredning as it is now, in the form of the "assessment.saved" events."""
    return {
        "citizen_own_words": assessment.citizen_own_words,
        "support_level": assessment.support_level,
        "target_groups": list(assessment.target_groups),
        **{f"rating:{r.area}": [r.level, r.note] for r in assessment.ratings.all()},
        **{f"description:{d.area}": d.text for d in assessment.descriptions.all()},
    }


def _replay(events: Iterable[Any]) -> list[tuple[Any, dict[str, Any]]]:
    """(event, the udredning as it was after that event) for each "assessment.saved" event."""
    state: dict[str, Any] = {}
    versions = []
    for event in events:
        before, after = event.before or {}, event.after or {}
        for key in before:
            if key not in after:
                state.pop(key, None)
        state.update(after)
        versions.append((event, dict(state)))
    return versions


def assessment_akter(case: Case) -> list[Akt]:
    """The udredning in the version each decision was made on, and in its latest version."""
    from visitator.assessment.models import Assessment
    from visitator.audit.models import Event

    assessment = Assessment.objects.filter(case=case).select_related("ffb_version", "updated_by").first()
    if assessment is None:
        return []
    version = assessment.ffb_version
    events = list(Event.objects.filter(case_id=case.pk, kind="assessment.saved").order_by("at", "id"))
    if not events:
        return [
            Akt(
                key=f"assessment:{assessment.pk}",
                at=assessment.updated_at,
                kind=_("Udredning"),
                title=_("Udredning"),
                text=udredning_text(_current_snapshot(assessment), version),
                filename="udredning.pdf",
                by=_name(assessment.updated_by),
            )
        ]
    versions = _replay(events)
    chosen: dict[int, tuple[Any, dict[str, Any], str]] = {}
    for decision in case.decisions.order_by("decided_at", "id"):
        made_on = [v for v in versions if v[0].at <= decision.decided_at]
        if made_on:
            event, state = made_on[-1]
            chosen.setdefault(
                event.pk,
                (
                    event,
                    state,
                    _("Udredning (grundlag for afgørelsen %(date)s)")
                    % {"date": danish_date(decision.decided_on)},
                ),
            )
    last_event, last_state = versions[-1]
    chosen.setdefault(last_event.pk, (last_event, last_state, _("Udredning")))
    return [
        Akt(
            key=f"assessment:{event.pk}",
            at=event.at,
            kind=_("Udredning"),
            title=title,
            text=udredning_text(state, version),
            filename="udredning.pdf",
            by=event.username,
        )
        for event, state, title in chosen.values()
    ]


# -- the caseworker's assessment --------------------------------------------------------------------


def _rule_text(case: Case, rule_id: str) -> tuple[str, str]:
    """(text, citation) of a rule of the case's standard; the id itself if the standard lacks it."""
    for version in (case.decided_standard_version, case.standard_version):
        if version is None:
            continue
        try:
            rule = version.spec.rule(rule_id)
        except KeyError:
            continue
        return rule.text, rule.citation
    return rule_id, ""


def criterion_akter(case: Case) -> list[Akt]:
    akter = []
    for row in case.criterion_assessments.select_related("by").order_by("at", "id"):
        text, citation = _rule_text(case, row.rule_id)
        akter.append(
            Akt(
                key=f"criterion:{row.pk}",
                at=row.at,
                kind=_("Vurdering"),
                title=_("Vurdering: %(rule)s") % {"rule": text},
                text=_text(
                    _lines(
                        _("Kriterium i kvalitetsstandarden: %(rule)s") % {"rule": text},
                        _("Hjemmel: %(citation)s") % {"citation": citation} if citation else "",
                    ),
                    _("Vurdering: %(judgement)s.") % {"judgement": row.get_judgement_display()},
                    _lines(_("Begrundelse:"), row.reason),
                ),
                filename="vurdering.pdf",
                by=_name(row.by),
            )
        )
    return akter


def alternative_akter(case: Case) -> list[Akt]:
    return [
        Akt(
            key=f"alternative:{row.pk}",
            at=row.at,
            kind=_("Overvejet alternativ"),
            title=str(row.get_alternative_display()),
            text=_text(
                _("Anden hjælp overvejet (retssikkerhedsloven § 5): %(alternative)s")
                % {"alternative": row.get_alternative_display()},
                _lines(_("Overvejelse:"), row.consideration),
            ),
            filename="alternativ.pdf",
            by=_name(row.by),
        )
        for row in case.alternatives.select_related("by").order_by("at", "id")
    ]


def departure_akter(case: Case) -> list[Akt]:
    return [
        Akt(
            key=f"departure:{row.pk}",
            at=row.at,
            kind=_("Afvigelse fra kvalitetsstandarden"),
            title=_("Afvigelse: %(subject)s") % {"subject": row.subject_text[:120]},
            text=_text(
                _lines(_("Kvalitetsstandardens tekst:"), row.subject_text),
                _lines(_("Begrundelse for at afvige (serviceloven § 1, stk. 3):"), row.reason),
            ),
            filename="afvigelse.pdf",
            by=_name(row.by),
        )
        for row in case.departures.select_related("by").order_by("at", "id")
    ]


def consent_akter(case: Case) -> list[Akt]:
    akter = []
    for row in case.consents.select_related("recorded_by").order_by("recorded_at", "id"):
        kind = _("Vejledning") if row.kind == "informed_12" else _("Samtykke")
        akter.append(
            Akt(
                key=f"consent:{row.pk}",
                at=row.recorded_at,
                kind=kind,
                title=str(row.get_kind_display()),
                text=_text(
                    _("%(kind)s, dato %(date)s.")
                    % {"kind": row.get_kind_display(), "date": danish_date(row.on)},
                    _lines(_("Omfang:"), row.scope) if row.scope else "",
                ),
                filename="samtykke.pdf" if row.kind != "informed_12" else "vejledning.pdf",
                by=_name(row.recorded_by),
            )
        )
    return akter


# -- hearing and decisions ----------------------------------------------------------------------------


def hearing_akter(case: Case) -> list[Akt]:
    """Information the case rests on, the citizen's answers to hearings, and decisions not to hear
    (FVL § 19, stk. 2). The hearing letter itself is a letter akt."""
    from visitator.core import law
    from visitator.decisions.models import HearingException, HearingInformation, HearingResponse

    akter = []
    for info in HearingInformation.objects.filter(case=case).select_related("added_by", "document"):
        known = (
            _("Borgeren kender oplysningen (skal ikke i partshøring).")
            if info.citizen_knows
            else _("Borgeren kan ikke antages at kende oplysningen (forvaltningsloven § 19, stk. 1).")
        )
        akter.append(
            Akt(
                key=f"hearing-information:{info.pk}",
                at=info.added_at,
                kind=_("Oplysning til partshøring"),
                title=info.source,
                text=_text(
                    _lines(
                        _("Kilde: %(source)s") % {"source": info.source},
                        _("Modtaget: %(date)s") % {"date": danish_date(info.received_on)},
                        _("Dokument i sagen: %(title)s") % {"title": info.document.title}
                        if info.document
                        else "",
                    ),
                    _lines(_("Indhold:"), info.summary),
                    known,
                ),
                filename="oplysning.pdf",
                by=_name(info.added_by),
            )
        )
    for response in HearingResponse.objects.filter(hearing__case=case).select_related(
        "recorded_by", "hearing"
    ):
        akter.append(
            Akt(
                key=f"hearing-response:{response.pk}",
                at=response.recorded_at,
                kind=_("Høringssvar"),
                title=_("Høringssvar modtaget %(date)s") % {"date": danish_date(response.received_on)},
                text=_text(
                    _("Svar på partshøring sendt %(sent)s, modtaget %(received)s.")
                    % {
                        "sent": danish_date(local_day(response.hearing.sent_at)),
                        "received": danish_date(response.received_on),
                    },
                    _lines(_("Borgerens bemærkninger:"), response.summary),
                ),
                filename="hoeringssvar.pdf",
                by=_name(response.recorded_by),
            )
        )
    for exception in HearingException.objects.filter(case=case).select_related("by", "information"):
        rule = law.HEARING_EXCEPTION_GROUNDS.get(exception.ground)
        ground = f"{rule.value} ({rule.citation})" if rule else exception.ground
        akter.append(
            Akt(
                key=f"hearing-exception:{exception.pk}",
                at=exception.at,
                kind=_("Undtagelse fra partshøring"),
                title=_("Ingen partshøring: %(source)s") % {"source": exception.information.source},
                text=_text(
                    _("Afgørelsen træffes uden forudgående partshøring over oplysningen »%(source)s«.")
                    % {"source": exception.information.source},
                    _lines(_("Grundlag:"), ground),
                    _lines(_("Begrundelse:"), exception.reason),
                ),
                filename="undtagelse-partshoering.pdf",
                by=_name(exception.by),
            )
        )
    return akter


FINDING_STATUS = {
    "ok": gettext_lazy("I orden"),
    "concern": gettext_lazy("Taler imod"),
    "needs_assessment": gettext_lazy("Ikke vurderet"),
}


def decision_text(decision: Any) -> str:
    """A record of what was decided and on what basis (the letter itself is its own akt)."""
    spec = decision.standard_version.spec
    blocks = [
        _lines(
            _("%(kind)s: %(outcome)s.")
            % {"kind": decision.get_kind_display(), "outcome": decision.get_outcome_display()},
            _("Truffet den %(date)s af %(by)s.")
            % {"date": danish_date(decision.decided_on), "by": _name(decision.decided_by)},
            _(
                "Kvalitetsstandard: %(title)s, version gyldig fra %(valid_from)s "
                "(indholdets SHA-256: %(hash)s)."
            )
            % {
                "title": spec.service.title,
                "valid_from": danish_date(decision.standard_version.valid_from),
                "hash": decision.standard_hash[:16],
            },
            _("Afgørelsen erstatter afgørelsen af %(date)s.")
            % {"date": danish_date(decision.replaces.decided_on)}
            if decision.replaces_id
            else "",
        ),
        _lines(_("Ansøgt om:"), decision.applied_for),
    ]
    if decision.granted:
        blocks.append(_lines(_("Bevilget:"), decision.granted))
    if decision.proposed_offer or decision.proposed_scope:
        blocks.append(
            _lines(
                _("Foreslået tilbud: %(offer)s") % {"offer": decision.proposed_offer}
                if decision.proposed_offer
                else "",
                _("Foreslået omfang: %(scope)s") % {"scope": decision.proposed_scope}
                if decision.proposed_scope
                else "",
            )
        )
    if decision.legal_rules:
        blocks.append(_lines(_("Retsregler:"), *(f"• {rule}" for rule in decision.legal_rules)))
    if decision.main_considerations:
        blocks.append(_lines(_("Hovedhensyn:"), decision.main_considerations))
    if decision.facts:
        blocks.append(_lines(_("Faktiske forhold:"), decision.facts))
    if decision.findings:
        lines = [_("Kriterier i kvalitetsstandarden på afgørelsestidspunktet:")]
        for finding in decision.findings:
            try:
                text = spec.rule(finding.get("rule", "")).text
            except KeyError:
                text = finding.get("rule", "")
            status = str(FINDING_STATUS.get(finding.get("status", ""), finding.get("status", "")))
            line = f"• {text}: {status}. {finding.get('explanation', '')}".rstrip()
            if finding.get("citation"):
                line += f" ({finding['citation']})"
            lines.append(line)
        blocks.append(_lines(*lines))
    if decision.departures:
        blocks.append(
            _lines(
                _("Afvigelser fra kvalitetsstandarden:"),
                *(
                    f"• {d.get('text', d.get('subject', ''))} – {d.get('reason', '')}"
                    for d in decision.departures
                ),
            )
        )
    if decision.alternatives:
        from visitator.assessment.models import Alternative

        labels = dict(Alternative.choices)
        blocks.append(
            _lines(
                _("Anden hjælp overvejet (retssikkerhedsloven § 5):"),
                *(
                    f"• {labels.get(alt, alt)}: {a.get('consideration', '')}"
                    for a in decision.alternatives
                    for alt in [a.get("alternative", "")]
                ),
            )
        )
    blocks.append(
        _("Afgørelsen er meddelt borgeren i brev dateret %(date)s (%(kind)s).")
        % {"date": danish_date(decision.letter.letter_date), "kind": decision.letter.get_kind_display()}
    )
    return _text(*blocks)


def decision_akter(case: Case) -> list[Akt]:
    from visitator.decisions.models import Decision

    return [
        Akt(
            key=f"decision:{decision.pk}",
            at=decision.decided_at,
            kind=_("Afgørelse"),
            title=_("Afgørelse: %(outcome)s") % {"outcome": decision.get_outcome_display()},
            text=decision_text(decision),
            filename="afgoerelse.pdf",
            by=_name(decision.decided_by),
        )
        for decision in Decision.objects.filter(case=case)
        .select_related("standard_version", "decided_by", "letter", "replaces")
        .order_by("decided_at", "id")
    ]


# -- grants and follow-up --------------------------------------------------------------------------------

WEEKDAYS = {1: "mandag", 2: "tirsdag", 3: "onsdag", 4: "torsdag", 5: "fredag", 6: "lørdag", 7: "søndag"}


def grant_text(grant: Any) -> str:
    from visitator.grants.models import Transport

    blocks = [
        _lines(
            _("Tilbud: %(offer)s") % {"offer": grant.offer.name},
            _("Omfang: %(scope)s") % {"scope": grant.scope_text},
            _("Startdato: %(date)s") % {"date": danish_date(grant.start_date)},
            _("Forventet start (venteliste): %(date)s") % {"date": danish_date(grant.expected_start)}
            if grant.expected_start
            else "",
            _("Status: %(status)s") % {"status": grant.get_status_display()},
            _("Ophørt: %(date)s") % {"date": danish_date(grant.stopped_on)} if grant.stopped_on else "",
        ),
        _lines(_("Formål:"), grant.purpose),
        _lines(_("Indhold:"), grant.content),
    ]
    if grant.offer_reason:
        blocks.append(_lines(_("Begrundelse for valg af tilbud:"), grant.offer_reason))
    goals = list(grant.goals.all())
    if goals:
        blocks.append(
            _lines(
                _("Mål:"),
                *(
                    f"• {g.description} ({g.goal_type_display}; forventes nået {danish_date(g.target_date)})"
                    for g in goals
                ),
            )
        )
    transport = Transport.objects.filter(grant=grant).first()
    if transport is not None:
        days = ", ".join(WEEKDAYS.get(int(d), str(d)) for d in transport.weekdays)
        blocks.append(
            _lines(
                _("Kørsel: %(mode)s (%(basis)s)")
                % {"mode": transport.get_mode_display(), "basis": transport.get_basis_display()},
                _("Dage: %(days)s") % {"days": days} if days else "",
            )
        )
    blocks.append(
        _lines(
            _("Handleplan tilbudt %(date)s (serviceloven § 141): %(answer)s.")
            % {
                "date": danish_date(grant.handleplan_offered_on),
                "answer": grant.get_handleplan_answer_display(),
            },
            _("Næste opfølgning senest: %(date)s") % {"date": danish_date(grant.next_follow_up_on)},
        )
    )
    return _text(*blocks)


def grant_akter(case: Case) -> list[Akt]:
    from visitator.grants.models import FollowUp, Grant

    akter = []
    grants = list(
        Grant.objects.filter(case=case).select_related("offer", "created_by").order_by("created_at", "id")
    )
    for grant in grants:
        akter.append(
            Akt(
                key=f"grant:{grant.pk}",
                at=grant.created_at,
                kind=_("Bevilling"),
                title=_("Bevilling: %(offer)s") % {"offer": grant.offer.name},
                text=grant_text(grant),
                filename="bevilling.pdf",
                by=_name(grant.created_by),
            )
        )
    follow_ups = (
        FollowUp.objects.filter(grant__case=case)
        .select_related("grant__offer", "by")
        .prefetch_related("progress__goal")
        .order_by("at", "id")
    )
    for follow_up in follow_ups:
        effort = _ffb_display(follow_up.effort_status, None) if follow_up.effort_status else ""
        progress = [f"• {p.goal.description}: {p.text}" for p in follow_up.progress.all()]
        akter.append(
            Akt(
                key=f"follow-up:{follow_up.pk}",
                at=follow_up.at,
                kind=_("Opfølgning"),
                title=_("Opfølgning %(date)s") % {"date": danish_date(follow_up.done_on)},
                text=_text(
                    _lines(
                        _("Opfølgning på bevillingen af %(offer)s (serviceloven § 148, stk. 2).")
                        % {"offer": follow_up.grant.offer.name},
                        _("Dato: %(date)s") % {"date": danish_date(follow_up.done_on)},
                        _("Formålet er fortsat opfyldt: %(answer)s")
                        % {"answer": _("ja") if follow_up.purpose_met else _("nej")},
                        _("Resultat: %(outcome)s") % {"outcome": follow_up.get_outcome_display()},
                        _("Status på indsats (FFB): %(status)s") % {"status": effort} if effort else "",
                        _("Næste opfølgning senest: %(date)s")
                        % {"date": danish_date(follow_up.next_follow_up_on)}
                        if follow_up.next_follow_up_on
                        else "",
                    ),
                    _lines(_("Vurdering:"), follow_up.notes),
                    _lines(_("Fremskridt på målene:"), *progress) if progress else "",
                ),
                filename="opfoelgning.pdf",
                by=_name(follow_up.by),
            )
        )
    return akter


_BUILTIN_SOURCES: tuple[AktSource, ...] = (
    letter_akter,
    document_akter,
    note_akter,
    deadline_notice_akter,
    assessment_akter,
    criterion_akter,
    alternative_akter,
    departure_akter,
    consent_akter,
    hearing_akter,
    decision_akter,
    grant_akter,
)

__all__ = ["Akt", "DuplicateAktKey", "case_akter", "register_akt_source"]
