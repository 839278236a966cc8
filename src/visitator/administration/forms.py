"""The administrator's user forms. What a form offers is only a convenience: the services check every
limit again (administration.services)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from visitator.core.inputs import BoundedForm
from visitator.offers.models import Provider
from visitator.organisation.models import DecisionKind, Municipality, Unit
from visitator.organisation.roles import ROLE_LABELS

from .services import ADMINISTRATOR_MAY_GRANT, Place


def role_choices() -> list[tuple[str, str]]:
    return [(name, str(ROLE_LABELS[name])) for name in ADMINISTRATOR_MAY_GRANT]


class UserFields(BoundedForm):
    first_name = forms.CharField(label=_("Fornavn"), max_length=150)
    last_name = forms.CharField(label=_("Efternavn"), max_length=150)
    email = forms.EmailField(label=_("E-mail"), required=False, max_length=254)
    roles = forms.MultipleChoiceField(
        label=_("Roller"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Sagsbehandler, teamleder og administrator gives af platformens operatør."),
        error_messages={"invalid_choice": _("Du kan ikke give rollen %(value)s.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        roles = self.fields["roles"]
        assert isinstance(roles, forms.MultipleChoiceField)
        roles.choices = role_choices()


class UserCreateForm(UserFields):
    username = forms.CharField(label=_("Brugernavn"), max_length=150)
    place = forms.ChoiceField(
        label=_("Enhed eller leverandør"),
        error_messages={
            "required": _("Vælg en enhed eller leverandør."),
            "invalid_choice": _("Vælg en enhed eller leverandør i din kommune."),
        },
    )
    password = forms.CharField(
        label=_("Adgangskode"),
        widget=forms.PasswordInput(render_value=False),
        help_text=_("Mindst 12 tegn. Brugeren bør skifte den ved første login."),
    )
    field_order = ["username", "first_name", "last_name", "email", "place", "roles", "password"]

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.municipality = municipality
        units = [(f"unit:{u.pk}", str(u.name)) for u in Unit.objects.filter(municipality=municipality)]
        providers = [
            (f"provider:{p.pk}", str(p.name)) for p in Provider.objects.filter(municipality=municipality)
        ]
        place = self.fields["place"]
        assert isinstance(place, forms.ChoiceField)
        place.choices = [
            ("", _("Vælg")),
            (_("Enheder"), units),
            (_("Leverandører"), providers),
        ]

    def clean_username(self) -> str:
        username = self.cleaned_data["username"].strip()
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("Brugernavnet er i brug."))
        return username

    def place_value(self) -> Place:
        kind, _sep, pk = self.cleaned_data["place"].partition(":")
        if kind == "unit":
            return Place(unit=Unit.objects.get(pk=pk, municipality=self.municipality))
        return Place(provider=Provider.objects.get(pk=pk, municipality=self.municipality))


class UserEditForm(UserFields):
    is_active = forms.BooleanField(
        label=_("Aktiv"), required=False, help_text=_("En bruger, der ikke er aktiv, kan ikke logge ind.")
    )


class PasswordForm(BoundedForm):
    password = forms.CharField(
        label=_("Ny adgangskode"),
        widget=forms.PasswordInput(render_value=False),
        help_text=_("Mindst 12 tegn."),
    )


class SecondApprovalForm(BoundedForm):
    """Which decisions a colleague must approve (the municipality's own four-eyes rule)."""

    kinds = forms.MultipleChoiceField(
        label=_("Afgørelser, som en kollega skal godkende, før brevet sendes"),
        help_text=_(
            "En anden sagsbehandler eller teamlederen i enheden godkender udkastet. Det gælder ud over det, "
            "kvalitetsstandarden kræver."
        ),
        choices=DecisionKind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    #: The setting the page showed (optimistic locking), comma-separated.
    opened_on = forms.CharField(widget=forms.HiddenInput, required=False)

    def opened_kinds(self) -> list[str]:
        return [k for k in self.cleaned_data.get("opened_on", "").split(",") if k]
