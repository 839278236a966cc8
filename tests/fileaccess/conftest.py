"""Fixtures for access to the file: a frozen 'today' and a case with a few akter of different kinds,
made through the real services at fixed, increasing times."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from visitator.cases import services as case_services
from visitator.core import clock
from visitator.fileaccess import services
from visitator.fileaccess.models import AccessRequest

#: Tuesday 1 December 2026 ("today" in the brief).
TODAY = dt.date(2026, 12, 1)

INTERNAL_NOTE = "Intern overvejelse: vi bør drøfte sagen på teammødet, før vi skriver til borgeren."
DOCTOR_TEXT = "Udtalelse fra egen læge: borgeren har brug for faste rammer og samvær med andre."


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


@pytest.fixture
def today():
    with clock.frozen(at(TODAY, 9)):
        yield TODAY


@dataclass
class CaseWithAkter:
    case: Any
    receipt: Any
    note: Any
    document: Any


def build_case(make_case: Any, caseworker: Any, citizen: Any = None) -> CaseWithAkter:
    """A case received 2 November 2026 with three akter: the receipt letter (akt 1), an internal journal
    note (akt 2) and a doctor's statement as a text document (akt 3)."""
    received = dt.date(2026, 11, 2)
    with clock.frozen(at(received, 9)):
        case = make_case(received_on=received, **({"citizen": citizen} if citizen else {}))
    with clock.frozen(at(received, 10)):
        receipt = case_services.receipt_send(user=caseworker, case=case)
    with clock.frozen(at(received, 11)):
        note = case_services.journal_note_add(user=caseworker, case=case, text=INTERNAL_NOTE)
    with clock.frozen(at(dt.date(2026, 11, 10), 9)):
        document = case_services.document_add(
            user=caseworker,
            case=case,
            title="Lægeerklæring",
            upload=SimpleUploadedFile("laege.txt", DOCTOR_TEXT.encode(), "text/plain"),
        )
    return CaseWithAkter(case, receipt, note, document)


@pytest.fixture
def akter_case(today, make_case, caseworker) -> CaseWithAkter:
    return build_case(make_case, caseworker)


@pytest.fixture
def register(caseworker):
    def factory(case: Any, user: Any = None, **fields: Any) -> AccessRequest:
        values: dict[str, Any] = {
            "received_on": clock.today(),
            "channel": "written",
            "requester": "citizen",
            "scope": "whole",
        }
        values.update(fields)
        return services.access_request_register(user=user or caseworker, case=case, **values)

    return factory
