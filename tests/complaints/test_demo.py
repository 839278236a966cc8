"""The demo data has one complaint under genvurdering and one at Ankestyrelsen, made by the real services."""

import pytest

from visitator.complaints import state
from visitator.complaints.models import Complaint
from visitator.core import clock
from visitator.demo.data import load_demo

pytestmark = pytest.mark.django_db


def test_demo_complaints():
    load_demo(citizens=30)
    codes = []
    for complaint in Complaint.objects.select_related("case"):
        decisions = list(complaint.case.decisions.all())
        codes.append(state.complaint_state(complaint, decisions=decisions, today=clock.today()).code)
    assert sorted(codes) == sorted([state.AWAITING_RECONSIDERATION, state.AWAITING_APPEAL])
    forwarded = Complaint.objects.get(forwarding__isnull=False)
    assert forwarded.forwarding.bundle.aktliste[0]["key"] == f"complaint:{forwarded.id}"
    assert forwarded.forwarding.letter.kind == "complaint_forwarded"
