"""What the two access letters say: the notice (forvaltningsloven § 16, stk. 2) and the answer with the
aktliste, begrundelse and klagevejledning. Plain data in, a `letters.compose.LetterBody` out.

Letters are always Danish (composed under ``translation.override("da")``). Every legal sentence names
its rule; `letters.checks` reads the printed sections (by their keys) before a letter may be sent.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext as _

from visitator.letters.checks import ACCESS_LIST_KEY
from visitator.letters.compose import LetterBody, Section, SectionKey
from visitator.letters.legal_text import danish_date, lower_first

from . import law
from .models import AktDecision, Scope

#: The intro section of the answer (what was asked, what is given, what is enclosed).
ANSWER_KEY = "access_answer"


@dataclass(frozen=True)
class ListEntry:
    """One line of the aktliste as decided."""

    number: int
    key: str
    kind: str
    title: str
    day: dt.date
    decision: str
    ground: str = ""
    reason: str = ""
    extract: str = ""

    @property
    def rule(self) -> law.LawRule[str] | None:
        return law.WITHHOLDING_GROUNDS.get(self.ground)

    @property
    def label(self) -> str:
        return _("Akt %(number)d: %(title)s, %(date)s") % {
            "number": self.number,
            "title": self.title,
            "date": danish_date(self.day),
        }

    def to_data(self) -> dict[str, object]:
        return {
            "number": self.number,
            "key": self.key,
            "kind": self.kind,
            "title": self.title,
            "day": self.day.isoformat(),
            "decision": self.decision,
            "ground": self.ground,
            "citation": self.rule.citation if self.rule else "",
            "reason": self.reason,
        }


def _service(service_title: str) -> str:
    return lower_first(service_title)


def notice_body(*, received_on: dt.date, expected_on: dt.date, reason: str, service_title: str) -> LetterBody:
    """The notice: the request could not be answered within 7 working days; why, and when it will be."""
    with translation.override("da"):
        return LetterBody(
            subject=_("Besked om din anmodning om aktindsigt"),
            sections=(
                Section(
                    "",
                    (
                        _(
                            "Du bad den %(received)s om aktindsigt i din sag om %(service)s. Vi har endnu "
                            "ikke kunnet færdigbehandle din anmodning."
                        )
                        % {"received": danish_date(received_on), "service": _service(service_title)},
                        _("Du kan forvente svar senest den %(date)s.") % {"date": danish_date(expected_on)},
                    ),
                    SectionKey.NOTICE,
                ),
                Section(
                    "", (_("Det skyldes: %(reason)s") % {"reason": reason.strip()},), SectionKey.NOTICE_REASON
                ),
                Section(
                    "",
                    (
                        _(
                            "Vi skriver til dig, fordi vi skal give dig besked, når vi ikke kan svare på en "
                            "anmodning om aktindsigt inden %(days)d arbejdsdage (%(citation)s)."
                        )
                        % {
                            "days": law.NOTICE_AFTER.value,
                            "citation": lower_first(law.NOTICE_AFTER.citation),
                        },
                    ),
                    SectionKey.NOTICE_BASIS,
                ),
            ),
        )


def _list_line(entry: ListEntry) -> str:
    rule = entry.rule
    if entry.decision == AktDecision.RELEASE:
        status = _("udleveret")
    elif entry.decision == AktDecision.NOT_REQUESTED:
        status = _("ikke omfattet af din anmodning")
    elif entry.decision == AktDecision.PARTIAL:
        status = _("delvist undtaget (%(citation)s); du får et uddrag") % {
            "citation": lower_first(rule.citation) if rule else "?"
        }
    else:
        status = _("undtaget (%(citation)s)") % {"citation": lower_first(rule.citation) if rule else "?"}
    return f"{entry.label} – {status}"


def _reason_paragraph(entry: ListEntry) -> str:
    rule = entry.rule
    assert rule is not None
    values = {
        "number": entry.number,
        "title": entry.title,
        "citation": lower_first(rule.citation),
        "ground": rule.value,
    }
    if entry.decision == AktDecision.PARTIAL:
        extract_rule = law.EXTRACT_RULE_BY_GROUND.get(entry.ground, law.EXTRACT_PARTLY)
        text = _(
            "Akt %(number)d (%(title)s) er delvist undtaget efter %(citation)s: %(ground)s. Du får et uddrag "
            "med de oplysninger i akten, du har ret til (%(extract)s)."
        ) % {**values, "extract": lower_first(extract_rule.citation)}
    else:
        text = _("Akt %(number)d (%(title)s) er undtaget efter %(citation)s: %(ground)s.") % values
    reason = " ".join(entry.reason.split())
    if reason:
        if reason[-1] not in ".!?":
            reason += "."
        text = f"{text} {reason}"
    return text


def answer_body(
    *,
    entries: list[ListEntry],
    received_on: dt.date,
    scope: str,
    documents: str,
    service_title: str,
    case_number: str,
    municipality_name: str,
    enclosed: bool,
) -> LetterBody:
    """The answer: what was asked and what is given, the aktliste, and where something is withheld the
    begrundelse (the ground of each withheld akt) and the klagevejledning (no deadline; to Ankestyrelsen)."""
    with translation.override("da"):
        service = _service(service_title)
        asked = [e for e in entries if e.decision != AktDecision.NOT_REQUESTED]
        given = [e for e in asked if e.decision in (AktDecision.RELEASE, AktDecision.PARTIAL)]
        withheld = [e for e in asked if e.decision in (AktDecision.WITHHOLD, AktDecision.PARTIAL)]
        if scope == Scope.SPECIFIC and documents.strip():
            what = _("Du bad om disse dokumenter: %(documents)s") % {"documents": " ".join(documents.split())}
        else:
            what = _("Du bad om aktindsigt i hele sagen.")
        intro = [
            _(
                "Du bad den %(received)s om aktindsigt i din sag om %(service)s. Som part i sagen har du ret "
                "til at se sagens dokumenter (%(citation)s)."
            )
            % {
                "received": danish_date(received_on),
                "service": service,
                "citation": lower_first(law.ACCESS_RIGHT.citation),
            },
            what if what.endswith(".") else f"{what}.",
        ]
        if not withheld:
            intro.append(_("Du får aktindsigt i alle de akter, du har bedt om."))
        elif given:
            intro.append(
                _(
                    "Du får aktindsigt i %(given)d af de %(asked)d akter, du har bedt om. Nogle akter eller "
                    "dele af akter er undtaget. Begrundelsen står nedenfor."
                )
                % {"given": len(given), "asked": len(asked)}
            )
        else:
            intro.append(
                _("Du kan ikke få aktindsigt i de akter, du har bedt om. Begrundelsen står nedenfor.")
            )
        if enclosed and given:
            intro.append(
                _(
                    "De akter, du får aktindsigt i, er vedlagt dette brev: samlet i én PDF-fil med en "
                    "aktliste forrest og som en zip-fil med hver akt for sig."
                )
            )
        sections = [
            Section(_("Aktindsigt"), tuple(intro), ANSWER_KEY),
            Section(
                _("Aktliste"),
                tuple(_list_line(e) for e in entries),
                ACCESS_LIST_KEY,
                bulleted=True,
                intro=_("Sagen %(number)s har disse akter:") % {"number": case_number},
            ),
        ]
        if not withheld:
            return LetterBody(subject=_("Svar på din anmodning om aktindsigt"), sections=tuple(sections))
        reasons = [_reason_paragraph(e) for e in withheld]
        reasons.append(
            _(
                "Vi har overvejet, om vi kan give dig aktindsigt i videre omfang, end loven giver ret til "
                "(meroffentlighed, %(citation)s). Det kan vi ikke af de grunde, der er nævnt ovenfor."
            )
            % {"citation": lower_first(law.EXTENDED_ACCESS.citation)}
        )
        used = sorted({e.ground for e in withheld}, key=list(law.WITHHOLDING_GROUNDS).index)
        extract_rules = {
            law.EXTRACT_RULE_BY_GROUND[e.ground].citation: law.EXTRACT_RULE_BY_GROUND[e.ground]
            for e in withheld
            if e.decision == AktDecision.PARTIAL
        }
        cited = [
            law.ACCESS_RIGHT,
            law.EXTENDED_ACCESS,
            *(law.WITHHOLDING_GROUNDS[g] for g in used),
            *(extract_rules[c] for c in sorted(extract_rules)),
        ]
        rules = [f"{rule.citation}: {rule.value}" for rule in cited]
        sections += [
            Section(
                _("Begrundelse"),
                tuple(reasons),
                SectionKey.REASONS,
                intro=_("Vi har undtaget disse akter helt eller delvist fra aktindsigt:"),
            ),
            Section(
                _("Regler, afgørelsen bygger på"),
                tuple(rules),
                SectionKey.LEGAL_RULES,
                bulleted=True,
            ),
            Section(
                _("Klagevejledning"),
                (
                    _(
                        "Du kan klage over, at du ikke har fået aktindsigt i alt, hvad du har bedt om. Du "
                        "skal sende klagen direkte til %(body)s, som er klageinstans for afgørelser i din "
                        "sag om %(service)s (%(citation)s)."
                    )
                    % {
                        "body": law.COMPLAINT_BODY.value,
                        "service": service,
                        "citation": "forvaltningsloven § 16, stk. 4",
                    },
                    _("Der er ingen frist for at klage over en afgørelse om aktindsigt."),
                    _(
                        "Du kan skrive til %(address)s, eller sende klagen med Digital Post. Oplys gerne, at "
                        "klagen gælder %(municipality)s, sagsnummer %(number)s. Sender du klagen til os, "
                        "sender vi den videre til Ankestyrelsen."
                    )
                    % {
                        "address": law.COMPLAINT_ADDRESS.value,
                        "municipality": municipality_name,
                        "number": case_number,
                    },
                ),
                SectionKey.COMPLAINT,
            ),
        ]
        subject = _("Delvis aktindsigt i din sag") if given else _("Afslag på aktindsigt i din sag")
        return LetterBody(subject=subject, sections=tuple(sections), complaint_deadline=None)
