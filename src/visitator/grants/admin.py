from django.contrib import admin

from .models import ProviderMembership


@admin.register(ProviderMembership)
class ProviderMembershipAdmin(admin.ModelAdmin):
    """Provider staff: a user (in the group "leverandoer") linked to one provider."""

    list_display = ["user", "provider"]
    list_select_related = ["user", "provider"]
    autocomplete_fields = ["user"]
