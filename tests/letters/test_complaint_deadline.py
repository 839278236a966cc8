"""The complaint deadline (JM vejledning nr. 9533/2018): receipt per channel, 4 weeks counted as weeks,
and an end on a closed day moved to the next working day. Expected dates are worked out by hand."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from visitator.core.workdays import is_working_day
from visitator.letters import legal_text


@pytest.mark.parametrize(
    ("receipt", "deadline", "why"),
    [
        # The example of DOMAIN.md: 4 weeks end on juledag; 26 and 27 December are a Saturday and a Sunday.
        (dt.date(2026, 11, 27), dt.date(2026, 12, 28), "juledag"),
        # The day before: Thursday 24 December is juleaftensdag, a closed day; then 25-27 December.
        (dt.date(2026, 11, 26), dt.date(2026, 12, 28), "juleaftensdag"),
        # The day after: Saturday 26 December is anden juledag, then Sunday: Monday 28 December.
        (dt.date(2026, 11, 28), dt.date(2026, 12, 28), "anden juledag"),
        # A plain Saturday: 4 weeks from Saturday 7 November 2026 end on Saturday 5 December: Monday 7.
        (dt.date(2026, 11, 7), dt.date(2026, 12, 7), "en lørdag"),
        # Ends on Monday 28 December itself: no move.
        (dt.date(2026, 11, 30), dt.date(2026, 12, 28), ""),
        # Nytårsaftensdag, Thursday 31 December 2026; 1 January is nytårsdag; then the weekend.
        (dt.date(2026, 12, 3), dt.date(2027, 1, 4), "nytårsaftensdag"),
        # Easter 2027: 4 weeks from Thursday 25 February end on skærtorsdag 25 March; langfredag,
        # the weekend and 2. påskedag (29 March) follow: Tuesday 30 March.
        (dt.date(2027, 2, 25), dt.date(2027, 3, 30), "skærtorsdag"),
        (dt.date(2027, 3, 1), dt.date(2027, 3, 30), "anden påskedag"),
        # Grundlovsdag, Friday 5 June 2026: Monday 8 June.
        (dt.date(2026, 5, 8), dt.date(2026, 6, 8), "grundlovsdag"),
        # Month ends: 4 weeks are 28 days, never "a month": 31 January 2027 (Sunday) → Sunday 28 February
        # → Monday 1 March.
        (dt.date(2027, 1, 31), dt.date(2027, 3, 1), "en søndag"),
        # Received on a holiday (Digital Post delivers any day): counted from that day all the same.
        (dt.date(2026, 12, 25), dt.date(2027, 1, 22), ""),
    ],
)
def test_the_deadline_moves_off_closed_days(receipt, deadline, why):
    assert legal_text.complaint_deadline(receipt) == deadline
    unmoved = legal_text.unmoved_complaint_deadline(receipt)
    assert unmoved == receipt + dt.timedelta(weeks=4)
    if why:
        assert unmoved != deadline and legal_text.closed_day_label(unmoved) == why
    else:
        assert unmoved == deadline


@given(st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2035, 12, 31)))
def test_a_complaint_deadline_never_ends_on_a_closed_day(receipt):
    assert is_working_day(legal_text.complaint_deadline(receipt))


@given(st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2035, 12, 31)))
def test_a_deadline_is_never_earlier_than_the_unmoved_one_and_moves_at_most_to_the_next_working_day(receipt):
    unmoved = receipt + dt.timedelta(weeks=4)
    deadline = legal_text.complaint_deadline(receipt)
    assert deadline >= unmoved
    # Nothing in between is a working day: the move goes to the first one.
    day = unmoved
    while day < deadline:
        assert not is_working_day(day)
        day += dt.timedelta(days=1)


@pytest.mark.parametrize(
    ("letter_date", "receipt"),
    [
        # Friday 27 November 2026: Mon 30 Nov, Tue 1, Wed 2, Thu 3, Fri 4, Mon 7 December.
        (dt.date(2026, 11, 27), dt.date(2026, 12, 7)),
        # Monday 21 December 2026: Tue 22, Wed 23, (24-27 closed), Mon 28, Tue 29, Wed 30, (31 Dec, 1-3 Jan
        # closed), Mon 4 January 2027.
        (dt.date(2026, 12, 21), dt.date(2027, 1, 4)),
        # Monday 22 March 2027: Tue 23, Wed 24, (skærtorsdag 25 … 2. påskedag 29), Tue 30, Wed 31,
        # Thu 1 April, Fri 2 April.
        (dt.date(2027, 3, 22), dt.date(2027, 4, 2)),
        # Saturday 30 May 2026 (a letter dated on a Saturday): Mon 1, Tue 2, Wed 3, Thu 4, (Grundlovsdag
        # 5 June), Mon 8, Tue 9 June.
        (dt.date(2026, 5, 30), dt.date(2026, 6, 9)),
    ],
)
def test_physical_post_is_received_six_hverdage_after_the_letter_date(letter_date, receipt):
    assert legal_text.receipt_on(letter_date, digital_post=False) == receipt


@given(st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2035, 12, 31)))
def test_digital_post_is_received_on_the_letter_date_whatever_day_it_is(letter_date):
    assert legal_text.receipt_on(letter_date, digital_post=True) == letter_date
