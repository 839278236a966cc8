"""Text that cannot be printed in a PDF/A document, as a clear message instead of a server error.

Letters, the journal extract and the case file are rendered by typst with its own embedded fonts
only (the same output on every machine). PDF/A and PDF/UA forbid a character that no embedded font
can draw (an emoji, a Chinese character, a control character), so typst refuses the whole document
and names the character. This module turns that refusal into `UnprintableText`, a ValidationError
that names the character and where it is, so the caseworker can correct the text; nothing is stored
or sent meanwhile. Control characters are refused at input (core.validators) long before this.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# typst's message, e.g.: PDF/A-2a, PDF/UA-1 error: the text `"😀"` could not be displayed with font
# `"Libertinus Serif"`. Escapes are written as \u{1f600}.
_MISSING_GLYPH = re.compile(r'the text `"(?P<text>.*?)"` could not be displayed')
_ESCAPE = re.compile(r"\\u\{(?P<hex>[0-9a-fA-F]{1,6})\}")


class UnprintableText(ValidationError):
    """A character in the text has no glyph in the document's fonts; `where` says in which part."""

    def __init__(self, char: str, where: str) -> None:
        self.char = char
        self.where = where
        super().__init__(
            _(
                "%(char)s i %(where)s kan ikke skrives i et PDF/A-dokument, fordi skrifttypen ikke har "
                "tegnet. Ret teksten (skriv fx ordet i stedet for en emoji), og prøv igen."
            )
            % {"char": describe(char), "where": where},
            code="unprintable",
        )


def describe(char: str) -> str:
    """»😀« (U+1F600), or for an invisible character only its name and code point."""
    codes = " ".join(f"U+{ord(c):04X}" for c in char)
    if any(unicodedata.category(c).startswith("C") for c in char):
        return _("Et usynligt styretegn (%(codes)s)") % {"codes": codes}
    return _("Tegnet »%(char)s« (%(codes)s)") % {"char": char, "codes": codes}


def missing_glyph(message: str) -> str | None:
    """The text typst could not display, from its error message; None for any other error."""
    found = _MISSING_GLYPH.search(message)
    if found is None:
        return None
    text = _ESCAPE.sub(lambda m: chr(int(m.group("hex"), 16)), found.group("text"))
    return text.replace('\\"', '"').replace("\\\\", "\\") or None


def _strings(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, (*path, key))
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            yield from _strings(item, (*path, index))


def find_unprintable(
    message: str, values: Any, where: Callable[[tuple[Any, ...], str], str] | None = None
) -> UnprintableText | None:
    """`UnprintableText` for typst's error `message` on a document made from `values` (JSON data),
    naming the part with `where(path, text)`; by default the words just before the character."""
    char = missing_glyph(message)
    if char is None:
        return None
    for path, text in _strings(values):
        if char in text:
            return UnprintableText(char, (where or _context)(path, text))
    return UnprintableText(char, _("dokumentet"))


def _context(_path: tuple[Any, ...], text: str) -> str:
    return _("teksten, der begynder »%(text)s«") % {"text": _snippet(text)}


def _snippet(text: str, size: int = 40) -> str:
    """The first words of `text`, printable characters only (the message itself must show)."""
    flat = " ".join("".join(c if c.isprintable() else " " for c in text).split())
    return flat if len(flat) <= size else flat[: size - 1] + "…"
