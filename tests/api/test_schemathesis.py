"""Schemathesis against the whole API: generated requests (valid and invalid parameters, ids, cursors)
for every operation in the schema, as a caseworker who is also the DPO (so every endpoint is reached
past the role check), and no answer is a server error. Hypothesis examples are limited so the run
stays well under two minutes."""

from __future__ import annotations

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from visitator.organisation.roles import CASEWORKER, DATA_PROTECTION_OFFICER
from visitator.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/schema/", application)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """Schemathesis calls the WSGI application itself, which sends request_started/finished; Django
    closes the database connection then (a test transaction looks "unusable"), unlike its test client,
    which disconnects the handler. Do the same, so each test stays in its transaction."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def key(world, make_user):
    from django.contrib.auth.models import Group

    from visitator.api.models import Scope
    from visitator.api.services import api_token_create

    user = make_user(CASEWORKER, world.membership.unit, "schemathesis")
    user.groups.add(Group.objects.get_or_create(name=DATA_PROTECTION_OFFICER)[0])
    _token, key = api_token_create(user=user, name="Schemathesis", scopes=list(Scope.values))
    return key


@schema.parametrize()
@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_generated_request_gets_a_server_error(case, key):
    response = case.call(headers={"Authorization": f"Bearer {key}"})
    assert response.status_code < 500, f"{case.method} {case.formatted_path}: {response.status_code}"
    if response.status_code >= 400:
        headers = {name.lower(): value for name, value in response.headers.items()}
        assert headers["content-type"][0] == "application/problem+json", case.formatted_path
        assert response.json()["status"] == response.status_code
