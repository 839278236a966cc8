"""Letter pages: download a sent letter, and the print queue. Thin layers over selectors and services."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from visitator.core.http import StaffRequest

from . import selectors, services
from .compose import KIND_SLUGS
from .models import Letter, PrintJob


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
    jobs = selectors.print_queue(user=request.user)
    return render(
        request,
        "letters/print_queue.html",
        {
            "jobs": jobs,
            "limit": selectors.PRINT_QUEUE_LIMIT,
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
