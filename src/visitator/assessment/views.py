"""Udredning and the assessment against the quality standard: thin views over services."""

from __future__ import annotations

import uuid
from functools import partial
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from visitator.cases.models import Case
from visitator.cases.views import case_or_404, post_case_form, post_page_form
from visitator.core import clock
from visitator.core.forms import handle_form
from visitator.core.http import StaffRequest
from visitator.organisation.roles import WRITE_CASES, has_role, require_role
from visitator.standards.schema import Exclusion

from . import services
from .findings import assessable_rules, findings_for
from .forms import AlternativeForm, AssessmentForm, ConsentForm, DepartureForm, JudgementForm
from .models import Assessment


def _initial(case: Case) -> dict[str, Any]:
    assessment = Assessment.objects.filter(case=case).prefetch_related("ratings", "descriptions").first()
    if assessment is None:
        return {}
    initial: dict[str, Any] = {
        "citizen_own_words": assessment.citizen_own_words,
        "support_level": assessment.support_level,
        "target_groups": assessment.target_groups,
    }
    for rating in assessment.ratings.all():
        initial[f"rating_{rating.area}"] = rating.level
        initial[f"note_{rating.area}"] = rating.note
    for description in assessment.descriptions.all():
        initial[f"desc_{description.area}"] = description.text
    return initial


@login_required
def assessment_edit(request: StaffRequest, case_id: uuid.UUID) -> HttpResponse:
    case = case_or_404(request, case_id)
    can_write = has_role(request.user, *WRITE_CASES) and case.awaiting_decision

    def page(form: forms.Form, status: int = 200) -> HttpResponse:
        return render(
            request,
            "assessment/assessment.html",
            {"case": case, "form": form, "can_write": can_write},
            status=status,
        )

    if request.method != "POST":
        return page(AssessmentForm(initial=_initial(case)))
    require_role(request.user, *WRITE_CASES)

    def action(data: dict[str, Any]) -> str:
        services.assessment_save(
            user=request.user,
            case=case,
            ratings=form.ratings(),
            descriptions=form.descriptions(),
            citizen_own_words=data["citizen_own_words"],
            support_level=data["support_level"],
            target_groups=data["target_groups"],
        )
        return _("Udredningen er gemt.")

    form = AssessmentForm(request.POST)
    return handle_form(
        request,
        form,
        action=action,
        success_url=reverse("assessment:edit", args=[case.id]),
        on_error=lambda f: page(f, status=400),
    )


def _standard_page(request: StaffRequest, case: Case, status: int = 200, **forms_: Any) -> HttpResponse:
    today = clock.today()
    findings = findings_for(case, today=today)
    subjects = services.departure_subjects(case)
    bound_rule = forms_.pop("judgement_rule", None)
    judgement_forms = {
        f.rule_id: (
            forms_.pop("judgement_form")
            if bound_rule == f.rule_id
            else JudgementForm(
                initial={"rule_id": f.rule_id}, exclusion=f.kind == "exclusion", auto_id=f"id_{f.rule_id}_%s"
            )
        )
        for f in findings
        if f.assessable
    }
    context = {
        "case": case,
        "findings": [(f, judgement_forms.get(f.rule_id)) for f in findings],
        "alternatives": list(case.alternatives.all()),
        "departures": list(case.departures.all()),
        "consents": list(case.consents.all()),
        "can_write": has_role(request.user, *WRITE_CASES) and case.awaiting_decision,
        "alternative_form": AlternativeForm(),
        "departure_form": DepartureForm(subjects=subjects),
        "consent_form": ConsentForm(),
        **forms_,
    }
    return render(request, "assessment/standard.html", context, status=status)


@login_required
def standard_assessment(request: StaffRequest, case_id: uuid.UUID) -> HttpResponse:
    return _standard_page(request, case_or_404(request, case_id))


# A write form on this page: the page shows itself again with the form's errors.
_post = partial(post_page_form, url_name="assessment:standard", page=_standard_page)


@login_required
@require_POST
def judge(request: StaffRequest, case_id: uuid.UUID) -> HttpResponse:
    rule_id = request.POST.get("rule_id", "")

    def build(case: Case) -> forms.Form:
        is_exclusion = isinstance(assessable_rules(case).get(rule_id), Exclusion)
        return JudgementForm(request.POST, exclusion=is_exclusion, auto_id=f"id_{rule_id}_%s")

    def action(case: Case, data: dict[str, Any]) -> str:
        services.criterion_judge(
            user=request.user, case=case, rule_id=rule_id, judgement=data["judgement"], reason=data["reason"]
        )
        return _("Din vurdering er gemt.")

    return post_case_form(
        request,
        case_id,
        build=build,
        action=action,
        success_url=lambda case: reverse("assessment:standard", args=[case.id]) + f"#finding-{rule_id}",
        rerender=lambda case, form: _standard_page(
            request, case, status=400, judgement_rule=rule_id, judgement_form=form
        ),
    )


@login_required
@require_POST
def alternative(request: StaffRequest, case_id: uuid.UUID) -> HttpResponse:
    def action(case: Case, data: dict[str, Any]) -> str:
        services.alternative_record(user=request.user, case=case, **data)
        return _("Overvejelsen er gemt.")

    return _post(request, case_id, lambda case: AlternativeForm(request.POST), action, "alternative_form")


@login_required
@require_POST
def departure(request: StaffRequest, case_id: uuid.UUID) -> HttpResponse:
    def action(case: Case, data: dict[str, Any]) -> str:
        services.departure_record(user=request.user, case=case, **data)
        return _("Afvigelsen fra kvalitetsstandarden er registreret.")

    return _post(
        request,
        case_id,
        lambda case: DepartureForm(request.POST, subjects=services.departure_subjects(case)),
        action,
        "departure_form",
    )


@login_required
@require_POST
def consent(request: StaffRequest, case_id: uuid.UUID) -> HttpResponse:
    def action(case: Case, data: dict[str, Any]) -> str:
        services.consent_record(user=request.user, case=case, **data)
        return _("Registreringen er gemt.")

    return _post(request, case_id, lambda case: ConsentForm(request.POST), action, "consent_form")


@login_required
def departures_report(request: StaffRequest) -> HttpResponse:
    """Departures from the quality standard in the user's municipality, newest first (for team leaders
    and caseworkers). Each row shown is logged as a view of that citizen's case."""
    from visitator.audit.models import AccessAction, AccessLog
    from visitator.organisation.roles import READ_CASES

    from .models import Departure

    membership = require_role(request.user, *READ_CASES)
    rows = list(
        Departure.objects.filter(case__municipality_id=membership.unit.municipality_id)
        .select_related("case", "case__citizen", "by")
        .order_by("-at", "-id")[:200]
    )
    AccessLog.objects.bulk_create(
        [
            AccessLog(
                at=clock.now(),
                user=request.user,
                username=request.user.get_username(),
                municipality_id=membership.unit.municipality_id,
                action=AccessAction.VIEW,
                citizen_id=row.case.citizen_id,
                case_id=row.case_id,
                what="rapport: afvigelser",
            )
            for row in rows
        ]
    )
    return render(request, "assessment/departures_report.html", {"rows": rows})
