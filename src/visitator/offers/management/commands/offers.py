"""``visitator offers import``: load the municipality's offers from a CSV or XLSX file.

    visitator offers import tilbud.xlsx --municipality 820
    visitator offers import tilbud.csv --municipality 820 --dry-run

Exits 0 when the file is imported (or would be, with --dry-run), 1 when it has problems: then every
bad row is listed and nothing is written. The file format is in docs/offers.md.
"""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from django.db.models import Q
from django.utils.translation import gettext as _

from visitator.offers.importer import import_offers_from_path
from visitator.organisation.models import Municipality


class Command(BaseCommand):
    help = "Indlæs kommunens tilbud fra en CSV- eller XLSX-fil."

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="{import}")
        load = actions.add_parser("import", help="Indlæs tilbud fra en fil (én række pr. tilbud).")
        load.add_argument("path", type=Path, metavar="PATH")
        load.add_argument(
            "--municipality", required=True, metavar="CODE", help="Kommunekoden (tre cifre), fx 820."
        )
        load.add_argument(
            "--dry-run", action="store_true", help="Kontrollér filen og vis resultatet uden at gemme noget."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        code = options["municipality"].strip()
        try:
            municipality = Municipality.objects.get(Q(code=code) | Q(slug=code))
        except Municipality.DoesNotExist as exc:
            raise CommandError(_("Kommunen %(code)s findes ikke.") % {"code": code}) from exc
        except DatabaseError as exc:
            raise CommandError(
                _("Databasen er ikke klar (kør 'visitator migrate'): %(error)s") % {"error": exc}
            ) from exc
        result = import_offers_from_path(
            user=None, municipality=municipality, path=options["path"], dry_run=options["dry_run"]
        )
        if not result.ok:
            for problem in result.problems:
                self.stderr.write(str(problem))
            raise CommandError(_("Filen er ikke indlæst; intet er ændret."))
        if result.dry_run:
            self.stdout.write(
                self.style.SUCCESS(
                    _("Prøvekørsel, intet er gemt: %(summary)s") % {"summary": result.summary()}
                )
            )
        else:
            self.stdout.write(self.style.SUCCESS(_("Indlæst: %(summary)s") % {"summary": result.summary()}))
