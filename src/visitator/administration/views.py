"""The administrator's landing page: offers, users, settings and quality standards in one place."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from visitator.core.http import StaffRequest

from .selectors import administration_overview


@login_required
@require_GET
def home(request: StaffRequest) -> HttpResponse:
    overview = administration_overview(user=request.user)
    return render(
        request,
        "administration/home.html",
        {"overview": overview, "can_use_admin": request.user.is_staff},
    )
