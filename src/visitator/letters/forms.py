"""The administrator's forms for the contact block on every letter."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from visitator.core.inputs import BoundedForm


class UnitContactForm(BoundedForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    address_line = forms.CharField(label=_("Adresse"), max_length=200, help_text=_("Fx »Eksempelvej 10«"))
    postcode = forms.CharField(label=_("Postnummer"), max_length=4)
    city = forms.CharField(label=_("By"), max_length=100)
    phone = forms.CharField(label=_("Telefon"), max_length=30, help_text=_("Enhedens hovednummer"))
    email = forms.CharField(label=_("E-mail"), max_length=200)
    opening_hours = forms.CharField(
        label=_("Telefontid og åbningstid"),
        max_length=300,
        help_text=_("Fx »Mandag-onsdag 9-15, torsdag 9-17, fredag 9-12«"),
    )


class StaffContactForm(BoundedForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    direct_phone = forms.CharField(label=_("Direkte telefon"), max_length=30)
