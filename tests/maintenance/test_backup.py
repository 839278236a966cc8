"""`visitator backup` and `visitator restore`: a round trip gives back every row of every table and
every stored file (letters' PDFs, uploaded documents, case-file bundles), byte for byte."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone

from visitator.cases.models import Case
from visitator.core import clock
from visitator.demo.data import load_demo
from visitator.letters.models import Letter

pytestmark = pytest.mark.django_db(transaction=True)

if connection.vendor == "postgresql" and shutil.which("pg_dump") is None:
    pytest.skip("pg_dump is not installed on this machine (postgresql-client)", allow_module_level=True)


def _tables() -> dict[str, list[str]]:
    """Every table's rows (each row's repr), sorted: what the round trip must give back."""
    out = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            out[table] = sorted(repr(row) for row in cursor.fetchall())
    return out


def _files() -> dict[str, str]:
    root = Path(settings.MEDIA_ROOT)
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def demo():
    with clock.frozen(timezone.make_aware(dt.datetime(2026, 6, 1, 12))):
        load_demo(citizens=14)


def test_backup_then_restore_gives_back_every_table_and_every_file(demo, tmp_path, capsys):
    tables, files = _tables(), _files()
    assert sum(len(rows) for rows in tables.values()) > 500
    assert any(name.startswith("letters/") for name in files)
    assert Letter.objects.exclude(pdf="").exists()

    call_command("backup", str(tmp_path / "backup"))
    assert "Backup of the" in capsys.readouterr().out

    # Everything changes after the backup: rows deleted and added, a letter's PDF overwritten, a file added.
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM jobs_notification")
        cursor.execute("DELETE FROM axes_accessattempt")
    Case.objects.filter(number="2026-00001").update(closed_on=dt.date(2026, 6, 2))
    letter = Path(settings.MEDIA_ROOT) / next(name for name in files if name.startswith("letters/"))
    letter.write_bytes(b"not the letter")
    (Path(settings.MEDIA_ROOT) / "stray.txt").write_text("x")
    assert _tables() != tables and _files() != files

    call_command("restore", str(tmp_path / "backup"), "--no-input")
    assert "Restored the" in capsys.readouterr().out
    assert _tables() == tables
    assert _files() == files


def test_restore_refuses_a_damaged_backup_and_changes_nothing(demo, tmp_path):
    call_command("backup", str(tmp_path / "backup"))
    [pdf] = list((tmp_path / "backup" / "media" / "letters").glob("*.pdf"))[:1]
    pdf.write_bytes(b"damaged")
    tables, files = _tables(), _files()
    with pytest.raises(CommandError, match=r"media/letters/.*pdf is missing or does not match the manifest"):
        call_command("restore", str(tmp_path / "backup"), "--no-input")
    assert _tables() == tables and _files() == files


def test_backup_refuses_a_folder_that_is_not_empty(tmp_path):
    (tmp_path / "old.txt").write_text("x")
    with pytest.raises(CommandError, match="is not empty; give a new folder"):
        call_command("backup", str(tmp_path))
    with pytest.raises(CommandError, match="holds no manifest.json: not a Visitator backup"):
        call_command("restore", str(tmp_path), "--no-input")
