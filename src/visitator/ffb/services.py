"""Loading FFB code list files. The only write path for `CodeSystemVersion` and `Concept`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction
from django.utils.translation import gettext as _

from visitator.audit.services import event_record
from visitator.core import clock

from . import selectors
from .loader import FfbVersionConflict, create_version, parse_file
from .models import CodeSystemVersion, Concept

User = AbstractBaseUser | AnonymousUser | None


def _summary(version: CodeSystemVersion, concepts: int | None = None) -> dict[str, Any]:
    return {
        "ffb_version": str(version.pk),
        "url": version.url,
        "version": version.version,
        "source_name": version.source_name,
        "sha256": version.sha256,
        "concepts": concepts if concepts is not None else version.concepts.count(),
        "is_current": version.is_current,
    }


def _caches_clear() -> None:
    selectors.cache_clear()
    transaction.on_commit(selectors.cache_clear)


def ffb_load(
    *,
    path: Path | str,
    make_current: bool = True,
    version: str | None = None,
    url: str | None = None,
    user: User = None,
) -> CodeSystemVersion:
    """Validate and load one code list file as a new version, all or nothing; returns the version.

    The version string comes from the file name unless given (see `loader.parse_file`). Loading the
    same file again changes nothing, except that with `make_current` an already loaded version that
    is not current becomes current. A different file for a version already loaded, or the same file
    under another version, is refused with `FfbVersionConflict`; an invalid file with
    `FfbFileInvalid` (every problem with file and line). The first version loaded is always current.
    """
    parsed = parse_file(path, version=version, url=url)
    with transaction.atomic():
        existing = CodeSystemVersion.objects.filter(version=parsed.version).first()
        if existing is not None:
            if existing.sha256 != parsed.sha256:
                raise FfbVersionConflict(
                    _(
                        "%(file)s: FFB version %(version)s er allerede indlæst fra en anden fil "
                        "(%(source)s). En indlæst version ændres aldrig."
                    )
                    % {"file": path, "version": parsed.version, "source": existing.source_name}
                )
            if make_current and not existing.is_current:
                ffb_make_current(version=existing, user=user)
            return existing
        duplicate = CodeSystemVersion.objects.filter(sha256=parsed.sha256).first()
        if duplicate is not None:
            raise FfbVersionConflict(
                _("%(file)s: filen er allerede indlæst som FFB version %(version)s.")
                % {"file": path, "version": duplicate.version}
            )
        previous = CodeSystemVersion.objects.select_for_update().filter(is_current=True).first()
        is_current = make_current or previous is None
        if is_current and previous is not None:
            CodeSystemVersion.objects.filter(pk=previous.pk).update(is_current=False)
        loaded = create_version(
            parsed,
            version_model=CodeSystemVersion,
            concept_model=Concept,
            is_current=is_current,
            loaded_at=clock.now(),
        )
        after = _summary(loaded, len(parsed.concepts))
        after["previous_current"] = previous.version if is_current and previous is not None else None
        event_record(user=user, kind="ffb.loaded", after=after)
        _caches_clear()
    return loaded


def ffb_make_current(*, version: CodeSystemVersion, user: User = None) -> CodeSystemVersion:
    """Make a loaded version the current one (the one the selectors use by default)."""
    with transaction.atomic():
        previous = CodeSystemVersion.objects.select_for_update().filter(is_current=True).first()
        if previous is not None and previous.pk == version.pk:
            return version
        CodeSystemVersion.objects.filter(is_current=True).update(is_current=False)
        CodeSystemVersion.objects.filter(pk=version.pk).update(is_current=True)
        version.is_current = True
        event_record(
            user=user,
            kind="ffb.made_current",
            before={"current": previous.version if previous is not None else None},
            after=_summary(version),
        )
        _caches_clear()
    return version
