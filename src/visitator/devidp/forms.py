from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from oauth2_provider.forms import AllowForm

from visitator.core.inputs import BoundedForm

from .models import DevIdentity


class IdentityField(forms.ModelChoiceField):
    def label_from_instance(self, obj: DevIdentity) -> str:
        parts = [obj.name]
        if obj.description:
            parts.append(obj.description)
        parts.append(str(_("sikringsniveau %(loa)s")) % {"loa": obj.get_loa_display().lower()})
        return " – ".join(parts)


class ChooseIdentityForm(BoundedForm, AllowForm):
    """django-oauth-toolkit's authorization form (the request's parameters in hidden fields) with the
    identity to log in as. Choosing one is consent: there is no separate "allow" step."""

    identity = IdentityField(
        label=_("Log ind som"),
        queryset=DevIdentity.objects.all(),
        widget=forms.RadioSelect(attrs={"class": "form-radio"}),
        empty_label=None,
        error_messages={"required": _("Vælg hvem du vil logge ind som.")},
    )

    def clean(self) -> dict:
        cleaned = super().clean() or {}
        cleaned["allow"] = True
        return cleaned
