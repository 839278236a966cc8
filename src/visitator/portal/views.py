"""The citizen portal's pages (/borger/). Thin: access and reads through portal.selectors, every page
about a citizen logged (portal.selectors.log)."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.contrib import auth, messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django_ratelimit.core import is_ratelimited

from visitator.audit.models import AccessAction
from visitator.core import clock
from visitator.letters.models import Letter
from visitator.letters.selectors import letter_pdf

from . import selectors, services
from .access import is_portal_user, portal_login_required
from .forms import ApplicationForm, ComplaintForm, FileAccessForm, HearingAnswerForm


def _user(request: HttpRequest):
    return request.user


@require_GET
def login(request: HttpRequest) -> HttpResponse:
    if is_portal_user(request.user):
        return redirect("portal:home")
    next_url = request.GET.get("next", "")
    if not next_url.startswith("/borger/"):
        next_url = ""
    return render(request, "portal/login.html", {"next": next_url})


@require_GET
def login_failed(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/login_failed.html", status=403)


@require_POST
def logout(request: HttpRequest) -> HttpResponse:
    was_portal = is_portal_user(request.user)
    auth.logout(request)
    if was_portal:
        messages.info(request, _("Du er logget ud."))
    return redirect("portal:login")


@require_GET
@portal_login_required
def home(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    acting = selectors.acting_list(user)
    for one in acting:
        selectors.log(user, one, "portal: forside")
    if len(acting) == 1:
        return redirect("portal:citizen", citizen_id=acting[0].citizen.id)
    return render(request, "portal/home.html", {"acting": acting, "account": selectors.account_of(user)})


@require_GET
@portal_login_required
def citizen(request: HttpRequest, citizen_id: uuid.UUID) -> HttpResponse:
    user = _user(request)
    acting = selectors.acting_for(user, citizen_id)
    cases = selectors.cases_of(acting)
    rows = [(case, selectors.case_status(case)) for case in cases]
    selectors.log(user, acting, "portal: sager")
    return render(
        request,
        "portal/citizen.html",
        {"acting": acting, "rows": rows, "others": len(selectors.acting_list(user)) > 1},
    )


@require_GET
@portal_login_required
def case(request: HttpRequest, citizen_id: uuid.UUID, case_id: uuid.UUID) -> HttpResponse:
    user = _user(request)
    acting = selectors.acting_for(user, citizen_id)
    the_case = selectors.case_of(acting, case_id)
    return _case_page(request, acting, the_case)


def _case_page(
    request: HttpRequest,
    acting: selectors.Acting,
    the_case: Any,
    answer_form: HearingAnswerForm | None = None,
    complaint_form: ComplaintForm | None = None,
    access_form: FileAccessForm | None = None,
    status: int = 200,
) -> HttpResponse:
    case_status = selectors.case_status(the_case)
    letters = list(Letter.objects.filter(case=the_case).order_by("-sent_at", "-id"))
    selectors.log(_user(request), acting, "portal: sag", case=the_case)
    return render(
        request,
        "portal/case.html",
        {
            "acting": acting,
            "case": the_case,
            "status": case_status,
            "letters": letters,
            "answer_form": answer_form or HearingAnswerForm(),
            "answer_token": uuid.uuid4().hex,
            "decision": selectors.latest_decision(the_case),
            "complaints": selectors.complaints_of(the_case),
            "complaint_form": complaint_form or ComplaintForm(),
            "access_form": access_form or FileAccessForm(initial={"submission": uuid.uuid4()}),
        },
        status=status,
    )


@require_GET
@portal_login_required
def letter(
    request: HttpRequest, citizen_id: uuid.UUID, case_id: uuid.UUID, letter_id: uuid.UUID
) -> HttpResponse:
    user = _user(request)
    acting = selectors.acting_for(user, citizen_id)
    the_case = selectors.case_of(acting, case_id)
    try:
        the_letter = Letter.objects.get(id=letter_id, case=the_case)
    except Letter.DoesNotExist as exc:
        raise Http404 from exc
    data = letter_pdf(the_letter)
    selectors.log(
        user, acting, "portal: brev", action=AccessAction.DOWNLOAD, case=the_case, detail=str(the_letter.id)
    )
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="{the_case.number}-brev-{the_letter.letter_date:%Y-%m-%d}.pdf"'
    )
    response["Cache-Control"] = "no-store"
    return response


@require_GET
@portal_login_required
def access_log_page(request: HttpRequest, citizen_id: uuid.UUID) -> HttpResponse:
    user = _user(request)
    acting = selectors.acting_for(user, citizen_id)
    selectors.log(user, acting, "portal: adgangslog")
    lines = selectors.access_log_for(acting)
    return render(
        request,
        "portal/access_log.html",
        {
            "acting": acting,
            "lines": lines,
            "limit": selectors.LOG_PAGE_SIZE,
            "back": reverse("portal:citizen", args=[acting.citizen.id]),
        },
    )


# -- applying (DKFDS self-service: step indicator, error summary, review, receipt) --------------------


def _steps(current: int) -> list[tuple[int, str, str]]:
    titles = [_("Din ansøgning"), _("Se og send"), _("Kvittering")]
    return [
        (n, title, "current" if n == current else ("" if n < current else "disabled"))
        for n, title in enumerate(titles, 1)
    ]


def _session_key(citizen_id: uuid.UUID) -> str:
    return f"portal_application_{citizen_id}"


@portal_login_required
def apply(request: HttpRequest, citizen_id: uuid.UUID) -> HttpResponse:
    user = _user(request)
    acting = selectors.acting_for(user, citizen_id)
    key = _session_key(citizen_id)
    if request.method == "POST":
        form = ApplicationForm(request.POST)
        if form.is_valid():
            request.session[key] = {"data": form.cleaned_data, "token": uuid.uuid4().hex}
            return redirect("portal:apply_review", citizen_id=citizen_id)
        status = 400
    else:
        saved = request.session.get(key)
        form = ApplicationForm(initial=saved["data"] if saved else None)
        status = 200
    selectors.log(user, acting, "portal: ansøgning, udfyld")
    return render(
        request, "portal/apply.html", {"acting": acting, "form": form, "steps": _steps(1)}, status=status
    )


@portal_login_required
def apply_review(request: HttpRequest, citizen_id: uuid.UUID) -> HttpResponse:
    user = _user(request)
    acting = selectors.acting_for(user, citizen_id)
    key = _session_key(citizen_id)
    saved = request.session.get(key)
    if request.method == "POST":
        last = request.session.get(f"{key}_sent")
        if saved is None or request.POST.get("token") != saved["token"]:
            # Sent twice (or the form is gone): the application was sent once; show its receipt.
            if last:
                return redirect("portal:apply_receipt", citizen_id=citizen_id, case_id=last)
            return redirect("portal:apply", citizen_id=citizen_id)
        if is_ratelimited(
            request, group="portal-submit", key="user", rate=settings.PORTAL_SUBMIT_RATE, increment=True
        ):
            return render(request, "portal/rate_limited.html", {"acting": acting}, status=429)
        form = ApplicationForm(saved["data"])
        if not form.is_valid():
            return redirect("portal:apply", citizen_id=citizen_id)
        the_case = services.application_submit(
            user=user, acting=acting, answers=form.summary(), received_at=clock.now()
        )
        del request.session[key]
        request.session[f"{key}_sent"] = str(the_case.id)
        return redirect("portal:apply_receipt", citizen_id=citizen_id, case_id=the_case.id)
    if saved is None:
        return redirect("portal:apply", citizen_id=citizen_id)
    form = ApplicationForm(saved["data"])
    form.is_valid()
    selectors.log(user, acting, "portal: ansøgning, gennemse")
    return render(
        request,
        "portal/apply_review.html",
        {"acting": acting, "summary": form.summary(), "token": saved["token"], "steps": _steps(2)},
    )


@require_GET
@portal_login_required
def apply_receipt(request: HttpRequest, citizen_id: uuid.UUID, case_id: uuid.UUID) -> HttpResponse:
    user = _user(request)
    acting = selectors.acting_for(user, citizen_id)
    the_case = selectors.case_of(acting, case_id)
    selectors.log(user, acting, "portal: kvittering", case=the_case)
    return render(
        request,
        "portal/apply_receipt.html",
        {"acting": acting, "case": the_case, "status": selectors.case_status(the_case), "steps": _steps(3)},
    )


@require_POST
@portal_login_required
def hearing_answer(
    request: HttpRequest, citizen_id: uuid.UUID, case_id: uuid.UUID, hearing_id: int
) -> HttpResponse:
    """Answer a partshøring before its deadline (decisions.services.hearing_response_self_service)."""
    from django.core.exceptions import ValidationError

    from visitator.decisions.models import Hearing
    from visitator.decisions.services import hearing_response_self_service

    user = _user(request)
    acting = selectors.acting_for(user, citizen_id)
    the_case = selectors.case_of(acting, case_id)
    try:
        hearing = Hearing.objects.select_related("case").get(id=hearing_id, case=the_case)
    except Hearing.DoesNotExist as exc:
        raise Http404 from exc
    token_key = f"portal_hearing_{hearing.pk}"
    if request.POST.get("token") and request.POST.get("token") == request.session.get(f"{token_key}_sent"):
        messages.success(request, _("Vi har modtaget dit svar."))
        return redirect("portal:case", citizen_id=citizen_id, case_id=case_id)
    form = HearingAnswerForm(request.POST)
    if form.is_valid():
        if is_ratelimited(
            request, group="portal-submit", key="user", rate=settings.PORTAL_SUBMIT_RATE, increment=True
        ):
            return render(request, "portal/rate_limited.html", {"acting": acting}, status=429)
        try:
            hearing_response_self_service(user=user, hearing=hearing, text=form.cleaned_data["text"])
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error("text", message)
        else:
            selectors.log(user, acting, "portal: høringssvar", action=AccessAction.CREATE, case=the_case)
            request.session[f"{token_key}_sent"] = request.POST.get("token", "")
            messages.success(request, _("Vi har modtaget dit svar."))
            return redirect("portal:case", citizen_id=citizen_id, case_id=case_id)
    return _case_page(request, acting, the_case, answer_form=form, status=400)


@require_POST
@portal_login_required
def complain(request: HttpRequest, citizen_id: uuid.UUID, case_id: uuid.UUID) -> HttpResponse:
    """Complain about the case's latest decision (complaints.services.complaint_register_self_service)."""
    from django.core.exceptions import ValidationError

    from visitator.complaints.services import complaint_register_self_service

    user = _user(request)
    acting = selectors.acting_for(user, citizen_id)
    the_case = selectors.case_of(acting, case_id)
    decision = selectors.latest_decision(the_case)
    if decision is None:
        raise Http404
    form = ComplaintForm(request.POST)
    if form.is_valid():
        if is_ratelimited(
            request, group="portal-submit", key="user", rate=settings.PORTAL_SUBMIT_RATE, increment=True
        ):
            return render(request, "portal/rate_limited.html", {"acting": acting}, status=429)
        try:
            complaint_register_self_service(
                user=user,
                case=the_case,
                decision=decision,
                text=form.cleaned_data["text"],
                representative=acting.representative,
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error("text", message)
        else:
            selectors.log(user, acting, "portal: klage", action=AccessAction.CREATE, case=the_case)
            messages.success(request, _("Vi har modtaget din klage."))
            return redirect("portal:case", citizen_id=citizen_id, case_id=case_id)
    return _case_page(request, acting, the_case, complaint_form=form, status=400)


@require_POST
@portal_login_required
def file_access(request: HttpRequest, citizen_id: uuid.UUID, case_id: uuid.UUID) -> HttpResponse:
    """Ask for access to the file (fileaccess.services.access_request_register_self_service)."""
    from django.core.exceptions import ValidationError

    from visitator.fileaccess.services import access_request_register_self_service

    user = _user(request)
    acting = selectors.acting_for(user, citizen_id)
    the_case = selectors.case_of(acting, case_id)
    form = FileAccessForm(request.POST)
    if form.is_valid():
        try:
            access_request_register_self_service(
                user=user,
                case=the_case,
                scope=form.cleaned_data["scope"],
                documents=form.cleaned_data["documents"],
                representative=acting.representative,
                submission=form.cleaned_data["submission"],
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            selectors.log(user, acting, "portal: aktindsigt", action=AccessAction.CREATE, case=the_case)
            messages.success(request, _("Vi har modtaget din anmodning om aktindsigt."))
            return redirect("portal:case", citizen_id=citizen_id, case_id=case_id)
    return _case_page(request, acting, the_case, access_form=form, status=400)
