"""Find a citizen (the search criterion is sent by POST so it never appears in a URL or a server log),
and edit or end a representative from the citizen's case."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from visitator.cases import selectors as case_selectors
from visitator.cases.models import Case
from visitator.core import clock
from visitator.core.forms import handle_form
from visitator.core.http import StaffRequest
from visitator.organisation.roles import READ_CASES, WRITE_CASES, require_role

from .forms import CitizenSearchForm, RepresentativeEditForm, RepresentativeEndForm, VersionedForm
from .models import Citizen, Representative
from .selectors import citizen_find_by_cpr, citizen_search_by_name, representative_get, representative_history
from .services import REPRESENTATIVE_FIELDS, StaleEdit, representative_end, representative_update


@login_required
def search(request: StaffRequest) -> HttpResponse:
    require_role(request.user, *READ_CASES)
    if request.method != "POST":
        return render(request, "people/search.html", {"form": CitizenSearchForm()})
    form = CitizenSearchForm(request.POST)
    if not form.is_valid():
        return render(request, "people/search.html", {"form": form}, status=400)
    query = form.cleaned_data["query"]
    if query.isdigit():
        found = citizen_find_by_cpr(user=request.user, cpr=query)
        citizens = [found] if found else []
    else:
        citizens = citizen_search_by_name(user=request.user, text=query)
    # The search's order (best match first on PostgreSQL) is kept; the cases come in one more query.
    rank = {c.id: n for n, c in enumerate(citizens)}
    citizens = sorted(
        Citizen.objects.filter(id__in=rank).prefetch_related(
            Prefetch("cases", queryset=Case.objects.order_by("-received_at"))
        ),
        key=lambda c: rank[c.id],
    )
    return render(request, "people/search.html", {"form": form, "citizens": citizens, "searched": True})


def _case_and_representative(
    request: StaffRequest, case_id: uuid.UUID, representative_id: uuid.UUID
) -> tuple[Case, Representative]:
    """For writers only; the case of the user's municipality and one of its citizen's representatives
    (404 otherwise)."""
    require_role(request.user, *WRITE_CASES)
    try:
        case = case_selectors.case_detail(user=request.user, case_id=case_id, page="repræsentant")
        representative = representative_get(
            user=request.user, citizen=case.citizen, representative_id=representative_id
        )
    except (Case.DoesNotExist, Representative.DoesNotExist) as exc:
        raise Http404 from exc
    return case, representative


def _representative_page(
    request: StaffRequest,
    case: Case,
    representative: Representative,
    *,
    edit_form: forms.Form | None = None,
    end_form: forms.Form | None = None,
    status: int = 200,
) -> HttpResponse:
    if edit_form is None:
        edit_form = RepresentativeEditForm(
            prefix="rep",
            initial={
                **{name: getattr(representative, name) for name in REPRESENTATIVE_FIELDS},
                "version": representative.version,
            },
        )
    if end_form is None:
        end_form = RepresentativeEndForm(
            prefix="ophoer",
            initial={
                "ended_on": representative.valid_to or clock.today(),
                "reason": representative.end_reason,
                "version": representative.version,
            },
        )
    context = {
        "case": case,
        "representative": representative,
        "ended": representative.has_ended_by(clock.today()),
        "edit_form": edit_form,
        "end_form": end_form,
        "history": representative_history(representative),
    }
    return render(request, "people/representative_edit.html", context, status=status)


def _save(
    request: StaffRequest,
    case: Case,
    form: VersionedForm,
    action: Any,
    rerender: Any,
) -> HttpResponse:
    """handle_form with optimistic locking: on a stale save the form keeps what was typed, shows what
    changed, and carries the version now stored."""

    def run(data: dict[str, Any]) -> str:
        fields = dict(data)
        version = fields.pop("version")
        try:
            message: str = action(version, fields)
        except StaleEdit as exc:
            form.take_stale(exc)
            raise
        return message

    return handle_form(
        request,
        form,
        action=run,
        success_url=reverse("cases:detail", args=[case.id]),
        on_error=rerender,
    )


@login_required
def representative_edit(
    request: StaffRequest, case_id: uuid.UUID, representative_id: uuid.UUID
) -> HttpResponse:
    case, representative = _case_and_representative(request, case_id, representative_id)
    if request.method != "POST":
        return _representative_page(request, case, representative)
    form = RepresentativeEditForm(request.POST, prefix="rep")

    def action(version: int, fields: dict[str, Any]) -> str:
        saved = representative_update(
            user=request.user, representative=representative, version=version, **fields
        )
        return _("Repræsentanten %(name)s er gemt.") % {"name": saved.name}

    return _save(
        request,
        case,
        form,
        action,
        lambda bound: _representative_page(request, case, representative, edit_form=bound, status=400),
    )


@login_required
@require_POST
def representative_end_view(
    request: StaffRequest, case_id: uuid.UUID, representative_id: uuid.UUID
) -> HttpResponse:
    case, representative = _case_and_representative(request, case_id, representative_id)
    form = RepresentativeEndForm(request.POST, prefix="ophoer")

    def action(version: int, fields: dict[str, Any]) -> str:
        ended = representative_end(
            user=request.user,
            representative=representative,
            version=version,
            ended_on=fields["ended_on"],
            reason=fields["reason"],
        )
        return _("%(name)s er repræsentant til og med %(date)s. Perioden er gemt i sagens historik.") % {
            "name": ended.name,
            "date": ended.valid_to.strftime("%d.%m.%Y") if ended.valid_to else "",
        }

    return _save(
        request,
        case,
        form,
        action,
        lambda bound: _representative_page(request, case, representative, end_form=bound, status=400),
    )
