"""The provider's forms. The checks that matter (whose grant, which status, dates) are in the services
in visitator.grants.services; these forms only parse the input."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from visitator.core import clock

DATE_WIDGET = {"type": "date"}


def _date_input(**attrs: str) -> forms.DateInput:
    return forms.DateInput(attrs={**DATE_WIDGET, **attrs}, format="%Y-%m-%d")


class AcceptOrderForm(forms.Form):
    start_date = forms.DateField(
        label=_("Borgeren starter den"),
        help_text=_("Den dag borgeren begynder i tilbuddet."),
        widget=_date_input(),
        error_messages={"required": _("Angiv den dag borgeren starter.")},
    )


class AttendanceForm(forms.Form):
    PRESENT = "present"
    ABSENT = "absent"

    on = forms.DateField(
        label=_("Dato"),
        widget=_date_input(),
        error_messages={"required": _("Angiv dagen.")},
    )
    present = forms.ChoiceField(
        label=_("Fremmøde"),
        choices=[(PRESENT, _("Mødt")), (ABSENT, _("Ikke mødt"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Vælg om borgeren mødte.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        today = clock.today()
        self.fields["on"].widget.attrs["max"] = today.isoformat()
        if not self.is_bound:
            self.initial.setdefault("on", today)


class ProgressNoteForm(forms.Form):
    text = forms.CharField(
        label=_("Hvordan går det med målet?"),
        help_text=_("Skriv hvad borgeren har gjort og nået. Skriv ikke helbredsoplysninger her."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": _("Skriv hvordan det går med målet.")},
    )
