"""The access-log and event services: who, which citizen, which case, what, and when."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from visitator.audit.models import AccessLog, Event
from visitator.audit.services import access_log, event_record
from visitator.core import clock

pytestmark = pytest.mark.django_db

MOMENT = timezone.make_aware(dt.datetime(2026, 11, 27, 9, 30))


def test_a_row_names_the_user_the_case_its_citizen_and_municipality(caseworker, make_case):
    case = make_case()
    with clock.frozen(MOMENT):
        row = access_log(user=caseworker, action="view", what="sag", case=case, detail="fane: akter")
    row = AccessLog.objects.get(pk=row.pk)
    assert (row.at, row.user, row.username) == (MOMENT, caseworker, "sara")
    assert (row.case, row.citizen, row.municipality) == (case, case.citizen, case.municipality)
    assert (row.action, row.what, row.detail) == ("view", "sag", "fane: akter")


def test_a_citizen_without_a_case_gives_the_municipality(caseworker, make_citizen):
    citizen = make_citizen()
    row = access_log(user=caseworker, action="search", what="borger", citizen=citizen)
    assert (row.case, row.citizen, row.municipality) == (None, citizen, citizen.municipality)
    assert AccessLog.objects.get(pk=row.pk).detail == ""  # no detail unless one is given


def test_an_explicit_citizen_and_municipality_win(caseworker, make_case, make_citizen, other_municipality):
    case = make_case()
    other = make_citizen(first_name="Bo")
    row = access_log(
        user=caseworker, action="view", what="x", case=case, citizen=other, municipality=other_municipality
    )
    assert (row.citizen, row.municipality, row.case) == (other, other_municipality, case)


@pytest.mark.parametrize("user", [None, AnonymousUser()], ids=["none", "anonymous"])
def test_the_system_and_anonymous_users_are_logged_as_system(user, make_case):
    case = make_case()
    row = access_log(user=user, action="view", what="sag", case=case)
    assert (row.user, row.username) == (None, "system")
    event = event_record(user=user, kind="case.swept", case=case)
    assert (event.user, event.username) == (None, "system")


def test_the_detail_is_cut_at_500_characters(caseworker, make_case):
    row = access_log(user=caseworker, action="view", what="sag", case=make_case(), detail="x" * 501)
    assert AccessLog.objects.get(pk=row.pk).detail == "x" * 500


def test_an_event_keeps_before_and_after(caseworker, make_case):
    case = make_case()
    with clock.frozen(MOMENT):
        event = event_record(user=caseworker, kind="case.changed", case=case, before={"a": 1}, after={"a": 2})
    event = Event.objects.get(pk=event.pk)
    assert (event.at, event.user, event.username, event.kind) == (MOMENT, caseworker, "sara", "case.changed")
    assert (event.case, event.citizen, event.municipality) == (case, case.citizen, case.municipality)
    assert (event.before, event.after) == ({"a": 1}, {"a": 2})
