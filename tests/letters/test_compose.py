"""Composing letters from the real Vesthimmerland standard: texts, recipients, receipt and complaint dates."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from visitator.core import clock
from visitator.letters import legal_text
from visitator.letters.checks import letter_check
from visitator.letters.compose import (
    BODY_KINDS,
    Channel,
    LetterKind,
    Recipient,
    SectionKey,
    letter_compose,
    recipient_for,
)
from visitator.people.models import Representative
from visitator.people.services import representative_add

pytestmark = pytest.mark.django_db


def _compose(kind, case, refusal_facts, grant_facts, hearing_facts, today):
    decision = {
        LetterKind.GRANT: grant_facts,
        LetterKind.PARTIAL_GRANT: dataclasses.replace(
            refusal_facts, granted="2 hele dage om ugen i Aktivitetshuset Aars fra den 1. december 2026"
        ),
        LetterKind.CHANGE: dataclasses.replace(
            refusal_facts, granted="2 hele dage om ugen", effective_from=today + dt.timedelta(days=30)
        ),
        LetterKind.STOP: dataclasses.replace(refusal_facts, effective_from=today + dt.timedelta(days=30)),
    }.get(kind, refusal_facts)
    return letter_compose(
        kind=kind,
        case=case,
        decision=decision,
        hearing=hearing_facts,
        expected_on=today + dt.timedelta(days=21),
        reason="Vi venter på en udtalelse fra din læge.",
    )


@pytest.mark.parametrize("kind", [k for k in LetterKind if k not in BODY_KINDS])
def test_every_kind_composes_from_the_real_standard_and_passes_the_check(
    kind, case, refusal_facts, grant_facts, hearing_facts, today
):
    draft = _compose(kind, case, refusal_facts, grant_facts, hearing_facts, today)
    assert draft.kind == kind
    assert draft.case_id == case.id and draft.case_number == case.number
    assert draft.municipality_name == "Vesthimmerlands Kommune"
    assert draft.unit_name == "Bevilling Psykiatri og Handicap"
    assert draft.letter_date == today and draft.receipt_on == today
    assert draft.subject and "aktivitets- og samværstilbud" in draft.subject
    assert draft.salutation == "Kære Anna Jensen (testperson)"
    assert draft.closing == (
        "Med venlig hilsen",
        "Bevilling Psykiatri og Handicap",
        "Vesthimmerlands Kommune",
    )
    assert draft.service_paragraph == "Serviceloven § 104"
    assert draft.standard_version_id == case.standard_version_id
    assert letter_check(draft) == []
    text = draft.plain_text()
    assert case.citizen.cpr not in text
    if kind in (LetterKind.RECEIPT, LetterKind.DEADLINE_NOTICE, LetterKind.HEARING):
        assert draft.complaint_deadline is None and "Klagevejledning" not in text
    else:
        # Received Friday 27 November 2026: 4 weeks end on juledag, Friday 25 December, so the deadline
        # runs to Monday 28 December 2026 (JM vejledning 9533/2018), and the letter says why.
        assert draft.complaint_deadline == dt.date(2026, 12, 28)
        assert "Klagevejledning" in text and "28. december 2026" in text
        assert "ville udløbe den 25. december 2026. Den dag er juledag" in text


def test_the_receipt_uses_the_standards_paragraph(case, today):
    draft = letter_compose(kind=LetterKind.RECEIPT, case=case)
    spec = case.standard_version.spec
    assert draft.subject == "Kvittering for din ansøgning om aktivitets- og samværstilbud"
    receipt = draft.section(SectionKey.RECEIPT)
    assert receipt is not None
    expected = spec.letter_paragraph(
        "receipt",
        received_on=legal_text.danish_date(case.received_on),
        deadline_period="8 uger",
        deadline=legal_text.danish_date(case.decision_deadline),
    )
    assert receipt.paragraphs == (" ".join(expected.split()),)
    assert "18. oktober 2026" in receipt.paragraphs[0]  # received 40 days before 27 November
    assert "retssikkerhedsloven § 3, stk. 2" in draft.plain_text()


def test_the_deadline_notice_is_word_for_word_the_earlier_plain_text_notice(case, today):
    # The exact text of the plain-text notice Visitator sent before the letter engine existed.
    expected_on = today + dt.timedelta(days=21)
    reason = "  Vi venter på en udtalelse fra din læge.  "
    draft = letter_compose(kind=LetterKind.DEADLINE_NOTICE, case=case, expected_on=expected_on, reason=reason)
    assert draft.plain_text() == "\n".join(
        [
            "Kære Anna Jensen (testperson)",
            "",
            "Vi modtog din ansøgning den 18. oktober 2026.",
            "Vi kan desværre ikke træffe afgørelse om din ansøgning om aktivitets- og samværstilbud inden "
            "for fristen på 8 uger, som udløber den 13. december 2026. Du kan forvente at få svar senest "
            "den 18. december 2026.",
            "",
            "Det skyldes: Vi venter på en udtalelse fra din læge.",
            "",
            "Vi skriver til dig efter retssikkerhedslovens § 3, stk. 2.",
            "",
            f"Sagsnummer: {case.number}",
            "",
            "Med venlig hilsen",
            "Bevilling Psykiatri og Handicap",
            "Vesthimmerlands Kommune",
        ]
    )
    assert draft.expected_on == expected_on and draft.reason == reason.strip()


def test_a_grant_uses_the_standards_paragraphs(case, grant_facts, today):
    draft = letter_compose(kind=LetterKind.GRANT, case=case, decision=grant_facts)
    text = draft.plain_text()
    assert "Bevilling Psykiatri og Handicap har bevilget dig et aktivitets- og samværstilbud" in text
    assert "Du er bevilget 3 hele dage om ugen." in text
    assert "Du skal være i tilbuddet Aktivitetshuset Aars fra den 1. december 2026." in text
    assert "Kommunen afholder udgiften til befordring." in text
    assert "Der fastsættes mål for dit udbytte af tilbuddet." in text
    assert "- Du deltager i fællesskabet i huset mindst 2 dage om ugen." in text
    # Follow-up: the standard's interval (1 year) from the start date.
    assert "Næste opfølgning sker senest den 1. december 2027." in text
    assert draft.subject == "Afgørelse: Bevilling af aktivitets- og samværstilbud"


def test_a_refusal_has_begrundelse_alternatives_and_the_law_text(case, refusal_facts):
    draft = letter_compose(kind=LetterKind.REFUSAL, case=case, decision=refusal_facts)
    assert draft.subject == "Afgørelse: Afslag på aktivitets- og samværstilbud"
    rules = draft.section(SectionKey.LEGAL_RULES)
    assert rules is not None and rules.paragraphs == refusal_facts.legal_rules
    assert rules.intro == "Afgørelsen er truffet efter disse regler:"
    text = draft.plain_text()
    assert "Serviceloven § 104 lyder: »Kommunalbestyrelsen skal tilbyde" in text
    assert "retssikkerhedsloven § 5" in text
    assert "- Værestedet i Aars (uvisiteret tilbud)" in text
    assert (
        "Vi har givet dig afslag på din ansøgning om aktivitets- og samværstilbud efter serviceloven § 104."
        in text
    )


def test_caseworker_paragraphs_are_kept_and_whitespace_tidied(case, refusal_facts):
    facts = dataclasses.replace(
        refusal_facts, main_considerations="Første  afsnit\nfortsat.\n\n\nAndet afsnit"
    )
    draft = letter_compose(kind=LetterKind.REFUSAL, case=case, decision=facts)
    reasons = draft.section(SectionKey.REASONS)
    assert reasons is not None and reasons.paragraphs == ("Første afsnit fortsat.", "Andet afsnit")


def test_change_and_stop_say_from_when(case, refusal_facts, today):
    when = dt.date(2027, 1, 1)
    for kind, words in [(LetterKind.CHANGE, "ændre"), (LetterKind.STOP, "ophører")]:
        draft = letter_compose(
            kind=kind, case=case, decision=dataclasses.replace(refusal_facts, effective_from=when)
        )
        decision = draft.section(SectionKey.DECISION)
        assert decision is not None and words in decision.text and "1. januar 2027" in decision.text
        complaint = draft.section(SectionKey.COMPLAINT)
        assert (
            complaint is not None
            and "gælder fra den 1. januar 2027, også selv om du klager" in complaint.text
        )


def test_a_hearing_lists_the_information_and_the_deadline(case, hearing_facts):
    draft = letter_compose(kind=LetterKind.HEARING, case=case, hearing=hearing_facts)
    information = draft.section(SectionKey.INFORMATION)
    assert information is not None and information.bulleted
    assert information.paragraphs == hearing_facts.information
    text = draft.plain_text()
    assert "forvaltningsloven § 19" in text
    assert "Vi skal have dine bemærkninger senest den 11. december 2026." in text
    assert "træffer vi afgørelse på det grundlag, der foreligger" in text
    assert "mundtligt" in text
    assert draft.response_deadline == hearing_facts.response_deadline


def test_letters_are_danish_whatever_the_users_language(case, refusal_facts):
    from django.utils import translation

    with translation.override("en"):
        draft = letter_compose(kind=LetterKind.REFUSAL, case=case, decision=refusal_facts)
    assert "senest den 28. december 2026" in draft.plain_text() and "Klagevejledning" in draft.plain_text()


def test_compose_writes_nothing(case, refusal_facts):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        letter_compose(kind=LetterKind.REFUSAL, case=case, decision=refusal_facts)
    assert all(q["sql"].lstrip().upper().startswith("SELECT") for q in queries.captured_queries)


# -- receipt day and complaint deadline ------------------------------------------------------------


def test_digital_post_is_received_on_the_letter_date(case, refusal_facts, today):
    draft = letter_compose(kind=LetterKind.REFUSAL, case=case, decision=refusal_facts)
    assert draft.channel == Channel.DIGITAL_POST
    assert draft.receipt_on == today
    # 4 weeks from Friday 27 November 2026 is juledag; the deadline runs to Monday 28 December.
    assert draft.complaint_deadline == dt.date(2026, 12, 28)


def test_a_physical_letter_is_received_six_hverdage_later_across_the_weekend(
    physical_case, refusal_facts, today
):
    draft = letter_compose(kind=LetterKind.REFUSAL, case=physical_case, decision=refusal_facts)
    assert draft.channel == Channel.PHYSICAL
    # Friday 27 November 2026 + 6 hverdage: Mon 30 Nov, Tue 1, Wed 2, Thu 3, Fri 4, Mon 7 December.
    assert draft.receipt_on == dt.date(2026, 12, 7)
    # Monday 7 December + 4 weeks: Monday 4 January 2027, a working day (no move).
    assert draft.complaint_deadline == dt.date(2027, 1, 4)
    complaint = draft.section(SectionKey.COMPLAINT)
    assert complaint is not None
    assert "senest den 4. januar 2027" in complaint.text and "7. december 2026" in complaint.text
    assert "almindelig post" in complaint.text
    assert "ville udløbe" not in complaint.text


def test_a_physical_letter_over_easter(physical_case, refusal_facts):
    # Wednesday 1 April 2026; skærtorsdag 2, langfredag 3, the weekend and 2. påskedag 6 April do not
    # count: Tue 7, Wed 8, Thu 9, Fri 10, Mon 13, Tue 14 April.
    with clock.frozen(dt.date(2026, 4, 1)):
        draft = letter_compose(kind=LetterKind.REFUSAL, case=physical_case, decision=refusal_facts)
    assert draft.letter_date == dt.date(2026, 4, 1)
    assert draft.receipt_on == dt.date(2026, 4, 14)
    assert draft.complaint_deadline == dt.date(2026, 5, 12)


def test_the_physical_receipt_days_are_a_setting(physical_case, refusal_facts, settings, today):
    settings.VISITATOR_PHYSICAL_MAIL_RECEIPT_WORKING_DAYS = 5
    draft = letter_compose(kind=LetterKind.REFUSAL, case=physical_case, decision=refusal_facts)
    assert draft.receipt_on == dt.date(2026, 12, 4)
    # Friday 4 December + 4 weeks = nytårsdag, Friday 1 January 2027; then a weekend: Monday 4 January.
    assert draft.complaint_deadline == dt.date(2027, 1, 4)
    complaint = draft.section(SectionKey.COMPLAINT)
    assert complaint is not None
    assert "ville udløbe den 1. januar 2027. Den dag er nytårsdag" in complaint.text


# -- recipients --------------------------------------------------------------------------------------


def test_the_citizen_receives_by_digital_post_unless_exempt(case, physical_case, today):
    assert recipient_for(case, today) == Recipient(
        name="Anna Jensen (testperson)", address_lines=(), digital_post=True
    )
    assert recipient_for(physical_case, today) == Recipient(
        name="Bent Ørum (testperson)", address_lines=("Prøvegade 7, 2. th.", "9600 Aars"), digital_post=False
    )


def _representative(caseworker, citizen, **fields):
    fields.setdefault("kind", Representative.Kind.POWER_OF_ATTORNEY)
    fields.setdefault("name", "Bo Hansen")
    fields.setdefault("valid_from", dt.date(2026, 1, 1))
    fields.setdefault("address_line", "Fuldmagtsvej 3")
    fields.setdefault("postcode", "9640")
    fields.setdefault("city", "Farsø")
    if fields["kind"] == Representative.Kind.POWER_OF_ATTORNEY:
        fields.setdefault("power_of_attorney_received", dt.date(2026, 1, 1))
    return representative_add(user=caseworker, citizen=citizen, **fields)


def test_an_active_representative_who_receives_letters_gets_them_c_o(case, caseworker, today, refusal_facts):
    _representative(caseworker, case.citizen, name="Gammel Fuldmagt", valid_to=dt.date(2026, 6, 30))
    _representative(caseworker, case.citizen, kind=Representative.Kind.RELATIVE, name="Søster uden fuldmagt")
    _representative(caseworker, case.citizen, name="Ikke breve", receives_letters=False)
    _representative(caseworker, case.citizen, name="Bo Hansen")
    recipient = recipient_for(case, today)
    assert recipient == Recipient(
        name="Bo Hansen",
        address_lines=("Fuldmagtsvej 3", "9640 Farsø"),
        digital_post=False,
        on_behalf_of="Anna Jensen (testperson)",
    )
    assert recipient.address_block == (
        "Anna Jensen (testperson)",
        "c/o Bo Hansen",
        "Fuldmagtsvej 3",
        "9640 Farsø",
    )
    draft = letter_compose(kind=LetterKind.REFUSAL, case=case, decision=refusal_facts)
    assert draft.recipient == recipient
    assert draft.salutation == "Kære Anna Jensen (testperson)"
    assert draft.channel == Channel.PHYSICAL and draft.receipt_on == dt.date(2026, 12, 7)


def test_an_expired_or_future_representative_is_not_used(case, caseworker, today):
    _representative(caseworker, case.citizen, name="Udløbet", valid_to=today - dt.timedelta(days=1))
    _representative(caseworker, case.citizen, name="Fremtidig", valid_from=today + dt.timedelta(days=1))
    assert recipient_for(case, today).name == "Anna Jensen (testperson)"
    assert recipient_for(case, today + dt.timedelta(days=1)).name == "Fremtidig"


def test_the_most_recent_of_two_active_representatives_is_used(case, caseworker, today):
    _representative(caseworker, case.citizen, name="Første", valid_from=dt.date(2025, 1, 1))
    _representative(
        caseworker,
        case.citizen,
        kind=Representative.Kind.GUARDIAN,
        name="Værge",
        valid_from=dt.date(2026, 2, 1),
    )
    assert recipient_for(case, today).name == "Værge"


def test_a_given_recipient_is_used_as_is(case, refusal_facts):
    recipient = Recipient(name="Anden Modtager", address_lines=("Vej 1", "9600 Aars"), digital_post=False)
    draft = letter_compose(kind=LetterKind.REFUSAL, case=case, decision=refusal_facts, recipient=recipient)
    assert draft.recipient is recipient and draft.salutation == "Kære Anden Modtager"
