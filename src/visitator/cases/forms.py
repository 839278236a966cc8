from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from visitator.core import clock

# The citizen's and representatives' forms live with the citizen (people); the case pages show them.
from visitator.core.inputs import BoundedForm
from visitator.people import cpr as cprlib
from visitator.people.forms import (  # noqa: F401
    CitizenEditForm,
    CitizenForm,
    ContactForm,
    RepresentativeForm,
)

from .lifecycle import Status
from .models import Channel, DocumentOrigin, JournalNote


class CprForm(BoundedForm):
    cpr = forms.CharField(
        label=_("CPR-nummer"),
        max_length=11,
        help_text=_("10 cifre, med eller uden bindestreg"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric", "spellcheck": "false"}),
    )

    def clean_cpr(self) -> str:
        return cprlib.normalize(self.cleaned_data["cpr"])


class ApplicationForm(BoundedForm):
    received_at = forms.DateTimeField(
        label=_("Ansøgningen er modtaget"),
        help_text=_("Fristen for afgørelse regnes fra denne dato."),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d-%m-%Y %H:%M", "%Y-%m-%d"],
    )
    channel = forms.ChoiceField(label=_("Modtaget via"), choices=Channel.choices)
    target_group_reduced_function = forms.BooleanField(
        label=_("Betydelig nedsat fysisk eller psykisk funktionsevne (målgruppe 1)"), required=False
    )
    target_group_social_problems = forms.BooleanField(
        label=_("Særlige sociale problemer (målgruppe 2)"), required=False
    )
    note = forms.CharField(label=_("Notat"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def clean_received_at(self) -> dt.datetime:
        value = self.cleaned_data["received_at"]
        if value > clock.now():
            raise ValidationError(_("Modtagelsestidspunktet kan ikke ligge i fremtiden."))
        return value


class TransitionForm(BoundedForm):
    to_status = forms.ChoiceField(label=_("Ny status"), choices=[])
    reason = forms.CharField(
        label=_("Begrundelse / bemærkning"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, targets: list[Status], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["to_status"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(t.value, t.label) for t in targets]


class NoteForm(BoundedForm):
    kind = forms.ChoiceField(label=_("Type"), choices=JournalNote.Kind.choices)
    text = forms.CharField(label=_("Notat"), widget=forms.Textarea(attrs={"rows": 3}))


class DocumentForm(BoundedForm):
    title = forms.CharField(label=_("Titel"), max_length=200)
    upload = forms.FileField(label=_("Fil"), help_text=_("PDF, PNG, JPEG, DOCX, ODT eller TXT, højst 20 MB"))
    origin = forms.ChoiceField(
        label=_("Hvem kommer dokumentet fra?"), choices=DocumentOrigin.choices, widget=forms.RadioSelect
    )
    origin_name = forms.CharField(
        label=_("Afsender"),
        help_text=_("Fx »Egen læge« eller »Aktivitetshuset Aars«. Skal udfyldes for dokumenter fra andre."),
        max_length=200,
        required=False,
    )
    summary = forms.CharField(
        label=_("Hvad siger dokumentet?"),
        help_text=_(
            "Kort og sagligt. Oplysninger fra andre skal borgeren høres over før en afgørelse imod "
            "borgeren (forvaltningsloven § 19), medmindre borgeren allerede kender dem."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    citizen_knows = forms.BooleanField(
        label=_("Borgeren kender allerede oplysningerne i dokumentet"), required=False
    )


class DeadlineNoticeForm(BoundedForm):
    expected_decision_on = forms.DateField(
        label=_("Forventet afgørelse senest"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    reason = forms.CharField(
        label=_("Hvorfor kan fristen ikke overholdes?"), widget=forms.Textarea(attrs={"rows": 3})
    )


class TargetGroupForm(BoundedForm):
    reduced_function = forms.BooleanField(
        label=_("Betydelig nedsat fysisk eller psykisk funktionsevne (målgruppe 1)"), required=False
    )
    social_problems = forms.BooleanField(label=_("Særlige sociale problemer (målgruppe 2)"), required=False)


class SearchForm(BoundedForm):
    """The search from the header on every page: sent by POST, so the criterion never reaches a URL."""

    query = forms.CharField(
        label=_("Søg efter borger eller sag"),
        min_length=2,
        max_length=100,
        help_text=_("Navn, sagsnummer (fx 2026-00042) eller CPR-nummer"),
        error_messages={
            "required": _("Skriv et navn, et sagsnummer eller et CPR-nummer."),
            "min_length": _("Skriv mindst to tegn."),
            "max_length": _("Søgningen må højst være 100 tegn."),
        },
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off", "spellcheck": "false"}),
    )


class CaseIdsField(forms.Field):
    """The case ids ticked on the worklist (checkboxes in the table rows, all named like the field)."""

    widget = forms.MultipleHiddenInput
    default_error_messages = {
        "required": _("Vælg de sager, der skal flyttes."),
        "invalid": _("Listen over sager er ugyldig. Vis arbejdslisten igen."),
    }

    def to_python(self, value: Any) -> list[uuid.UUID]:
        if not value:
            return []
        try:
            return list(dict.fromkeys(uuid.UUID(str(item)) for item in value))
        except ValueError as exc:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from exc


class CaseworkerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.get_full_name() or obj.get_username())


class ReassignForm(BoundedForm):
    """A team leader moves the ticked cases of the unit's worklist to another caseworker of the unit."""

    cases = CaseIdsField(label=_("Sager"))
    caseworker = CaseworkerChoiceField(
        label=_("Ny sagsbehandler"),
        queryset=None,
        empty_label=_("Vælg sagsbehandler"),
        help_text=_("Kun enhedens sagsbehandlere kan vælges."),
        error_messages={
            "required": _("Vælg den sagsbehandler, sagerne skal flyttes til."),
            "invalid_choice": _("Vælg en sagsbehandler i enheden."),
        },
    )
    reason = forms.CharField(
        label=_("Begrundelse"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Fx fravær eller en ny fordeling. Begrundelsen gemmes i sagens hændelseslog."),
        error_messages={"required": _("Skriv hvorfor sagerne flyttes.")},
    )

    def __init__(self, *args: Any, caseworkers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["caseworker"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = caseworkers

    def seen_caseworkers(self) -> dict[uuid.UUID, int | None]:
        """For each ticked case, the caseworker the team leader saw on the list (hidden "was-<id>")."""
        seen: dict[uuid.UUID, int | None] = {}
        for case_id in self.cleaned_data["cases"]:
            raw = self.data.get(f"was-{case_id}", "")
            seen[case_id] = int(raw) if raw.isdigit() else None
        return seen
