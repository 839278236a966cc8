"""Asking for access to the file in the portal: registered through the fileaccess app (written,
received today, the notice due after 7 working days), once however often the form is sent."""

from __future__ import annotations

import uuid

from django.test import Client
from django.urls import reverse

from visitator.audit.models import AccessLog
from visitator.core import clock
from visitator.fileaccess.models import AccessRequest
from visitator.fileaccess.services import notice_due

from .conftest import oidc_login


def test_the_citizen_asks_for_access_to_the_file_once(world):
    case = world["anna_case"]
    client = Client()
    oidc_login(client, world["anna_id"], world["url"])
    url = reverse("portal:file_access", args=[world["anna"].id, case.id])
    submission = str(uuid.uuid4())

    empty = client.post(url, {"submission": submission})
    assert empty.status_code == 400
    assert "Vælg, om du vil se hele sagen eller bestemte dokumenter." in empty.content.decode()
    specific = client.post(url, {"submission": submission, "scope": "specific", "documents": ""})
    assert specific.status_code == 400
    assert "Skriv, hvilke dokumenter borgeren beder om." in specific.content.decode()
    assert not AccessRequest.objects.exists()

    response = client.post(url, {"submission": submission, "scope": "whole"}, follow=True)
    assert "Vi har modtaget din anmodning om aktindsigt." in response.content.decode()
    again = client.post(url, {"submission": submission, "scope": "whole"})
    assert again.status_code == 400
    [request] = AccessRequest.objects.all()
    assert (request.case_id, request.requester, request.channel) == (case.id, "citizen", "written")
    assert request.received_on == clock.today()
    assert request.notice_due_on == notice_due(clock.today())
    assert AccessLog.objects.filter(case=case, action="create", what="portal: aktindsigt").exists()


def test_the_representative_asks_as_the_representative_and_nobody_else_may(world):
    rep = Client()
    oidc_login(rep, world["rep_id"], world["url"])
    rep.post(
        reverse("portal:file_access", args=[world["anna"].id, world["anna_case"].id]),
        {"submission": str(uuid.uuid4()), "scope": "whole"},
    )
    [request] = AccessRequest.objects.all()
    assert request.representative_id == world["representative"].id
    assert request.requester_name == world["representative"].name
    refused = rep.post(
        reverse("portal:file_access", args=[world["bent"].id, world["bent_case"].id]),
        {"submission": str(uuid.uuid4()), "scope": "whole"},
    )
    assert refused.status_code == 404
    assert AccessRequest.objects.count() == 1
