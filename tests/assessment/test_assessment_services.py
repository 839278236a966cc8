import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from visitator.assessment import services
from visitator.assessment.models import Assessment
from visitator.audit.models import Event
from visitator.cases.lifecycle import Status
from visitator.core import clock
from visitator.ffb import selectors as ffb

pytestmark = pytest.mark.django_db

#: Another municipality's data: PermissionDenied without a message (nothing about the data is revealed).
OTHER_MUNICIPALITY = "^$"


def first_sub_area():
    area = ffb.rated_areas()[0]
    return (area.children or (area,))[0]


def level(display_start):
    return next(t for t in ffb.function_levels() if t.display.startswith(display_start))


def test_saving_the_udredning_starts_assessment_and_logs_old_and_new(make_case, caseworker):
    case = make_case()
    sub = first_sub_area()
    services.assessment_save(
        user=caseworker,
        case=case,
        ratings={sub.code: (level("Moderat").code, "Har brug for påmindelser")},
        descriptions={},
        citizen_own_words="Jeg vil gerne være sammen med andre.",
    )
    case.refresh_from_db()
    assert case.status == Status.ASSESSMENT
    assessment = Assessment.objects.get(case=case)
    assert assessment.ratings.get().note == "Har brug for påmindelser"
    services.assessment_save(
        user=caseworker, case=case, ratings={sub.code: (level("Svært").code, "")}, descriptions={}
    )
    event = Event.objects.filter(case=case, kind="assessment.saved").latest("id")
    key = f"rating:{sub.code}"
    assert event.before[key][0] == level("Moderat").code and event.after[key][0] == level("Svært").code


def test_codes_from_the_wrong_ffb_list_are_refused_and_change_nothing(make_case, caseworker):
    case = make_case()
    goal_type = ffb.goal_types()[0].code
    with pytest.raises(ValidationError, match="Et område eller niveau findes ikke i FFB"):
        services.assessment_save(
            user=caseworker, case=case, ratings={goal_type: (level("Let").code, "")}, descriptions={}
        )
    with pytest.raises(ValidationError, match="Et område eller niveau findes ikke i FFB"):
        services.assessment_save(
            user=caseworker, case=case, ratings={first_sub_area().code: (goal_type, "")}, descriptions={}
        )
    assert not Assessment.objects.filter(case=case).exists()
    case.refresh_from_db()
    assert case.status == Status.RECEIVED


@pytest.mark.parametrize(
    ("rule", "judgement", "reason", "message"),
    [
        (
            "unknown_rule",
            "met",
            "x",
            "Kvalitetsstandarden har ikke et kriterium, som du kan vurdere, med det id.",
        ),
        ("social_problems", "applies", "x", "Vælg en vurdering."),
        ("social_problems", "met", "  ", "Skriv begrundelsen for din vurdering."),
    ],
)
def test_bad_judgements_are_refused(make_case, caseworker, rule, judgement, reason, message):
    case = make_case()
    with pytest.raises(ValidationError, match=re.escape(message)):
        services.criterion_judge(user=caseworker, case=case, rule_id=rule, judgement=judgement, reason=reason)
    assert not case.criterion_assessments.exists()


def test_computed_criteria_cannot_be_judged_by_hand(make_case, caseworker):
    with pytest.raises(ValidationError, match="Kvalitetsstandarden har ikke et kriterium"):
        services.criterion_judge(
            user=caseworker, case=make_case(), rule_id="over_18", judgement="met", reason="x"
        )


def test_departure_needs_a_reason_and_a_known_subject(make_case, caseworker):
    case = make_case()
    with pytest.raises(
        ValidationError, match="En afvigelse fra kvalitetsstandarden kræver en skriftlig begrundelse"
    ):
        services.departure_record(user=caseworker, case=case, subject="transport.individual_taxi", reason="")
    with pytest.raises(ValidationError, match="Vælg hvad i kvalitetsstandarden du afviger fra"):
        services.departure_record(user=caseworker, case=case, subject="nonsense", reason="x")
    row = services.departure_record(
        user=caseworker,
        case=case,
        subject="transport.individual_taxi",
        reason="Kan ikke tåle bus pga. angst.",
    )
    assert "Taxa" in row.subject_text


def test_consent_needs_a_scope(make_case, caseworker):
    case = make_case()
    with pytest.raises(ValidationError, match="Skriv hvem samtykket omfatter"):
        services.consent_record(user=caseworker, case=case, kind="consent_11a", on=clock.today())
    services.consent_record(
        user=caseworker, case=case, kind="consent_11a", on=clock.today(), scope="Egen læge"
    )
    services.consent_record(user=caseworker, case=case, kind="informed_12", on=clock.today())
    assert case.consents.count() == 2


def test_other_municipality_cannot_assess(make_case, other_caseworker):
    with pytest.raises(PermissionDenied, match=OTHER_MUNICIPALITY):
        services.criterion_judge(
            user=other_caseworker, case=make_case(), rule_id="social_problems", judgement="met", reason="x"
        )
