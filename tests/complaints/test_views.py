"""The complaint page over HTTP: permissions, the forms of each step, double submits, the worklist panel."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from visitator.complaints.models import Complaint, Forwarding, Reconsideration
from visitator.core import clock

from .conftest import at

pytestmark = pytest.mark.django_db

D = dt.date
DECIDED = D(2026, 11, 3)
TODAY = D(2026, 11, 20)


@pytest.fixture
def decision(refused):
    return refused(DECIDED)


@pytest.fixture
def cw(client, caseworker):
    client.force_login(caseworker)
    return client


def page_url(case):
    return reverse("complaints:case", args=[case.id])


def post_complaint(client, decision, **changes):
    data = {
        "klage-decision": str(decision.pk),
        "klage-received_on": TODAY.isoformat(),
        "klage-channel": "letter",
        "klage-complainant": "borger",
        "klage-text": "Jeg er uenig i afslaget.",
        "klage-oral_note": "",
    }
    data.update(changes)
    with clock.frozen(at(TODAY, 9)):
        return client.post(reverse("complaints:new", args=[decision.case_id]), data)


def prefix(complaint, name):
    return f"{name}-{complaint.pk.hex[:8]}"


def test_the_page_says_the_decision_stays_in_force(cw, decision):
    with clock.frozen(at(TODAY)):
        response = cw.get(page_url(decision.case))
    body = response.content.decode()
    assert response.status_code == 200
    assert "opsættende virkning" in body and "Retssikkerhedsloven § 72" in body
    assert "Registrér klage" in body


def test_who_may_see_and_write(client, decision, team_leader, other_caseworker, make_user, unit):
    url = page_url(decision.case)
    assert client.get(url).status_code == 302  # anonymous: to the login page
    client.force_login(other_caseworker)
    assert client.get(url).status_code == 404
    client.force_login(make_user("leverandoer", unit))
    assert client.get(url).status_code == 403
    client.force_login(team_leader)
    response = client.get(url)
    assert response.status_code == 200 and "Registrér klage" not in response.content.decode()
    assert post_complaint(client, decision).status_code == 403
    client.force_login(other_caseworker)
    assert post_complaint(client, decision).status_code == 404
    assert not Complaint.objects.exists()


def test_register_then_a_double_submit_gets_a_danish_message(cw, decision):
    response = post_complaint(cw, decision)
    assert response.status_code == 302 and response["Location"] == page_url(decision.case)
    complaint = Complaint.objects.get()
    assert complaint.reconsideration_deadline == D(2026, 12, 18)
    again = post_complaint(cw, decision)
    assert again.status_code == 400
    assert "Klagen er allerede registreret" in again.content.decode()
    assert Complaint.objects.count() == 1


def test_an_oral_complaint_without_its_note_is_shown_again(cw, decision):
    response = post_complaint(cw, decision, **{"klage-channel": "oral"})
    assert response.status_code == 400
    assert "skal skrives ned" in response.content.decode()
    assert not Complaint.objects.exists()


def test_register_with_two_documents(cw, decision):
    files = [
        SimpleUploadedFile("klage.pdf", b"%PDF-1.4 a", content_type="application/pdf"),
        SimpleUploadedFile("bilag.txt", "Lægens udtalelse".encode(), content_type="text/plain"),
    ]
    response = post_complaint(cw, decision, **{"klage-documents": files})
    assert response.status_code == 302
    assert Complaint.objects.get().documents.count() == 2


def test_the_chain_over_http(cw, decision):
    post_complaint(cw, decision)
    complaint = Complaint.objects.get()
    base = [decision.case_id, complaint.id]
    with clock.frozen(at(D(2026, 11, 24), 10)):
        bad = cw.post(
            reverse("complaints:reconsider", args=base), {f"{prefix(complaint, 'genv')}-outcome": "upheld"}
        )
        assert bad.status_code == 400 and "Skriv hvorfor afgørelsen fastholdes" in bad.content.decode()
        ok = cw.post(
            reverse("complaints:reconsider", args=base),
            {
                f"{prefix(complaint, 'genv')}-outcome": "upheld",
                f"{prefix(complaint, 'genv')}-reasons": "Caféen dækker.",
            },
        )
        assert ok.status_code == 302
    assert Reconsideration.objects.get().outcome == "upheld"
    with clock.frozen(at(D(2026, 11, 24), 11)):
        sent = cw.post(reverse("complaints:forward", args=base), {})
        assert sent.status_code == 302
        twice = cw.post(reverse("complaints:forward", args=base), {})
        assert (
            twice.status_code == 400
            and "Klagen er allerede sendt til Ankestyrelsen" in twice.content.decode()
        )
        body = cw.get(page_url(decision.case)).content.decode()
    forwarding = Forwarding.objects.get()
    assert reverse("casefile:bundle_pdf", args=[forwarding.bundle_id]) in body
    assert reverse("casefile:bundle_zip", args=[forwarding.bundle_id]) in body
    assert "24. november 2026" in body
    pdf = cw.get(reverse("casefile:bundle_pdf", args=[forwarding.bundle_id]))
    assert (
        pdf.status_code == 200
        and b"".join(pdf.streaming_content if pdf.streaming else [pdf.content])[:4] == b"%PDF"
    )
    with clock.frozen(at(D(2026, 12, 10), 9)):
        outcome = cw.post(
            reverse("complaints:outcome", args=base),
            {
                f"{prefix(complaint, 'anke')}-outcome": "remitted",
                f"{prefix(complaint, 'anke')}-received_on": "2026-12-10",
            },
        )
    assert outcome.status_code == 302
    decision.case.refresh_from_db()
    # 10 December 2026 + 8 weeks (the standard) = 4 February 2027.
    assert decision.case.status == "assessment" and decision.case.decision_deadline == D(2027, 2, 4)


def test_a_complaint_of_another_case_is_404(cw, decision, refused):
    post_complaint(cw, decision)
    complaint = Complaint.objects.get()
    other = refused(DECIDED)
    response = cw.post(reverse("complaints:reconsider", args=[other.case_id, complaint.id]), {})
    assert response.status_code == 404


def test_the_worklist_shows_the_panel(cw, decision):
    post_complaint(cw, decision)
    with clock.frozen(at(D(2026, 12, 1))):
        body = cw.get(reverse("cases:worklist")).content.decode()
    assert 'id="complaints-panel"' in body and decision.case.number in body
    assert "17 dage tilbage" in body
