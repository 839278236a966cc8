"""The console command as the README prints it, and the demo's banner with the Makefile's port."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

VISITATOR = Path(sys.executable).parent / "visitator"
PROJECT_DIR = Path(settings.VISITATOR_STANDARDS_DIR).parent


def _without_dev_settings(tmp_path: Path) -> dict[str, str]:
    """The environment of someone who just read the README: no VISITATOR_DEV, no SECRET_KEY."""
    env = {k: v for k, v in os.environ.items() if k not in {"VISITATOR_DEV", "SECRET_KEY", "DATABASE_URL"}}
    env["VISITATOR_VAR_DIR"] = str(tmp_path / "var")
    return env


def readme_console_commands() -> list[str]:
    readme = (PROJECT_DIR / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```sh\n(.*?)```", readme, flags=re.DOTALL)
    return [line.strip() for block in blocks for line in block.splitlines() if "bin/visitator" in line]


def test_the_readme_prints_the_standard_commands():
    commands = readme_console_commands()
    assert [c.split()[1:3] for c in commands] == [
        ["standard", "check"],
        ["standard", "load"],
        ["standard", "show"],
    ]


def test_every_console_command_in_the_readme_works_exactly_as_written(tmp_path):
    env = _without_dev_settings(tmp_path)
    # After `make demo` the embedded database exists and is migrated: the same here, in a folder of our own.
    migrate = subprocess.run(
        [str(VISITATOR), "migrate", "--no-input"],
        cwd=PROJECT_DIR,
        env={**env, "VISITATOR_DEV": "1"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert migrate.returncode == 0, migrate.stderr
    outputs = []
    for command in readme_console_commands():
        # As typed in a shell: the README's glob (standards/.../*.yaml) is the shell's to expand.
        done = subprocess.run(  # noqa: S602 - the command is the README's own text, not input
            command,
            shell=True,
            cwd=PROJECT_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, f"{command}\n{done.stderr}"
        outputs.append(done.stdout)
    check, load, show = outputs
    assert "1 fil(er) er gyldige." in check
    assert "1 fil(er) behandlet." in load
    assert "Vesthimmerlands Kommune (820)" in show and "gyldig fra 01.01.2024" in show


def test_commands_that_use_the_secret_key_still_refuse_to_start_without_one(tmp_path):
    done = subprocess.run(
        [str(VISITATOR), "migrate", "--no-input"],
        cwd=PROJECT_DIR,
        env=_without_dev_settings(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode != 0
    assert "SECRET_KEY must be set" in done.stderr
    assert not (tmp_path / "var" / "visitator.sqlite3").exists()


def test_make_demo_passes_its_port_to_the_banner():
    dry_run = subprocess.run(
        ["make", "-n", "demo", "PORT=8137", "HOST=127.0.0.1"],
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "visitator demo --host 127.0.0.1 --port 8137" in dry_run.stdout
    assert "runserver 127.0.0.1:8137" in dry_run.stdout


@pytest.mark.django_db
def test_the_demo_banner_shows_the_address_the_server_listens_on():
    out = io.StringIO()
    call_command("demo", citizens=1, host="127.0.0.1", port=8137, stdout=out)
    assert "Visitator kører på http://127.0.0.1:8137/ – log ind som:" in out.getvalue()
    assert "8000" not in out.getvalue()
