"""`make demo` must keep working: the demo data goes through the real services."""

import pytest
from django.contrib.auth.models import User

from visitator.cases.models import Case
from visitator.demo.data import load_demo
from visitator.grants.models import Attendance, Grant
from visitator.grants.selectors import transport_orders
from visitator.letters.models import Letter
from visitator.people.cpr import passes_modulus_11

pytestmark = pytest.mark.django_db


def test_demo_data_covers_every_state_with_fictitious_people():
    assert load_demo(citizens=30) == 30
    cases = list(Case.objects.select_related("citizen"))
    assert {c.status for c in cases} >= {
        "received",
        "assessment",
        "hearing",
        "decided",
        "active",
        "closed",
        "withdrawn",
    }
    for case in cases:
        assert case.citizen.is_test_person and "(testperson)" in case.citizen.last_name
        assert not passes_modulus_11(case.citizen.cpr)  # cannot belong to a real person
    assert Grant.objects.filter(status="waiting").exists()
    assert Grant.objects.filter(status="stopped").exists()
    assert {"grant", "refusal", "hearing", "deadline_notice", "stop"} <= set(
        Letter.objects.values_list("kind", flat=True)
    )
    # The provider and the transport office have work to look at.
    assert Attendance.objects.filter(status="cancelled", reason="sick").exists()
    assert any("wheelchair" in g.transport.mobility_aids for g in Grant.objects.filter(status="active"))
    rows = transport_orders(user=User.objects.get(username="koerselskontor")).rows
    assert {"new", "changed", "acknowledged"} <= {row.state for row in rows}
    # Every decision went through a draft; one draft waits to be sent (nothing sent for it yet).
    from visitator.decisions.models import Decision, DecisionDraft
    from visitator.letters.models import StaffContact, UnitContact

    assert DecisionDraft.objects.filter(status="sent").count() == Decision.objects.count()
    waiting = DecisionDraft.objects.get(status="draft")
    assert waiting.case.status == "assessment" and not waiting.case.letters.filter(kind="grant").exists()
    # The contact block every letter carries.
    assert (
        UnitContact.objects.count() == 1
        and StaffContact.objects.filter(user__username="sagsbehandler").exists()
    )
    assert load_demo(citizens=30) == 0  # idempotent
