"""Loading quality standard files into the database. The only write path for `StandardVersion`."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction
from django.utils.translation import gettext as _

from visitator.audit.services import event_record
from visitator.core import clock
from visitator.organisation.models import Municipality, Unit

from .loader import LoadedStandard, Problem, StandardsInvalid, display_path
from .models import StandardStatus, StandardVersion
from .selectors import version_windows
from .validation import check_files


def source_path_for(path: Path) -> str:
    """The path stored on the row: relative to the folder holding the standards dir when inside it."""
    base = Path(settings.VISITATOR_STANDARDS_DIR).resolve().parent
    try:
        return path.resolve().relative_to(base).as_posix()
    except ValueError:
        return display_path(path)


def _summary(version: StandardVersion) -> dict[str, Any]:
    return {
        "standard_version": str(version.pk),
        "service_code": version.service_code,
        "version": version.version,
        "status": version.status,
        "valid_from": version.valid_from.isoformat(),
        "valid_to": version.valid_to.isoformat() if version.valid_to else None,
        "content_hash": version.content_hash,
        "source_path": version.source_path,
    }


def _municipality_for(item: LoadedStandard, problems: list[Problem]) -> Municipality | None:
    wanted = item.spec.municipality
    municipality = Municipality.objects.filter(code=wanted.code).first()
    if municipality is None:
        clash = Municipality.objects.filter(slug=wanted.slug).first()
        if clash is not None:
            problems.append(
                item.problem(
                    ("municipality", "slug"),
                    _("Mappenavnet %(slug)s bruges allerede af kommune %(code)s.")
                    % {"slug": wanted.slug, "code": clash.code},
                )
            )
            return None
        return Municipality.objects.create(code=wanted.code, slug=wanted.slug, name=wanted.name)
    if municipality.slug != wanted.slug:
        problems.append(
            item.problem(
                ("municipality", "slug"),
                _("Kommune %(code)s har mappenavnet %(slug)s i databasen.")
                % {"code": wanted.code, "slug": municipality.slug},
            )
        )
        return None
    return municipality


def standards_load(
    *, paths: Iterable[Path | str], user: AbstractBaseUser | AnonymousUser | None = None
) -> list[StandardVersion]:
    """Validate and load standard files, all or nothing; returns one version per file, in order.

    Creates the municipality (by kommunekode) and the deciding unit when missing. Loading a file
    again is a no-op. A changed file for a published version is refused: publish a new version.
    A draft may be reloaded with new content, and published by reloading it with status published.
    Raises `StandardsInvalid` with every problem; nothing is written then.
    """
    paths = [Path(path) for path in paths]
    with transaction.atomic():
        result = check_files(paths, existing=version_windows())
        if result.problems:
            raise StandardsInvalid(result.problems)
        problems: list[Problem] = []
        versions: list[StandardVersion] = []
        for item in result.standards:
            version = _load_one(item, problems, user)
            if version is not None:
                versions.append(version)
        if problems:
            raise StandardsInvalid(problems)
    return versions


def _load_one(
    item: LoadedStandard, problems: list[Problem], user: AbstractBaseUser | AnonymousUser | None
) -> StandardVersion | None:
    spec = item.spec
    municipality = _municipality_for(item, problems)
    if municipality is None:
        return None
    Unit.objects.get_or_create(
        municipality=municipality, code=spec.deciding_unit.code, defaults={"name": spec.deciding_unit.name}
    )
    fields = {
        "valid_from": spec.valid_from,
        "valid_to": spec.valid_to,
        "status": spec.status.value,
        "content": item.content,
        "content_hash": item.content_hash,
        "source_path": source_path_for(item.path),
    }
    existing = StandardVersion.objects.filter(
        municipality=municipality, service_code=spec.service.code, version=spec.version
    ).first()
    if existing is None:
        version = StandardVersion.objects.create(
            municipality=municipality, service_code=spec.service.code, version=spec.version, **fields
        )
        event_record(user=user, kind="standard_loaded", municipality=municipality, after=_summary(version))
        return version
    if existing.content_hash == item.content_hash:
        return existing
    if existing.status == StandardStatus.PUBLISHED:
        problems.append(
            item.problem(
                ("version",),
                _(
                    "Version %(version)s er allerede publiceret med et andet indhold. En publiceret version "
                    "ændres aldrig: læg en ny fil med en ny version og en ny valid_from."
                )
                % {"version": spec.version},
            )
        )
        return None
    before = _summary(existing)
    for name, value in fields.items():
        setattr(existing, name, value)
    existing.loaded_at = clock.now()
    existing.save()
    kind = "standard_published" if existing.status == StandardStatus.PUBLISHED else "standard_draft_updated"
    event_record(user=user, kind=kind, municipality=municipality, before=before, after=_summary(existing))
    return existing
