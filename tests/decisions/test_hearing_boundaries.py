"""The boundaries of the partshøring (forvaltningsloven § 19), pinned on hand-worked dates.

A decision against the citizen (a refusal or a partial grant) waits until the response deadline has
passed: it is blocked on the deadline day itself and allowed the day after. The response deadline is
at least `HEARING_MIN_RESPONSE_DAYS` (8) days after the letter is sent: 7 days are refused, 8 accepted.
The clock is frozen on Monday 2 November 2026; a hearing letter by Digital Post is received that day.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.exceptions import ValidationError

from visitator.assessment import services as assessment
from visitator.cases.lifecycle import Outcome
from visitator.core import clock, law
from visitator.decisions import services
from visitator.decisions.models import Decision
from visitator.letters.models import Letter

pytestmark = pytest.mark.django_db

#: Monday 2 November 2026 (a working day).
DAY0 = dt.date(2026, 11, 2)
#: DAY0 + 8 days: the earliest response deadline.
EARLIEST = dt.date(2026, 11, 10)
AGAINST = [Outcome.REFUSED, Outcome.PARTLY_GRANTED]
REFUSAL = {
    "outcome": "refused",
    "applied_for": "Aktivitets- og samværstilbud efter serviceloven § 104",
    "legal_rules": ["Serviceloven § 104", "Serviceloven § 1, stk. 3"],
    "main_considerations": "Dit behov for socialt samvær kan dækkes af netværkscaféen i Aars.",
    "facts": "Du kommer allerede i netværkscaféen to gange om ugen, jf. udtalelse fra caféen.",
}
TOO_SHORT = "Giv borgeren en rimelig frist: mindst 8 dage (svarfrist tidligst 10.11.2026)."


@pytest.fixture
def day0():
    with clock.frozen(DAY0):
        yield DAY0


@pytest.fixture
def case(day0, assessed_case, caseworker):
    assessment.alternative_record(
        user=caseworker, case=assessed_case, alternative="non_visitated", consideration="Caféen."
    )
    return assessed_case


@pytest.fixture
def information(case, caseworker):
    return services.hearing_information_add(
        user=caseworker,
        case=case,
        source="Udtalelse fra netværkscaféen",
        summary="Borgeren kommer to gange om ugen.",
        received_on=DAY0,
    )


def send(case, caseworker, information, deadline):
    return services.hearing_send(
        user=caseworker,
        case=case,
        information=[information],
        planned_decision="Afslag.",
        response_deadline=deadline,
    )


def blockers(case, user, outcome, today):
    return services.decision_blockers(case, outcome=outcome, user=user, today=today)


def test_the_documented_minimum_response_time_is_8_days():
    assert law.HEARING_MIN_RESPONSE_DAYS.value == 8
    assert law.HEARING_MIN_RESPONSE_DAYS.citation == "Forvaltningsloven § 19, stk. 1 (rimelig frist)"


@pytest.mark.parametrize(
    "deadline",
    [DAY0, DAY0 + dt.timedelta(days=1), dt.date(2026, 11, 9)],
    ids=["day-of-receipt", "next-day", "one-day-short"],
)
def test_a_response_deadline_shorter_than_8_days_is_refused_and_nothing_is_sent(
    case, caseworker, information, deadline
):
    with pytest.raises(ValidationError, match=re.escape(TOO_SHORT)) as error:
        send(case, caseworker, information, deadline)
    assert error.value.message_dict == {"response_deadline": [TOO_SHORT]}
    assert not case.hearings.exists() and not Letter.objects.filter(kind="hearing").exists()


def test_a_response_deadline_of_exactly_8_days_is_accepted(case, caseworker, information):
    hearing = send(case, caseworker, information, EARLIEST)
    assert hearing.response_deadline == EARLIEST
    assert hearing.letter.kind == "hearing"


def test_the_grant_needs_no_hearing(case, caseworker, information):
    assert blockers(case, caseworker, Outcome.GRANTED, DAY0) == []


@pytest.mark.parametrize("outcome", AGAINST)
def test_unheard_information_blocks_a_decision_against_the_citizen(case, caseworker, information, outcome):
    assert blockers(case, caseworker, outcome, DAY0) == [
        "»Udtalelse fra netværkscaféen« er ikke sendt i partshøring, og der er ikke registreret en "
        "undtagelse."
    ]


@pytest.mark.parametrize("outcome", AGAINST)
def test_blocked_on_the_deadline_day_and_allowed_the_day_after(case, caseworker, information, outcome):
    send(case, caseworker, information, EARLIEST)
    waiting = [
        "»Udtalelse fra netværkscaféen«: borgeren har frist til at svare til og med 10. november 2026."
    ]
    assert blockers(case, caseworker, outcome, EARLIEST - dt.timedelta(days=1)) == waiting
    assert blockers(case, caseworker, outcome, EARLIEST) == waiting
    assert blockers(case, caseworker, outcome, EARLIEST + dt.timedelta(days=1)) == []


def test_a_refusal_is_refused_on_the_deadline_day_and_made_the_day_after(case, caseworker, information):
    send(case, caseworker, information, EARLIEST)
    with clock.frozen(EARLIEST), pytest.raises(ValidationError, match="frist til at svare til og med"):
        services.decision_make(user=caseworker, case=case, **REFUSAL)
    assert not Decision.objects.filter(case=case).exists()
    with clock.frozen(EARLIEST + dt.timedelta(days=1)):
        decision = services.decision_make(user=caseworker, case=case, **REFUSAL)
    assert decision.outcome == Outcome.REFUSED


@pytest.mark.parametrize("outcome", AGAINST)
def test_a_decision_against_the_citizen_needs_the_alternatives_considered(
    day0, assessed_case, caseworker, outcome
):
    assert blockers(assessed_case, caseworker, outcome, DAY0) == [
        "Før et afslag eller en delvis bevilling skal du registrere, hvilken anden hjælp der er "
        "overvejet (retssikkerhedsloven § 5)."
    ]
    assert blockers(assessed_case, caseworker, Outcome.GRANTED, DAY0) == []
