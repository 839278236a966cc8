"""Shared fixtures: a municipality with the real Vesthimmerland standard loaded, staff in each role,
a second municipality for isolation tests, and factories for citizens and cases."""

from __future__ import annotations

import datetime as dt
import itertools
import random
from collections.abc import Callable
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.utils import timezone

from visitator.cases import services as case_services
from visitator.cases.models import Case
from visitator.core import clock
from visitator.demo.data import fictitious_cpr
from visitator.organisation.models import Municipality, StaffMembership, Unit
from visitator.organisation.roles import ADMINISTRATOR, CASEWORKER, TEAM_LEADER
from visitator.people.models import Citizen
from visitator.people.services import citizen_create
from visitator.standards.services import standards_load

PASSWORD = "correct horse battery staple"
VESTHIMMERLAND_FILES = sorted(Path(settings.VISITATOR_STANDARDS_DIR).glob("vesthimmerland/sel-104/*.yaml"))


@pytest.fixture(autouse=True)
def _media_root(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def standard(db):
    [version] = standards_load(paths=VESTHIMMERLAND_FILES)
    return version


@pytest.fixture
def municipality(standard) -> Municipality:
    return Municipality.objects.get(slug="vesthimmerland")


@pytest.fixture
def unit(municipality) -> Unit:
    return Unit.objects.get(municipality=municipality, code=municipality_unit_code())


def municipality_unit_code() -> str:
    return "bevilling-psykiatri-handicap"


_usernames = itertools.count()


def make_user(role: str | None, unit: Unit | None, name: str = "") -> User:
    user = User.objects.create_user(
        username=name or f"user{next(_usernames)}",
        password=PASSWORD,
        first_name="Test",
        last_name=role or "none",
    )
    if role:
        user.groups.add(Group.objects.get_or_create(name=role)[0])
    if unit is not None:
        StaffMembership.objects.create(user=user, unit=unit)
    return user


@pytest.fixture(name="make_user")
def make_user_fixture(db) -> Callable[..., User]:
    return make_user


@pytest.fixture
def caseworker(unit) -> User:
    return make_user(CASEWORKER, unit, "sara")


@pytest.fixture
def team_leader(unit) -> User:
    return make_user(TEAM_LEADER, unit, "tina")


@pytest.fixture
def administrator(unit) -> User:
    return make_user(ADMINISTRATOR, unit, "adam")


@pytest.fixture
def other_municipality(db) -> Municipality:
    return Municipality.objects.create(code="999", slug="andeby", name="Andeby Kommune (test)")


@pytest.fixture
def other_caseworker(other_municipality) -> User:
    other_unit = Unit.objects.create(municipality=other_municipality, code="visitation", name="Visitation")
    return make_user(CASEWORKER, other_unit, "olga")


@pytest.fixture
def rng() -> random.Random:
    return random.Random(20261127)


@pytest.fixture
def make_citizen(caseworker, rng) -> Callable[..., Citizen]:
    def factory(user: User | None = None, **fields) -> Citizen:
        fields.setdefault("first_name", "Anna")
        fields.setdefault("last_name", "Jensen (testperson)")
        return citizen_create(
            user=user or caseworker, cpr=fields.pop("cpr", None) or fictitious_cpr(rng), **fields
        )

    return factory


def aware(day: dt.date, hour: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


@pytest.fixture
def make_case(caseworker, make_citizen) -> Callable[..., Case]:
    def factory(received_on: dt.date | None = None, user: User | None = None, **kwargs) -> Case:
        user = user or caseworker
        received_on = received_on or clock.today()
        citizen = kwargs.pop("citizen", None) or make_citizen(user=user)
        kwargs.setdefault("channel", "digital")
        return case_services.case_receive(
            user=user, citizen=citizen, received_at=aware(received_on), **kwargs
        )

    return factory
