"""The access pages over HTTP: permissions, forms, double submits, the worklist panel and the timeline."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from visitator.audit.models import AccessLog
from visitator.core import clock
from visitator.fileaccess.models import AccessAnswer, AccessRequest, AccessReviewItem
from visitator.letters.models import Letter
from visitator.organisation.roles import CASEWORKER, PROVIDER

from .conftest import TODAY, at, build_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def cw(client, caseworker):
    client.force_login(caseworker)
    return client


def urls(case, request):
    return {
        "case": reverse("fileaccess:case", args=[case.id]),
        "register": reverse("fileaccess:register", args=[case.id]),
        "request": reverse("fileaccess:request", args=[case.id, request.id]),
        "notice": reverse("fileaccess:notice", args=[case.id, request.id]),
        "review": reverse("fileaccess:review", args=[case.id, request.id]),
        "answer": reverse("fileaccess:answer", args=[case.id, request.id]),
    }


def register_data(**changes):
    data = {
        "submission": "6f1c2b55-7b1e-4a55-9b5b-3c2a1d2e3f40",
        "received_on": TODAY.isoformat(),
        "channel": "written",
        "requester": "citizen",
        "scope": "whole",
        "documents": "",
        "note": "",
    }
    data.update(changes)
    return data


def review_data(page: str, **overrides):
    """The review form as the page shows it, with `overrides` (field name -> value)."""
    data = {}
    for name, value in re.findall(r'name="(akt-[a-z_0-9]+)" value="([^"]*)"', page):
        data[name] = value
    for name in re.findall(r'<select name="(akt-decision_\d+)"', page):
        data[name] = "release"
    for name in re.findall(r'<select name="(akt-ground_\d+)"', page):
        data[name] = ""
    data.update(overrides)
    return data


def test_the_pages_answer_the_caseworker(cw, akter_case, register):
    request = register(akter_case.case)
    page = cw.get(urls(akter_case.case, request)["case"])
    assert page.status_code == 200
    body = page.content.decode()
    assert "Registrér en anmodning om aktindsigt" in body and "10.12.2026" in body
    assert 'aria-current="page">Aktindsigt</a>' in body
    page = cw.get(urls(akter_case.case, request)["request"]).content.decode()
    assert "Akt 1: Kvittering for ansøgning (brev)" in page and "Akt 3: Lægeerklæring" in page
    assert "Gem gennemgangen" in page
    assert AccessLog.objects.filter(what="aktindsigt: gennemgang", action="view").exists()


def test_another_municipality_gets_404_and_a_provider_403(
    client, akter_case, register, other_caseworker, make_user
):
    request = register(akter_case.case)
    client.force_login(other_caseworker)
    for name, url in urls(akter_case.case, request).items():
        response = client.get(url) if name in ("case", "request") else client.post(url, {})
        assert response.status_code == 404, name
    client.force_login(make_user(PROVIDER, None))
    for name, url in urls(akter_case.case, request).items():
        response = client.get(url) if name in ("case", "request") else client.post(url, {})
        assert response.status_code == 403, name
    assert AccessRequest.objects.count() == 1 and not AccessReviewItem.objects.exists()


def test_a_team_leader_reads_but_cannot_write(client, akter_case, register, team_leader):
    request = register(akter_case.case)
    client.force_login(team_leader)
    page = client.get(urls(akter_case.case, request)["request"])
    assert page.status_code == 200 and "Gem gennemgangen" not in page.content.decode()
    assert client.post(urls(akter_case.case, request)["register"], register_data()).status_code == 403


def test_register_through_the_form_and_a_double_submit_registers_once(cw, akter_case):
    url = reverse("fileaccess:register", args=[akter_case.case.id])
    first = cw.post(url, register_data())
    assert first.status_code == 302
    second = cw.post(url, register_data())
    assert second.status_code == 400
    assert "Anmodningen er allerede registreret (formularen blev sendt to gange)." in second.content.decode()
    assert AccessRequest.objects.count() == 1


def test_bad_input_shows_a_danish_message_and_stores_nothing(cw, akter_case):
    url = reverse("fileaccess:register", args=[akter_case.case.id])
    response = cw.post(url, register_data(channel="oral", scope="specific"))
    body = response.content.decode()
    assert response.status_code == 400
    assert "Skriv et notat om den mundtlige anmodning (notatpligt)." in body
    assert "Skriv, hvilke dokumenter borgeren beder om." in body
    assert not AccessRequest.objects.exists()


def test_review_save_answer_and_double_answer(cw, akter_case, register):
    request = register(akter_case.case)
    u = urls(akter_case.case, request)
    page = cw.get(u["request"]).content.decode()
    missing = cw.post(u["review"], review_data(page, **{"akt-decision_1": "withhold"}))
    assert missing.status_code == 400
    assert "Akt 2: vælg det retsgrundlag i forvaltningsloven" in missing.content.decode()
    ok = cw.post(
        u["review"],
        review_data(
            page,
            **{
                "akt-decision_1": "withhold",
                "akt-ground_1": "fvl_12",
                "akt-reason_1": "Internt arbejdsdokument.",
            },
        ),
    )
    assert ok.status_code == 302
    page = cw.get(u["request"]).content.decode()
    assert "(version 1)" in page and "Send svar med aktliste og akter" in page
    assert cw.post(u["answer"], {"svar-version": "1"}).status_code == 302
    again = cw.post(u["answer"], {"svar-version": "1"})
    assert again.status_code == 400
    assert "Anmodningen om aktindsigt blev besvaret den 1. december 2026." in again.content.decode()
    assert AccessAnswer.objects.count() == 1 and Letter.objects.filter(kind="access_answer").count() == 1
    page = cw.get(u["request"]).content.decode()
    assert "Delvis aktindsigt" in page and "Hent de udleverede akter (PDF)" in page


def test_a_stale_review_is_refused_with_a_danish_message(cw, client, akter_case, register, make_user, unit):
    request = register(akter_case.case)
    u = urls(akter_case.case, request)
    mine = cw.get(u["request"]).content.decode()
    colleague = make_user(CASEWORKER, unit, "karl")
    from django.test import Client

    other = Client()
    other.force_login(colleague)
    theirs = other.get(u["request"]).content.decode()
    assert other.post(u["review"], review_data(theirs)).status_code == 302
    stale = cw.post(u["review"], review_data(mine, **{"akt-reason_0": "Min ændring"}))
    assert stale.status_code == 400
    assert "efter at du åbnede den. Dine ændringer er ikke gemt." in stale.content.decode()


def test_an_akt_gone_from_the_case_means_nothing_is_saved(cw, akter_case, register):
    request = register(akter_case.case)
    u = urls(akter_case.case, request)
    page = cw.get(u["request"]).content.decode()
    response = cw.post(
        u["review"], review_data(page, **{"akt-key_0": "letter:00000000-0000-0000-0000-000000000000"})
    )
    assert response.status_code == 302
    assert not AccessReviewItem.objects.exists()
    follow = cw.get(response["Location"]).content.decode()
    assert "Sagens akter er ændret, mens du gennemgik dem. Intet er gemt" in follow


def test_notice_through_the_form(cw, akter_case, register):
    request = register(akter_case.case)
    u = urls(akter_case.case, request)
    bad = cw.post(u["notice"], {"besked-expected_on": TODAY.isoformat(), "besked-reason": "x"})
    assert bad.status_code == 400 and "Datoen for svaret skal ligge efter i dag." in bad.content.decode()
    ok = cw.post(u["notice"], {"besked-expected_on": "2026-12-18", "besked-reason": "Lægen har ikke svaret."})
    assert ok.status_code == 302
    assert Letter.objects.filter(kind="access_notice").count() == 1


def test_worklist_panel_shows_overdue_requests_first_and_logs_them(
    cw, caseworker, make_case, register, today
):
    early = build_case(make_case, caseworker).case
    late = build_case(make_case, caseworker).case
    with clock.frozen(at(dt.date(2026, 11, 20), 9)):
        overdue = register(early)  # due Tue 1 Dec 2026: Mon 23 ... Fri 27 (5), Mon 30 (6), Tue 1 (7)
    with clock.frozen(at(dt.date(2026, 11, 30), 9)):
        register(late)  # due Wed 9 Dec 2026
    assert overdue.notice_due_on == dt.date(2026, 12, 1)
    body = cw.get(reverse("cases:worklist")).content.decode()
    panel = body[body.index('id="access-panel"') :]
    assert panel.index(early.number) < panel.index(late.number)
    assert "Besvar anmodningen eller send besked (forvaltningsloven § 16, stk. 2)" in panel
    logged = AccessLog.objects.filter(what="aktindsigt: arbejdsliste")
    assert {row.case_id for row in logged} == {early.id, late.id}


def test_the_request_is_on_the_case_timeline(cw, akter_case, register):
    register(akter_case.case)
    body = cw.get(reverse("cases:detail", args=[akter_case.case.id])).content.decode()
    assert "Anmodning om aktindsigt modtaget" in body and "Svar eller besked senest 10.12.2026" in body
