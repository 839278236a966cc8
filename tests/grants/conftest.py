import pytest

from visitator.assessment import services as assessment


@pytest.fixture
def assessed_case(make_case, caseworker):
    case = make_case()
    for rule, judgement, reason in [
        ("reduced_function", "met", "Udviklingshæmning."),
        ("social_problems", "not_met", "Ingen."),
        ("other_activities_cover_need", "does_not_apply", "Kan ikke deltage uden støtte."),
    ]:
        assessment.criterion_judge(
            user=caseworker, case=case, rule_id=rule, judgement=judgement, reason=reason
        )
    case.refresh_from_db()
    return case


@pytest.fixture
def grant_for(caseworker, grant_terms):
    from visitator.decisions import services

    def make(case, **changes):
        decision = services.decision_make(
            user=caseworker,
            case=case,
            outcome="granted",
            applied_for="Aktivitets- og samværstilbud",
            legal_rules=["Serviceloven § 104"],
            grant_terms=grant_terms(**changes),
        )
        return decision.grants.get()

    return make
