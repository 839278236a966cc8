import pytest
from django.urls import reverse

from visitator.audit.models import AccessLog

pytestmark = pytest.mark.django_db


@pytest.fixture
def cw_client(client, caseworker):
    client.force_login(caseworker)
    return client


def test_search_by_cpr_is_a_post_and_logs_the_masked_criterion(cw_client, make_case):
    case = make_case()
    cpr = case.citizen.cpr
    response = cw_client.post(reverse("people:search"), {"query": f"{cpr[:6]}-{cpr[6:]}"})
    body = response.content.decode()
    assert response.status_code == 200 and case.number in body
    log = AccessLog.objects.filter(action="search").latest("id")
    assert cpr not in log.detail and f"{cpr[:6]}-****" in log.detail


def test_search_by_name_finds_only_own_municipality(client, other_caseworker, make_case):
    make_case()
    client.force_login(other_caseworker)
    body = client.post(reverse("people:search"), {"query": "Anna"}).content.decode()
    assert "Ingen borgere fundet" in body


def test_search_by_name(cw_client, make_citizen):
    make_citizen(first_name="Gertrud", last_name="Olsen (testperson)")
    body = cw_client.post(reverse("people:search"), {"query": "gertrud ols"}).content.decode()
    assert "Gertrud Olsen" in body


def test_bad_search_input(cw_client):
    response = cw_client.post(reverse("people:search"), {"query": "x"})
    assert response.status_code == 400 and "mindst to bogstaver" in response.content.decode()
    response = cw_client.post(reverse("people:search"), {"query": "99999999999"})
    assert response.status_code == 400


def test_get_never_searches(cw_client, make_case):
    case = make_case()
    body = cw_client.get(reverse("people:search") + f"?query={case.citizen.cpr}").content.decode()
    assert case.number not in body


def test_citizen_str_never_shows_cpr(make_citizen):
    citizen = make_citizen()
    assert citizen.cpr not in str(citizen)
