"""The schema of a quality standard file (kvalitetsstandard), as pydantic models.

One file describes one version of one municipality's standard for one service. Every rule that
carries a requirement carries a `citation`: to the law ("Serviceloven § 104") or to the standard
itself ("Kvalitetsstandard, Vesthimmerlands Kommune, afsnit 'Befordring'"). `text` fields hold the
standard's own Danish wording, verbatim. Unknown fields are refused (``extra="forbid"``), so a
misspelt field name never silently disappears.

The schema checks the *shape*. Rules that need the law or other files (no upper age limit on
§ 104, no overlapping published versions, the folder name) are in `validation.py`.
See ``docs/quality-standard-guide.md`` for the guide to writing a file.
"""

from __future__ import annotations

import datetime as dt
import string
from collections.abc import Iterator
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any, Literal

from django.utils.translation import gettext as _
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_serializer,
    model_validator,
)
from pydantic_core import PydanticCustomError

from visitator.core.periods import Period


def _iso_date(value: Any) -> Any:
    """Dates are YAML dates or ISO strings (``2024-01-01``); never numbers or timestamps."""
    if isinstance(value, dt.datetime):
        raise PydanticCustomError("date_only", _("Skal være en dato uden klokkeslæt (ÅÅÅÅ-MM-DD)."))
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise PydanticCustomError("date_iso", _("Skal være en dato (ÅÅÅÅ-MM-DD)."))


IsoDate = Annotated[dt.date, BeforeValidator(_iso_date)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Citation = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=60)]
Identifier = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=60)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# -- identification ---------------------------------------------------------------------------------


class MunicipalitySpec(_Strict):
    code: Annotated[str, StringConstraints(pattern=r"^\d{3}$")] = Field(description="Kommunekode, tre cifre")
    slug: Slug
    name: Text


class ServiceSpec(_Strict):
    code: Slug = Field(description="The project's service code, e.g. sel-104")
    paragraph: Text = Field(description="e.g. Serviceloven § 104")
    title: Text
    kle: Annotated[str, StringConstraints(pattern=r"^\d{2}\.\d{2}\.\d{2}$")]
    facet: Annotated[str, StringConstraints(pattern=r"^[A-Z]\d{2}$")]
    ffb_ydelse: Text | None = None


class Status(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"


class DecidingUnitSpec(_Strict):
    code: Slug
    name: Text
    text: Text
    citation: Citation


class SourcedText(_Strict):
    text: Text
    citation: Citation


# -- target group -----------------------------------------------------------------------------------


class ComputedFact(StrEnum):
    #: The citizen's age on the date of the decision (min_age, optional max_age).
    AGE_ON_DECISION_DATE = "age_on_decision_date"
    #: At least one of the target group's bases (``target_group.bases``) is recorded on the case.
    TARGET_GROUP_BASIS = "target_group_basis"


class Computed(_Strict):
    """The system establishes the criterion from recorded facts, and shows it as a finding."""

    method: Literal["computed"]
    fact: ComputedFact
    min_age: Annotated[int, Field(ge=0, le=130)] | None = None
    max_age: Annotated[int, Field(ge=0, le=130)] | None = None

    @model_validator(mode="after")
    def _ages_fit_the_fact(self) -> Computed:
        if self.fact is ComputedFact.AGE_ON_DECISION_DATE:
            if self.min_age is None and self.max_age is None:
                raise PydanticCustomError("age_missing", _("En alders-betingelse skal angive min_age."))
        elif self.min_age is not None or self.max_age is not None:
            raise PydanticCustomError(
                "age_not_allowed", _("min_age/max_age hører kun til faktum age_on_decision_date.")
            )
        return self


class CaseworkerAssessment(_Strict):
    """The caseworker assesses the criterion and must write the reason."""

    method: Literal["caseworker_assessment"]
    reason_required: Literal[True] = True
    guidance: Text | None = None


EstablishedBy = Annotated[Computed | CaseworkerAssessment, Field(discriminator="method")]


class Criterion(_Strict):
    id: Identifier
    text: Text
    established_by: EstablishedBy
    citation: Citation


class Basis(_Strict):
    """A target-group basis, recorded separately on every case (they have different consequences)."""

    id: Identifier
    text: Text
    established_by: CaseworkerAssessment
    citation: Citation


class Exclusion(_Strict):
    """A circumstance that as a starting point puts a citizen outside the target group.

    Always a caseworker's assessment with a written reason, never an automatic refusal (SEL § 1,
    stk. 3; Ankestyrelsen on quality standards; FOB 2024-19).
    """

    id: Identifier
    text: Text
    established_by: CaseworkerAssessment
    citation: Citation


class TargetGroup(_Strict):
    text: Text
    citation: Citation
    criteria: Annotated[list[Criterion], Field(min_length=1)]
    bases: list[Basis]
    exclusions: list[Exclusion]

    @model_validator(mode="after")
    def _ids_unique_and_bases_present(self) -> TargetGroup:
        seen: set[str] = set()
        items: list[Criterion | Basis | Exclusion] = [*self.criteria, *self.bases, *self.exclusions]
        for item in items:
            if item.id in seen:
                raise PydanticCustomError(
                    "duplicate_id", _("Id'et {id} er brugt mere end én gang."), {"id": item.id}
                )
            seen.add(item.id)
        uses_bases = any(
            isinstance(c.established_by, Computed)
            and c.established_by.fact is ComputedFact.TARGET_GROUP_BASIS
            for c in self.criteria
        )
        if uses_bases and not self.bases:
            raise PydanticCustomError(
                "bases_missing", _("Et kriterium bruger target_group_basis, men target_group.bases er tom.")
            )
        return self


# -- content, scope, costs, transport, provider -----------------------------------------------------


class Content(_Strict):
    text: Text
    elements: Annotated[list[Text], Field(min_length=1)]
    alternative_to: list[Text]
    goals_required: bool
    goals_text: Text | None = None
    citation: Citation


class ScopeUnit(StrEnum):
    DAYS_PER_WEEK = "days_per_week"
    HOURS_PER_WEEK = "hours_per_week"


class DayPart(StrEnum):
    FULL_DAY = "full_day"
    HALF_DAY = "half_day"


class Scope(_Strict):
    text: Text
    units: Annotated[list[ScopeUnit], Field(min_length=1)]
    day_parts: Annotated[list[DayPart], Field(min_length=1)]
    citation: Citation


class PaidItem(_Strict):
    """Optional consumption the citizen may choose to pay for (meals, excursions); never the service."""

    name: Text
    price: Annotated[Decimal, Field(gt=0, max_digits=9, decimal_places=2)]
    text: Text | None = None


class Costs(_Strict):
    service_price: Annotated[Decimal, Field(ge=0, max_digits=9, decimal_places=2)]
    text: Text
    optional_paid_items_allowed: bool
    optional_paid_items: list[PaidItem] = []
    citation: Citation

    @model_validator(mode="after")
    def _items_only_when_allowed(self) -> Costs:
        if self.optional_paid_items and not self.optional_paid_items_allowed:
            raise PydanticCustomError(
                "paid_items_not_allowed",
                _("optional_paid_items er udfyldt, men optional_paid_items_allowed er false."),
            )
        return self


class IndividualTaxi(_Strict):
    allowed: bool
    #: True when this is the municipality's service level, from which an individual assessment can depart.
    local_service_level: bool
    text: Text
    citation: Citation


class Transport(_Strict):
    municipality_pays: bool
    text: Text
    individual_taxi: IndividualTaxi
    citation: Citation


class Tilbudsportalen(_Strict):
    required: bool
    text: Text
    citation: Citation


class Provider(_Strict):
    own_offers_first: bool
    individual_assessment: bool
    text: Text
    citation: Citation
    tilbudsportalen: Tilbudsportalen


# -- deadlines --------------------------------------------------------------------------------------


class DeadlineSource(StrEnum):
    #: The municipality's standard says it (quote it in `text`).
    STANDARD = "standard"
    #: The standard says nothing; the value is Visitator's default (explain it in `note`).
    PROJECT_DEFAULT = "project_default"


class Deadline(_Strict):
    period: Period
    source: DeadlineSource
    text: Text | None = None
    note: Text | None = None
    citation: Citation

    @model_validator(mode="after")
    def _source_is_explained(self) -> Deadline:
        if self.source is DeadlineSource.STANDARD and self.text is None:
            raise PydanticCustomError(
                "text_missing", _("En frist fra standarden skal citere standardens tekst i text.")
            )
        if self.source is DeadlineSource.PROJECT_DEFAULT and self.note is None:
            raise PydanticCustomError(
                "note_missing", _("En standardværdi, som kommunen ikke har fastsat, skal forklares i note.")
            )
        return self

    # A deadline reads like its period: ``spec.deadlines.decision.deadline_from(received_on)``.

    def deadline_from(self, start: dt.date) -> dt.date:
        return self.period.deadline_from(start)

    def before(self, day: dt.date) -> dt.date:
        return self.period.before(day)

    def describe(self) -> str:
        return self.period.describe()


def _default_reduction_notice() -> Deadline:
    return Deadline(
        period=Period.of(4, "weeks"),
        source=DeadlineSource.PROJECT_DEFAULT,
        note=(
            "Kvalitetsstandarden fastsætter ikke et varsel for nedsættelse eller ophør af hjælpen. "
            "4 uger er Visitators standardværdi, ikke kommunens tekst."
        ),
        citation=(
            "Visitator, standardværdi; løbende hjælp nedsættes eller ophører med et rimeligt varsel, "
            "så borgeren kan nå at indrette sig"
        ),
    )


def _default_retention() -> Deadline:
    return Deadline(
        period=Period.of(5, "years"),
        source=DeadlineSource.PROJECT_DEFAULT,
        note=(
            "Kvalitetsstandarden fastsætter ikke, hvor længe en lukket sag opbevares. 5 år efter sagens "
            "afslutning er Visitators standardværdi (kassationsfristen K5 i KL's journalplan for mange "
            "personsager på det sociale område), ikke en lovbestemt frist: kommunen skal kontrollere den "
            "mod sin arkivplan og Rigsarkivets bevaringsbestemmelser for kommunerne."
        ),
        citation=(
            "Visitator, standardværdi (ikke efterprøvet); arkivloven (LBK 1201/2016) og Rigsarkivets "
            "bestemmelser om bevaring og kassation af arkivalier hos kommunale myndigheder"
        ),
    )


class Deadlines(_Strict):
    #: Decision deadline, counted from receipt of the application (RSL § 3, stk. 2).
    decision: Deadline
    #: How long before the decision deadline a case is flagged on the worklist.
    decision_warning_lead: Deadline
    #: Follow-up interval, counted from the grant (SEL § 148, stk. 2 sets no interval).
    follow_up: Deadline
    #: The notice (varsel) before a reduction or a stop of running help takes effect, counted from the
    #: decision. Never zero (a period's amount is always above 0); a standard that says nothing gets
    #: Visitator's default of 4 weeks (`notice_for_reduction`). Left out of the stored content when not
    #: set, so that the content hash of a standard published before this field existed does not change.
    reduction_notice: Deadline | None = None
    #: How long a case is kept after it was closed (`Case.closed_on`) before the retention job deletes
    #: it (visitator.retention). Optional: a standard that says nothing gets Visitator's default of 5
    #: years (`retention_after_closure`, marked as a project default, not law: DOMAIN.md found no fixed
    #: statutory period). Left out of the stored content when not set, as `reduction_notice`.
    retention: Deadline | None = None

    @model_serializer(mode="wrap")
    def _without_unset_notice(self, handler: Any) -> Any:
        data = handler(self)
        if isinstance(data, dict):
            for optional in ("reduction_notice", "retention"):
                if data.get(optional) is None:
                    data.pop(optional, None)
        return data

    @property
    def retention_after_closure(self) -> Deadline:
        return self.retention or _default_retention()

    @property
    def notice_for_reduction(self) -> Deadline:
        return self.reduction_notice or _default_reduction_notice()


class LegalBasis(_Strict):
    citation: Citation
    text: Text


# -- letters ----------------------------------------------------------------------------------------

#: Paragraphs every standard must provide for the letters.
REQUIRED_LETTER_PARAGRAPHS: tuple[str, ...] = (
    "receipt",
    "deadline_notice",
    "grant_intro",
    "transport",
    "follow_up",
    "provider",
)

#: Placeholders a letter paragraph may use, written ``{name}``; the letter code fills them in.
LETTER_PLACEHOLDERS: dict[str, str] = {
    "received_on": "Datoen ansøgningen blev modtaget",
    "deadline": "Datoen for sagsbehandlingsfristen",
    "deadline_period": "Sagsbehandlingsfristen som tekst, fx '8 uger'",
    "expected_on": "Datoen borgeren kan forvente en afgørelse (når fristen ikke kan holdes)",
    "service_title": "Ydelsens titel",
    "municipality_name": "Kommunens navn",
    "deciding_unit_name": "Den visiterende enheds navn",
    "offer_name": "Tilbuddets navn",
    "start_date": "Startdato for tilbuddet",
    "scope": "Det bevilgede omfang, fx '3 hele dage om ugen'",
    "follow_up_period": "Opfølgningsintervallet som tekst, fx '1 år'",
    "next_follow_up_on": "Datoen for næste opfølgning",
}


def letter_placeholders(text: str) -> list[str]:
    """The ``{name}`` placeholders in `text`; raises ValueError on a broken or positional one."""
    names = []
    for _literal, field_name, format_spec, conversion in string.Formatter().parse(text):
        if field_name is None:
            continue
        if not field_name.isidentifier() or format_spec or conversion:
            raise ValueError(field_name)
        names.append(field_name)
    return names


LetterKey = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]


# -- second approval (four eyes) -------------------------------------------------------------------


class ApprovalKind(StrEnum):
    """The decisions a standard may require a second approval of before the letter is sent."""

    GRANT = "grant"
    PARTIAL_GRANT = "partial_grant"
    REFUSAL = "refusal"
    CHANGE = "change"
    STOP = "stop"


class Approval(_Strict):
    """Decisions that a second caseworker or team leader in the deciding unit approves before the
    letter is sent (four eyes). The author never approves their own draft."""

    required_for: Annotated[list[ApprovalKind], Field(min_length=1)]
    text: Text | None = None
    citation: Citation


# -- the standard -----------------------------------------------------------------------------------


class QualityStandard(_Strict):
    municipality: MunicipalitySpec
    service: ServiceSpec
    version: Text
    valid_from: IsoDate
    valid_to: IsoDate | None = None
    status: Status
    deciding_unit: DecidingUnitSpec
    target_group: TargetGroup
    purpose: SourcedText
    content: Content
    scope: Scope
    special_conditions: SourcedText | None = None
    costs: Costs
    transport: Transport
    provider: Provider
    deadlines: Deadlines
    legal_basis: Annotated[list[LegalBasis], Field(min_length=1)]
    letter_paragraphs: dict[LetterKey, Text]
    #: Decisions that need a second approval before the letter is sent. Optional, default none; left
    #: out of the stored content when not set, so that the content hash of a standard published
    #: before this field existed does not change (as `Deadlines.reduction_notice`).
    approval: Approval | None = None

    @model_serializer(mode="wrap")
    def _without_unset_approval(self, handler: Any) -> Any:
        data = handler(self)
        if isinstance(data, dict) and data.get("approval") is None:
            data.pop("approval", None)
        return data

    def approval_required_for(self, kind: str) -> bool:
        """Whether a decision of `kind` (an `ApprovalKind` value) needs a second approval."""
        return self.approval is not None and kind in {str(k) for k in self.approval.required_for}

    @field_validator("letter_paragraphs")
    @classmethod
    def _letters_complete(cls, value: dict[str, str]) -> dict[str, str]:
        missing = [key for key in REQUIRED_LETTER_PARAGRAPHS if key not in value]
        if missing:
            raise PydanticCustomError(
                "letter_missing", _("Mangler brevafsnit: {missing}."), {"missing": ", ".join(missing)}
            )
        for key, text in value.items():
            try:
                names = letter_placeholders(text)
            except ValueError:
                raise PydanticCustomError(
                    "letter_placeholder",
                    _("Brevafsnittet {key} har en ugyldig pladsholder (brug formen {navn})."),
                    {"key": key},
                ) from None
            unknown = sorted(set(names) - set(LETTER_PLACEHOLDERS))
            if unknown:
                raise PydanticCustomError(
                    "letter_placeholder",
                    _("Brevafsnittet {key} bruger ukendte pladsholdere: {unknown}."),
                    {"key": key, "unknown": ", ".join(unknown)},
                )
        return value

    # -- reading --------------------------------------------------------------------------------

    @property
    def key(self) -> tuple[str, str, str]:
        """(kommunekode, service code, version): unique per loaded standard."""
        return (self.municipality.code, self.service.code, self.version)

    def in_force_on(self, day: dt.date) -> bool:
        """True when `day` lies in [valid_from, valid_to] (ignores status)."""
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)

    def criteria_and_exclusions(self) -> Iterator[Criterion | Basis | Exclusion]:
        yield from self.target_group.criteria
        yield from self.target_group.bases
        yield from self.target_group.exclusions

    def rule(self, rule_id: str) -> Criterion | Basis | Exclusion:
        """The criterion, basis or exclusion with this id; KeyError if none."""
        for item in self.criteria_and_exclusions():
            if item.id == rule_id:
                return item
        raise KeyError(rule_id)

    def age_criterion(self) -> Computed | None:
        """The computed age criterion, if the standard has one."""
        for criterion in self.target_group.criteria:
            established = criterion.established_by
            if isinstance(established, Computed) and established.fact is ComputedFact.AGE_ON_DECISION_DATE:
                return established
        return None

    # -- deadlines ------------------------------------------------------------------------------

    def decision_deadline(self, received_on: dt.date) -> dt.date:
        """The decision deadline for an application received on `received_on`."""
        return self.deadlines.decision.period.deadline_from(received_on)

    def decision_warning_date(self, received_on: dt.date) -> dt.date:
        """The day a case received on `received_on` is flagged as approaching its deadline."""
        return self.deadlines.decision_warning_lead.period.before(self.decision_deadline(received_on))

    def next_follow_up(self, after: dt.date) -> dt.date:
        """The latest date of the next follow-up, counted from `after` (a grant or a follow-up)."""
        return self.deadlines.follow_up.period.deadline_from(after)

    # -- letters --------------------------------------------------------------------------------

    def letter_paragraph(self, name: str, **values: Any) -> str:
        """A letter paragraph with its placeholders filled in; KeyError for a missing placeholder."""
        return self.letter_paragraphs[name].format_map(values)
