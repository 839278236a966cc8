"""``visitator standard check|load|show``: output and exit codes."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from visitator.standards.models import StandardVersion

VISITATOR = Path(sys.executable).parent / "visitator"


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("standard", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def run_failing(*args: str, match: str = r"^\d+ problem(er)? fundet[.]$") -> tuple[str, str, CommandError]:
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match=match) as caught:
        call_command("standard", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue(), caught.value


# -- check ------------------------------------------------------------------------------------------


def test_check_prints_a_danish_summary_without_a_database(
    vesthimmerland_path: Path, testrup_path: Path
) -> None:
    out, err = run("check", str(vesthimmerland_path), str(testrup_path))
    assert err == ""
    assert "OK    standards/vesthimmerland/sel-104/2024-01-01.yaml" in out
    assert "Kommune: Vesthimmerlands Kommune (820)" in out
    assert "Ydelse: Aktivitets- og samværstilbud (Serviceloven § 104, sel-104)" in out
    assert "Version: 1, publiceret, gyldig fra 01.01.2024" in out
    assert "Visiteres af: Bevilling Psykiatri og Handicap" in out
    assert (
        "afgørelse senest 8 uger efter modtagelsen; markeres 14 dage før fristen; opfølgning senest 1 år"
        in out
    )
    assert "Målgruppe: 2 kriterier, 2 grundlag, 1 udelukkelse" in out
    assert "afgørelse senest op til 30 arbejdsdage" in out
    assert "Ingen database" in out
    assert "2 fil(er) er gyldige." in out


def test_check_reports_file_and_field_and_fails(vesthimmerland_path: Path, broken_dir: Path) -> None:
    out, err, error = run_failing(
        "check",
        str(vesthimmerland_path),
        str(broken_dir / "period_without_unit.yaml"),
        str(broken_dir / "upper_age_limit.yaml"),
    )
    assert "OK    standards/vesthimmerland/sel-104/2024-01-01.yaml" in out
    assert "FEJL  tests/standards/fixtures/broken/period_without_unit.yaml" in err
    assert (
        "tests/standards/fixtures/broken/period_without_unit.yaml: "
        "deadlines.decision.period.up_to.unit: Feltet mangler." in err
    )
    assert (
        "tests/standards/fixtures/broken/upper_age_limit.yaml: "
        "target_group.criteria[0].established_by.max_age:" in err
    )
    assert "problemer fundet" in str(error)
    assert error.returncode == 1


@pytest.mark.django_db
def test_check_uses_the_database_for_overlaps(testrup: dict, write_standard) -> None:
    first = dict(testrup, version="1", valid_to="2025-12-31")
    run("load", str(write_standard(first)))
    second = dict(testrup, version="2", valid_from="2025-06-01")
    _out, err, _error = run_failing("check", str(write_standard(second)))
    assert "valid_from: Gyldigheden overlapper en anden publiceret version: version 1" in err
    assert "databasen" in err


def _env(tmp_path: Path) -> dict[str, str]:
    return {
        **os.environ,
        "VISITATOR_DEV": "1",
        "DJANGO_SETTINGS_MODULE": "visitator.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}",
    }


def test_console_exit_codes(tmp_path: Path, vesthimmerland_path: Path, broken_dir: Path) -> None:
    ok = subprocess.run(
        [str(VISITATOR), "standard", "check", str(vesthimmerland_path)],
        capture_output=True,
        text=True,
        env=_env(tmp_path),
        timeout=120,
    )
    assert ok.returncode == 0, ok.stderr
    assert "Vesthimmerlands Kommune (820)" in ok.stdout
    bad = subprocess.run(
        [str(VISITATOR), "standard", "check", str(broken_dir / "criterion_without_citation.yaml")],
        capture_output=True,
        text=True,
        env=_env(tmp_path),
        timeout=120,
    )
    assert bad.returncode == 1
    assert "criterion_without_citation.yaml: target_group.criteria[0].citation: Feltet mangler." in bad.stderr


# -- load and show ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_load_then_load_again(vesthimmerland_path: Path) -> None:
    out, _err = run("load", str(vesthimmerland_path))
    assert "indlæst    standards/vesthimmerland/sel-104/2024-01-01.yaml  version 1, publiceret" in out
    out, _err = run("load", str(vesthimmerland_path))
    assert "uændret" in out
    assert StandardVersion.objects.count() == 1


@pytest.mark.django_db
def test_load_defaults_to_the_standards_dir(settings, tmp_path: Path, testrup_path: Path) -> None:
    target = tmp_path / "standards" / "testrup" / "sel-104" / testrup_path.name
    target.parent.mkdir(parents=True)
    shutil.copy(testrup_path, target)
    settings.VISITATOR_STANDARDS_DIR = tmp_path / "standards"
    out, _err = run("load")
    assert "standards/testrup/sel-104/2025-03-01.yaml" in out
    assert StandardVersion.objects.get().source_path == "standards/testrup/sel-104/2025-03-01.yaml"


@pytest.mark.django_db
def test_load_with_no_files(settings, tmp_path: Path) -> None:
    settings.VISITATOR_STANDARDS_DIR = tmp_path
    _out, _err, error = run_failing("load", match="^Ingen [*].yaml-filer i ")
    assert "Ingen *.yaml-filer" in str(error)


@pytest.mark.django_db
def test_load_refuses_everything_when_one_file_is_broken(vesthimmerland_path: Path, broken_dir: Path) -> None:
    _out, err, _error = run_failing(
        "load", str(vesthimmerland_path), str(broken_dir / "period_without_unit.yaml")
    )
    assert "deadlines.decision.period.up_to.unit" in err
    assert "Intet er indlæst." in err
    assert StandardVersion.objects.count() == 0


@pytest.mark.django_db
def test_show(vesthimmerland_path: Path, testrup_path: Path) -> None:
    run("load", str(vesthimmerland_path), str(testrup_path))
    out, _err = run("show", "--on", "2024-06-01")
    assert "Kvalitetsstandarder i kraft den 01.06.2024:" in out
    assert "Vesthimmerlands Kommune (820)  sel-104  version 1, publiceret" in out
    assert "Testrup" not in out
    out, _err = run("show", "--on", "2025-03-01")
    assert "Testrup Kommune (fiktiv) (998)" in out
    out, _err = run("show", "--on", "2023-12-31")
    assert "(ingen)" in out
    out, _err = run("show", "--all")
    assert "Alle indlæste versioner:" in out and "Testrup" in out


@pytest.mark.django_db
def test_show_defaults_to_today(vesthimmerland_path: Path) -> None:
    import datetime as dt

    from visitator.core import clock

    run("load", str(vesthimmerland_path))
    with clock.frozen(dt.date(2030, 5, 17)):
        out, _err = run("show")
    assert "i kraft den 17.05.2030" in out and "Vesthimmerlands Kommune" in out


def test_check_refuses_two_files_claiming_the_same_version(testrup_path: Path, broken_dir: Path) -> None:
    # The broken fixture is a copy of Testrup's file: same version, same start day.
    _out, err, _error = run_failing("check", str(testrup_path), str(broken_dir / "upper_age_limit.yaml"))
    assert "FEJL  tests/standards/fixtures/testrup/sel-104/2025-03-01.yaml" in err
    assert "upper_age_limit.yaml: version: Versionen 2025.1 findes også i" in err
