"""Reading loaded quality standards. Standards hold no personal data, so reads are not access-logged."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from visitator.organisation.models import Municipality

from .models import StandardStatus, StandardVersion
from .validation import VersionWindow


class StandardNotInForce(Exception):
    """No published version of the standard is in force on the date asked for."""


def standard_in_force(*, municipality: Municipality, service_code: str, on: dt.date) -> StandardVersion:
    """The published version in force on `on`.

    That is the published version with the latest ``valid_from <= on``, provided it has not ended
    (``valid_to`` empty or ``on <= valid_to``). A later version supersedes an earlier open-ended one;
    an ended version does not bring an earlier one back. Raises `StandardNotInForce`.
    """
    latest = (
        StandardVersion.objects.filter(
            municipality=municipality,
            service_code=service_code,
            status=StandardStatus.PUBLISHED,
            valid_from__lte=on,
        )
        .select_related("municipality")
        .order_by("-valid_from")
        .first()
    )
    if latest is None or (latest.valid_to is not None and on > latest.valid_to):
        raise StandardNotInForce(
            _(
                "%(municipality)s har ingen publiceret kvalitetsstandard for %(service)s, "
                "der gælder den %(date)s."
            )
            % {"municipality": municipality.name, "service": service_code, "date": on.strftime("%d.%m.%Y")}
        )
    return latest


def standards_in_force(*, on: dt.date, municipality: Municipality | None = None) -> list[StandardVersion]:
    """Every published version in force on `on` (one per municipality and service), sorted."""
    candidates = StandardVersion.objects.filter(
        status=StandardStatus.PUBLISHED, valid_from__lte=on
    ).select_related("municipality")
    if municipality is not None:
        candidates = candidates.filter(municipality=municipality)
    latest: dict[tuple[object, str], StandardVersion] = {}
    for version in candidates.order_by("municipality_id", "service_code", "-valid_from"):
        latest.setdefault((version.municipality_id, version.service_code), version)
    in_force = [v for v in latest.values() if v.valid_to is None or on <= v.valid_to]
    return sorted(in_force, key=lambda v: (v.municipality.name, v.service_code))


def standard_versions(*, municipality: Municipality | None = None) -> list[StandardVersion]:
    """Every loaded version (draft and published), for the admin and the console."""
    versions = StandardVersion.objects.select_related("municipality")
    if municipality is not None:
        versions = versions.filter(municipality=municipality)
    return list(versions.order_by("municipality__name", "service_code", "valid_from", "version"))


def version_windows() -> list[VersionWindow]:
    """Identity and validity of every loaded version, for the overlap check on new files."""
    rows = StandardVersion.objects.values_list(
        "municipality__code", "service_code", "version", "status", "valid_from", "valid_to", "source_path"
    )
    return [
        VersionWindow(
            municipality_code=code,
            service_code=service,
            version=version,
            status=status,
            valid_from=valid_from,
            valid_to=valid_to,
            source=_("databasen: %(path)s") % {"path": source},
            from_database=True,
        )
        for code, service, version, status, valid_from, valid_to, source in rows
    ]
