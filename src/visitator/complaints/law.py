"""What the law (and Ankestyrelsen's published practice) says about a complaint, each with its citation.

The values the lead keeps in `visitator.core.law` are used from there: the complaint deadline
(`COMPLAINT_DEADLINE`), the genvurdering/forwarding deadline (`REASSESSMENT_DEADLINE`) and no
suspensive effect (`COMPLAINT_SUSPENDS_DECISION`). The rules below are the complaint workflow's own.
A rule marked ``check=True`` rests on a secondary source (a guide, an organisation's summary of the
law) and was not read in the primary text: the guide lists it as such.

Sources read for this module (December 2026):

* retssikkerhedsloven (LBK 261/2024) § 60, stk. 2 and § 72 (elov.dk, danskelove.dk);
* DUKH, Praksisnyt 50 "Genvurdering i klagesager" (25-02-2025), which gives § 66 as the genvurdering
  rule: before a complaint is handled, the authority that decided assesses whether the complainant
  can be given full or partial agreement ("helt eller delvist medhold"); if the authority cannot give
  agreement, the complaint is sent on with the reasons for the decision and the genvurdering;
* Ankestyrelsen, "Klagevejledning og tidsfrister", "Klagefrister" and "Akter" (ankeskema til
  kommuner), and "Hvad er en afgørelse?" (the outcome types).
"""

from __future__ import annotations

import datetime as dt

from visitator.core import law as core_law
from visitator.core.law import LawRule
from visitator.core.periods import Period
from visitator.core.workdays import is_working_day

#: The genvurdering (remonstration): the municipality assesses whether it can give the complainant
#: full or partial agreement before the complaint goes to Ankestyrelsen.
RECONSIDERATION: LawRule[None] = LawRule(None, "Retssikkerhedsloven § 66")

#: The municipality genvurderer and, when it upholds the decision, sends the complaint on within 4
#: weeks of receiving it. The number is the lead's rule in core.law (REASSESSMENT_DEADLINE); the stk.
#: of § 66 that sets the 4 weeks was not seen in the primary text, hence check.
RECONSIDERATION_DEADLINE: LawRule[Period] = LawRule(
    core_law.REASSESSMENT_DEADLINE.value, "Retssikkerhedsloven § 66", check=True
)

#: What is sent on: the complaint with the reasons for the decision and for the genvurdering.
FORWARD_WITH_REASONS: LawRule[None] = LawRule(None, "Retssikkerhedsloven § 66")

#: Partial agreement: the municipality makes a new decision on the part it agrees with (with its own
#: letter and klagevejledning), and sends the rest of the complaint (the part it cannot agree with)
#: on to Ankestyrelsen. § 66 sends a complaint on "when the authority cannot give agreement"; it
#: asks about full OR partial agreement, so what is not agreed goes on. Our reading of § 66 from
#: DUKH's summary, not from the primary text: check.
PARTIAL_AGREEMENT_REST_FORWARDED: LawRule[bool] = LawRule(
    True,
    "Retssikkerhedsloven § 66 (klagen sendes videre, i det omfang kommunen ikke giver medhold)",
    check=True,
)

#: A late complaint: Ankestyrelsen may disregard an exceeded complaint deadline when there is a
#: special reason, e.g. serious illness through the whole period or around the deadline. The
#: municipality either treats it anyway (records why) or sends it on so Ankestyrelsen decides;
#: the genvurdering is then not part of the package, and for a decision sent digitally the delivery
#: record (forsendelseslog) documents the receipt date.
LATE_COMPLAINT: LawRule[None] = LawRule(
    None, "Ankestyrelsen, 'Klagefrister' (dispensation) og 'Akter' (ankeskema til kommuner)"
)

#: A decision letter without klagevejledning: the complaint deadline does not run against the citizen.
NO_GUIDANCE_NO_DEADLINE: LawRule[bool] = LawRule(
    True, "Forvaltningsloven § 25; Ankestyrelsen, 'Klagevejledning og tidsfrister'", check=True
)

#: Only the person the decision concerns may complain (directly, or through a representative with
#: power of attorney or a guardian).
ONLY_THE_PARTY: LawRule[None] = LawRule(None, "Retssikkerhedsloven § 60, stk. 2; forvaltningsloven § 8")

#: A complaint has no form: by letter, e-mail or by phone to the authority that decided. An oral
#: complaint is written down (notatpligt).
NO_FORM: LawRule[None] = LawRule(
    None, "Ankestyrelsen, 'Klagevejledning og tidsfrister'; offentlighedsloven § 13 (notatpligt)"
)

#: The akter always sent to Ankestyrelsen: the decision, the complaint, the genvurdering (unless the
#: complaint is late), journal notes, hearing letters and answers, other correspondence, and the
#: documents the case rests on. Visitator sends every akt of the case (case_akter).
PACKAGE_CONTENTS: LawRule[tuple[str, ...]] = LawRule(
    (
        "kommunens afgørelse",
        "klagen",
        "genvurderingen (medmindre klagefristen er overskredet)",
        "journalnotater",
        "partshøring og partshøringssvar",
        "anden kommunikation mellem borger og kommune",
    ),
    "Ankestyrelsen, 'Akter' (ankeskema til kommuner)",
)

#: A complaint does not suspend the decision (no exception for SEL § 104 in § 72, stk. 2-6).
NO_SUSPENSIVE_EFFECT: LawRule[bool] = core_law.COMPLAINT_SUSPENDS_DECISION

#: Ankestyrelsen's decision types.
APPEAL_OUTCOMES: LawRule[tuple[str, ...]] = LawRule(
    ("stadfæstelse", "ændring", "ophævelse", "hjemvisning", "afvisning"),
    "Ankestyrelsen, 'Hvad er en afgørelse?'",
)

#: A case sent back (hjemvist) gets a new decision deadline counted from the receipt of
#: Ankestyrelsen's decision, under the municipality's own deadline rule (the quality standard).
REMITTED_NEW_DEADLINE: LawRule[None] = LawRule(None, "Retssikkerhedsloven § 3, stk. 2", check=True)


def is_late(received_on: dt.date, complaint_deadline: dt.date | None) -> bool:
    """Received after the decision letter's complaint deadline. No deadline (no klagevejledning): the
    deadline does not run, so a complaint is never late (NO_GUIDANCE_NO_DEADLINE)."""
    return complaint_deadline is not None and received_on > complaint_deadline


def reconsideration_deadline(received_on: dt.date) -> dt.date:
    """The last day to genvurdere and, if the decision is upheld, send the complaint on."""
    return core_law.REASSESSMENT_DEADLINE.value.deadline_from(received_on)


def act_by(deadline: dt.date) -> dt.date:
    """The last working day on or before `deadline`.

    The 4 weeks bind the municipality, not the citizen: nothing moves them to the next working day
    (the rule that does, Justitsministeriets vejledning nr. 9533/2018, is about the citizen's
    deadlines). A deadline on a closed day (weekend, holiday, Grundlovsdag, 24 or 31 December) must
    therefore be met on the working day before it.
    """
    day = deadline
    while not is_working_day(day):
        day -= dt.timedelta(days=1)
    return day
