"""Every page, download and export that shows personal data leaves the access-log rows it must
(Datatilsynet: every use of personal data is logged with user, person and kind of use), and every URL of
the product is in this table or among the pages that show no personal data.

A new URL fails `test_every_url_is_in_the_table` until it is added here with the rows it writes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from visitator.audit.models import AccessLog
from visitator.casefile.models import CaseFileBundle
from visitator.cases import services as case_services
from visitator.cases.models import Case
from visitator.complaints.models import Complaint
from visitator.core import clock
from visitator.demo.data import load_demo
from visitator.fileaccess.models import AccessRequest
from visitator.grants.models import Grant
from visitator.letters.models import Letter

pytestmark = pytest.mark.django_db

#: Pages that show no personal data, each with the reason. `test_pages_without_personal_data_show_none`
#: opens each and checks that no citizen's name or CPR number is on it.
NO_PERSONAL_DATA: dict[str, str] = {
    "login": "the sign-in form",
    "logout": "signs out and redirects to the sign-in form",
    "overview": "links to the lists, no citizen",
    "offers:list": "the offers (tilbud) and their places: no citizen",
    "offers:import": "the form that imports offers from Tilbudsportalen: no citizen",
    "cases:application_new": "a CPR look-up form; the look-up itself is a POST, logged as a search",
    "people:search": "the search form; the search is a POST, logged with the masked criterion",
    "cases:search": "the header search form; the search is a POST, logged with the masked criterion",
    "administration:home": "links, the municipality's staff and standards: no citizen",
    "letters:contact_settings": "the units' and staff's contact block for letters: no citizen",
    "letters:unit_contact_save": "saves a unit's contact block: staff data, no citizen",
    "letters:staff_contact_save": "saves a caseworker's direct line: staff data, no citizen",
    "provider:attendance": "redirects to this week's grid (provider:attendance_week, in READS)",
    "security:otp_verify": "the second login step: a code, no citizen",
    "security:otp_enrol": "setting up the authenticator app: no citizen",
    "administration:user_new": "staff users (event log), no citizen",
    "administration:user_edit": "staff users (event log), no citizen",
    "administration:user_password": "staff users (event log), no citizen",
    "administration:second_approval": "the municipality's four-eyes setting (event log), no citizen",
    "offers:edit": "one offer's places, address and status (event log), no citizen",
    "figures:public_deadlines": "public: the deadlines of the standards in force",
    "figures:public_deadlines_municipality": "the same, one municipality",
    "dpo:log_search": "the DPO's search form; the search and the export are POSTs, logged by dpo.selectors",
    "api:schema": "the OpenAPI schema: no data",
    "api:docs": "the browsable docs (Swagger UI): no data",
}

#: Who opens each page of NO_PERSONAL_DATA (the role that may see it); POST-only ones are not opened.
NO_PERSONAL_DATA_GET = {
    "overview": "sagsbehandler",
    "offers:list": "sagsbehandler",
    "offers:import": "administrator",
    "cases:application_new": "sagsbehandler",
    "people:search": "sagsbehandler",
    "cases:search": "sagsbehandler",
    "administration:home": "administrator",
    "letters:contact_settings": "administrator",
    "provider:attendance": "leverandoer",
    "administration:user_new": "administrator",
    "administration:second_approval": "administrator",
    "figures:public_deadlines": "sagsbehandler",
}

#: The REST API's endpoints. A machine client reads them with a token; every list and detail is checked
#: for its access-log rows (one per record shown, "api: …", with citizen and case) per endpoint in
#: tests/api/test_endpoints.py; offers and standards hold no personal data.
API = {
    f"api:{name}-{kind}"
    for name in (
        "citizen",
        "case",
        "assessment",
        "decision",
        "letter",
        "grant",
        "follow-up",
        "complaint",
        "offer",
        "standard",
        "access-log",
    )
    for kind in ("list", "detail")
} | {"api:letter-pdf"}

#: POST-only URLs that create, change or send: each is logged by its service (pinned in the service
#: tests of its app); here they are checked to change nothing and log nothing on an empty POST.
WRITES = {
    "cases:transition",
    "cases:note_add",
    "cases:document_add",
    "cases:deadline_notice",
    "cases:receipt",
    "cases:target_group",
    "cases:citizen_edit",
    "cases:representative_new",
    "letters:print_job_printed",
    "assessment:judge",
    "assessment:judge_all",
    "assessment:alternative",
    "assessment:departure",
    "assessment:consent",
    "decisions:information_add",
    "decisions:hearing_send",
    "decisions:response_record",
    "decisions:exception_record",
    "grants:assign_place",
    "grants:follow_up",
    "grants:change",
    "provider:order_accept",
    "provider:progress_add",
    "complaints:new",
    "complaints:lateness",
    "complaints:reconsider",
    "complaints:forward",
    "complaints:outcome",
    "complaints:carry_out",
    "complaints:withdraw",
    "fileaccess:register",
    "fileaccess:notice",
    "fileaccess:review",
    "fileaccess:answer",
    "cases:reassign",
    "grants:transport_edit",
    "grants:transport_acknowledge",
    "decisions:draft_texts",
    "decisions:draft_send",
    "decisions:draft_submit",
    "decisions:draft_review",
    "decisions:draft_discard",
    "people:representative_end",
    "jobs:notifications_read_all",
    "jobs:notification_read",
}


#: Writes whose empty POST is a complete, meaningful request, with the reason.
#: The citizen portal (/borger/): its users log in through OpenID Connect only, never force_login, so the
#: rows its pages write are checked in tests/portal/test_isolation.py (every page, as two citizens and a
#: representative). The login pages show no personal data.
PORTAL_READS = {
    "portal:home": ("view", "portal: forside"),
    "portal:citizen": ("view", "portal: sager"),
    "portal:case": ("view", "portal: sag"),
    "portal:letter": ("download", "portal: brev"),
    "portal:access_log": ("view", "portal: adgangslog"),
    "portal:apply": ("view", "portal: ansøgning, udfyld"),
    "portal:apply_receipt": ("view", "portal: kvittering"),
}
#: The review step shows the answers kept in the session and sends the application (logged as a
#: create, "portal: ansøgning"; tests/portal/test_apply.py); the answer to a partshøring ("portal:
#: høringssvar"; tests/portal/test_hearing.py); a complaint ("portal: klage"; test_complaint.py); a
#: request for access to the file ("portal: aktindsigt"; test_file_access.py).
PORTAL_WRITES = {"portal:apply_review", "portal:hearing_answer", "portal:complain", "portal:file_access"}
PORTAL_NO_PERSONAL_DATA = {
    "portal:login",
    "portal:oidc_authenticate",
    "portal:oidc_callback",
    "portal:login_failed",
    "portal:logout",
}
#: The development identity provider (VISITATOR_DEV=1 only): fictitious test persons, no citizen data.
DEV_IDP = {
    "oauth2_provider:authorize",
    "oauth2_provider:token",
    "oauth2_provider:user-info",
    "oauth2_provider:jwks-info",
    "oauth2_provider:oidc-connect-discovery-info",
}

EMPTY_IS_A_REQUEST = {
    "letters:print_job_printed": "a button without fields: pressing it marks the letter printed",
    "cases:target_group": "two checkboxes: an empty form says that neither target-group basis is met",
}


@dataclass(frozen=True)
class Read:
    """A GET that shows personal data: the rows it must write."""

    who: str  # the demo user who asks
    rows: frozenset[tuple[str, str]]  # (action, what) that must appear
    #: One row per citizen shown (list pages), or rows about the one case asked for.
    list_page: bool = False
    #: The day the page is asked on (a list that shows citizens only near their deadlines).
    on: dt.date | None = None


def rows(*pairs: tuple[str, str]) -> frozenset[tuple[str, str]]:
    return frozenset(pairs)


READS: dict[str, Read] = {
    "cases:worklist": Read("sagsbehandler", rows(("view", "arbejdsliste")), list_page=True),
    "cases:detail": Read("sagsbehandler", rows(("view", "sag"))),
    "cases:document_download": Read("sagsbehandler", rows(("download", "sag: dokument"))),
    "letters:download": Read("sagsbehandler", rows(("download", "sag: brev"))),
    "letters:print_queue": Read("sagsbehandler", rows(("view", "printkø")), list_page=True),
    "assessment:edit": Read("sagsbehandler", rows(("view", "sag: udredning"))),
    "assessment:standard": Read("sagsbehandler", rows(("view", "sag: vurdering"))),
    "assessment:departures_report": Read(
        "sagsbehandler", rows(("view", "rapport: afvigelser")), list_page=True
    ),
    "decisions:hearing": Read("sagsbehandler", rows(("view", "sag: partshøring"))),
    "decisions:decide": Read("sagsbehandler", rows(("view", "sag: afgørelse"))),
    "grants:case": Read("sagsbehandler", rows(("view", "sag: bevilling og opfølgning"))),
    "grants:follow_ups": Read(
        "sagsbehandler", rows(("view", "opfølgningsliste")), list_page=True, on=dt.date(2027, 12, 1)
    ),
    "grants:waiting": Read("sagsbehandler", rows(("view", "venteliste")), list_page=True),
    "grants:transport": Read("koerselskontor", rows(("view", "kørselsbestillinger")), list_page=True),
    "provider:grant_list": Read("leverandoer", rows(("view", "leverandør: borgerliste")), list_page=True),
    "provider:grant_detail": Read("leverandoer", rows(("view", "leverandør: bevilling"))),
    "casefile:case_akter": Read("sagsbehandler", rows(("view", "sag: akter"))),
    "casefile:bundle_pdf": Read("sagsbehandler", rows(("download", "sag: sagens akter (pdf)"))),
    "casefile:bundle_zip": Read("sagsbehandler", rows(("download", "sag: sagens akter (zip)"))),
    "complaints:case": Read("sagsbehandler", rows(("view", "sag: klager"))),
    "fileaccess:case": Read(
        "sagsbehandler", rows(("view", "sag: aktindsigt"), ("view", "aktindsigt: anmodninger"))
    ),
    "jobs:notifications": Read("sagsbehandler", rows(("view", "påmindelser")), list_page=True),
    "cases:journal_extract": Read("sagsbehandler", rows(("export", "sag: journaludskrift"))),
    "decisions:draft": Read("sagsbehandler", rows(("view", "sag: afgørelse, udkast"))),
    "decisions:draft_pdf": Read("sagsbehandler", rows(("export", "sag: udkast til brev"))),
    "people:representative_edit": Read("sagsbehandler", rows(("view", "sag: repræsentant"))),
    "provider:attendance_week": Read(
        "leverandoer", rows(("view", "leverandør: fremmøde, uge")), list_page=True
    ),
    "fileaccess:request": Read(
        "sagsbehandler", rows(("view", "sag: aktindsigt"), ("view", "aktindsigt: gennemgang"))
    ),
    # Counts only (no citizen); the use of the figures is logged all the same.
    "figures:management": Read("teamleder", rows(("view", "ledelsestal"))),
    "figures:drilldown": Read("teamleder", rows(("view", "ledelsestal: sager")), list_page=True),
    # Staff data, no citizen: which employees viewed many citizens outside their cases.
    "dpo:unusual_patterns": Read("databeskyttelse", rows(("view", "dpo: usædvanlige mønstre"))),
}


def _names(patterns: list[URLPattern | URLResolver], namespace: str = "") -> set[str]:
    names: set[str] = set()
    for p in patterns:
        if isinstance(p, URLResolver):
            if p.namespace == "admin":
                continue  # the platform operator's Django admin (logged by Django's admin log)
            names |= _names(p.url_patterns, p.namespace or namespace)
        elif p.name:
            names.add(f"{namespace}:{p.name}" if namespace else p.name)
    return names


def _unnamed(patterns: list[URLPattern | URLResolver], prefix: str = "") -> list[str]:
    found: list[str] = []
    for p in patterns:
        if isinstance(p, URLResolver):
            if p.namespace != "admin":
                found += _unnamed(p.url_patterns, prefix + str(p.pattern))
        elif not p.name:
            found.append(prefix + str(p.pattern))
    return found


def test_every_url_is_in_the_table():
    names = _names(get_resolver().url_patterns)
    portal = set(PORTAL_READS) | PORTAL_WRITES | PORTAL_NO_PERSONAL_DATA | DEV_IDP | API
    missing = sorted(names - set(READS) - WRITES - set(NO_PERSONAL_DATA) - portal)
    assert missing == [], "add these URLs to the access-log table with the rows they write"
    assert sorted((set(READS) | WRITES | set(NO_PERSONAL_DATA) | portal) - names) == []
    assert set(READS) & WRITES == set() and (set(READS) | WRITES) & set(NO_PERSONAL_DATA) == set()
    assert set(NO_PERSONAL_DATA_GET) <= set(NO_PERSONAL_DATA)
    assert all(reason.strip() for reason in NO_PERSONAL_DATA.values())


def test_a_url_without_a_name_cannot_escape_the_table():
    assert _unnamed(get_resolver().url_patterns) == []


def test_the_table_notices_a_new_url_that_shows_personal_data(settings):
    """The check above, run against the product's URLs plus one new page: it must name the page."""
    from django.http import HttpResponse
    from django.urls import include, path

    new_page = path("sager/<int:case_id>/ny-side/", lambda request, case_id: HttpResponse(), name="new_page")
    extended = [*get_resolver().url_patterns, path("", include(([new_page], "cases_extra")))]
    names = _names(extended)
    portal = set(PORTAL_READS) | PORTAL_WRITES | PORTAL_NO_PERSONAL_DATA | DEV_IDP | API
    missing = names - set(READS) - WRITES - set(NO_PERSONAL_DATA) - portal
    assert sorted(missing) == ["cases_extra:new_page"]


@pytest.fixture
def world(caseworker):
    """The demo data (every state, complaints, access requests, bundles), plus a case document."""
    from visitator.jobs.sweep import run_daily_sweep

    with clock.frozen(dt.date(2026, 12, 1)):
        load_demo(citizens=30)
        run_daily_sweep()
    grant = Grant.objects.exclude(status__in=["stopped", "waiting"]).select_related("case").first()
    worker = User.objects.get(username="sagsbehandler")
    document = case_services.document_add(
        user=worker,
        case=grant.case,
        title="Udtalelse",
        upload=SimpleUploadedFile("u.pdf", b"%PDF-1.4 udtalelse", "application/pdf"),
        origin="citizen",
    )
    letter = Letter.objects.filter(case=grant.case).first()
    from visitator.decisions.models import DecisionDraft
    from visitator.people.models import Representative
    from visitator.people.services import representative_add

    draft = DecisionDraft.objects.filter(status="draft").first()
    representative = representative_add(
        user=worker,
        citizen=grant.case.citizen,
        kind=Representative.Kind.POWER_OF_ATTORNEY,
        name="Bo Hansen",
        valid_from=dt.date(2026, 1, 1),
        power_of_attorney_received=dt.date(2026, 1, 1),
        address_line="Fuldmagtsvej 3",
        postcode="9640",
        city="Farsø",
    )
    bundle = CaseFileBundle.objects.select_related("case").first()
    complaint = Complaint.objects.first()
    request = AccessRequest.objects.first()
    return {
        "cases:detail": {"case_id": grant.case_id},
        "cases:document_download": {"case_id": grant.case_id, "document_id": document.id},
        "letters:download": {"case_id": grant.case_id, "letter_id": letter.id},
        "assessment:edit": {"case_id": grant.case_id},
        "assessment:standard": {"case_id": grant.case_id},
        "decisions:hearing": {"case_id": grant.case_id},
        "decisions:decide": {"case_id": grant.case_id},
        "grants:case": {"case_id": grant.case_id},
        "provider:grant_detail": {"grant_id": grant.id},
        "casefile:case_akter": {"case_id": grant.case_id},
        "casefile:bundle_pdf": {"bundle_id": bundle.id},
        "casefile:bundle_zip": {"bundle_id": bundle.id},
        "complaints:case": {"case_id": complaint.case_id},
        "fileaccess:case": {"case_id": request.case_id},
        "fileaccess:request": {"case_id": request.case_id, "request_id": request.id},
        "cases:journal_extract": {"case_id": grant.case_id},
        "decisions:draft": {"case_id": draft.case_id, "draft_id": draft.id},
        "decisions:draft_pdf": {"case_id": draft.case_id, "draft_id": draft.id},
        "people:representative_edit": {"case_id": grant.case_id, "representative_id": representative.id},
        "provider:attendance_week": {"year": 2026, "week": 49},
    }


def test_every_page_with_personal_data_writes_its_access_log_rows(world):
    problems = []
    for name, read in READS.items():
        client = Client()
        user = User.objects.get(username=read.who)
        client.force_login(user)
        kwargs = world.get(name, {})
        before = AccessLog.objects.order_by("-id").values_list("id", flat=True).first() or 0
        with clock.frozen(read.on or clock.today()):
            response = client.get(reverse(name, kwargs=kwargs))
        written = list(AccessLog.objects.filter(id__gt=before))
        if response.status_code != 200:
            problems.append(f"{name}: status {response.status_code}")
            continue
        found = {(r.action, r.what) for r in written}
        if not read.rows <= found:
            problems.append(f"{name}: wrote {sorted(found)}, must write {sorted(read.rows)}")
        if any(r.user_id != user.id or not r.username for r in written):
            problems.append(f"{name}: a row without the user")
        if read.list_page:
            listed = [r for r in written if (r.action, r.what) in read.rows]
            if not listed or any(r.citizen_id is None for r in listed):
                problems.append(f"{name}: no list rows, or a list row without its citizen")
        else:
            case_id = kwargs.get("case_id")
            if case_id:
                citizen_id = Case.objects.values_list("citizen_id", flat=True).get(pk=case_id)
                if not any(r.case_id == case_id and r.citizen_id == citizen_id for r in written):
                    problems.append(f"{name}: no row names the case and its citizen")
    assert problems == [], "\n".join(problems)


def test_pages_without_personal_data_show_none(world):
    """Each page listed as showing no personal data renders (or redirects) without any citizen's name
    or CPR number, and writes no access-log row about a citizen."""
    from visitator.people.models import Citizen

    citizens = list(Citizen.objects.all())
    assert len(citizens) >= 30
    problems = []
    for name, who in sorted(NO_PERSONAL_DATA_GET.items()):
        client = Client()
        client.force_login(User.objects.get(username=who))
        last = AccessLog.objects.order_by("-id").values_list("id", flat=True).first() or 0
        response = client.get(reverse(name))
        if response.status_code not in (200, 302):
            problems.append(f"{name}: status {response.status_code}")
            continue
        body = response.content.decode()
        shown = [
            c.pk
            for c in citizens
            if c.cpr in body or f"{c.cpr[:6]}-{c.cpr[6:]}" in body or f"{c.first_name} {c.last_name}" in body
        ]
        if shown:
            problems.append(f"{name}: shows citizens {shown}")
        if AccessLog.objects.filter(id__gt=last, citizen__isnull=False).exists():
            problems.append(f"{name}: wrote an access-log row about a citizen")
    assert problems == [], "\n".join(problems)


def test_an_empty_post_to_any_write_changes_nothing_and_logs_no_change(world):
    """Bad input gets a clear answer (never a 500) and writes no event and no create/change row."""
    from visitator.audit.models import Event
    from visitator.letters.models import PrintJob

    grant = Grant.objects.get(id=world["provider:grant_detail"]["grant_id"])
    case_id = grant.case_id
    complaint_case = world["complaints:case"]["case_id"]
    complaint = Complaint.objects.filter(case_id=complaint_case).first()
    request = AccessRequest.objects.get(id=world["fileaccess:request"]["request_id"])
    job = PrintJob.objects.first()
    from visitator.grants.models import TransportOrder
    from visitator.jobs.models import Notification

    by_kind = {
        "draft_id": world["decisions:draft"]["draft_id"],
        "representative_id": world["people:representative_edit"]["representative_id"],
        "order_id": TransportOrder.objects.first().id,
        "notification_id": Notification.objects.first().id,
        "grant_id": grant.id,
        "goal_id": grant.goals.first().id,
        "job_id": job.id,
        "complaint_id": complaint.id,
        "request_id": request.id,
    }
    problems = []
    for name in sorted(WRITES):
        who = "leverandoer" if name.startswith("provider:") else "sagsbehandler"
        client = Client()
        client.force_login(User.objects.get(username=who))
        pattern = next(p for p in _patterns() if p[0] == name)[1]
        kwargs = {k: v for k, v in by_kind.items() if f"<{k}>" in pattern or f":{k}>" in pattern}
        if ":case_id>" in pattern:
            if name.startswith("complaints:"):
                kwargs["case_id"] = complaint_case
            elif name.startswith("fileaccess:"):
                kwargs["case_id"] = request.case_id
            elif name.startswith("decisions:draft"):
                kwargs["case_id"] = world["decisions:draft"]["case_id"]
            else:
                kwargs["case_id"] = case_id
        events = Event.objects.count()
        last = AccessLog.objects.order_by("-id").values_list("id", flat=True).first() or 0
        response = client.post(reverse(name, kwargs=kwargs), {})
        changed = AccessLog.objects.filter(id__gt=last, action__in=["create", "change", "delete", "export"])
        if response.status_code >= 500:
            problems.append(f"{name}: status {response.status_code}")
        if name not in EMPTY_IS_A_REQUEST and (Event.objects.count() != events or changed.exists()):
            problems.append(f"{name}: an empty POST changed something: {[r.what for r in changed]}")
    assert problems == [], "\n".join(problems)


def _patterns(patterns=None, namespace: str = "", prefix: str = "") -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for p in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(p, URLResolver):
            if p.namespace != "admin":
                found += _patterns(p.url_patterns, p.namespace or namespace, prefix + str(p.pattern))
        elif p.name:
            found.append((f"{namespace}:{p.name}" if namespace else p.name, prefix + str(p.pattern)))
    return found
