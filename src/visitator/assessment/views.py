"""Udredning and the assessment against the quality standard: thin views over services."""

from __future__ import annotations

import uuid
from functools import partial
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from visitator.cases.models import Case
from visitator.cases.views import case_or_404, post_case_form, post_page_form
from visitator.core import clock
from visitator.core.forms import add_service_errors, handle_form
from visitator.core.http import StaffRequest
from visitator.organisation.roles import WRITE_CASES, has_role, require_role
from visitator.standards.schema import Exclusion

from . import services
from .findings import assessable_rules, findings_for, latest_judgements
from .forms import (
    AlternativeForm,
    AssessmentForm,
    ConsentForm,
    CriteriaForm,
    DepartureForm,
    JudgementForm,
)
from .models import Assessment, CriterionAssessment


def _initial(case: Case) -> dict[str, Any]:
    assessment = Assessment.objects.filter(case=case).prefetch_related("ratings", "descriptions").first()
    if assessment is None:
        return {"opened": ""}
    initial: dict[str, Any] = {
        "opened": services.assessment_stamp(assessment),
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
        try:
            services.assessment_save(
                user=request.user,
                case=case,
                ratings=form.ratings(),
                descriptions=form.descriptions(),
                citizen_own_words=data["citizen_own_words"],
                support_level=data["support_level"],
                target_groups=data["target_groups"],
                opened=data["opened"],
            )
        except services.StaleAssessment as exc:
            # What was typed stays; the next save is made on top of the saved udredning.
            moved = form.data.copy()  # type: ignore[attr-defined]  # a QueryDict
            moved["opened"] = exc.opened
            form.data = moved
            raise
        return _("Udredningen er gemt.")

    form = AssessmentForm(request.POST)
    return handle_form(
        request,
        form,
        action=action,
        success_url=reverse("assessment:edit", args=[case.id]),
        on_error=lambda f: page(f, status=400),
    )


def _criteria_form(case: Case, findings: list[Any], data: Any = None) -> CriteriaForm:
    return CriteriaForm(
        data,
        rules=[(f.rule_id, f.kind == "exclusion", f.text) for f in findings if f.assessable],
        latest=latest_judgements(case.criterion_assessments.order_by("at", "id")),
    )


def _standard_page(request: StaffRequest, case: Case, status: int = 200, **forms_: Any) -> HttpResponse:
    today = clock.today()
    findings = findings_for(case, today=today)
    subjects = services.departure_subjects(case)
    criteria_form = forms_.pop("criteria_form", None) or _criteria_form(case, findings)
    rows = criteria_form.rows()
    context = {
        "case": case,
        "findings": [(f, rows.get(f.rule_id)) for f in findings],
        "criteria_form": criteria_form,
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
            request, case, status=400, criteria_form=_one_judgement_on_the_page(case, rule_id, form)
        ),
    )


def _one_judgement_on_the_page(case: Case, rule_id: str, single: forms.Form) -> CriteriaForm:
    """The page's form after the one-criterion form failed: that row as typed, with its errors."""
    findings = findings_for(case, today=clock.today())
    unbound = _criteria_form(case, findings)
    data = {
        **{name: unbound.initial.get(name, "") for name in unbound.fields},
        f"judgement_{rule_id}": single.data.get("judgement", ""),
        f"reason_{rule_id}": single.data.get("reason", ""),
    }
    form = _criteria_form(case, findings, data)
    form.is_valid()
    for name, errors in single.errors.items():
        target = f"{name}_{rule_id}"
        form.add_error(target if target in form.fields else None, errors)
    return form


@login_required
@require_POST
def judge_all(request: StaffRequest, case_id: uuid.UUID) -> HttpResponse:
    """Every criterion judged on one form with one save; each judgement stored as its own row."""
    require_role(request.user, *WRITE_CASES)
    case = case_or_404(request, case_id)
    findings = findings_for(case, today=clock.today())
    rules = [(f.rule_id, f.kind == "exclusion", f.text) for f in findings if f.assessable]
    form = _criteria_form(case, findings, request.POST)
    if form.is_valid():
        try:
            saved = services.criteria_judge(user=request.user, case=case, judgements=form.judgements())
        except services.StaleJudgements as exc:
            # The page again: in a row the colleague judged, what this user typed stays; a row the user
            # had not touched takes the colleague's judgement. Saving again goes through.
            data = request.POST.copy()
            fresh = latest_judgements(case.criterion_assessments.order_by("at", "id"))
            opened = {
                row.pk: row
                for row in CriterionAssessment.objects.filter(
                    case=case, pk__in=[j.seen for j in form.judgements().values() if j.seen]
                )
            }
            for rule_id in exc.rules:
                typed = form.judgements()[rule_id]
                was = opened.get(typed.seen) if typed.seen else None
                untouched = was is not None and (was.judgement, was.reason) == (
                    typed.judgement,
                    typed.reason.strip(),
                )
                row = fresh[rule_id]
                if untouched:
                    data[f"judgement_{rule_id}"] = row.judgement
                    data[f"reason_{rule_id}"] = row.reason
                data[f"seen_{rule_id}"] = str(row.pk)
            form = CriteriaForm(data, rules=rules, latest=fresh)
            form.is_valid()
            form.add_error(None, exc.messages)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if saved:
                message = ngettext(
                    "Din vurdering er gemt.", "Dine %(count)d vurderinger er gemt.", len(saved)
                ) % {"count": len(saved)}
            else:
                message = _("Der var ingen ændrede vurderinger at gemme.")
            messages.success(request, message)
            return redirect(reverse("assessment:standard", args=[case.id]))
    return _standard_page(request, case, status=400, criteria_form=form)


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
