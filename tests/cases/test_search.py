"""Search from the header: by name, case number or CPR number, POST only, logged, CPR masked."""

from __future__ import annotations

import pytest
from django.urls import reverse

from visitator.audit.models import AccessLog
from visitator.cases import selectors

pytestmark = pytest.mark.django_db


@pytest.fixture
def cw_client(client, caseworker):
    client.force_login(caseworker)
    return client


def search(client, query):
    return client.post(reverse("cases:search"), {"query": query})


def test_every_staff_page_has_the_search_in_its_header_as_a_post_form(cw_client, make_case):
    case = make_case()
    for url in (reverse("cases:worklist"), reverse("cases:detail", args=[case.id]), reverse("overview")):
        body = cw_client.get(url).content.decode()
        form = body[body.index('class="header-search"') - 80 :]
        assert f'<form method="post" action="{reverse("cases:search")}" role="search"' in form
        assert 'name="csrfmiddlewaretoken"' in form[: form.index("</form>")]


def test_search_by_cpr_finds_the_citizen_and_never_shows_the_full_number(cw_client, make_case):
    case = make_case()
    cpr = case.citizen.cpr
    response = search(cw_client, f"{cpr[:6]}-{cpr[6:]}")
    body = response.content.decode()
    assert response.status_code == 200
    assert case.number in body and case.citizen.full_name in body
    assert f"{cpr[:6]}-****" in body and "Søgning: CPR" in body
    assert cpr not in body and f"{cpr[:6]}-{cpr[6:]}" not in body
    search_row = AccessLog.objects.filter(action="search").latest("id")
    assert search_row.what == "søgning"
    assert search_row.detail == f"CPR {cpr[:6]}-**** (1 fundet)"
    assert cpr not in search_row.detail


def test_search_by_case_number_with_or_without_leading_zeros(cw_client, make_case):
    case = make_case()
    year, serial = case.number.split("-")
    for query in (case.number, f"{year}-{int(serial)}"):
        body = search(cw_client, query).content.decode()
        assert case.number in body and case.citizen.full_name in body
    logged = AccessLog.objects.filter(action="search", detail__startswith=f"sagsnummer {case.number}")
    assert logged.count() == 2


def test_search_by_name_every_word_must_match(cw_client, make_case, make_citizen):
    gertrud = make_case(citizen=make_citizen(first_name="Gertrud", last_name="Olsen (testperson)"))
    make_case(citizen=make_citizen(first_name="Gertrud", last_name="Hansen (testperson)"))
    body = search(cw_client, "gertrud ols").content.decode()
    assert "Gertrud Olsen" in body and "Gertrud Hansen" not in body and gertrud.number in body
    assert AccessLog.objects.filter(action="search").latest("id").detail == "navn: gertrud ols (1 fundet)"


def test_search_by_birth_date(cw_client, make_case):
    case = make_case()
    body = search(cw_client, case.citizen.cpr[:6]).content.decode()
    assert case.number in body


def test_each_citizen_and_case_shown_is_logged_as_viewed(cw_client, caseworker, make_case, make_citizen):
    anna = make_citizen(first_name="Anna", last_name="Lund (testperson)")
    first, second = make_case(citizen=anna), make_case(citizen=anna)
    alone = make_citizen(first_name="Anna", last_name="Lyng (testperson)")
    search(cw_client, "anna l")
    rows = AccessLog.objects.filter(action="view", what="søgeresultat", user=caseworker)
    assert {(r.citizen_id, r.case_id) for r in rows} == {
        (anna.id, first.id),
        (anna.id, second.id),
        (alone.id, None),
    }


def test_at_most_50_citizens_and_a_hint_to_narrow_the_search(cw_client, make_citizen, monkeypatch):
    monkeypatch.setattr(selectors, "SEARCH_LIMIT", 3)
    for i in range(4):
        make_citizen(first_name=f"Bo{i}", last_name="Madsen (testperson)")
    response = search(cw_client, "madsen")
    body = response.content.decode()
    assert len(response.context["result"].hits) == 3
    assert "Flere resultater – præcisér søgningen." in body
    assert AccessLog.objects.filter(action="search").latest("id").detail == "navn: madsen (3+ fundet)"
    assert AccessLog.objects.filter(action="view", what="søgeresultat").count() == 3


def test_the_limit_is_50(make_citizen):
    assert selectors.SEARCH_LIMIT == 50


def test_only_the_users_own_municipality_is_searched(client, other_caseworker, make_case):
    case = make_case()
    client.force_login(other_caseworker)
    for query in (case.citizen.first_name, case.number, case.citizen.cpr):
        response = search(client, query)
        assert response.context["result"].hits == []
        assert "0 borgere fundet" in response.content.decode()


def test_get_never_searches_and_the_criterion_is_never_in_a_url(cw_client, make_case):
    case = make_case()
    body = cw_client.get(reverse("cases:search") + f"?query={case.citizen.cpr}").content.decode()
    assert case.number not in body
    assert not AccessLog.objects.filter(action="search").exists()
    response = search(cw_client, case.citizen.cpr)
    assert response.status_code == 200 and not response.has_header("Location")


def test_bad_input_gives_a_danish_message_and_searches_nothing(cw_client):
    short = search(cw_client, "x")
    assert short.status_code == 400 and "Skriv mindst to tegn." in short.content.decode()
    bad_cpr = search(cw_client, "321370-1234")
    assert bad_cpr.status_code == 400
    body = bad_cpr.content.decode()
    assert "ikke en gyldig fødselsdato" in body and "321370-1234" not in body.split("<form")[0]
    assert not AccessLog.objects.filter(action="search").exists()


def test_who_may_search(client, make_case, team_leader, administrator, make_user, unit):
    case = make_case()
    client.force_login(team_leader)
    assert case.number in search(client, case.number).content.decode()
    client.force_login(administrator)
    assert search(client, case.number).status_code == 403
    client.force_login(make_user(None, unit))
    assert client.get(reverse("cases:search")).status_code == 403
