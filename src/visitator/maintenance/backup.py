"""Backup and restore: the database and the stored files (MEDIA_ROOT: letters' PDFs, uploaded documents,
case-file bundles) in one folder (docs/operations.md, "Backup and restore").

A backup folder holds::

    manifest.json        what is in it: database vendor, time, every file with its size and SHA-256
    database.sqlite3     SQLite: a consistent copy made with SQLite's online backup API
    database.dump        PostgreSQL: `pg_dump --format=custom` (restored with `pg_restore`)
    media/...            every file under MEDIA_ROOT, same paths

Restore checks every file against the manifest before it changes anything, then replaces the database
and the files. It is for a stopped application (no web server, no worker).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connections

from visitator.core import clock

MANIFEST = "manifest.json"
SQLITE_FILE = "database.sqlite3"
PG_FILE = "database.dump"
MEDIA_DIR = "media"
FORMAT = 1


class BackupError(Exception):
    """The backup or restore cannot be done; the message says why (English, for the operator)."""


@dataclass(frozen=True)
class BackupSummary:
    folder: Path
    vendor: str
    files: int
    bytes: int


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


def _media_files(root: Path) -> list[Path]:
    if not root.exists():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file())


def _pg_env(settings_dict: dict[str, Any]) -> tuple[list[str], dict[str, str]]:
    """Connection arguments for pg_dump/pg_restore from Django's settings (the password in the
    environment, never on the command line)."""
    args = ["--dbname", str(settings_dict["NAME"])]
    if settings_dict.get("HOST"):
        args += ["--host", str(settings_dict["HOST"])]
    if settings_dict.get("PORT"):
        args += ["--port", str(settings_dict["PORT"])]
    if settings_dict.get("USER"):
        args += ["--username", str(settings_dict["USER"])]
    env = dict(os.environ)
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    return args, env


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            f"{name} was not found on PATH; install the PostgreSQL client (e.g. postgresql-client)."
        )
    return path


def _run(command: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed: {done.stderr.strip()[-2000:]}")


def _raw_sqlite(using: str) -> sqlite3.Connection:
    connection = connections[using]
    connection.ensure_connection()
    raw = connection.connection
    assert isinstance(raw, sqlite3.Connection)
    return raw


def backup(folder: Path, *, using: str | None = None) -> BackupSummary:
    """Write a backup of the database and MEDIA_ROOT into `folder` (created; must be empty)."""
    using = using or str(getattr(settings, "VISITATOR_OWNER_DATABASE", "default"))
    folder = Path(folder)
    if folder.exists() and any(folder.iterdir()):
        raise BackupError(f"{folder} is not empty; give a new folder for the backup.")
    folder.mkdir(parents=True, exist_ok=True)
    connection = connections[using]
    vendor = connection.vendor
    if vendor == "sqlite":
        target = sqlite3.connect(folder / SQLITE_FILE)
        try:
            _raw_sqlite(using).backup(target)
        finally:
            target.close()
        database_file = SQLITE_FILE
    elif vendor == "postgresql":
        args, env = _pg_env(connection.settings_dict)
        _run([_tool("pg_dump"), "--format=custom", "--file", str(folder / PG_FILE), *args], env)
        database_file = PG_FILE
    else:
        raise BackupError(f"Backup of a {vendor} database is not supported.")

    root = _media_root()
    files: dict[str, dict[str, Any]] = {}
    total = 0
    for source in _media_files(root):
        relative = source.relative_to(root).as_posix()
        destination = folder / MEDIA_DIR / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, destination)
        size = destination.stat().st_size
        files[relative] = {"size": size, "sha256": _sha256(destination)}
        total += size
    manifest = {
        "format": FORMAT,
        "created_at": clock.now().isoformat(),
        "vendor": vendor,
        "database": {"file": database_file, "sha256": _sha256(folder / database_file)},
        "media": files,
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True), encoding="utf-8")
    return BackupSummary(folder=folder, vendor=vendor, files=len(files), bytes=total)


def _read_manifest(folder: Path) -> dict[str, Any]:
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise BackupError(f"{folder} holds no {MANIFEST}: not a Visitator backup.") from exc
    except json.JSONDecodeError as exc:
        raise BackupError(f"{folder / MANIFEST} is not valid JSON.") from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Unknown backup format {manifest.get('format')!r}.")
    return dict(manifest)


def verify(folder: Path) -> dict[str, Any]:
    """The manifest, after checking the database file and every media file against it."""
    folder = Path(folder)
    manifest = _read_manifest(folder)
    database = folder / manifest["database"]["file"]
    if not database.is_file() or _sha256(database) != manifest["database"]["sha256"]:
        raise BackupError(f"{database.name} is missing or does not match the manifest.")
    for relative, meta in manifest["media"].items():
        path = folder / MEDIA_DIR / relative
        if Path(relative).is_absolute() or ".." in Path(relative).parts:
            raise BackupError(f"The manifest names a file outside the media folder: {relative!r}.")
        if not path.is_file() or _sha256(path) != meta["sha256"]:
            raise BackupError(f"media/{relative} is missing or does not match the manifest.")
    return manifest


def restore(folder: Path, *, using: str | None = None) -> BackupSummary:
    """Replace the database and MEDIA_ROOT with the backup in `folder` (checked first)."""
    using = using or str(getattr(settings, "VISITATOR_OWNER_DATABASE", "default"))
    folder = Path(folder)
    manifest = verify(folder)
    connection = connections[using]
    vendor = connection.vendor
    if manifest["vendor"] != vendor:
        raise BackupError(f"The backup is of a {manifest['vendor']} database; this one is {vendor}.")
    if vendor == "sqlite":
        source = sqlite3.connect(folder / manifest["database"]["file"])
        try:
            source.backup(_raw_sqlite(using))
        finally:
            source.close()
    else:
        args, env = _pg_env(connection.settings_dict)
        connections.close_all()
        _run(
            [
                _tool("pg_restore"),
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                *args,
                str(folder / manifest["database"]["file"]),
            ],
            env,
        )

    root = _media_root()
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True, exist_ok=True)
    total = 0
    for relative, meta in manifest["media"].items():
        destination = root / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(folder / MEDIA_DIR / relative, destination)
        total += int(meta["size"])
    return BackupSummary(folder=folder, vendor=vendor, files=len(manifest["media"]), bytes=total)
