"""Sagens akter: the case's aktliste, and downloads of stored bundles. Thin views over selectors."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from visitator.cases.views import case_or_404
from visitator.core.http import StaffRequest

from . import selectors
from .akter import Akt, case_akter
from .models import CaseFileBundle


@dataclass(frozen=True)
class AktRow:
    number: int
    akt: Akt
    #: ("letter", uuid) or ("document", uuid): the akt's own download, if it has one.
    link_kind: str
    link_id: str


def _row(number: int, akt: Akt) -> AktRow:
    kind, _sep, ident = akt.key.partition(":")
    if kind in ("letter", "document"):
        return AktRow(number, akt, kind, ident)
    return AktRow(number, akt, "", "")


@login_required
@require_GET
def case_akter_page(request: StaffRequest, case_id: uuid.UUID) -> HttpResponse:
    case = case_or_404(request, case_id)
    rows = [_row(number, akt) for number, akt in enumerate(case_akter(case), start=1)]
    return render(
        request,
        "casefile/akter.html",
        {"case": case, "rows": rows, "bundles": selectors.bundles_for_case(case)},
    )


def _download(request: StaffRequest, bundle_id: uuid.UUID, which: str) -> HttpResponse:
    try:
        bundle, data = selectors.bundle_download(user=request.user, bundle_id=bundle_id, which=which)
    except CaseFileBundle.DoesNotExist as exc:
        raise Http404 from exc
    purpose = "ankestyrelsen" if bundle.purpose == CaseFileBundle.Purpose.FORWARDING else "aktindsigt"
    filename = f"{bundle.case.number}-sagens-akter-{purpose}.{which}"
    content_type = "application/pdf" if which == selectors.PDF else "application/zip"
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_GET
def bundle_pdf(request: StaffRequest, bundle_id: uuid.UUID) -> HttpResponse:
    return _download(request, bundle_id, selectors.PDF)


@login_required
@require_GET
def bundle_zip(request: StaffRequest, bundle_id: uuid.UUID) -> HttpResponse:
    return _download(request, bundle_id, selectors.ZIP)
