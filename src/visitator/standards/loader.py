"""Reading quality standard files: YAML -> validated `QualityStandard` + content hash.

Problems are collected, never raised one at a time, and each names the file and the field path,
e.g. ``standards/vesthimmerland/sel-104/2024-01-01.yaml: deadlines.decision.period.unit: Feltet
mangler. (linje 140)``.

The content hash is the SHA-256 of the canonical JSON (sorted keys, no whitespace, UTF-8) of the
validated content (``QualityStandard.model_dump(mode="json")``). It identifies exactly what a
decision was made under: comments and formatting in the file do not change it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from django.utils.translation import gettext as _
from pydantic import ValidationError
from pydantic_core import ErrorDetails

from .schema import QualityStandard

Loc = tuple[str | int, ...]

#: Discriminator values pydantic puts into an error location; they are not keys in the file.
_TAG_SEGMENTS = {("established_by", "computed"), ("established_by", "caseworker_assessment")}


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one file, at one field ("" when it concerns the whole file)."""

    file: str
    field: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.file}: {self.field}: " if self.field else f"{self.file}: "
        line = " " + _("(linje %(line)s)") % {"line": self.line} if self.line else ""
        return f"{where}{self.message}{line}"


class StandardsInvalid(Exception):
    """One or more standard files were refused. `problems` lists every reason."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))


@dataclass(frozen=True)
class LoadedStandard:
    """A file that passed the schema (not yet the checks against the law: see validation.py)."""

    path: Path
    display_path: str
    spec: QualityStandard
    content: dict[str, Any]
    content_hash: str
    node: yaml.Node | None = field(default=None, repr=False, compare=False)

    def problem(self, loc: Loc, message: str) -> Problem:
        """A problem at `loc` in this file, with the line number when the field is in the file."""
        return Problem(self.display_path, format_loc(loc), message, _line_of(self.node, loc))


# -- paths, hashing ---------------------------------------------------------------------------------


def display_path(path: Path) -> str:
    """`path` relative to the working directory when it lies below it, else as given."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)


def canonical_json(data: Any) -> str:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def compute_content_hash(content: Mapping[str, Any]) -> str:
    return hashlib.sha256(canonical_json(content).encode("utf-8")).hexdigest()


def standard_content(spec: QualityStandard) -> dict[str, Any]:
    """The JSON form stored in the database and hashed."""
    return spec.model_dump(mode="json")


def find_standard_files(directory: Path) -> list[Path]:
    """Every ``*.yaml`` file below `directory`, sorted."""
    return sorted(path for path in directory.rglob("*.yaml") if path.is_file())


# -- reading ----------------------------------------------------------------------------------------


class _UniqueKeyLoader(yaml.SafeLoader):
    """A safe loader that refuses a key written twice in one mapping (PyYAML keeps the last)."""


def _construct_mapping(
    loader: _UniqueKeyLoader, node: yaml.MappingNode, deep: bool = False
) -> dict[Any, Any]:
    seen: set[Any] = set()
    for key_node, _value in node.value:
        if key_node.tag == "tag:yaml.org,2002:merge":
            continue
        key = loader.construct_object(key_node, deep=deep)
        try:
            duplicate = key in seen
        except TypeError:
            continue
        if duplicate:
            raise yaml.constructor.ConstructorError(
                None, None, _("nøglen %(key)s står to gange") % {"key": key}, key_node.start_mark
            )
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def parse_standard(text: str, *, path: Path, display: str | None = None) -> LoadedStandard:
    """Validate the YAML `text` of a standard file. Raises `StandardsInvalid`."""
    shown = display if display is not None else display_path(path)
    try:
        data = yaml.load(text, Loader=_UniqueKeyLoader)  # noqa: S506 - a SafeLoader subclass
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        reason = getattr(error, "problem", None) or str(error)
        raise StandardsInvalid(
            [
                Problem(
                    shown,
                    "",
                    _("Ikke gyldig YAML: %(reason)s") % {"reason": reason},
                    mark.line + 1 if mark else None,
                )
            ]
        ) from None
    if data is None:
        raise StandardsInvalid([Problem(shown, "", _("Filen er tom."))])
    if not isinstance(data, dict):
        raise StandardsInvalid(
            [Problem(shown, "", _("Filen skal indeholde en samling af felter (nøgle: værdi)."))]
        )
    try:
        spec = QualityStandard.model_validate(data)
    except ValidationError as error:
        raise StandardsInvalid(
            Problem(shown, format_loc(detail["loc"]), error_message(detail), _line_of(node, detail["loc"]))
            for detail in error.errors()
        ) from None
    content = standard_content(spec)
    return LoadedStandard(
        path=path,
        display_path=shown,
        spec=spec,
        content=content,
        content_hash=compute_content_hash(content),
        node=node,
    )


def read_standard(path: Path | str) -> LoadedStandard:
    """Read and validate one file. Raises `StandardsInvalid`."""
    path = Path(path)
    shown = display_path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise StandardsInvalid([Problem(shown, "", _("Filen findes ikke."))]) from None
    except UnicodeDecodeError:
        raise StandardsInvalid([Problem(shown, "", _("Filen skal være gemt som UTF-8."))]) from None
    except OSError as error:
        raise StandardsInvalid(
            [Problem(shown, "", _("Filen kan ikke læses: %(reason)s") % {"reason": error.strerror})]
        ) from None
    return parse_standard(text, path=path, display=shown)


def read_standards(paths: Iterable[Path | str]) -> tuple[list[LoadedStandard], list[Problem]]:
    """Read every file; return the ones that passed the schema and every problem found."""
    loaded: list[LoadedStandard] = []
    problems: list[Problem] = []
    for path in paths:
        try:
            loaded.append(read_standard(path))
        except StandardsInvalid as error:
            problems.extend(error.problems)
    return loaded, problems


# -- error messages ---------------------------------------------------------------------------------


def _visible_segments(loc: Sequence[str | int]) -> list[str | int]:
    segments: list[str | int] = []
    for index, segment in enumerate(loc):
        if index and (loc[index - 1], segment) in _TAG_SEGMENTS:
            continue
        segments.append(segment)
    return segments


def format_loc(loc: Sequence[str | int]) -> str:
    """("target_group", "criteria", 0, "citation") -> "target_group.criteria[0].citation"."""
    text = ""
    for segment in _visible_segments(loc):
        if isinstance(segment, int):
            text += f"[{segment}]"
        else:
            text += f".{segment}" if text else str(segment)
    return text


def _line_of(node: yaml.Node | None, loc: Sequence[str | int]) -> int | None:
    """The line (1-based) of the deepest part of `loc` present in the file."""
    if node is None:
        return None
    current = node
    for segment in _visible_segments(loc):
        if isinstance(current, yaml.MappingNode):
            found = next(
                (
                    value
                    for key, value in current.value
                    if isinstance(key, yaml.ScalarNode) and key.value == str(segment)
                ),
                None,
            )
        elif (
            isinstance(current, yaml.SequenceNode)
            and isinstance(segment, int)
            and segment < len(current.value)
        ):
            found = current.value[segment]
        else:
            found = None
        if found is None:
            break
        current = found
    return current.start_mark.line + 1


def error_message(detail: ErrorDetails) -> str:
    """A Danish message for one pydantic error (pydantic's English text for rare kinds)."""
    kind = detail["type"]
    ctx: dict[str, Any] = dict(detail.get("ctx") or {})
    messages = {
        "missing": _("Feltet mangler."),
        "extra_forbidden": _("Ukendt felt (stavefejl, eller hører det til et andet afsnit?)."),
        "string_type": _('Skal være tekst (sæt anførselstegn om tal, fx "820").'),
        "string_too_short": _("Må ikke være tom."),
        "string_too_long": _("Er for lang (højst %(max)s tegn).") % {"max": ctx.get("max_length")},
        "string_pattern_mismatch": _("Har ikke det rigtige format (mønster %(pattern)s).")
        % {"pattern": ctx.get("pattern")},
        "int_type": _("Skal være et helt tal."),
        "int_parsing": _("Skal være et helt tal."),
        "int_from_float": _("Skal være et helt tal."),
        "bool_type": _("Skal være true eller false."),
        "bool_parsing": _("Skal være true eller false."),
        "decimal_type": _("Skal være et tal."),
        "decimal_parsing": _("Skal være et tal."),
        "decimal_max_places": _("Højst %(n)s decimaler.") % {"n": ctx.get("decimal_places")},
        "literal_error": _("Skal være en af: %(expected)s.") % {"expected": ctx.get("expected")},
        "enum": _("Skal være en af: %(expected)s.") % {"expected": ctx.get("expected")},
        "list_type": _("Skal være en liste."),
        "tuple_type": _("Skal være en liste."),
        "dict_type": _("Skal være en samling af felter (nøgle: værdi)."),
        "model_type": _("Skal være en samling af felter (nøgle: værdi)."),
        "model_attributes_type": _("Skal være en samling af felter (nøgle: værdi)."),
        "too_short": _("Skal have mindst %(n)s element(er).") % {"n": ctx.get("min_length")},
        "too_long": _("Må højst have %(n)s element(er).") % {"n": ctx.get("max_length")},
        "greater_than": _("Skal være større end %(n)s.") % {"n": ctx.get("gt")},
        "greater_than_equal": _("Skal være mindst %(n)s.") % {"n": ctx.get("ge")},
        "less_than_equal": _("Må højst være %(n)s.") % {"n": ctx.get("le")},
        "union_tag_invalid": _("%(field)s skal være en af: %(expected)s.")
        % {"field": ctx.get("discriminator"), "expected": ctx.get("expected_tags")},
        "union_tag_not_found": _("Feltet %(field)s mangler.") % {"field": ctx.get("discriminator")},
    }
    if kind in messages:
        return messages[kind]
    if kind == "value_error" and "error" in ctx:
        return str(ctx["error"])
    return detail["msg"]
