"""The legal check: a letter that lacks an element the law requires cannot be sent (DESIGN principle 6).

`letter_check` reads the DRAFT, i.e. what will actually be printed, not the facts it was composed
from: a draft whose klagevejledning section was dropped, or whose begrundelse does not cite the
service's paragraph, fails even when the facts were complete. Each message is Danish and names
what is missing, with the rule that requires it.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _

from . import legal_text
from .compose import (
    ALTERNATIVES_KINDS,
    DECISION_KINDS,
    EFFECTIVE_FROM_KINDS,
    GRANTING_KINDS,
    REASONED_KINDS,
    LetterDraft,
    LetterKind,
    Section,
    SectionKey,
)
from .legal_text import danish_date


class LetterIncomplete(ValidationError):
    """The letter lacks required elements; `problems` lists them (Danish, one per element)."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(list(problems))
        self.problems = list(problems)


def _filled(section: Section | None) -> bool:
    return section is not None and any(p.strip() for p in section.paragraphs)


def _text(section: Section | None) -> str:
    return section.text if section is not None else ""


def letter_check(draft: LetterDraft) -> list[str]:
    """Every missing element of `draft`, as Danish messages; an empty list when it may be sent."""
    with translation.override("da"):
        problems = _common(draft)
        if draft.kind in DECISION_KINDS:
            problems += _decision(draft)
        elif draft.kind is LetterKind.HEARING:
            problems += _hearing(draft)
        elif draft.kind is LetterKind.DEADLINE_NOTICE:
            problems += _deadline_notice(draft)
        elif draft.kind in (LetterKind.ACCESS_NOTICE, LetterKind.ACCESS_ANSWER):
            problems += _access(draft)
        elif draft.kind is LetterKind.COMPLAINT_FORWARDED:
            problems += _complaint_forwarded(draft)
        return problems


def _common(draft: LetterDraft) -> list[str]:
    problems = []
    recipient = draft.recipient
    if not recipient.name.strip():
        problems.append(_("Modtagerens navn mangler."))
    if not recipient.digital_post and not any(line.strip() for line in recipient.address_lines):
        problems.append(_("Modtagerens adresse mangler. Et fysisk brev skal have en adresse."))
    if recipient.digital_post and recipient.on_behalf_of and not recipient.digital_post_id.strip():
        problems.append(
            _(
                "Et brev til en repræsentant med Digital Post kræver repræsentantens CPR- eller "
                "CVR-nummer. Ret repræsentanten, eller send brevet som fysisk brev."
            )
        )
    if not draft.subject.strip():
        problems.append(_("Brevet mangler en overskrift."))
    if not draft.case_number.strip():
        problems.append(_("Brevet mangler sagsnummeret."))
    if not draft.sections:
        problems.append(_("Brevet har ingen tekst."))
    problems += _contact(draft)
    expected_receipt = legal_text.receipt_on(draft.letter_date, digital_post=recipient.digital_post)
    if draft.receipt_on != expected_receipt:
        problems.append(
            _("Modtagelsesdagen skal være den %(date)s for et brev med denne dato og forsendelse.")
            % {"date": danish_date(expected_receipt)}
        )
    return problems


def _contact(draft: LetterDraft) -> list[str]:
    """Every letter tells the citizen how to reach us: the unit's address, phone, e-mail and opening
    hours, and the caseworker's name and direct line (the administrator's settings)."""
    contact = draft.contact
    if contact is None:
        return [_("Brevet mangler kontaktoplysninger (enhedens adresse, telefon, e-mail og telefontid).")]
    problems = []
    missing = contact.missing()
    if missing:
        problems.append(
            _(
                "Brevet mangler kontaktoplysninger for %(unit)s: %(missing)s. Administratoren udfylder "
                "dem under »Kontaktoplysninger i breve«."
            )
            % {"unit": contact.unit_name, "missing": ", ".join(missing)}
        )
    if not contact.caseworker_name.strip():
        problems.append(_("Brevet mangler sagsbehandlerens navn."))
    elif not contact.caseworker_phone.strip():
        problems.append(
            _(
                "Brevet mangler sagsbehandlerens direkte telefonnummer (%(name)s). Administratoren udfylder "
                "det under »Kontaktoplysninger i breve«."
            )
            % {"name": contact.caseworker_name}
        )
    return problems


def _decision(draft: LetterDraft) -> list[str]:
    problems = []
    decision = draft.section(SectionKey.DECISION)
    if not _filled(decision):
        problems.append(_("Afgørelsen mangler: hvad er der besluttet?"))
    if draft.kind in GRANTING_KINDS and (not draft.granted or draft.granted not in _text(decision)):
        problems.append(_("Afgørelsen mangler, hvad der bevilges (tilbud, omfang og start)."))
    if draft.kind in EFFECTIVE_FROM_KINDS:
        if draft.effective_from is None:
            problems.append(_("Afgørelsen mangler datoen, hvorfra den gælder."))
        elif danish_date(draft.effective_from) not in _text(decision):
            problems.append(_("Datoen, hvorfra afgørelsen gælder, står ikke i afgørelsen."))
    if draft.kind in REASONED_KINDS:
        problems += _reasons(draft)
    if draft.kind in ALTERNATIVES_KINDS and not _filled(draft.section(SectionKey.ALTERNATIVES)):
        problems.append(
            _("Begrundelsen mangler den anden hjælp, der er overvejet (retssikkerhedsloven § 5).")
        )
    problems += _complaint(draft)
    return problems


def _reasons(draft: LetterDraft) -> list[str]:
    problems = []
    rules = draft.section(SectionKey.LEGAL_RULES)
    if not _filled(rules):
        problems.append(
            _(
                "Begrundelsen mangler de retsregler, afgørelsen er truffet efter "
                "(forvaltningsloven § 24, stk. 1)."
            )
        )
    elif draft.service_paragraph and draft.service_paragraph.lower() not in _text(rules).lower():
        problems.append(
            _("Begrundelsen skal henvise til %(paragraph)s blandt retsreglerne.")
            % {"paragraph": draft.service_paragraph}
        )
    if not _filled(draft.section(SectionKey.REASONS)):
        problems.append(
            _(
                "Begrundelsen mangler de hovedhensyn, der har været bestemmende for skønnet "
                "(forvaltningsloven § 24, stk. 1)."
            )
        )
    if not _filled(draft.section(SectionKey.FACTS)):
        problems.append(
            _(
                "Begrundelsen mangler de oplysninger om sagens faktiske omstændigheder, der er lagt vægt på "
                "(forvaltningsloven § 24, stk. 2)."
            )
        )
    return problems


def _complaint(draft: LetterDraft) -> list[str]:
    section = draft.section(SectionKey.COMPLAINT)
    if not _filled(section):
        return [_("Klagevejledningen mangler (forvaltningsloven § 25).")]
    text = _text(section)
    problems = []
    deadline = draft.complaint_deadline
    if deadline is None or legal_text.deadline_phrase(deadline) not in text:
        problems.append(_("Klagevejledningen mangler klagefristen som dato."))
    elif deadline != legal_text.complaint_deadline(draft.receipt_on):
        problems.append(
            _(
                "Klagefristen skal være den %(date)s: 4 uger fra den dag, brevet regnes for modtaget "
                "(en frist, der ender på en lørdag, søndag, helligdag, grundlovsdag, 24. eller 31. december, "
                "løber til næste hverdag)."
            )
            % {"date": danish_date(legal_text.complaint_deadline(draft.receipt_on))}
        )
    if draft.municipality_name not in text:
        problems.append(
            _("Klagevejledningen skal sige, at klagen sendes til %(municipality)s.")
            % {"municipality": draft.municipality_name}
        )
    if legal_text.MARK_REASSESSMENT not in text.lower():
        problems.append(_("Klagevejledningen mangler, at kommunen genvurderer afgørelsen."))
    if legal_text.MARK_ANKESTYRELSEN not in text:
        problems.append(_("Klagevejledningen mangler, at en fastholdt afgørelse sendes til Ankestyrelsen."))
    if legal_text.MARK_NOT_SUSPENSIVE not in text:
        problems.append(
            _(
                "Klagevejledningen mangler, at en klage ikke har opsættende virkning "
                "(retssikkerhedsloven § 72)."
            )
        )
    return problems


def _hearing(draft: LetterDraft) -> list[str]:
    problems = []
    if not _filled(draft.section(SectionKey.INFORMATION)):
        problems.append(
            _("Partshøringen mangler de oplysninger, borgeren høres over (forvaltningsloven § 19).")
        )
    if not _filled(draft.section(SectionKey.PLANNED_DECISION)):
        problems.append(_("Partshøringen mangler, hvad kommunen forventer at beslutte."))
    deadline = draft.response_deadline
    if deadline is None:
        problems.append(_("Partshøringen mangler en svarfrist."))
    elif deadline <= draft.letter_date:
        problems.append(_("Svarfristen skal ligge efter brevets dato."))
    elif deadline <= draft.receipt_on:
        problems.append(
            _("Svarfristen skal ligge efter den %(date)s, hvor brevet regnes for modtaget.")
            % {"date": danish_date(draft.receipt_on)}
        )
    elif danish_date(deadline) not in _text(draft.section(SectionKey.RESPONSE)):
        problems.append(_("Svarfristen står ikke i brevet."))
    response = _text(draft.section(SectionKey.RESPONSE))
    contact = draft.contact
    if (
        contact is not None
        and not contact.missing()
        and (contact.phone not in response or contact.email not in response)
    ):
        problems.append(_("Partshøringen skal sige, hvordan borgeren svarer: telefon og e-mail."))
    return problems


def _deadline_notice(draft: LetterDraft) -> list[str]:
    problems = []
    expected = draft.expected_on
    if expected is None:
        problems.append(_("Fristvarslet mangler datoen, hvor borgeren kan forvente en afgørelse."))
    elif expected <= draft.letter_date:
        problems.append(_("Den forventede afgørelsesdato skal ligge efter brevets dato."))
    elif danish_date(expected) not in _text(draft.section(SectionKey.NOTICE)):
        problems.append(_("Den forventede afgørelsesdato står ikke i brevet."))
    if not draft.reason or draft.reason not in _text(draft.section(SectionKey.NOTICE_REASON)):
        problems.append(_("Fristvarslet mangler begrundelsen for, at fristen ikke kan overholdes."))
    return problems


# -- access to the file (the letters are composed by visitator.fileaccess) ----------------------------

#: The ACCESS_ANSWER section that lists every akt ("Akt 3: Titel, dato – <status>").
ACCESS_LIST_KEY = "access_list"
#: The status of an aktliste line that withholds the akt in whole or in part starts with one of these.
ACCESS_WITHHELD_MARKS = ("undtaget", "delvist undtaget")


def _access_paragraph(status: str) -> str:
    """ "undtaget (forvaltningsloven § 15 a); ..." -> "§ 15 a" ("" when no paragraph is cited)."""
    at = status.lower().find("forvaltningsloven § ")
    if at < 0:
        return ""
    return status[at + len("forvaltningsloven ") :].split(")")[0].split(";")[0].split(",")[0].strip()


def _access_cites(text: str, paragraph: str) -> bool:
    """Whether `text` cites "forvaltningsloven <paragraph>" exactly (§ 15 is not § 15 a, nor § 1 § 12)."""
    lowered, needle = text.lower(), f"forvaltningsloven {paragraph}".lower()
    at = lowered.find(needle)
    while at >= 0:
        after = lowered[at + len(needle) : at + len(needle) + 3]
        letter_suffix = len(after) >= 2 and after[0] == " " and after[1].isalpha() and not after[2:].isalpha()
        if not (after[:1].isdigit() or letter_suffix):
            return True
        at = lowered.find(needle, at + 1)
    return False


def _access(draft: LetterDraft) -> list[str]:
    """Notice (forvaltningsloven § 16, stk. 2): the expected date and the reason. Answer: the aktliste;
    where something is withheld, the ground of each withheld akt in the begrundelse (forvaltningsloven
    §§ 22 and 24) and klagevejledning to Ankestyrelsen without a deadline (§ 16, stk. 4; FOB 2020-21)."""
    if draft.kind is LetterKind.ACCESS_NOTICE:
        problems = []
        if not _filled(draft.section(SectionKey.NOTICE)):
            problems.append(
                _("Beskeden mangler, hvornår borgeren kan forvente svar på anmodningen om aktindsigt.")
            )
        if not _filled(draft.section(SectionKey.NOTICE_REASON)):
            problems.append(_("Beskeden mangler grunden til, at anmodningen om aktindsigt ikke er besvaret."))
        return problems
    listing = draft.section(ACCESS_LIST_KEY)
    if not _filled(listing):
        return [_("Svaret på anmodningen om aktindsigt mangler aktlisten.")]
    assert listing is not None
    withheld = [
        line for line in listing.paragraphs if line.rsplit(" – ", 1)[-1].startswith(ACCESS_WITHHELD_MARKS)
    ]
    if not withheld:
        return []
    problems = []
    reasons = _text(draft.section(SectionKey.REASONS)) + "\n" + _text(draft.section(SectionKey.LEGAL_RULES))
    if not _filled(draft.section(SectionKey.REASONS)):
        problems.append(_("Afslaget på aktindsigt mangler en begrundelse (forvaltningsloven §§ 22 og 24)."))
    for line in withheld:
        cited = _access_paragraph(line.rsplit(" – ", 1)[-1])
        if not cited:
            problems.append(
                _("Aktlisten mangler retsgrundlaget for en undtaget akt: %(line)s") % {"line": line}
            )
        elif not _access_cites(reasons, cited):
            problems.append(
                _("Begrundelsen nævner ikke forvaltningsloven %(paragraph)s, som en akt er undtaget efter.")
                % {"paragraph": cited}
            )
    guidance = _text(draft.section(SectionKey.COMPLAINT))
    if not guidance.strip():
        problems.append(_("Klagevejledningen mangler (forvaltningsloven § 25)."))
    elif legal_text.MARK_ANKESTYRELSEN not in guidance or "§ 16, stk. 4" not in guidance:
        problems.append(
            _(
                "Klagevejledningen skal sige, at klagen sendes direkte til Ankestyrelsen "
                "(forvaltningsloven § 16, stk. 4)."
            )
        )
    if draft.complaint_deadline is not None:
        problems.append(
            _("En afgørelse om aktindsigt har ingen klagefrist (FOB 2020-21); brevet må ikke nævne en.")
        )
    return problems


def _complaint_forwarded(draft: LetterDraft) -> list[str]:
    """A complaint sent to Ankestyrelsen (composed by visitator.complaints.letter): it says that and on
    which day (the section keyed "forwarded", dated the letter's date), why (the genvurdering's reasons,
    or the section keyed "late" for a complaint Ankestyrelsen must first admit), and that the decision
    still applies meanwhile (RSL § 72)."""
    problems = []
    forwarded = draft.section("forwarded")
    if not _filled(forwarded) or legal_text.MARK_ANKESTYRELSEN not in _text(forwarded):
        problems.append(_("Brevet skal sige, at klagen og sagens akter er sendt til Ankestyrelsen."))
    elif danish_date(draft.letter_date) not in _text(forwarded):
        problems.append(_("Brevet skal nævne datoen, hvor klagen er sendt til Ankestyrelsen."))
    if not _filled(draft.section(SectionKey.REASONS)) and not _filled(draft.section("late")):
        problems.append(
            _("Brevet mangler begrundelsen for, at afgørelsen fastholdes (retssikkerhedsloven § 66).")
        )
    if not any(legal_text.MARK_NOT_SUSPENSIVE in s.text for s in draft.sections):
        problems.append(
            _("Brevet skal sige, at klagen ikke har opsættende virkning (retssikkerhedsloven § 72).")
        )
    return problems
