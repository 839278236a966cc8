from __future__ import annotations

from pathlib import Path

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from visitator.core.inputs import BoundedForm
from visitator.people.forms import VersionedForm

from .importer import MAX_BYTES
from .models import Offer


class ImportForm(BoundedForm):
    upload = forms.FileField(
        label=_("Fil med tilbud"),
        help_text=_("CSV-fil (.csv) eller Excel-regneark (.xlsx) med én række pr. tilbud, højst 5 MB"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )
    dry_run = forms.BooleanField(
        label=_("Prøvekørsel: kontrollér filen uden at gemme noget"),
        required=False,
    )

    def clean_upload(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["upload"]
        if Path(upload.name or "").suffix.casefold() not in {".csv", ".xlsx"}:
            raise ValidationError(_("Vælg en CSV-fil (.csv) eller et Excel-regneark (.xlsx)."))
        if upload.size is not None and upload.size > MAX_BYTES:
            raise ValidationError(_("Filen er for stor (højst 5 MB)."))
        return upload


class OfferEditForm(VersionedForm):
    """The administrator's edit of one offer's practical facts (offers.services.offer_update)."""

    name = forms.CharField(label=_("Navn"), max_length=200)
    places = forms.IntegerField(
        label=_("Pladser"),
        min_value=0,
        max_value=10_000,
        help_text=_("Antal pladser i alt; de ledige pladser beregnes ud fra bevillingerne."),
    )
    address_line = forms.CharField(label=_("Adresse"), max_length=200, required=False)
    postcode = forms.CharField(label=_("Postnummer"), max_length=4, required=False)
    city = forms.CharField(label=_("By"), max_length=100, required=False)
    opens_at = forms.TimeField(
        label=_("Åbner kl."),
        required=False,
        help_text=_("Kørselskontoret bruger åbningstiden, når der ikke er aftalt andet."),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    closes_at = forms.TimeField(
        label=_("Lukker kl."), required=False, widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    registration = forms.ChoiceField(
        label=_("Registrering på Tilbudsportalen"), choices=Offer.Registration.choices
    )
    approval = forms.ChoiceField(label=_("Godkendelse"), choices=Offer.Approval.choices)
    verified_on = forms.DateField(
        label=_("Senest kontrolleret på Tilbudsportalen"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    active = forms.BooleanField(
        label=_("Tilbuddet er aktivt og kan vælges i nye afgørelser"),
        required=False,
    )
