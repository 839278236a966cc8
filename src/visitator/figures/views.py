"""The public deadlines page (no login) and the management figures for team leaders."""

from __future__ import annotations

import datetime as dt
import uuid
from itertools import groupby
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from visitator.core import clock
from visitator.core.http import StaffRequest
from visitator.organisation.models import Municipality
from visitator.organisation.roles import READ_FIGURES, require_role

from . import selectors
from .charts import bar_chart
from .deadlines import deadlines_in_force
from .exports import figure_tables
from .forms import FiguresForm
from .tables import to_csv, to_xlsx


@require_GET
def public_deadlines(request: HttpRequest, municipality: str = "") -> HttpResponse:
    """RSL § 3, stk. 2: each service's decision deadline, from the standards in force today. Public:
    no login, no personal data; `/frister/<kortnavn>/` is one municipality's page to link to."""
    chosen = None
    if municipality:
        chosen = Municipality.objects.filter(slug=municipality).first()
        if chosen is None:
            raise Http404
    today = clock.today()
    rows = deadlines_in_force(on=today, municipality=chosen)
    groups = [(key, list(items)) for key, items in groupby(rows, key=lambda r: r.municipality)]
    response = render(
        request,
        "figures/public_deadlines.html",
        {"groups": groups, "chosen": chosen, "today": today},
    )
    # The page changes when a new standard takes effect; caches may keep it for an hour.
    response["Cache-Control"] = "public, max-age=3600"
    return response


def _filters_form(request: HttpRequest, municipality: Any) -> FiguresForm:
    today = clock.today()
    if "date_from" in request.GET:
        return FiguresForm(request.GET, municipality=municipality)
    start = (today.replace(day=1) - dt.timedelta(days=330)).replace(day=1)
    return FiguresForm({"date_from": start, "date_to": today}, municipality=municipality)


@login_required
@require_GET
def management_figures(request: StaffRequest) -> HttpResponse:
    """The team leader's figures, with charts, filters and exports (`?eksport=csv|xlsx`, with
    `&offentliggoerelse=1` for a table meant for publication: counts under 5 suppressed)."""
    membership = require_role(request.user, *READ_FIGURES)
    form = _filters_form(request, membership.unit.municipality)
    if not form.is_valid():
        return render(request, "figures/management.html", {"form": form}, status=400)
    data = form.cleaned_data
    filters = selectors.Filters(
        date_from=data["date_from"],
        date_to=data["date_to"],
        unit_id=data["unit"].id if data["unit"] else None,
        offer_id=data["offer"].id if data["offer"] else None,
    )
    export = request.GET.get("eksport", "")
    if export not in ("csv", "xlsx"):
        export = ""
    figures = selectors.figures(user=request.user, filters=filters, export=export)
    if export:
        publication = request.GET.get("offentliggoerelse") == "1"
        tables = figure_tables(figures, publication=publication)
        name = f"ledelsestal-{filters.date_from.isoformat()}-{filters.date_to.isoformat()}"
        if export == "csv":
            response = HttpResponse(
                to_csv(tables, publication=publication), content_type="text/csv; charset=utf-8"
            )
        else:
            response = HttpResponse(
                to_xlsx(tables, publication=publication),
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
        response["Content-Disposition"] = f'attachment; filename="{name}.{export}"'
        return response
    by_month: dict[dt.date, list[int]] = {}
    for row in figures.compliance:
        decided, within = by_month.setdefault(row.month, [0, 0])
        by_month[row.month] = [decided + row.decided, within + row.within]
    compliance_chart = bar_chart(
        _("Andel afgjort inden for fristen pr. måned"),
        [
            (month.strftime("%m.%y"), within / decided, f"{round(100 * within / decided)} %")
            for month, (decided, within) in sorted(by_month.items())
        ],
        percent=True,
    )
    age_chart = bar_chart(
        _("Åbne sager efter alder"), [(label, n, str(n)) for label, n in figures.open_by_age]
    )
    return render(
        request,
        "figures/management.html",
        {
            "form": form,
            "figures": figures,
            "compliance_chart": compliance_chart,
            "age_chart": age_chart,
            "filter_query": "&".join(
                f"{k}={v}"
                for k, v in (
                    ("date_from", filters.date_from.isoformat()),
                    ("date_to", filters.date_to.isoformat()),
                    ("unit", str(filters.unit_id or "")),
                    ("offer", str(filters.offer_id or "")),
                )
            ),
        },
    )


@login_required
@require_GET
def drilldown(request: StaffRequest) -> HttpResponse:
    """The cases behind a number (`?hvad=afgjort|for-sent|aabne`, `&maaned=ÅÅÅÅ-MM`, `&enhed=`,
    `&alder=`): case numbers and dates, no citizen names; each case shown is logged."""
    require_role(request.user, *READ_FIGURES)
    kind = request.GET.get("hvad", selectors.OPEN)
    if kind not in selectors.DRILLDOWN_KINDS:
        kind = selectors.OPEN
    month = None
    try:
        if request.GET.get("maaned"):
            month = dt.date.fromisoformat(request.GET["maaned"] + "-01")
        unit_id = uuid.UUID(request.GET["enhed"]) if request.GET.get("enhed") else None
        band = int(request.GET["alder"]) if request.GET.get("alder") else None
    except ValueError:
        return render(request, "figures/drilldown.html", {"bad": True}, status=400)
    cases = selectors.drilldown(user=request.user, kind=kind, month=month, unit_id=unit_id, band=band)
    titles = {
        selectors.DECIDED: _("Sager afgjort i måneden"),
        selectors.LATE: _("Sager afgjort efter fristen i måneden"),
        selectors.OPEN: _("Åbne sager"),
    }
    return render(
        request,
        "figures/drilldown.html",
        {"cases": cases, "title": titles[kind], "month": month, "limit": selectors.DRILLDOWN_LIMIT},
    )
