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

    def handle(self, *args: Any, **options: Any) -> None:
        created = load_demo(citizens=options["citizens"])
        if created:
            self.stdout.write(self.style.SUCCESS(f"Demodata indlæst: {created} sager."))
        else:
            self.stdout.write("Demodata findes allerede.")
        self.stdout.write("\nVisitator kører på http://127.0.0.1:8000/ – log ind som:")
        for username, password, role in DEMO_LOGINS:
            self.stdout.write(f"  {username:<16} adgangskode {password:<16} ({role})")
        self.stdout.write("")
