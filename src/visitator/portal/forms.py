"""The application form (DKFDS self-service: one question per topic, help texts, an error summary)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from visitator.core.inputs import BoundedForm

HELP_AREAS = [
    ("samvaer", _("At være sammen med andre")),
    ("aktiviteter", _("Meningsfulde aktiviteter i hverdagen")),
    ("struktur", _("Struktur og rytme i hverdagen")),
    ("faerdigheder", _("At holde fast i eller lære praktiske og sociale færdigheder")),
    ("andet", _("Andet")),
]


class ApplicationForm(BoundedForm):
    help_areas = forms.MultipleChoiceField(
        label=_("Hvad vil du gerne have hjælp til?"),
        help_text=_("Vælg det, der passer. Du kan vælge flere."),
        choices=HELP_AREAS,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-checkbox"}),
        error_messages={"required": _("Vælg mindst én ting, du gerne vil have hjælp til.")},
    )
    own_words = forms.CharField(
        label=_("Fortæl med dine egne ord"),
        help_text=_("Hvordan ser din hverdag ud, og hvad er svært? Hvad håber du, et tilbud kan give dig?"),
        widget=forms.Textarea(attrs={"class": "form-input", "rows": 6}),
        max_length=4000,
        error_messages={
            "required": _("Skriv med dine egne ord, hvad du søger om."),
            "max_length": _("Skriv højst %(limit_value)d tegn."),
        },
    )
    contacts = forms.CharField(
        label=_("Hvem må vi kontakte for at få oplysninger?"),
        help_text=_(
            "Fx din egen læge, et behandlingssted eller et bosted. Skriv navn og gerne telefonnummer."
        ),
        widget=forms.Textarea(attrs={"class": "form-input", "rows": 3}),
        max_length=1000,
        required=False,
    )
    consent = forms.ChoiceField(
        label=_("Må vi indhente oplysninger om dig?"),
        help_text=_(
            "Vi kan have brug for oplysninger fra fx din læge for at vurdere din ansøgning. "
            "Det må vi kun med "
            "dit samtykke (retssikkerhedsloven § 11 a). Du kan altid trække samtykket tilbage. Giver du ikke "
            "samtykke, afgør vi sagen på de oplysninger, vi har."
        ),
        choices=[("yes", _("Ja, I må indhente de oplysninger, der er nødvendige")), ("no", _("Nej"))],
        widget=forms.RadioSelect(attrs={"class": "form-radio"}),
        error_messages={"required": _("Svar på, om vi må indhente oplysninger.")},
    )
    phone = forms.CharField(
        label=_("Telefonnummer"),
        help_text=_("Så vi kan ringe, hvis vi har spørgsmål."),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"class": "form-input input-width-s", "autocomplete": "tel"}),
    )

    def summary(self) -> list[tuple[str, str]]:
        """The answers as (question, answer), for the review page and the journal note."""
        data = self.cleaned_data
        areas = dict(HELP_AREAS)
        consent = dict(self.fields["consent"].choices)  # type: ignore[attr-defined]
        return [
            (str(self.fields["help_areas"].label), ", ".join(str(areas[a]) for a in data["help_areas"])),
            (str(self.fields["own_words"].label), data["own_words"].strip()),
            (str(self.fields["contacts"].label), data.get("contacts", "").strip() or "–"),
            (str(self.fields["consent"].label), str(consent[data["consent"]])),
            (str(self.fields["phone"].label), data.get("phone", "").strip() or "–"),
        ]


class HearingAnswerForm(BoundedForm):
    text = forms.CharField(
        label=_("Dine bemærkninger"),
        help_text=_(
            "Skriv, hvad du mener om de oplysninger, vi vil lægge vægt på. "
            "Er noget forkert eller mangler der noget?"
        ),
        widget=forms.Textarea(attrs={"class": "form-input", "rows": 8}),
        max_length=10000,
        error_messages={
            "required": _("Skriv dine bemærkninger."),
            "max_length": _("Skriv højst 10.000 tegn."),
        },
    )


class ComplaintForm(BoundedForm):
    text = forms.CharField(
        label=_("Hvad er du uenig i?"),
        help_text=_(
            "Skriv, hvad du mener er forkert i afgørelsen, og hvorfor. Du kan skrive med dine egne ord."
        ),
        widget=forms.Textarea(attrs={"class": "form-input", "rows": 8}),
        max_length=10000,
        error_messages={
            "required": _("Skriv hvad klagen går ud på."),
            "max_length": _("Skriv højst 10.000 tegn."),
        },
    )


class FileAccessForm(BoundedForm):
    scope = forms.ChoiceField(
        label=_("Hvad vil du se?"),
        choices=[("whole", _("Alle dokumenter i sagen")), ("specific", _("Bestemte dokumenter"))],
        widget=forms.RadioSelect(attrs={"class": "form-radio"}),
        error_messages={"required": _("Vælg, om du vil se hele sagen eller bestemte dokumenter.")},
    )
    documents = forms.CharField(
        label=_("Hvilke dokumenter?"),
        help_text=_("Kun hvis du har valgt bestemte dokumenter, fx »lægens udtalelse«."),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"class": "form-input", "rows": 3}),
    )
    submission = forms.UUIDField(widget=forms.HiddenInput)
