"""The "Påmindelser" page: only one's own reminders, access-logged, marked as read with a POST."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from visitator.audit.models import AccessLog
from visitator.core import clock
from visitator.jobs import sweep
from visitator.jobs.models import Notification
from visitator.organisation.roles import PROVIDER

from .conftest import at

pytestmark = pytest.mark.django_db

WARNING_ON = dt.date(2027, 1, 12)


@pytest.fixture
def reminder(make_case, caseworker) -> Notification:
    with clock.frozen(at(dt.date(2026, 12, 1), 9)):
        make_case(received_on=dt.date(2026, 12, 1))
    with clock.frozen(at(WARNING_ON, 6)):
        sweep.run_daily_sweep()
    return Notification.objects.get(recipient=caseworker)


def logged_in(client, user):
    client.force_login(user)
    return client


def test_the_page_lists_my_reminders_with_case_and_citizen_and_logs_them(client, reminder, caseworker):
    case = reminder.case
    logged_in(client, caseworker)
    response = client.get(reverse("jobs:notifications"))
    assert response.status_code == 200
    html = response.content.decode()
    assert case.number in html and str(case.citizen) in html and reminder.text in html
    assert case.citizen.cpr not in html
    assert 'id="notifications-link"' in html and '>1<span class="sr-only"> ulæste' in html
    log = AccessLog.objects.get(what="påmindelser")
    assert log.user == caseworker and log.case_id == case.id and log.citizen_id == case.citizen_id


def test_marking_as_read_takes_a_post_and_only_my_own(
    client, reminder, caseworker, team_leader, other_caseworker
):
    url = reverse("jobs:notification_read", args=[reminder.id])
    logged_in(client, team_leader)
    assert client.post(url).status_code == 404
    client.logout()
    logged_in(client, other_caseworker)
    assert client.post(url).status_code == 404
    client.logout()
    logged_in(client, caseworker)
    assert client.get(url).status_code == 405
    reminder.refresh_from_db()
    assert reminder.read_at is None
    with clock.frozen(at(dt.date(2026, 12, 2), 10)):
        response = client.post(url, follow=True)
    assert "Påmindelsen er markeret som læst." in response.content.decode()
    reminder.refresh_from_db()
    assert reminder.read_at == at(dt.date(2026, 12, 2), 10)
    with clock.frozen(at(dt.date(2026, 12, 2), 11)):
        client.post(url)  # a double submit changes nothing
    reminder.refresh_from_db()
    assert reminder.read_at == at(dt.date(2026, 12, 2), 10)
    html = client.get(reverse("jobs:notifications")).content.decode()
    assert 'id="notifications-none"' in html and 'id="notifications-read"' in html


def test_mark_all_as_read(client, reminder, caseworker):
    logged_in(client, caseworker)
    with clock.frozen(at(dt.date(2026, 12, 2), 10)):
        client.post(reverse("jobs:notifications_read_all"))
    reminder.refresh_from_db()
    assert reminder.read_at == at(dt.date(2026, 12, 2), 10)


def test_others_do_not_see_my_reminders(client, reminder, team_leader):
    logged_in(client, team_leader)
    html = client.get(reverse("jobs:notifications")).content.decode()
    assert reminder.case.number not in html and 'id="notifications-none"' in html
    assert not AccessLog.objects.filter(what="påmindelser").exists()


def test_anonymous_and_roles_without_case_access(client, reminder, make_user, unit):
    response = client.get(reverse("jobs:notifications"))
    assert response.status_code == 302 and "/login/" in response["Location"]
    logged_in(client, make_user(PROVIDER, unit, "pia"))
    assert client.get(reverse("jobs:notifications")).status_code == 403
    html = client.get(reverse("cases:worklist"), follow=True).content.decode()
    assert 'id="notifications-link"' not in html
