from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from visitator.core.formatting import kroner
from visitator.core.inputs import BoundedForm
from visitator.ffb import selectors as ffb
from visitator.offers.models import Offer, OptionalItem

from .models import DayPart, FollowUp, Grant, Transport, Weekday
from .terms import GoalTerms, GrantTerms, weekdays_count_message


def keep_input_with_version(form: forms.Form, version: int, field: str = "version") -> None:
    """After a stale save: keep what the user typed, but let the form carry the version now in force,
    so that saving again (after reading the message) is a deliberate overwrite."""
    data = QueryDict(mutable=True)
    for key, values in form.data.lists() if isinstance(form.data, QueryDict) else form.data.items():
        data.setlist(key, values if isinstance(values, list) else [values])
    data[form.add_prefix(field)] = str(version)
    form.data = data


DATE = {"widget": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


class GrantTermsForm(BoundedForm):
    """The grant on the decision page: offer, start, scope, goals, transport, handleplan, paid items."""

    offer = forms.ModelChoiceField(label=_("Tilbud"), queryset=Offer.objects.none())
    offer_reason = forms.CharField(
        label=_("Begrundelse, hvis et andet end kommunens eget tilbud vælges"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    start_date = forms.DateField(label=_("Startdato"), **DATE)  # type: ignore[arg-type]
    expected_start = forms.DateField(
        label=_("Forventet start, hvis tilbuddet er fuldt (venteliste)"),
        required=False,
        **DATE,  # type: ignore[arg-type]
    )
    days_per_week = forms.TypedChoiceField(
        label=_("Dage om ugen"), coerce=int, choices=[(n, str(n)) for n in range(1, 6)]
    )
    weekdays = forms.TypedMultipleChoiceField(
        label=_("Ugedage"),
        help_text=_(
            "Lige så mange dage som dage om ugen. Vælger du ingen, bliver det de første dage i ugen."
        ),
        choices=Weekday.choices,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    day_part = forms.ChoiceField(label=_("Hele eller halve dage"), choices=DayPart.choices)
    scope_reason = forms.CharField(
        label=_("Hvorfor modsvarer omfanget borgerens funktionsniveau og behov?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    goal1_type = forms.ChoiceField(label=_("Mål 1: måltype"), choices=[])
    goal1_description = forms.CharField(label=_("Mål 1"), widget=forms.Textarea(attrs={"rows": 2}))
    goal1_target = forms.DateField(label=_("Mål 1 forventes nået"), **DATE)  # type: ignore[arg-type]
    goal2_type = forms.ChoiceField(label=_("Mål 2: måltype"), choices=[], required=False)
    goal2_description = forms.CharField(
        label=_("Mål 2"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    goal2_target = forms.DateField(label=_("Mål 2 forventes nået"), required=False, **DATE)  # type: ignore[arg-type]
    transport_mode = forms.ChoiceField(label=_("Kørsel"), choices=Transport.Mode.choices)
    transport_reason = forms.CharField(
        label=_("Begrundelse for individuel kørsel med taxa"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    handleplan_answer = forms.ChoiceField(
        label=_("Handleplan (serviceloven § 141): borgerens svar"), choices=Grant.HandleplanAnswer.choices
    )
    optional_items = forms.ModelMultipleChoiceField(
        label=_("Tilvalg mod betaling, som borgeren selv har valgt"),
        queryset=OptionalItem.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, offers: list[Offer], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offer_field = self.fields["offer"]
        assert isinstance(offer_field, forms.ModelChoiceField)
        offer_field.queryset = Offer.objects.filter(pk__in=[o.pk for o in offers]).select_related("provider")
        offer_field.label_from_instance = _offer_label  # type: ignore[assignment,method-assign]
        types = [("", "–"), *[(t.code, t.display) for t in ffb.goal_types()]]
        for name in ("goal1_type", "goal2_type"):
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)
            field.choices = types
        items = self.fields["optional_items"]
        assert isinstance(items, forms.ModelMultipleChoiceField)
        items.queryset = OptionalItem.objects.filter(offer__in=[o.pk for o in offers]).select_related("offer")
        items.label_from_instance = _item_label  # type: ignore[assignment,method-assign]

    def to_terms(self) -> GrantTerms:
        data = self.cleaned_data
        goals = [
            GoalTerms(data[f"goal{n}_type"], data[f"goal{n}_description"], data[f"goal{n}_target"])
            for n in (1, 2)
            if data.get(f"goal{n}_description")
        ]
        return GrantTerms(
            offer=data["offer"],
            offer_reason=data["offer_reason"],
            start_date=data["start_date"],
            expected_start=data["expected_start"],
            days_per_week=data["days_per_week"],
            day_part=data["day_part"],
            scope_reason=data["scope_reason"],
            goals=tuple(goals),
            transport_mode=data["transport_mode"],
            transport_reason=data["transport_reason"],
            handleplan_answer=data["handleplan_answer"],
            optional_items=tuple(data["optional_items"]),
            weekdays=tuple(sorted(data.get("weekdays") or ())),
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("goal2_description") and not (data.get("goal2_type") and data.get("goal2_target")):
            self.add_error("goal2_type", _("Udfyld måltype og dato for mål 2."))
        days, weekdays = data.get("days_per_week"), data.get("weekdays")
        if days and weekdays and len(weekdays) != days:
            self.add_error("weekdays", weekdays_count_message(days))
        return data


def _item_label(item: OptionalItem) -> str:
    return f"{item.offer.name}: {item.name}, {kroner(item.price)} pr. {item.unit}"


def _offer_label(offer: Offer) -> str:
    own = _("eget tilbud") if offer.is_own else _("ekstern leverandør")
    return f"{offer.name} ({own})"


class FollowUpForm(BoundedForm):
    done_on = forms.DateField(label=_("Dato for opfølgningen"), **DATE)  # type: ignore[arg-type]
    purpose_met = forms.TypedChoiceField(
        label=_("Er formålet med bevillingen fortsat opfyldt?"),
        coerce=lambda v: v == "yes",
        choices=[("yes", _("Ja")), ("no", _("Nej"))],
        widget=forms.RadioSelect,
    )
    outcome = forms.ChoiceField(label=_("Resultat"), choices=FollowUp.Outcome.choices)
    notes = forms.CharField(label=_("Din vurdering"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, goals: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.goal_fields = []
        for goal in goals:
            name = f"goal_{goal.pk}"
            self.fields[name] = forms.CharField(
                label=_("Fremskridt: %(goal)s") % {"goal": goal.description[:80]},
                help_text=_('Teksten er intern, medmindre du sætter flueben i "Til leverandøren".'),
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.fields[f"{name}_for_provider"] = forms.BooleanField(
                label=_("Til leverandøren: leverandøren må se denne tekst"),
                help_text=_("Skriv ikke helbredsoplysninger i en tekst til leverandøren."),
                required=False,
            )
            self.goal_fields.append(name)

    def progress(self) -> dict[int, str]:
        return {int(name.removeprefix("goal_")): self.cleaned_data[name] for name in self.goal_fields}

    def for_provider(self) -> set[int]:
        """The goals whose progress note is marked "til leverandøren"."""
        return {
            int(name.removeprefix("goal_"))
            for name in self.goal_fields
            if self.cleaned_data.get(f"{name}_for_provider")
        }

    def goal_bound_fields(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[name], self[f"{name}_for_provider"]) for name in self.goal_fields]


class ChangeForm(BoundedForm):
    stop = forms.TypedChoiceField(
        label=_("Afgørelse"),
        coerce=lambda v: v == "stop",
        choices=[("change", _("Ændr omfanget")), ("stop", _("Stop hjælpen"))],
        widget=forms.RadioSelect,
    )
    effective_from = forms.DateField(label=_("Gælder fra"), **DATE)  # type: ignore[arg-type]
    days_per_week = forms.TypedChoiceField(
        label=_("Nyt omfang: dage om ugen"),
        coerce=int,
        required=False,
        empty_value=None,
        choices=[("", "–"), *[(n, str(n)) for n in range(1, 6)]],
    )
    day_part = forms.ChoiceField(
        label=_("Hele eller halve dage"), choices=[("", "–"), *DayPart.choices], required=False
    )
    notice_reason = forms.CharField(
        label=_("Begrundelse for kortere varsel (valgfri)"),
        help_text=_(
            "En nedsættelse eller et ophør gælder tidligst efter kvalitetsstandardens varsel. Skal den gælde "
            "før, så skriv hvorfor."
        ),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    legal_rules = forms.CharField(
        label=_("Retsregler"), help_text=_("Én pr. linje."), widget=forms.Textarea(attrs={"rows": 2})
    )
    main_considerations = forms.CharField(
        label=_("Hovedhensyn i skønnet"), widget=forms.Textarea(attrs={"rows": 8})
    )
    facts = forms.CharField(
        label=_("Faktiske forhold, der er lagt vægt på"), widget=forms.Textarea(attrs={"rows": 6})
    )

    def clean_legal_rules(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["legal_rules"].splitlines() if line.strip()]


TIME = {"widget": forms.TimeInput(attrs={"type": "time"}, format="%H:%M")}


class TransportForm(BoundedForm):
    """The caseworker's practical details of the transport: pick-up address, weekdays, times,
    mobility aids and a contact phone. `version` is the transport's version when the form was shown."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    from_address = forms.CharField(
        label=_("Afhentningsadresse"),
        help_text=_("Hvor borgeren hentes og køres hjem til, fx bopælen eller et bosted."),
        max_length=300,
        error_messages={"required": _("Angiv adressen, borgeren hentes på.")},
    )
    weekdays = forms.TypedMultipleChoiceField(
        label=_("Ugedage"),
        help_text=_("Lige så mange dage som dage om ugen i bevillingen."),
        choices=Weekday.choices,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Vælg ugedagene.")},
    )
    arrive_by = forms.TimeField(
        label=_("Fremme i tilbuddet kl."),
        help_text=_("Kørselskontoret planlægger afhentningen, så borgeren er fremme til tiden."),
        required=False,
        **TIME,  # type: ignore[arg-type]
    )
    home_at = forms.TimeField(label=_("Hjemkørsel fra tilbuddet kl."), required=False, **TIME)  # type: ignore[arg-type]
    mobility_aids = forms.MultipleChoiceField(
        label=_("Hjælpemidler under kørslen"),
        choices=Transport.MobilityAid.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    mobility_other = forms.CharField(
        label=_("Andet hjælpemiddel"),
        help_text=_("Kun det, chaufføren skal vide. Skriv ikke diagnoser eller andre helbredsoplysninger."),
        max_length=100,
        required=False,
    )
    contact_phone = forms.CharField(
        label=_("Kontakttelefon"),
        help_text=_("Hvem kørselskontoret ringer til ved ændringer, fx borgeren eller bostedet."),
        max_length=30,
        required=False,
    )

    def __init__(self, *args: Any, days_per_week: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.days_per_week = days_per_week

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        weekdays = data.get("weekdays")
        if weekdays and len(weekdays) != self.days_per_week:
            self.add_error("weekdays", weekdays_count_message(self.days_per_week))
        return data

    @classmethod
    def initial_for(cls, transport: Transport) -> dict[str, Any]:
        return {
            "version": transport.version,
            "from_address": transport.from_address,
            "weekdays": sorted(transport.weekdays),
            "arrive_by": transport.arrive_by,
            "home_at": transport.home_at,
            "mobility_aids": list(transport.mobility_aids),
            "mobility_other": transport.mobility_other,
            "contact_phone": transport.contact_phone,
        }


class AssignPlaceForm(BoundedForm):
    start_date = forms.DateField(label=_("Startdato"), initial=dt.date.today, **DATE)  # type: ignore[arg-type]
