"""The demo data holds one open request for access to the file, registered through the real service."""

import pytest

from visitator.demo.data import load_demo
from visitator.fileaccess.models import AccessRequest

pytestmark = pytest.mark.django_db


def test_demo_has_one_open_request_for_access():
    load_demo(citizens=30)
    request = AccessRequest.objects.select_related("case").get()
    assert request.answered_on is None and request.case.citizen.is_test_person
    assert request.notice_due_on > request.received_on
