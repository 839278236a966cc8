"""Provider views (leverandørens visning): thin layers over the selectors here and the write services
in visitator.grants.services. Another provider's grant answers 404; a user without the provider role
(e.g. a caseworker) gets 403."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from visitator.core import clock
from visitator.core.forms import add_service_errors, handle_form
from visitator.core.http import StaffRequest
from visitator.grants import attendance as attendance_rules
from visitator.grants import services
from visitator.grants.forms import keep_input_with_version
from visitator.grants.models import Goal, Grant, Order

from . import selectors
from .forms import AcceptOrderForm, AttendanceWeekForm, ProgressNoteForm

NAV = "provider"


def _goal_prefix(goal_id: int) -> str:
    return f"goal-{goal_id}"


@login_required
@require_GET
def grant_list(request: StaffRequest) -> HttpResponse:
    after = request.GET.get("efter")
    try:
        page = selectors.grant_list(user=request.user, after=after)
    except selectors.BadCursor:
        return redirect(reverse("provider:grant_list"))
    base = reverse("provider:grant_list")
    return render(
        request,
        "provider/grant_list.html",
        {
            "provider": page.provider,
            "rows": page.rows,
            "nav_active": NAV,
            "first_url": base if after else "",
            "next_url": f"{base}?efter={page.next_cursor}" if page.next_cursor else "",
        },
    )


def _render_page(
    request: StaffRequest,
    grant_id: uuid.UUID,
    *,
    status: int = 200,
    accept_form: forms.Form | None = None,
    progress_forms: dict[int, forms.Form] | None = None,
) -> HttpResponse:
    try:
        page = selectors.grant_page(user=request.user, grant_id=grant_id)
    except Grant.DoesNotExist as exc:
        raise Http404 from exc
    progress_forms = progress_forms or {}
    goals = [
        (goal, progress_forms.get(goal.goal_id) or ProgressNoteForm(prefix=_goal_prefix(goal.goal_id)))
        for goal in page.goals
    ]
    context: dict[str, Any] = {
        "page": page,
        "goals": goals,
        "accept_form": accept_form or AcceptOrderForm(initial={"start_date": page.row.start_date}),
        "nav_active": NAV,
        "breadcrumbs": [
            (_("Borgere hos os"), reverse("provider:grant_list")),
            (page.row.citizen_name, ""),
        ],
    }
    return render(request, "provider/grant_detail.html", context, status=status)


@login_required
@require_GET
def grant_detail(request: StaffRequest, grant_id: uuid.UUID) -> HttpResponse:
    return _render_page(request, grant_id)


def _grant_or_404(request: StaffRequest, grant_id: uuid.UUID) -> Grant:
    try:
        return selectors.grant_for_provider(user=request.user, grant_id=grant_id)
    except Grant.DoesNotExist as exc:
        raise Http404 from exc


def _detail_url(grant_id: uuid.UUID) -> str:
    return reverse("provider:grant_detail", args=[grant_id])


@login_required
@require_POST
def order_accept(request: StaffRequest, grant_id: uuid.UUID) -> HttpResponse:
    grant = _grant_or_404(request, grant_id)
    form = AcceptOrderForm(request.POST)

    def action(data: dict[str, Any]) -> str:
        order = Order.objects.filter(grant=grant).order_by("-ordered_at", "-id").first()
        if order is None:
            raise Http404
        services.order_accept(user=request.user, order=order, start_date=data["start_date"])
        return _("Bestillingen er accepteret. Borgeren starter den %(date)s.") % {
            "date": formats.date_format(data["start_date"], "j. F Y")
        }

    return handle_form(
        request,
        form,
        action=action,
        success_url=_detail_url(grant_id),
        on_error=lambda f: _render_page(request, grant_id, status=400, accept_form=f),
    )


def _week_url(monday: dt.date) -> str:
    iso = monday.isocalendar()
    return reverse("provider:attendance_week", args=[iso.year, iso.week])


@login_required
@require_GET
def attendance_this_week(request: StaffRequest) -> HttpResponse:
    selectors.provider_of(request.user)  # 403 before anything else for other users
    return redirect(_week_url(attendance_rules.week_start_of(clock.today())))


@login_required
@require_http_methods(["GET", "POST"])
def attendance_week(request: StaffRequest, year: int, week: int) -> HttpResponse:
    """The weekly attendance grid: every citizen ordered to the provider's offers, one save."""
    selectors.provider_of(request.user)
    try:
        monday = attendance_rules.week_start(year, week)
    except ValueError as exc:
        raise Http404 from exc
    if monday > attendance_rules.week_start_of(clock.today()):
        return redirect(_week_url(attendance_rules.week_start_of(clock.today())))
    grid = selectors.attendance_week(user=request.user, monday=monday)
    status = 200
    if request.method == "POST":
        form = AttendanceWeekForm(request.POST, grid=grid)
        if form.is_valid():
            try:
                saved = services.attendance_week_save(
                    user=request.user,
                    week_start=monday,
                    version=form.cleaned_data["version"],
                    cells=form.cells(),
                )
            except services.StaleVersion as exc:
                keep_input_with_version(form, exc.current)
                add_service_errors(form, exc)
                status = 409
            except ValidationError as exc:
                add_service_errors(form, exc)
                status = 400
            else:
                if saved.changed:
                    messages.success(
                        request,
                        ngettext(
                            "Fremmødet for uge %(week)d er gemt (%(count)d dag).",
                            "Fremmødet for uge %(week)d er gemt (%(count)d dage).",
                            saved.changed,
                        )
                        % {"week": grid.number, "count": saved.changed},
                    )
                else:
                    messages.info(
                        request,
                        _("Der var ingen ændringer i fremmødet for uge %(week)d.") % {"week": grid.number},
                    )
                return redirect(_week_url(monday))
        else:
            status = 400
    else:
        form = AttendanceWeekForm(grid=grid)
    rows = [
        (
            row,
            [
                (
                    cell,
                    form[cell.status_field] if cell.open else None,
                    form[cell.reason_field] if cell.open else None,
                )
                for cell in row.cells
            ],
        )
        for row in grid.rows
    ]
    context = {
        "grid": grid,
        "form": form,
        "rows": rows,
        "stale": status == 409,
        "previous_url": _week_url(grid.previous),
        "next_url": _week_url(grid.next) if grid.next else "",
        "nav_active": "provider_attendance",
    }
    return render(request, "provider/attendance_week.html", context, status=status)


@login_required
@require_POST
def progress_add(request: StaffRequest, grant_id: uuid.UUID, goal_id: int) -> HttpResponse:
    try:
        goal = selectors.goal_for_provider(user=request.user, grant_id=grant_id, goal_id=goal_id)
    except Goal.DoesNotExist as exc:
        raise Http404 from exc
    form = ProgressNoteForm(request.POST, prefix=_goal_prefix(goal_id))

    def action(data: dict[str, Any]) -> str:
        services.progress_note_add(user=request.user, goal=goal, text=data["text"])
        return _("Fremskridtet på målet er gemt.")

    return handle_form(
        request,
        form,
        action=action,
        success_url=f"{_detail_url(grant_id)}#goal-{goal_id}",
        on_error=lambda f: _render_page(request, grant_id, status=400, progress_forms={goal_id: f}),
    )
