from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from visitator.core.inputs import BoundedForm
from visitator.letters.compose import LETTER_RECEIVING_KINDS
from visitator.people.models import Representative

from . import law
from .models import AktDecision, RequestChannel, Requester, Scope
from .review import ReviewRow


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _representative_label(representative: Representative) -> str:
    return f"{representative.name} ({representative.get_kind_display()})"


class RequestForm(BoundedForm):
    #: One token per form shown: the same form sent twice registers one request.
    submission = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)
    received_on = forms.DateField(label=_("Anmodningen er modtaget"), widget=_date_input())
    channel = forms.ChoiceField(
        label=_("Modtaget"),
        choices=RequestChannel.choices,
        widget=forms.RadioSelect,
        initial=RequestChannel.WRITTEN,
    )
    requester = forms.ChoiceField(
        label=_("Hvem beder om aktindsigt?"),
        choices=Requester.choices,
        widget=forms.RadioSelect,
        initial=Requester.CITIZEN,
    )
    representative = forms.ModelChoiceField(
        label=_("Repræsentant"),
        queryset=Representative.objects.none(),
        required=False,
        help_text=_("En partsrepræsentant med fuldmagt eller en værge (forvaltningsloven § 8)."),
    )
    scope = forms.ChoiceField(
        label=_("Anmodningen gælder"), choices=Scope.choices, widget=forms.RadioSelect, initial=Scope.WHOLE
    )
    documents = forms.CharField(
        label=_("De ønskede dokumenter"),
        required=False,
        help_text=_("Udfyldes, når anmodningen gælder bestemte dokumenter."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    note = forms.CharField(
        label=_("Notat om den mundtlige anmodning"),
        required=False,
        help_text=_("Udfyldes, når anmodningen er mundtlig: hvem ringede eller kom, og hvad de bad om."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, citizen: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["representative"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = citizen.representatives.filter(kind__in=LETTER_RECEIVING_KINDS)
        field.label_from_instance = _representative_label  # type: ignore[assignment,method-assign]


class NoticeForm(BoundedForm):
    expected_on = forms.DateField(label=_("Borgeren kan forvente svar senest"), widget=_date_input())
    reason = forms.CharField(
        label=_("Hvorfor kan anmodningen ikke besvares inden 7 arbejdsdage?"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


GROUND_CHOICES = [("", _("Vælg retsgrundlag (kun ved undtagelse)"))] + [
    (key, f"{rule.citation}: {rule.value}") for key, rule in law.WITHHOLDING_GROUNDS.items()
]


class ReviewForm(BoundedForm):
    """One group of fields per akt (decision, ground, reason, extract), numbered as the akter are, with
    the akt's key in a hidden field: the decisions are stored by key, never by position."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args: Any, rows: list[ReviewRow], scope: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows = rows
        decisions = [
            (value, label)
            for value, label in AktDecision.choices
            if value != AktDecision.NOT_REQUESTED or scope == Scope.SPECIFIC
        ]
        for i, row in enumerate(rows):
            number = row.number
            self.fields[f"key_{i}"] = forms.CharField(widget=forms.HiddenInput, initial=row.akt.key)
            self.fields[f"decision_{i}"] = forms.ChoiceField(
                label=_("Akt %(number)d: afgørelse") % {"number": number},
                choices=decisions,
                initial=row.decision,
            )
            self.fields[f"ground_{i}"] = forms.ChoiceField(
                label=_("Akt %(number)d: retsgrundlag") % {"number": number},
                choices=GROUND_CHOICES,
                required=False,
                initial=row.ground,
            )
            self.fields[f"reason_{i}"] = forms.CharField(
                label=_("Akt %(number)d: begrundelse") % {"number": number},
                required=False,
                initial=row.reason,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.fields[f"extract_{i}"] = forms.CharField(
                label=_("Akt %(number)d: uddrag, der udleveres (ekstrakt)") % {"number": number},
                required=False,
                initial=row.extract,
                help_text=_("Kun ved delvis undtagelse: den del af akten, borgeren får."),
                widget=forms.Textarea(attrs={"rows": 3}),
            )

    def groups(self) -> list[tuple[ReviewRow, list[forms.BoundField]]]:
        return [
            (row, [self[f"{name}_{i}"] for name in ("decision", "ground", "reason", "extract")])
            for i, row in enumerate(self.rows)
        ]

    def hidden_keys(self) -> list[forms.BoundField]:
        return [self[f"key_{i}"] for i in range(len(self.rows))]

    def choices(self) -> list[dict[str, str]]:
        data = self.cleaned_data
        return [
            {
                "akt_key": data[f"key_{i}"],
                "decision": data[f"decision_{i}"],
                "ground": data.get(f"ground_{i}") or "",
                "reason": data.get(f"reason_{i}") or "",
                "extract": data.get(f"extract_{i}") or "",
            }
            for i in range(len(self.rows))
        ]


class AnswerForm(BoundedForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
