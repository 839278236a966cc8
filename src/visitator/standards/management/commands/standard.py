"""``visitator standard check|load|show``: the quality standards from the console.

    visitator standard check standards/vesthimmerland/sel-104/*.yaml
    visitator standard load                      # every *.yaml under VISITATOR_STANDARDS_DIR
    visitator standard show --on 2026-01-01

`check` needs no database; when one is available, it also checks the files against the versions
already loaded. It exits 0 when every file is valid, 1 otherwise (as does `load`).
"""

from __future__ import annotations

import datetime as dt
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from visitator.core import clock
from visitator.standards.loader import LoadedStandard, Problem, StandardsInvalid, find_standard_files
from visitator.standards.models import StandardVersion
from visitator.standards.schema import QualityStandard, Status
from visitator.standards.selectors import standard_versions, standards_in_force, version_windows
from visitator.standards.services import standards_load
from visitator.standards.validation import VersionWindow, check_files


def _date(value: dt.date | None) -> str:
    return value.strftime("%d.%m.%Y") if value else ""


def _validity(valid_from: dt.date, valid_to: dt.date | None) -> str:
    if valid_to is None:
        return _("gyldig fra %(start)s (indtil en ny version træder i kraft)") % {"start": _date(valid_from)}
    return _("gyldig %(start)s – %(end)s") % {"start": _date(valid_from), "end": _date(valid_to)}


def _status(status: str) -> str:
    return _("publiceret") if status == Status.PUBLISHED else _("kladde")


def _deadlines(spec: QualityStandard) -> str:
    deadlines = spec.deadlines
    return _(
        "afgørelse senest %(decision)s efter modtagelsen; markeres %(lead)s før fristen; "
        "opfølgning senest %(follow)s efter bevilling eller sidste opfølgning"
    ) % {
        "decision": deadlines.decision.period.describe(),
        "lead": deadlines.decision_warning_lead.period.describe(),
        "follow": deadlines.follow_up.period.describe(),
    }


def _target_group(spec: QualityStandard) -> str:
    group = spec.target_group
    return ", ".join(
        [
            ngettext("%(n)s kriterium", "%(n)s kriterier", len(group.criteria)) % {"n": len(group.criteria)},
            ngettext("%(n)s grundlag", "%(n)s grundlag", len(group.bases)) % {"n": len(group.bases)},
            ngettext("%(n)s udelukkelse", "%(n)s udelukkelser", len(group.exclusions))
            % {"n": len(group.exclusions)},
        ]
    )


class Command(BaseCommand):
    help = "Kontrollér, indlæs og vis kvalitetsstandarder."

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="{check,load,show}")
        check = actions.add_parser("check", help="Kontrollér filer (kræver ingen database).")
        check.add_argument("paths", nargs="+", type=Path, metavar="PATH")
        load = actions.add_parser("load", help="Indlæs filer i databasen (alt eller intet).")
        load.add_argument("paths", nargs="*", type=Path, metavar="PATH")
        show = actions.add_parser("show", help="Vis de versioner, der gælder på en dato.")
        show.add_argument("--on", type=dt.date.fromisoformat, default=None, metavar="ÅÅÅÅ-MM-DD")
        show.add_argument("--all", action="store_true", help="Vis alle indlæste versioner, også kladder.")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "check":
            self._check(options["paths"])
            return
        try:
            if action == "load":
                self._load(options["paths"] or self._default_paths())
            else:
                self._show(options["on"] or clock.today(), show_all=options["all"])
        except DatabaseError as error:
            raise CommandError(
                _("Databasen er ikke klar (kør 'visitator migrate'): %(error)s") % {"error": error}
            ) from error

    # -- check ----------------------------------------------------------------------------------

    def _existing_versions(self) -> list[VersionWindow] | None:
        try:
            return version_windows()
        except (DatabaseError, ImproperlyConfigured, RuntimeError):
            return None

    def _check(self, paths: list[Path]) -> None:
        existing = self._existing_versions()
        result = check_files(paths, existing=existing or ())
        for item in result.standards:
            self._report_file(item, result.problems_for(item.display_path))
        shown = {item.display_path for item in result.standards}
        for problem in result.problems:
            if problem.file not in shown:
                self.stderr.write(_("FEJL  %(file)s") % {"file": problem.file})
                self.stderr.write(f"      {problem}")
        if existing is None:
            self.stdout.write(_("(Ingen database: overlap er kun kontrolleret mellem de angivne filer.)"))
        self._finish(result.problems, ok=_("%(n)s fil(er) er gyldige.") % {"n": len(paths)})

    def _report_file(self, item: LoadedStandard, problems: list[Problem]) -> None:
        spec = item.spec
        if problems:
            self.stderr.write(_("FEJL  %(file)s") % {"file": item.display_path})
            for problem in problems:
                self.stderr.write(f"      {problem}")
            return
        self.stdout.write(_("OK    %(file)s") % {"file": item.display_path})
        lines = [
            _("Kommune: %(name)s (%(code)s)")
            % {"name": spec.municipality.name, "code": spec.municipality.code},
            _("Ydelse: %(title)s (%(paragraph)s, %(code)s)")
            % {"title": spec.service.title, "paragraph": spec.service.paragraph, "code": spec.service.code},
            _("Version: %(version)s, %(status)s, %(validity)s")
            % {
                "version": spec.version,
                "status": _status(spec.status),
                "validity": _validity(spec.valid_from, spec.valid_to),
            },
            _("Visiteres af: %(unit)s") % {"unit": spec.deciding_unit.name},
            _("Frister: %(deadlines)s") % {"deadlines": _deadlines(spec)},
            _("Målgruppe: %(summary)s") % {"summary": _target_group(spec)},
            _("Indholds-hash: %(hash)s") % {"hash": item.content_hash},
        ]
        for line in lines:
            self.stdout.write(f"      {line}")

    def _finish(self, problems: list[Problem], *, ok: str) -> None:
        if problems:
            raise CommandError(
                ngettext("%(n)s problem fundet.", "%(n)s problemer fundet.", len(problems))
                % {"n": len(problems)}
            )
        self.stdout.write(self.style.SUCCESS(ok))

    # -- load -----------------------------------------------------------------------------------

    def _default_paths(self) -> list[Path]:
        directory = Path(settings.VISITATOR_STANDARDS_DIR)
        paths = find_standard_files(directory)
        if not paths:
            raise CommandError(_("Ingen *.yaml-filer i %(dir)s.") % {"dir": directory})
        return paths

    def _load(self, paths: list[Path]) -> None:
        before = dict(StandardVersion.objects.values_list("id", "content_hash"))
        try:
            versions = standards_load(paths=paths)
        except StandardsInvalid as error:
            for problem in error.problems:
                self.stderr.write(str(problem))
            self.stderr.write(_("Intet er indlæst."))
            self._finish(error.problems, ok="")
            return
        for version in versions:
            if version.pk not in before:
                state = _("indlæst")
            elif before[version.pk] != version.content_hash:
                state = _("opdateret")
            else:
                state = _("uændret")
            self.stdout.write(
                f"{state:<10} {version.source_path}  "
                + _("version %(version)s, %(status)s")
                % {"version": version.version, "status": _status(version.status)}
            )
        self.stdout.write(self.style.SUCCESS(_("%(n)s fil(er) behandlet.") % {"n": len(versions)}))

    # -- show -----------------------------------------------------------------------------------

    def _show(self, on: dt.date, *, show_all: bool) -> None:
        versions = standard_versions() if show_all else standards_in_force(on=on)
        if show_all:
            self.stdout.write(_("Alle indlæste versioner:"))
        else:
            self.stdout.write(_("Kvalitetsstandarder i kraft den %(date)s:") % {"date": _date(on)})
        if not versions:
            self.stdout.write(_("  (ingen)"))
            return
        for version in versions:
            spec = version.spec
            self.stdout.write(
                f"  {version.municipality.name} ({version.municipality.code})  {version.service_code}  "
                + _("version %(version)s, %(status)s, %(validity)s")
                % {
                    "version": version.version,
                    "status": _status(version.status),
                    "validity": _validity(version.valid_from, version.valid_to),
                }
            )
            self.stdout.write(f"    {_deadlines(spec)}")
            self.stdout.write(f"    {version.source_path}  {version.content_hash[:12]}")
