from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from . import cpr as cprlib


class CitizenSearchForm(forms.Form):
    query = forms.CharField(
        label=_("CPR-nummer eller navn"),
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def clean_query(self) -> str:
        value = self.cleaned_data["query"].strip()
        digits = value.replace("-", "").replace(" ", "")
        if digits.isdigit():
            return cprlib.normalize(digits)
        if len(value) < 2:
            raise ValidationError(_("Skriv mindst to bogstaver af navnet."))
        return value
