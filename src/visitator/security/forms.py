from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from visitator.core.inputs import BoundedForm


class CodeForm(BoundedForm):
    token = forms.CharField(
        label=_("Kode fra godkendelses-appen"),
        help_text=_("Seks cifre. Koden skifter hvert 30. sekund."),
        min_length=6,
        max_length=8,
        error_messages={
            "required": _("Skriv koden fra appen."),
            "min_length": _("Koden har seks cifre."),
            "max_length": _("Koden har seks cifre."),
        },
    )

    def clean_token(self) -> str:
        token = "".join(self.cleaned_data["token"].split())
        if not token.isdigit():
            raise forms.ValidationError(_("Koden består kun af cifre."))
        return token
