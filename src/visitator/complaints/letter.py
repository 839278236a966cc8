"""The letter that tells the citizen the complaint has gone to Ankestyrelsen (LetterKind.COMPLAINT_FORWARDED).

Every sentence that states the law names its rule (the style of letters/legal_text.py). The check in
letters/checks.py (`_complaint_forwarded`) looks for: Ankestyrelsen, the forwarding date in the
section keyed "forwarded", the reasons (upheld or partial) or the lateness section, and "opsættende
virkning".
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from visitator.letters.compose import LetterBody, Section, SectionKey
from visitator.letters.legal_text import danish_date, lower_first

from . import law
from .models import Complaint, Forwarding, LatenessDecision, Reconsideration

#: Section keys of this letter (never printed; letters.checks finds the sections by them).
KEY_RECEIVED = "complaint_received"
KEY_LATE = "late"
KEY_FORWARDED = "forwarded"
KEY_SUSPENSIVE = "suspensive"


def _paragraphs(text: str) -> tuple[str, ...]:
    blocks = [" ".join(block.split()) for block in text.replace("\r\n", "\n").split("\n\n")]
    return tuple(block for block in blocks if block)


def forwarding_letter(
    *,
    complaint: Complaint,
    basis: str,
    forwarded_on: dt.date,
    reconsideration: Reconsideration | None,
    lateness: LatenessDecision | None,
    new_decision: Any = None,
) -> LetterBody:
    """The letter's subject and sections for a complaint sent to Ankestyrelsen on `forwarded_on`."""
    with translation.override("da"):
        decision = complaint.decision
        service = lower_first(complaint.case.standard_version.spec.service.title)
        sections = [
            Section(
                "",
                (
                    _(
                        "Vi modtog den %(received)s din klage over vores "
                        "afgørelse af %(decided)s om %(service)s."
                    )
                    % {
                        "received": danish_date(complaint.received_on),
                        "decided": danish_date(decision.decided_on),
                        "service": service,
                    },
                ),
                KEY_RECEIVED,
            )
        ]
        if basis == Forwarding.Basis.LATE:
            late = [
                _(
                    "Klagefristen var den %(deadline)s. Vi modtog din klage "
                    "den %(received)s, det vil sige efter "
                    "fristen."
                )
                % {
                    "deadline": danish_date(complaint.complaint_deadline or complaint.received_on),
                    "received": danish_date(complaint.received_on),
                },
                _(
                    "Vi har derfor ikke genvurderet afgørelsen. "
                    "Ankestyrelsen afgør, om din klage kan behandles, "
                    "selv om fristen er overskredet. Det kan ske, hvis der er en særlig grund, fx alvorlig "
                    "sygdom i hele klageperioden."
                ),
            ]
            if lateness is not None and lateness.reason.strip():
                late.append(_("Vores bemærkning: %(note)s") % {"note": " ".join(lateness.reason.split())})
            sections.append(Section(_("Klagen er kommet efter klagefristen"), tuple(late), KEY_LATE))
        elif basis == Forwarding.Basis.PARTIAL:
            assert reconsideration is not None
            lead = _(
                "Vi har genvurderet afgørelsen (%(citation)s) og givet dig "
                "delvist medhold. Vi har truffet en ny "
                "afgørelse, som du har fået i et brev for sig%(date)s. Den del af din klage, som vi ikke har "
                "kunnet give dig medhold i, sender vi videre til Ankestyrelsen."
            ) % {
                "citation": lower_first(law.RECONSIDERATION.citation),
                "date": (_(" den %(date)s") % {"date": danish_date(new_decision.decided_on)})
                if new_decision is not None
                else "",
            }
            sections.append(
                Section(
                    _("Du har fået delvist medhold"),
                    _paragraphs(reconsideration.reasons),
                    SectionKey.REASONS,
                    intro=lead,
                )
            )
        else:
            assert reconsideration is not None
            lead = _(
                "Vi har genvurderet afgørelsen (%(citation)s). Vi kan ikke give dig medhold og fastholder "
                "derfor afgørelsen. Begrundelsen er:"
            ) % {"citation": lower_first(law.RECONSIDERATION.citation)}
            sections.append(
                Section(
                    _("Vi fastholder afgørelsen"),
                    _paragraphs(reconsideration.reasons),
                    SectionKey.REASONS,
                    intro=lead,
                )
            )
        forwarded = [
            _(
                "Vi har den %(date)s sendt din klage og sagens akter til "
                "Ankestyrelsen sammen med begrundelsen "
                "for afgørelsen%(and_reconsideration)s (%(citation)s)."
            )
            % {
                "date": danish_date(forwarded_on),
                "and_reconsideration": _(" og for vores genvurdering")
                if basis != Forwarding.Basis.LATE
                else "",
                "citation": lower_first(law.FORWARD_WITH_REASONS.citation),
            },
            _(
                "Ankestyrelsen behandler nu din klage og sender sin afgørelse til dig. Du kan sende nye "
                "oplysninger til Ankestyrelsen, mens klagen bliver behandlet. Oplys gerne vores sagsnummer "
                "%(number)s."
            )
            % {"number": complaint.case.number},
        ]
        if forwarded_on > complaint.reconsideration_deadline:
            forwarded.append(
                _(
                    "Vi skulle have sendt din klage senest den "
                    "%(deadline)s, det vil sige 4 uger efter, at vi "
                    "modtog den. Vi beklager, at det ikke er sket."
                )
                % {"deadline": danish_date(complaint.reconsideration_deadline)}
            )
        sections.append(Section(_("Din klage er sendt til Ankestyrelsen"), tuple(forwarded), KEY_FORWARDED))
        sections.append(
            Section(
                _("Afgørelsen gælder, mens klagen behandles"),
                (
                    _(
                        "En klage har ikke opsættende virkning. Det betyder, "
                        "at vores afgørelse fortsat gælder, "
                        "mens Ankestyrelsen behandler din klage (%(citation)s)."
                    )
                    % {"citation": lower_first(law.NO_SUSPENSIVE_EFFECT.citation)},
                ),
                KEY_SUSPENSIVE,
            )
        )
        return LetterBody(subject=_("Din klage er sendt til Ankestyrelsen"), sections=tuple(sections))
