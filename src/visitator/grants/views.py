"""Grant pages: the grant on the case, follow-up, change or stop, and the lists for caseworkers,
managers and the transport office."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from visitator.cases.models import Case
from visitator.cases.views import case_or_404
from visitator.core import clock
from visitator.core.forms import add_service_errors, handle_form
from visitator.core.http import StaffRequest
from visitator.decisions import services as decision_services
from visitator.decisions.hearing import hearing_state
from visitator.organisation.roles import TRANSPORT_OFFICE, WRITE_CASES, has_role, require_role

from . import selectors, services
from .forms import AssignPlaceForm, ChangeForm, FollowUpForm, TransportForm, keep_input_with_version
from .models import GoalProgress, Grant, TransportOrder


def _grant(case: Case, grant_id: uuid.UUID) -> Grant:
    try:
        return Grant.objects.select_related("offer", "offer__provider", "decision__standard_version").get(
            case=case, id=grant_id
        )
    except Grant.DoesNotExist as exc:
        raise Http404 from exc


def _page(request: StaffRequest, case: Case, status: int = 200, **forms_: Any) -> HttpResponse:
    grants = list(
        Grant.objects.filter(case=case)
        .select_related("offer", "offer__provider", "transport")
        .prefetch_related(
            Prefetch("goals__progress", queryset=GoalProgress.objects.select_related("by")),
            "follow_ups",
            "orders__acceptances",
            "chosen_items__item",
        )
    )
    can_write = has_role(request.user, *WRITE_CASES)
    today = clock.today()
    attendance = selectors.attendance_weeks(grants, today=today)
    rows = []
    for grant in grants:
        transport = grant.transport
        change_blockers = (
            decision_services.change_blockers(grant=grant, user=request.user, today=today)
            if grant.status != Grant.Status.STOPPED
            else []
        )
        rows.append(
            {
                "grant": grant,
                "position": services.waiting_position(grant)
                if grant.status == Grant.Status.WAITING
                else None,
                "follow_up_form": forms_.get(f"follow_up_form_{grant.pk}")
                or FollowUpForm(
                    goals=list(grant.goals.all()),
                    prefix=f"opf-{grant.pk.hex[:8]}",
                    initial={"done_on": today},
                ),
                "change_form": forms_.get(f"change_form_{grant.pk}")
                or ChangeForm(
                    prefix=f"aend-{grant.pk.hex[:8]}",
                    initial={
                        # A reduction or stop takes effect after the standard's notice (varsel).
                        "effective_from": _notice_ends(grant, today),
                        "legal_rules": "Serviceloven § 104\nServiceloven § 148, stk. 2",
                    },
                ),
                "assign_form": forms_.get(f"assign_form_{grant.pk}")
                or AssignPlaceForm(prefix=f"plads-{grant.pk.hex[:8]}"),
                "transport_form": forms_.get(f"transport_form_{grant.pk}")
                or TransportForm(
                    prefix=_transport_prefix(grant),
                    days_per_week=grant.days_per_week,
                    initial=TransportForm.initial_for(transport),
                ),
                "transport_mobility": selectors.mobility_text(
                    transport.mobility_aids, transport.mobility_other
                ),
                "attendance_weeks": attendance[grant.pk],
                "change_blockers": change_blockers,
            }
        )
    context = {
        "case": case,
        "rows": rows,
        "can_write": can_write,
        "hearing": hearing_state(case, today=today),
    }
    return render(request, "grants/case_grants.html", context, status=status)


def _transport_prefix(grant: Grant) -> str:
    return f"koer-{grant.pk.hex[:8]}"


@login_required
@require_GET
def case_grants(request: StaffRequest, case_id: uuid.UUID) -> HttpResponse:
    return _page(request, case_or_404(request, case_id))


def _post(
    request: StaffRequest, case_id: uuid.UUID, grant_id: uuid.UUID, form_name: str, build: Any, action: Any
) -> HttpResponse:
    require_role(request.user, *WRITE_CASES)
    case = case_or_404(request, case_id)
    grant = _grant(case, grant_id)
    form: forms.Form = build(grant)
    return handle_form(
        request,
        form,
        action=lambda data: action(grant, form, data),
        success_url=reverse("grants:case", args=[case.id]),
        on_error=lambda f: _page(request, case, status=400, **{f"{form_name}_{grant.pk}": f}),
    )


@login_required
@require_POST
def assign_place(request: StaffRequest, case_id: uuid.UUID, grant_id: uuid.UUID) -> HttpResponse:
    def action(grant: Grant, form: forms.Form, data: dict[str, Any]) -> str:
        services.grant_assign_place(user=request.user, grant=grant, start_date=data["start_date"])
        return _("Der er bestilt en plads hos leverandøren.")

    return _post(
        request,
        case_id,
        grant_id,
        "assign_form",
        lambda g: AssignPlaceForm(request.POST, prefix=f"plads-{g.pk.hex[:8]}"),
        action,
    )


@login_required
@require_POST
def follow_up(request: StaffRequest, case_id: uuid.UUID, grant_id: uuid.UUID) -> HttpResponse:
    def action(grant: Grant, form: forms.Form, data: dict[str, Any]) -> str:
        assert isinstance(form, FollowUpForm)
        record = services.follow_up_record(
            user=request.user,
            grant=grant,
            done_on=data["done_on"],
            purpose_met=data["purpose_met"],
            outcome=data["outcome"],
            notes=data["notes"],
            progress=form.progress(),
            for_provider=form.for_provider(),
        )
        if record.next_follow_up_on:
            return _("Opfølgningen er gemt. Næste opfølgning senest %(date)s.") % {
                "date": record.next_follow_up_on.strftime("%d.%m.%Y")
            }
        return _("Opfølgningen er gemt. Træf nu en afgørelse om ændring eller ophør (med partshøring).")

    return _post(
        request,
        case_id,
        grant_id,
        "follow_up_form",
        lambda g: FollowUpForm(request.POST, goals=list(g.goals.all()), prefix=f"opf-{g.pk.hex[:8]}"),
        action,
    )


@login_required
@require_POST
def transport_edit(request: StaffRequest, case_id: uuid.UUID, grant_id: uuid.UUID) -> HttpResponse:
    """The caseworker's practical details of the transport. A stale save (someone saved since the
    form was shown) keeps what was typed, with the version now in force so it can be saved again."""
    require_role(request.user, *WRITE_CASES)
    case = case_or_404(request, case_id)
    grant = _grant(case, grant_id)
    form = TransportForm(request.POST, prefix=_transport_prefix(grant), days_per_week=grant.days_per_week)
    if form.is_valid():
        data = form.cleaned_data
        details = services.TransportDetails(
            from_address=data["from_address"],
            weekdays=tuple(data["weekdays"]),
            arrive_by=data["arrive_by"],
            home_at=data["home_at"],
            mobility_aids=tuple(data["mobility_aids"]),
            mobility_other=data["mobility_other"],
            contact_phone=data["contact_phone"],
        )
        try:
            changed = services.transport_update(
                user=request.user, grant=grant, version=data["version"], details=details
            )
        except services.StaleVersion as exc:
            keep_input_with_version(form, exc.current)
            add_service_errors(form, exc)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if changed:
                messages.success(request, _("Kørslen er gemt, og kørselskontoret har fået besked."))
            else:
                messages.info(request, _("Der var ingen ændringer i kørslen."))
            return redirect(f"{reverse('grants:case', args=[case.id])}#transport-{grant.pk}")
    return _page(request, case, status=400, **{f"transport_form_{grant.pk}": form})


def _notice_ends(grant: Grant, today: dt.date) -> dt.date:
    """The first day a reduction or stop decided today may take effect (the standard's varsel)."""
    return grant.decision.standard_version.spec.deadlines.notice_for_reduction.deadline_from(today)


@login_required
@require_POST
def change(request: StaffRequest, case_id: uuid.UUID, grant_id: uuid.UUID) -> HttpResponse:
    """A decision to change or stop the grant: saved as a draft (the letter is shown before "Send")."""
    require_role(request.user, *WRITE_CASES)
    case = case_or_404(request, case_id)
    grant = _grant(case, grant_id)
    form = ChangeForm(request.POST, prefix=f"aend-{grant.pk.hex[:8]}")
    if form.is_valid():
        data = form.cleaned_data
        try:
            draft = decision_services.grant_change_draft_save(
                user=request.user,
                grant=grant,
                stop=data["stop"],
                effective_from=data["effective_from"],
                days_per_week=data["days_per_week"],
                day_part=data["day_part"],
                legal_rules=data["legal_rules"],
                main_considerations=data["main_considerations"],
                facts=data["facts"],
                notice_reason=data["notice_reason"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, _("Udkastet er gemt. Intet er sendt endnu: læs brevet, og send afgørelsen herfra.")
            )
            return redirect("decisions:draft", case_id=case.id, draft_id=draft.id)
    return _page(request, case, status=400, **{f"change_form_{grant.pk}": form})


#: How far ahead the follow-up list looks, in days; the first is the default.
FOLLOW_UP_HORIZONS = (30, 90, 365)


@login_required
@require_GET
def follow_up_list(request: StaffRequest) -> HttpResponse:
    """The unit's follow-ups due within the chosen horizon, overdue ones first."""
    raw = request.GET.get("horisont", "")
    horizon = int(raw) if raw.isdigit() and int(raw) in FOLLOW_UP_HORIZONS else FOLLOW_UP_HORIZONS[0]
    try:
        after = request.GET.get("efter")
        page = selectors.follow_ups_due(user=request.user, within_days=horizon, after=after)
    except selectors.BadCursor:
        return redirect(f"{reverse('grants:follow_ups')}?horisont={horizon}")
    overdue = [grant for grant in page.grants if grant.next_follow_up_on < page.today]
    upcoming = [grant for grant in page.grants if grant.next_follow_up_on >= page.today]
    return render(
        request,
        "grants/follow_ups.html",
        {
            "page": page,
            "horizon": horizon,
            "horizons": FOLLOW_UP_HORIZONS,
            "overdue": overdue,
            "upcoming": upcoming,
            "first_url": f"{reverse('grants:follow_ups')}?horisont={horizon}" if after else "",
            "next_url": (
                f"{reverse('grants:follow_ups')}?horisont={horizon}&efter={page.next_cursor}"
                if page.next_cursor
                else ""
            ),
        },
    )


@login_required
@require_GET
def waiting(request: StaffRequest) -> HttpResponse:
    """The municipality's waiting list, longest waiting first, a page at a time (optionally one offer)."""
    try:
        offer_id: uuid.UUID | None = uuid.UUID(request.GET["tilbud"]) if request.GET.get("tilbud") else None
    except ValueError:
        offer_id = None
    try:
        page = selectors.waiting_list(user=request.user, offer_id=offer_id, after=request.GET.get("efter"))
    except selectors.BadCursor:
        return redirect(reverse("grants:waiting"))
    base = reverse("grants:waiting") + (f"?tilbud={page.offer_id}" if page.offer_id else "")
    joiner = "&" if page.offer_id else "?"
    return render(
        request,
        "grants/waiting.html",
        {
            "page": page,
            "first_url": base if request.GET.get("efter") else "",
            "next_url": f"{base}{joiner}efter={page.next_cursor}" if page.next_cursor else "",
        },
    )


def _transport_page(request: StaffRequest, status: int = 200) -> HttpResponse:
    after = request.GET.get("efter")
    try:
        page = selectors.transport_orders(user=request.user, after=after)
    except selectors.BadCursor:
        return redirect(reverse("grants:transport"))
    base = reverse("grants:transport")
    context = {
        "rows": page.rows,
        "waiting": page.waiting,
        "first_url": base if after else "",
        "next_url": f"{base}?efter={page.next_cursor}" if page.next_cursor else "",
        "can_acknowledge": has_role(request.user, TRANSPORT_OFFICE),
        "nav_active": "transport",
    }
    return render(request, "grants/transport.html", context, status=status)


@login_required
@require_GET
def transport(request: StaffRequest) -> HttpResponse:
    return _transport_page(request)


@login_required
@require_POST
def transport_acknowledge(request: StaffRequest, order_id: int) -> HttpResponse:
    """The transport office acknowledges (kvitterer for) one order. A second click gets a message."""
    require_role(request.user, TRANSPORT_OFFICE)
    try:
        order = selectors.transport_order_for_office(user=request.user, order_id=order_id)
    except TransportOrder.DoesNotExist as exc:
        raise Http404 from exc
    try:
        services.transport_order_acknowledge(user=request.user, order=order)
    except ValidationError as exc:
        for message in exc.messages:
            messages.warning(request, message)
    else:
        messages.success(request, _("Der er kvitteret for bestillingen."))
    return redirect(reverse("grants:transport"))
