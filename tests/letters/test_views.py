"""The letter pages: download a sent letter (logged), and the print queue."""

from __future__ import annotations

import hashlib

import pytest
from django.urls import reverse

from visitator.audit.models import AccessAction, AccessLog
from visitator.letters.compose import LetterKind, letter_compose
from visitator.letters.models import PrintJob, PrintJobPrinted
from visitator.letters.services import letter_send

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(case, refusal_facts, caseworker):
    return letter_send(
        user=caseworker, draft=letter_compose(kind=LetterKind.REFUSAL, case=case, decision=refusal_facts)
    )


@pytest.fixture
def printed_letter(physical_case, refusal_facts, caseworker):
    return letter_send(
        user=caseworker,
        draft=letter_compose(kind=LetterKind.REFUSAL, case=physical_case, decision=refusal_facts),
    )


def _download_url(letter):
    return reverse("letters:download", args=[letter.case_id, letter.id])


@pytest.mark.parametrize("who", ["caseworker", "team_leader"])
def test_staff_can_download_a_sent_letter_and_the_download_is_logged(client, sent, who, request):
    user = request.getfixturevalue(who)
    client.force_login(user)
    response = client.get(_download_url(sent))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{sent.case.number}-afslag.pdf"'
    assert response["Cache-Control"] == "no-store"
    assert hashlib.sha256(response.content).hexdigest() == sent.sha256
    log = AccessLog.objects.get(action=AccessAction.DOWNLOAD)
    assert log.user == user and log.what == "sag: brev" and log.case_id == sent.case_id
    assert log.citizen_id == sent.citizen_id and log.detail == str(sent.id)


def test_another_municipality_gets_404_and_nothing_is_logged(client, sent, other_caseworker):
    client.force_login(other_caseworker)
    assert client.get(_download_url(sent)).status_code == 404
    assert not AccessLog.objects.filter(action=AccessAction.DOWNLOAD).exists()


def test_a_letter_of_another_case_is_404(client, sent, caseworker, make_case, today):
    other_case = make_case(received_on=today)
    client.force_login(caseworker)
    assert client.get(reverse("letters:download", args=[other_case.id, sent.id])).status_code == 404


def test_anonymous_and_roleless_users_cannot_download(client, sent, make_user, unit):
    response = client.get(_download_url(sent))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    client.force_login(make_user(None, unit))
    assert client.get(_download_url(sent)).status_code == 403


def test_download_is_get_only(client, sent, caseworker):
    client.force_login(caseworker)
    assert client.post(_download_url(sent)).status_code == 405


def test_the_print_queue_lists_physical_letters_only(client, sent, printed_letter, caseworker):
    client.force_login(caseworker)
    response = client.get(reverse("letters:print_queue"))
    assert response.status_code == 200
    page = response.content.decode()
    assert printed_letter.case.number in page
    assert "Bent Ørum (testperson)" in page
    assert "27. november 2026" in page
    assert "Markér som printet" in page
    assert _download_url(printed_letter) in page
    assert sent.case.number not in page  # sent by Digital Post
    assert printed_letter.citizen.cpr not in page
    views = AccessLog.objects.filter(what="printkø")
    assert [v.citizen_id for v in views] == [printed_letter.citizen_id]


def test_marking_a_letter_printed_takes_it_off_the_queue(client, printed_letter, caseworker):
    client.force_login(caseworker)
    job = PrintJob.objects.get(letter=printed_letter)
    url = reverse("letters:print_job_printed", args=[job.id])
    response = client.post(url, follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert f"Brevet i sag {printed_letter.case.number} er markeret som printet." in page
    assert "Der er ingen breve, der venter på at blive printet." in page
    printed = PrintJobPrinted.objects.get(job=job)
    assert printed.printed_by == caseworker
    again = client.post(url, follow=True)
    assert "allerede markeret som printet" in again.content.decode()
    assert PrintJobPrinted.objects.count() == 1
    assert client.get(url).status_code == 405


def test_the_print_queue_is_for_caseworkers_of_the_municipality(
    client, printed_letter, team_leader, other_caseworker
):
    job = PrintJob.objects.get(letter=printed_letter)
    client.force_login(team_leader)
    assert client.get(reverse("letters:print_queue")).status_code == 403
    assert client.post(reverse("letters:print_job_printed", args=[job.id])).status_code == 403
    client.force_login(other_caseworker)
    page = client.get(reverse("letters:print_queue")).content.decode()
    assert printed_letter.case.number not in page
    assert client.post(reverse("letters:print_job_printed", args=[job.id])).status_code == 404
    assert not PrintJobPrinted.objects.exists()


def test_the_print_queue_costs_the_same_queries_for_one_letter_or_many(
    client, caseworker, physical_case, refusal_facts
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(caseworker)
    counts = []
    for letters in (1, 4):
        while PrintJob.objects.count() < letters:
            letter_send(
                user=caseworker,
                draft=letter_compose(kind=LetterKind.REFUSAL, case=physical_case, decision=refusal_facts),
            )
        client.get(reverse("letters:print_queue"))  # warm the session and the user
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("letters:print_queue"))
        assert response.content.decode().count("Markér som printet") == letters
        counts.append(len(queries.captured_queries))
    assert counts[0] == counts[1] <= 10, counts


def test_the_print_queue_pages_through_every_letter_once_with_a_fixed_query_count(
    client, physical_case, refusal_facts, caseworker, monkeypatch
):
    import functools

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from visitator.letters import selectors

    letters = [
        letter_send(
            user=caseworker,
            draft=letter_compose(kind=LetterKind.REFUSAL, case=physical_case, decision=refusal_facts),
        )
        for _ in range(3)
    ]
    monkeypatch.setattr(selectors, "print_queue", functools.partial(selectors.print_queue, limit=2))
    client.force_login(caseworker)
    with CaptureQueriesContext(connection) as first_queries:
        first = client.get(reverse("letters:print_queue"))
    # Oldest first; letters queued at the same moment (a frozen clock here) by letter id.
    in_order = [
        letter.id for letter in sorted(letters, key=lambda letter: (letter.print_job.queued_at, letter.id))
    ]
    assert [job.letter_id for job in first.context["jobs"]] == in_order[:2]
    assert "Næste side" in first.content.decode()
    with CaptureQueriesContext(connection) as second_queries:
        second = client.get(first.context["next_url"])
    assert [job.letter_id for job in second.context["jobs"]] == in_order[2:]
    assert second.context["next_url"] == "" and "Første side" in second.content.decode()
    assert len(first_queries) == len(second_queries) == 9
    assert AccessLog.objects.filter(what="printkø").count() == 3
    bad = client.get(reverse("letters:print_queue") + "?efter=vrøvl")
    assert bad.status_code == 302 and bad["Location"] == reverse("letters:print_queue")
