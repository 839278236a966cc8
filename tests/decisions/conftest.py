import pytest

from visitator.assessment import services as assessment


@pytest.fixture
def assessed_case(make_case, caseworker):
    """A case in assessment with every criterion the caseworker assesses recorded."""
    case = make_case()
    assessment.criterion_judge(
        user=caseworker, case=case, rule_id="reduced_function", judgement="met", reason="Udviklingshæmning."
    )
    assessment.criterion_judge(
        user=caseworker, case=case, rule_id="social_problems", judgement="not_met", reason="Ingen særlige."
    )
    assessment.criterion_judge(
        user=caseworker,
        case=case,
        rule_id="other_activities_cover_need",
        judgement="does_not_apply",
        reason="Kan ikke deltage uden støtte.",
    )
    case.refresh_from_db()
    return case
