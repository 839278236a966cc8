"""What the LAW makes a letter say: every sentence here carries the rule it rests on.

Municipal wording (the standard's `letter_paragraphs`) never comes from here, and nothing here is
municipal: the values (4 weeks, no suspensive effect) come from `visitator.core.law`, and each
sentence names its citation in `LegalText.citation`. A citation with ``check=True`` was not verified
against the primary source; the letter prints only the plain citation, the guide lists the checks.

The checks (`letters.checks`) look for the marker words below in the printed text, so a letter that
loses one of these sentences cannot be sent.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.utils import formats
from django.utils.translation import gettext as _

from visitator.core import law
from visitator.core.law import LawRule
from visitator.core.workdays import add_working_days, closed_day_name, next_working_day

# -- rules that concern letters only (the values live in core.law where the law sets a number) ----

#: FVL § 19: the citizen is heard on information he or she cannot be assumed to know.
HEARING: LawRule[None] = LawRule(None, "Forvaltningsloven § 19")
#: FVL § 22: a written decision that does not fully grant carries a begrundelse.
REASONS_REQUIRED: LawRule[None] = LawRule(None, "Forvaltningsloven § 22")
#: FVL § 24, stk. 1: the legal rules applied and the main considerations of the discretion.
REASONS_RULES_AND_CONSIDERATIONS: LawRule[None] = LawRule(None, "Forvaltningsloven § 24, stk. 1")
#: FVL § 24, stk. 2: the facts given essential weight.
REASONS_FACTS: LawRule[None] = LawRule(None, "Forvaltningsloven § 24, stk. 2")
#: FVL § 25: klagevejledning (where to complain, how, and the deadline).
COMPLAINT_GUIDANCE: LawRule[None] = LawRule(None, "Forvaltningsloven § 25")
#: RSL § 5: an application is considered against all the help the citizen may be entitled to.
HOLISTIC_ASSESSMENT: LawRule[None] = LawRule(None, "Retssikkerhedsloven § 5")
#: RSL § 3, stk. 2: notice in writing when the decision deadline cannot be met.
DEADLINE_NOTICE: LawRule[None] = LawRule(None, "Retssikkerhedsloven § 3, stk. 2")
#: A complaint has no required form: in writing or orally (Ankestyrelsen's guidance to citizens).
COMPLAINT_FORM: LawRule[str] = LawRule(
    "written_or_oral",
    "Ingen formkrav til en klage; Ankestyrelsen, 'Klagevejledning og tidsfrister'",
    check=True,
)
#: The citizen complains to the municipality, not directly to Ankestyrelsen (genvurdering first).
COMPLAINT_TO_MUNICIPALITY: LawRule[bool] = LawRule(True, "Retssikkerhedsloven §§ 66-67")
#: A Digital Post message counts as received when it is available in the recipient's mailbox.
DIGITAL_POST_RECEIPT: LawRule[int] = law.RECEIPT_DIGITAL_POST_DAYS
#: A physical letter is taken as received 6 hverdage after its date (JM vejledning 9533/2018); the
#: number is a setting with that default, see `visitator.core.law.RECEIPT_PHYSICAL_POST_WORKING_DAYS`.
PHYSICAL_RECEIPT_SETTING = "VISITATOR_PHYSICAL_MAIL_RECEIPT_WORKING_DAYS"
PHYSICAL_RECEIPT_DEFAULT = law.RECEIPT_PHYSICAL_POST_WORKING_DAYS.value

# -- marker words the checks look for in the printed klagevejledning ----------------------------------

MARK_REASSESSMENT = "genvurder"
MARK_ANKESTYRELSEN = "Ankestyrelsen"
MARK_NOT_SUSPENSIVE = "opsættende virkning"


@dataclass(frozen=True)
class LegalText:
    """A sentence the law puts in a letter, with the citation it rests on."""

    text: str
    citation: str


def danish_date(day: dt.date) -> str:
    """ "28. november 2026" (the letters are always Danish: call inside translation.override("da"))."""
    return formats.date_format(day, "j. F Y")


def lower_first(text: str) -> str:
    """ "Serviceloven § 104" -> "serviceloven § 104", for a citation inside a sentence."""
    return text[:1].lower() + text[1:]


def physical_receipt_working_days() -> int:
    return int(getattr(settings, PHYSICAL_RECEIPT_SETTING, PHYSICAL_RECEIPT_DEFAULT))


def receipt_on(letter_date: dt.date, *, digital_post: bool) -> dt.date:
    """The day the recipient is taken to have received a letter of `letter_date`.

    Digital Post: the day it is available in the mailbox, which is the day it is sent, whatever day of
    the week or holiday that is. A physical letter: N hverdage after its date, N from the setting
    (default 6, JM vejledning 9533/2018; a hverdag is a working day of `core.workdays`).
    """
    if digital_post:
        return letter_date + dt.timedelta(days=law.RECEIPT_DIGITAL_POST_DAYS.value)
    return add_working_days(letter_date, physical_receipt_working_days())


def unmoved_complaint_deadline(receipt: dt.date) -> dt.date:
    """4 weeks after the day of receipt (that day not counted), before moving it off a closed day."""
    return law.COMPLAINT_DEADLINE.value.deadline_from(receipt)


def complaint_deadline(receipt: dt.date) -> dt.date:
    """The last day a complaint must be received: 4 weeks after the decision was received, moved to
    the next working day when it would end on a Saturday, a Sunday, a public holiday, Grundlovsdag,
    24 or 31 December (`law.COMPLAINT_DEADLINE_MOVED_OFF_CLOSED_DAYS`)."""
    deadline = unmoved_complaint_deadline(receipt)
    if law.COMPLAINT_DEADLINE_MOVED_OFF_CLOSED_DAYS.value:
        deadline = next_working_day(deadline)
    return deadline


def deadline_phrase(deadline: dt.date) -> str:
    """ "senest den 28. december 2026": how a letter states a deadline (the check looks for it)."""
    return _("senest den %(date)s") % {"date": danish_date(deadline)}


def closed_day_label(day: dt.date) -> str:
    """ "en lørdag", "en søndag" or the closed day's name ("juledag"): why a deadline moved."""
    name = closed_day_name(day)
    if name:
        return name.lower()
    return _("en %(weekday)s") % {"weekday": formats.date_format(day, "l")}


# -- klagevejledning -----------------------------------------------------------------------------


def complaint_guidance(
    *,
    deadline: dt.date,
    receipt: dt.date,
    digital_post: bool,
    unit_name: str,
    municipality_name: str,
    case_number: str,
    effective_from: dt.date | None = None,
) -> list[LegalText]:
    """The klagevejledning (FVL § 25; RSL §§ 66, 67 and 72), sentence by sentence."""
    period = law.COMPLAINT_DEADLINE.value.describe()
    reassessment = law.REASSESSMENT_DEADLINE.value.describe()
    unmoved = unmoved_complaint_deadline(receipt)
    moved: list[LegalText] = []
    if unmoved != deadline:
        moved.append(
            LegalText(
                _(
                    "Fristen på %(period)s ville udløbe den %(unmoved)s. Den dag er %(closed)s, og derfor "
                    "løber fristen til den følgende hverdag, den %(deadline)s."
                )
                % {
                    "period": period,
                    "unmoved": danish_date(unmoved),
                    "closed": closed_day_label(unmoved),
                    "deadline": danish_date(deadline),
                },
                law.COMPLAINT_DEADLINE_MOVED_OFF_CLOSED_DAYS.citation,
            )
        )
    if digital_post:
        received = _(
            "Brevet er sendt med Digital Post. Det er kommet frem, når det er tilgængeligt i din digitale "
            "postkasse, det vil sige den %(receipt)s."
        ) % {"receipt": danish_date(receipt)}
        received_citation = DIGITAL_POST_RECEIPT.citation
    else:
        received = _(
            "Brevet er sendt med almindelig post. Vi regner med, at du har modtaget det den %(receipt)s. "
            "Har du først modtaget det senere, regnes fristen fra den dag, du modtog det."
        ) % {"receipt": danish_date(receipt)}
        received_citation = law.COMPLAINT_DEADLINE.citation
    if effective_from is not None:
        suspensive = _(
            "En klage har ikke opsættende virkning. Det betyder, at afgørelsen gælder fra den %(date)s, "
            "også selv om du klager (%(citation)s)."
        ) % {
            "date": danish_date(effective_from),
            "citation": lower_first(law.COMPLAINT_SUSPENDS_DECISION.citation),
        }
    else:
        suspensive = _(
            "En klage har ikke opsættende virkning. Det betyder, at afgørelsen gælder, mens din klage "
            "bliver behandlet (%(citation)s)."
        ) % {"citation": lower_first(law.COMPLAINT_SUSPENDS_DECISION.citation)}
    return [
        LegalText(
            _(
                "Du kan klage over afgørelsen. Vi skal have modtaget din klage %(deadline)s. "
                "Fristen er %(period)s fra den dag, du har modtaget afgørelsen (retssikkerhedsloven § 67)."
            )
            % {"deadline": deadline_phrase(deadline), "period": period},
            law.COMPLAINT_DEADLINE.citation,
        ),
        *moved,
        LegalText(received, received_citation),
        LegalText(
            _(
                "Du skal klage til %(unit)s, %(municipality)s. Du kan klage skriftligt, fx med et brev eller "
                "med Digital Post, eller mundtligt, fx ved at ringe til os. Oplys gerne sagsnummeret "
                "%(case_number)s."
            )
            % {"unit": unit_name, "municipality": municipality_name, "case_number": case_number},
            f"{COMPLAINT_TO_MUNICIPALITY.citation}; {COMPLAINT_FORM.citation}",
        ),
        LegalText(
            _(
                "Når vi modtager din klage, genvurderer vi afgørelsen. Hvis vi fastholder afgørelsen, sender "
                "vi din klage og sagens akter videre til Ankestyrelsen senest %(period)s efter, at vi har "
                "modtaget klagen. Ankestyrelsen behandler derefter din klage. Du kan ikke klage direkte til "
                "Ankestyrelsen (retssikkerhedsloven § 66)."
            )
            % {"period": reassessment},
            law.REASSESSMENT_DEADLINE.citation,
        ),
        LegalText(suspensive, law.COMPLAINT_SUSPENDS_DECISION.citation),
    ]


# -- begrundelse ---------------------------------------------------------------------------------


def legal_rules_lead() -> LegalText:
    return LegalText(
        _("Afgørelsen er truffet efter disse regler:"), REASONS_RULES_AND_CONSIDERATIONS.citation
    )


def law_quote(citation: str, text: str) -> LegalText:
    """ "Serviceloven § 104 lyder: »...«" (the law's text as the standard's legal_basis quotes it)."""
    return LegalText(
        _("%(citation)s lyder: »%(text)s«") % {"citation": citation, "text": text.strip()}, citation
    )


def alternatives_lead() -> LegalText:
    return LegalText(
        _(
            "Vi har vurderet din ansøgning efter alle de regler, der kan give dig ret til hjælp "
            "(retssikkerhedsloven § 5). Vi har overvejet denne hjælp:"
        ),
        HOLISTIC_ASSESSMENT.citation,
    )


# -- partshøring ---------------------------------------------------------------------------------


def hearing_intro(*, service_title: str) -> LegalText:
    return LegalText(
        _(
            "Vi er ved at behandle din sag om %(service)s. Før vi træffer afgørelse, vil vi give dig "
            "mulighed for at komme med dine bemærkninger til nogle oplysninger i sagen (forvaltningsloven "
            "§ 19)."
        )
        % {"service": service_title},
        HEARING.citation,
    )


def hearing_response(
    *,
    response_deadline: dt.date,
    unit_name: str,
    municipality_name: str,
    case_number: str,
    phone: str = "",
    email: str = "",
) -> list[LegalText]:
    """How and by when the citizen answers a hearing; the phone and e-mail come from the contact block."""
    values = {
        "unit": unit_name,
        "municipality": municipality_name,
        "case_number": case_number,
        "phone": phone,
        "email": email,
    }
    if phone and email:
        how = _(
            "Du kan svare skriftligt med Digital Post, med et brev eller på e-mail til %(email)s, eller "
            "mundtligt ved at ringe til %(unit)s, %(municipality)s, på telefon %(phone)s. Oplys gerne "
            "sagsnummeret %(case_number)s."
        )
    else:
        how = _(
            "Du kan svare skriftligt, fx med et brev eller med Digital Post, eller mundtligt ved at "
            "kontakte %(unit)s, %(municipality)s. Oplys gerne sagsnummeret %(case_number)s."
        )
    return [
        LegalText(
            _("Vi skal have dine bemærkninger senest den %(date)s.")
            % {"date": danish_date(response_deadline)},
            HEARING.citation,
        ),
        LegalText(how % values, HEARING.citation),
        LegalText(
            _(
                "Hvis vi ikke har hørt fra dig inden fristen, træffer vi afgørelse på det grundlag, der "
                "foreligger. Har du brug for mere tid, så kontakt os inden fristen."
            ),
            HEARING.citation,
        ),
    ]


# -- kvittering og fristvarsel -------------------------------------------------------------------


def receipt_notice() -> LegalText:
    return LegalText(
        _(
            "Hvis vi ikke kan nå at træffe afgørelse inden fristen, skriver vi til dig og fortæller, hvornår "
            "du kan forvente en afgørelse (retssikkerhedsloven § 3, stk. 2)."
        ),
        DEADLINE_NOTICE.citation,
    )


def deadline_notice_basis() -> LegalText:
    # The same words as the earlier plain-text notice, so notices sent before and after match.
    return LegalText(
        _("Vi skriver til dig efter retssikkerhedslovens § 3, stk. 2."), DEADLINE_NOTICE.citation
    )
