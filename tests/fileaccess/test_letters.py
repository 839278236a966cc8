"""The two access letters and their legal check (letters.checks, branch for ACCESS_NOTICE/ACCESS_ANSWER)."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from visitator.fileaccess.letter_body import ListEntry, answer_body, notice_body
from visitator.letters.checks import letter_check
from visitator.letters.compose import LetterKind, SectionKey, letter_compose

pytestmark = pytest.mark.django_db

D = dt.date


def entries(*decisions):
    """Akt 1 released; then one entry per (decision, ground) given."""
    out = [ListEntry(1, "letter:a", "Brev", "Kvittering for ansøgning (brev)", D(2026, 11, 2), "release")]
    for number, (decision, ground) in enumerate(decisions, start=2):
        out.append(
            ListEntry(
                number,
                f"note:{number}",
                "Journalnotat",
                "Notat",
                D(2026, 11, 3),
                decision,
                ground,
                "Begrundelse for akten." if ground else "",
                "Uddrag." if decision == "partial" else "",
            )
        )
    return out


def draft_for(case, items, **changes):
    body = answer_body(
        entries=items,
        received_on=D(2026, 11, 30),
        scope="whole",
        documents="",
        service_title="Aktivitets- og samværstilbud",
        case_number=case.number,
        municipality_name=case.municipality.name,
        enclosed=True,
    )
    draft = letter_compose(kind=LetterKind.ACCESS_ANSWER, case=case, body=body)
    return dataclasses.replace(draft, **changes) if changes else draft


def without(draft, key):
    return dataclasses.replace(draft, sections=tuple(s for s in draft.sections if s.key != key))


def test_full_access_needs_no_reasons_or_guidance(akter_case):
    draft = draft_for(akter_case.case, entries(("release", "")))
    assert letter_check(draft) == []
    assert draft.section(SectionKey.COMPLAINT) is None and draft.complaint_deadline is None
    assert "Du får aktindsigt i alle de akter, du har bedt om." in draft.plain_text()


def test_a_withholding_answer_passes_with_reasons_and_guidance(akter_case):
    draft = draft_for(akter_case.case, entries(("withhold", "fvl_12"), ("partial", "fvl_15a")))
    assert letter_check(draft) == []
    text = draft.plain_text()
    assert "- Akt 2: Notat, 3. november 2026 – undtaget (forvaltningsloven § 12)" in text
    assert "delvist undtaget (forvaltningsloven § 15 a); du får et uddrag" in text
    assert "Der er ingen frist for at klage over en afgørelse om aktindsigt." in text
    assert "direkte til Ankestyrelsen" in text and "(forvaltningsloven § 16, stk. 4)" in text
    assert "Forvaltningsloven § 15 c: gælder undtagelsen kun en del af et dokument" in text


def test_the_check_refuses_a_refusal_without_reasons_or_guidance(akter_case):
    draft = draft_for(akter_case.case, entries(("withhold", "fvl_12")))
    assert letter_check(without(draft, SectionKey.REASONS)) == [
        "Afslaget på aktindsigt mangler en begrundelse (forvaltningsloven §§ 22 og 24)."
    ]
    assert letter_check(without(without(draft, SectionKey.REASONS), SectionKey.LEGAL_RULES)) == [
        "Afslaget på aktindsigt mangler en begrundelse (forvaltningsloven §§ 22 og 24).",
        "Begrundelsen nævner ikke forvaltningsloven § 12, som en akt er undtaget efter.",
    ]
    assert letter_check(without(draft, SectionKey.COMPLAINT)) == [
        "Klagevejledningen mangler (forvaltningsloven § 25)."
    ]
    assert letter_check(dataclasses.replace(draft, complaint_deadline=D(2026, 12, 29))) == [
        "En afgørelse om aktindsigt har ingen klagefrist (FOB 2020-21); brevet må ikke nævne en."
    ]
    assert letter_check(without(draft, "access_list")) == [
        "Svaret på anmodningen om aktindsigt mangler aktlisten."
    ]


def test_the_check_tells_15_from_15_a(akter_case):
    """An akt withheld under § 15 is not justified by a begrundelse that cites only § 15 a."""
    draft = draft_for(akter_case.case, entries(("withhold", "fvl_15a")))
    listing = draft.section("access_list")
    assert listing is not None
    wrong = dataclasses.replace(
        listing, paragraphs=(*listing.paragraphs[:-1], listing.paragraphs[-1].replace("§ 15 a", "§ 15"))
    )
    draft = dataclasses.replace(
        draft, sections=tuple(wrong if s.key == "access_list" else s for s in draft.sections)
    )
    assert letter_check(draft) == [
        "Begrundelsen nævner ikke forvaltningsloven § 15, som en akt er undtaget efter."
    ]


def test_the_notice_needs_its_date_and_reason(akter_case):
    body = notice_body(
        received_on=D(2026, 11, 20),
        expected_on=D(2026, 12, 11),
        reason="Vi venter på en udtalelse fra lægen",
        service_title="Aktivitets- og samværstilbud",
    )
    draft = letter_compose(kind=LetterKind.ACCESS_NOTICE, case=akter_case.case, body=body)
    assert letter_check(draft) == []
    text = draft.plain_text()
    assert "Du kan forvente svar senest den 11. december 2026." in text
    assert "Det skyldes: Vi venter på en udtalelse fra lægen" in text
    assert "inden 7 arbejdsdage (forvaltningsloven § 16, stk. 2)" in text
    assert letter_check(without(draft, SectionKey.NOTICE_REASON)) == [
        "Beskeden mangler grunden til, at anmodningen om aktindsigt ikke er besvaret."
    ]
