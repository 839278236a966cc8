"""Each endpoint, per scope and role: what a machine client sees, and the access-log rows it leaves."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from visitator.api.models import Scope
from visitator.api.services import api_token_create, api_token_revoke
from visitator.assessment.models import Assessment
from visitator.audit.models import AccessLog
from visitator.cases.models import Case
from visitator.complaints.models import Complaint
from visitator.core import clock
from visitator.decisions.models import Decision
from visitator.grants.models import FollowUp, Grant
from visitator.letters.models import Letter
from visitator.people.models import Citizen

pytestmark = pytest.mark.django_db

#: Endpoint, its scope, the model behind it, and the access log's "what" ("" for no personal data).
ENDPOINTS = [
    ("citizens", Scope.CITIZENS_READ, Citizen, "api: borger"),
    ("cases", Scope.CASES_READ, Case, "api: sag"),
    ("assessments", Scope.CASES_READ, Assessment, "api: udredning"),
    ("decisions", Scope.CASES_READ, Decision, "api: afgørelse"),
    ("letters", Scope.LETTERS_READ, Letter, "api: brev"),
    ("grants", Scope.GRANTS_READ, Grant, "api: bevilling"),
    ("follow-ups", Scope.GRANTS_READ, FollowUp, "api: opfølgning"),
    ("complaints", Scope.CASES_READ, Complaint, "api: klage"),
    ("offers", Scope.OFFERS_READ, None, ""),
    ("standards", Scope.STANDARDS_READ, None, ""),
]


def _last_log_id() -> int:
    return AccessLog.objects.order_by("-id").values_list("id", flat=True).first() or 0


@pytest.mark.parametrize(("path", "scope", "model", "what"), ENDPOINTS)
def test_a_list_shows_the_municipality_s_records_and_logs_each_citizen_shown(
    world, api, path, scope, model, what
):
    client = api(world, [scope])
    before = _last_log_id()
    response = client.get(f"/api/v1/{path}/", {"page_size": 200})
    assert response.status_code == 200, response.content
    results = response.json()["results"]
    assert results, f"the demo data has {path}"
    if model is not None:
        assert len(results) == model.objects.count()
    rows = list(AccessLog.objects.filter(id__gt=before))
    if what:
        assert len(rows) == len(results)
        assert {r.what for r in rows} == {what}
        assert all(r.citizen_id and r.user_id == world.id for r in rows)
    else:
        assert rows == []


@pytest.mark.parametrize(("path", "scope", "model", "what"), ENDPOINTS)
def test_a_token_without_the_scope_is_refused_in_danish(world, api, path, scope, model, what):
    others = [s for s in Scope.values if s != scope]
    response = api(world, others).get(f"/api/v1/{path}/")
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["title"] == "Ingen adgang"
    assert body["status"] == 403
    assert body["detail"] == "Nøglen har ikke adgang til dette endepunkt."


def test_no_token_is_401_with_a_bearer_challenge(world):
    response = Client().get("/api/v1/cases/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert response.json()["title"] == "Ikke logget ind"


def test_a_revoked_or_expired_token_is_refused(world):
    token, key = api_token_create(user=world, name="Gammel", scopes=[Scope.CASES_READ])
    client = Client(headers={"Authorization": f"Bearer {key}"})
    assert client.get("/api/v1/cases/").status_code == 200
    api_token_revoke(token=token)
    response = client.get("/api/v1/cases/")
    assert response.status_code == 401
    assert response.json()["detail"] == "Ugyldig, udløbet eller tilbagekaldt nøgle."
    _expired, key = api_token_create(
        user=world,
        name="Udløbet",
        scopes=[Scope.CASES_READ],
        expires_at=clock.now() - dt.timedelta(minutes=1),
    )
    assert Client(headers={"Authorization": f"Bearer {key}"}).get("/api/v1/cases/").status_code == 401


def test_the_key_is_stored_only_as_its_hash(world):
    token, key = api_token_create(user=world, name="Hash", scopes=[Scope.CASES_READ])
    token.refresh_from_db()
    assert key not in (token.key_hash, token.prefix)
    assert key.startswith(token.prefix)


def test_an_unknown_scope_is_refused_when_the_token_is_made(world):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="Ukendte adgange: cases:write"):
        api_token_create(user=world, name="Forkert", scopes=["cases:write"])


def test_retrieving_a_case_logs_one_view_with_case_and_citizen(world, api):
    case = Case.objects.first()
    before = _last_log_id()
    response = api(world, [Scope.CASES_READ]).get(f"/api/v1/cases/{case.id}/")
    assert response.status_code == 200
    assert response.json()["number"] == case.number
    [row] = AccessLog.objects.filter(id__gt=before)
    assert (row.action, row.what, row.case_id, row.citizen_id) == (
        "view",
        "api: sag",
        case.id,
        case.citizen_id,
    )


def test_another_municipality_s_case_is_not_found(world, api, other_caseworker):
    case = Case.objects.first()
    response = api(other_caseworker).get(f"/api/v1/cases/{case.id}/")
    assert response.status_code == 404
    assert response.json()["title"] == "Ikke fundet"
    listed = api(other_caseworker).get("/api/v1/cases/").json()["results"]
    assert listed == []


def test_the_same_roles_as_the_web_ui_transport_office_or_dpo_reads_no_cases(world, api, dpo, make_user):
    from visitator.organisation.roles import TRANSPORT_OFFICE

    office = make_user(TRANSPORT_OFFICE, dpo.membership.unit, "karl")
    assert api(office).get("/api/v1/cases/").status_code == 403
    assert api(dpo).get("/api/v1/cases/").status_code == 403


def test_keyset_pages_walk_every_case_once_in_order_of_receipt(world, api):
    client = api(world, [Scope.CASES_READ])
    seen: list[str] = []
    url = "/api/v1/cases/?page_size=5"
    pages = 0
    while url:
        body = client.get(url).json()
        seen += [c["id"] for c in body["results"]]
        url = body["next"]
        pages += 1
    expected = [str(i) for i in Case.objects.order_by("received_at", "id").values_list("id", flat=True)]
    assert sorted(seen) == sorted(expected)
    assert len(seen) == len(set(seen))
    assert pages == -(-len(expected) // 5)
    received = [Case.objects.get(id=i).received_at for i in seen]
    assert received == sorted(received)


def test_a_bad_filter_is_a_400_problem_naming_the_field_in_danish(world, api):
    response = api(world, [Scope.CASES_READ]).get("/api/v1/cases/", {"citizen": "ikke-et-id", "status": "x"})
    assert response.status_code == 400
    body = response.json()
    assert body["title"] == "Ugyldig forespørgsel"
    assert {"field": "citizen", "detail": "Skal være et UUID."} in body["errors"]


def test_filters_narrow_the_list(world, api):
    case = Case.objects.filter(decisions__isnull=False).first()
    client = api(world)
    cases = client.get("/api/v1/cases/", {"citizen": str(case.citizen_id)}).json()["results"]
    assert {c["citizen"] for c in cases} == {str(case.citizen_id)}
    decisions = client.get("/api/v1/decisions/", {"case": str(case.id)}).json()["results"]
    assert len(decisions) == Decision.objects.filter(case=case).count() > 0


def test_a_letter_downloads_as_pdf_and_the_download_is_logged(world, api):
    letter = Letter.objects.select_related("case").first()
    before = _last_log_id()
    response = api(world, [Scope.LETTERS_READ]).get(f"/api/v1/letters/{letter.id}/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert response["Cache-Control"] == "no-store"
    rows = AccessLog.objects.filter(id__gt=before, action="download")
    assert [(r.what, r.case_id) for r in rows] == [("api: brev (pdf)", letter.case_id)]


def test_the_access_log_is_for_the_dpo_and_its_use_is_logged(world, api, dpo):
    assert api(world, [Scope.ACCESS_LOG_READ]).get("/api/v1/access-log/").status_code == 403
    case = Case.objects.first()
    api(world, [Scope.CASES_READ]).get(f"/api/v1/cases/{case.id}/")  # a caseworker views the case
    client = api(dpo, [Scope.ACCESS_LOG_READ])
    client.get("/api/v1/access-log/", {"citizen": str(case.citizen_id)})  # the DPO's first search
    before = _last_log_id()
    response = client.get("/api/v1/access-log/", {"citizen": str(case.citizen_id), "action": "view"})
    assert response.status_code == 200
    results = response.json()["results"]
    assert results and {r["citizen"] for r in results} == {str(case.citizen_id)}
    assert {r["action"] for r in results} == {"view"}
    assert {"username": "sagsbehandler", "what": "api: sag"}.items() <= results[0].items()
    [own] = AccessLog.objects.filter(id__gt=before)
    assert (own.action, own.what, own.user_id) == ("search", "api: adgangslog, søgning", dpo.id)
    assert own.detail == f"borger {case.citizen_id}; handling view"
    bad = client.get("/api/v1/access-log/", {"from": "2026-12-02", "to": "2026-12-01"})
    assert bad.status_code == 400
    assert bad.json()["errors"] == [{"field": "to", "detail": "Slutdatoen ligger før startdatoen."}]


def test_the_browsable_docs_and_schema_are_public_and_show_no_personal_data(world):
    client = Client()
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    assert b"/api/v1/cases/" in schema.content
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    assert b"swagger" in docs.content.lower()


@pytest.mark.parametrize(("path", "scope", "model", "what"), [e for e in ENDPOINTS if e[2] is not None])
def test_a_detail_logs_one_view_with_its_citizen_and_case(world, api, path, scope, model, what):
    record = model.objects.order_by("pk").first()
    before = _last_log_id()
    response = api(world, [scope]).get(f"/api/v1/{path}/{record.pk}/")
    assert response.status_code == 200
    assert response.json()["id"] in (str(record.pk), record.pk)
    [row] = AccessLog.objects.filter(id__gt=before)
    assert (row.action, row.what, row.user_id) == ("view", what, world.id)
    citizen_id = record.pk if model is Citizen else row.citizen_id
    assert row.citizen_id == citizen_id is not None
    if model is not Citizen:
        case_id = {FollowUp: lambda r: r.grant.case_id, Case: lambda r: r.pk}.get(model, lambda r: r.case_id)(
            record
        )
        assert row.case_id == case_id


def test_offers_and_standards_hold_no_personal_data_and_log_nothing(world, api):
    before = _last_log_id()
    client = api(world, [Scope.OFFERS_READ, Scope.STANDARDS_READ])
    standards = client.get("/api/v1/standards/").json()["results"]
    assert [(s["service_code"], s["version"], s["status"]) for s in standards] == [
        ("sel-104", "1", "published")
    ]
    assert standards[0]["content"]["deadlines"]["decision"]["period"] == {"amount": 8, "unit": "weeks"}
    assert client.get("/api/v1/offers/").status_code == 200
    assert not AccessLog.objects.filter(id__gt=before).exists()


def test_the_console_creates_a_working_token_and_revokes_it(world):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command(
        "api-token",
        "create",
        "--user",
        "sagsbehandler",
        "--name",
        "ESDH",
        "--scope",
        "cases:read",
        stdout=out,
    )
    key = out.getvalue().split("Key (shown once): ")[1].strip()
    client = Client(headers={"Authorization": f"Bearer {key}"})
    assert client.get("/api/v1/cases/").status_code == 200
    token_id = out.getvalue().split()[1]
    call_command("api-token", "revoke", token_id, stdout=StringIO())
    assert client.get("/api/v1/cases/").status_code == 401
