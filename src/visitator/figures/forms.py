from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from visitator.core.inputs import BoundedForm
from visitator.offers.models import Offer
from visitator.organisation.models import Unit


class DateInput(forms.DateInput):
    input_type = "date"


class FiguresForm(BoundedForm):
    """The filters (GET: dates and ids, no personal data)."""

    date_from = forms.DateField(label=_("Fra og med"), widget=DateInput)
    date_to = forms.DateField(label=_("Til og med"), widget=DateInput)
    unit = forms.ModelChoiceField(
        label=_("Enhed"), queryset=Unit.objects.none(), required=False, empty_label=_("Alle enheder")
    )
    offer = forms.ModelChoiceField(
        label=_("Tilbud"), queryset=Offer.objects.none(), required=False, empty_label=_("Alle tilbud")
    )

    def __init__(self, *args: Any, municipality: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        units = cast(forms.ModelChoiceField, self.fields["unit"])
        units.queryset = Unit.objects.filter(municipality=municipality).order_by("name")
        offers = cast(forms.ModelChoiceField, self.fields["offer"])
        offers.queryset = Offer.objects.filter(provider__municipality=municipality).order_by("name")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end:
            if start > end:
                raise ValidationError(_("Slutdatoen ligger før startdatoen."))
            if end - start > dt.timedelta(days=3 * 366):
                raise ValidationError(_("Vælg en periode på højst tre år."))
        return data
