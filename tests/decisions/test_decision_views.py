import datetime as dt

import pytest
from django.urls import reverse

from visitator.cases.lifecycle import Status
from visitator.core import clock
from visitator.decisions.models import Decision, DecisionDraft
from visitator.letters.models import Letter

pytestmark = pytest.mark.django_db


@pytest.fixture
def cw(client, caseworker):
    client.force_login(caseworker)
    return client


def test_pages_need_login_and_the_right_municipality(client, other_caseworker, make_case):
    case = make_case()
    urls = [
        reverse("assessment:edit", args=[case.id]),
        reverse("assessment:standard", args=[case.id]),
        reverse("decisions:hearing", args=[case.id]),
        reverse("decisions:decide", args=[case.id]),
    ]
    for url in urls:
        assert client.get(url).status_code == 302
    client.force_login(other_caseworker)
    for url in urls:
        assert client.get(url).status_code == 404


def test_team_leader_reads_but_cannot_post(client, team_leader, make_case):
    case = make_case()
    client.force_login(team_leader)
    assert client.get(reverse("assessment:standard", args=[case.id])).status_code == 200
    response = client.post(
        reverse("assessment:judge", args=[case.id]),
        {"rule_id": "social_problems", "judgement": "met", "reason": "x"},
    )
    assert response.status_code == 403
    assert not case.criterion_assessments.exists()


def test_judging_through_the_form(cw, make_case):
    case = make_case()
    page = cw.get(reverse("assessment:standard", args=[case.id])).content.decode()
    assert "Mangler din vurdering" in page and "uvisiterede" in page
    bad = cw.post(
        reverse("assessment:judge", args=[case.id]), {"rule_id": "social_problems", "judgement": "met"}
    )
    assert bad.status_code == 400 and "Der er fejl" in bad.content.decode()
    ok = cw.post(
        reverse("assessment:judge", args=[case.id]),
        {"rule_id": "social_problems", "judgement": "met", "reason": "Misbrug og hjemløshed."},
    )
    assert ok.status_code == 302
    case.refresh_from_db()
    assert case.target_group_social_problems and case.status == Status.ASSESSMENT


def test_udredning_form_saves_ratings(cw, make_case):
    from visitator.ffb import selectors as ffb

    case = make_case()
    page = cw.get(reverse("assessment:edit", args=[case.id]))
    assert page.status_code == 200 and "Egenomsorg" in page.content.decode()
    sub = ffb.rated_areas()[0].children[0]
    moderate = next(t for t in ffb.function_levels() if t.display.startswith("Moderat"))
    response = cw.post(
        reverse("assessment:edit", args=[case.id]),
        {
            f"rating_{sub.code}": moderate.code,
            f"note_{sub.code}": "Skal mindes om måltider",
            "citizen_own_words": "Jeg keder mig.",
        },
    )
    assert response.status_code == 302
    assert case.assessment.ratings.get(area=sub.code).level == moderate.code
    bad = cw.post(reverse("assessment:edit", args=[case.id]), {f"rating_{sub.code}": "not-a-code"})
    assert bad.status_code == 400


def test_hearing_and_decision_pages(cw, assessed_case, offer):
    from visitator.ffb import selectors as ffb

    case = assessed_case
    response = cw.post(
        reverse("decisions:information_add", args=[case.id]),
        {
            "oplysning-source": "Lægeudtalelse",
            "oplysning-summary": "Kan deltage i caféen.",
            "oplysning-received_on": clock.today().isoformat(),
        },
    )
    assert response.status_code == 302
    info = case.hearing_information.get()
    deadline = clock.today() + dt.timedelta(days=14)
    response = cw.post(
        reverse("decisions:hearing_send", args=[case.id]),
        {
            "hoering-information": [str(info.pk)],
            "hoering-planned_decision": "Afslag",
            "hoering-response_deadline": deadline.isoformat(),
        },
    )
    assert response.status_code == 302
    hearing_page = cw.get(reverse("decisions:hearing", args=[case.id])).content.decode()
    assert "frist til at svare" in hearing_page
    decide = cw.get(reverse("decisions:decide", args=[case.id])).content.decode()
    assert "frist til at svare" in decide and "retssikkerhedsloven § 5" in decide
    response = cw.post(
        reverse("decisions:decide", args=[case.id]),
        {
            "outcome": "refused",
            "applied_for": "x",
            "legal_rules": "Serviceloven § 104",
            "main_considerations": "y",
            "facts": "z",
        },
    )
    assert response.status_code == 400
    assert not Decision.objects.exists()
    start = clock.today() + dt.timedelta(days=7)
    grant_post = {
        "outcome": "granted",
        "applied_for": "Aktivitets- og samværstilbud",
        "legal_rules": "Serviceloven § 104",
        "bev-offer": str(offer.pk),
        "bev-start_date": start.isoformat(),
        "bev-days_per_week": "2",
        "bev-day_part": "full",
        "bev-scope_reason": "Udredningen viser moderat støttebehov.",
        "bev-goal1_type": ffb.goal_types()[0].code,
        "bev-goal1_description": "Kommer i tilbuddet to dage om ugen",
        "bev-goal1_target": (start + dt.timedelta(days=90)).isoformat(),
        "bev-transport_mode": "municipal",
        "bev-handleplan_answer": "accepted",
    }
    missing_goal = cw.post(
        reverse("decisions:decide", args=[case.id]), {**grant_post, "bev-goal1_description": ""}
    )
    assert missing_goal.status_code == 400 and not Decision.objects.exists()
    response = cw.post(reverse("decisions:decide", args=[case.id]), grant_post)
    # Deciding makes a draft; the letter is shown, and nothing is sent until "Send afgørelsen".
    draft = DecisionDraft.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("decisions:draft", args=[case.id, draft.id])
    assert not Decision.objects.exists() and not Letter.objects.exclude(kind="hearing").exists()
    page = cw.get(response["Location"]).content.decode()
    assert "Intet er sendt endnu" in page and "Klagevejledning" in page
    assert "Kommer i tilbuddet to dage om ugen" in page and "Send afgørelsen" in page
    response = cw.post(reverse("decisions:draft_send", args=[case.id, draft.id]), {"version": draft.version})
    assert response.status_code == 302
    decision = Decision.objects.get()
    letter_url = reverse("letters:download", args=[case.id, decision.letter.id])
    pdf = cw.get(letter_url)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
