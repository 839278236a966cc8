"""Partshøring and the decision: thin views over decisions.services."""

from __future__ import annotations

import datetime as dt
import uuid
from functools import partial
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from visitator.assessment.findings import findings_for, standard_for_decision
from visitator.cases.lifecycle import Outcome
from visitator.cases.models import Case
from visitator.cases.views import case_or_404, post_page_form
from visitator.core import clock
from visitator.core.formatting import lower_first
from visitator.core.forms import add_service_errors
from visitator.core.http import StaffRequest
from visitator.grants.forms import GrantTermsForm
from visitator.organisation.roles import WRITE_CASES, has_role, require_role

from . import services
from .forms import DecisionForm, ExceptionForm, HearingForm, InformationForm, ResponseForm
from .hearing import hearing_state
from .models import Hearing


def _hearing_page(request: StaffRequest, case: Case, status: int = 200, **forms_: Any) -> HttpResponse:
    unheard = case.hearing_information.filter(citizen_knows=False)
    context = {
        "case": case,
        "state": hearing_state(case, today=clock.today()),
        "hearings": list(case.hearings.prefetch_related("information", "responses").select_related("letter")),
        "can_write": has_role(request.user, *WRITE_CASES) and case.awaiting_decision,
        "information_form": InformationForm(initial={"received_on": clock.today()}, prefix="oplysning"),
        "hearing_form": HearingForm(information=unheard, prefix="hoering"),
        "response_form": ResponseForm(initial={"received_on": clock.today()}, prefix="svar"),
        "exception_form": ExceptionForm(information=unheard, prefix="undtagelse"),
        **forms_,
    }
    return render(request, "decisions/hearing.html", context, status=status)


@login_required
def hearing_page(request: StaffRequest, case_id: uuid.UUID) -> HttpResponse:
    return _hearing_page(request, case_or_404(request, case_id))


# A write form on this page: the page shows itself again with the form's errors.
_post = partial(post_page_form, url_name="decisions:hearing", page=_hearing_page)


@login_required
@require_POST
def information_add(request: StaffRequest, case_id: uuid.UUID) -> HttpResponse:
    def action(case: Case, data: dict[str, Any]) -> str:
        services.hearing_information_add(user=request.user, case=case, **data)
        return _("Oplysningen er registreret.")

    return _post(
        request,
        case_id,
        lambda case: InformationForm(request.POST, prefix="oplysning"),
        action,
        "information_form",
    )


@login_required
@require_POST
def hearing_send(request: StaffRequest, case_id: uuid.UUID) -> HttpResponse:
    def action(case: Case, data: dict[str, Any]) -> str:
        services.hearing_send(
            user=request.user,
            case=case,
            information=list(data["information"]),
            planned_decision=data["planned_decision"],
            response_deadline=data["response_deadline"],
        )
        return _("Partshøringen er sendt til borgeren.")

    return _post(
        request,
        case_id,
        lambda case: HearingForm(
            request.POST, information=case.hearing_information.filter(citizen_knows=False), prefix="hoering"
        ),
        action,
        "hearing_form",
    )


@login_required
@require_POST
def response_record(request: StaffRequest, case_id: uuid.UUID) -> HttpResponse:
    def action(case: Case, data: dict[str, Any]) -> str:
        try:
            hearing = Hearing.objects.get(case=case, id=data["hearing"]) if data["hearing"] else None
        except Hearing.DoesNotExist as exc:
            raise Http404 from exc
        if hearing is None:
            hearing = case.hearings.order_by("-sent_at").first()
        if hearing is None:
            raise forms.ValidationError(_("Der er ikke sendt nogen partshøring i sagen."))
        services.hearing_response_record(
            user=request.user, hearing=hearing, received_on=data["received_on"], summary=data["summary"]
        )
        return _("Borgerens svar er registreret.")

    return _post(
        request, case_id, lambda case: ResponseForm(request.POST, prefix="svar"), action, "response_form"
    )


@login_required
@require_POST
def exception_record(request: StaffRequest, case_id: uuid.UUID) -> HttpResponse:
    def action(case: Case, data: dict[str, Any]) -> str:
        services.hearing_exception_record(user=request.user, case=case, **data)
        return _("Undtagelsen fra partshøring er registreret.")

    return _post(
        request,
        case_id,
        lambda case: ExceptionForm(
            request.POST,
            information=case.hearing_information.filter(citizen_knows=False),
            prefix="undtagelse",
        ),
        action,
        "exception_form",
    )


def _decision_initial(case: Case) -> dict[str, Any]:
    spec = case.standard_version.spec
    title = spec.service.title[:1].lower() + spec.service.title[1:]
    return {
        "applied_for": _("%(title)s efter %(paragraph)s")
        % {"title": title, "paragraph": lower_first(spec.service.paragraph)},
        "legal_rules": "\n".join([spec.service.paragraph, "Serviceloven § 1, stk. 3"]),
    }


def _grant_form(case: Case, data: Any = None) -> GrantTermsForm:
    from visitator.offers.policy import offers_for_choice

    spec = case.standard_version.spec
    offers = offers_for_choice(municipality=case.municipality, spec=spec)
    today = clock.today()
    initial = {
        "start_date": today + dt.timedelta(days=14),
        "goal1_target": today + dt.timedelta(days=365),
        "transport_mode": "municipal",
        "day_part": "full",
        "days_per_week": 3,
        "handleplan_answer": "not_answered",
    }
    if offers:
        initial["offer"] = offers[0].pk
    return GrantTermsForm(data, offers=offers, prefix="bev", initial=initial)


@login_required
def decide(request: StaffRequest, case_id: uuid.UUID) -> HttpResponse:
    case = case_or_404(request, case_id)
    today = clock.today()

    def page(form: forms.Form, grant_form: GrantTermsForm, status: int = 200) -> HttpResponse:
        blockers = {
            outcome: services.decision_blockers(case, outcome=outcome, user=request.user, today=today)
            for outcome in Outcome.values
        }
        return render(
            request,
            "decisions/decide.html",
            {
                "case": case,
                "form": form,
                "grant_form": grant_form,
                "blockers": [(Outcome(o).label, b) for o, b in blockers.items()],
                "findings": findings_for(case, today=today),
                "standard": standard_for_decision(case, today),
                "decisions": list(case.decisions.select_related("letter", "decided_by")),
                "can_write": has_role(request.user, *WRITE_CASES),
            },
            status=status,
        )

    if request.method != "POST":
        return page(DecisionForm(initial=_decision_initial(case)), _grant_form(case))
    require_role(request.user, *WRITE_CASES)
    form = DecisionForm(request.POST)
    grant_form = _grant_form(case, request.POST)
    granting = request.POST.get("outcome") in (Outcome.GRANTED, Outcome.PARTLY_GRANTED)
    if form.is_valid() and (not granting or grant_form.is_valid()):
        try:
            decision = services.decision_make(
                user=request.user,
                case=case,
                grant_terms=grant_form.to_terms() if granting else None,
                **form.cleaned_data,
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict") and set(exc.error_dict) & set(grant_form.fields):
                add_service_errors(grant_form, exc)
            else:
                add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Afgørelsen er truffet, og brevet er sendt (%(outcome)s).")
                % {"outcome": decision.get_outcome_display()},
            )
            return redirect("cases:detail", case_id=case.id)
    return page(form, grant_form, status=400)
