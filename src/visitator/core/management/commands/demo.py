"""`visitator demo`: load the quality standards and fictitious demo data (idempotent).

Every citizen is an obviously fictitious test person: the name says "(testperson)", and the CPR
number has a birth date before 1 October 2007 and a serial that fails the modulus-11 check, which
no number issued before that date does, so it cannot belong to a real person.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from visitator.demo.data import DEMO_LOGINS, load_demo


class Command(BaseCommand):
    help = "Indlæs kvalitetsstandarder og fiktive demodata (testpersoner)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--citizens", type=int, default=30, help="Antal testpersoner (standard 30).")
        # `make demo` passes its HOST and PORT, so the address printed is the one the server listens on.
        parser.add_argument("--host", default="127.0.0.1", help="Serverens adresse (standard 127.0.0.1).")
        parser.add_argument("--port", type=int, default=8000, help="Serverens port (standard 8000).")

    def handle(self, *args: Any, **options: Any) -> None:
        created = load_demo(citizens=options["citizens"])
        if created:
            self.stdout.write(self.style.SUCCESS(f"Demodata indlæst: {created} sager."))
        else:
            self.stdout.write("Demodata findes allerede.")
        url = f"http://{options['host']}:{options['port']}/"
        self.stdout.write(f"\nVisitator kører på {url} – log ind som:")
        for username, password, role in DEMO_LOGINS:
            self.stdout.write(f"  {username:<16} adgangskode {password:<16} ({role})")
        self.stdout.write("")
