"""The reconsideration deadline (4 weeks from receipt, RSL § 66) and the last working day to act on it,
with hand-worked dates. Easter 2027: Easter Sunday 28 March, so skærtorsdag 25 March, langfredag
26 March, 2. påskedag 29 March."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from visitator.complaints import law
from visitator.core.workdays import is_working_day

D = dt.date


@pytest.mark.parametrize(
    ("received", "deadline", "act_by"),
    [
        # Month ends: February (not a leap year, and a leap year), August/September.
        (D(2027, 1, 30), D(2027, 2, 27), D(2027, 2, 26)),  # Sat → Sat; act by Friday
        (D(2027, 1, 31), D(2027, 2, 28), D(2027, 2, 26)),  # Sun → Sun
        (D(2028, 2, 1), D(2028, 2, 29), D(2028, 2, 29)),  # leap day, a Tuesday
        (D(2026, 8, 31), D(2026, 9, 28), D(2026, 9, 28)),
        # Easter 2027.
        (D(2027, 2, 25), D(2027, 3, 25), D(2027, 3, 24)),  # skærtorsdag → Wednesday before
        (D(2027, 2, 26), D(2027, 3, 26), D(2027, 3, 24)),  # langfredag
        (D(2027, 3, 1), D(2027, 3, 29), D(2027, 3, 24)),  # 2. påskedag: back past the whole Easter
        (D(2027, 3, 3), D(2027, 3, 31), D(2027, 3, 31)),  # the Wednesday after: an open day
        # Christmas and New Year 2026/27.
        (D(2026, 11, 26), D(2026, 12, 24), D(2026, 12, 23)),  # juleaftensdag (offices closed)
        (D(2026, 11, 27), D(2026, 12, 25), D(2026, 12, 23)),  # juledag
        (D(2026, 12, 3), D(2026, 12, 31), D(2026, 12, 30)),  # nytårsaftensdag
        (D(2026, 12, 4), D(2027, 1, 1), D(2026, 12, 30)),  # nytårsdag
        # Grundlovsdag 2026 is a Friday.
        (D(2026, 5, 8), D(2026, 6, 5), D(2026, 6, 4)),
        # An ordinary Tuesday.
        (D(2026, 12, 1), D(2026, 12, 29), D(2026, 12, 29)),
    ],
)
def test_reconsideration_deadline_and_the_day_to_act(received, deadline, act_by):
    assert law.reconsideration_deadline(received) == deadline
    assert law.act_by(deadline) == act_by


@given(st.dates(min_value=D(2024, 1, 1), max_value=D(2035, 12, 31)))
def test_the_deadline_is_four_weeks_and_act_by_is_the_last_open_day_on_or_before_it(received):
    deadline = law.reconsideration_deadline(received)
    assert deadline - received == dt.timedelta(weeks=4)
    day = law.act_by(deadline)
    assert day <= deadline and is_working_day(day)
    assert not any(is_working_day(day + dt.timedelta(days=n)) for n in range(1, (deadline - day).days + 1))


def test_the_rules_carry_their_citations():
    assert law.RECONSIDERATION.citation == "Retssikkerhedsloven § 66"
    assert law.NO_SUSPENSIVE_EFFECT.citation == "Retssikkerhedsloven § 72"
    assert law.PARTIAL_AGREEMENT_REST_FORWARDED.check


@given(st.dates(min_value=D(2024, 1, 1), max_value=D(2035, 12, 31)), st.integers(min_value=-60, max_value=60))
def test_late_only_after_the_deadline_day(deadline, offset):
    received = deadline + dt.timedelta(days=offset)
    assert law.is_late(received, deadline) is (offset > 0)
    assert law.is_late(received, None) is False  # no klagevejledning: the deadline does not run


def test_on_the_deadline_day_and_the_day_after():
    assert law.is_late(D(2026, 12, 1), D(2026, 12, 1)) is False
    assert law.is_late(D(2026, 12, 2), D(2026, 12, 1)) is True
