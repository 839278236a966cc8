"""A refused decision to complain about, made through the real services on a given day (Digital Post,
so the letter counts as received the day it is sent)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from visitator.assessment import services as assessment
from visitator.core import clock
from visitator.decisions import services as decision_services
from visitator.decisions.models import Decision

REFUSAL = {
    "outcome": "refused",
    "applied_for": "Aktivitets- og samværstilbud efter serviceloven § 104",
    "legal_rules": ["Serviceloven § 104", "Serviceloven § 1, stk. 3"],
    "main_considerations": "Dit behov for socialt samvær kan dækkes af netværkscaféen i Aars.",
    "facts": "Du kommer allerede i netværkscaféen to gange om ugen.",
}


def at(day: dt.date, hour: int = 12, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def assess_for_refusal(user: Any, case: Any) -> None:
    for rule_id, judgement, reason in [
        ("reduced_function", "met", "Udviklingshæmning."),
        ("social_problems", "not_met", "Ingen særlige sociale problemer."),
        ("other_activities_cover_need", "applies", "Borgeren kommer i caféen to gange om ugen."),
    ]:
        assessment.criterion_judge(user=user, case=case, rule_id=rule_id, judgement=judgement, reason=reason)
    assessment.alternative_record(
        user=user, case=case, alternative="non_visitated", consideration="Netværkscaféen dækker behovet."
    )


@pytest.fixture
def refused(make_case, caseworker) -> Callable[..., Decision]:
    """refused(on=date, **case fields) -> the refusal Decision, made (and its letter sent) on `on`."""

    def factory(on: dt.date | None = None, **case_kwargs: Any) -> Decision:
        on = on or clock.today()
        with clock.frozen(at(on, 10)):
            case = make_case(received_on=on, **case_kwargs)
            assess_for_refusal(caseworker, case)
        with clock.frozen(at(on, 11)):
            return decision_services.decision_make(user=caseworker, case=case, **REFUSAL)

    return factory
