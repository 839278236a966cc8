from __future__ import annotations

from typing import Any

from django import forms
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from visitator.core import clock
from visitator.core.inputs import BoundedForm
from visitator.ffb import selectors as ffb

from .models import Alternative, ConsentRecord, CriterionAssessment, Judgement
from .services import JudgementInput


def _choices(terms: list[ffb.Term], blank: str) -> list[tuple[str, str]]:
    """The scale in its order, then the blank choice (a radio button that leaves it unfilled)."""
    return [*[(t.code, t.display) for t in terms], ("", blank)]


#: The words every level of the function scale ends with; the rating table says them once.
_LEVEL_SUFFIX = " nedsat funktionsevne"


class AssessmentForm(BoundedForm):
    """The udredning: a rating and a note per sub-area of Aktivitet og deltagelse, a text per described
    area, the citizen's own words, the support level and the FFB target groups.

    Ratings and the support level are radio buttons (one click each, the whole scale in view); the
    first choice, "Ikke udfyldt", leaves a rating out (or removes it)."""

    #: The saved udredning the form was opened on (assessment.services.assessment_stamp): optimistic
    #: locking, so that two caseworkers saving the same udredning never silently overwrite each other.
    opened = forms.CharField(widget=forms.HiddenInput, required=False, max_length=40)
    citizen_own_words = forms.CharField(
        label=_("Borgerens egne ønsker og ord"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    support_level = forms.ChoiceField(label=_("Støttebehovsniveau"), required=False, widget=forms.RadioSelect)
    target_groups = forms.MultipleChoiceField(
        label=_("Målgruppe (FFB)"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        levels = _choices(ffb.function_levels(), str(_("Ikke udfyldt")))
        #: The scale's levels in short ("Moderat"), for the rating table's column headers.
        self.level_headers = [label.removesuffix(_LEVEL_SUFFIX) for _code, label in levels]
        self.rated_groups: list[tuple[ffb.Term, list[tuple[str, str]]]] = []
        for area in ffb.rated_areas():
            names = []
            for sub in area.children or (area,):
                self.fields[f"rating_{sub.code}"] = forms.ChoiceField(
                    label=sub.display, choices=levels, required=False, widget=forms.RadioSelect
                )
                self.fields[f"note_{sub.code}"] = forms.CharField(
                    label=_("Note: %(area)s") % {"area": sub.display},
                    required=False,
                    widget=forms.Textarea(attrs={"rows": 1}),
                )
                names.append((f"rating_{sub.code}", f"note_{sub.code}"))
            self.rated_groups.append((area, names))
        self.described: list[str] = []
        for area in ffb.described_areas():
            name = f"desc_{area.code}"
            self.fields[name] = forms.CharField(
                label=area.display,
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
                help_text=area.definition[:300],
            )
            self.described.append(name)
        support = self.fields["support_level"]
        assert isinstance(support, forms.ChoiceField)
        support.choices = _choices(ffb.support_levels(), str(_("Ikke udfyldt")))
        groups = self.fields["target_groups"]
        assert isinstance(groups, forms.MultipleChoiceField)
        groups.choices = [(t.code, t.display) for root in ffb.target_groups() for t in (root, *root.children)]

    def rated_rows(self) -> list[tuple[str, list[tuple[forms.BoundField, forms.BoundField]]]]:
        return [(area.display, [(self[r], self[n]) for r, n in names]) for area, names in self.rated_groups]

    def described_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.described]

    def ratings(self) -> dict[str, tuple[str, str]]:
        data = self.cleaned_data
        return {
            name.removeprefix("rating_"): (data[name], data[f"note_{name.removeprefix('rating_')}"])
            for name in self.fields
            if name.startswith("rating_")
        }

    def descriptions(self) -> dict[str, str]:
        return {name.removeprefix("desc_"): self.cleaned_data[name] for name in self.described}


class JudgementForm(BoundedForm):
    rule_id = forms.CharField(widget=forms.HiddenInput)
    judgement = forms.ChoiceField(
        label=_("Din vurdering"), choices=Judgement.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(label=_("Begrundelse"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, exclusion: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["judgement"]
        assert isinstance(field, forms.ChoiceField)
        wanted = (
            (Judgement.APPLIES, Judgement.DOES_NOT_APPLY) if exclusion else (Judgement.MET, Judgement.NOT_MET)
        )
        field.choices = [(j.value, j.label) for j in wanted]


class CriteriaForm(BoundedForm):
    """Every criterion, basis and exclusion the caseworker judges, on one form with one save: per rule
    a choice (radio buttons), the reason and, hidden, the latest judgement when the page was opened
    (`assessment.services.criteria_judge` refuses a row a colleague judged meanwhile). A row left
    empty is not judged now; each row judged is stored as its own judgement."""

    def __init__(
        self,
        data: Any = None,
        *,
        rules: list[tuple[str, bool, str]],
        latest: dict[str, CriterionAssessment] | None = None,
        initial: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> None:
        """`rules`: (rule id, is an exclusion, the standard's text) in the page's order; `latest`: the
        judgements now. The labels name the rule, so that the error summary says which one."""
        latest = latest or {}
        initial = dict(initial or {})
        for rule_id, _exclusion, _text in rules:
            row = latest.get(rule_id)
            if row is not None:
                initial.setdefault(f"judgement_{rule_id}", row.judgement)
                initial.setdefault(f"reason_{rule_id}", row.reason)
            initial.setdefault(f"seen_{rule_id}", row.pk if row is not None else "")
        super().__init__(data, initial=initial, **kwargs)
        self.rule_ids = [rule_id for rule_id, _exclusion, _text in rules]
        for rule_id, exclusion, text in rules:
            named = {"rule": Truncator(text).chars(70)}
            wanted = (
                (Judgement.APPLIES, Judgement.DOES_NOT_APPLY)
                if exclusion
                else (Judgement.MET, Judgement.NOT_MET)
            )
            self.fields[f"judgement_{rule_id}"] = forms.ChoiceField(
                label=_("Din vurdering af »%(rule)s«") % named,
                choices=[(j.value, j.label) for j in wanted],
                widget=forms.RadioSelect,
                required=False,
            )
            self.fields[f"reason_{rule_id}"] = forms.CharField(
                label=_("Begrundelse for »%(rule)s«") % named,
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
            self.fields[f"seen_{rule_id}"] = forms.IntegerField(
                widget=forms.HiddenInput, required=False, min_value=1
            )

    def rows(self) -> dict[str, tuple[forms.BoundField, forms.BoundField, forms.BoundField]]:
        """Per rule id: its judgement, reason and hidden fields (the template places them per finding)."""
        return {
            rule_id: (self[f"judgement_{rule_id}"], self[f"reason_{rule_id}"], self[f"seen_{rule_id}"])
            for rule_id in self.rule_ids
        }

    def judgements(self) -> dict[str, Any]:
        """The rows as the service takes them (`assessment.services.JudgementInput` by rule id)."""
        data = self.cleaned_data
        return {
            rule_id: JudgementInput(
                judgement=data.get(f"judgement_{rule_id}") or "",
                reason=data.get(f"reason_{rule_id}") or "",
                seen=data.get(f"seen_{rule_id}"),
            )
            for rule_id in self.rule_ids
        }


class AlternativeForm(BoundedForm):
    alternative = forms.ChoiceField(label=_("Anden hjælp, der er overvejet"), choices=Alternative.choices)
    consideration = forms.CharField(
        label=_("Din overvejelse"),
        help_text=_("Kan hjælpen dække borgerens behov? Hvorfor eller hvorfor ikke?"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DepartureForm(BoundedForm):
    subject = forms.ChoiceField(label=_("Hvad i kvalitetsstandarden afviger du fra?"), choices=[])
    reason = forms.CharField(label=_("Begrundelse for afvigelsen"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, subjects: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["subject"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(k, v[:120]) for k, v in subjects.items()]


class ConsentForm(BoundedForm):
    kind = forms.ChoiceField(label=_("Hvad registrerer du?"), choices=ConsentRecord.Kind.choices)
    on = forms.DateField(
        label=_("Dato"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        initial=clock.today,
    )
    scope = forms.CharField(
        label=_("Omfang"),
        required=False,
        help_text=_("For samtykke: hvem må kommunen indhente oplysninger fra?"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
