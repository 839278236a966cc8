"""The day a request for access must be answered or the citizen told why (forvaltningsloven § 16, stk. 2):
the 7th working day after receipt. Expected dates are worked out by hand in the comments."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from visitator.core import clock
from visitator.fileaccess import selectors, services
from visitator.fileaccess.review import notice_state
from visitator.fileaccess.services import notice_due

from .conftest import at

D = dt.date


@pytest.mark.parametrize(
    ("received", "due"),
    [
        # Easter 2027 (Easter Sunday 28 March): Skærtorsdag 25, Langfredag 26, 2. påskedag 29 March closed.
        # Mon 22 Mar: Tue 23 (1), Wed 24 (2), [Thu 25, Fri 26, weekend, Mon 29], Tue 30 (3), Wed 31 (4),
        # Thu 1 Apr (5), Fri 2 (6), Mon 5 (7).
        (D(2027, 3, 22), D(2027, 4, 5)),
        # Wed 24 Mar: Tue 30 (1), Wed 31 (2), Thu 1 (3), Fri 2 (4), Mon 5 (5), Tue 6 (6), Wed 7 Apr (7).
        (D(2027, 3, 24), D(2027, 4, 7)),
        # Christmas and New Year 2026-27: 24, 25, 26 (a Saturday), 31 Dec and 1 Jan closed.
        # Mon 21 Dec: Tue 22 (1), Wed 23 (2), Mon 28 (3), Tue 29 (4), Wed 30 (5), Mon 4 Jan (6), Tue 5 (7).
        (D(2026, 12, 21), D(2027, 1, 5)),
        # Wed 23 Dec: Mon 28 (1), Tue 29 (2), Wed 30 (3), Mon 4 (4), Tue 5 (5), Wed 6 (6), Thu 7 Jan (7).
        (D(2026, 12, 23), D(2027, 1, 7)),
        # Grundlovsdag 2026 is Friday 5 June. Thu 28 May: Fri 29 (1), Mon 1 Jun (2), Tue 2 (3), Wed 3 (4),
        # Thu 4 (5), [Fri 5 closed], Mon 8 (6), Tue 9 (7).
        (D(2026, 5, 28), D(2026, 6, 9)),
        # Grundlovsdag 2027 is a Saturday: no effect. Fri 28 May: Mon 31 (1), Tue 1 (2), Wed 2 (3),
        # Thu 3 (4), Fri 4 (5), Mon 7 (6), Tue 8 Jun (7).
        (D(2027, 5, 28), D(2027, 6, 8)),
        # Month end: Fri 29 Jan 2027: Mon 1 Feb (1) ... Fri 5 (5), Mon 8 (6), Tue 9 Feb (7).
        (D(2027, 1, 29), D(2027, 2, 9)),
        # Received on a Saturday: Mon 30 Nov (1), Tue 1 (2), Wed 2 (3), Thu 3 (4), Fri 4 (5), Mon 7 (6),
        # Tue 8 Dec 2026 (7).
        (D(2026, 11, 28), D(2026, 12, 8)),
        # Tue 1 Dec 2026: Wed 2 (1), Thu 3 (2), Fri 4 (3), Mon 7 (4), Tue 8 (5), Wed 9 (6), Thu 10 (7).
        (D(2026, 12, 1), D(2026, 12, 10)),
    ],
)
def test_notice_day_is_the_seventh_working_day_after_receipt(received, due):
    assert notice_due(received) == due


def _weekdays_only(received: dt.date, count: int) -> dt.date:
    """The count-th Monday-Friday after `received`, ignoring holidays (an independent lower bound)."""
    day = received
    while count:
        day += dt.timedelta(days=1)
        if day.weekday() < 5:
            count -= 1
    return day


@given(st.dates(min_value=D(2024, 1, 1), max_value=D(2035, 12, 31)))
def test_notice_day_is_a_weekday_never_before_seven_weekdays(received):
    due = notice_due(received)
    assert due.weekday() < 5
    assert due >= _weekdays_only(received, 7)
    # Seven working days always span at least 9 calendar days (Monday to the next week's Wednesday).
    assert (due - received).days >= 9


@pytest.mark.django_db
def test_the_notice_is_asked_for_on_the_day_not_the_day_before(make_case, caseworker, register):
    """Received Thu 28 May 2026; Grundlovsdag (Fri 5 June) is closed, so the day is Tue 9 June."""
    with clock.frozen(at(D(2026, 5, 20), 9)):
        case = make_case(received_on=D(2026, 5, 20))
    with clock.frozen(at(D(2026, 5, 28), 10)):
        request = register(case)
    assert request.notice_due_on == D(2026, 6, 9)
    # Monday 8 June: the day before. Nothing asked yet, and the worklist panel does not ask either.
    state = notice_state(request, D(2026, 6, 8))
    assert state.state == "ok" and not state.notice_missing
    assert "1 dag til svar eller besked" in state.text
    with clock.frozen(at(D(2026, 6, 8), 9)):
        panel = selectors.worklist_panel(caseworker)
    assert panel is not None and not panel.context["rows"][0].state.notice_missing
    # Tuesday 9 June: the day. The notice is asked for.
    state = notice_state(request, D(2026, 6, 9))
    assert state.notice_missing and state.text == "Svar eller besked skal sendes i dag"
    with clock.frozen(at(D(2026, 6, 9), 9)):
        panel = selectors.worklist_panel(caseworker)
    assert panel is not None and panel.context["rows"][0].state.notice_missing


@pytest.mark.django_db
def test_a_notice_satisfies_the_rule_until_its_promised_date_passes(make_case, caseworker, register):
    with clock.frozen(at(D(2027, 3, 15), 9)):
        case = make_case(received_on=D(2027, 3, 15))
    with clock.frozen(at(D(2027, 3, 22), 9)):
        request = register(case)
    assert request.notice_due_on == D(2027, 4, 5)
    with clock.frozen(at(D(2027, 4, 5), 14)):
        services.access_notice_send(
            user=caseworker, request=request, expected_on=D(2027, 4, 9), reason="Sagen er omfattende."
        )
    request.refresh_from_db()
    assert not notice_state(request, D(2027, 4, 5)).notice_missing
    assert not notice_state(request, D(2027, 4, 9)).notice_missing
    # The promised Friday 9 April has passed and the request is still unanswered: a new notice is due.
    assert notice_state(request, D(2027, 4, 12)).notice_missing
