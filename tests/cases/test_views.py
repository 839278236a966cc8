import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from visitator.audit.models import AccessLog
from visitator.cases.lifecycle import Status
from visitator.cases.models import Case
from visitator.core import clock
from visitator.people.models import Citizen

pytestmark = pytest.mark.django_db


@pytest.fixture
def cw_client(client, caseworker):
    client.force_login(caseworker)
    return client


def test_anonymous_users_are_sent_to_login(client, make_case):
    case = make_case()
    for url in [
        reverse("cases:worklist"),
        reverse("cases:application_new"),
        reverse("cases:detail", args=[case.id]),
        reverse("people:search"),
    ]:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_a_user_without_a_role_gets_403(client, unit, make_case, make_user):
    case = make_case()
    user = make_user(None, unit)
    client.force_login(user)
    for url in [reverse("cases:worklist"), reverse("cases:detail", args=[case.id]), reverse("people:search")]:
        assert client.get(url).status_code == 403


def test_a_team_leader_can_read_but_not_write(client, team_leader, make_case):
    case = make_case()
    client.force_login(team_leader)
    assert client.get(reverse("cases:worklist") + "?visning=unit").status_code == 200
    page = client.get(reverse("cases:detail", args=[case.id]))
    assert page.status_code == 200 and "Skift status" not in page.content.decode()
    assert client.get(reverse("cases:application_new")).status_code == 403
    response = client.post(reverse("cases:transition", args=[case.id]), {"to_status": "assessment"})
    assert response.status_code == 403
    case.refresh_from_db()
    assert case.status == Status.RECEIVED


def test_a_team_leader_sees_the_units_cases_by_default(client, team_leader, make_case):
    case = make_case()
    client.force_login(team_leader)
    response = client.get(reverse("cases:worklist"))
    assert response.context["page"].scope == "unit"
    assert case.number in response.content.decode()


def test_another_municipality_sees_404_for_our_case(client, other_caseworker, make_case):
    case = make_case()
    client.force_login(other_caseworker)
    assert client.get(reverse("cases:detail", args=[case.id])).status_code == 404
    assert (
        client.post(reverse("cases:note_add", args=[case.id]), {"kind": "note", "text": "x"}).status_code
        == 404
    )


def test_register_an_application_for_a_new_citizen(cw_client, unit, rng):
    from visitator.demo.data import fictitious_cpr

    cpr = fictitious_cpr(rng)
    page = cw_client.post(reverse("cases:application_new"), {"step": "lookup", "cpr": f"{cpr[:6]}-{cpr[6:]}"})
    assert page.status_code == 200
    assert "Opret borger" in page.content.decode()
    now = clock.now().astimezone().strftime("%Y-%m-%dT%H:%M")
    response = cw_client.post(
        reverse("cases:application_new"),
        {
            "step": "register",
            "cpr": cpr,
            "first_name": "Bo",
            "last_name": "Hansen (testperson)",
            "postcode": "9600",
            "received_at": now,
            "channel": "letter",
            "target_group_reduced_function": "on",
        },
    )
    case = Case.objects.get(citizen__cpr=cpr)
    assert response.status_code == 302 and response["Location"] == reverse("cases:detail", args=[case.id])
    assert cpr not in response["Location"]
    assert case.target_group_reduced_function and not case.target_group_social_problems
    detail = cw_client.get(response["Location"])
    body = detail.content.decode()
    assert case.number in body and "Bo Hansen" in body
    assert case.decision_deadline.strftime("%Y") in body
    # The lookup was logged with the CPR masked.
    search = AccessLog.objects.filter(action="search").latest("id")
    assert cpr not in search.detail and cpr[:6] in search.detail


def test_register_for_an_existing_citizen_warns_about_open_cases(cw_client, make_case):
    case = make_case()
    page = cw_client.post(reverse("cases:application_new"), {"step": "lookup", "cpr": case.citizen.cpr})
    body = page.content.decode()
    assert "allerede en åben ansøgning" in body and case.number in body


def test_bad_cpr_gives_a_danish_error_and_creates_nothing(cw_client):
    before = Citizen.objects.count()
    page = cw_client.post(reverse("cases:application_new"), {"step": "lookup", "cpr": "3213701234"})
    assert page.status_code == 400
    body = page.content.decode()
    assert "ikke en gyldig fødselsdato" in body
    assert Citizen.objects.count() == before


def test_register_with_missing_fields_changes_nothing(cw_client, rng):
    from visitator.demo.data import fictitious_cpr

    cpr = fictitious_cpr(rng)
    response = cw_client.post(
        reverse("cases:application_new"),
        {
            "step": "register",
            "cpr": cpr,
            "first_name": "",
            "last_name": "X",
            "received_at": "",
            "channel": "letter",
        },
    )
    assert response.status_code == 400
    assert "Der er fejl" in response.content.decode()
    assert not Citizen.objects.filter(cpr=cpr).exists()
    assert not Case.objects.exists()


def test_status_change_through_the_form(cw_client, make_case):
    case = make_case()
    url = reverse("cases:transition", args=[case.id])
    assert cw_client.post(url, {"to_status": "assessment"}).status_code == 302
    case.refresh_from_db()
    assert case.status == Status.ASSESSMENT


def test_decisions_and_hearings_are_not_made_with_the_plain_status_form(cw_client, make_case, caseworker):
    from visitator.cases import services

    case = services.case_transition(user=caseworker, case=make_case(), to_status=Status.ASSESSMENT)
    page = cw_client.get(reverse("cases:detail", args=[case.id])).content.decode()
    status_select = page[page.index('name="to_status"') :].split("</select>")[0]
    # From assessment the plain form offers only withdrawal (a decision and a hearing have their own pages).
    assert re.findall(r'<option value="([a-z_]+)"', status_select) == ["withdrawn"]
    for target in ("decided", "hearing"):
        response = cw_client.post(reverse("cases:transition", args=[case.id]), {"to_status": target})
        assert response.status_code == 400
    case.refresh_from_db()
    assert case.status == Status.ASSESSMENT


def test_forbidden_status_is_not_offered_and_is_refused(cw_client, make_case):
    case = make_case()
    response = cw_client.post(reverse("cases:transition", args=[case.id]), {"to_status": "closed"})
    assert response.status_code == 400
    case.refresh_from_db()
    assert case.status == Status.RECEIVED


def test_note_with_htmx_returns_the_timeline(cw_client, make_case):
    case = make_case()
    response = cw_client.post(
        reverse("cases:note_add", args=[case.id]),
        {"kind": "phone", "text": "Borgeren ringede."},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert body.lstrip().startswith('<section id="timeline"') and "Borgeren ringede." in body


def test_note_without_htmx_redirects(cw_client, make_case):
    case = make_case()
    response = cw_client.post(reverse("cases:note_add", args=[case.id]), {"kind": "note", "text": "Notat"})
    assert response.status_code == 302
    empty = cw_client.post(reverse("cases:note_add", args=[case.id]), {"kind": "note", "text": "  "})
    assert empty.status_code == 400


def test_document_upload_and_logged_download(cw_client, make_case):
    case = make_case()
    upload = SimpleUploadedFile("brev.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    response = cw_client.post(
        reverse("cases:document_add", args=[case.id]),
        {"title": "Brev", "upload": upload, "origin": "citizen"},
    )
    assert response.status_code == 302
    document = case.documents.get()
    download = cw_client.get(reverse("cases:document_download", args=[case.id, document.id]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.4 test"
    assert AccessLog.objects.filter(case=case, action="download").count() == 1
    bad = SimpleUploadedFile("brev.exe", b"MZ", content_type="application/octet-stream")
    response = cw_client.post(
        reverse("cases:document_add", args=[case.id]), {"title": "x", "upload": bad, "origin": "citizen"}
    )
    assert response.status_code == 400 and "Filtypen er ikke tilladt" in response.content.decode()


def test_a_third_partys_document_is_heard_unless_the_citizen_knows_it(cw_client, make_case):
    from visitator.decisions.hearing import hearing_state

    case = make_case()
    url = reverse("cases:document_add", args=[case.id])

    def upload(**fields):
        data = {
            "title": "Lægeudtalelse",
            "upload": SimpleUploadedFile("l.pdf", b"%PDF-1.4 x", "application/pdf"),
        }
        return cw_client.post(url, {**data, **fields})

    # Without who sent it and what it says: a clear message, and nothing is stored.
    missing = upload(origin="third_party")
    assert missing.status_code == 400
    assert "Skriv hvem dokumentet kommer fra" in missing.content.decode()
    assert "Skriv kort, hvad dokumentet siger" in missing.content.decode()
    assert not case.documents.exists() and not case.hearing_information.exists()

    response = upload(origin="third_party", origin_name="Egen læge", summary="Svær social angst.")
    assert response.status_code == 302
    info = case.hearing_information.get()
    assert (info.source, info.summary, info.citizen_knows) == ("Egen læge", "Svær social angst.", False)
    assert info.document == case.documents.get()
    state = hearing_state(case, today=clock.today())
    assert [item.state for item in state.items] == ["not_heard"]

    # Marked as known: registered, but the hearing need not cover it.
    upload(
        origin="third_party",
        origin_name="Aktivitetshuset",
        summary="Borgerens egen plan.",
        citizen_knows="on",
    )
    known = case.hearing_information.get(source="Aktivitetshuset")
    assert known.citizen_knows
    assert sorted(item.state for item in hearing_state(case, today=clock.today()).items) == [
        "known",
        "not_heard",
    ]

    # The citizen's own document is not information to hear her on.
    upload(origin="citizen")
    assert case.hearing_information.count() == 2 and case.documents.count() == 3


def test_deadline_notice_form(cw_client, make_case):
    with clock.frozen(dt.date(2026, 2, 25)):
        case = make_case(received_on=dt.date(2026, 1, 5))
        page = cw_client.get(reverse("cases:detail", args=[case.id]))
        # 25 February is on or after the warning day (16 February) of the deadline 2 March: no notice yet.
        assert "Fristen er tæt på eller overskredet" in page.content.decode()
        response = cw_client.post(
            reverse("cases:deadline_notice", args=[case.id]),
            {"varsel-expected_decision_on": "2026-03-31", "varsel-reason": "Afventer lægeudtalelse"},
        )
        assert response.status_code == 302
        case.refresh_from_db()
        assert case.expected_decision_on == dt.date(2026, 3, 31)
        bad = cw_client.post(
            reverse("cases:deadline_notice", args=[case.id]),
            {"varsel-expected_decision_on": "2026-01-01", "varsel-reason": "x"},
        )
        assert bad.status_code == 400


def test_viewing_a_case_is_logged(cw_client, caseworker, make_case):
    case = make_case()
    cw_client.get(reverse("cases:detail", args=[case.id]))
    assert AccessLog.objects.filter(case=case, citizen=case.citizen, action="view", user=caseworker).exists()


def test_worklist_orders_by_deadline_and_shows_words(cw_client, make_case):
    with clock.frozen(dt.date(2026, 3, 10)):
        late = make_case(received_on=dt.date(2026, 1, 5))  # deadline 2 March: overdue
        soon = make_case(received_on=dt.date(2026, 2, 2))  # deadline 30 March
        body = cw_client.get(reverse("cases:worklist")).content.decode()
    assert body.index(late.number) < body.index(soon.number)
    assert "overskredet med 8 dage" in body
    assert "20 dage tilbage" in body


def test_worklist_keyset_pagination_and_constant_queries(cw_client, make_case, caseworker):
    from visitator.cases.selectors import PAGE_SIZE

    start = dt.date(2026, 1, 1)
    with clock.frozen(dt.date(2026, 3, 1)):
        for i in range(PAGE_SIZE + 5):
            make_case(received_on=start + dt.timedelta(days=i % 40))
        with CaptureQueriesContext(connection) as first:
            page1 = cw_client.get(reverse("cases:worklist"))
        page = page1.context["page"]
        assert len(page.rows) == PAGE_SIZE and page.next_cursor
        with CaptureQueriesContext(connection) as second:
            page2 = cw_client.get(
                reverse("cases:worklist") + f"?efter={page.next_cursor}", HTTP_HX_REQUEST="true"
            )
    rows2 = page2.context["page"].rows
    assert len(rows2) == 5
    ids1 = {r.case.id for r in page.rows}
    assert not ids1 & {r.case.id for r in rows2}
    deadlines = [r.case.decision_deadline for r in page.rows + rows2]
    assert deadlines == sorted(deadlines)
    # 12, plus what the apps above cases add (drafts 2, complaints 3, access to the file 1, the unread
    # count of Påmindelser 1: PANELS_AND_SOURCES in tests/cases/test_worklist.py, which pins the warm
    # count for every sort), and once per process 1 more to read the rules of the standard.
    assert len(first.captured_queries) <= 12 + 7 + 1
    assert len(second.captured_queries) <= len(first.captured_queries)


def test_worklist_bad_cursor_restarts(cw_client):
    response = cw_client.get(reverse("cases:worklist") + "?efter=!!notacursor")
    assert response.status_code == 302


def test_worklist_status_filter(cw_client, make_case, caseworker):
    from visitator.cases import services

    a = make_case()
    b = make_case()
    services.case_transition(user=caseworker, case=b, to_status=Status.ASSESSMENT)
    body = cw_client.get(reverse("cases:worklist") + "?status=assessment").content.decode()
    assert b.number in body and a.number not in body


def test_send_a_receipt_with_the_deadline_once(cw_client, make_case):
    from visitator.letters.models import Letter

    case = make_case()
    assert "Send kvittering" in cw_client.get(reverse("cases:detail", args=[case.id])).content.decode()
    assert cw_client.post(reverse("cases:receipt", args=[case.id])).status_code == 302
    letter = Letter.objects.get(case=case, kind="receipt")
    assert letter.complaint_deadline is None
    page = cw_client.get(reverse("cases:detail", args=[case.id])).content.decode()
    assert "Send kvittering" not in page and "Kvittering for ansøgning" in page
    cw_client.post(reverse("cases:receipt", args=[case.id]))
    assert Letter.objects.filter(case=case, kind="receipt").count() == 1
