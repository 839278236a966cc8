from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from visitator.cases.lifecycle import Outcome
from visitator.core import law
from visitator.core.formatting import lower_first
from visitator.core.inputs import BoundedForm

from .models import HearingInformation


def _describe(info: HearingInformation) -> str:
    return f"{info.source}: {info.summary[:80]}"


def _source(info: HearingInformation) -> str:
    return info.source


class InformationForm(BoundedForm):
    source = forms.CharField(label=_("Kilde"), max_length=200, help_text=_("Fx »Udtalelse fra egen læge«"))
    summary = forms.CharField(label=_("Oplysningens indhold"), widget=forms.Textarea(attrs={"rows": 3}))
    received_on = forms.DateField(
        label=_("Modtaget"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    citizen_knows = forms.BooleanField(
        label=_("Borgeren kender oplysningen (fx borgerens egne oplysninger)"), required=False
    )


class HearingForm(BoundedForm):
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


class ResponseForm(BoundedForm):
    hearing = forms.UUIDField(widget=forms.HiddenInput, required=False)
    received_on = forms.DateField(
        label=_("Svaret modtaget"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    summary = forms.CharField(label=_("Borgerens bemærkninger"), widget=forms.Textarea(attrs={"rows": 3}))


class ExceptionForm(BoundedForm):
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


#: What the letter's begrundelse needs when the citizen does not get everything (FVL § 24).
REASON_MESSAGES = {
    "main_considerations": _(
        "Skriv de hovedhensyn, der har været bestemmende for skønnet, når borgeren ikke får fuldt "
        "medhold (forvaltningsloven § 24, stk. 1)."
    ),
    "facts": _(
        "Skriv de oplysninger om sagens faktiske omstændigheder, der er lagt vægt på "
        "(forvaltningsloven § 24, stk. 2)."
    ),
}


class DecisionForm(BoundedForm):
    """The decision on an application. Saving it makes (or changes) a draft; nothing is sent."""

    outcome = forms.ChoiceField(label=_("Afgørelse"), choices=Outcome.choices, widget=forms.RadioSelect)
    applied_for = forms.CharField(label=_("Borgeren har søgt om"), widget=forms.Textarea(attrs={"rows": 2}))
    legal_rules = forms.CharField(
        label=_("Retsregler, afgørelsen bygger på"),
        help_text=_("Én pr. linje, fx »Serviceloven § 104«."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    main_considerations = forms.CharField(
        label=_("Hovedhensyn i skønnet (begrundelse)"),
        required=False,
        help_text=_(
            "Forvaltningsloven § 24, stk. 1. Skal udfyldes ved afslag og delvis bevilling. Skriv til "
            "borgeren (»du«): teksten står i brevet."
        ),
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    facts = forms.CharField(
        label=_("Faktiske forhold, der er lagt vægt på"),
        required=False,
        help_text=_("Forvaltningsloven § 24, stk. 2. Skal udfyldes ved afslag og delvis bevilling."),
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    granted = forms.CharField(
        label=_("Bevilget, med dine egne ord"),
        required=False,
        help_text=_(
            "Tom: teksten dannes ud fra bevillingen nedenfor (tilbud og omfang). Du kan rette den i udkastet."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    #: The draft this form changes, and the version it showed (a stale save is refused).
    draft = forms.UUIDField(required=False, widget=forms.HiddenInput)
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, outcome: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Fields marked optional are optional for the chosen outcome: main considerations and facts are
        # required unless the citizen gets everything applied for (then they are marked optional).
        # Before an outcome is chosen they are shown as required; the page's script marks them optional
        # when "Bevilget" is chosen.
        for name, message in REASON_MESSAGES.items():
            field = self.fields[name]
            field.required = outcome != Outcome.GRANTED
            field.error_messages["required"] = message
            field.widget.attrs["data-optional-when-granted"] = "true"

    def clean_legal_rules(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["legal_rules"].splitlines() if line.strip()]


class DraftTextsForm(BoundedForm):
    """The caseworker's words in the draft letter; the legal parts are composed and cannot be edited."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    granted = forms.CharField(
        label=_("Hvad borgeren får bevilget"),
        required=False,
        help_text=_("Står i brevet under »Afgørelse«: tilbud, omfang og start, med dine ord."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    main_considerations = forms.CharField(
        label=_("Begrundelse: hovedhensyn i skønnet"),
        required=False,
        help_text=_(
            "Står i brevet under »Begrundelse« (forvaltningsloven § 24, stk. 1). Skriv til borgeren (»du«)."
        ),
        widget=forms.Textarea(attrs={"rows": 10}),
    )
    facts = forms.CharField(
        label=_("Oplysninger, vi har lagt vægt på"),
        required=False,
        help_text=_(
            "Står i brevet under »Oplysninger, vi har lagt vægt på« (forvaltningsloven § 24, stk. 2)."
        ),
        widget=forms.Textarea(attrs={"rows": 8}),
    )

    def __init__(
        self,
        *args: Any,
        with_granted: bool = True,
        granted_required: bool = False,
        reasoned: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if not with_granted:
            del self.fields["granted"]
        else:
            self.fields["granted"].required = granted_required
            self.fields["granted"].error_messages["required"] = _(
                "Skriv hvad borgeren får bevilget (tilbud, omfang og start)."
            )
        # Required where the letter must carry them (FVL §§ 22-24), optional for a full grant.
        for name, message in REASON_MESSAGES.items():
            self.fields[name].required = reasoned
            self.fields[name].error_messages["required"] = message


class DraftActionForm(BoundedForm):
    """Send, ask for approval, or discard: the version of the draft the caseworker saw."""

    version = forms.IntegerField(widget=forms.HiddenInput)


class DraftReviewForm(BoundedForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(
        label=_("Din vurdering"),
        choices=[("approve", _("Godkend udkastet")), ("return", _("Send udkastet tilbage til rettelse"))],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Kommentar til forfatteren"),
        required=False,
        help_text=_("Skal udfyldes, når udkastet sendes tilbage: hvad skal rettes?"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
