"""Rules that the LAW sets, not the municipality. Each one carries its citation.

Municipal choices (decision deadlines, follow-up intervals, transport and provider policy, letter
texts) live in the quality standard files, never here. A rule marked ``check=True`` was not verified
against the primary source: the developers' documentation says so (``LawRule.cited``); what a user
reads (pages, letters, error messages, the console) prints the plain ``citation``.

Abbreviations: SEL = serviceloven (LBK 909/2024), RSL = retssikkerhedsloven (LBK 261/2024),
FVL = forvaltningsloven, BEK 483/2011 = bekendtgørelse om aflønning og befordring (SEL § 105).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

from visitator.core.periods import Period, PeriodUnit

T = TypeVar("T")


@dataclass(frozen=True)
class LawRule(Generic[T]):
    """A value fixed by law, with the citation a letter or an error message can quote."""

    value: T
    citation: str
    check: bool = False

    @property
    def cited(self) -> str:
        """The citation, with "(check)" when the wording was not seen in the primary source. For
        developers and docs only: pages, letters and messages print `citation`."""
        return f"{self.citation} (check)" if self.check else self.citation


# -- complaints and reassessment --------------------------------------------------------------------

#: A complaint must be received within 4 weeks of the citizen receiving the decision.
COMPLAINT_DEADLINE: LawRule[Period] = LawRule(
    Period.of(4, PeriodUnit.WEEKS),
    "Retssikkerhedsloven § 67, stk. 1; klagevejledning efter forvaltningsloven § 25",
)

#: A complaint deadline that would end on a Saturday, a Sunday, a public holiday, Grundlovsdag,
#: 24 December or 31 December runs to the next working day. The day of receipt is not counted; weeks
#: are counted as weeks. Justitsministeriets vejledning nr. 9533 af 26. juni 2018 om beregning af
#: klagefrister (followed by Ankestyrelsen); the closed days are the ones of forældelsesloven § 27,
#: stk. 2. The closed days themselves are `visitator.core.workdays` (weekends, public holidays,
#: Grundlovsdag, 24 and 31 December).
COMPLAINT_DEADLINE_MOVED_OFF_CLOSED_DAYS: LawRule[bool] = LawRule(
    True,
    "Justitsministeriets vejledning nr. 9533 af 26. juni 2018 om beregning af klagefrister",
)

#: When a decision counts as received, by how it was sent (the complaint deadline counts from then).
#: Digital Post: the day it is available in the mailbox, whatever day that is. Ordinary physical post:
#: 6 hverdage after the letter's date (the 2016 rule of 5/6/7 days by weekday is gone). Quickpost:
#: 2 days. A hverdag here is a working day of `visitator.core.workdays` (Monday to Friday except public
#: holidays, Grundlovsdag, 24 and 31 December): of the readings of "hverdag" it is the one that never
#: shortens the citizen's time (check: whether Saturdays count). The number of days for physical post
#: is a setting with this default (VISITATOR_PHYSICAL_MAIL_RECEIPT_WORKING_DAYS).
RECEIPT_DIGITAL_POST_DAYS: LawRule[int] = LawRule(
    0,
    "Lov om Digital Post fra offentlige afsendere § 10; Justitsministeriets vejledning nr. 9533 af "
    "26. juni 2018, pkt. 3",
    check=True,
)
RECEIPT_PHYSICAL_POST_WORKING_DAYS: LawRule[int] = LawRule(
    6,
    "Justitsministeriets vejledning nr. 9533 af 26. juni 2018 om beregning af klagefrister "
    "(almindelig post: 6 hverdage efter brevets dato)",
)
RECEIPT_QUICKPOST_DAYS: LawRule[int] = LawRule(
    2, "Justitsministeriets vejledning nr. 9533 af 26. juni 2018 (Quickpost: 2 dage)"
)

#: The municipality reassesses (genvurdering) and, if it upholds the decision, sends the complaint to
#: Ankestyrelsen within 4 weeks of receiving the complaint.
REASSESSMENT_DEADLINE: LawRule[Period] = LawRule(
    Period.of(4, PeriodUnit.WEEKS),
    "Retssikkerhedsloven § 66, stk. 1",
)

#: A complaint does not suspend the decision.
COMPLAINT_SUSPENDS_DECISION: LawRule[bool] = LawRule(False, "Retssikkerhedsloven § 72")

# -- access to the file -----------------------------------------------------------------------------

#: Partsaktindsigt: if not decided within 7 working days, tell the citizen why and when.
ACCESS_TO_FILE_NOTICE: LawRule[Period] = LawRule(
    Period.of(7, PeriodUnit.WORKING_DAYS),
    "Forvaltningsloven § 16, stk. 2 (partsaktindsigt efter § 9: besked inden 7 arbejdsdage)",
    check=True,
)

# -- age --------------------------------------------------------------------------------------------

#: Help to adults starts at 18; children and young people under 18 are under Barnets lov.
ADULT_AGE: LawRule[int] = LawRule(18, "Serviceloven §§ 103-104 er hjælp til voksne; under 18 år: Barnets lov")

#: A citizen's age is judged on the date of the decision (a 17-year-old's application is received).
AGE_JUDGED_ON: LawRule[str] = LawRule("decision_date", "Serviceloven § 104; overgang til voksenlivet")

# -- CPR numbers ------------------------------------------------------------------------------------

#: Since 1 October 2007 some valid CPR numbers fail the modulus 11 check: never reject one for that.
CPR_REJECT_ON_MODULUS_11_FAILURE: LawRule[bool] = LawRule(
    False, "CPR-kontoret (cpr.dk): personnumre uden modulus 11-kontrol, udstedt fra 1. oktober 2007"
)


# -- the services -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ServiceLaw:
    """What the law says about one service, keyed by the service code used in the standard files."""

    code: str
    paragraph: str
    law_text: str
    adult_service: bool
    #: None: the law sets no upper age limit, and a quality standard must not add one.
    upper_age_limit: LawRule[int | None]
    #: The service itself is free to the citizen (optional consumption may be priced separately).
    free_of_charge: LawRule[bool]
    #: Only offers registered on Tilbudsportalen may be used.
    tilbudsportalen_required: LawRule[bool]
    #: Help is always arranged on a concrete and individual assessment.
    individual_assessment: LawRule[bool]
    #: The municipality must pay transport for citizens in target group 1 (reduced function).
    transport_for_reduced_function: LawRule[bool]
    #: Follow-up: the municipality follows each case; the law sets no interval.
    follow_up: LawRule[Period | None]


SEL_104 = ServiceLaw(
    code="sel-104",
    paragraph="Serviceloven § 104",
    law_text=(
        "Kommunalbestyrelsen skal tilbyde aktivitets- og samværstilbud til personer med betydelig nedsat "
        "fysisk eller psykisk funktionsevne eller med særlige sociale problemer til opretholdelse eller "
        "forbedring af personlige færdigheder eller af livsvilkårene."
    ),
    adult_service=True,
    upper_age_limit=LawRule(None, "Serviceloven § 104 (ingen øvre aldersgrænse, modsat § 103)"),
    free_of_charge=LawRule(True, "Serviceloven § 158", check=True),
    tilbudsportalen_required=LawRule(True, "Serviceloven § 14, stk. 2"),
    individual_assessment=LawRule(True, "Serviceloven § 1, stk. 3"),
    transport_for_reduced_function=LawRule(
        True, "BEK 483/2011 (udstedt efter serviceloven § 105, stk. 2)", check=True
    ),
    follow_up=LawRule(None, "Serviceloven § 148, stk. 2"),
)

#: Every service the standards may describe, by service code.
SERVICES: dict[str, ServiceLaw] = {SEL_104.code: SEL_104}


# -- partshøring (FVL § 19) -------------------------------------------------------------------------

#: The grounds in forvaltningsloven § 19, stk. 2 on which a decision may be made without first hearing
#: the citizen on a piece of information. Each use needs a written reason; the provision has a narrow
#: scope (Ombudsmanden; Justitsministeriets vejledning om forvaltningsloven, pkt. 105-125).
HEARING_EXCEPTION_GROUNDS: dict[str, LawRule[str]] = {
    "ubetaenkeligt": LawRule(
        "Det må efter oplysningernes karakter og sagens beskaffenhed anses for ubetænkeligt at træffe "
        "afgørelse på det foreliggende grundlag",
        "Forvaltningsloven § 19, stk. 2, nr. 1",
    ),
    "lovbestemt_frist": LawRule(
        "Udsættelse af sagen vil medføre overskridelse af en lovbestemt frist for sagens afgørelse",
        "Forvaltningsloven § 19, stk. 2, nr. 2",
    ),
    "ingen_aktindsigt": LawRule(
        "Parten har ikke ret til aktindsigt i de pågældende oplysninger",
        "Forvaltningsloven § 19, stk. 2, nr. 4",
    ),
    "andet": LawRule(
        "Et andet grundlag i forvaltningsloven § 19, stk. 2 (angiv nummer og begrundelse)",
        "Forvaltningsloven § 19, stk. 2",
        check=True,
    ),
}

#: The least time a citizen is given to comment in a partshøring. The law sets no number; the
#: Ombudsman's practice is "a reasonable time", commonly at least 8 days (check).
HEARING_MIN_RESPONSE_DAYS: LawRule[int] = LawRule(
    8, "Forvaltningsloven § 19, stk. 1 (rimelig frist)", check=True
)
