"""``visitator ffb load|show``: output and exit codes."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from visitator.ffb.loader import DATA_DIR
from visitator.ffb.models import CodeSystemVersion

pytestmark = pytest.mark.django_db

VISITATOR = Path(sys.executable).parent / "visitator"
FILE_2020 = DATA_DIR / "ffb_codesystem_20200908.csv"


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("ffb", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_show_lists_the_bundled_version() -> None:
    out, err = run("show")
    assert err == ""
    lines = out.splitlines()
    assert lines[0] == "Indlæste FFB-versioner:"
    assert lines[1].startswith("  20240530  220 begreber, indlæst ")
    assert lines[1].endswith("(gældende)")
    assert lines[2].startswith("    urn:oid:1.2.208.176.2.22  ffb_codesystem_20240530.csv  SHA-256 ")


def test_load_not_current_then_again_then_as_current() -> None:
    out, _ = run("load", str(FILE_2020), "--not-current")
    assert out == "Indlæst: FFB version 20200908 (219 begreber), ikke gældende.\n"
    out, _ = run("load", str(FILE_2020), "--not-current")
    assert out == "Uændret, allerede indlæst: FFB version 20200908 (219 begreber), ikke gældende.\n"
    out, _ = run("show")
    assert "  20200908  219 begreber" in out
    assert "http://kl.dk/fhir/common/caresocial/CodeSystem/FFB  ffb_codesystem_20200908.csv" in out
    out, _ = run("load", str(FILE_2020))
    assert out == "Allerede indlæst, nu gældende: FFB version 20200908 (219 begreber), gældende.\n"
    assert CodeSystemVersion.objects.get(is_current=True).version == "20200908"


def test_load_with_an_explicit_version(write_csv) -> None:
    out, _ = run("load", str(write_csv(name="ffb.csv")), "--code-version", "20990101", "--not-current")
    assert out == "Indlæst: FFB version 20990101 (3 begreber), ikke gældende.\n"


def test_a_broken_file_prints_each_problem_and_fails(write_csv) -> None:
    path = write_csv([["ikke-et-uuid", "Skala", "", "0", ""], ["x", "Y", "Findes ikke", "1", ""]])
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match="Filen er ikke indlæst; intet er ændret."):
        call_command("ffb", "load", str(path), stdout=out, stderr=err)
    assert out.getvalue() == ""
    assert err.getvalue().splitlines() == [
        f"{path}, linje 2: Koden »ikke-et-uuid« er ikke et UUID.",
        f"{path}, linje 3: Koden »x« er ikke et UUID.",
        f"{path}, linje 3: Overbegrebet »Findes ikke« findes ikke i filen.",
    ]
    assert CodeSystemVersion.objects.count() == 1


def test_a_version_conflict_fails(tmp_path: Path) -> None:
    copy = tmp_path / "ffb_codesystem_20240530.csv"
    copy.write_bytes(FILE_2020.read_bytes())
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match="Filen er ikke indlæst"):
        call_command("ffb", "load", str(copy), stdout=out, stderr=err)
    assert "FFB version 20240530 er allerede indlæst fra en anden fil" in err.getvalue()


def _env(database: Path) -> dict[str, str]:
    return {
        **os.environ,
        "VISITATOR_DEV": "1",
        "DJANGO_SETTINGS_MODULE": "visitator.settings",
        "DATABASE_URL": f"sqlite:///{database}",
    }


def visitator(database: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(VISITATOR), *args], capture_output=True, text=True, env=_env(database), timeout=300
    )


def test_exit_codes_and_a_fresh_migrate_loads_the_bundled_version(tmp_path: Path) -> None:
    database = tmp_path / "fresh.sqlite3"
    not_ready = visitator(database, "ffb", "show")
    assert not_ready.returncode == 1
    assert "Databasen er ikke klar (kør 'visitator migrate')" in not_ready.stderr

    assert visitator(database, "migrate", "--no-input").returncode == 0
    shown = visitator(database, "ffb", "show")
    assert shown.returncode == 0, shown.stderr
    assert "  20240530  220 begreber" in shown.stdout
    assert "(gældende)" in shown.stdout

    broken = tmp_path / "ffb_codesystem_20990101.csv"
    broken.write_text("code,display\n", encoding="utf-8")
    refused = visitator(database, "ffb", "load", str(broken))
    assert refused.returncode == 1
    assert f"{broken}, linje 1: Kolonne mangler: parent_path, level" in refused.stderr

    loaded = visitator(database, "ffb", "load", str(FILE_2020), "--not-current")
    assert loaded.returncode == 0, loaded.stderr
    assert "Indlæst: FFB version 20200908 (219 begreber), ikke gældende." in loaded.stdout
