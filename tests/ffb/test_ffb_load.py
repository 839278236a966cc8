"""`ffb_load`: new versions, no-ops, conflicts, and files that are refused with file and line."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from visitator.audit.models import Event
from visitator.ffb.loader import DATA_DIR, FFB_URL, FfbFileInvalid, FfbVersionConflict, version_from_name
from visitator.ffb.models import CodeSystemVersion, Concept
from visitator.ffb.services import ffb_load, ffb_make_current

pytestmark = pytest.mark.django_db

FILE_2020 = DATA_DIR / "ffb_codesystem_20200908.csv"
GOOD = "b508ff66-6326-4862-a6d7-7bbf184c9823"


def state() -> tuple[list[tuple[str, bool]], int, int]:
    """What a refused or repeated load must leave alone: versions (with current flag), concepts, events."""
    return (
        list(CodeSystemVersion.objects.order_by("version").values_list("version", "is_current")),
        Concept.objects.count(),
        Event.objects.count(),
    )


def current() -> str:
    return CodeSystemVersion.objects.get(is_current=True).version


def test_loading_the_2020_file_as_not_current_leaves_the_current_version() -> None:
    old = ffb_load(path=FILE_2020, make_current=False)
    assert old.version == "20200908"
    assert old.url == "http://kl.dk/fhir/common/caresocial/CodeSystem/FFB"
    assert not old.is_current
    assert old.concepts.count() == 219
    assert current() == "20240530"
    event = Event.objects.get(kind="ffb.loaded", after__version="20200908")
    assert event.username == "system"
    assert event.after is not None
    assert event.after["concepts"] == 219
    assert event.after["sha256"] == old.sha256
    assert event.after["is_current"] is False
    assert event.after["previous_current"] is None


def test_loading_a_version_as_current_replaces_the_current_one() -> None:
    new = ffb_load(path=FILE_2020)
    assert new.is_current
    assert current() == "20200908"
    assert CodeSystemVersion.objects.filter(is_current=True).count() == 1
    event = Event.objects.get(kind="ffb.loaded", after__version="20200908")
    assert event.after is not None
    assert event.after["previous_current"] == "20240530"


def test_loading_the_same_file_twice_is_a_no_op(bundled: CodeSystemVersion) -> None:
    before = state()
    assert ffb_load(path=DATA_DIR / "ffb_codesystem_20240530.csv") == bundled
    assert state() == before

    first = ffb_load(path=FILE_2020, make_current=False)
    before = state()
    assert ffb_load(path=FILE_2020, make_current=False) == first
    assert state() == before


def test_loading_a_loaded_version_again_as_current_makes_it_current() -> None:
    old = ffb_load(path=FILE_2020, make_current=False)
    concepts = Concept.objects.count()
    again = ffb_load(path=FILE_2020)
    assert again.pk == old.pk
    assert again.is_current
    assert current() == "20200908"
    assert Concept.objects.count() == concepts
    event = Event.objects.get(kind="ffb.made_current")
    assert event.before == {"current": "20240530"}
    assert event.after is not None
    assert event.after["version"] == "20200908"


def test_make_current_of_the_current_version_does_nothing(bundled: CodeSystemVersion) -> None:
    before = state()
    ffb_make_current(version=bundled)
    assert state() == before


def test_a_different_file_with_a_loaded_version_string_is_refused(
    copy_2020: Callable[[str], Path],
) -> None:
    ffb_load(path=FILE_2020, make_current=False)
    changed = copy_2020("ffb_codesystem_20200908.csv")
    changed.write_text(
        changed.read_text(encoding="utf-8").replace("Ikke vurderet", "Ikke bedømt", 1), "utf-8"
    )
    before = state()
    with pytest.raises(FfbVersionConflict, match="20200908.*ffb_codesystem_20200908.csv"):
        ffb_load(path=changed)
    assert state() == before


def test_the_same_file_under_another_version_string_is_refused(copy_2020: Callable[[str], Path]) -> None:
    ffb_load(path=FILE_2020, make_current=False)
    before = state()
    with pytest.raises(FfbVersionConflict, match="allerede indlæst som FFB version 20200908"):
        ffb_load(path=copy_2020("ffb_codesystem_20991231.csv"))
    assert state() == before


def test_the_version_can_be_given_when_the_file_name_has_none(write_csv) -> None:
    path = write_csv(name="ffb.csv")
    assert version_from_name("ffb.csv") is None
    with pytest.raises(FfbFileInvalid, match="ffb.csv: Filnavnet angiver ingen version"):
        ffb_load(path=path)
    loaded = ffb_load(path=path, version="20990101", make_current=False)
    assert (loaded.version, loaded.url, loaded.source_name) == ("20990101", FFB_URL, "ffb.csv")
    assert loaded.concepts.count() == 3
    scale = loaded.concepts.get(parent=None)
    assert scale.children.count() == 2


def test_the_version_comes_from_the_date_in_the_file_name() -> None:
    assert version_from_name("ffb_codesystem_20240530.csv") == "20240530"
    assert version_from_name("/x/FFB-20250101-rettet.csv") == "20250101"
    assert version_from_name("ffb_2024.csv") is None


def _problem_lines(error: FfbFileInvalid) -> list[int | None]:
    return [problem.line for problem in error.problems]


BROKEN = {
    "bad_uuid": (
        lambda rows: rows[2].__setitem__(0, "ikke-et-uuid"),
        4,
        "Koden »ikke-et-uuid« er ikke et UUID.",
    ),
    "unknown_parent": (
        lambda rows: rows[1].__setitem__(2, "Funktionsniveau"),
        3,
        "Overbegrebet »Funktionsniveau« findes ikke i filen.",
    ),
    "wrong_level": (
        lambda rows: rows[1].__setitem__(3, "2"),
        3,
        "Niveauet er 2, men stien til overbegrebet giver niveau 1.",
    ),
    "level_not_a_number": (lambda rows: rows[1].__setitem__(3, "en"), 3, "Niveauet »en« er ikke et heltal."),
    "empty_display": (lambda rows: rows[2].__setitem__(1, " "), 4, "Betegnelsen (display) er tom."),
    "duplicate_code": (lambda rows: rows[2].__setitem__(0, GOOD), 4, f"Koden {GOOD} findes også i linje 3."),
    "duplicate_path": (
        lambda rows: rows[2].__setitem__(1, "Ingen nedsat funktionsevne"),
        4,
        "Stien »Funktionsevneniveau > Ingen nedsat funktionsevne« findes også i linje 3.",
    ),
    "missing_field": (lambda rows: rows[1].pop(), 3, "Rækken har 4 felter, men overskriften har 5."),
}


@pytest.mark.parametrize("case", BROKEN, ids=list(BROKEN))
def test_a_broken_file_changes_nothing_and_names_file_and_line(case: str, write_csv) -> None:
    change, line, message = BROKEN[case]
    rows = [
        ["e89d317c-4657-4970-b614-ada2ed220595", "Funktionsevneniveau", "", "0", "Skala"],
        [GOOD, "Ingen nedsat funktionsevne", "Funktionsevneniveau", "1", ""],
        ["8328ce4a-6238-4f73-bf1a-74aadb68eff8", "Let nedsat funktionsevne", "Funktionsevneniveau", "1", ""],
    ]
    change(rows)
    path = write_csv(rows)
    before = state()
    with pytest.raises(FfbFileInvalid, match=f"linje {line}: {re.escape(message)}") as caught:
        ffb_load(path=path)
    assert state() == before
    assert str(caught.value) == f"{path}, linje {line}: {message}"


def test_a_missing_column_is_named_on_line_one(write_csv) -> None:
    rows = [row[:3] + row[4:] for row in [["e89d317c-4657-4970-b614-ada2ed220595", "Skala", "", "0", ""]]]
    path = write_csv(rows, header=["code", "display", "parent_path", "definition"])
    before = state()
    with pytest.raises(FfbFileInvalid, match="filen skal have kolonnerne code") as caught:
        ffb_load(path=path)
    assert state() == before
    assert str(caught.value) == (
        f"{path}, linje 1: Kolonne mangler: level "
        "(filen skal have kolonnerne code, display, parent_path, level, definition)."
    )


def test_line_numbers_count_lines_inside_quoted_fields_and_every_problem_is_listed(write_csv) -> None:
    rows = [
        ["e89d317c-4657-4970-b614-ada2ed220595", "Funktionsevneniveau", "", "0", "Første linje\nanden linje"],
        ["ikke-et-uuid", "Ingen nedsat funktionsevne", "Funktionsevneniveau", "1", ""],
        ["8328ce4a-6238-4f73-bf1a-74aadb68eff8", "Let", "Findes ikke", "1", ""],
    ]
    path = write_csv(rows)
    with pytest.raises(FfbFileInvalid, match="findes ikke i filen") as caught:
        ffb_load(path=path)
    assert _problem_lines(caught.value) == [4, 5]
    assert all(problem.file == str(path) for problem in caught.value.problems)


def test_a_file_that_is_empty_unreadable_or_not_utf8_is_refused(tmp_path: Path, write_csv) -> None:
    before = state()
    empty = tmp_path / "ffb_codesystem_20990101.csv"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(FfbFileInvalid, match="linje 1: Filen er tom"):
        ffb_load(path=empty)
    with pytest.raises(FfbFileInvalid, match="ingen begreber"):
        ffb_load(path=write_csv([]))
    with pytest.raises(FfbFileInvalid, match="kan ikke læses"):
        ffb_load(path=tmp_path / "ffb_codesystem_20990102.csv")
    latin1 = tmp_path / "ffb_codesystem_20990103.csv"
    latin1.write_bytes("code,display,parent_path,level,definition\nx,Måltype,,0,\n".encode("latin-1"))
    with pytest.raises(FfbFileInvalid, match="linje 2: Filen er ikke UTF-8"):
        ffb_load(path=latin1)
    assert state() == before


def test_a_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "ffb_codesystem_20990101.csv"
    path.write_bytes(
        "\ufeffcode,display,parent_path,level,definition\n"
        "e89d317c-4657-4970-b614-ada2ed220595,Funktionsevneniveau,,0,\n".encode()
    )
    assert ffb_load(path=path, make_current=False).concepts.count() == 1
