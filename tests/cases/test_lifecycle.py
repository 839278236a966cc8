import pytest
from hypothesis import given
from hypothesis import strategies as st

from visitator.cases.lifecycle import (
    AWAITING_DECISION,
    TRANSITIONS,
    Outcome,
    Status,
    TransitionError,
    allowed_targets,
    check_transition,
)

statuses = st.sampled_from(Status.values)
outcomes = st.sampled_from([None, *Outcome.values])

#: Every message check_transition raises (cases/lifecycle.py).
ANY_TRANSITION_MESSAGE = (
    "^(Ukendt status[.]|En sag med status »[^«]+« kan ikke skifte til »[^«]+«[.]"
    "|Vælg afgørelsens resultat: bevilget, delvist bevilget eller afslag[.]"
    "|Et resultat kan kun angives, når sagen afgøres[.]"
    "|En sag med afslag kan ikke blive en aktiv bevilling[.])$"
)


@given(current=statuses, target=statuses, outcome=outcomes, current_outcome=outcomes)
def test_check_transition_allows_exactly_the_table(current, target, outcome, current_outcome):
    allowed = target in TRANSITIONS[current]
    needs_outcome = target == Status.DECIDED
    ok = allowed and (outcome is not None if needs_outcome else outcome is None)
    ok = ok and not (target == Status.ACTIVE and current_outcome == Outcome.REFUSED)
    if ok:
        check_transition(current=current, target=target, outcome=outcome, current_outcome=current_outcome)
    else:
        with pytest.raises(TransitionError, match=ANY_TRANSITION_MESSAGE):
            check_transition(current=current, target=target, outcome=outcome, current_outcome=current_outcome)


def test_the_documented_path_is_allowed():
    path = [Status.RECEIVED, Status.ASSESSMENT, Status.HEARING, Status.DECIDED, Status.ACTIVE, Status.CLOSED]
    for current, target in zip(path, path[1:], strict=False):
        check_transition(
            current=current,
            target=target,
            outcome=Outcome.GRANTED if target == Status.DECIDED else None,
            current_outcome=Outcome.GRANTED if current in (Status.DECIDED, Status.ACTIVE) else None,
        )


def test_withdrawn_only_before_a_decision():
    for status in Status.values:
        assert (Status.WITHDRAWN in TRANSITIONS[status]) == (status in AWAITING_DECISION)


def test_closed_and_withdrawn_are_final():
    assert allowed_targets(Status.CLOSED, None) == []
    assert allowed_targets(Status.WITHDRAWN, None) == []


def test_a_refusal_cannot_become_an_active_grant():
    assert Status.ACTIVE not in allowed_targets(Status.DECIDED, Outcome.REFUSED)
    with pytest.raises(TransitionError, match="afslag"):
        check_transition(
            current=Status.DECIDED, target=Status.ACTIVE, outcome=None, current_outcome=Outcome.REFUSED
        )


def test_the_message_names_both_statuses_in_danish():
    with pytest.raises(
        TransitionError, match="^En sag med status »Modtaget« kan ikke skifte til »Aktiv bevilling«.$"
    ) as info:
        check_transition(current=Status.RECEIVED, target=Status.ACTIVE, outcome=None, current_outcome=None)
    assert "Modtaget" in str(info.value) and "Aktiv bevilling" in str(info.value)
