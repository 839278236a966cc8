from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from visitator.core.inputs import BoundedForm

from . import cpr as cprlib
from .models import Citizen, Language, Representative
from .services import StaleEdit, citizen_problems, digital_post_number, representative_problems


class CitizenSearchForm(BoundedForm):
    query = forms.CharField(
        label=_("CPR-nummer eller navn"),
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def clean_query(self) -> str:
        value = self.cleaned_data["query"].strip()
        digits = value.replace("-", "").replace(" ", "")
        if digits.isdigit():
            return cprlib.normalize(digits)
        if len(value) < 2:
            raise ValidationError(_("Skriv mindst to bogstaver af navnet."))
        return value


if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise as StrOrPromise

DATE_INPUT = {"type": "date"}


def _date_field(
    label: StrOrPromise, *, required: bool = True, help_text: StrOrPromise = ""
) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.DateInput(attrs=DATE_INPUT, format="%Y-%m-%d"),
    )


class VersionedForm(BoundedForm):
    """An edit form that names the version of the record it was opened on (optimistic locking).

    When the service answers `StaleEdit`, `take_stale` moves the hidden version on to the one now
    stored and shows the other person's values in the fields the user had not touched; what the user
    typed stays. Saving again (after reading what changed) goes through."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def take_stale(self, exc: StaleEdit) -> None:
        data = self.data.copy()  # type: ignore[attr-defined]  # a QueryDict when bound
        data[self.add_prefix("version")] = str(exc.version)
        for name, (opened_on, stored) in exc.changes.items():
            if name not in self.fields:
                continue
            key = self.add_prefix(name)
            if isinstance(self.fields[name].widget, forms.CheckboxInput):
                if (key in data) == bool(opened_on):
                    if stored:
                        data[key] = "on"
                    else:
                        data.pop(key, None)
            elif str(data.get(key, "")).strip() == _form_value(opened_on):
                data[key] = _form_value(stored)
        self.data = data

    def show_stale(self, exc: StaleEdit) -> None:
        self.take_stale(exc)
        self.add_error(None, exc.messages)


def _form_value(value: Any) -> str:
    return "" if value is None else str(value)


class ContactForm(BoundedForm):
    """Address and contact fields, shared by citizens and representatives."""

    address_line = forms.CharField(label=_("Adresse"), max_length=200, required=False)
    postcode = forms.RegexField(
        label=_("Postnummer"),
        regex=r"^\d{4}$",
        required=False,
        error_messages={"invalid": _("Et postnummer har fire cifre.")},
    )
    city = forms.CharField(label=_("By"), max_length=100, required=False)
    phone = forms.CharField(label=_("Telefon"), max_length=30, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)


def _add_problems(form: forms.Form, problems: dict[str, str]) -> None:
    """The service's rules, shown before saving; a field that already has an error keeps only that."""
    for name, message in problems.items():
        if name not in form.errors:
            form.add_error(name if name in form.fields else None, message)


class CitizenForm(ContactForm):
    field_order = ["first_name", "last_name"]

    first_name = forms.CharField(label=_("Fornavn(e)"), max_length=100)
    last_name = forms.CharField(label=_("Efternavn"), max_length=100)
    digital_post_exempt = forms.BooleanField(label=_("Fritaget for Digital Post"), required=False)
    digital_post_exemption_reason = forms.CharField(
        label=_("Fritagelsesgrund"), max_length=200, required=False
    )
    preferred_language = forms.ChoiceField(
        label=_("Foretrukket sprog"), choices=Language.choices, initial=Language.DANISH, required=False
    )
    preferred_language_other = forms.CharField(
        label=_("Andet sprog"),
        help_text=_("Udfyldes, når du har valgt »Andet«."),
        max_length=60,
        required=False,
    )
    interpreter_needed = forms.BooleanField(
        label=_("Borgeren har brug for tolk"),
        help_text=_("Vises på sagen, partshøringen og afgørelsen, så der bestilles tolk til møder."),
        required=False,
    )

    def clean_preferred_language(self) -> str:
        return str(self.cleaned_data.get("preferred_language") or Language.DANISH)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        citizen = Citizen(**{name: data.get(name, "") for name in _CITIZEN_RULE_FIELDS})
        citizen.digital_post_exempt = bool(data.get("digital_post_exempt"))
        citizen.interpreter_needed = bool(data.get("interpreter_needed"))
        _add_problems(self, citizen_problems(citizen))
        return data


_CITIZEN_RULE_FIELDS = ("digital_post_exemption_reason", "preferred_language", "preferred_language_other")


class CitizenEditForm(VersionedForm, CitizenForm):
    """The citizen's details on the case page."""


class RepresentativeForm(ContactForm):
    field_order = ["kind", "name", "receives_letters", "digital_post_id"]

    kind = forms.ChoiceField(label=_("Repræsentantens rolle"), choices=Representative.Kind.choices)
    name = forms.CharField(label=_("Navn"), max_length=200)
    receives_letters = forms.BooleanField(
        label=_("Modtager borgerens breve"),
        help_text=_(
            "Kun en værge eller en partsrepræsentant med fuldmagt. Breve sendes til repræsentantens "
            "Digital Post, når CPR- eller CVR-nummeret er udfyldt, ellers som fysisk post til adressen. "
            "En bisidder eller en pårørende modtager aldrig borgerens breve."
        ),
        required=False,
        initial=True,
    )
    digital_post_id = forms.CharField(
        label=_("CPR- eller CVR-nummer til Digital Post"),
        help_text=_(
            "Repræsentantens egen digitale postkasse: CPR-nummer for en person, CVR-nummer for fx et "
            "advokatfirma eller en organisation."
        ),
        max_length=11,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false", "inputmode": "numeric"}),
    )
    valid_from = _date_field(_("Gyldig fra"))
    valid_to = _date_field(_("Gyldig til"), required=False)
    power_of_attorney_received = _date_field(
        _("Fuldmagt modtaget"),
        required=False,
        help_text=_("Skal udfyldes for en partsrepræsentant med fuldmagt (forvaltningsloven § 8)."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        representative = Representative(
            kind=data.get("kind", ""),  # type: ignore[misc]  # an unsaved row, only for the rules
            address_line=data.get("address_line", ""),
            postcode=data.get("postcode", ""),
            city=data.get("city", ""),
            valid_from=data.get("valid_from"),
            valid_to=data.get("valid_to"),
            receives_letters=bool(data.get("receives_letters")),
            digital_post_id=data.get("digital_post_id", ""),
            power_of_attorney_received=data.get("power_of_attorney_received"),
        )
        _add_problems(self, representative_problems(representative))
        return data

    def clean_digital_post_id(self) -> str:
        return digital_post_number(self.cleaned_data.get("digital_post_id", ""))


class RepresentativeEditForm(VersionedForm, RepresentativeForm):
    """A representative's details; the end of the representation has its own form."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["valid_to"]


class RepresentativeEndForm(VersionedForm):
    ended_on = _date_field(
        _("Sidste dag som repræsentant"),
        help_text=_("Repræsentanten slettes ikke: perioden bevares i sagens historik."),
    )
    reason = forms.CharField(
        label=_("Grund til ophør"),
        help_text=_("Fx »Fuldmagten er tilbagekaldt« eller »Værgemålet er ophævet«."),
        max_length=300,
        required=False,
    )
