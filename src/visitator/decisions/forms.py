from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from visitator.cases.lifecycle import Outcome
from visitator.core import law
from visitator.core.formatting import lower_first

from .models import HearingInformation


def _describe(info: HearingInformation) -> str:
    return f"{info.source}: {info.summary[:80]}"


def _source(info: HearingInformation) -> str:
    return info.source


class InformationForm(forms.Form):
    source = forms.CharField(label=_("Kilde"), max_length=200, help_text=_("Fx »Udtalelse fra egen læge«"))
    summary = forms.CharField(label=_("Oplysningens indhold"), widget=forms.Textarea(attrs={"rows": 3}))
    received_on = forms.DateField(
        label=_("Modtaget"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    citizen_knows = forms.BooleanField(
        label=_("Borgeren kender oplysningen (fx borgerens egne oplysninger)"), required=False
    )


class HearingForm(forms.Form):
    information = forms.ModelMultipleChoiceField(
        label=_("Oplysninger borgeren skal høres over"),
        queryset=HearingInformation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    planned_decision = forms.CharField(
        label=_("Forventet afgørelse"),
        help_text=_("Fx »Vi forventer at give afslag på aktivitets- og samværstilbud.«"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    response_deadline = forms.DateField(
        label=_("Svarfrist"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def __init__(self, *args: Any, information: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["information"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = information
        field.label_from_instance = _describe  # type: ignore[assignment,method-assign]


class ResponseForm(forms.Form):
    hearing = forms.UUIDField(widget=forms.HiddenInput, required=False)
    received_on = forms.DateField(
        label=_("Svaret modtaget"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    summary = forms.CharField(label=_("Borgerens bemærkninger"), widget=forms.Textarea(attrs={"rows": 3}))


class ExceptionForm(forms.Form):
    information = forms.ModelChoiceField(label=_("Oplysning"), queryset=HearingInformation.objects.none())
    ground = forms.ChoiceField(
        label=_("Undtagelsesgrund"),
        choices=[
            (key, f"{rule.value} ({lower_first(rule.citation)})")
            for key, rule in law.HEARING_EXCEPTION_GROUNDS.items()
        ],
    )
    reason = forms.CharField(label=_("Begrundelse"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, information: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["information"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = information
        field.label_from_instance = _source  # type: ignore[assignment,method-assign]


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Afgørelse"), choices=Outcome.choices, widget=forms.RadioSelect)
    applied_for = forms.CharField(label=_("Borgeren har søgt om"), widget=forms.Textarea(attrs={"rows": 2}))
    granted = forms.CharField(
        label=_("Bevilget, med dine egne ord"),
        required=False,
        help_text=_("Tom: teksten dannes ud fra bevillingen nedenfor (tilbud og omfang)."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    legal_rules = forms.CharField(
        label=_("Retsregler, afgørelsen bygger på"),
        help_text=_("Én pr. linje, fx »Serviceloven § 104«."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    main_considerations = forms.CharField(
        label=_("Hovedhensyn i skønnet"),
        required=False,
        help_text=_("Forvaltningsloven § 24, stk. 1. Skal udfyldes, når borgeren ikke får fuldt medhold."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    facts = forms.CharField(
        label=_("Faktiske forhold, der er lagt vægt på"),
        required=False,
        help_text=_("Forvaltningsloven § 24, stk. 2."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def clean_legal_rules(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["legal_rules"].splitlines() if line.strip()]
