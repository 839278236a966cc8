"""The provider's view: only the citizens ordered to the provider's own offers, only what the provider
needs to know about them, and every read and write in the access log."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from visitator.audit.models import AccessLog
from visitator.core import clock
from visitator.grants.models import Attendance, GoalProgress, Grant, OrderAcceptance, ProviderMembership
from visitator.organisation.roles import PROVIDER
from visitator.provider import selectors

pytestmark = pytest.mark.django_db


def detail_url(grant: Grant) -> str:
    return reverse("provider:grant_detail", args=[grant.id])


@pytest.fixture
def lene(client, provider_user):
    client.force_login(provider_user)
    return client


# -- the list ---------------------------------------------------------------------------------------


def test_the_list_shows_only_the_citizens_ordered_to_the_providers_own_offers(
    lene, make_grant, offer, other_offer
):
    mine = make_grant(offer, first_name="Anna")
    make_grant(other_offer, first_name="Bente")
    response = lene.get(reverse("provider:grant_list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Anna" in html and "Bente" not in html
    assert detail_url(mine) in html
    assert "Ny bestilling – afventer jeres accept" in html
    assert mine.scope_text in html
    assert "Kommunens kørselsordning" in html and "mandag, tirsdag, onsdag" in html


def test_a_grant_on_the_waiting_list_is_not_ordered_and_not_shown(
    client, make_grant, make_provider_offer, make_user, municipality
):
    small = make_provider_offer(municipality, "Det lille hus", places=1)
    user = make_user(PROVIDER, None)
    ProviderMembership.objects.create(user=user, provider=small.provider)
    make_grant(small, first_name="Anna")
    waiting = make_grant(small, first_name="Vera", waiting=True)
    assert waiting.status == Grant.Status.WAITING
    client.force_login(user)
    html = client.get(reverse("provider:grant_list")).content.decode()
    assert "Anna" in html and "Vera" not in html
    assert client.get(detail_url(waiting)).status_code == 404


def test_the_list_logs_each_citizen_shown(lene, provider_user, make_grant, offer, other_offer):
    grants = [make_grant(offer, first_name=name) for name in ("Anna", "Birte")]
    make_grant(other_offer, first_name="Carla")
    lene.get(reverse("provider:grant_list"))
    rows = AccessLog.objects.filter(user=provider_user, what=selectors.LIST_WHAT)
    assert {(r.citizen_id, r.case_id, r.action) for r in rows} == {
        (g.case.citizen_id, g.case_id, "view") for g in grants
    }
    assert all(r.municipality_id == grants[0].case.municipality_id for r in rows)


def test_the_list_costs_the_same_queries_for_one_citizen_as_for_many(lene, make_grant, offer):
    url = reverse("provider:grant_list")
    make_grant(offer, first_name="Anna")
    lene.get(url)  # warm up the session
    with CaptureQueriesContext(connection) as one:
        assert lene.get(url).status_code == 200
    for name in ("Birte", "Carla", "Dorte"):
        make_grant(offer, first_name=name)
    with CaptureQueriesContext(connection) as four:
        assert lene.get(url).status_code == 200
    assert len(four) == len(one)
    # Session, user, roles, provider membership, grants, the header's staff-membership lookup (none for
    # provider staff), and one INSERT for the access log (plus savepoints).
    selects = [q["sql"] for q in four.captured_queries if q["sql"].startswith("SELECT")]
    inserts = [q["sql"] for q in four.captured_queries if q["sql"].startswith("INSERT")]
    assert len(selects) == 6, selects
    assert len(inserts) == 1


# -- the grant page ---------------------------------------------------------------------------------


def test_the_grant_page_shows_the_terms_and_never_cpr_address_or_assessment(lene, make_grant, offer):
    grant = make_grant(offer, first_name="Anna", address_line="Hjemmevej 7", postcode="9640", city="Farsø")
    citizen = grant.case.citizen
    response = lene.get(detail_url(grant))
    assert response.status_code == 200
    html = response.content.decode()
    assert citizen.full_name in html
    assert offer.name in html and grant.scope_text in html and grant.purpose[:40] in html
    assert "Kan tage bussen alene til værkstedet." in html
    assert "Værkstedsvej 1, 9600 Aars" in html  # the offer-side address of the transport
    for secret in (
        citizen.cpr,
        citizen.cpr_display,
        "Hjemmevej 7",
        "Farsø",
        "Udviklingshæmning",  # the caseworker's assessment
        "Kan ikke deltage uden støtte",
        "Omfanget modsvarer borgerens behov",  # the caseworker's reason on the scope
        "Ret til befordring",  # the transport basis tells the target group
    ):
        assert secret not in html, secret
    assert "case" not in response.context and "citizen" not in response.context


def test_the_grant_page_is_logged(lene, provider_user, make_grant, offer):
    grant = make_grant(offer)
    lene.get(detail_url(grant))
    row = AccessLog.objects.get(user=provider_user, what=selectors.DETAIL_WHAT)
    assert (row.citizen_id, row.case_id, row.action) == (grant.case.citizen_id, grant.case_id, "view")


def test_accept_the_order_with_a_start_date(lene, provider_user, make_grant, offer):
    grant = make_grant(offer)
    assert "Acceptér bestillingen" in lene.get(detail_url(grant)).content.decode()
    start = clock.today() + dt.timedelta(days=7)
    response = lene.post(reverse("provider:order_accept", args=[grant.id]), {"start_date": start.isoformat()})
    assert response.status_code == 302 and response.url == detail_url(grant)
    grant.refresh_from_db()
    assert grant.status == Grant.Status.ACTIVE and grant.start_date == start
    assert OrderAcceptance.objects.get(order__grant=grant).accepted_by == provider_user
    assert AccessLog.objects.filter(user=provider_user, what="leverandør: bestilling accepteret").exists()
    html = lene.get(detail_url(grant)).content.decode()
    assert "Acceptér bestillingen" not in html and "I gang" in html
    # Twice is refused by the service and shown on the form.
    again = lene.post(reverse("provider:order_accept", args=[grant.id]), {"start_date": start.isoformat()})
    assert again.status_code == 400
    assert "allerede accepteret" in again.content.decode()


def test_accept_needs_a_date(lene, make_grant, offer):
    grant = make_grant(offer)
    response = lene.post(reverse("provider:order_accept", args=[grant.id]), {"start_date": ""})
    assert response.status_code == 400
    assert "Angiv den dag borgeren starter." in response.content.decode()
    grant.refresh_from_db()
    assert grant.status == Grant.Status.ORDERED


def test_add_a_progress_note_on_a_goal(lene, provider_user, make_grant, offer):
    grant = make_grant(offer)
    goal = grant.goals.get()
    url = reverse("provider:progress_add", args=[grant.id, goal.id])
    response = lene.post(url, {f"goal-{goal.id}-text": "Tog bussen alene to gange i denne uge."})
    assert response.status_code == 302
    note = GoalProgress.objects.get(goal=goal)
    assert note.by_provider and note.by == provider_user
    assert AccessLog.objects.filter(user=provider_user, what="leverandør: fremskridt på mål").exists()
    assert "Tog bussen alene to gange i denne uge." in lene.get(detail_url(grant)).content.decode()
    empty = lene.post(url, {f"goal-{goal.id}-text": "  "})
    assert empty.status_code == 400 and GoalProgress.objects.count() == 1


# -- who may do what --------------------------------------------------------------------------------


def test_another_providers_grant_is_not_found(client, other_provider_user, make_grant, offer):
    grant = make_grant(offer)
    goal = grant.goals.get()
    client.force_login(other_provider_user)
    today = clock.today().isoformat()
    assert client.get(detail_url(grant)).status_code == 404
    assert (
        client.post(reverse("provider:order_accept", args=[grant.id]), {"start_date": today}).status_code
        == 404
    )
    assert (
        client.post(
            reverse("provider:progress_add", args=[grant.id, goal.id]), {f"goal-{goal.id}-text": "x"}
        ).status_code
        == 404
    )
    grant.refresh_from_db()
    assert grant.status == Grant.Status.ORDERED
    assert not GoalProgress.objects.exists()
    assert not AccessLog.objects.filter(user=other_provider_user).exists()


def test_a_goal_of_another_grant_is_not_found(lene, make_grant, offer, other_offer):
    mine = make_grant(offer, first_name="Anna")
    theirs = make_grant(other_offer, first_name="Bente")
    url = reverse("provider:progress_add", args=[mine.id, theirs.goals.get().id])
    assert lene.post(url, {"text": "x"}).status_code == 404


def test_caseworkers_do_not_use_the_provider_pages(client, caseworker, make_grant, offer):
    grant = make_grant(offer)
    client.force_login(caseworker)
    assert client.get(reverse("provider:grant_list")).status_code == 403
    assert client.get(detail_url(grant)).status_code == 403
    response = client.post(
        reverse("provider:order_accept", args=[grant.id]), {"start_date": clock.today().isoformat()}
    )
    assert response.status_code == 403


def test_a_provider_user_without_a_membership_is_refused(client, make_user):
    client.force_login(make_user(PROVIDER, None))
    assert client.get(reverse("provider:grant_list")).status_code == 403


def test_provider_staff_land_on_their_list_and_never_reach_the_caseworker_pages(lene, make_grant, offer):
    grant = make_grant(offer)
    # The front page (LOGIN_REDIRECT_URL) sends provider staff to their own list.
    response = lene.get(reverse("cases:worklist"))
    assert response.status_code == 302 and response.url == reverse("provider:grant_list")
    for url in (
        reverse("cases:detail", args=[grant.case_id]),
        reverse("people:search"),
        reverse("letters:print_queue"),
        reverse("assessment:departures_report"),
    ):
        assert lene.get(url).status_code == 403, url


def test_anonymous_users_are_sent_to_the_login(client, make_grant, offer):
    grant = make_grant(offer)
    for url in (reverse("provider:grant_list"), detail_url(grant)):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login"))
    response = client.post(reverse("provider:order_accept", args=[grant.id]), {})
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_the_navigation_shows_provider_staff_only_their_page(lene, client, caseworker):
    html = lene.get(reverse("provider:grant_list")).content.decode()
    assert "Borgere hos os" in html
    assert "Arbejdsliste" not in html and "Find borger" not in html
    client.force_login(caseworker)
    html = client.get(reverse("cases:worklist")).content.decode()
    assert "Arbejdsliste" in html and "Borgere hos os" not in html


def test_the_grant_page_costs_the_same_queries_with_more_notes_and_attendance(
    lene, provider_user, make_grant, offer
):
    from visitator.grants import services

    grant = make_grant(offer)
    goal = grant.goals.get()
    today = clock.today()
    order = grant.orders.get()
    services.order_accept(user=provider_user, order=order, start_date=today - dt.timedelta(days=5))
    grant.refresh_from_db()
    services.progress_note_add(user=provider_user, goal=goal, text="Første note.")
    lene.get(detail_url(grant))  # warm up the session
    with CaptureQueriesContext(connection) as few:
        assert lene.get(detail_url(grant)).status_code == 200
    for days in range(4):
        Attendance.objects.create(
            grant=grant,
            on=today - dt.timedelta(days=days),
            status=Attendance.Status.PRESENT,
            at=clock.now(),
            by=provider_user,
        )
        services.progress_note_add(user=provider_user, goal=goal, text=f"Note {days}.")
    with CaptureQueriesContext(connection) as many:
        assert lene.get(detail_url(grant)).status_code == 200
    assert len(many) == len(few)


@pytest.mark.parametrize("days", [-31, 14 + 181])
def test_a_start_far_from_the_granted_start_is_refused(lene, make_grant, offer, days):
    grant = make_grant(offer)  # granted to start in 14 days
    start = clock.today() + dt.timedelta(days=days)
    response = lene.post(reverse("provider:order_accept", args=[grant.id]), {"start_date": start.isoformat()})
    assert response.status_code == 400 and "Starten skal ligge mellem" in response.content.decode()
    grant.refresh_from_db()
    assert grant.status == Grant.Status.ORDERED
    assert not OrderAcceptance.objects.filter(order__grant=grant).exists()
