from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from visitator.core.inputs import BoundedForm
from visitator.decisions.models import Decision
from visitator.people.models import Representative

from .models import AppealOutcome, ComplaintChannel, LatenessDecision, Reconsideration

#: The complainant choice for the citizen (the representatives are chosen by their UUID).
CITIZEN = "borger"


def date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented pattern)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


def decision_label(decision: Decision) -> str:
    deadline = decision.letter.complaint_deadline
    when = decision.decided_on.strftime("%d.%m.%Y")
    if deadline is None:
        return str(_("%(outcome)s af %(date)s (ingen klagefrist)")) % {
            "outcome": decision.get_outcome_display(),
            "date": when,
        }
    return str(_("%(outcome)s af %(date)s (klagefrist %(deadline)s)")) % {
        "outcome": decision.get_outcome_display(),
        "date": when,
        "deadline": deadline.strftime("%d.%m.%Y"),
    }


class ComplaintForm(BoundedForm):
    decision = forms.ModelChoiceField(
        label=_("Afgørelsen, der klages over"), queryset=Decision.objects.none(), empty_label=None
    )
    received_on = forms.DateField(
        label=_("Klagen er modtaget"),
        help_text=_("Fristen for genvurdering (4 uger) regnes fra denne dato."),
        widget=date_input(),
    )
    channel = forms.ChoiceField(label=_("Modtaget via"), choices=ComplaintChannel.choices)
    complainant = forms.ChoiceField(label=_("Klager"), choices=[])
    text = forms.CharField(label=_("Hvad klages der over?"), widget=forms.Textarea(attrs={"rows": 4}))
    oral_note = forms.CharField(
        label=_("Notat om den mundtlige klage"),
        required=False,
        help_text=_(
            "Skal udfyldes, når klagen er mundtlig: hvem, hvornår og hvad der blev sagt (notatpligt)."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    documents = MultipleFileField(
        label=_("Bilag"),
        required=False,
        help_text=_("Klagebrevet og andre bilag. PDF, PNG, JPEG, DOCX, ODT eller TXT, højst 20 MB pr. fil."),
    )

    def __init__(self, *args: Any, case: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        decision = self.fields["decision"]
        assert isinstance(decision, forms.ModelChoiceField)
        decision.queryset = (
            Decision.objects.filter(case=case).select_related("letter").order_by("-decided_at")
        )
        decision.label_from_instance = decision_label  # type: ignore[assignment,method-assign]
        self.representatives = {
            str(r.pk): r
            for r in case.citizen.representatives.filter(
                kind__in=[Representative.Kind.POWER_OF_ATTORNEY, Representative.Kind.GUARDIAN]
            )
        }
        complainant = self.fields["complainant"]
        assert isinstance(complainant, forms.ChoiceField)
        complainant.choices = [(CITIZEN, _("Borgeren selv"))] + [
            (key, f"{r.name} ({r.get_kind_display()})") for key, r in self.representatives.items()
        ]

    def clean_complainant(self) -> Representative | None:
        return self.representatives.get(self.cleaned_data.get("complainant") or CITIZEN)


class LatenessForm(BoundedForm):
    choice = forms.ChoiceField(
        label=_("Hvad skal der ske med klagen?"),
        choices=LatenessDecision.Choice.choices,
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Begrundelse"),
        required=False,
        help_text=_(
            "Skal udfyldes, når klagen behandles trods fristen, fx alvorlig sygdom i hele klageperioden."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReconsiderationForm(BoundedForm):
    outcome = forms.ChoiceField(
        label=_("Resultat af genvurderingen"),
        choices=Reconsideration.Outcome.choices,
        widget=forms.RadioSelect,
    )
    reasons = forms.CharField(
        label=_("Begrundelse"),
        required=False,
        help_text=_(
            "Fastholdt: hvorfor afgørelsen fastholdes (står i brevet og sendes til Ankestyrelsen). Delvist "
            "medhold: hvad borgeren får medhold i, og hvad der fastholdes."
        ),
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class ForwardForm(BoundedForm):
    """Sending needs no input: the package, the date (today) and the letter come from the case."""


class OutcomeForm(BoundedForm):
    outcome = forms.ChoiceField(label=_("Ankestyrelsens afgørelse"), choices=AppealOutcome.Outcome.choices)
    received_on = forms.DateField(
        label=_("Modtaget fra Ankestyrelsen"),
        help_text=_("Ved hjemvisning regnes den nye frist for afgørelse fra denne dato."),
        widget=date_input(),
    )
    note = forms.CharField(label=_("Bemærkning"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    upload = forms.FileField(label=_("Ankestyrelsens afgørelse (fil)"), required=False)
    reopen_case = forms.BooleanField(
        label=_("Genoptag sagen, så der kan træffes en ny afgørelse (ved ændret eller ophævet)"),
        required=False,
    )


class CarryOutForm(BoundedForm):
    note = forms.CharField(label=_("Hvad er gjort?"), widget=forms.Textarea(attrs={"rows": 3}))
    decision = forms.ModelChoiceField(
        label=_("Ny afgørelse"), queryset=Decision.objects.none(), required=False, empty_label=_("Ingen")
    )

    def __init__(self, *args: Any, decisions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["decision"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = decisions
        field.label_from_instance = decision_label  # type: ignore[assignment,method-assign]


class WithdrawForm(BoundedForm):
    received_on = forms.DateField(label=_("Klagen blev trukket tilbage"), widget=date_input())
    note = forms.CharField(
        label=_("Notat"),
        help_text=_("Hvordan og af hvem, fx »Borgeren ringede og trak klagen tilbage.«"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
