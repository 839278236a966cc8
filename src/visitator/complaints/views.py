"""The case's complaint page: thin views over complaints.services and complaints.selectors."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from visitator.cases.models import Case
from visitator.cases.views import case_or_404, post_page_form
from visitator.core import clock
from visitator.core.forms import handle_form
from visitator.core.http import StaffRequest
from visitator.decisions.models import Decision
from visitator.organisation.roles import WRITE_CASES, has_role, require_role

from . import law, selectors, services, state
from .forms import (
    CarryOutForm,
    ComplaintForm,
    ForwardForm,
    LatenessForm,
    OutcomeForm,
    ReconsiderationForm,
    WithdrawForm,
)
from .models import Complaint


def _prefix(complaint: Complaint, name: str) -> str:
    return f"{name}-{complaint.pk.hex[:8]}"


def _row_forms(complaint: Complaint, current: state.ComplaintState, bound: dict[str, Any]) -> dict[str, Any]:
    """The forms for the step that is due on this complaint (a bound form with errors wins)."""
    today = clock.today()
    key = complaint.pk

    def form(name: str, build: Callable[[], forms.Form]) -> forms.Form:
        return bound.get(f"{name}_{key}") or build()

    out: dict[str, Any] = {}
    if current.code == state.LATE_PENDING:
        out["lateness_form"] = form("lateness_form", lambda: LatenessForm(prefix=_prefix(complaint, "frist")))
    if current.code == state.AWAITING_RECONSIDERATION:
        out["reconsideration_form"] = form(
            "reconsideration_form", lambda: ReconsiderationForm(prefix=_prefix(complaint, "genv"))
        )
    if current.code == state.TO_FORWARD:
        out["forward_form"] = form("forward_form", lambda: ForwardForm(prefix=_prefix(complaint, "send")))
    if current.code == state.AWAITING_APPEAL:
        out["outcome_form"] = form(
            "outcome_form",
            lambda: OutcomeForm(prefix=_prefix(complaint, "anke"), initial={"received_on": today}),
        )
    if current.code == state.TO_CARRY_OUT_STATE:
        out["carry_out_form"] = form(
            "carry_out_form",
            lambda: CarryOutForm(
                prefix=_prefix(complaint, "udf"), decisions=_decisions_after_outcome(complaint)
            ),
        )
    if not current.final and state.step(complaint, "appeal_outcome") is None:
        out["withdraw_form"] = form(
            "withdraw_form",
            lambda: WithdrawForm(prefix=_prefix(complaint, "tilb"), initial={"received_on": today}),
        )
    # A form sent for a step that is no longer due (a double submit, or a colleague was first): its
    # message is shown on the complaint.
    for name, value in bound.items():
        if name.endswith(f"_{key}") and name.rsplit("_", 1)[0] not in out:
            out["stale_form"] = value
    return out


def _decisions_after_outcome(complaint: Complaint) -> Any:
    outcome = state.step(complaint, "appeal_outcome")
    qs = Decision.objects.filter(case_id=complaint.case_id).select_related("letter").order_by("-decided_at")
    return qs.filter(decided_at__gte=outcome.at) if outcome is not None else qs.none()


def _page(request: StaffRequest, case: Case, status: int = 200, **forms_: Any) -> HttpResponse:
    rows = selectors.case_complaints(user=request.user, case=case)
    can_write = has_role(request.user, *WRITE_CASES)
    context = {
        "case": case,
        "rows": [
            {
                "complaint": r.complaint,
                "state": r.state,
                **(_row_forms(r.complaint, r.state, forms_) if can_write else {}),
            }
            for r in rows
        ],
        "can_write": can_write,
        "has_decisions": case.decisions.exists(),
        "complaint_form": forms_.get("complaint_form")
        or ComplaintForm(
            case=case, prefix="klage", initial={"received_on": clock.today(), "channel": "letter"}
        ),
        "law": law,
    }
    return render(request, "complaints/case_complaints.html", context, status=status)


@login_required
@require_GET
def case_complaints(request: StaffRequest, case_id: uuid.UUID) -> HttpResponse:
    return _page(request, case_or_404(request, case_id))


@login_required
@require_POST
def complaint_new(request: StaffRequest, case_id: uuid.UUID) -> HttpResponse:
    def action(case: Case, data: dict[str, Any]) -> str:
        complaint = services.complaint_register(
            user=request.user,
            case=case,
            decision=data["decision"],
            received_on=data["received_on"],
            channel=data["channel"],
            text=data["text"],
            oral_note=data["oral_note"],
            representative=data["complainant"],
            uploads=data["documents"],
        )
        message = _("Klagen er registreret. Frist for genvurdering: %(date)s.") % {
            "date": complaint.reconsideration_deadline.strftime("%d.%m.%Y")
        }
        if complaint.late:
            message += " " + _("Klagen er modtaget efter klagefristen: tag stilling til, hvad der skal ske.")
        return message

    return post_page_form(
        request,
        case_id,
        lambda case: ComplaintForm(request.POST, request.FILES, case=case, prefix="klage"),
        action,
        "complaint_form",
        url_name="complaints:case",
        page=_page,
    )


def _complaint(case: Case, complaint_id: uuid.UUID) -> Complaint:
    try:
        return Complaint.objects.get(case=case, id=complaint_id)
    except Complaint.DoesNotExist as exc:
        raise Http404 from exc


def _post(
    request: StaffRequest,
    case_id: uuid.UUID,
    complaint_id: uuid.UUID,
    form_name: str,
    build: Callable[[Complaint], forms.Form],
    action: Callable[[Complaint, dict[str, Any]], str],
) -> HttpResponse:
    """A form on one complaint: role, case (404 outside the municipality), complaint (404 on another
    case), then handle_form; on errors the page again with this complaint's form and its errors."""
    require_role(request.user, *WRITE_CASES)
    case = case_or_404(request, case_id)
    complaint = _complaint(case, complaint_id)
    return handle_form(
        request,
        build(complaint),
        action=lambda data: action(complaint, data),
        success_url=reverse("complaints:case", args=[case.id]) + f"#klage-{complaint.pk}",
        on_error=lambda f: _page(request, case, status=400, **{f"{form_name}_{complaint.pk}": f}),
    )


@login_required
@require_POST
def lateness(request: StaffRequest, case_id: uuid.UUID, complaint_id: uuid.UUID) -> HttpResponse:
    def action(complaint: Complaint, data: dict[str, Any]) -> str:
        services.complaint_lateness_decide(user=request.user, complaint=complaint, **data)
        return _("Beslutningen om den for sene klage er gemt.")

    return _post(
        request,
        case_id,
        complaint_id,
        "lateness_form",
        lambda c: LatenessForm(request.POST, prefix=_prefix(c, "frist")),
        action,
    )


@login_required
@require_POST
def reconsider(request: StaffRequest, case_id: uuid.UUID, complaint_id: uuid.UUID) -> HttpResponse:
    def action(complaint: Complaint, data: dict[str, Any]) -> str:
        row = services.complaint_reconsider(user=request.user, complaint=complaint, **data)
        if row.outcome == row.Outcome.UPHELD:
            return _("Genvurderingen er gemt: afgørelsen fastholdes. Send nu klagen til Ankestyrelsen.")
        if row.case_reopened:
            return _(
                "Genvurderingen er gemt, og sagen er genoptaget med "
                "frist %(date)s. Træf den nye afgørelse på "
                "siden Afgørelse."
            ) % {"date": complaint.reconsideration_deadline.strftime("%d.%m.%Y")}
        return _("Genvurderingen er gemt. Træf den nye afgørelse på siden Afgørelse.")

    return _post(
        request,
        case_id,
        complaint_id,
        "reconsideration_form",
        lambda c: ReconsiderationForm(request.POST, prefix=_prefix(c, "genv")),
        action,
    )


@login_required
@require_POST
def forward(request: StaffRequest, case_id: uuid.UUID, complaint_id: uuid.UUID) -> HttpResponse:
    def action(complaint: Complaint, data: dict[str, Any]) -> str:
        row = services.complaint_forward(user=request.user, complaint=complaint)
        return _(
            "Klagen og sagens akter er samlet i oversendelsespakken, og borgeren har fået brev om, at klagen "
            "er sendt til Ankestyrelsen den %(date)s. Hent pakken og "
            "indsend den med Ankestyrelsens ankeskema."
        ) % {"date": row.forwarded_on.strftime("%d.%m.%Y")}

    return _post(
        request,
        case_id,
        complaint_id,
        "forward_form",
        lambda c: ForwardForm(request.POST, prefix=_prefix(c, "send")),
        action,
    )


@login_required
@require_POST
def outcome(request: StaffRequest, case_id: uuid.UUID, complaint_id: uuid.UUID) -> HttpResponse:
    def action(complaint: Complaint, data: dict[str, Any]) -> str:
        row = services.complaint_outcome_record(user=request.user, complaint=complaint, **data)
        message = _("Ankestyrelsens afgørelse er registreret: %(outcome)s.") % {
            "outcome": row.get_outcome_display()
        }
        if row.new_deadline:
            message += " " + _("Sagen er genoptaget med ny frist for afgørelse %(date)s.") % {
                "date": row.new_deadline.strftime("%d.%m.%Y")
            }
        return message

    return _post(
        request,
        case_id,
        complaint_id,
        "outcome_form",
        lambda c: OutcomeForm(request.POST, request.FILES, prefix=_prefix(c, "anke")),
        action,
    )


@login_required
@require_POST
def carry_out(request: StaffRequest, case_id: uuid.UUID, complaint_id: uuid.UUID) -> HttpResponse:
    def action(complaint: Complaint, data: dict[str, Any]) -> str:
        services.complaint_carry_out(user=request.user, complaint=complaint, **data)
        return _("Udførelsen af Ankestyrelsens afgørelse er registreret.")

    return _post(
        request,
        case_id,
        complaint_id,
        "carry_out_form",
        lambda c: CarryOutForm(request.POST, prefix=_prefix(c, "udf"), decisions=_decisions_after_outcome(c)),
        action,
    )


@login_required
@require_POST
def withdraw(request: StaffRequest, case_id: uuid.UUID, complaint_id: uuid.UUID) -> HttpResponse:
    def action(complaint: Complaint, data: dict[str, Any]) -> str:
        services.complaint_withdraw(user=request.user, complaint=complaint, **data)
        return _("Det er registreret, at klagen er trukket tilbage.")

    return _post(
        request,
        case_id,
        complaint_id,
        "withdraw_form",
        lambda c: WithdrawForm(request.POST, prefix=_prefix(c, "tilb")),
        action,
    )
