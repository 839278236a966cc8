"""Answering a partshøring in the portal before its deadline: recorded as the hearing response (the
decisions app's model and service), so the case page and the caseworker see it; after the deadline
the answer is refused with a Danish message and nothing is recorded."""

from __future__ import annotations

import datetime as dt

from django.test import Client
from django.urls import reverse

from visitator.audit.models import AccessLog
from visitator.core import clock
from visitator.decisions import services as decisions
from visitator.decisions.hearing import hearing_state
from visitator.decisions.models import HearingResponse

from .conftest import oidc_login


def _hearing(caseworker, case, days: int = 14):
    from visitator.cases import services as case_services

    case_services.case_transition(user=caseworker, case=case, to_status="assessment")
    info = decisions.hearing_information_add(
        user=caseworker,
        case=case,
        source="Udtalelse fra netværkscaféen i Aars",
        summary="Borgeren kommer i caféen to formiddage om ugen.",
        received_on=clock.today(),
    )
    return decisions.hearing_send(
        user=caseworker,
        case=case,
        information=[info],
        planned_decision="Vi overvejer at give afslag, fordi behovet måske kan dækkes af caféen.",
        response_deadline=clock.today() + dt.timedelta(days=days),
    )


def test_the_citizen_answers_the_hearing_before_the_deadline(world, caseworker):
    case = world["anna_case"]
    hearing = _hearing(caseworker, case)
    client = Client()
    oidc_login(client, world["anna_id"], world["url"])
    page = client.get(reverse("portal:case", args=[world["anna"].id, case.id]))
    deadline = hearing.response_deadline
    assert f"Du kan svare til og med {deadline.day}." in page.content.decode()

    url = reverse("portal:hearing_answer", args=[world["anna"].id, case.id, hearing.id])
    empty = client.post(url, {"text": "  ", "token": "t1"})
    assert empty.status_code == 400
    assert "Skriv dine bemærkninger." in empty.content.decode()
    assert not HearingResponse.objects.exists()

    answer = "Jeg kommer kun i caféen, fordi jeg ikke har andet. Det dækker ikke mit behov."
    response = client.post(url, {"text": answer, "token": "t2"}, follow=True)
    assert "Vi har modtaget dit svar." in response.content.decode()
    client.post(url, {"text": answer, "token": "t2"})  # the same form sent twice
    [recorded] = HearingResponse.objects.filter(hearing=hearing)
    assert recorded.summary == answer
    assert recorded.received_on == clock.today()
    assert hearing_state(case, today=clock.today()).items[0].state == "heard"
    assert AccessLog.objects.filter(case=case, action="create", what="portal: høringssvar").exists()
    # The open-hearing form is gone from the case page.
    assert "Send dit svar" not in response.content.decode()


def test_an_answer_after_the_deadline_is_refused(world, caseworker):
    case = world["anna_case"]
    hearing = _hearing(caseworker, case, days=14)
    client = Client()
    oidc_login(client, world["anna_id"], world["url"])
    url = reverse("portal:hearing_answer", args=[world["anna"].id, case.id, hearing.id])
    with clock.frozen(clock.now() + dt.timedelta(days=20)):
        response = client.post(url, {"text": "For sent", "token": "t"})
    assert response.status_code == 400
    assert "Fristen for at svare er udløbet" in response.content.decode()
    assert not HearingResponse.objects.exists()


def test_nobody_else_answers_the_hearing(world, caseworker):
    case = world["anna_case"]
    hearing = _hearing(caseworker, case)
    client = Client()
    oidc_login(client, world["bent_id"], world["url"])
    for citizen in (world["anna"], world["bent"]):
        url = reverse("portal:hearing_answer", args=[citizen.id, case.id, hearing.id])
        assert client.post(url, {"text": "Ikke min sag", "token": "x"}).status_code == 404
    assert not HearingResponse.objects.exists()
