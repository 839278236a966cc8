"""Admin: provider staff. The Danish labels are set here, not on the model, so that the grants app
needs no migration for them."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from .models import ProviderMembership


class ProviderMembershipForm(forms.ModelForm):
    class Meta:
        model = ProviderMembership
        fields = ["user", "provider"]
        labels = {"user": _("bruger"), "provider": _("leverandør")}


@admin.register(ProviderMembership)
class ProviderMembershipAdmin(admin.ModelAdmin):
    """Provider staff: a user (in the group "leverandoer") linked to one provider."""

    form = ProviderMembershipForm
    list_display = ["member", "provider_name"]
    list_select_related = ["user", "provider"]
    autocomplete_fields = ["user"]

    @admin.display(description=_("bruger"), ordering="user__username")
    def member(self, obj: ProviderMembership) -> User:
        return obj.user

    @admin.display(description=_("leverandør"), ordering="provider__name")
    def provider_name(self, obj: ProviderMembership) -> str:
        return obj.provider.name
