"""The follow-up list: a chosen horizon of 30, 90 or 365 days, overdue follow-ups first."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from visitator.core import clock
from visitator.grants.models import Grant

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 12, 1)


@pytest.fixture
def grants_due(make_case, caseworker, grant_for):
    """Four running grants: follow-up overdue by 10 days, and due in 20, 80 and 300 days."""
    from visitator.assessment import services as assessment

    made = {}
    for name, days in (("overdue", -10), ("in20", 20), ("in80", 80), ("in300", 300)):
        case = make_case()
        for rule, judgement in (
            ("reduced_function", "met"),
            ("social_problems", "not_met"),
            ("other_activities_cover_need", "does_not_apply"),
        ):
            assessment.criterion_judge(
                user=caseworker, case=case, rule_id=rule, judgement=judgement, reason="Vurderet."
            )
        grant = grant_for(case)
        Grant.objects.filter(pk=grant.pk).update(next_follow_up_on=TODAY + dt.timedelta(days=days))
        made[name] = case
    return made


@pytest.fixture
def cw_client(client, caseworker):
    client.force_login(caseworker)
    return client


def shown(response):
    return [grant.case.number for grant in response.context["page"].grants]


@pytest.mark.parametrize(
    ("horizon", "expected"),
    [
        ("30", ["overdue", "in20"]),
        ("90", ["overdue", "in20", "in80"]),
        ("365", ["overdue", "in20", "in80", "in300"]),
        ("", ["overdue", "in20"]),  # the default
        ("1000", ["overdue", "in20"]),  # not a choice: the default
    ],
)
def test_the_horizon_is_chosen(cw_client, grants_due, horizon, expected):
    with clock.frozen(TODAY):
        response = cw_client.get(reverse("grants:follow_ups") + f"?horisont={horizon}")
    assert response.status_code == 200
    assert shown(response) == [grants_due[name].number for name in expected]
    body = response.content.decode()
    days = horizon if horizon in ("30", "90", "365") else "30"
    assert f'value="{days}" checked' in body


def test_overdue_follow_ups_come_first_under_their_own_heading(cw_client, grants_due):
    with clock.frozen(TODAY):
        body = cw_client.get(reverse("grants:follow_ups") + "?horisont=365").content.decode()
    overdue = body.index('id="follow-ups-overdue"')
    upcoming = body.index('id="follow-ups-upcoming"')
    first, next_ = body.index(grants_due["overdue"].number), body.index(grants_due["in20"].number)
    assert overdue < first < upcoming < next_
    assert "Overskredet" in body[overdue:upcoming] and "Inden for 365 dage" in body[upcoming:]
    assert "21.11.2026: overskredet" in body


def test_the_more_link_keeps_the_horizon(cw_client, grants_due, monkeypatch):
    import functools

    from visitator.grants import selectors

    monkeypatch.setattr(selectors, "follow_ups_due", functools.partial(selectors.follow_ups_due, limit=2))
    with clock.frozen(TODAY):
        first = cw_client.get(reverse("grants:follow_ups") + "?horisont=365")
        cursor = first.context["page"].next_cursor
        assert f"?horisont=365&amp;efter={cursor}" in first.content.decode()
        second = cw_client.get(reverse("grants:follow_ups") + f"?horisont=365&efter={cursor}")
    everything = [grants_due[n].number for n in ("overdue", "in20", "in80", "in300")]
    assert shown(first) + shown(second) == everything


def test_nothing_due_says_so_for_the_horizon(cw_client):
    body = cw_client.get(reverse("grants:follow_ups") + "?horisont=90").content.decode()
    assert "Ingen opfølgninger de næste 90 dage." in body
