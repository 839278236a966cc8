"""Find a citizen. The search criterion is sent by POST so it never appears in a URL or a server log."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import render

from visitator.cases.models import Case
from visitator.core.http import StaffRequest
from visitator.organisation.roles import READ_CASES, require_role

from .forms import CitizenSearchForm
from .models import Citizen
from .selectors import citizen_find_by_cpr, citizen_search_by_name


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
    ids = [c.id for c in citizens]
    citizens = list(
        Citizen.objects.filter(id__in=ids)
        .prefetch_related(Prefetch("cases", queryset=Case.objects.order_by("-received_at")))
        .order_by("last_name", "first_name", "id")
    )
    return render(request, "people/search.html", {"form": form, "citizens": citizens, "searched": True})
