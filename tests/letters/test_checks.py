"""The legal check refuses each missing element with a message that names it, and reads what is printed."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from visitator.letters.checks import LetterIncomplete, letter_check
from visitator.letters.compose import LetterDraft, LetterKind, Recipient, Section, SectionKey, letter_compose

pytestmark = pytest.mark.django_db


@pytest.fixture
def refusal(case, refusal_facts) -> LetterDraft:
    return letter_compose(kind=LetterKind.REFUSAL, case=case, decision=refusal_facts)


def test_a_complete_refusal_passes(refusal):
    assert letter_check(refusal) == []


def _without(draft: LetterDraft, key: str) -> LetterDraft:
    return dataclasses.replace(draft, sections=tuple(s for s in draft.sections if s.key != key))


def _edit(draft: LetterDraft, key: str, drop: str) -> LetterDraft:
    """The draft with every paragraph of section `key` that contains `drop` removed."""
    sections = tuple(
        dataclasses.replace(s, paragraphs=tuple(p for p in s.paragraphs if drop not in p))
        if s.key == key
        else s
        for s in draft.sections
    )
    return dataclasses.replace(draft, sections=sections)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (dict(legal_rules=()), "retsregler"),
        (dict(legal_rules=("Serviceloven § 1, stk. 3",)), "Serviceloven § 104"),
        (dict(main_considerations=""), "hovedhensyn"),
        (dict(facts="  "), "faktiske omstændigheder"),
        (dict(alternatives=()), "anden hjælp"),
        (dict(applied_for=""), None),  # what was applied for is good to say, but not required
    ],
    ids=["legal-rules", "service-paragraph", "main-considerations", "facts", "alternatives", "applied-for"],
)
def test_a_refusal_missing_a_fact_is_refused_naming_it(case, refusal_facts, change, message):
    draft = letter_compose(
        kind=LetterKind.REFUSAL, case=case, decision=dataclasses.replace(refusal_facts, **change)
    )
    problems = letter_check(draft)
    if message is None:
        assert problems == []
    else:
        assert len(problems) == 1 and message in problems[0], problems


def test_a_refusal_without_any_facts_lists_everything(case):
    problems = letter_check(letter_compose(kind=LetterKind.REFUSAL, case=case))
    joined = " ".join(problems)
    for word in ("retsregler", "hovedhensyn", "faktiske omstændigheder", "anden hjælp"):
        assert word in joined
    assert len(problems) == 4


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda d: _without(d, SectionKey.COMPLAINT), "Klagevejledningen mangler (forvaltningsloven § 25)"),
        (lambda d: _without(d, SectionKey.REASONS), "hovedhensyn"),
        (lambda d: _without(d, SectionKey.FACTS), "faktiske omstændigheder"),
        (lambda d: _without(d, SectionKey.LEGAL_RULES), "retsregler"),
        (lambda d: _edit(d, SectionKey.COMPLAINT, "senest den"), "klagefristen som dato"),
        (lambda d: dataclasses.replace(d, complaint_deadline=None), "klagefristen som dato"),
        (lambda d: _edit(d, SectionKey.COMPLAINT, "Du skal klage til"), "sendes til Vesthimmerlands Kommune"),
        (lambda d: _edit(d, SectionKey.COMPLAINT, "genvurderer"), "genvurderer afgørelsen"),
        (lambda d: _edit(d, SectionKey.COMPLAINT, "Ankestyrelsen"), "Ankestyrelsen"),
        (lambda d: _edit(d, SectionKey.COMPLAINT, "opsættende"), "opsættende virkning"),
        (lambda d: _edit(d, SectionKey.LEGAL_RULES, "§ 104"), "Serviceloven § 104"),
        (lambda d: _without(d, SectionKey.DECISION), "hvad er der besluttet"),
        (
            lambda d: dataclasses.replace(d, receipt_on=d.letter_date + dt.timedelta(days=1)),
            "Modtagelsesdagen",
        ),
        (lambda d: dataclasses.replace(d, subject=""), "overskrift"),
        (lambda d: dataclasses.replace(d, sections=()), "ingen tekst"),
    ],
    ids=[
        "no-klagevejledning",
        "no-considerations-section",
        "no-facts-section",
        "no-rules-section",
        "deadline-not-printed",
        "no-deadline",
        "municipality-not-named",
        "no-genvurdering",
        "no-ankestyrelsen",
        "no-suspensive-effect",
        "rules-without-service-paragraph",
        "no-decision",
        "wrong-receipt-day",
        "no-subject",
        "no-text",
    ],
)
def test_the_check_reads_the_printed_draft(refusal, edit, message):
    problems = letter_check(edit(refusal))
    assert any(message in p for p in problems), problems


def test_a_wrongly_computed_complaint_deadline_is_refused(refusal):
    wrong = refusal.complaint_deadline + dt.timedelta(days=1)
    complaint = refusal.section(SectionKey.COMPLAINT)
    old = "28. december 2026"
    new = "29. december 2026"
    sections = tuple(
        dataclasses.replace(s, paragraphs=tuple(p.replace(old, new) for p in s.paragraphs))
        if s is complaint
        else s
        for s in refusal.sections
    )
    problems = letter_check(dataclasses.replace(refusal, complaint_deadline=wrong, sections=sections))
    assert problems == [
        "Klagefristen skal være den 28. december 2026: 4 uger fra den dag, brevet regnes for modtaget "
        "(en frist, der ender på en lørdag, søndag, helligdag, grundlovsdag, 24. eller 31. december, "
        "løber til næste hverdag)."
    ]


@pytest.mark.parametrize("kind", [LetterKind.PARTIAL_GRANT, LetterKind.CHANGE, LetterKind.STOP])
def test_every_reasoned_decision_needs_begrundelse_and_klagevejledning(kind, case, refusal_facts):
    facts = dataclasses.replace(
        refusal_facts, granted="2 dage om ugen", effective_from=dt.date(2027, 1, 1), main_considerations=""
    )
    draft = letter_compose(kind=kind, case=case, decision=facts)
    assert any("hovedhensyn" in p for p in letter_check(draft))
    assert any("Klagevejledningen mangler" in p for p in letter_check(_without(draft, SectionKey.COMPLAINT)))


@pytest.mark.parametrize("kind", [LetterKind.CHANGE, LetterKind.STOP])
def test_change_and_stop_need_the_date_they_take_effect(kind, case, refusal_facts):
    draft = letter_compose(kind=kind, case=case, decision=refusal_facts)
    assert "Afgørelsen mangler datoen, hvorfra den gælder." in letter_check(draft)
    dated = letter_compose(
        kind=kind, case=case, decision=dataclasses.replace(refusal_facts, effective_from=dt.date(2027, 1, 1))
    )
    assert letter_check(dated) == []
    assert any("hvorfra afgørelsen gælder" in p for p in letter_check(_without(dated, SectionKey.DECISION)))


def test_a_grant_must_say_what_is_granted_and_keep_its_klagevejledning(case, grant_facts):
    draft = letter_compose(kind=LetterKind.GRANT, case=case, decision=grant_facts)
    assert letter_check(draft) == []
    ungranted = letter_compose(
        kind=LetterKind.GRANT, case=case, decision=dataclasses.replace(grant_facts, granted="")
    )
    assert any("hvad der bevilges" in p for p in letter_check(ungranted))
    assert any("Klagevejledningen mangler" in p for p in letter_check(_without(draft, SectionKey.COMPLAINT)))
    # A full grant needs no begrundelse (FVL § 22).
    assert not any("hovedhensyn" in p for p in letter_check(draft))


@pytest.mark.parametrize("kind", [LetterKind.REFUSAL, LetterKind.PARTIAL_GRANT])
def test_a_decision_against_the_citizen_must_show_the_alternatives_considered(kind, case, refusal_facts):
    facts = dataclasses.replace(refusal_facts, granted="2 dage om ugen")
    assert letter_check(letter_compose(kind=kind, case=case, decision=facts)) == []
    bare = letter_compose(kind=kind, case=case, decision=dataclasses.replace(facts, alternatives=()))
    assert letter_check(bare) == [
        "Begrundelsen mangler den anden hjælp, der er overvejet (retssikkerhedsloven § 5)."
    ]


def test_a_full_grant_needs_no_alternatives(case, grant_facts):
    assert letter_check(letter_compose(kind=LetterKind.GRANT, case=case, decision=grant_facts)) == []


# -- hearing and deadline notice ---------------------------------------------------------------------


def test_a_hearing_needs_information_and_a_later_deadline(case, physical_case, hearing_facts, today):
    assert letter_check(letter_compose(kind=LetterKind.HEARING, case=case, hearing=hearing_facts)) == []
    no_info = dataclasses.replace(hearing_facts, information=(" ",))
    assert any(
        "oplysninger, borgeren høres over" in p
        for p in letter_check(letter_compose(kind=LetterKind.HEARING, case=case, hearing=no_info))
    )
    same_day = dataclasses.replace(hearing_facts, response_deadline=today)
    assert "Svarfristen skal ligge efter brevets dato." in letter_check(
        letter_compose(kind=LetterKind.HEARING, case=case, hearing=same_day)
    )
    # A physical letter of Friday 27 November is received Monday 7 December (6 hverdage): a deadline on
    # that Monday gives no time; the Tuesday after is accepted by this check.
    monday = dataclasses.replace(hearing_facts, response_deadline=dt.date(2026, 12, 7))
    problems = letter_check(letter_compose(kind=LetterKind.HEARING, case=physical_case, hearing=monday))
    assert problems == ["Svarfristen skal ligge efter den 7. december 2026, hvor brevet regnes for modtaget."]
    tuesday = dataclasses.replace(hearing_facts, response_deadline=dt.date(2026, 12, 8))
    assert letter_check(letter_compose(kind=LetterKind.HEARING, case=physical_case, hearing=tuesday)) == []
    no_plan = dataclasses.replace(hearing_facts, planned_decision="")
    assert any(
        "forventer at beslutte" in p
        for p in letter_check(letter_compose(kind=LetterKind.HEARING, case=case, hearing=no_plan))
    )
    assert any("svarfrist" in p for p in letter_check(letter_compose(kind=LetterKind.HEARING, case=case)))


def test_a_deadline_notice_needs_a_later_date_and_a_reason(case, today):
    good = letter_compose(
        kind=LetterKind.DEADLINE_NOTICE,
        case=case,
        expected_on=today + dt.timedelta(days=7),
        reason="Travlhed",
    )
    assert letter_check(good) == []
    no_reason = dataclasses.replace(good, reason="")
    assert any("begrundelsen" in p for p in letter_check(no_reason))
    assert any("begrundelsen" in p for p in letter_check(_without(good, SectionKey.NOTICE_REASON)))
    same_day = letter_compose(
        kind=LetterKind.DEADLINE_NOTICE, case=case, expected_on=today, reason="Travlhed"
    )
    assert letter_check(same_day) == ["Den forventede afgørelsesdato skal ligge efter brevets dato."]
    tomorrow = letter_compose(
        kind=LetterKind.DEADLINE_NOTICE,
        case=case,
        expected_on=today + dt.timedelta(days=1),
        reason="Travlhed",
    )
    assert letter_check(tomorrow) == []
    missing = letter_compose(kind=LetterKind.DEADLINE_NOTICE, case=case, reason="Travlhed")
    assert any("forvente en afgørelse" in p for p in letter_check(missing))


# -- recipients ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("recipient", "message"),
    [
        (Recipient(name=" ", address_lines=("Vej 1", "9600 Aars"), digital_post=False), "navn"),
        (Recipient(name="Anna", address_lines=(), digital_post=False), "adresse"),
        (Recipient(name="Anna", address_lines=("",), digital_post=False), "adresse"),
        (
            Recipient(name="Bo", address_lines=("Vej 1",), digital_post=True, on_behalf_of="Anna"),
            "repræsentant",
        ),
    ],
    ids=["no-name", "no-address", "blank-address", "representative-by-digital-post"],
)
def test_every_letter_needs_a_recipient_it_can_reach(case, recipient, message):
    draft = letter_compose(kind=LetterKind.RECEIPT, case=case, recipient=recipient)
    assert any(message in p for p in letter_check(draft)), letter_check(draft)


def test_digital_post_needs_no_postal_address(case):
    draft = letter_compose(
        kind=LetterKind.RECEIPT,
        case=case,
        recipient=Recipient(name="Anna", address_lines=(), digital_post=True),
    )
    assert letter_check(draft) == []


def test_letter_incomplete_carries_the_messages():
    error = LetterIncomplete(["a", "b"])
    assert error.problems == ["a", "b"] and error.messages == ["a", "b"]


def test_sections_are_plain_data():
    section = Section("Overskrift", ("a", "b"), SectionKey.ALTERNATIVES, bulleted=True, intro="Intro")
    assert section.lines == ("Overskrift", "Intro", "- a", "- b")
