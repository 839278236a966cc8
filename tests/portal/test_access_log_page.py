"""The citizen's own access log (GDPR art. 15): when, which unit and role, what was done; no employee
names; the citizen's own portal visits and the representative's are in it too."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from .conftest import oidc_login

PASSWORD = "correct horse battery staple"


def test_the_log_shows_the_caseworkers_role_and_unit_never_the_name(world, caseworker):
    staff = Client()
    staff.post(reverse("login"), {"username": caseworker.username, "password": PASSWORD})
    assert staff.get(reverse("cases:detail", args=[world["anna_case"].id])).status_code == 200

    representative = Client()
    oidc_login(representative, world["rep_id"], world["url"])
    representative.get(reverse("portal:case", args=[world["anna"].id, world["anna_case"].id]))

    citizen = Client()
    oidc_login(citizen, world["anna_id"], world["url"])
    response = citizen.get(reverse("portal:access_log", args=[world["anna"].id]))
    assert response.status_code == 200
    lines = response.context["lines"]
    staff_views = [line for line in lines if line.what == "sag"]
    assert staff_views, "the caseworker's view of the case is in the log"
    assert staff_views[0].who == f"Sagsbehandler, {world['anna_case'].unit.name}"
    assert any(
        line.who == "Din repræsentant (selvbetjening)" and line.what == "portal: sag" for line in lines
    )
    assert any(line.who == "Dig selv (selvbetjening)" and line.what == "portal: adgangslog" for line in lines)
    text = response.content.decode()
    # The employee's username and name are nowhere on the page.
    assert caseworker.username not in text
    assert caseworker.get_full_name() not in text
    # Bent's log is not in Anna's.
    assert not any(line.what == "portal: sager" and "Bent" in line.who for line in lines)
