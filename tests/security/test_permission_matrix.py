"""Every URL of the product x every role, as one table (issue 11: "no way around the roles").

Each row is a URL name, the method asked with, and the answer for each role, in the order of ROLES:

    anon      not logged in
    prov      a provider's staff member (leverandør)
    trans     the transport office (kørselskontor)
    cw        caseworker (sagsbehandler)
    tl        team leader (teamleder)
    adm       the municipality's administrator
    other     a caseworker of another municipality
    dpo       the data protection officer (databeskyttelse): the access log, nothing of the cases

Answers: L = sent to the login page; R = sent on to another page of the product (a form's success or
"not here, go there"); 200, 400 (bad input, shown again), 403, 404, 405 = that status. Deny is the
default: a URL the resolver knows that is missing here fails the test, and so does any answer that
differs from the table. The Django admin is checked separately (platform operator only).

GET rows ask for the page; POST rows send an empty form (nothing valid to do, so nothing changes,
tests/audit/test_access_log_table.py) and show who gets as far as the form's check.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from visitator.casefile.models import CaseFileBundle
from visitator.cases import services as case_services
from visitator.complaints.models import Complaint
from visitator.core import clock
from visitator.decisions.models import Hearing
from visitator.demo.data import load_demo
from visitator.fileaccess.models import AccessRequest
from visitator.grants.models import Grant, TransportOrder
from visitator.letters.models import Letter, PrintJob
from visitator.offers.models import Offer

pytestmark = pytest.mark.django_db

ROLES = ("anon", "prov", "trans", "cw", "tl", "adm", "other", "dpo")

# fmt: off
MATRIX: dict[str, tuple[str, str]] = {
    # name                                method   anon prov trans cw tl adm other dpo
    "administration:home":                 ("GET",  "L 403 403 403 403 200 403 403"),
    "administration:second_approval":      ("GET",  "L 403 403 403 403 200 403 403"),
    "administration:user_edit":            ("GET",  "L 403 403 403 403 200 403 403"),
    "administration:user_new":             ("GET",  "L 403 403 403 403 200 403 403"),
    "administration:user_password":        ("POST", "L 403 403 403 403 R 403 403"),
    "assessment:alternative":              ("POST", "L 403 403 400 403 403 404 403"),
    "assessment:consent":                  ("POST", "L 403 403 400 403 403 404 403"),
    "assessment:departure":                ("POST", "L 403 403 400 403 403 404 403"),
    "assessment:departures_report":        ("GET",  "L 403 403 200 200 403 200 403"),
    "assessment:edit":                     ("GET",  "L 403 403 200 200 403 404 403"),
    "assessment:judge":                    ("POST", "L 403 403 400 403 403 404 403"),
    "assessment:judge_all":                ("POST", "L 403 403 400 403 403 404 403"),
    "assessment:standard":                 ("GET",  "L 403 403 200 200 403 404 403"),
    "casefile:bundle_pdf":                 ("GET",  "L 403 403 200 200 403 404 403"),
    "casefile:bundle_zip":                 ("GET",  "L 403 403 200 200 403 404 403"),
    "casefile:case_akter":                 ("GET",  "L 403 403 200 200 403 404 403"),
    "cases:application_new":               ("GET",  "L 403 403 200 403 403 200 403"),
    "cases:citizen_edit":                  ("POST", "L 403 403 400 403 403 404 403"),
    "cases:deadline_notice":               ("POST", "L 403 403 400 403 403 404 403"),
    "cases:detail":                        ("GET",  "L 403 403 200 200 403 404 403"),
    "cases:document_add":                  ("POST", "L 403 403 400 403 403 404 403"),
    "cases:document_download":             ("GET",  "L 403 403 200 200 403 404 403"),
    "cases:journal_extract":               ("GET",  "L 403 403 200 200 403 404 403"),
    "cases:note_add":                      ("POST", "L 403 403 400 403 403 404 403"),
    "cases:reassign":                      ("POST", "L 403 403 403 400 403 403 403"),
    "cases:receipt":                       ("POST", "L 403 403 R 403 403 404 403"),
    "cases:representative_new":            ("POST", "L 403 403 400 403 403 404 403"),
    "cases:search":                        ("GET",  "L 403 403 200 200 403 200 403"),
    "cases:target_group":                  ("POST", "L 403 403 R 403 403 404 403"),
    "cases:transition":                    ("POST", "L 403 403 400 403 403 404 403"),
    "cases:worklist":                      ("GET",  "L R R 200 200 R 200 R"),
    "complaints:carry_out":                ("POST", "L 403 403 400 403 403 404 403"),
    "complaints:case":                     ("GET",  "L 403 403 200 200 403 404 403"),
    "complaints:forward":                  ("POST", "L 403 403 400 403 403 404 403"),
    "complaints:lateness":                 ("POST", "L 403 403 400 403 403 404 403"),
    "complaints:new":                      ("POST", "L 403 403 400 403 403 404 403"),
    "complaints:outcome":                  ("POST", "L 403 403 400 403 403 404 403"),
    "complaints:reconsider":               ("POST", "L 403 403 400 403 403 404 403"),
    "complaints:withdraw":                 ("POST", "L 403 403 400 403 403 404 403"),
    "decisions:decide":                    ("GET",  "L 403 403 200 200 403 404 403"),
    "decisions:draft":                     ("GET",  "L 403 403 200 200 403 404 403"),
    "decisions:draft_discard":             ("POST", "L 403 403 400 403 403 404 403"),
    "decisions:draft_pdf":                 ("GET",  "L 403 403 200 200 403 404 403"),
    "decisions:draft_review":              ("POST", "L 403 403 400 400 403 404 403"),
    "decisions:draft_send":                ("POST", "L 403 403 400 403 403 404 403"),
    "decisions:draft_submit":              ("POST", "L 403 403 400 403 403 404 403"),
    "decisions:draft_texts":               ("POST", "L 403 403 400 403 403 404 403"),
    "decisions:exception_record":          ("POST", "L 403 403 400 403 403 404 403"),
    "decisions:hearing":                   ("GET",  "L 403 403 200 200 403 404 403"),
    "decisions:hearing_send":              ("POST", "L 403 403 400 403 403 404 403"),
    "decisions:information_add":           ("POST", "L 403 403 400 403 403 404 403"),
    "decisions:response_record":           ("POST", "L 403 403 400 403 403 404 403"),
    "fileaccess:answer":                   ("POST", "L 403 403 400 403 403 404 403"),
    "fileaccess:case":                     ("GET",  "L 403 403 200 200 403 404 403"),
    "fileaccess:notice":                   ("POST", "L 403 403 400 403 403 404 403"),
    "fileaccess:register":                 ("POST", "L 403 403 400 403 403 404 403"),
    "fileaccess:request":                  ("GET",  "L 403 403 200 200 403 404 403"),
    "fileaccess:review":                   ("POST", "L 403 403 400 403 403 404 403"),
    "grants:assign_place":                 ("POST", "L 403 403 400 403 403 404 403"),
    "grants:case":                         ("GET",  "L 403 403 200 200 403 404 403"),
    "grants:change":                       ("POST", "L 403 403 400 403 403 404 403"),
    "grants:follow_up":                    ("POST", "L 403 403 400 403 403 404 403"),
    "grants:follow_ups":                   ("GET",  "L 403 403 200 200 403 200 403"),
    "grants:transport":                    ("GET",  "L 403 200 200 200 403 200 403"),
    "grants:transport_acknowledge":        ("POST", "L 403 R 403 403 403 403 403"),
    "grants:transport_edit":               ("POST", "L 403 403 400 403 403 404 403"),
    "grants:waiting":                      ("GET",  "L 403 403 200 200 403 200 403"),
    "jobs:notification_read":              ("POST", "L 403 403 R 404 403 404 403"),
    "jobs:notifications":                  ("GET",  "L 403 403 200 200 403 200 403"),
    "jobs:notifications_read_all":         ("POST", "L 403 403 R R 403 R 403"),
    "letters:contact_settings":            ("GET",  "L 403 403 403 403 200 403 403"),
    "letters:download":                    ("GET",  "L 403 403 200 200 403 404 403"),
    "letters:print_job_printed":           ("POST", "L 403 403 R 403 403 404 403"),
    "letters:print_queue":                 ("GET",  "L 403 403 200 403 403 200 403"),
    "letters:staff_contact_save":          ("POST", "L 403 403 403 403 404 403 403"),
    "letters:unit_contact_save":           ("POST", "L 403 403 403 403 400 403 403"),
    "login":                               ("GET",  "200 200 200 200 200 200 200 200"),
    "logout":                              ("POST", "L L L L L L L L"),
    "offers:edit":                         ("GET",  "L 403 403 403 403 200 403 403"),
    "offers:import":                       ("GET",  "L 403 403 403 403 200 403 403"),
    "offers:list":                         ("GET",  "L 403 403 200 200 200 200 403"),
    "overview":                            ("GET",  "L 403 403 200 200 403 200 403"),
    "people:representative_edit":          ("GET",  "L 403 403 200 403 403 404 403"),
    "people:representative_end":           ("POST", "L 403 403 400 403 403 404 403"),
    "people:search":                       ("GET",  "L 403 403 200 200 403 200 403"),
    # The citizen portal (/borger/): anonymous visitors go to the portal's own login page (R); no staff
    # role reaches a citizen's pages. Citizens and representatives are checked in tests/portal.
    "portal:access_log":                   ("GET",  "R 403 403 403 403 403 403 403"),
    "portal:apply":                        ("GET",  "R 403 403 403 403 403 403 403"),
    "portal:apply_receipt":                ("GET",  "R 403 403 403 403 403 403 403"),
    "portal:apply_review":                 ("GET",  "R 403 403 403 403 403 403 403"),
    "portal:case":                         ("GET",  "R 403 403 403 403 403 403 403"),
    "portal:citizen":                      ("GET",  "R 403 403 403 403 403 403 403"),
    "portal:complain":                     ("POST", "R 403 403 403 403 403 403 403"),
    "portal:file_access":                  ("POST", "R 403 403 403 403 403 403 403"),
    "portal:hearing_answer":               ("POST", "R 403 403 403 403 403 403 403"),
    "portal:home":                         ("GET",  "R 403 403 403 403 403 403 403"),
    "portal:letter":                       ("GET",  "R 403 403 403 403 403 403 403"),
    "portal:login":                        ("GET",  "200 200 200 200 200 200 200 200"),
    "portal:login_failed":                 ("GET",  "403 403 403 403 403 403 403 403"),
    "portal:logout":                       ("POST", "R R R R R R R R"),
    # No identity provider runs during this test: the login start says so (503), never a 500.
    "portal:oidc_authenticate":            ("GET",  "503 503 503 503 503 503 503 503"),
    "portal:oidc_callback":                ("GET",  "R R R R R R R R"),
    # The development identity provider (VISITATOR_DEV only): the protocol's own answers.
    "oauth2_provider:authorize":           ("GET",  "400 400 400 400 400 400 400 400"),
    "oauth2_provider:jwks-info":           ("GET",  "200 200 200 200 200 200 200 200"),
    "oauth2_provider:oidc-connect-discovery-info": ("GET", "200 200 200 200 200 200 200 200"),
    "oauth2_provider:token":               ("POST", "400 400 400 400 400 400 400 400"),
    "oauth2_provider:user-info":           ("GET",  "401 401 401 401 401 401 401 401"),
    "provider:attendance":                 ("GET",  "L R 403 403 403 403 403 403"),
    "provider:attendance_week":            ("GET",  "L 200 403 403 403 403 403 403"),
    "provider:grant_detail":               ("GET",  "L 200 403 403 403 403 403 403"),
    "provider:grant_list":                 ("GET",  "L 200 403 403 403 403 403 403"),
    "provider:order_accept":               ("POST", "L 400 403 403 403 403 403 403"),
    "provider:progress_add":               ("POST", "L 400 403 403 403 403 403 403"),
    "security:otp_enrol":                  ("GET",  "L 200 200 200 200 200 200 200"),
    "security:otp_verify":                 ("GET",  "L R R R R R R R"),
    # The REST API (docs/api.md): session or bearer token; 401 without either. Scopes are checked in
    # tests/api. The test's demo data has no udredning, so its detail answers 404 to everyone here.
    "api:access-log-detail":             ("GET",  "401 403 403 403 403 403 403 200"),
    "api:access-log-list":               ("GET",  "401 403 403 403 403 403 403 200"),
    "api:assessment-detail":             ("GET",  "401 404 404 404 404 404 404 404"),
    "api:assessment-list":               ("GET",  "401 403 403 200 200 403 200 403"),
    "api:case-detail":                   ("GET",  "401 403 403 200 200 403 404 403"),
    "api:case-list":                     ("GET",  "401 403 403 200 200 403 200 403"),
    "api:citizen-detail":                ("GET",  "401 403 403 200 200 403 404 403"),
    "api:citizen-list":                  ("GET",  "401 403 403 200 200 403 200 403"),
    "api:complaint-detail":              ("GET",  "401 403 403 200 200 403 404 403"),
    "api:complaint-list":                ("GET",  "401 403 403 200 200 403 200 403"),
    "api:decision-detail":               ("GET",  "401 403 403 200 200 403 404 403"),
    "api:decision-list":                 ("GET",  "401 403 403 200 200 403 200 403"),
    "api:docs":                          ("GET",  "200 200 200 200 200 200 200 200"),
    "api:follow-up-detail":              ("GET",  "401 403 403 200 200 403 404 403"),
    "api:follow-up-list":                ("GET",  "401 403 403 200 200 403 200 403"),
    "api:grant-detail":                  ("GET",  "401 403 403 200 200 403 404 403"),
    "api:grant-list":                    ("GET",  "401 403 403 200 200 403 200 403"),
    "api:letter-detail":                 ("GET",  "401 403 403 200 200 403 404 403"),
    "api:letter-list":                   ("GET",  "401 403 403 200 200 403 200 403"),
    "api:letter-pdf":                    ("GET",  "401 403 403 200 200 403 404 403"),
    "api:offer-detail":                  ("GET",  "401 403 403 200 200 200 404 403"),
    "api:offer-list":                    ("GET",  "401 403 403 200 200 200 200 403"),
    "api:schema":                        ("GET",  "200 200 200 200 200 200 200 200"),
    "api:standard-detail":               ("GET",  "401 403 403 200 200 200 404 403"),
    "api:standard-list":                 ("GET",  "401 403 403 200 200 200 200 403"),
    "dpo:log_search":                    ("GET",  "L 403 403 403 403 403 403 200"),
    "dpo:unusual_patterns":              ("GET",  "L 403 403 403 403 403 403 200"),
    "figures:drilldown":                 ("GET",  "L 403 403 403 200 403 403 403"),
    "figures:management":                ("GET",  "L 403 403 403 200 403 403 403"),
    "figures:public_deadlines":          ("GET",  "200 200 200 200 200 200 200 200"),
    "figures:public_deadlines_municipality": ("GET",  "200 200 200 200 200 200 200 200"),
}
# fmt: on


def _patterns(patterns=None, namespace: str = "", prefix: str = "") -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for p in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(p, URLResolver):
            if p.namespace != "admin":
                found += _patterns(p.url_patterns, p.namespace or namespace, prefix + str(p.pattern))
        elif isinstance(p, URLPattern) and p.name:
            found.append((f"{namespace}:{p.name}" if namespace else p.name, prefix + str(p.pattern)))
    return found


def test_every_url_has_a_row():
    names = {name for name, _pattern in _patterns()}
    assert sorted(names - set(MATRIX)) == [], "add these URLs to the permission matrix"
    assert sorted(set(MATRIX) - names) == [], "these rows name no URL"


@pytest.fixture
def world(caseworker, other_caseworker):
    """The demo data (every state of a case), a document, a representative; one user per role."""
    from visitator.decisions.models import DecisionDraft
    from visitator.jobs.models import Notification
    from visitator.jobs.sweep import run_daily_sweep
    from visitator.people.models import Representative
    from visitator.people.services import representative_add

    with clock.frozen(dt.date(2026, 12, 1)):
        load_demo(citizens=30)
        run_daily_sweep()
    users = {
        "prov": User.objects.get(username="leverandoer"),
        "trans": User.objects.get(username="koerselskontor"),
        "cw": User.objects.get(username="sagsbehandler"),
        "tl": User.objects.get(username="teamleder"),
        "adm": User.objects.get(username="administrator"),
        "other": other_caseworker,
        "dpo": User.objects.get(username="databeskyttelse"),
    }
    grant = Grant.objects.exclude(status__in=["stopped", "waiting"]).select_related("case").first()
    document = case_services.document_add(
        user=users["cw"],
        case=grant.case,
        title="Udtalelse",
        upload=SimpleUploadedFile("u.pdf", b"%PDF-1.4 udtalelse", "application/pdf"),
        origin="citizen",
    )
    representative = representative_add(
        user=users["cw"],
        citizen=grant.case.citizen,
        kind=Representative.Kind.POWER_OF_ATTORNEY,
        name="Bo Hansen",
        valid_from=dt.date(2026, 1, 1),
        power_of_attorney_received=dt.date(2026, 1, 1),
        address_line="Fuldmagtsvej 3",
        postcode="9640",
        city="Farsø",
    )
    draft = DecisionDraft.objects.filter(status="draft").first()
    complaint = Complaint.objects.first()
    request = AccessRequest.objects.first()
    ids = {
        "document_id": document.id,
        "representative_id": representative.id,
        "letter_id": Letter.objects.filter(case=grant.case).first().id,
        "job_id": PrintJob.objects.first().id,
        "unit_id": users["cw"].membership.unit_id,
        "user_id": users["prov"].id,
        "draft_id": draft.id,
        "grant_id": grant.id,
        "goal_id": grant.goals.first().id,
        "order_id": TransportOrder.objects.first().id,
        "bundle_id": CaseFileBundle.objects.first().id,
        "complaint_id": complaint.id,
        "request_id": request.id,
        "notification_id": Notification.objects.filter(recipient=users["cw"]).first().id,
        "year": 2026,
        "week": 49,
        "citizen_id": grant.case.citizen_id,
        "municipality": grant.case.municipality.slug,
        "hearing_id": Hearing.objects.filter(case=grant.case).values_list("id", flat=True).first()
        or Hearing.objects.values_list("id", flat=True).first(),
        "offer_id": Offer.objects.filter(provider__municipality=grant.case.municipality).first().id,
    }
    case_of = {
        "complaints:": complaint.case_id,
        "fileaccess:": request.case_id,
        "decisions:draft": draft.case_id,
    }
    return users, ids, case_of, grant.case_id


def _api_pk(name: str):
    """The id of the first record a REST API detail URL (`api:<basename>-detail`, a DRF router) shows."""
    from django.apps import apps

    from visitator.api import views

    basename = name.removeprefix("api:").removesuffix("-detail").removesuffix("-pdf")
    viewset = {
        "citizen": views.CitizenViewSet,
        "case": views.CaseViewSet,
        "assessment": views.AssessmentViewSet,
        "decision": views.DecisionViewSet,
        "letter": views.LetterViewSet,
        "grant": views.GrantViewSet,
        "follow-up": views.FollowUpViewSet,
        "complaint": views.ComplaintViewSet,
        "offer": views.OfferViewSet,
        "standard": views.StandardViewSet,
        "access-log": views.AccessLogViewSet,
    }[basename]
    model = getattr(viewset, "model", None) or apps.get_model("audit", "AccessLog")
    return model.objects.order_by("pk").values_list("pk", flat=True).first()


def kwargs_for(name: str, pattern: str, ids: dict, case_of: dict, case_id) -> dict:
    if name.startswith("api:") and "(?P<pk>" in pattern:
        return {"pk": _api_pk(name)}
    kwargs = {k: v for k, v in ids.items() if f":{k}>" in pattern}
    if ":case_id>" in pattern:
        kwargs["case_id"] = next((c for prefix, c in case_of.items() if name.startswith(prefix)), case_id)
    return kwargs


def answer(response) -> str:
    if response.status_code in (301, 302, 303):
        path = response["Location"].split("?")[0]
        return "L" if path == reverse("login") else "R"
    return str(response.status_code)


def test_the_permission_matrix(world):
    users, ids, case_of, case_id = world
    patterns = dict(_patterns())
    found: dict[str, tuple[str, ...]] = {}
    problems = []
    for name in sorted(patterns):
        url = reverse(name, kwargs=kwargs_for(name, patterns[name], ids, case_of, case_id))
        if name in MATRIX:
            method = MATRIX[name][0]
        else:  # a new URL: find out whether it is a form's POST, for the row to review
            probe = Client()
            probe.force_login(users["cw"])
            method = "POST" if probe.get(url).status_code == 405 else "GET"
        row = []
        for role in ROLES:
            client = Client()
            if role != "anon":
                client.force_login(users[role])
            with clock.frozen(dt.date(2026, 12, 1)):
                response = client.get(url) if method == "GET" else client.post(url, {})
            row.append(answer(response))
        found[name] = (method, *row)
        if name in MATRIX and tuple(MATRIX[name][1].split()) != tuple(row):
            problems.append(f"{name}: table says {MATRIX[name][1]!r}, the product answers {' '.join(row)!r}")
    if any(name not in MATRIX for name in found):
        problems.append(
            "rows to review and add:\n"
            + "\n".join(f'    "{n}": ("{m}", "{" ".join(r)}"),' for n, (m, *r) in sorted(found.items()))
        )
    assert problems == [], "\n".join(problems)


def test_the_django_admin_is_for_the_platform_operator_only(world, make_user):
    users, *_rest = world
    for role, user in users.items():
        user.is_staff = True  # even with staff status (the demo's administrator has it)
        user.save()
        client = Client()
        client.force_login(user)
        for url in (
            reverse("admin:index"),
            reverse("admin:auth_user_changelist"),
            reverse("admin:auth_user_add"),
        ):
            response = client.get(url)
            assert response.status_code == 302, (role, url)
            assert response["Location"].startswith(reverse("admin:login")), (role, url)
    operator = make_user(None, None, "operatoer")
    operator.is_staff = operator.is_superuser = True
    operator.save()
    client = Client()
    client.force_login(operator)
    assert client.get(reverse("admin:auth_user_changelist")).status_code == 200
