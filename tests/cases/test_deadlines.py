import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from visitator.cases.deadlines import NONE, OK, OVERDUE, SOON, deadline_status

TODAY = dt.date(2026, 11, 27)


def status(deadline, warning, expected=None, awaiting=True, today=TODAY):
    return deadline_status(
        awaiting_decision=awaiting, deadline=deadline, warning_on=warning, expected_on=expected, today=today
    )


@given(offset=st.integers(min_value=-400, max_value=400), lead=st.integers(min_value=0, max_value=60))
def test_state_follows_the_dates(offset, lead):
    deadline = TODAY + dt.timedelta(days=offset)
    warning = deadline - dt.timedelta(days=lead)
    result = status(deadline, warning)
    assert result.days_left == offset
    if offset < 0:
        assert result.state == OVERDUE and "overskredet" in result.text
        assert result.notice_missing
    elif warning <= TODAY:
        assert result.state == SOON and result.notice_missing
    else:
        assert result.state == OK and not result.notice_missing


def test_words_for_days_left_and_overdue():
    assert status(TODAY + dt.timedelta(days=12), TODAY).text == "12 dage tilbage"
    assert status(TODAY + dt.timedelta(days=1), TODAY).text == "1 dag tilbage"
    assert status(TODAY, TODAY).text == "Fristen udløber i dag"
    assert status(TODAY - dt.timedelta(days=1), TODAY).text == "Fristen er overskredet med 1 dag"
    assert status(TODAY - dt.timedelta(days=5), TODAY).text == "Fristen er overskredet med 5 dage"


def test_a_notice_with_a_future_expected_date_satisfies_the_rule():
    result = status(TODAY - dt.timedelta(days=3), TODAY, expected=TODAY + dt.timedelta(days=10))
    assert result.state == OVERDUE
    assert not result.notice_missing
    assert "varslet" in result.text


def test_a_notice_whose_expected_date_has_passed_needs_a_new_notice():
    result = status(TODAY - dt.timedelta(days=20), TODAY, expected=TODAY - dt.timedelta(days=1))
    assert result.notice_missing


def test_no_deadline_runs_once_decided():
    result = status(TODAY - dt.timedelta(days=20), TODAY, awaiting=False)
    assert result.state == NONE and not result.notice_missing
    assert result.state != SOON


def test_a_notice_whose_expected_date_is_today_still_tells_the_truth():
    result = status(TODAY - dt.timedelta(days=3), TODAY, expected=TODAY)
    assert result.state == OVERDUE and not result.notice_missing
    assert result.text == (
        "Fristen er overskredet med 3 dage – borgeren er varslet om afgørelse senest 27. november 2026"
    )


def test_a_notice_whose_expected_date_is_tomorrow_satisfies_the_rule():
    result = status(TODAY, TODAY - dt.timedelta(days=14), expected=TODAY + dt.timedelta(days=1))
    assert result.state == SOON and not result.notice_missing
    assert result.text == "Fristen udløber i dag – borgeren er varslet om afgørelse senest 28. november 2026"


def test_a_notice_whose_expected_date_was_yesterday_is_missing():
    result = status(TODAY, TODAY - dt.timedelta(days=14), expected=TODAY - dt.timedelta(days=1))
    assert result.state == SOON and result.notice_missing
    assert result.text == "Fristen udløber i dag"


def test_the_warning_starts_on_the_warning_day_not_the_day_after():
    deadline = TODAY + dt.timedelta(days=14)
    assert status(deadline, TODAY).state == SOON
    assert status(deadline, TODAY + dt.timedelta(days=1)).state == OK
