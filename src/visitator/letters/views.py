"""Letter pages: download a sent letter, the print queue, and the administrator's contact block
settings. Thin layers over selectors and services."""

from __future__ import annotations

import uuid

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from visitator.core.forms import handle_form
from visitator.core.http import StaffRequest
from visitator.organisation.models import StaffMembership, Unit
from visitator.organisation.roles import ADMINISTRATOR, CASEWORKER, TEAM_LEADER, require_role

from . import selectors, services
from .compose import KIND_SLUGS
from .forms import StaffContactForm, UnitContactForm
from .models import Letter, PrintJob

#: The unit fields the administrator edits (all printed in the contact block).
UNIT_FIELDS = ("address_line", "postcode", "city", "phone", "email", "opening_hours")
#: Staff whose name and direct line a letter may carry.
STAFF_ROLES = (CASEWORKER, TEAM_LEADER)


@login_required
@require_GET
def letter_download(request: StaffRequest, case_id: uuid.UUID, letter_id: uuid.UUID) -> HttpResponse:
    try:
        letter, data = selectors.letter_download(user=request.user, case_id=case_id, letter_id=letter_id)
    except Letter.DoesNotExist as exc:
        raise Http404 from exc
    filename = f"{letter.case.number}-{KIND_SLUGS.get(letter.kind, 'brev')}.pdf"
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_GET
def print_queue(request: StaffRequest) -> HttpResponse:
    after = request.GET.get("efter")
    try:
        page = selectors.print_queue(user=request.user, after=after)
    except selectors.BadCursor:
        return redirect("letters:print_queue")
    base = reverse("letters:print_queue")
    return render(
        request,
        "letters/print_queue.html",
        {
            "jobs": page.jobs,
            "first_url": base if after else "",
            "next_url": f"{base}?efter={page.next_cursor}" if page.next_cursor else "",
            "breadcrumbs": [(_("Arbejdsliste"), reverse("cases:worklist")), (_("Breve til print"), "")],
        },
    )


@login_required
@require_POST
def print_job_printed(request: StaffRequest, job_id: int) -> HttpResponse:
    try:
        job = selectors.print_job_get(user=request.user, job_id=job_id)
    except PrintJob.DoesNotExist as exc:
        raise Http404 from exc
    try:
        services.print_job_mark_printed(user=request.user, job=job)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Brevet i sag %(number)s er markeret som printet.") % {"number": job.letter.case.number},
        )
    return redirect("letters:print_queue")


# -- the administrator's page: the contact block on every letter ------------------------------------


def _contact_page(request: StaffRequest, status: int = 200, **bound: forms.Form) -> HttpResponse:
    membership = require_role(request.user, ADMINISTRATOR)
    municipality = membership.unit.municipality
    units = []
    for unit in Unit.objects.filter(municipality=municipality).select_related("letter_contact"):
        contact = getattr(unit, "letter_contact", None)
        key = f"unit_{unit.pk}"
        initial = {name: getattr(contact, name) for name in UNIT_FIELDS} if contact else {}
        form = bound.get(key) or UnitContactForm(
            initial={**initial, "version": contact.version if contact else 0},
            prefix=f"enhed-{unit.pk.hex[:8]}",
        )
        units.append({"unit": unit, "contact": contact, "form": form})
    staff = []
    memberships = (
        StaffMembership.objects.filter(unit__municipality=municipality, user__groups__name__in=STAFF_ROLES)
        .select_related("user", "user__letter_contact", "unit")
        .distinct()
        .order_by("user__first_name", "user__last_name", "user__username")
    )
    for member in memberships:
        contact = getattr(member.user, "letter_contact", None)
        key = f"staff_{member.user.pk}"
        form = bound.get(key) or StaffContactForm(
            initial={
                "direct_phone": contact.direct_phone if contact else "",
                "version": contact.version if contact else 0,
            },
            prefix=f"medarbejder-{member.user.pk}",
        )
        staff.append({"member": member, "contact": contact, "form": form})
    return render(
        request,
        "letters/contact_settings.html",
        {"units": units, "staff": staff, "municipality": municipality},
        status=status,
    )


@login_required
@require_GET
def contact_settings(request: StaffRequest) -> HttpResponse:
    return _contact_page(request)


@login_required
@require_POST
def unit_contact_save(request: StaffRequest, unit_id: uuid.UUID) -> HttpResponse:
    membership = require_role(request.user, ADMINISTRATOR)
    try:
        unit = Unit.objects.get(pk=unit_id, municipality_id=membership.unit.municipality_id)
    except Unit.DoesNotExist as exc:
        raise Http404 from exc
    form = UnitContactForm(request.POST, prefix=f"enhed-{unit.pk.hex[:8]}")
    return handle_form(
        request,
        form,
        action=lambda data: _saved(
            services.unit_contact_save(user=request.user, unit=unit, **data), unit.name
        ),
        success_url=reverse("letters:contact_settings") + f"#enhed-{unit.pk.hex[:8]}",
        on_error=lambda f: _contact_page(request, status=400, **{f"unit_{unit.pk}": f}),
    )


@login_required
@require_POST
def staff_contact_save(request: StaffRequest, user_id: int) -> HttpResponse:
    membership = require_role(request.user, ADMINISTRATOR)
    try:
        staff = (
            StaffMembership.objects.select_related("user")
            .get(user_id=user_id, unit__municipality_id=membership.unit.municipality_id)
            .user
        )
    except StaffMembership.DoesNotExist as exc:
        raise Http404 from exc
    form = StaffContactForm(request.POST, prefix=f"medarbejder-{staff.pk}")
    name = staff.get_full_name() or staff.get_username()
    return handle_form(
        request,
        form,
        action=lambda data: _saved(services.staff_contact_save(user=request.user, staff=staff, **data), name),
        success_url=reverse("letters:contact_settings") + f"#medarbejder-{staff.pk}",
        on_error=lambda f: _contact_page(request, status=400, **{f"staff_{staff.pk}": f}),
    )


def _saved(_contact: object, name: str) -> str:
    return _("Kontaktoplysningerne for %(name)s er gemt.") % {"name": name}
