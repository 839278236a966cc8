"""A character the letter's fonts cannot draw (emoji, Chinese, a control character) gives a clear
Danish message naming the character and the part of the letter, never a server error; nothing is
stored or sent. Letters in other Latin, Greek or Cyrillic scripts render."""

from __future__ import annotations

import dataclasses

import pytest
from django.urls import reverse

from visitator.cases import services as cases
from visitator.core.unprintable import UnprintableText, describe, missing_glyph
from visitator.letters.compose import LetterKind, letter_compose
from visitator.letters.models import Letter
from visitator.letters.render import letter_render
from visitator.letters.services import letter_send

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("message", "text"),
    [
        (
            'PDF/A-2a, PDF/UA-1 error: the text `"😀"` could not be displayed with font `"Libertinus Serif"`',
            "😀",
        ),
        ('error: the text `"\\u{7}"` could not be displayed with font `"Libertinus Serif"`', "\x07"),
        ('error: the text `"中文"` could not be displayed with font `"X"`', "中文"),
        ("error: unknown variable: letter", None),
    ],
)
def test_typsts_message_names_the_text(message, text):
    assert missing_glyph(message) == text


def test_a_control_character_is_described_by_its_code_point_only():
    assert describe("\x07") == "Et usynligt styretegn (U+0007)"
    assert describe("😀") == "Tegnet »😀« (U+1F600)"


def _with_paragraph(draft, text: str):
    first = draft.sections[0]
    changed = dataclasses.replace(first, paragraphs=[*first.paragraphs, text])
    return dataclasses.replace(draft, sections=[changed, *draft.sections[1:]])


@pytest.mark.parametrize("char", ["😀", "中", "\x07"])
def test_sending_a_letter_with_a_character_the_font_lacks_is_refused_naming_the_section(
    case, caseworker, refusal_facts, char
):
    draft = letter_compose(kind=LetterKind.REFUSAL, case=case, decision=refusal_facts)
    draft = _with_paragraph(draft, f"Borgeren skrev {char} i sin ansøgning.")
    heading = draft.sections[0].heading
    with pytest.raises(UnprintableText, match=f"i afsnittet »{heading}« kan ikke skrives") as raised:
        letter_send(user=caseworker, draft=draft)
    assert raised.value.char == char
    assert not Letter.objects.exists()


def test_the_salutation_is_named_as_the_introduction(case, refusal_facts):
    draft = letter_compose(kind=LetterKind.REFUSAL, case=case, decision=refusal_facts)
    with pytest.raises(UnprintableText, match="Tegnet »🙂« \\(U\\+1F642\\) i indledningen"):
        letter_render(dataclasses.replace(draft, salutation="Kære Anna 🙂"))


@pytest.mark.parametrize("text", ["Ελληνικά", "Łódź, Żółć", "Türkçe ğış", "Русский"])
def test_other_european_scripts_render(case, refusal_facts, pdf_text, text):
    draft = letter_compose(kind=LetterKind.REFUSAL, case=case, decision=refusal_facts)
    rendered = letter_render(_with_paragraph(draft, text))
    assert text in pdf_text(rendered.pdf)


def test_the_journal_extract_with_an_emoji_in_a_note_says_so_instead_of_failing(client, case, caseworker):
    cases.journal_note_add(user=caseworker, case=case, text="Borgeren var glad 😀 efter besøget.")
    client.force_login(caseworker)
    response = client.get(reverse("cases:journal_extract", args=[case.id]), follow=True)
    assert response.redirect_chain == [(reverse("cases:detail", args=[case.id]) + "#timeline", 302)]
    shown = [str(m) for m in response.context["messages"]]
    assert any("Tegnet »😀« (U+1F600) i teksten, der begynder »Borgeren var glad" in m for m in shown)
