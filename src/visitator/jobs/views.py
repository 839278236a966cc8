from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from visitator.core.http import StaffRequest

from . import selectors, services
from .models import Notification


@login_required
@require_GET
def notification_list(request: StaffRequest) -> HttpResponse:
    rows = selectors.notifications_for(user=request.user)
    return render(
        request,
        "jobs/notifications.html",
        {
            "unread": [n for n in rows if n.read_at is None],
            "read": [n for n in rows if n.read_at is not None],
            "limit": selectors.PAGE_LIMIT,
            "breadcrumbs": [(_("Arbejdsliste"), reverse("cases:worklist")), (_("Påmindelser"), "")],
        },
    )


@login_required
@require_POST
def notification_read(request: StaffRequest, notification_id: uuid.UUID) -> HttpResponse:
    try:
        services.notification_mark_read(user=request.user, notification_id=notification_id)
    except Notification.DoesNotExist as exc:
        raise Http404 from exc
    messages.success(request, _("Påmindelsen er markeret som læst."))
    return redirect("jobs:notifications")


@login_required
@require_POST
def notification_read_all(request: StaffRequest) -> HttpResponse:
    count = services.notifications_mark_all_read(user=request.user)
    if count:
        messages.success(request, _("Alle påmindelser er markeret som læst."))
    return redirect("jobs:notifications")
