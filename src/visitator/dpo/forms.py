from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from visitator.audit.models import AccessAction
from visitator.core.inputs import BoundedForm
from visitator.organisation.models import Unit
from visitator.people import cpr as cprlib


class DateInput(forms.DateInput):
    input_type = "date"


class LogSearchForm(BoundedForm):
    """The DPO's search. Sent by POST only: a CPR number never goes into a URL."""

    cpr = forms.CharField(
        label=_("Borgerens CPR-nummer"),
        required=False,
        max_length=11,
        help_text=_("DDMMÅÅ-LLLL. Søgningen logges med CPR-nummeret maskeret."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false", "inputmode": "numeric"}),
    )
    username = forms.CharField(label=_("Brugernavn"), required=False, max_length=150)
    unit = forms.ModelChoiceField(
        label=_("Enhed"), queryset=Unit.objects.none(), required=False, empty_label=_("Alle enheder")
    )
    action = forms.ChoiceField(
        label=_("Handling"), required=False, choices=[("", _("Alle handlinger")), *AccessAction.choices]
    )
    date_from = forms.DateField(label=_("Fra og med"), required=False, widget=DateInput)
    date_to = forms.DateField(label=_("Til og med"), required=False, widget=DateInput)

    def __init__(self, *args: Any, units: list[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(id__in=[u.id for u in units]).order_by("name")  # type: ignore[attr-defined]

    def clean_cpr(self) -> str:
        value = self.cleaned_data["cpr"].strip()
        return cprlib.normalize(value) if value else ""

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            raise ValidationError(_("Slutdatoen ligger før startdatoen."))
        return data


class PatternsForm(BoundedForm):
    """The unusual-patterns report: a period (dates only, no personal data, so GET is fine)."""

    date_from = forms.DateField(label=_("Fra og med"), widget=DateInput)
    date_to = forms.DateField(label=_("Til og med"), widget=DateInput)
    threshold = forms.IntegerField(
        label=_("Mindst antal borgere uden for egne sager"), min_value=1, max_value=10000, initial=10
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end:
            if start > end:
                raise ValidationError(_("Slutdatoen ligger før startdatoen."))
            if end - start > dt.timedelta(days=366):
                raise ValidationError(_("Vælg en periode på højst et år."))
        return data
