"""Fixtures for the FFB tests: the bundled data, a clean selector cache, and small CSV files."""

from __future__ import annotations

import csv
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.utils import timezone

from visitator.ffb import selectors
from visitator.ffb.loader import BUNDLED_FILE, DATA_DIR, load_bundled
from visitator.ffb.models import CodeSystemVersion, Concept

FILE_2024 = BUNDLED_FILE
FILE_2020 = DATA_DIR / "ffb_codesystem_20200908.csv"
HEADER = ["code", "display", "parent_path", "level", "definition"]

WriteCsv = Callable[..., Path]


@pytest.fixture(autouse=True)
def _selector_cache() -> Iterator[None]:
    """Selectors cache per process; a rolled-back test must not leave its current version behind."""
    selectors.cache_clear()
    yield
    selectors.cache_clear()


@pytest.fixture(autouse=True)
def bundled(db) -> CodeSystemVersion:
    """The version migration 0002 loaded. A transactional test elsewhere (tests/browser) empties the
    tables; then this puts it back with the same function the migration uses."""
    load_bundled(version_model=CodeSystemVersion, concept_model=Concept, loaded_at=timezone.now())
    return CodeSystemVersion.objects.get(version="20240530")


@pytest.fixture
def copy_2020(tmp_path: Path) -> Callable[[str], Path]:
    """The 2020 file copied into tmp_path under another name."""

    def factory(name: str = "ffb_codesystem_20200908.csv") -> Path:
        target = tmp_path / name
        shutil.copyfile(FILE_2020, target)
        return target

    return factory


def small_rows() -> list[list[str]]:
    return [
        ["e89d317c-4657-4970-b614-ada2ed220595", "Funktionsevneniveau", "", "0", "Skala"],
        [
            "b508ff66-6326-4862-a6d7-7bbf184c9823",
            "Ingen nedsat funktionsevne",
            "Funktionsevneniveau",
            "1",
            "",
        ],
        ["8328ce4a-6238-4f73-bf1a-74aadb68eff8", "Let nedsat funktionsevne", "Funktionsevneniveau", "1", ""],
    ]


@pytest.fixture
def write_csv(tmp_path: Path) -> WriteCsv:
    """Write a CSV file (header and rows) into tmp_path; returns its path."""

    def factory(
        rows: list[list[str]] | None = None,
        *,
        header: list[str] | None = None,
        name: str = "ffb_codesystem_20990101.csv",
    ) -> Path:
        path = tmp_path / name
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(header if header is not None else HEADER)
            writer.writerows(rows if rows is not None else small_rows())
        return path

    return factory
