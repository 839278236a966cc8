"""A team leader moves cases between the unit's caseworkers, one or many, with a reason, logged."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from visitator.audit.models import AccessLog, Event
from visitator.cases import services
from visitator.cases.models import Case
from visitator.organisation.models import Unit
from visitator.organisation.roles import CASEWORKER

pytestmark = pytest.mark.django_db


@pytest.fixture
def colleague(make_user, unit):
    return make_user(CASEWORKER, unit, "soeren")


@pytest.fixture
def leader_client(client, team_leader):
    client.force_login(team_leader)
    return client


def form_data(cases, to, reason="Sara er på kursus i to uger."):
    data = {"cases": [str(c.id) for c in cases], "caseworker": str(to.pk), "reason": reason}
    for case in cases:
        data[f"was-{case.id}"] = str(case.caseworker_id or "")
    return data


def test_the_team_leader_sees_checkboxes_and_only_the_units_caseworkers(
    leader_client, make_case, caseworker, colleague, other_caseworker, make_user, unit
):
    other_unit = Unit.objects.create(municipality=unit.municipality, code="anden", name="Anden enhed")
    elsewhere = make_user(CASEWORKER, other_unit, "elsewhere")
    case = make_case()
    body = leader_client.get(reverse("cases:worklist") + "?visning=unit").content.decode()
    assert f'name="cases" value="{case.id}"' in body
    options = leader_client.get(reverse("cases:worklist")).context["reassign_form"].fields["caseworker"]
    assert set(options.queryset) == {caseworker, colleague}
    assert elsewhere not in options.queryset and other_caseworker not in options.queryset


def test_a_caseworker_gets_no_checkboxes_and_cannot_reassign(client, caseworker, colleague, make_case):
    case = make_case()
    client.force_login(caseworker)
    body = client.get(reverse("cases:worklist") + "?visning=unit").content.decode()
    assert 'name="cases"' not in body and "Flyt valgte sager" not in body
    response = client.post(reverse("cases:reassign"), form_data([case], colleague))
    assert response.status_code == 403
    case.refresh_from_db()
    assert case.caseworker == caseworker
    with pytest.raises(PermissionDenied, match="Du har ikke adgang til denne funktion"):
        services.case_reassign(
            user=caseworker, cases={case.id: caseworker.pk}, caseworker=colleague, reason="Ferie."
        )


def test_move_several_cases_with_a_reason_logged(
    leader_client, team_leader, make_case, caseworker, colleague
):
    cases = [make_case(), make_case(), make_case()]
    response = leader_client.post(reverse("cases:reassign"), form_data(cases[:2], colleague), follow=True)
    body = response.content.decode()
    assert f"2 sager er flyttet til Test sagsbehandler: {cases[0].number}, {cases[1].number}." in body
    for case in cases:
        case.refresh_from_db()
    assert [c.caseworker for c in cases] == [colleague, colleague, caseworker]
    events = Event.objects.filter(kind="case.reassigned").order_by("case_id")
    assert {e.case_id for e in events} == {cases[0].id, cases[1].id}
    event = events.first()
    assert event.user == team_leader
    assert event.before == {"caseworker": "sara"}
    assert event.after == {"caseworker": "soeren", "reason": "Sara er på kursus i to uger."}
    assert (
        AccessLog.objects.filter(
            action="change", what="sag: sagsbehandler", user=team_leader, case__in=cases[:2]
        ).count()
        == 2
    )
    # Back on the unit's worklist.
    assert response.redirect_chain[-1][0].startswith(reverse("cases:worklist") + "?visning=unit")


def test_sending_the_form_twice_moves_once(leader_client, make_case, colleague):
    case = make_case()
    data = form_data([case], colleague)
    leader_client.post(reverse("cases:reassign"), data)
    again = leader_client.post(reverse("cases:reassign"), data, follow=True)
    assert again.status_code == 200
    assert f"Allerede tildelt Test sagsbehandler: {case.number}." in again.content.decode()
    assert Event.objects.filter(kind="case.reassigned", case=case).count() == 1


def test_a_case_another_leader_moved_meanwhile_is_left_alone(
    leader_client, team_leader, make_case, caseworker, colleague, make_user, unit
):
    third = make_user(CASEWORKER, unit, "tredje")
    case = make_case()
    seen_on_the_list = form_data([case], colleague)
    services.case_reassign(
        user=team_leader, cases={case.id: caseworker.pk}, caseworker=third, reason="Ferie."
    )
    response = leader_client.post(reverse("cases:reassign"), seen_on_the_list, follow=True)
    assert "Flyttet af en anden, mens du havde listen åben" in response.content.decode()
    case.refresh_from_db()
    assert case.caseworker == third


def test_missing_choices_give_danish_errors_and_keep_what_was_ticked(leader_client, make_case, colleague):
    case = make_case()
    response = leader_client.post(
        reverse("cases:reassign"), {"cases": [str(case.id)], "caseworker": "", "reason": " "}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Der er fejl i det, du har indtastet" in body
    assert "Vælg den sagsbehandler, sagerne skal flyttes til." in body
    assert "Skriv hvorfor sagerne flyttes." in body
    assert f'value="{case.id}" id="flyt-{case.id}" checked' in body
    nothing = leader_client.post(reverse("cases:reassign"), {"caseworker": str(colleague.pk), "reason": "x"})
    assert "Vælg de sager, der skal flyttes." in nothing.content.decode()
    assert not Event.objects.filter(kind="case.reassigned").exists()


def test_a_caseworker_of_another_unit_cannot_be_chosen(leader_client, make_case, make_user, unit):
    other_unit = Unit.objects.create(municipality=unit.municipality, code="anden", name="Anden enhed")
    elsewhere = make_user(CASEWORKER, other_unit, "elsewhere")
    case = make_case()
    response = leader_client.post(reverse("cases:reassign"), form_data([case], elsewhere))
    assert response.status_code == 400
    assert "Vælg en sagsbehandler i enheden." in response.content.decode()
    case.refresh_from_db()
    assert case.caseworker != elsewhere


def test_another_municipalitys_case_answers_404(client, make_case, other_municipality, make_user):
    from visitator.organisation.roles import TEAM_LEADER

    other_unit = Unit.objects.create(municipality=other_municipality, code="visitation", name="Visitation")
    their_leader = make_user(TEAM_LEADER, other_unit, "leder")
    their_worker = make_user(CASEWORKER, other_unit, "worker")
    case = make_case()
    client.force_login(their_leader)
    response = client.post(reverse("cases:reassign"), form_data([case], their_worker))
    assert response.status_code == 404
    assert Case.objects.get(pk=case.pk).caseworker != their_worker


def test_the_service_refuses_an_empty_reason(team_leader, make_case, caseworker, colleague):
    case = make_case()
    with pytest.raises(ValidationError, match="Skriv hvorfor sagerne flyttes"):
        services.case_reassign(
            user=team_leader, cases={case.id: caseworker.pk}, caseworker=colleague, reason="  "
        )
