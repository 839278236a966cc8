"""Judging every criterion against the standard on one form with one save: each judgement still its own
row with who and when, each still needs its reason, nothing saved when one row is wrong, the same form
sent twice stores once, and a colleague's judgement made meanwhile is never silently overwritten."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from visitator.assessment import services
from visitator.assessment.models import CriterionAssessment
from visitator.assessment.services import JudgementInput, StaleJudgements
from visitator.audit.models import AccessLog, Event
from visitator.cases.lifecycle import Status

pytestmark = pytest.mark.django_db

ALL_THREE = {
    "reduced_function": JudgementInput("met", "Udviklingshæmning.", None),
    "social_problems": JudgementInput("not_met", "Ingen særlige sociale problemer.", None),
    "other_activities_cover_need": JudgementInput("does_not_apply", "Kan ikke deltage uden støtte.", None),
}


def test_three_judgements_in_one_save_are_three_rows_with_who_and_when(make_case, caseworker):
    case = make_case()
    rows = services.criteria_judge(user=caseworker, case=case, judgements=ALL_THREE)
    assert [(r.rule_id, r.judgement, r.by) for r in rows] == [
        ("reduced_function", "met", caseworker),
        ("social_problems", "not_met", caseworker),
        ("other_activities_cover_need", "does_not_apply", caseworker),
    ]
    assert all(r.at is not None and r.reason for r in rows)
    case.refresh_from_db()
    # Both target-group bases are kept in step on the case, the second not undoing the first.
    assert case.target_group_reduced_function and not case.target_group_social_problems
    assert case.status == Status.ASSESSMENT
    assert Event.objects.filter(case=case, kind="assessment.criterion_judged").count() == 3
    assert AccessLog.objects.filter(case_id=case.id, what="sag: vurdering", action="change").count() == 1


def test_one_row_without_a_reason_saves_nothing(make_case, caseworker):
    case = make_case()
    judgements = {**ALL_THREE, "social_problems": JudgementInput("not_met", "  ", None)}
    with pytest.raises(ValidationError, match="Skriv begrundelsen for din vurdering") as caught:
        services.criteria_judge(user=caseworker, case=case, judgements=judgements)
    assert set(caught.value.message_dict) == {"reason_social_problems"}
    assert not CriterionAssessment.objects.filter(case=case).exists()


def test_a_reason_without_a_judgement_and_a_wrong_kind_are_refused(make_case, caseworker):
    case = make_case()
    judgements = {
        "reduced_function": JudgementInput("", "Skrevet, men ikke valgt.", None),
        "other_activities_cover_need": JudgementInput("met", "Forkert slags vurdering.", None),
    }
    with pytest.raises(ValidationError, match="Vælg en vurdering") as caught:
        services.criteria_judge(user=caseworker, case=case, judgements=judgements)
    assert set(caught.value.message_dict) == {
        "judgement_reduced_function",
        "judgement_other_activities_cover_need",
    }
    assert not CriterionAssessment.objects.filter(case=case).exists()


def test_empty_rows_are_not_judged_and_unchanged_rows_are_not_stored_again(make_case, caseworker):
    case = make_case()
    first = services.criteria_judge(
        user=caseworker,
        case=case,
        judgements={
            "reduced_function": ALL_THREE["reduced_function"],
            "social_problems": JudgementInput("", "", None),
        },
    )
    assert [r.rule_id for r in first] == ["reduced_function"]
    seen = first[0].pk
    # The same page sent again, now with the second criterion judged too: one new row only.
    again = services.criteria_judge(
        user=caseworker,
        case=case,
        judgements={
            "reduced_function": JudgementInput("met", "Udviklingshæmning.", seen),
            "social_problems": ALL_THREE["social_problems"],
        },
    )
    assert [r.rule_id for r in again] == ["social_problems"]
    assert CriterionAssessment.objects.filter(case=case).count() == 2


def test_a_colleagues_judgement_made_meanwhile_is_not_overwritten(make_case, caseworker, make_user, unit):
    case = make_case()
    [opened] = services.criteria_judge(
        user=caseworker, case=case, judgements={"social_problems": ALL_THREE["social_problems"]}
    )
    colleague = make_user("sagsbehandler", unit, "kim")
    colleague.first_name, colleague.last_name = "Kim", "Kollega"
    colleague.save()
    services.criterion_judge(
        user=colleague, case=case, rule_id="social_problems", judgement="met", reason="Hjemløs."
    )
    with pytest.raises(StaleJudgements, match="Kim Kollega: Opfyldt") as caught:
        services.criteria_judge(
            user=caseworker,
            case=case,
            judgements={
                "reduced_function": ALL_THREE["reduced_function"],
                "social_problems": JudgementInput("not_met", "Stadig ingen.", opened.pk),
            },
        )
    assert caught.value.rules == ["social_problems"]
    assert CriterionAssessment.objects.filter(case=case).count() == 2  # nothing of the stale save


def test_only_caseworkers_of_the_municipality_judge(make_case, team_leader, other_caseworker):
    case = make_case()
    for user in (team_leader, other_caseworker):
        with pytest.raises(PermissionDenied):
            services.criteria_judge(user=user, case=case, judgements=ALL_THREE)
    assert not CriterionAssessment.objects.filter(case=case).exists()


# -- the page -------------------------------------------------------------------------------------------


def _post(client, case, **rows):
    data = {}
    for rule, (judgement, reason, seen) in rows.items():
        data[f"judgement_{rule}"] = judgement
        data[f"reason_{rule}"] = reason
        data[f"seen_{rule}"] = seen
    return client.post(reverse("assessment:judge_all", args=[case.id]), data)


def test_the_page_judges_everything_with_one_save(client, caseworker, make_case):
    case = make_case()
    client.force_login(caseworker)
    page = client.get(reverse("assessment:standard", args=[case.id])).content.decode()
    assert page.count('id="criteria-form"') == 1 and page.count("Gem vurderingerne") == 1
    assert 'name="judgement_social_problems"' in page and 'name="reason_other_activities_cover_need"' in page
    response = _post(
        client,
        case,
        reduced_function=("met", "Udviklingshæmning.", ""),
        social_problems=("not_met", "Ingen.", ""),
        other_activities_cover_need=("does_not_apply", "Kan ikke deltage uden støtte.", ""),
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Dine 3 vurderinger er gemt." in page
    assert "Mangler din vurdering" not in page
    # Judged rows are prefilled behind "Ret din vurdering", with the judgement each was opened on.
    seen = CriterionAssessment.objects.get(case=case, rule_id="social_problems").pk
    assert page.count("Ret din vurdering") == 3 and f'name="seen_social_problems" value="{seen}"' in page


def test_the_page_shows_every_problem_and_saves_nothing(client, caseworker, make_case):
    case = make_case()
    client.force_login(caseworker)
    response = _post(
        client,
        case,
        reduced_function=("met", "", ""),
        social_problems=("", "Skrevet uden valg.", ""),
    )
    body = response.content.decode()
    assert response.status_code == 400 and 'data-module="error-summary"' in body
    assert "Begrundelse for »" in body and "Skriv begrundelsen for din vurdering." in body
    assert "Din vurdering af »" in body and "Vælg en vurdering." in body
    assert 'href="#id_judgement_social_problems_0"' in body  # the summary links to the first radio button
    assert "Skrevet uden valg." in body  # what was typed stays
    assert not CriterionAssessment.objects.filter(case=case).exists()


def test_the_page_after_a_colleagues_judgement_keeps_what_was_typed(
    client, caseworker, make_case, make_user, unit
):
    case = make_case()
    client.force_login(caseworker)
    colleague = make_user("sagsbehandler", unit, "kim")
    [mine] = services.criteria_judge(
        user=caseworker, case=case, judgements={"reduced_function": ALL_THREE["reduced_function"]}
    )
    theirs = services.criterion_judge(
        user=colleague, case=case, rule_id="reduced_function", judgement="not_met", reason="Ny udtalelse."
    )
    services.criterion_judge(
        user=colleague, case=case, rule_id="social_problems", judgement="met", reason="Hjemløs."
    )
    response = _post(
        client,
        case,
        reduced_function=("met", "Udviklingshæmning.", str(mine.pk)),  # as opened: not touched
        social_problems=("not_met", "Min egen vurdering.", ""),  # typed, but judged meanwhile
    )
    body = response.content.decode()
    assert response.status_code == 400 and "efter du åbnede siden" in body
    assert "Min egen vurdering." in body  # what this user typed stays
    assert "Ny udtalelse." in body  # the untouched row takes the colleague's judgement
    assert f'name="seen_reduced_function" value="{theirs.pk}"' in body
    assert CriterionAssessment.objects.filter(case=case).count() == 3
    # Sent again as now shown: the typed row goes through; the colleague's is not stored again.
    latest_social = CriterionAssessment.objects.filter(case=case, rule_id="social_problems").latest("id")
    again = _post(
        client,
        case,
        reduced_function=("not_met", "Ny udtalelse.", str(theirs.pk)),
        social_problems=("not_met", "Min egen vurdering.", str(latest_social.pk)),
    )
    assert again.status_code == 302
    assert CriterionAssessment.objects.filter(case=case).count() == 4


def test_the_one_criterion_form_still_works_and_shows_its_errors_on_the_page(client, caseworker, make_case):
    case = make_case()
    client.force_login(caseworker)
    bad = client.post(
        reverse("assessment:judge", args=[case.id]), {"rule_id": "social_problems", "judgement": "met"}
    )
    body = bad.content.decode()
    assert bad.status_code == 400 and 'href="#id_reason_social_problems"' in body
    assert not CriterionAssessment.objects.filter(case=case).exists()
    ok = client.post(
        reverse("assessment:judge", args=[case.id]),
        {"rule_id": "social_problems", "judgement": "met", "reason": "Hjemløs."},
    )
    assert ok.status_code == 302 and CriterionAssessment.objects.get(case=case).reason == "Hjemløs."


def test_a_team_leader_sees_the_judgements_but_no_form(client, team_leader, make_case):
    case = make_case()
    client.force_login(team_leader)
    page = client.get(reverse("assessment:standard", args=[case.id])).content.decode()
    assert "Mangler din vurdering" in page and 'id="criteria-form"' not in page
    assert _post(client, case, social_problems=("met", "x", "")).status_code == 403
