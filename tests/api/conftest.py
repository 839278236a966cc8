"""The API's fixtures: the demo data (every state: decided cases, letters, grants, follow-ups,
complaints) loaded once for tests/api, and tokens with chosen scopes for its users."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client, override_settings
from django.utils import timezone

from visitator.api.models import Scope
from visitator.api.services import api_token_create
from visitator.core import clock
from visitator.organisation.models import Unit
from visitator.organisation.roles import DATA_PROTECTION_OFFICER

ALL_SCOPES = list(Scope.values)
TODAY = dt.date(2026, 12, 1)


def load_world() -> None:
    """The demo data as on 1 December 2026, plus an udredning on an open case."""
    from visitator.assessment.services import assessment_save
    from visitator.cases.models import Case
    from visitator.demo.data import load_demo
    from visitator.ffb.loader import load_bundled
    from visitator.ffb.models import CodeSystemVersion, Concept
    from visitator.grants.models import Grant
    from visitator.grants.services import follow_up_record

    if not CodeSystemVersion.objects.exists():
        load_bundled(version_model=CodeSystemVersion, concept_model=Concept, loaded_at=timezone.now())
    with clock.frozen(TODAY):
        load_demo(citizens=12)  # 12: two refusals, so the demo has complaints
        worker = User.objects.get(username="sagsbehandler")
        case = Case.objects.filter(awaiting_decision=True, caseworker=worker).order_by("received_at").first()
        assessment_save(
            user=worker,
            case=case,
            ratings={},
            descriptions={},
            citizen_own_words="Jeg vil gerne ud blandt andre.",
        )
        grant = Grant.objects.filter(status__in=["active", "ordered"]).order_by("created_at").first()
        follow_up_record(
            user=worker,
            grant=grant,
            done_on=TODAY,
            purpose_met=True,
            outcome="continue",
            notes="Formålet er fortsat opfyldt.",
            progress={goal.pk: "Deltager fast i fællesspisningen." for goal in grant.goals.all()},
        )


@pytest.fixture(scope="package")
def media_root(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("api-media")


@pytest.fixture(autouse=True)
def _media_root(media_root, settings):
    """The letters' PDFs of the demo data live as long as the data (tests/conftest.py gives each test
    its own folder)."""
    settings.MEDIA_ROOT = media_root


@pytest.fixture(scope="package")
def demo_data(django_db_setup, django_db_blocker, media_root) -> Iterator[None]:
    """Loaded and committed once per module (the demo takes a while); each test still runs in its own
    rolled-back transaction on top of it; the end of tests/api empties the database again."""
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media_root):
        load_world()
        yield
        call_command("flush", interactive=False, verbosity=0)


@pytest.fixture
def world(demo_data, db) -> User:
    return User.objects.get(username="sagsbehandler")


@pytest.fixture
def dpo(world, make_user) -> User:
    unit = Unit.objects.get(code="bevilling-psykiatri-handicap", municipality__slug="vesthimmerland")
    return make_user(DATA_PROTECTION_OFFICER, unit, "dorte")


@pytest.fixture
def api():
    """`api(user, scopes)`: a test client that sends a fresh bearer token for `user` with `scopes`."""

    def make(user: User, scopes: list[str] | None = None) -> Client:
        _token, key = api_token_create(user=user, name="Testklient", scopes=scopes or ALL_SCOPES)
        return Client(headers={"Authorization": f"Bearer {key}"})

    return make
