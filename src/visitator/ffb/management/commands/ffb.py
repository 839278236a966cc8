"""``visitator ffb load|show``: KL's FFB code lists from the console.

    visitator ffb load ffb_codesystem_20250101.csv            # load and make it the current version
    visitator ffb load ffb_codesystem_20200908.csv --not-current
    visitator ffb show

`load` exits 0 when the file is loaded (or was already), 1 when it is refused; nothing is written then.
"""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from django.utils import timezone
from django.utils.translation import gettext as _

from visitator.ffb.loader import FfbError, FfbFileInvalid
from visitator.ffb.models import CodeSystemVersion
from visitator.ffb.selectors import versions
from visitator.ffb.services import ffb_load


class Command(BaseCommand):
    help = "Indlæs og vis KL's Fælles Faglige Begreber (FFB)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="{load,show}")
        load = actions.add_parser("load", help="Indlæs en FFB-fil (CSV) som en ny version.")
        load.add_argument("path", type=Path, metavar="PATH")
        load.add_argument(
            "--not-current",
            action="store_true",
            help="Indlæs uden at gøre versionen gældende (den første version bliver altid gældende).",
        )
        load.add_argument(
            "--code-version",
            default=None,
            metavar="VERSION",
            help="Versionen, fx 20240530 (standard: datoen i filnavnet).",
        )
        load.add_argument("--url", default=None, help="Kodesystemets URL (standard: KL's FFB-URL).")
        actions.add_parser("show", help="Vis de indlæste versioner.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["action"] == "load":
                self._load(options)
            else:
                self._show()
        except DatabaseError as error:
            raise CommandError(
                _("Databasen er ikke klar (kør 'visitator migrate'): %(error)s") % {"error": error}
            ) from error

    def _load(self, options: dict[str, Any]) -> None:
        before = {row[0]: row[1] for row in CodeSystemVersion.objects.values_list("id", "is_current")}
        try:
            version = ffb_load(
                path=options["path"],
                make_current=not options["not_current"],
                version=options["code_version"],
                url=options["url"],
            )
        except FfbFileInvalid as error:
            for problem in error.problems:
                self.stderr.write(str(problem))
            raise CommandError(_("Filen er ikke indlæst; intet er ændret.")) from error
        except FfbError as error:
            self.stderr.write(str(error))
            raise CommandError(_("Filen er ikke indlæst; intet er ændret.")) from error
        count = version.concepts.count()
        described = _("FFB version %(version)s (%(count)s begreber)") % {
            "version": version.version,
            "count": count,
        }
        if version.pk not in before:
            state = _("Indlæst: %(version)s") % {"version": described}
        elif not before[version.pk] and version.is_current:
            state = _("Allerede indlæst, nu gældende: %(version)s") % {"version": described}
        else:
            state = _("Uændret, allerede indlæst: %(version)s") % {"version": described}
        current = _("gældende") if version.is_current else _("ikke gældende")
        self.stdout.write(self.style.SUCCESS(f"{state}, {current}."))

    def _show(self) -> None:
        loaded = versions()
        self.stdout.write(_("Indlæste FFB-versioner:"))
        if not loaded:
            self.stdout.write(_("  (ingen – kør 'visitator migrate')"))
            return
        for version in loaded:
            marker = _("gældende") if version.is_current else ""
            self.stdout.write(
                f"  {version.version}  "
                + _("%(count)s begreber, indlæst %(at)s")
                % {
                    "count": version.concept_count,  # type: ignore[attr-defined]
                    "at": timezone.localtime(version.loaded_at).strftime("%d.%m.%Y %H:%M"),
                }
                + (f"  ({marker})" if marker else "")
            )
            self.stdout.write(f"    {version.url}  {version.source_name}  SHA-256 {version.sha256[:12]}")
