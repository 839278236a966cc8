import pytest
from django.urls import reverse

from visitator.assessment import services
from visitator.audit.models import AccessLog

pytestmark = pytest.mark.django_db


def test_team_leader_sees_departures_of_own_municipality_only(
    client, team_leader, caseworker, make_case, other_caseworker
):
    case = make_case()
    services.departure_record(
        user=caseworker,
        case=case,
        subject="transport.individual_taxi",
        reason="Kan ikke tage bussen (angst).",
    )
    client.force_login(team_leader)
    body = client.get(reverse("assessment:departures_report")).content.decode()
    assert case.number in body and "Kan ikke tage bussen" in body
    assert AccessLog.objects.filter(case=case, what="rapport: afvigelser", user=team_leader).exists()
    assert "Ny ansøgning" not in body  # a team leader does not register applications
    client.force_login(other_caseworker)
    assert case.number not in client.get(reverse("assessment:departures_report")).content.decode()


def test_report_needs_a_role(client, make_user, unit):
    client.force_login(make_user(None, unit))
    assert client.get(reverse("assessment:departures_report")).status_code == 403
