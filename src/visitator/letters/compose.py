"""Composing a letter: plain data in, a `LetterDraft` out. Reads the case and its standard; writes nothing.

Where each text comes from:

* the municipality's wording: the quality standard's ``letter_paragraphs`` (receipt, deadline_notice,
  grant_intro, scope, goals, transport, follow_up, provider), filled in with ``letter_paragraph``;
* the law's wording (begrundelse lead-ins, klagevejledning, partshøring, RSL § 3, stk. 2):
  `visitator.letters.legal_text`, each sentence with its citation;
* the caseworker's words (what was applied for and granted, considerations, facts, alternatives,
  departures, hearing information): `DecisionFacts` and `HearingFacts`, printed as given.

Letters are always Danish, whatever the user's language: composing runs under ``override("da")``.
A draft says what will be printed; `letters.checks.letter_check` decides whether it may be sent.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from django.db import models
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from visitator.core import clock
from visitator.people.models import Citizen, Representative
from visitator.standards.schema import QualityStandard
from visitator.standards.selectors import StandardNotInForce, standard_in_force

from . import legal_text
from .legal_text import danish_date, lower_first

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from visitator.cases.models import Case
    from visitator.standards.models import StandardVersion


class LetterKind(models.TextChoices):
    RECEIPT = "receipt", gettext_lazy("Kvittering for ansøgning")
    DEADLINE_NOTICE = "deadline_notice", gettext_lazy("Fristvarsel")
    HEARING = "hearing", gettext_lazy("Partshøring")
    GRANT = "grant", gettext_lazy("Bevilling")
    PARTIAL_GRANT = "partial_grant", gettext_lazy("Delvis bevilling")
    REFUSAL = "refusal", gettext_lazy("Afslag")
    CHANGE = "change", gettext_lazy("Ændring af hjælp")
    STOP = "stop", gettext_lazy("Ophør af hjælp")
    # Letters after a decision: their sections are composed by the app that owns the workflow
    # (complaints, access to the file) and passed in as a `LetterBody`.
    COMPLAINT_FORWARDED = "complaint_forwarded", gettext_lazy("Klage sendt til Ankestyrelsen")
    ACCESS_NOTICE = "access_notice", gettext_lazy("Besked om aktindsigt")
    ACCESS_ANSWER = "access_answer", gettext_lazy("Aktindsigt")


#: Decisions: every one carries klagevejledning with the complaint deadline as a date.
DECISION_KINDS = frozenset(
    {
        LetterKind.GRANT,
        LetterKind.PARTIAL_GRANT,
        LetterKind.REFUSAL,
        LetterKind.CHANGE,
        LetterKind.STOP,
    }
)
#: Decisions that do not fully grant: begrundelse required (FVL §§ 22-24).
REASONED_KINDS = frozenset({LetterKind.PARTIAL_GRANT, LetterKind.REFUSAL, LetterKind.CHANGE, LetterKind.STOP})
#: Decisions that refuse something: the alternatives considered must show (RSL § 5).
ALTERNATIVES_KINDS = frozenset({LetterKind.PARTIAL_GRANT, LetterKind.REFUSAL})
#: Decisions that change running help: the date they take effect is required.
EFFECTIVE_FROM_KINDS = frozenset({LetterKind.CHANGE, LetterKind.STOP})
#: Decisions that grant something: what is granted is required.
GRANTING_KINDS = frozenset({LetterKind.GRANT, LetterKind.PARTIAL_GRANT})

#: A short Danish name per kind, used in file names ("2026-00042-afslag.pdf").
KIND_SLUGS: dict[str, str] = {
    LetterKind.RECEIPT: "kvittering",
    LetterKind.DEADLINE_NOTICE: "fristvarsel",
    LetterKind.HEARING: "partshoering",
    LetterKind.GRANT: "bevilling",
    LetterKind.PARTIAL_GRANT: "delvis-bevilling",
    LetterKind.REFUSAL: "afslag",
    LetterKind.CHANGE: "aendring",
    LetterKind.STOP: "ophoer",
    LetterKind.COMPLAINT_FORWARDED: "klage-videresendt",
    LetterKind.ACCESS_NOTICE: "aktindsigt-besked",
    LetterKind.ACCESS_ANSWER: "aktindsigt",
}

#: Letters whose subject and sections come from the caller (`LetterBody`), not from this module.
BODY_KINDS = frozenset({LetterKind.COMPLAINT_FORWARDED, LetterKind.ACCESS_NOTICE, LetterKind.ACCESS_ANSWER})


class SectionKey:
    """What a section is for. Never printed; the checks find sections by it."""

    RECEIPT = "receipt"
    NOTICE = "notice"
    NOTICE_REASON = "notice_reason"
    NOTICE_BASIS = "notice_basis"
    HEARING_INTRO = "hearing_intro"
    INFORMATION = "information"
    PLANNED_DECISION = "planned_decision"
    RESPONSE = "response"
    DECISION = "decision"
    SCOPE = "scope"
    PROVIDER = "provider"
    GOALS = "goals"
    TRANSPORT = "transport"
    FOLLOW_UP = "follow_up"
    REASONS = "reasons"
    FACTS = "facts"
    LEGAL_RULES = "legal_rules"
    ALTERNATIVES = "alternatives"
    DEPARTURES = "departures"
    COMPLAINT = "complaint"


class Channel(models.TextChoices):
    DIGITAL_POST = "digital_post", gettext_lazy("Digital Post")
    PHYSICAL = "physical", gettext_lazy("Fysisk brev")


@dataclass(frozen=True)
class Recipient:
    name: str
    address_lines: tuple[str, ...]
    digital_post: bool
    #: The citizen's name when the letter goes to a representative (printed as "c/o").
    on_behalf_of: str = ""
    #: The representative's own Digital Post mailbox (CPR or CVR number), for a letter to a
    #: representative by Digital Post; never printed. Empty: the citizen's own mailbox.
    digital_post_id: str = field(default="", repr=False)

    @property
    def channel(self) -> Channel:
        return Channel.DIGITAL_POST if self.digital_post else Channel.PHYSICAL

    @property
    def address_block(self) -> tuple[str, ...]:
        """The lines printed in the address field (the envelope window on paper)."""
        if self.on_behalf_of:
            return (self.on_behalf_of, _("c/o %(name)s") % {"name": self.name}, *self.address_lines)
        return (self.name, *self.address_lines)

    @property
    def addressee(self) -> str:
        """Who the letter speaks to: the citizen, also when it is sent c/o a representative."""
        return self.on_behalf_of or self.name


@dataclass(frozen=True)
class ContactBlock:
    """How the citizen reaches us, printed on every letter: the unit's address, phone, e-mail and
    opening hours, and the caseworker's name and direct line (the administrator's settings)."""

    unit_name: str
    address_lines: tuple[str, ...] = ()
    phone: str = ""
    email: str = ""
    opening_hours: str = ""
    caseworker_name: str = ""
    caseworker_phone: str = ""

    def missing(self) -> list[str]:
        """The elements that are not filled in, as Danish words (empty when the block is complete)."""
        names = [
            (bool(self.address_lines), _("enhedens adresse")),
            (bool(self.phone.strip()), _("telefon")),
            (bool(self.email.strip()), _("e-mail")),
            (bool(self.opening_hours.strip()), _("telefontid og åbningstid")),
        ]
        return [str(name) for present, name in names if not present]

    @property
    def lines(self) -> tuple[tuple[str, str], ...]:
        """(label, value) pairs as printed, Danish; empty values left out."""
        pairs = [
            (_("Telefon"), self.phone),
            (_("E-mail"), self.email),
            (_("Telefontid"), self.opening_hours),
            (_("Sagsbehandler"), self.caseworker_name),
            (_("Direkte telefon"), self.caseworker_phone),
        ]
        return tuple((str(label), value) for label, value in pairs if value.strip())


@dataclass(frozen=True)
class DecisionFacts:
    #: What the citizen applied for, in words.
    applied_for: str
    #: What is granted (offer, scope, start) in words; empty for a refusal.
    granted: str = ""
    #: The legal rules applied, e.g. ("Serviceloven § 104", "Serviceloven § 1, stk. 3").
    legal_rules: tuple[str, ...] = ()
    #: The main considerations of the discretion (FVL § 24, stk. 1, 2. pkt.).
    main_considerations: str = ""
    #: The facts given weight (FVL § 24, stk. 2).
    facts: str = ""
    #: Departures from the quality standard, each with its reason.
    departures: tuple[str, ...] = ()
    #: RSL § 5: other help considered (for a refusal or partial grant).
    alternatives: tuple[str, ...] = ()
    #: For a change or a stop: from when.
    effective_from: dt.date | None = None
    # Optional details of a grant; each fills in the standard's paragraph of the same name.
    offer_name: str = ""
    start_date: dt.date | None = None
    #: The granted scope in words, e.g. "3 hele dage om ugen".
    scope: str = ""
    goals: tuple[str, ...] = ()
    #: The latest date of the next follow-up; default: the standard's interval from the start.
    next_follow_up_on: dt.date | None = None
    #: Individual taxi is granted (a departure where the standard's service level grants none): the
    #: letter then never prints the standard's "no taxi" sentence.
    taxi_granted: bool = False
    #: A reduction or stop: the notice (varsel) the standard gives, in words ("4 uger"), and the reason
    #: when the decision takes effect before it.
    notice_period: str = ""
    notice_reason: str = ""


@dataclass(frozen=True)
class HearingFacts:
    #: Each piece of information the citizen is heard on (its source and content).
    information: tuple[str, ...]
    #: What the municipality expects to decide.
    planned_decision: str
    response_deadline: dt.date


@dataclass(frozen=True)
class Section:
    heading: str
    paragraphs: tuple[str, ...]
    #: What the section is for (`SectionKey`); never printed.
    key: str = ""
    #: Print the paragraphs as a bulleted list.
    bulleted: bool = False
    #: A lead-in printed before the paragraphs (the law's words); the checks never count it as content.
    intro: str = ""

    @property
    def lines(self) -> tuple[str, ...]:
        """The section as printed, line by line (bullets marked "- ")."""
        body = tuple(f"- {p}" if self.bulleted else p for p in self.paragraphs)
        return tuple(line for line in (self.heading, self.intro) if line) + body

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


@dataclass(frozen=True)
class LetterBody:
    """What a `BODY_KINDS` letter says, composed by the app that owns the workflow.

    `complaint_deadline` is set when the letter is itself a decision the citizen may complain about
    (e.g. access to the file refused in part); its klagevejledning is then a section of `sections`
    with the key `SectionKey.COMPLAINT`.
    """

    subject: str
    sections: tuple[Section, ...]
    complaint_deadline: dt.date | None = None


@dataclass(frozen=True)
class LetterDraft:
    kind: LetterKind
    case_id: uuid.UUID
    municipality_name: str
    unit_name: str
    case_number: str
    recipient: Recipient
    letter_date: dt.date
    subject: str
    sections: tuple[Section, ...]
    #: The last day a complaint must be received; None for letters that are not decisions.
    complaint_deadline: dt.date | None
    #: The day the recipient is taken to have received the letter.
    receipt_on: dt.date
    salutation: str = ""
    #: The lines after the body: "Med venlig hilsen", the unit, the municipality.
    closing: tuple[str, ...] = ()
    #: The service's paragraph from the standard, e.g. "Serviceloven § 104" (a decision must cite it).
    service_paragraph: str = ""
    service_title: str = ""
    standard_version_id: uuid.UUID | None = None
    standard_hash: str = ""
    # The facts a check compares with the printed text.
    expected_on: dt.date | None = None
    reason: str = ""
    response_deadline: dt.date | None = None
    effective_from: dt.date | None = None
    granted: str = ""
    #: The contact block (`contact_for`); None only for a draft made by hand (the check refuses it).
    contact: ContactBlock | None = None

    @property
    def channel(self) -> Channel:
        return self.recipient.channel

    def section(self, key: str) -> Section | None:
        return next((s for s in self.sections if s.key == key), None)

    def plain_text(self) -> str:
        """The letter as plain text: salutation, sections, case number, closing."""
        lines = [self.salutation, ""]
        for section in self.sections:
            lines.extend(section.lines)
            lines.append("")
        with translation.override("da"):
            lines.extend([_("Sagsnummer: %(number)s") % {"number": self.case_number}, ""])
        lines.extend(self.closing)
        return "\n".join(lines)


# -- recipients ----------------------------------------------------------------------------------

#: Representatives who act for the citizen and so receive the letters; a relative without a
#: power of attorney never does (that would disclose the case to someone who is not a party).
LETTER_RECEIVING_KINDS = frozenset({Representative.Kind.POWER_OF_ATTORNEY, Representative.Kind.GUARDIAN})


def _address_lines(address_line: str, postcode: str, city: str) -> tuple[str, ...]:
    town = f"{postcode} {city}".strip()
    return tuple(line for line in (address_line.strip(), town) if line)


def recipient_for(case: Case, on: dt.date) -> Recipient:
    """The active representative who receives letters (power of attorney or guardian; the most recent
    one), else the citizen. A representative gets the letter "c/o" in their own Digital Post when they
    have it (a CPR or CVR number), else as a physical letter; the citizen gets Digital Post unless
    exempt."""
    citizen: Citizen = case.citizen
    representatives = [
        r
        for r in citizen.representatives.all()
        if r.receives_letters and r.kind in LETTER_RECEIVING_KINDS and r.is_active_on(on)
    ]
    if representatives:
        representative = max(representatives, key=lambda r: (r.valid_from, str(r.pk)))
        return Recipient(
            name=representative.name,
            address_lines=_address_lines(
                representative.address_line, representative.postcode, representative.city
            ),
            digital_post=representative.has_digital_post,
            on_behalf_of=citizen.full_name,
            digital_post_id=representative.digital_post_id.strip(),
        )
    return Recipient(
        name=citizen.full_name,
        address_lines=_address_lines(citizen.address_line, citizen.postcode, citizen.city),
        digital_post=not citizen.digital_post_exempt,
    )


def _person_name(user: User) -> str:
    return user.get_full_name().strip() or user.get_username()


def contact_for(case: Case, caseworker: User | None = None) -> ContactBlock:
    """The contact block for a letter in `case`: the case's unit's contact details and the caseworker
    (`caseworker`, else the case's caseworker) with the direct line. Missing settings stay empty:
    `letters.checks` names them."""
    from .models import StaffContact, UnitContact

    unit = case.unit
    person = caseworker or case.caseworker
    try:
        contact = UnitContact.objects.get(unit=unit)
    except UnitContact.DoesNotExist:
        block = ContactBlock(unit_name=unit.name)
    else:
        block = ContactBlock(
            unit_name=unit.name,
            address_lines=_address_lines(contact.address_line, contact.postcode, contact.city),
            phone=contact.phone.strip(),
            email=contact.email.strip(),
            opening_hours=contact.opening_hours.strip(),
        )
    if person is None:
        return block
    phone = StaffContact.objects.filter(user=person).values_list("direct_phone", flat=True).first() or ""
    return replace(block, caseworker_name=_person_name(person), caseworker_phone=phone.strip())


# -- composing -----------------------------------------------------------------------------------


def _sentence(text: str) -> str:
    """The caseworker's text, stripped, ending with a full stop unless it ends with punctuation."""
    text = " ".join(text.split())
    if text and text[-1] not in ".!?:»\"')":
        text += "."
    return text


def _paragraphs(text: str) -> tuple[str, ...]:
    """The caseworker's text split into paragraphs at blank lines."""
    blocks = [" ".join(block.split()) for block in text.replace("\r\n", "\n").split("\n\n")]
    return tuple(block for block in blocks if block)


def _items(values: tuple[str, ...]) -> tuple[str, ...]:
    """List items as given, whitespace tidied (no full stop added: they are list items)."""
    return tuple(" ".join(v.split()) for v in values if v.strip())


def _standard_for(kind: LetterKind, case: Case, letter_date: dt.date) -> StandardVersion:
    """The standard a letter is written under: a decision under the version in force when decided,
    anything else under the version the application was received under."""
    if kind not in DECISION_KINDS:
        return case.standard_version
    if case.decided_standard_version_id is not None:
        assert case.decided_standard_version is not None
        return case.decided_standard_version
    try:
        return standard_in_force(
            municipality=case.municipality, service_code=case.service_code, on=letter_date
        )
    except StandardNotInForce:
        return case.standard_version


def letter_compose(
    *,
    kind: LetterKind,
    case: Case,
    recipient: Recipient | None = None,
    decision: DecisionFacts | None = None,
    hearing: HearingFacts | None = None,
    expected_on: dt.date | None = None,
    reason: str = "",
    letter_date: dt.date | None = None,
    body: LetterBody | None = None,
    caseworker: User | None = None,
) -> LetterDraft:
    """A draft of one letter. Missing facts are not an error here: `letter_check` names them.

    The contact block names `caseworker`, else the case's caseworker; `letter_send` fills in the
    sender when the case has none."""
    kind = LetterKind(kind)
    letter_date = letter_date or clock.today()
    recipient = recipient or recipient_for(case, letter_date)
    with translation.override("da"):
        contact = contact_for(case, caseworker)
        return _Composer(kind, case, recipient, letter_date, contact).compose(
            decision=decision, hearing=hearing, expected_on=expected_on, reason=reason, body=body
        )


class _Composer:
    def __init__(
        self, kind: LetterKind, case: Case, recipient: Recipient, letter_date: dt.date, contact: ContactBlock
    ) -> None:
        self.contact = contact
        self.kind = kind
        self.case = case
        self.recipient = recipient
        self.letter_date = letter_date
        self.version = _standard_for(kind, case, letter_date)
        self.spec: QualityStandard = self.version.spec
        self.municipality = case.municipality.name
        self.unit = case.unit.name
        self.service = lower_first(self.spec.service.title)
        self.receipt = legal_text.receipt_on(letter_date, digital_post=recipient.digital_post)

    def paragraph(self, name: str, **values: object) -> str:
        """The standard's paragraph `name`, with every placeholder the letter code knows filled in."""
        known: dict[str, object] = {
            "received_on": danish_date(self.case.received_on),
            "deadline": danish_date(self.case.decision_deadline),
            "deadline_period": self.spec.deadlines.decision.describe(),
            "service_title": self.spec.service.title,
            "municipality_name": self.municipality,
            "deciding_unit_name": self.unit,
        }
        known.update(values)
        return " ".join(self.spec.letter_paragraph(name, **known).split())

    def compose(
        self,
        *,
        decision: DecisionFacts | None,
        hearing: HearingFacts | None,
        expected_on: dt.date | None,
        reason: str,
        body: LetterBody | None = None,
    ) -> LetterDraft:
        complaint_deadline: dt.date | None = None
        response_deadline: dt.date | None = None
        effective_from: dt.date | None = None
        granted = ""
        kind = self.kind
        if kind is LetterKind.RECEIPT:
            subject = _("Kvittering for din ansøgning om %(service)s") % {"service": self.service}
            sections = self._receipt()
        elif kind is LetterKind.DEADLINE_NOTICE:
            subject = _("Besked om sagsbehandlingstiden for din ansøgning om %(service)s") % {
                "service": self.service
            }
            sections = self._deadline_notice(expected_on, reason)
        elif kind in BODY_KINDS:
            subject = body.subject if body else ""
            sections = list(body.sections) if body else []
            complaint_deadline = body.complaint_deadline if body else None
        elif kind is LetterKind.HEARING:
            subject = _("Partshøring i din sag om %(service)s") % {"service": self.service}
            sections = self._hearing(hearing)
            response_deadline = hearing.response_deadline if hearing else None
        else:
            facts = decision or DecisionFacts(applied_for="")
            complaint_deadline = legal_text.complaint_deadline(self.receipt)
            subject = self._decision_subject()
            sections = self._decision(facts, complaint_deadline)
            effective_from = facts.effective_from
            granted = " ".join(facts.granted.split())
        return LetterDraft(
            kind=kind,
            case_id=self.case.id,
            municipality_name=self.municipality,
            unit_name=self.unit,
            case_number=self.case.number,
            recipient=self.recipient,
            letter_date=self.letter_date,
            subject=subject,
            sections=tuple(sections),
            complaint_deadline=complaint_deadline,
            receipt_on=self.receipt,
            salutation=_("Kære %(name)s") % {"name": self.recipient.addressee},
            closing=(_("Med venlig hilsen"), self.unit, self.municipality),
            service_paragraph=self.spec.service.paragraph,
            service_title=self.spec.service.title,
            standard_version_id=self.version.pk,
            standard_hash=self.version.content_hash,
            expected_on=expected_on if kind is LetterKind.DEADLINE_NOTICE else None,
            reason=reason.strip() if kind is LetterKind.DEADLINE_NOTICE else "",
            response_deadline=response_deadline,
            effective_from=effective_from,
            granted=granted,
            contact=self.contact,
        )

    # -- before a decision ------------------------------------------------------------------------

    def _receipt(self) -> list[Section]:
        return [
            Section("", (self.paragraph("receipt"),), SectionKey.RECEIPT),
            Section("", (legal_text.receipt_notice().text,), SectionKey.NOTICE_BASIS),
        ]

    def _deadline_notice(self, expected_on: dt.date | None, reason: str) -> list[Section]:
        # The wording of the notice Visitator sent as plain text before the letter engine existed.
        received = _("Vi modtog din ansøgning den %(received)s.") % {
            "received": danish_date(self.case.received_on)
        }
        paragraphs = [received]
        if expected_on is not None:
            paragraphs.append(self.paragraph("deadline_notice", expected_on=danish_date(expected_on)))
        sections = [Section("", tuple(paragraphs), SectionKey.NOTICE)]
        if reason.strip():
            sections.append(
                Section(
                    "", (_("Det skyldes: %(reason)s") % {"reason": reason.strip()},), SectionKey.NOTICE_REASON
                )
            )
        sections.append(Section("", (legal_text.deadline_notice_basis().text,), SectionKey.NOTICE_BASIS))
        return sections

    def _hearing(self, hearing: HearingFacts | None) -> list[Section]:
        sections = [
            Section(
                "", (legal_text.hearing_intro(service_title=self.service).text,), SectionKey.HEARING_INTRO
            )
        ]
        if hearing is None:
            return sections
        information = _items(hearing.information)
        if information:
            sections.append(Section(_("Oplysningerne"), information, SectionKey.INFORMATION, bulleted=True))
        if hearing.planned_decision.strip():
            sections.append(
                Section(
                    _("Det forventer vi at beslutte"),
                    (*_paragraphs(hearing.planned_decision), _("Vi har ikke truffet afgørelse endnu.")),
                    SectionKey.PLANNED_DECISION,
                )
            )
        response = legal_text.hearing_response(
            response_deadline=hearing.response_deadline,
            unit_name=self.unit,
            municipality_name=self.municipality,
            case_number=self.case.number,
            phone=self.contact.phone,
            email=self.contact.email,
        )
        sections.append(
            Section(
                _("Sådan kommer du med bemærkninger"), tuple(t.text for t in response), SectionKey.RESPONSE
            )
        )
        return sections

    # -- decisions --------------------------------------------------------------------------------

    def _decision_subject(self) -> str:
        subjects = {
            LetterKind.GRANT: _("Afgørelse: Bevilling af %(service)s"),
            LetterKind.PARTIAL_GRANT: _("Afgørelse: Delvis bevilling af %(service)s"),
            LetterKind.REFUSAL: _("Afgørelse: Afslag på %(service)s"),
            LetterKind.CHANGE: _("Afgørelse: Ændring af din bevilling af %(service)s"),
            LetterKind.STOP: _("Afgørelse: Ophør af din bevilling af %(service)s"),
        }
        return subjects[self.kind] % {"service": self.service}

    def _decision(self, facts: DecisionFacts, complaint_deadline: dt.date) -> list[Section]:
        sections = [Section(_("Afgørelse"), self._decision_paragraphs(facts), SectionKey.DECISION)]
        if self.kind in GRANTING_KINDS:
            sections.extend(self._grant_details(facts))
        if facts.main_considerations.strip():
            sections.append(
                Section(_("Begrundelse"), _paragraphs(facts.main_considerations), SectionKey.REASONS)
            )
        if facts.facts.strip():
            sections.append(
                Section(_("Oplysninger, vi har lagt vægt på"), _paragraphs(facts.facts), SectionKey.FACTS)
            )
        rules = _items(facts.legal_rules)
        if rules:
            sections.append(
                Section(
                    _("Regler, afgørelsen bygger på"),
                    rules,
                    SectionKey.LEGAL_RULES,
                    bulleted=True,
                    intro=legal_text.legal_rules_lead().text,
                )
            )
            quotes = [
                legal_text.law_quote(basis.citation, basis.text).text
                for basis in self.spec.legal_basis
                if basis.citation in rules
            ]
            if quotes:
                sections.append(Section(_("Lovens ordlyd"), tuple(quotes), ""))
        alternatives = _items(facts.alternatives)
        if alternatives:
            sections.append(
                Section(
                    _("Anden hjælp, vi har overvejet"),
                    alternatives,
                    SectionKey.ALTERNATIVES,
                    bulleted=True,
                    intro=legal_text.alternatives_lead().text,
                )
            )
        departures = _items(facts.departures)
        if departures:
            lead = _(
                "Afgørelsen afviger på disse punkter fra kvalitetsstandarden for %(service)s i "
                "%(municipality)s:"
            ) % {
                "service": self.service,
                "municipality": self.municipality,
            }
            sections.append(
                Section(
                    _("Afvigelser fra kvalitetsstandarden"),
                    departures,
                    SectionKey.DEPARTURES,
                    bulleted=True,
                    intro=lead,
                )
            )
        guidance = legal_text.complaint_guidance(
            deadline=complaint_deadline,
            receipt=self.receipt,
            digital_post=self.recipient.digital_post,
            unit_name=self.unit,
            municipality_name=self.municipality,
            case_number=self.case.number,
            effective_from=facts.effective_from if self.kind in EFFECTIVE_FROM_KINDS else None,
        )
        sections.append(Section(_("Klagevejledning"), tuple(t.text for t in guidance), SectionKey.COMPLAINT))
        return sections

    def _decision_paragraphs(self, facts: DecisionFacts) -> tuple[str, ...]:
        applied = (
            (_("Du har søgt om %(applied_for)s") % {"applied_for": " ".join(facts.applied_for.split())},)
            if facts.applied_for.strip()
            else ()
        )
        granted = " ".join(facts.granted.split())
        paragraph = lower_first(self.spec.service.paragraph)
        if self.kind is LetterKind.GRANT:
            lines = [*applied, self.paragraph("grant_intro")]
            if granted:
                lines.append(_("Du får bevilget: %(granted)s") % {"granted": granted})
        elif self.kind is LetterKind.PARTIAL_GRANT:
            lines = [*applied, self.paragraph("grant_intro")]
            lines.append(
                _("Du får ikke fuldt ud det, du har søgt om. Du får bevilget: %(granted)s")
                % {"granted": granted}
                if granted
                else _("Du får ikke fuldt ud det, du har søgt om.")
            )
        elif self.kind is LetterKind.REFUSAL:
            lines = [
                *applied,
                _("Vi har givet dig afslag på din ansøgning om %(service)s efter %(paragraph)s.")
                % {"service": self.service, "paragraph": paragraph},
            ]
        elif self.kind is LetterKind.CHANGE:
            if facts.effective_from is not None:
                lines = [
                    _("Vi har besluttet at ændre din bevilling af %(service)s fra den %(date)s.")
                    % {"service": self.service, "date": danish_date(facts.effective_from)}
                ]
            else:
                lines = [
                    _("Vi har besluttet at ændre din bevilling af %(service)s.") % {"service": self.service}
                ]
            if granted:
                lines.append(_("Fremover får du: %(granted)s") % {"granted": granted})
            lines.extend(self._notice_lines(facts))
        else:
            if facts.effective_from is not None:
                lines = [
                    _(
                        "Vi har besluttet, at din bevilling af %(service)s ophører med virkning fra "
                        "den %(date)s."
                    )
                    % {"service": self.service, "date": danish_date(facts.effective_from)}
                ]
            else:
                lines = [
                    _("Vi har besluttet, at din bevilling af %(service)s ophører.")
                    % {"service": self.service}
                ]
            lines.extend(self._notice_lines(facts))
        return tuple(_sentence(line) for line in lines)

    def _notice_lines(self, facts: DecisionFacts) -> list[str]:
        """The notice (varsel) a reduction or stop gives the citizen to adjust, or why it is shorter."""
        if not facts.notice_period:
            return []
        if facts.notice_reason:
            return [
                _(
                    "Normalt giver vi %(period)s varsel, før hjælpen nedsættes eller ophører, så du kan nå "
                    "at indrette dig. Her gælder afgørelsen før, fordi: %(reason)s"
                )
                % {"period": facts.notice_period, "reason": facts.notice_reason}
            ]
        return [
            _("Vi giver dig %(period)s varsel, før ændringen får virkning, så du kan nå at indrette dig.")
            % {"period": facts.notice_period}
        ]

    def _transport_paragraphs(self, facts: DecisionFacts) -> tuple[str, ...]:
        """The standard's transport paragraph; with a granted taxi, without its "no taxi" sentence and
        with a sentence on what is granted (the departure and its reason follow in their section)."""
        text = self.paragraph("transport")
        if not facts.taxi_granted:
            return (text,)
        taxi = self.spec.transport.individual_taxi
        if not taxi.allowed:
            text = " ".join(text.replace(" ".join(taxi.text.split()), "").split())
        granted = _(
            "Du er bevilget individuel kørsel med taxa efter en konkret og individuel vurdering af dit behov."
        )
        return tuple(p for p in (text, granted) if p)

    def _grant_details(self, facts: DecisionFacts) -> list[Section]:
        """The standard's own paragraphs for a grant, each where the facts it needs are given."""
        sections: list[Section] = []
        paragraphs = self.spec.letter_paragraphs
        start = facts.start_date
        if facts.scope.strip() and "scope" in paragraphs:
            sections.append(
                Section(_("Omfang"), (self.paragraph("scope", scope=facts.scope.strip()),), SectionKey.SCOPE)
            )
        if facts.offer_name.strip() and start is not None:
            sections.append(
                Section(
                    _("Tilbud og start"),
                    (
                        self.paragraph(
                            "provider", offer_name=facts.offer_name.strip(), start_date=danish_date(start)
                        ),
                    ),
                    SectionKey.PROVIDER,
                )
            )
        goals = _items(facts.goals)
        lead = self.paragraph("goals") if "goals" in paragraphs and self.spec.content.goals_required else ""
        if lead or goals:
            sections.append(Section(_("Mål"), goals, SectionKey.GOALS, bulleted=True, intro=lead))
        sections.append(Section(_("Befordring"), self._transport_paragraphs(facts), SectionKey.TRANSPORT))
        follow_up_on = facts.next_follow_up_on or self.spec.next_follow_up(start or self.letter_date)
        sections.append(
            Section(
                _("Opfølgning"),
                (
                    self.paragraph(
                        "follow_up",
                        next_follow_up_on=danish_date(follow_up_on),
                        follow_up_period=self.spec.deadlines.follow_up.describe(),
                    ),
                ),
                SectionKey.FOLLOW_UP,
            )
        )
        return sections
