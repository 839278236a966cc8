"""The provider's forms. The checks that matter (whose grant, which status, dates) are in the services
in visitator.grants.services; these forms only parse the input."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from typing import Any

from django import forms
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from visitator.core.inputs import BoundedForm
from visitator.grants.models import Attendance

from .selectors import WeekGrid

DATE_WIDGET = {"type": "date"}


def _date_input(**attrs: str) -> forms.DateInput:
    return forms.DateInput(attrs={**DATE_WIDGET, **attrs}, format="%Y-%m-%d")


class AcceptOrderForm(BoundedForm):
    start_date = forms.DateField(
        label=_("Borgeren starter den"),
        help_text=_("Den dag borgeren begynder i tilbuddet."),
        widget=_date_input(),
        error_messages={"required": _("Angiv den dag borgeren starter.")},
    )


class AttendanceWeekForm(BoundedForm):
    """The weekly grid: a status and an absence reason for each open cell, plus the grid's version.

    Built from the grid as it is now (`selectors.attendance_week`), so a cell of another provider's
    citizen, or a day that cannot be recorded, is never a field and is ignored if posted.
    """

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args: Any, grid: WeekGrid, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.grid = grid
        status_choices = [("", _("Ikke registreret")), *Attendance.Status.choices]
        reason_choices = [("", _("Ingen årsag")), *Attendance.Reason.choices]
        if not self.is_bound:
            self.initial["version"] = grid.version
        for row in grid.rows:
            for cell in row.cells:
                if not cell.open:
                    continue
                day = formats.date_format(cell.day, "l j. F")
                who = {"name": row.citizen_name, "day": day}
                self.fields[cell.status_field] = forms.ChoiceField(
                    label=_("%(name)s, %(day)s: fremmøde") % who, choices=status_choices, required=False
                )
                self.fields[cell.reason_field] = forms.ChoiceField(
                    label=_("%(name)s, %(day)s: årsag til fravær") % who,
                    choices=reason_choices,
                    required=False,
                )
                self.initial.setdefault(cell.status_field, cell.status)
                self.initial.setdefault(cell.reason_field, cell.reason)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for cell in self.grid.open_cells:
            if data.get(cell.status_field) in Attendance.ABSENT and not data.get(cell.reason_field):
                self.add_error(cell.reason_field, _("Vælg en årsag til afbud eller udeblivelse."))
        return data

    def cells(self) -> dict[tuple[uuid.UUID, dt.date], tuple[str, str]]:
        """The grid as the user left it, for grants.services.attendance_week_save."""
        return {
            (row.grant_id, cell.day): (
                self.cleaned_data.get(cell.status_field) or "",
                self.cleaned_data.get(cell.reason_field) or "",
            )
            for row in self.grid.rows
            for cell in row.cells
            if cell.open
        }


#: Words that suggest health details (stems, matched at the start of a word). A soft check: the
#: provider is asked to confirm, never refused, since "syg" or "læge" can be harmless.
HEALTH_WORDS = re.compile(
    r"\b(diagnos|medicin|pille|tablet|sygdom|syg\b|indlag|psykiat|psykos|depressi|angst|skizofren|"
    r"epilep|autis|adhd|læge|hospital|behandling|misbrug|selvmord|selvskad|anfald)\w*",
    re.IGNORECASE,
)


def health_words(text: str) -> list[str]:
    """The words in `text` that suggest health details, each once, in order of appearance."""
    found: list[str] = []
    for match in HEALTH_WORDS.finditer(text):
        word = match.group(0).lower()
        if word not in found:
            found.append(word)
    return found


class ProgressNoteForm(BoundedForm):
    text = forms.CharField(
        label=_("Hvordan går det med målet?"),
        help_text=_(
            "Skriv hvad borgeren har gjort og nået. Skriv ikke helbredsoplysninger (diagnoser, medicin, "
            "sygdom eller behandling): kommunen og borgeren kan læse teksten."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": _("Skriv hvordan det går med målet.")},
    )
    confirm = forms.BooleanField(
        label=_("Teksten indeholder ikke helbredsoplysninger. Gem den alligevel."),
        required=False,
    )

    #: The soft check found words that suggest health details: show the confirmation.
    asks_confirmation = False

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        words = health_words(data.get("text", ""))
        if words and not data.get("confirm"):
            self.asks_confirmation = True
            self.add_error(
                "text",
                _(
                    "Teksten ser ud til at indeholde helbredsoplysninger (%(words)s). Ret teksten, eller "
                    "bekræft at den ikke indeholder helbredsoplysninger, og gem igen."
                )
                % {"words": ", ".join(f"”{w}”" for w in words)},
            )
        return data
