"""Admin: providers with their offers; offers with their rates and optional paid items.

Most offers come from the import (`visitator offers import`, or /tilbud/import/); the admin is for
the rest (e-mail and phone of a provider, deactivating an offer, optional paid items, extra rate
tiers). Changes made here are not written to the event log.
"""

from __future__ import annotations

from django.contrib import admin

from .models import Offer, OptionalItem, Provider, RateTier


class OfferInline(admin.TabularInline):
    model = Offer
    fields = [
        "name",
        "tilbudsid",
        "afdelingsid",
        "places",
        "registration",
        "approval",
        "verified_on",
        "active",
    ]
    extra = 0
    show_change_link = True


@admin.register(Provider)
class ProviderAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "cvr", "municipality"]
    list_filter = ["kind", "municipality"]
    list_select_related = ["municipality"]
    search_fields = ["name", "cvr"]
    inlines = [OfferInline]


class RateTierInline(admin.TabularInline):
    model = RateTier
    fields = ["name", "amount", "valid_from", "part_time_percent"]
    extra = 0


class OptionalItemInline(admin.TabularInline):
    model = OptionalItem
    fields = ["name", "price", "unit"]
    extra = 0


@admin.register(Offer)
class OfferAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "provider",
        "tilbudsid",
        "afdelingsid",
        "places",
        "registration",
        "approval",
        "verified_on",
        "active",
    ]
    list_filter = [
        "active",
        "registration",
        "approval",
        "rate_unit",
        "provider__kind",
        "provider__municipality",
    ]
    list_select_related = ["provider"]
    search_fields = ["name", "provider__name", "tilbudsid"]
    autocomplete_fields = ["provider"]
    inlines = [RateTierInline, OptionalItemInline]
