"""The case journal: every event of a case with who did it by name, filterable by kind, printable as a
PDF/A journal extract; the number of queries does not grow with the number of entries."""

import datetime as dt
import io

import pikepdf
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from visitator.assessment import services as assessment
from visitator.audit.models import AccessLog
from visitator.cases import extensions, selectors
from visitator.cases import services as case_services
from visitator.cases.selectors import TimelineEntry, case_timeline
from visitator.core import clock
from visitator.decisions import services as decisions
from visitator.organisation.roles import CASEWORKER, PROVIDER
from visitator.people.models import Representative
from visitator.people.services import (
    citizen_update,
    representative_add,
    representative_end,
    representative_update,
)

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 12, 1)
EVERY_KIND = {
    "status",
    "assignment",
    "note",
    "document",
    "information",
    "hearing",
    "assessment",
    "consent",
    "decision",
    "letter",
    "grant",
    "citizen",
}


@pytest.fixture
def named(caseworker):
    caseworker.first_name, caseworker.last_name = "Sara", "Holm"
    caseworker.save()
    return caseworker


@pytest.fixture
def colleague(make_user, unit):
    user = make_user(CASEWORKER, unit, "kim")
    user.first_name, user.last_name = "Kim", "Kollega"
    user.save()
    return user


def _pdf():
    return SimpleUploadedFile("udtalelse.pdf", b"%PDF-1.4 test", content_type="application/pdf")


def _fill(case, user, colleague, *, rounds: int = 1) -> None:
    """Everything that can happen to a case before its decision, `rounds` times where it can repeat."""
    for i in range(rounds):
        case_services.journal_note_add(user=user, case=case, text=f"Borgeren ringede ({i}).", kind="phone")
        case_services.document_add(
            user=user, case=case, title=f"Lægeudtalelse {i}", upload=_pdf(), origin="citizen"
        )
        assessment.consent_record(
            user=user, case=case, kind="consent_11a", on=clock.today(), scope="Egen læge"
        )
        assessment.alternative_record(
            user=user, case=case, alternative="sel_85", consideration="Dækker ikke behovet."
        )
        case_services.case_assign(user=user, case=case, caseworker=colleague if i % 2 == 0 else user)
    for rule, judgement in [
        ("reduced_function", "met"),
        ("social_problems", "not_met"),
        ("other_activities_cover_need", "does_not_apply"),
    ]:
        assessment.criterion_judge(user=user, case=case, rule_id=rule, judgement=judgement, reason="Skønnet.")
    case_services.receipt_send(user=user, case=case)
    case_services.deadline_notice_send(
        user=user, case=case, expected_decision_on=clock.today() + dt.timedelta(days=30), reason="Ventetid."
    )
    info = decisions.hearing_information_add(
        user=user, case=case, source="Udtalelse fra bostedet", summary="Deltager to dage.", received_on=TODAY
    )
    other = decisions.hearing_information_add(
        user=user, case=case, source="Udtalelse fra egen læge", summary="Kan deltage.", received_on=TODAY
    )
    hearing = decisions.hearing_send(
        user=user,
        case=case,
        information=[info],
        planned_decision="Vi forventer at bevilge tre dage.",
        response_deadline=TODAY + dt.timedelta(days=14),
    )
    decisions.hearing_response_record(user=user, hearing=hearing, received_on=TODAY, summary="Enig.")
    decisions.hearing_exception_record(
        user=user, case=case, information=other, ground="ubetaenkeligt", reason="Til gunst for borgeren."
    )
    citizen = case.citizen
    citizen_update(user=user, citizen=citizen, version=citizen.version, phone="12345678")
    rep = representative_add(
        user=user,
        citizen=citizen,
        kind=Representative.Kind.GUARDIAN,
        name="Vibeke Værge (testperson)",
        valid_from=dt.date(2026, 1, 1),
        address_line="Værgevej 1",
        postcode="9670",
        city="Løgstør",
    )
    rep = representative_update(user=user, representative=rep, version=1, phone="87654321")
    representative_end(user=user, representative=rep, version=2, ended_on=TODAY, reason="Ophævet.")


@pytest.fixture
def full_case(make_case, named, colleague, grant_terms):
    with clock.frozen(TODAY):
        case = make_case(user=named, note="Ansøgning modtaget pr. telefon.")
        _fill(case, named, colleague)
        decisions.decision_make(
            user=named,
            case=case,
            outcome="granted",
            applied_for="Aktivitets- og samværstilbud",
            legal_rules=["Serviceloven § 104"],
            grant_terms=grant_terms(),
        )
    case.refresh_from_db()
    return case


def test_the_journal_holds_every_kind_of_event_with_who_by_name(full_case):
    entries = case_timeline(full_case)
    assert {e.kind for e in entries} >= EVERY_KIND
    assert [e.at for e in entries] == sorted(e.at for e in entries)
    assert {e.by for e in entries} == {"Sara Holm"}  # never the user name "sara"
    titles = [e.title for e in entries]
    for expected in [
        "Ansøgning registreret",
        "Telefonsamtale",
        "Dokument: Lægeudtalelse 0",
        "Oplysning modtaget: Udtalelse fra bostedet",
        "Partshøring sendt",
        f"Svar på partshøringen modtaget {TODAY:%d.%m.%Y}",
        "Ingen partshøring om: Udtalelse fra egen læge",
        "Samtykke til at indhente oplysninger (RSL § 11 a)",
        "Anden hjælp overvejet: Socialpædagogisk støtte (serviceloven § 85)",
        "Sagen er tildelt en sagsbehandler",
        "Fristvarsel sendt",
        "Brev sendt: Kvittering for ansøgning",
        "Afgørelse på ansøgning: Bevilget",
        "Status: Afgjort: Bevilget",
        "Bevilling oprettet",
        "Borgerens oplysninger ændret",
        "Repræsentant tilføjet",
        "Repræsentant ændret",
        "Repræsentant ophørt",
    ]:
        assert expected in titles, expected
    assert any(t.startswith("Vurdering: ") and t.endswith("Opfyldt") for t in titles)
    by_title = {e.title: e for e in entries}
    assert "Til Kim Kollega." in by_title["Sagen er tildelt en sagsbehandler"].text
    assert "Telefon: »(tom)« → »12345678«" in by_title["Borgerens oplysninger ændret"].text
    # Each letter once: the hearing and the decision carry their own letter.
    letters = [e.letter for e in entries if e.letter is not None]
    assert len(letters) == len({letter.pk for letter in letters}) == full_case.letters.count() == 4
    assert by_title["Partshøring sendt"].letter.kind == "hearing"


def test_the_filter_shows_only_the_kinds_chosen(full_case):
    notes = case_timeline(full_case, ["note"])
    assert {e.kind for e in notes} == {"note"} and len(notes) == 2  # the application's note and the call
    letters = case_timeline(full_case, ["letter"])
    # Alone, the letters show every letter, the hearing's and the decision's included.
    assert {e.kind for e in letters} == {"letter"}
    assert {e.letter.kind for e in letters if e.letter} == {"receipt", "deadline_notice", "hearing", "grant"}
    both = case_timeline(full_case, ["letter", "hearing"])
    assert sum(1 for e in both if e.letter is not None and e.letter.kind == "hearing") == 1


def test_the_apps_entries_name_the_person(full_case, monkeypatch):
    def source(case):
        return [TimelineEntry(clock.now(), "complaint", "Klage modtaget", "", "sara")]

    monkeypatch.setattr(extensions, "_timeline_sources", [source])
    [entry] = case_timeline(full_case, ["complaint"])
    assert entry.by == "Sara Holm"


def _count(case) -> int:
    with CaptureQueriesContext(connection) as queries:
        case_timeline(case)
    return len(queries)


def test_the_number_of_queries_does_not_grow_with_the_entries(
    make_case, named, colleague, grant_terms, monkeypatch
):
    monkeypatch.setattr(extensions, "_timeline_sources", [])
    with clock.frozen(TODAY):
        small = make_case(user=named)
        _fill(small, named, colleague, rounds=1)
        large = make_case(user=named)
        _fill(large, named, colleague, rounds=4)
    assert len(case_timeline(large)) > len(case_timeline(small)) + 10
    # status, notes, documents, information, hearings (+ responses, their users), exceptions,
    # judgements, alternatives, departures, consents, decisions, letters, deadline notices, events,
    # the assigned caseworkers' names.
    assert _count(small) == _count(large) == 17


def test_the_registered_apps_add_no_query_per_entry(make_case, named, colleague):
    """Whatever apps are registered (complaints, access to the file): still no query per entry."""
    with clock.frozen(TODAY):
        small = make_case(user=named)
        _fill(small, named, colleague, rounds=1)
        large = make_case(user=named)
        _fill(large, named, colleague, rounds=3)
    assert _count(small) == _count(large)


# -- the case page and the journal extract --------------------------------------------------------------


def test_the_case_page_filters_the_journal_by_kind(client, full_case, named):
    client.force_login(named)
    url = reverse("cases:detail", args=[full_case.id])
    page = client.get(url, {"vis": ["note", "ukendt"]})
    timeline = page.context["timeline"]
    assert {e.kind for e in timeline} == {"note"}
    body = page.content.decode()
    assert 'value="note" id="vis-note" checked' in body
    assert f"{reverse('cases:journal_extract', args=[full_case.id])}?vis=note" in body
    assert "Borgeren ringede (0)." in body and "Lægeudtalelse 0" not in body
    everything = client.get(url)
    assert len(everything.context["timeline"]) > len(timeline)


def test_the_journal_extract_is_a_pdf_a_listing_the_entries(client, full_case, named):
    client.force_login(named)
    response = client.get(reverse("cases:journal_extract", args=[full_case.id]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "no-store"
    assert response["Content-Disposition"] == f'attachment; filename="{full_case.number}-journal.pdf"'
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(" ".join(page.extract_text() or "" for page in reader.pages).split())
    assert f"Journaludskrift for sag {full_case.number}" in text
    for expected in ["Ansøgning registreret", "Partshøring sendt", "Repræsentant ophørt", "Sara Holm"]:
        assert expected in text
    assert full_case.citizen.cpr not in text and full_case.citizen.cpr_masked in text
    with pikepdf.open(io.BytesIO(response.content)) as pdf:
        meta = pdf.open_metadata()
        assert meta["{http://www.aiim.org/pdfa/ns/id/}part"] == "2"
    log = AccessLog.objects.get(action="export", case_id=full_case.id)
    assert log.what == "sag: journaludskrift" and log.detail == "udvalg: alle"


def test_the_journal_extract_follows_the_filter(client, full_case, named):
    client.force_login(named)
    response = client.get(reverse("cases:journal_extract", args=[full_case.id]), {"vis": "letter"})
    text = " ".join(PdfReader(io.BytesIO(response.content)).pages[0].extract_text().split())
    assert "Udvalg: Breve" in text and "Fristvarsel sendt" in text and "Telefonsamtale" not in text
    assert AccessLog.objects.get(action="export").detail == "udvalg: letter"


def test_the_journal_extract_permissions(client, full_case, team_leader, other_caseworker, make_user):
    url = reverse("cases:journal_extract", args=[full_case.id])
    client.force_login(team_leader)
    assert client.get(url).status_code == 200
    client.force_login(other_caseworker)
    assert client.get(url).status_code == 404
    client.force_login(make_user(PROVIDER, None, "lene"))
    assert client.get(url).status_code == 403
    client.logout()
    assert client.get(url).status_code == 302
    assert AccessLog.objects.filter(action="export").count() == 1


def test_an_empty_selection_prints_a_journal_saying_so(client, make_case, named):
    case = make_case(user=named)
    client.force_login(named)
    response = client.get(reverse("cases:journal_extract", args=[case.id]), {"vis": "complaint"})
    text = " ".join(PdfReader(io.BytesIO(response.content)).pages[0].extract_text().split())
    assert "Ingen hændelser i det valgte udvalg." in text


def test_kinds_outside_the_list_are_ignored():
    assert selectors.clean_kinds(["note", "note", "x", "letter"]) == ["note", "letter"]
