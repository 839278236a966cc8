"""Reading offers. Every query is scoped to one municipality."""

from __future__ import annotations

from django.db.models import QuerySet

from visitator.organisation.models import Municipality

from .models import Offer
from .policy import OCCUPIED_ANNOTATION, grants_installed, occupied_count_subquery


def offers_for_municipality(*, municipality: Municipality, include_inactive: bool = True) -> QuerySet[Offer]:
    """The municipality's offers with provider, rates and optional items loaded, and the number of
    occupied places annotated (read by `policy.occupied_places`). Own offers first, then by name."""
    offers = (
        Offer.objects.filter(provider__municipality=municipality)
        .select_related("provider")
        .prefetch_related("rates", "optional_items")
    )
    if not include_inactive:
        offers = offers.filter(active=True)
    if grants_installed():
        offers = offers.annotate(**{OCCUPIED_ANNOTATION: occupied_count_subquery()})
    # Kind is "own" or "external": descending puts own first.
    return offers.order_by("-provider__kind", "name", "id")
