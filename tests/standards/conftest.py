"""Fixtures for the quality standard tests: the fictitious Testrup file, and writing variants of it."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.conf import settings

FIXTURES = Path(__file__).parent / "fixtures"
TESTRUP = FIXTURES / "testrup" / "sel-104" / "2025-03-01.yaml"
BROKEN = FIXTURES / "broken"
VESTHIMMERLAND = Path(settings.VISITATOR_STANDARDS_DIR) / "vesthimmerland" / "sel-104" / "2024-01-01.yaml"

WriteStandard = Callable[..., Path]


def testrup_data() -> dict[str, Any]:
    return yaml.safe_load(TESTRUP.read_text(encoding="utf-8"))


@pytest.fixture
def testrup() -> dict[str, Any]:
    """A fresh, mutable copy of the valid Testrup standard."""
    return copy.deepcopy(testrup_data())


@pytest.fixture
def write_standard(tmp_path: Path) -> WriteStandard:
    """Write a standard as YAML to ``<root>/<slug>/<service>/<valid_from>.yaml`` (or to `path`)."""

    def write(data: dict[str, Any], *, path: Path | None = None, root: Path | None = None) -> Path:
        if path is None:
            folder = (root or tmp_path) / data["municipality"]["slug"] / data["service"]["code"]
            path = folder / f"{data['valid_from']}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        return path

    return write


@pytest.fixture
def testrup_path() -> Path:
    return TESTRUP


@pytest.fixture
def vesthimmerland_path() -> Path:
    return VESTHIMMERLAND


@pytest.fixture
def broken_dir() -> Path:
    return BROKEN
