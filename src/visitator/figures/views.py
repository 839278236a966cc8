"""The public deadlines page (no login) and the management figures for team leaders."""

from __future__ import annotations

from itertools import groupby

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from visitator.core import clock
from visitator.organisation.models import Municipality

from .deadlines import deadlines_in_force


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
