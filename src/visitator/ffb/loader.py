"""Reading an FFB code list file, and writing it with whichever model classes the caller gives.

The file is KL's FFB CodeSystem as CSV, one concept per row: code (UUID), display, parent_path (the
display names from the root down to the parent, joined by " > "; empty for a root), level (0 for a
root) and definition. The file carries no version or URL: the version comes from the file name
(``ffb_codesystem_20240530.csv``) unless given, the URL from the version (see `KNOWN_URLS`).

Nothing here audits, caches or checks for an existing version: `services.ffb_load` does that. This
module is kept free of the app's models so migration 0002 can load the bundled file with the
historical models.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from .models import PATH_SEPARATOR

COLUMNS = ("code", "display", "parent_path", "level", "definition")
DATA_DIR = Path(__file__).resolve().parent / "data"
#: The version every installation gets from migration 0002.
BUNDLED_FILE = DATA_DIR / "ffb_codesystem_20240530.csv"
#: The CodeSystem URL KL publishes FFB under (kl-term implementation guide), used for versions not in
#: `KNOWN_URLS`.
FFB_URL = "urn:oid:1.2.208.176.2.22"
KNOWN_URLS = {
    "20240530": FFB_URL,
    "20200908": "http://kl.dk/fhir/common/caresocial/CodeSystem/FFB",
}
MAX_DISPLAY = 255
MAX_PATH = 1000


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file; `line` is the file's line number (1 is the header), if any."""

    file: str
    line: int | None
    message: str

    def __str__(self) -> str:
        if self.line is None:
            return f"{self.file}: {self.message}"
        return _("%(file)s, linje %(line)s: %(message)s") % {
            "file": self.file,
            "line": self.line,
            "message": self.message,
        }


class FfbError(Exception):
    """A code list file could not be loaded. Nothing was written."""


class FfbFileInvalid(FfbError):
    """The file is not a valid FFB code list; `problems` names the file and line of each problem."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))


class FfbVersionConflict(FfbError):
    """The file clashes with a version already loaded (same version, other content, or the reverse)."""


@dataclass(frozen=True)
class ParsedConcept:
    line: int
    code: uuid.UUID
    display: str
    parent_path: str
    level: int
    definition: str

    @property
    def path(self) -> str:
        return f"{self.parent_path}{PATH_SEPARATOR}{self.display}" if self.parent_path else self.display


@dataclass(frozen=True)
class ParsedFile:
    source_name: str
    sha256: str
    version: str
    url: str
    concepts: tuple[ParsedConcept, ...]


def version_from_name(name: str) -> str | None:
    """The version in a file name: its eight-digit date, e.g. 20240530 in ffb_codesystem_20240530.csv."""
    found = re.findall(r"(?<!\d)(\d{8})(?!\d)", Path(name).stem)
    return found[-1] if found else None


def parse_file(path: Path | str, *, version: str | None = None, url: str | None = None) -> ParsedFile:
    """Read and validate a code list file. Raises `FfbFileInvalid` listing every problem found."""
    path = Path(path)
    file = str(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise FfbFileInvalid(
            [Problem(file, None, _("Filen kan ikke læses: %(error)s") % {"error": error.strerror or error})]
        ) from error
    version = (version or "").strip() or version_from_name(path.name)
    if not version:
        raise FfbFileInvalid(
            [
                Problem(
                    file,
                    None,
                    _("Filnavnet angiver ingen version (fx ffb_codesystem_20240530.csv); angiv versionen."),
                )
            ]
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise FfbFileInvalid([Problem(file, line, _("Filen er ikke UTF-8."))]) from error
    return ParsedFile(
        source_name=path.name,
        sha256=hashlib.sha256(data).hexdigest(),
        version=version,
        url=(url or "").strip() or KNOWN_URLS.get(version, FFB_URL),
        concepts=parse_text(text, file=file),
    )


def parse_text(text: str, *, file: str) -> tuple[ParsedConcept, ...]:
    """The concepts in CSV text, in file order. Raises `FfbFileInvalid` listing every problem."""
    problems: list[Problem] = []

    def problem(line: int | None, message: str) -> None:
        problems.append(Problem(file, line, message))

    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = [name.strip() for name in next(reader)]
    except StopIteration:
        raise FfbFileInvalid([Problem(file, 1, _("Filen er tom."))]) from None
    except csv.Error as error:
        raise FfbFileInvalid([Problem(file, 1, _("Ugyldig CSV: %(error)s") % {"error": error})]) from None
    missing = [name for name in COLUMNS if name not in header]
    if missing:
        raise FfbFileInvalid(
            [
                Problem(
                    file,
                    1,
                    _("Kolonne mangler: %(missing)s (filen skal have kolonnerne %(columns)s).")
                    % {"missing": ", ".join(missing), "columns": ", ".join(COLUMNS)},
                )
            ]
        )
    index = {name: header.index(name) for name in COLUMNS}

    concepts: list[ParsedConcept] = []
    line_of_code: dict[uuid.UUID, int] = {}
    line_of_path: dict[str, int] = {}
    parents: list[tuple[int, str]] = []
    all_paths: set[str] = set()
    start = reader.line_num + 1
    while True:
        line = start
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            problem(reader.line_num, _("Ugyldig CSV: %(error)s") % {"error": error})
            break
        start = reader.line_num + 1
        if not any(cell.strip() for cell in record):
            continue
        if len(record) != len(header):
            problem(
                line,
                _("Rækken har %(found)s felter, men overskriften har %(expected)s.")
                % {"found": len(record), "expected": len(header)},
            )
            continue
        # Parents are checked for every row, also one with other problems.
        display = record[index["display"]].strip()
        parent_path = record[index["parent_path"]].strip()
        if parent_path:
            parents.append((line, parent_path))
        if display:
            all_paths.add(f"{parent_path}{PATH_SEPARATOR}{display}" if parent_path else display)
        parsed = _parse_record(record, index, line, problem)
        if parsed is None:
            continue
        if parsed.code in line_of_code:
            problem(
                line,
                _("Koden %(code)s findes også i linje %(other)s.")
                % {"code": parsed.code, "other": line_of_code[parsed.code]},
            )
            continue
        if parsed.path in line_of_path:
            problem(
                line,
                _("Stien »%(path)s« findes også i linje %(other)s.")
                % {"path": parsed.path, "other": line_of_path[parsed.path]},
            )
            continue
        line_of_code[parsed.code] = line
        line_of_path[parsed.path] = line
        concepts.append(parsed)

    for line, parent_path in parents:
        if parent_path not in all_paths:
            problem(line, _("Overbegrebet »%(parent)s« findes ikke i filen.") % {"parent": parent_path})
    if not concepts and not problems:
        problem(None, _("Filen indeholder ingen begreber."))
    if problems:
        problems.sort(key=lambda item: item.line or 0)  # stable: a line's problems keep their order
        raise FfbFileInvalid(problems)
    return tuple(concepts)


def _parse_record(
    record: list[str], index: dict[str, int], line: int, problem: Callable[[int | None, str], None]
) -> ParsedConcept | None:
    raw_code = record[index["code"]].strip()
    display = record[index["display"]].strip()
    parent_path = record[index["parent_path"]].strip()
    raw_level = record[index["level"]].strip()
    ok = True
    try:
        code = uuid.UUID(raw_code)
    except ValueError:
        problem(line, _("Koden »%(code)s« er ikke et UUID.") % {"code": raw_code})
        ok = False
    if not display:
        problem(line, _("Betegnelsen (display) er tom."))
        ok = False
    elif PATH_SEPARATOR in display:
        problem(line, _("Betegnelsen »%(display)s« indeholder » > «.") % {"display": display})
        ok = False
    elif len(display) > MAX_DISPLAY:
        problem(line, _("Betegnelsen er længere end %(max)s tegn.") % {"max": MAX_DISPLAY})
        ok = False
    depth = len(parent_path.split(PATH_SEPARATOR)) if parent_path else 0
    try:
        level = int(raw_level)
    except ValueError:
        problem(line, _("Niveauet »%(level)s« er ikke et heltal.") % {"level": raw_level})
        ok = False
    else:
        if level != depth:
            problem(
                line,
                _("Niveauet er %(level)s, men stien til overbegrebet giver niveau %(depth)s.")
                % {"level": level, "depth": depth},
            )
            ok = False
    if not ok:
        return None
    concept = ParsedConcept(
        line=line,
        code=code,
        display=display,
        parent_path=parent_path,
        level=level,
        definition=record[index["definition"]].strip(),
    )
    if len(concept.path) > MAX_PATH:
        problem(line, _("Stien er længere end %(max)s tegn.") % {"max": MAX_PATH})
        return None
    return concept


def create_version(
    parsed: ParsedFile,
    *,
    version_model: Any,
    concept_model: Any,
    is_current: bool,
    loaded_at: Any,
) -> Any:
    """Write a parsed file as a new version and its concepts (one bulk insert); returns the version.

    Takes the model classes so a migration can pass its historical models. The caller runs this in a
    transaction, has checked that the version is new, and has cleared the old current flag if
    `is_current`.
    """
    version = version_model.objects.create(
        url=parsed.url,
        version=parsed.version,
        source_name=parsed.source_name,
        sha256=parsed.sha256,
        loaded_at=loaded_at,
        is_current=is_current,
    )
    ids: dict[str, uuid.UUID] = {}
    rows = []
    # Parents first, so each row's parent id is known (and the rows go in in a sensible order).
    for concept in sorted(parsed.concepts, key=lambda item: item.level):
        ids[concept.path] = pk = uuid.uuid4()
        rows.append(
            concept_model(
                id=pk,
                version=version,
                code=concept.code,
                display=concept.display,
                parent_id=ids[concept.parent_path] if concept.parent_path else None,
                path=concept.path,
                level=concept.level,
                definition=concept.definition,
            )
        )
    concept_model.objects.bulk_create(rows, batch_size=500)
    return version


def load_bundled(*, version_model: Any, concept_model: Any, loaded_at: Any) -> Any | None:
    """Load `BUNDLED_FILE` unless a version with its content is loaded; current when none is.

    Returns the new version, or None when it was there already. For migration 0002 (historical models)
    and for tests that need the data back after a transactional test emptied the tables.
    """
    parsed = parse_file(BUNDLED_FILE)
    if version_model.objects.filter(sha256=parsed.sha256).exists():
        return None
    return create_version(
        parsed,
        version_model=version_model,
        concept_model=concept_model,
        is_current=not version_model.objects.filter(is_current=True).exists(),
        loaded_at=loaded_at,
    )
