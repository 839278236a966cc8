from __future__ import annotations

from pathlib import Path

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from visitator.core.inputs import BoundedForm

from .importer import MAX_BYTES


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
