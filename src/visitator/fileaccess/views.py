"""Access to the file: thin views over fileaccess.services and fileaccess.selectors."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from visitator.cases.models import Case
from visitator.cases.views import case_or_404, post_case_form
from visitator.core import clock
from visitator.core.http import StaffRequest
from visitator.organisation.roles import WRITE_CASES, has_role

from . import selectors, services
from .forms import AnswerForm, NoticeForm, RequestForm, ReviewForm
from .models import AccessRequest, AktDecision, Scope
from .review import notice_state, review_rows


def _request_or_404(request: StaffRequest, case: Case, request_id: uuid.UUID) -> AccessRequest:
    try:
        return selectors.access_request_get(user=request.user, case=case, request_id=request_id)
    except AccessRequest.DoesNotExist as exc:
        raise Http404 from exc


# -- the case's page: the requests and the registration form ---------------------------------------------


def _case_page(request: StaffRequest, case: Case, status: int = 200, **forms_: Any) -> HttpResponse:
    context = {
        "case": case,
        "rows": selectors.access_requests_for_case(user=request.user, case=case),
        "can_write": has_role(request.user, *WRITE_CASES),
        "request_form": RequestForm(citizen=case.citizen, initial={"received_on": clock.today()}),
        **forms_,
    }
    return render(request, "fileaccess/case_page.html", context, status=status)


@login_required
@require_GET
def case_page(request: StaffRequest, case_id: uuid.UUID) -> HttpResponse:
    return _case_page(request, case_or_404(request, case_id))


@login_required
@require_POST
def request_register(request: StaffRequest, case_id: uuid.UUID) -> HttpResponse:
    registered: dict[str, AccessRequest] = {}

    def action(case: Case, data: dict[str, Any]) -> str:
        registered["request"] = services.access_request_register(user=request.user, case=case, **data)
        return _(
            "Anmodningen om aktindsigt er registreret. Svar eller besked skal sendes senest %(date)s."
        ) % {"date": registered["request"].notice_due_on.strftime("%d.%m.%Y")}

    def success_url(case: Case) -> str:
        return reverse("fileaccess:case", args=[case.id])

    return post_case_form(
        request,
        case_id,
        build=lambda case: RequestForm(request.POST, citizen=case.citizen),
        action=action,
        success_url=success_url,
        rerender=lambda case, form: _case_page(request, case, status=400, request_form=form),
    )


# -- one request: notice, review and answer -------------------------------------------------------------


def _review_form(access: AccessRequest, rows: list[Any], data: Any = None) -> ReviewForm:
    review = getattr(access, "review", None)
    version = review.version if review is not None else 0
    return ReviewForm(data, rows=rows, scope=access.scope, initial={"version": version}, prefix="akt")


def _request_page(
    request: StaffRequest, case: Case, access: AccessRequest, status: int = 200, **forms_: Any
) -> HttpResponse:
    rows = selectors.access_review_rows(user=request.user, request=access)
    review = getattr(access, "review", None)
    version = review.version if review is not None else 0
    answer = selectors.access_answer_of(access)
    context = {
        "case": case,
        "access": access,
        "state": notice_state(access, clock.today()),
        "rows": rows,
        "review": review,
        "unsaved": [row for row in rows if not row.saved],
        "answer": answer,
        "notices": list(access.notices.select_related("letter")),
        "can_write": has_role(request.user, *WRITE_CASES) and access.is_open,
        "specific": access.scope == Scope.SPECIFIC,
        "decisions": AktDecision.choices,
        "notice_form": NoticeForm(prefix="besked"),
        "review_form": _review_form(access, rows),
        "answer_form": AnswerForm(initial={"version": version}, prefix="svar"),
        **forms_,
    }
    return render(request, "fileaccess/request_page.html", context, status=status)


@login_required
@require_GET
def request_page(request: StaffRequest, case_id: uuid.UUID, request_id: uuid.UUID) -> HttpResponse:
    case = case_or_404(request, case_id)
    return _request_page(request, case, _request_or_404(request, case, request_id))


def _post(
    request: StaffRequest,
    case_id: uuid.UUID,
    request_id: uuid.UUID,
    *,
    build: Callable[[Case, AccessRequest], forms.Form],
    action: Callable[[AccessRequest, dict[str, Any]], str],
    context_name: str,
) -> HttpResponse:
    """A write form on a request's page (post_case_form with the request looked up in the case)."""
    found: dict[str, AccessRequest] = {}

    def _build(case: Case) -> forms.Form:
        found["access"] = _request_or_404(request, case, request_id)
        return build(case, found["access"])

    return post_case_form(
        request,
        case_id,
        build=_build,
        action=lambda case, data: action(found["access"], data),
        success_url=lambda case: reverse("fileaccess:request", args=[case.id, request_id]),
        rerender=lambda case, form: _request_page(
            request, case, found["access"], status=400, **{context_name: form}
        ),
    )


@login_required
@require_POST
def notice_send(request: StaffRequest, case_id: uuid.UUID, request_id: uuid.UUID) -> HttpResponse:
    def action(access: AccessRequest, data: dict[str, Any]) -> str:
        notice = services.access_notice_send(user=request.user, request=access, **data)
        return _("Beskeden er sendt: borgeren kan forvente svar senest %(date)s.") % {
            "date": notice.expected_on.strftime("%d.%m.%Y")
        }

    return _post(
        request,
        case_id,
        request_id,
        build=lambda case, access: NoticeForm(request.POST, prefix="besked"),
        action=action,
        context_name="notice_form",
    )


@login_required
@require_POST
def review_save(request: StaffRequest, case_id: uuid.UUID, request_id: uuid.UUID) -> HttpResponse:
    """Save the review. The form names each akt by its key; if the posted akter are no longer the case's
    (an akt was removed meanwhile), nothing is saved and the review opens again with a message."""
    kept: dict[str, ReviewForm] = {}

    def build(case: Case, access: AccessRequest) -> forms.Form:
        current = {row.akt.key: row for row in review_rows(access)}
        count = sum(1 for name in request.POST if name.startswith("akt-key_"))
        keys = [request.POST.get(f"akt-key_{i}", "") for i in range(count)]
        if any(key not in current for key in keys):
            raise _AkterChanged
        kept["form"] = _review_form(access, [current[key] for key in keys], request.POST)
        return kept["form"]

    def action(access: AccessRequest, data: dict[str, Any]) -> str:
        services.access_review_save(
            user=request.user,
            request=access,
            version=data["version"],
            choices=[services.AktChoice(**choice) for choice in kept["form"].choices()],
        )
        return _("Gennemgangen er gemt.")

    try:
        return _post(request, case_id, request_id, build=build, action=action, context_name="review_form")
    except _AkterChanged:
        messages.error(
            request, _("Sagens akter er ændret, mens du gennemgik dem. Intet er gemt: gennemgå akterne igen.")
        )
        return redirect("fileaccess:request", case_id=case_id, request_id=request_id)


class _AkterChanged(Exception):
    """The posted review names an akt the case no longer has."""


@login_required
@require_POST
def answer_send(request: StaffRequest, case_id: uuid.UUID, request_id: uuid.UUID) -> HttpResponse:
    def action(access: AccessRequest, data: dict[str, Any]) -> str:
        answer = services.access_answer_send(user=request.user, request=access, version=data["version"])
        return _("Svaret på anmodningen om aktindsigt er sendt (%(outcome)s).") % {
            "outcome": answer.get_outcome_display().lower()
        }

    return _post(
        request,
        case_id,
        request_id,
        build=lambda case, access: AnswerForm(request.POST, prefix="svar"),
        action=action,
        context_name="answer_form",
    )
