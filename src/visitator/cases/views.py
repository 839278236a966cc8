"""Caseworker views: thin layers over services and selectors."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from visitator.audit.models import AccessAction
from visitator.audit.services import access_log
from visitator.core import clock
from visitator.core.forms import add_service_errors, handle_form
from visitator.core.http import StaffRequest
from visitator.organisation.roles import (
    ADMINISTRATOR,
    CASEWORKER,
    DATA_PROTECTION_OFFICER,
    PROVIDER,
    READ_CASES,
    TEAM_LEADER,
    TRANSPORT_OFFICE,
    WRITE_CASES,
    has_role,
    membership_of,
    require_role,
)
from visitator.people.models import Citizen
from visitator.people.selectors import citizen_find_by_cpr, citizen_get
from visitator.people.services import (
    CITIZEN_FIELDS,
    StaleEdit,
    citizen_create,
    citizen_update,
    representative_add,
)
from visitator.standards.selectors import StandardNotInForce

from . import extensions, selectors, services
from .forms import (
    ApplicationForm,
    CitizenEditForm,
    CitizenForm,
    CprForm,
    DeadlineNoticeForm,
    DocumentForm,
    NoteForm,
    ReassignForm,
    RepresentativeForm,
    SearchForm,
    TargetGroupForm,
    TransitionForm,
)
from .lifecycle import Status, TransitionError, allowed_targets
from .models import Case, Document, DocumentOrigin


def _worklist_url(*, scope: str, status: str, sort: str) -> str:
    return f"{reverse('cases:worklist')}?{urlencode({'visning': scope, 'status': status, 'sortering': sort})}"


def _worklist_context(
    request: StaffRequest,
    page: selectors.WorklistPage,
    *,
    first_page: bool,
    reassign_form: ReassignForm | None = None,
) -> dict[str, Any]:
    """What the worklist page (and its "show more" rows) needs. A team leader looking at the unit's
    cases gets the checkboxes and the form to move them to another caseworker."""
    can_reassign = page.scope == selectors.UNIT and has_role(request.user, TEAM_LEADER)
    if can_reassign and reassign_form is None:
        membership = membership_of(request.user)
        reassign_form = ReassignForm(caseworkers=services.unit_caseworkers(membership.unit_id))
    ticked: set[str] = set()
    if reassign_form is not None and isinstance(reassign_form.data, QueryDict):
        ticked = set(reassign_form.data.getlist("cases"))
    return {
        "page": page,
        "panels": extensions.worklist_panels(request.user) if first_page else [],
        "status_choices": [(selectors.AWAITING, _("Afventer afgørelse")), *Status.choices],
        "sort_choices": [
            (selectors.BY_DEADLINE, _("Frist for afgørelse")),
            (selectors.BY_RECEIVED, _("Modtaget (ældste først)")),
            (selectors.BY_CITIZEN, _("Borgerens navn")),
        ],
        "can_write": has_role(request.user, *WRITE_CASES),
        "can_reassign": can_reassign,
        "reassign_form": reassign_form if can_reassign else None,
        "ticked": ticked,
        "today": clock.today(),
    }


@login_required
@require_GET
def worklist(request: StaffRequest) -> HttpResponse:
    # The front page for everyone: staff without case access land on their own list.
    if not has_role(request.user, *READ_CASES):
        if has_role(request.user, PROVIDER):
            return redirect("provider:grant_list")
        if has_role(request.user, TRANSPORT_OFFICE):
            return redirect("grants:transport")
        if has_role(request.user, ADMINISTRATOR):
            return redirect("administration:home")
        if has_role(request.user, DATA_PROTECTION_OFFICER):
            return redirect("dpo:log_search")
    # Caseworkers start with their own cases; team leaders with the unit's.
    default_scope = selectors.MINE if has_role(request.user, CASEWORKER) else selectors.UNIT
    scope = request.GET.get("visning", default_scope)
    status = request.GET.get("status", selectors.AWAITING)
    sort = request.GET.get("sortering", selectors.BY_DEADLINE)
    after = request.GET.get("efter")
    try:
        page = selectors.worklist(user=request.user, scope=scope, status=status, after=after, sort=sort)
    except selectors.BadCursor:
        messages.error(request, _("Linket til næste side er ugyldigt. Listen vises fra begyndelsen."))
        return redirect(_worklist_url(scope=scope, status=status, sort=sort))
    context = _worklist_context(request, page, first_page=not after)
    if request.htmx and after:
        return render(request, "cases/_worklist_rows.html", context)
    return render(request, "cases/worklist.html", context)


@login_required
@require_POST
def reassign(request: StaffRequest) -> HttpResponse:
    """A team leader moves the ticked cases of the unit's worklist to another caseworker, with a
    reason. A case moved by someone else meanwhile is left alone; sending the form twice moves once."""
    membership = require_role(request.user, TEAM_LEADER)
    form = ReassignForm(request.POST, caseworkers=services.unit_caseworkers(membership.unit_id))
    status = request.POST.get("back_status", selectors.AWAITING)
    sort = request.POST.get("back_sort", selectors.BY_DEADLINE)
    if form.is_valid():
        caseworker = form.cleaned_data["caseworker"]
        try:
            result = services.case_reassign(
                user=request.user,
                cases=form.seen_caseworkers(),
                caseworker=caseworker,
                reason=form.cleaned_data["reason"],
            )
        except Case.DoesNotExist as exc:
            raise Http404 from exc
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            name = caseworker.get_full_name() or caseworker.get_username()
            if result.moved:
                messages.success(
                    request,
                    ngettext(
                        "%(count)d sag er flyttet til %(name)s: %(numbers)s.",
                        "%(count)d sager er flyttet til %(name)s: %(numbers)s.",
                        len(result.moved),
                    )
                    % {"count": len(result.moved), "name": name, "numbers": _numbers(result.moved)},
                )
            if result.already:
                messages.info(
                    request,
                    _("Allerede tildelt %(name)s: %(numbers)s.")
                    % {"name": name, "numbers": _numbers(result.already)},
                )
            if result.changed_meanwhile:
                messages.error(
                    request,
                    _(
                        "Flyttet af en anden, mens du havde listen åben, og derfor ikke ændret: "
                        "%(numbers)s. Se listen igen, og vælg på ny."
                    )
                    % {"numbers": _numbers(result.changed_meanwhile)},
                )
            return redirect(_worklist_url(scope=selectors.UNIT, status=status, sort=sort))
    page = selectors.worklist(user=request.user, scope=selectors.UNIT, status=status, sort=sort)
    context = _worklist_context(request, page, first_page=True, reassign_form=form)
    return render(request, "cases/worklist.html", context, status=400)


def _numbers(cases: list[Case]) -> str:
    return ", ".join(sorted(case.number for case in cases))


@login_required
def search(request: StaffRequest) -> HttpResponse:
    """Search citizens and cases by name, case number or CPR number. The form (also in the header on
    every page) is sent by POST, so the criterion never appears in a URL or a server log."""
    require_role(request.user, *READ_CASES)
    if request.method != "POST":
        return render(request, "cases/search.html", {"search_form": SearchForm(auto_id="id_search_%s")})
    form = SearchForm(request.POST, auto_id="id_search_%s")
    result = None
    if form.is_valid():
        try:
            result = selectors.search(user=request.user, text=form.cleaned_data["query"])
        except ValidationError as exc:
            add_service_errors(form, ValidationError({"query": exc.messages}))
        else:
            if result.kind == "cpr":
                # The page never repeats a CPR number: the field is emptied, the criterion masked.
                form = SearchForm(auto_id="id_search_%s")
    status = 200 if result is not None else 400
    return render(
        request,
        "cases/search.html",
        {"search_form": form, "result": result, "limit": selectors.SEARCH_LIMIT},
        status=status,
    )


@login_required
def application_new(request: StaffRequest) -> HttpResponse:
    """Register an application: look the citizen up by CPR (POST only), then register the case."""
    require_role(request.user, *WRITE_CASES)
    if request.method != "POST":
        return render(request, "cases/application_lookup.html", {"cpr_form": CprForm()})
    if request.POST.get("step") == "register":
        return _application_register(request)
    cpr_form = CprForm(request.POST)
    if not cpr_form.is_valid():
        return render(request, "cases/application_lookup.html", {"cpr_form": cpr_form}, status=400)
    cpr = cpr_form.cleaned_data["cpr"]
    citizen = citizen_find_by_cpr(user=request.user, cpr=cpr)
    return _render_application(request, citizen=citizen, cpr=cpr)


def _render_application(
    request: StaffRequest,
    *,
    citizen: Citizen | None,
    cpr: str,
    application_form: ApplicationForm | None = None,
    citizen_form: CitizenForm | None = None,
    status: int = 200,
) -> HttpResponse:
    if application_form is None:
        now = timezone.localtime(clock.now()).replace(second=0, microsecond=0)
        application_form = ApplicationForm(initial={"received_at": now, "channel": "digital"})
    if citizen is None and citizen_form is None:
        citizen_form = CitizenForm()
    open_cases = (
        list(citizen.cases.filter(awaiting_decision=True).only("id", "number", "status")) if citizen else []
    )
    return render(
        request,
        "cases/application_form.html",
        {
            "citizen": citizen,
            "cpr": cpr,
            "application_form": application_form,
            "citizen_form": citizen_form,
            "open_cases": open_cases,
        },
        status=status,
    )


def _application_register(request: StaffRequest) -> HttpResponse:
    cpr_form = CprForm(request.POST)
    if not cpr_form.is_valid():
        return render(request, "cases/application_lookup.html", {"cpr_form": cpr_form}, status=400)
    cpr = cpr_form.cleaned_data["cpr"]
    citizen: Citizen | None = None
    citizen_id = request.POST.get("citizen_id")
    if citizen_id:
        try:
            citizen = citizen_get(
                user=request.user, citizen_id=uuid.UUID(citizen_id), purpose="borger: ansøgning"
            )
        except (ValueError, Citizen.DoesNotExist) as exc:
            raise Http404 from exc
        if citizen.cpr != cpr:
            raise Http404
    application_form = ApplicationForm(request.POST)
    citizen_form = CitizenForm(request.POST) if citizen is None else None
    valid = application_form.is_valid() & (citizen_form is None or citizen_form.is_valid())
    if valid:
        try:
            with transaction.atomic():
                if citizen is None:
                    assert citizen_form is not None
                    citizen = citizen_create(user=request.user, cpr=cpr, **citizen_form.cleaned_data)
                data = application_form.cleaned_data
                case = services.case_receive(
                    user=request.user,
                    citizen=citizen,
                    received_at=data["received_at"],
                    channel=data["channel"],
                    target_group_reduced_function=data["target_group_reduced_function"],
                    target_group_social_problems=data["target_group_social_problems"],
                    note=data["note"],
                )
        except ValidationError as exc:
            if citizen_id is None:
                citizen = None
            add_service_errors(application_form, exc)
        except StandardNotInForce as exc:
            if citizen_id is None:
                citizen = None
            application_form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                _("Ansøgningen er registreret som sag %(number)s. Fristen for afgørelse er %(deadline)s.")
                % {"number": case.number, "deadline": case.decision_deadline.strftime("%d.%m.%Y")},
            )
            return redirect("cases:detail", case_id=case.id)
    return _render_application(
        request,
        citizen=citizen,
        cpr=cpr,
        application_form=application_form,
        citizen_form=citizen_form,
        status=400,
    )


#: Which page of a case was used, by URL name: the access log names it ("sag: udredning"), not only
#: "sag" (Datatilsynet: the log says what kind of use it was). Unknown names log as "sag".
CASE_PAGES: dict[str, str] = {
    "cases:detail": "",
    "assessment:edit": "udredning",
    "assessment:standard": "vurdering",
    "decisions:hearing": "partshøring",
    "decisions:decide": "afgørelse",
    "decisions:draft": "afgørelse, udkast",
    "decisions:draft_pdf": "afgørelse, udkast",
    "people:representative_edit": "repræsentant",
    "grants:case": "bevilling og opfølgning",
    "casefile:case_akter": "akter",
    "complaints:case": "klager",
    "fileaccess:case": "aktindsigt",
    "fileaccess:request": "aktindsigt",
}


def case_or_404(request: StaffRequest, case_id: uuid.UUID) -> Case:
    """The case of the user's municipality (404 otherwise), logged as viewed with the page used."""
    match = request.resolver_match
    page = CASE_PAGES.get(match.view_name, "") if match is not None else ""
    try:
        return selectors.case_detail(user=request.user, case_id=case_id, page=page)
    except Case.DoesNotExist as exc:
        raise Http404 from exc


# Statuses reached through their own flow, never by the plain status form: a hearing is sent from the
# hearing page (with its letter), a decision is made on the decision page (with its letter), and a
# case becomes active when its grant is ordered from the provider.
NOT_BY_HAND = frozenset({Status.HEARING, Status.DECIDED, Status.ACTIVE})


def manual_targets(case: Case) -> list[Status]:
    return [t for t in allowed_targets(case.status, case.outcome or None) if t not in NOT_BY_HAND]


def _timeline_context(request: StaffRequest, case: Case) -> dict[str, object]:
    """The journal on the case page, with the kinds chosen in the GET filter (kinds only)."""
    kinds = selectors.clean_kinds(request.GET.getlist("vis"))
    return {
        "timeline": selectors.case_timeline(case, kinds),
        "timeline_kinds": selectors.timeline_kinds(kinds),
        "timeline_filtered": bool(kinds),
        "timeline_query": "&".join(f"vis={kind}" for kind in kinds),
    }


def _case_context(request: StaffRequest, case: Case, **forms: object) -> dict[str, object]:
    targets = manual_targets(case)
    today = clock.today()
    representatives = list(case.citizen.representatives.all())
    context: dict[str, object] = {
        "case": case,
        "citizen": case.citizen,
        "age": case.citizen.age_on(today),
        "representatives": [r for r in representatives if not r.has_ended_by(today)],
        "former_representatives": [r for r in representatives if r.has_ended_by(today)],
        "deadline": selectors.case_deadline_status(case),
        **_timeline_context(request, case),
        "receipt_sent": case.letters.filter(kind="receipt").exists(),
        "can_write": has_role(request.user, *WRITE_CASES),
        "transition_form": TransitionForm(targets=targets) if targets else None,
        "note_form": NoteForm(),
        "document_form": DocumentForm(),
        "notice_form": DeadlineNoticeForm(prefix="varsel"),
        "citizen_form": CitizenEditForm(
            initial={
                **{name: getattr(case.citizen, name) for name in CITIZEN_FIELDS},
                "version": case.citizen.version,
            },
            prefix="borger",
        ),
        "representative_form": RepresentativeForm(prefix="rep", initial={"valid_from": clock.today()}),
        "target_group_form": TargetGroupForm(
            initial={
                "reduced_function": case.target_group_reduced_function,
                "social_problems": case.target_group_social_problems,
            }
        ),
    }
    context.update(forms)
    return context


@login_required
@require_GET
def case_detail(request: StaffRequest, case_id: uuid.UUID) -> HttpResponse:
    case = case_or_404(request, case_id)
    return render(request, "cases/case_detail.html", _case_context(request, case))


@login_required
@require_GET
def journal_extract(request: StaffRequest, case_id: uuid.UUID) -> HttpResponse:
    """The case journal as a PDF/A journal extract, with the kinds chosen on the case page (GET, kinds
    only); logged as an export, never cached."""
    from visitator.core.unprintable import UnprintableText

    from .journal_pdf import journal_render

    try:
        extract = selectors.case_journal_extract(
            user=request.user, case_id=case_id, kinds=request.GET.getlist("vis")
        )
    except Case.DoesNotExist as exc:
        raise Http404 from exc
    try:
        pdf = journal_render(extract)
    except UnprintableText as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(reverse("cases:detail", args=[extract.case.id]) + "#timeline")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{extract.case.number}-journal.pdf"'
    response["Cache-Control"] = "no-store"
    return response


def _case_page(request: StaffRequest, case: Case, status: int = 400, **forms: object) -> HttpResponse:
    """The case overview again, with the forms given (bound, with their errors)."""
    return render(request, "cases/case_detail.html", _case_context(request, case, **forms), status=status)


@login_required
@require_POST
def case_transition(request: StaffRequest, case_id: uuid.UUID) -> HttpResponse:
    require_role(request.user, *WRITE_CASES)
    case = case_or_404(request, case_id)
    form = TransitionForm(request.POST, targets=manual_targets(case))
    if form.is_valid():
        try:
            case = services.case_transition(
                user=request.user,
                case=case,
                to_status=form.cleaned_data["to_status"],
                reason=form.cleaned_data["reason"],
            )
        except TransitionError as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, _("Sagens status er nu »%(status)s«.") % {"status": case.get_status_display()}
            )
            return redirect("cases:detail", case_id=case.id)
    return _case_page(request, case, transition_form=form)


@login_required
@require_POST
def note_add(request: StaffRequest, case_id: uuid.UUID) -> HttpResponse:
    require_role(request.user, *WRITE_CASES)
    case = case_or_404(request, case_id)
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            services.journal_note_add(
                user=request.user, case=case, text=form.cleaned_data["text"], kind=form.cleaned_data["kind"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if request.htmx:
                return render(
                    request,
                    "cases/_timeline.html",
                    {
                        "case": case,
                        **_timeline_context(request, case),
                        "note_form": NoteForm(),
                        "can_write": True,
                    },
                )
            messages.success(request, _("Notatet er gemt."))
            return redirect("cases:detail", case_id=case.id)
    if request.htmx:
        return render(
            request,
            "cases/_timeline.html",
            {"case": case, **_timeline_context(request, case), "note_form": form, "can_write": True},
            status=400,
        )
    return _case_page(request, case, note_form=form)


@login_required
@require_GET
def document_download(request: StaffRequest, case_id: uuid.UUID, document_id: uuid.UUID) -> FileResponse:
    case = case_or_404(request, case_id)
    try:
        document = Document.objects.get(case=case, id=document_id)
    except Document.DoesNotExist as exc:
        raise Http404 from exc
    with transaction.atomic():
        access_log(
            user=request.user,
            action=AccessAction.DOWNLOAD,
            what="sag: dokument",
            case=case,
            detail=str(document.id),
        )
    extension = {
        "application/pdf": ".pdf",
        "image/png": ".png",
        "image/jpeg": ".jpg",
        "text/plain": ".txt",
    }.get(document.content_type, "")
    return FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=f"{case.number}-dokument{extension}",
        content_type=document.content_type,
    )


def post_case_form(
    request: StaffRequest,
    case_id: uuid.UUID,
    *,
    build: Callable[[Case], forms.Form],
    action: Callable[[Case, dict[str, Any]], str],
    success_url: Callable[[Case], str],
    rerender: Callable[[Case, forms.Form], HttpResponse],
) -> HttpResponse:
    """A write form on one of the case's pages: the role, the case (404 outside the municipality),
    then handle_form; on errors the page is shown again with the form (the service changed nothing)."""
    require_role(request.user, *WRITE_CASES)
    case = case_or_404(request, case_id)
    return handle_form(
        request,
        build(case),
        action=lambda data: action(case, data),
        success_url=success_url(case),
        on_error=lambda form: rerender(case, form),
    )


def post_page_form(
    request: StaffRequest,
    case_id: uuid.UUID,
    build: Callable[[Case], forms.Form],
    action: Callable[[Case, dict[str, Any]], str],
    context_name: str,
    *,
    url_name: str,
    page: Callable[..., HttpResponse],
) -> HttpResponse:
    """post_case_form for a case page that shows itself again as `page(request, case, status=400,
    **{context_name: form})` and is found at `url_name`."""
    return post_case_form(
        request,
        case_id,
        build=build,
        action=action,
        success_url=lambda case: reverse(url_name, args=[case.id]),
        rerender=lambda case, form: page(request, case, status=400, **{context_name: form}),
    )


def _case_form_post(
    request: StaffRequest,
    case_id: uuid.UUID,
    *,
    form_class: type[forms.Form],
    context_name: str,
    action: Callable[[Case, dict[str, Any]], str],
    prefix: str | None = None,
) -> HttpResponse:
    """A form on the case overview page."""
    return post_page_form(
        request,
        case_id,
        lambda case: form_class(request.POST, request.FILES, prefix=prefix),
        action,
        context_name,
        url_name="cases:detail",
        page=_case_page,
    )


@login_required
@require_POST
def document_add(request: StaffRequest, case_id: uuid.UUID) -> HttpResponse:
    def action(case: Case, data: dict[str, Any]) -> str:
        document = services.document_add(
            user=request.user,
            case=case,
            title=data["title"],
            upload=data["upload"],
            origin=data["origin"],
            origin_name=data["origin_name"],
            summary=data["summary"],
            citizen_knows=data["citizen_knows"],
        )
        if document.origin == DocumentOrigin.THIRD_PARTY and not document.citizen_knows:
            return _(
                "Dokumentet er tilføjet sagen og sat på listen over oplysninger, borgeren skal høres over "
                "før en afgørelse imod borgeren (siden Partshøring)."
            )
        return _("Dokumentet er tilføjet sagen.")

    return _case_form_post(
        request, case_id, form_class=DocumentForm, context_name="document_form", action=action
    )


@login_required
@require_POST
def deadline_notice(request: StaffRequest, case_id: uuid.UUID) -> HttpResponse:
    def action(case: Case, data: dict[str, Any]) -> str:
        notice = services.deadline_notice_send(user=request.user, case=case, **data)
        return _("Fristvarslet er sendt til %(recipient)s.") % {"recipient": notice.recipient}

    return _case_form_post(
        request,
        case_id,
        form_class=DeadlineNoticeForm,
        context_name="notice_form",
        action=action,
        prefix="varsel",
    )


@login_required
@require_POST
def target_group(request: StaffRequest, case_id: uuid.UUID) -> HttpResponse:
    def action(case: Case, data: dict[str, Any]) -> str:
        services.case_update_target_group(user=request.user, case=case, **data)
        return _("Målgruppegrundlaget er gemt.")

    return _case_form_post(
        request, case_id, form_class=TargetGroupForm, context_name="target_group_form", action=action
    )


@login_required
@require_POST
def citizen_edit(request: StaffRequest, case_id: uuid.UUID) -> HttpResponse:
    """The citizen's details, saved only if nobody saved them after the form was opened."""

    def action(case: Case, data: dict[str, Any]) -> str:
        fields = dict(data)
        version = fields.pop("version")
        try:
            citizen_update(user=request.user, citizen=case.citizen, version=version, **fields)
        except StaleEdit as exc:
            form.take_stale(exc)  # handle_form shows the message; what was typed stays
            raise
        return _("Borgerens oplysninger er gemt.")

    require_role(request.user, *WRITE_CASES)
    case = case_or_404(request, case_id)
    form = CitizenEditForm(request.POST, prefix="borger")
    return handle_form(
        request,
        form,
        action=lambda data: action(case, data),
        success_url=reverse("cases:detail", args=[case.id]),
        on_error=lambda bound: _case_page(request, case, citizen_form=bound),
    )


@login_required
@require_POST
def representative_new(request: StaffRequest, case_id: uuid.UUID) -> HttpResponse:
    def action(case: Case, data: dict[str, Any]) -> str:
        representative_add(user=request.user, citizen=case.citizen, **data)
        return _("Repræsentanten er tilføjet.")

    return _case_form_post(
        request,
        case_id,
        form_class=RepresentativeForm,
        context_name="representative_form",
        action=action,
        prefix="rep",
    )


@login_required
@require_POST
def receipt(request: StaffRequest, case_id: uuid.UUID) -> HttpResponse:
    require_role(request.user, *WRITE_CASES)
    case = case_or_404(request, case_id)
    try:
        services.receipt_send(user=request.user, case=case)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Kvitteringen er sendt til borgeren."))
    return redirect("cases:detail", case_id=case.id)
