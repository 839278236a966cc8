"""Offer pages: the municipality's offers, and the import for administrators."""

from __future__ import annotations

import uuid

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from visitator.core.forms import handle_form
from visitator.core.http import StaffRequest
from visitator.organisation.roles import ADMINISTRATOR, READ_CASES, has_role, require_role
from visitator.people.services import StaleEdit

from . import selectors, services
from .forms import ImportForm, OfferEditForm
from .importer import COLUMNS, ImportResult, import_offers
from .models import Offer
from .policy import free_places, occupied_places

#: Where the Tilbudsportalen link goes. The portal has no documented deep-link format, so the link
#: opens the portal, where the offer is found by its id.
TILBUDSPORTALEN_URL = getattr(settings, "VISITATOR_TILBUDSPORTALEN_URL", "https://tilbudsportalen.dk/")


@login_required
@require_GET
def offer_list(request: StaffRequest) -> HttpResponse:
    membership = require_role(request.user, *READ_CASES, ADMINISTRATOR)
    offers = list(selectors.offers_for_municipality(municipality=membership.municipality))
    rows = [
        {
            "offer": offer,
            "occupied": occupied_places(offer),
            "free": free_places(offer),
            "rates": list(offer.rates.all()),
            "items": list(offer.optional_items.all()),
        }
        for offer in offers
    ]
    return render(
        request,
        "offers/offer_list.html",
        {
            "rows": rows,
            "can_import": has_role(request.user, ADMINISTRATOR),
            "tilbudsportalen_url": TILBUDSPORTALEN_URL,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def offer_import(request: StaffRequest) -> HttpResponse:
    membership = require_role(request.user, ADMINISTRATOR)
    if request.method != "POST":
        return _render_import(request, ImportForm())
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render_import(request, form, status=400)
    upload = form.cleaned_data["upload"]
    result = import_offers(
        user=request.user,
        municipality=membership.municipality,
        name=upload.name,
        data=upload.read(),
        dry_run=form.cleaned_data["dry_run"],
    )
    if not result.ok:
        return _render_import(request, form, result=result, status=400)
    if result.dry_run:
        return _render_import(request, ImportForm(), result=result)
    messages.success(request, _("Filen er indlæst: %(summary)s") % {"summary": result.summary()})
    return redirect("offers:list")


def _render_import(
    request: StaffRequest, form: ImportForm, *, result: ImportResult | None = None, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "offers/offer_import.html",
        {
            "form": form,
            "result": result,
            "columns": COLUMNS,
            "breadcrumbs": [(_("Tilbud"), reverse("offers:list")), (_("Indlæs tilbud"), "")],
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def offer_edit(request: StaffRequest, offer_id: uuid.UUID) -> HttpResponse:
    """The administrator changes one offer's places, address, opening hours and status."""
    membership = require_role(request.user, ADMINISTRATOR)
    try:
        offer = Offer.objects.select_related("provider").get(
            pk=offer_id, provider__municipality_id=membership.unit.municipality_id
        )
    except Offer.DoesNotExist as exc:
        raise Http404 from exc
    if request.method != "POST":
        initial = {name: getattr(offer, name) for name in services.EDITABLE_FIELDS}
        return _render_edit(request, offer, OfferEditForm(initial={**initial, "version": offer.version}))
    form = OfferEditForm(request.POST)

    def action(data: dict[str, object]) -> str:
        try:
            services.offer_update(user=request.user, offer=offer, **data)  # type: ignore[arg-type]
        except StaleEdit as exc:
            form.take_stale(exc)  # handle_form shows the message; what was typed stays
            raise
        return _("Tilbuddet %(name)s er gemt.") % {"name": data["name"]}

    return handle_form(
        request,
        form,
        action=action,
        success_url=reverse("offers:list") + f"#tilbud-{offer.pk}",
        on_error=lambda bound: _render_edit(request, offer, bound, status=400),
    )


def _render_edit(request: StaffRequest, offer: Offer, form: forms.Form, *, status: int = 200) -> HttpResponse:
    return render(
        request,
        "offers/offer_edit.html",
        {
            "offer": offer,
            "form": form,
            "occupied": occupied_places(offer),
            "breadcrumbs": [(_("Tilbud"), reverse("offers:list")), (offer.name, "")],
        },
        status=status,
    )
