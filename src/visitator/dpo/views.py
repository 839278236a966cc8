"""The data protection officer's pages: search the access log, export it, and the unusual patterns."""

from __future__ import annotations

import datetime as dt
import uuid

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from visitator.core import clock
from visitator.core.http import StaffRequest
from visitator.figures.tables import Table, to_csv, to_xlsx
from visitator.organisation.roles import READ_ACCESS_LOG, require_role
from visitator.people import cpr as cprlib

from . import selectors
from .forms import LogSearchForm, PatternsForm


def _export_table(rows: list[selectors.LogRowView]) -> Table:
    return Table(
        title=_("Adgangslog"),
        header=[
            _("Tidspunkt"),
            _("Brugernavn"),
            _("Medarbejder"),
            _("Enhed"),
            _("Handling"),
            _("Genstand"),
            _("Borger"),
            _("Sag"),
            _("Detaljer"),
        ],
        rows=[
            [
                timezone.localtime(v.row.at).strftime("%Y-%m-%d %H:%M:%S"),
                v.row.username,
                v.employee,
                v.unit,
                v.row.get_action_display(),
                v.row.what,
                v.citizen,
                v.case_number,
                v.row.detail,
            ]
            for v in rows
        ],
    )


@login_required
@require_http_methods(["GET", "POST"])
def log_search(request: StaffRequest) -> HttpResponse:
    require_role(request.user, *READ_ACCESS_LOG)
    units = selectors.units(user=request.user)
    if request.method != "POST":
        return render(request, "dpo/log_search.html", {"form": LogSearchForm(units=units)})
    form = LogSearchForm(request.POST, units=units)
    if not form.is_valid():
        return render(request, "dpo/log_search.html", {"form": form}, status=400)
    data = form.cleaned_data
    membership = require_role(request.user, *READ_ACCESS_LOG)
    citizen = None
    citizen_not_found = False
    if data["cpr"]:
        citizen = selectors.citizen_by_cpr(membership.unit.municipality, data["cpr"])
        citizen_not_found = citizen is None
    query = selectors.LogQuery(
        # A CPR number nobody has: the nil UUID, which matches no row (and the search is still logged).
        citizen_id=citizen.id if citizen else (uuid.UUID(int=0) if citizen_not_found else None),
        citizen_label=f"CPR {cprlib.mask(data['cpr'])}" if data["cpr"] else "",
        username=data["username"].strip(),
        unit_id=data["unit"].id if data["unit"] else None,
        action=data["action"],
        date_from=data["date_from"],
        date_to=data["date_to"],
    )
    if citizen_not_found:
        result = selectors.log_search(user=request.user, query=query)
        result.citizen_not_found = True
    else:
        export = request.POST.get("export")
        if export in ("csv", "xlsx"):
            rows = selectors.log_export(user=request.user, query=query, file_format=export)
            table = _export_table(rows)
            stamp = clock.today().isoformat()
            if export == "csv":
                response = HttpResponse(to_csv([table]), content_type="text/csv; charset=utf-8")
            else:
                response = HttpResponse(
                    to_xlsx([table]),
                    content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                )
            response["Content-Disposition"] = f'attachment; filename="adgangslog-{stamp}.{export}"'
            response["Cache-Control"] = "no-store"
            return response
        result = selectors.log_search(user=request.user, query=query)
    # The page never repeats the CPR number (only its masked form): the field is shown empty again.
    shown = LogSearchForm({**request.POST.dict(), "cpr": ""}, units=units)
    return render(
        request,
        "dpo/log_search.html",
        {
            "form": shown,
            "result": result,
            "limit": selectors.PAGE_LIMIT,
            "citizen": citizen,
            "cpr_masked": cprlib.mask(data["cpr"]) if data["cpr"] else "",
        },
    )


@login_required
@require_GET
def unusual_patterns(request: StaffRequest) -> HttpResponse:
    require_role(request.user, *READ_ACCESS_LOG)
    today = clock.today()
    if "date_from" in request.GET:
        form = PatternsForm(request.GET)
    else:
        form = PatternsForm(
            {
                "date_from": today - dt.timedelta(days=30),
                "date_to": today,
                "threshold": selectors.UNUSUAL_THRESHOLD,
            }
        )
    report = None
    if form.is_valid():
        report = selectors.unusual_patterns(
            user=request.user,
            date_from=form.cleaned_data["date_from"],
            date_to=form.cleaned_data["date_to"],
            threshold=form.cleaned_data["threshold"],
        )
    return render(
        request,
        "dpo/unusual_patterns.html",
        {"form": form, "report": report},
        status=200 if report is not None else 400,
    )
