"""Fixtures for the letter tests: a frozen 'today', cases with and without Digital Post, and the facts
of a complete decision and hearing."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from pypdf import PdfReader

from visitator.core import clock
from visitator.letters.compose import DecisionFacts, HearingFacts

#: A Friday: a physical letter's receipt day falls after a weekend.
TODAY = dt.date(2026, 11, 27)


@pytest.fixture
def today():
    with clock.frozen(TODAY):
        yield TODAY


@pytest.fixture
def case(today, make_case):
    return make_case(received_on=today - dt.timedelta(days=40))


@pytest.fixture
def physical_case(today, make_case, make_citizen):
    citizen = make_citizen(
        first_name="Bent",
        last_name="Ørum (testperson)",
        address_line="Prøvegade 7, 2. th.",
        postcode="9600",
        city="Aars",
        digital_post_exempt=True,
        digital_post_exemption_reason="Kognitiv funktionsnedsættelse",
    )
    return make_case(received_on=today - dt.timedelta(days=40), citizen=citizen)


@pytest.fixture
def refusal_facts() -> DecisionFacts:
    return DecisionFacts(
        applied_for="aktivitets- og samværstilbud 5 dage om ugen",
        legal_rules=("Serviceloven § 104", "Serviceloven § 1, stk. 3", "Retssikkerhedsloven § 5"),
        main_considerations=(
            "Vi har lagt vægt på, at dit behov for socialt samvær kan dækkes af værestedet i Aars, som du "
            "allerede kommer i to gange om ugen."
        ),
        facts="Lægeerklæring af 3. oktober 2026 og samtalen med dig den 10. oktober 2026.",
        alternatives=("Værestedet i Aars (uvisiteret tilbud)", "Socialpædagogisk støtte, serviceloven § 85"),
    )


@pytest.fixture
def grant_facts() -> DecisionFacts:
    return DecisionFacts(
        applied_for="aktivitets- og samværstilbud",
        granted="3 hele dage om ugen i Aktivitetshuset Aars fra den 1. december 2026",
        legal_rules=("Serviceloven § 104",),
        offer_name="Aktivitetshuset Aars",
        start_date=dt.date(2026, 12, 1),
        scope="3 hele dage om ugen",
        goals=("Du deltager i fællesskabet i huset mindst 2 dage om ugen.",),
    )


@pytest.fixture
def hearing_facts(today) -> HearingFacts:
    return HearingFacts(
        information=(
            "Udtalelse af 3. oktober 2026 fra din egen læge: du kan deltage i aktiviteter 2 dage om ugen.",
            "Notat af 10. oktober 2026 fra samtalen med dig: du kommer i værestedet i Aars to gange om ugen.",
        ),
        planned_decision="Vi forventer at give dig afslag på aktivitets- og samværstilbud.",
        response_deadline=today + dt.timedelta(days=14),
    )


def pdf_text(pdf: bytes) -> str:
    """All the text of a PDF, with line breaks and runs of spaces folded to single spaces."""
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join(page.extract_text() or "" for page in reader.pages).split())


@pytest.fixture(name="pdf_text")
def pdf_text_fixture():
    return pdf_text
