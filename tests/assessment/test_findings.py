"""Findings advise; they never refuse. Age is judged on the expected decision date."""

import datetime as dt

import pytest

from visitator.assessment import services
from visitator.assessment.findings import CONCERN, NEEDS_ASSESSMENT, OK, findings_for
from visitator.core import clock
from visitator.people.cpr import passes_modulus_11

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 27)


def cpr_born(born: dt.date) -> str:
    for serial in range(0, 4000):
        number = f"{born:%d%m%y}{serial:04d}"
        if born.year >= 2000:
            number = f"{born:%d%m%y}4{serial % 1000:03d}"
        if not passes_modulus_11(number):
            return number
    raise AssertionError


def by_id(findings):
    return {f.rule_id: f for f in findings}


@pytest.mark.parametrize(
    ("received_on", "born", "status"),
    [
        # Received 27 November 2026: the deadline (and so the expected decision date) is 22 January 2027.
        (TODAY, dt.date(2009, 1, 22), OK),  # turns 18 on the decision date
        (TODAY, dt.date(2009, 1, 23), CONCERN),  # turns 18 the day after
        # Born 29 February 2008, 18 on 1 March 2026. Received Saturday 3 January 2026: the deadline is
        # 28 February 2026 (still 17); received 4 January 2026: 1 March 2026 (18).
        (dt.date(2026, 1, 3), dt.date(2008, 2, 29), CONCERN),
        (dt.date(2026, 1, 4), dt.date(2008, 2, 29), OK),
    ],
    ids=["18-on-the-deadline", "18-the-day-after", "leap-day-17", "leap-day-18"],
)
def test_age_is_judged_on_the_expected_decision_date(make_case, make_citizen, received_on, born, status):
    with clock.frozen(received_on):
        citizen = make_citizen(cpr=cpr_born(born))
        case = make_case(received_on=received_on, citizen=citizen)
        finding = by_id(findings_for(case, today=received_on))["over_18"]
    assert case.decision_deadline == received_on + dt.timedelta(weeks=8)
    assert finding.status == status
    assert not finding.assessable
    if status == CONCERN:
        assert "modtages og forberedes" in finding.explanation
    assert "afslag" not in finding.explanation.lower()


def test_seventeen_year_old_who_turns_18_before_the_deadline_is_not_flagged(make_case, make_citizen):
    born = dt.date(2008, 12, 15)  # 17 today, 18 before the deadline (22 January 2027)
    with clock.frozen(TODAY):
        case = make_case(received_on=TODAY, citizen=make_citizen(cpr=cpr_born(born)))
        assert case.citizen.age_on(TODAY) == 17
        assert by_id(findings_for(case, today=TODAY))["over_18"].status == OK


def test_seventy_year_old_is_never_warned_about_age(make_case, make_citizen):
    with clock.frozen(TODAY):
        case = make_case(received_on=TODAY, citizen=make_citizen(cpr=cpr_born(dt.date(1956, 5, 1))))
        assert by_id(findings_for(case, today=TODAY))["over_18"].status == OK


def test_bases_and_exclusion_need_the_caseworkers_assessment(make_case, caseworker):
    case = make_case()
    findings = by_id(findings_for(case, today=clock.today()))
    assert findings["reduced_function"].status == NEEDS_ASSESSMENT
    assert findings["social_problems"].status == NEEDS_ASSESSMENT
    assert findings["other_activities_cover_need"].status == NEEDS_ASSESSMENT
    assert findings["target_group_basis"].status == NEEDS_ASSESSMENT

    services.criterion_judge(
        user=caseworker, case=case, rule_id="social_problems", judgement="met", reason="Hjemløs, isoleret."
    )
    services.criterion_judge(
        user=caseworker, case=case, rule_id="reduced_function", judgement="not_met", reason="Ingen diagnose."
    )
    services.criterion_judge(
        user=caseworker,
        case=case,
        rule_id="other_activities_cover_need",
        judgement="applies",
        reason="Kommer allerede i netværkscaféen.",
    )
    case.refresh_from_db()
    findings = by_id(findings_for(case, today=clock.today()))
    assert findings["target_group_basis"].status == OK
    assert findings["other_activities_cover_need"].status == CONCERN
    assert "taler imod" in findings["other_activities_cover_need"].explanation
    # The bases are kept on the case, separately.
    assert case.target_group_social_problems and not case.target_group_reduced_function


def test_latest_judgement_counts(make_case, caseworker):
    case = make_case()
    services.criterion_judge(
        user=caseworker, case=case, rule_id="social_problems", judgement="not_met", reason="a"
    )
    services.criterion_judge(
        user=caseworker, case=case, rule_id="social_problems", judgement="met", reason="b"
    )
    assert by_id(findings_for(case, today=clock.today()))["social_problems"].status == OK
    assert case.criterion_assessments.count() == 2  # history kept
