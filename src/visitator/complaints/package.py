"""The forwarding package to Ankestyrelsen: a numbered aktliste and every akt of the case.

Order (Ankestyrelsen's ankeskema asks for the complaint, the decision and the genvurdering first, then
the rest of the case): 1. the complaint, 2. the decision complained about (its letter, then its
record), 3. the genvurdering, then every other akt of the case oldest first. The intro says what the
complaint is and where the case stands. Stored immutably with hashes by casefile.bundle.bundle_store.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.models import User
from django.utils import translation
from django.utils.translation import gettext as _

from visitator.casefile.akter import Akt, case_akter, danish_date
from visitator.cases.models import Case

from . import law
from .akter import complaint_key, reconsideration_key
from .models import Complaint, Forwarding


def package_order(complaint: Complaint, akter: list[Akt]) -> list[Akt]:
    """The complaint, the decision complained about, the genvurdering, then the rest in case order."""
    first_keys = [
        complaint_key(complaint),
        f"letter:{complaint.decision.letter_id}",
        f"decision:{complaint.decision.pk}",
        reconsideration_key(complaint),
    ]
    by_key = {a.key: a for a in akter}
    first = [by_key[k] for k in first_keys if k in by_key]
    taken = {a.key for a in first}
    return first + [a for a in akter if a.key not in taken]


def package_intro(*, complaint: Complaint, basis: str, forwarded_on: dt.date) -> str:
    decision = complaint.decision
    with translation.override("da"):
        paragraphs = [
            _(
                "Klage fra %(who)s modtaget %(received)s over kommunens afgørelse af %(decided)s "
                "(%(outcome)s). Klagen og sagens akter sendes til Ankestyrelsen %(forwarded)s."
            )
            % {
                "who": complaint.complainant_name,
                "received": danish_date(complaint.received_on),
                "decided": danish_date(decision.decided_on),
                "outcome": decision.get_outcome_display().lower(),
                "forwarded": danish_date(forwarded_on),
            },
        ]
        if basis == Forwarding.Basis.LATE:
            paragraphs.append(
                _(
                    "Klagen er modtaget efter klagefristen (%(deadline)s). Kommunen har ikke genvurderet "
                    "afgørelsen; Ankestyrelsen bedes afgøre, om klagen kan behandles. Akt nr. 1 viser, "
                    "hvordan fristen er beregnet."
                )
                % {"deadline": danish_date(complaint.complaint_deadline or complaint.received_on)}
            )
        elif basis == Forwarding.Basis.PARTIAL:
            paragraphs.append(
                _(
                    "Kommunen har ved genvurderingen givet delvist medhold "
                    "og truffet en ny afgørelse. Den del "
                    "af klagen, kommunen ikke har givet medhold i, sendes til Ankestyrelsen (%(citation)s)."
                )
                % {"citation": law.PARTIAL_AGREEMENT_REST_FORWARDED.citation}
            )
        else:
            paragraphs.append(
                _("Kommunen har genvurderet afgørelsen og fastholder den (%(citation)s).")
                % {"citation": law.RECONSIDERATION.citation}
            )
        paragraphs.append(
            _(
                "Akterne er nummereret: først klagen, den påklagede afgørelse og genvurderingen, derefter "
                "sagens øvrige akter i den rækkefølge, de er kommet ind i sagen."
            )
        )
        return "\n\n".join(paragraphs)


def package_store(*, user: User, complaint: Complaint, case: Case, basis: str, forwarded_on: dt.date) -> Any:
    """Build and store the package (PDF/A and zip with hashes); returns the CaseFileBundle."""
    from visitator.casefile.bundle import NumberedAkt, bundle_store

    akter = package_order(complaint, case_akter(case))
    items = [NumberedAkt(number=n, akt=akt) for n, akt in enumerate(akter, start=1)]
    with translation.override("da"):
        title = _("Klage til Ankestyrelsen – sag %(number)s") % {"number": case.number}
    return bundle_store(
        user=user,
        case=case,
        purpose="forwarding",
        title=title,
        intro=package_intro(complaint=complaint, basis=basis, forwarded_on=forwarded_on),
        items=items,
    )
