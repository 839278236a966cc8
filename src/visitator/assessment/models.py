"""Udredning (VUM 2.0) on KL's Fælles Faglige Begreber, and the caseworker's assessment against the
quality standard: criterion assessments with reasons, alternatives considered (RSL § 5), departures
from the standard, consent (RSL § 11 a) and the information about the duty to help (RSL § 12).

The assessment itself is a working document that changes while the case is prepared (every change is
an event with old and new values). Judgements, alternatives, departures and consents are history:
append-only, and the latest row per subject counts.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from visitator.core.append_only import AppendOnlyModel


class Assessment(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.OneToOneField("cases.Case", on_delete=models.PROTECT, related_name="assessment")
    ffb_version = models.ForeignKey("ffb.CodeSystemVersion", on_delete=models.PROTECT, related_name="+")
    citizen_own_words = models.TextField(
        _("borgerens egne ønsker og ord"), blank=True, help_text=_("Hvad borgeren selv fortæller og ønsker.")
    )
    support_level = models.CharField(_("støttebehovsniveau (FFB)"), max_length=36, blank=True)
    target_groups = models.JSONField(_("målgrupper (FFB)"), default=list, blank=True)
    updated_at = models.DateTimeField()
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("udredning")
        verbose_name_plural = _("udredninger")

    def __str__(self) -> str:
        return f"Udredning {self.case_id}"


class AreaRating(models.Model):
    """A rated area of Aktivitet og deltagelse on the FFB Funktionsevneniveau scale."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="ratings")
    area = models.CharField(max_length=36)
    level = models.CharField(max_length=36)
    note = models.TextField(blank=True)

    class Meta:
        verbose_name = _("vurderet område")
        verbose_name_plural = _("vurderede områder")
        constraints = [models.UniqueConstraint(fields=["assessment", "area"], name="one_rating_per_area")]

    def __str__(self) -> str:
        return f"{self.area}: {self.level}"


class DescribedArea(models.Model):
    """A described (not rated) area: mental and physical functions, health, social circumstances and
    surroundings."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="descriptions")
    area = models.CharField(max_length=36)
    text = models.TextField()

    class Meta:
        verbose_name = _("beskrevet område")
        verbose_name_plural = _("beskrevne områder")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "area"], name="one_description_per_area")
        ]

    def __str__(self) -> str:
        return self.area


class ConsentRecord(AppendOnlyModel):
    """RSL § 11 a (consent to obtain information from others) and RSL § 12 (information about the duty
    to help and what happens if the citizen does not)."""

    class Kind(models.TextChoices):
        CONSENT_11A = "consent_11a", _("Samtykke til at indhente oplysninger (RSL § 11 a)")
        CONSENT_WITHDRAWN = "consent_withdrawn", _("Samtykke trukket tilbage (RSL § 11 a)")
        INFORMED_12 = "informed_12", _("Skriftlig vejledning om pligt til at medvirke (RSL § 12)")

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="consents")
    kind = models.CharField(_("type"), max_length=30, choices=Kind.choices)
    on = models.DateField(_("dato"))
    scope = models.TextField(
        _("omfang"), blank=True, help_text=_("Fx hvilke læger og myndigheder der må spørges.")
    )
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("samtykke eller vejledning")
        verbose_name_plural = _("samtykker og vejledninger")
        ordering = ["recorded_at", "id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.on}"


class Judgement(models.TextChoices):
    MET = "met", _("Opfyldt")
    NOT_MET = "not_met", _("Ikke opfyldt")
    APPLIES = "applies", _("Gælder for borgeren")
    DOES_NOT_APPLY = "does_not_apply", _("Gælder ikke for borgeren")


class CriterionAssessment(AppendOnlyModel):
    """The caseworker's concrete, individual assessment of one criterion, basis or exclusion of the
    standard (by its id in the standard file), always with a written reason. The latest row counts."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="criterion_assessments")
    rule_id = models.CharField(max_length=60)
    judgement = models.CharField(_("vurdering"), max_length=20, choices=Judgement.choices)
    reason = models.TextField(_("begrundelse"))
    at = models.DateTimeField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("vurdering af kriterium")
        verbose_name_plural = _("vurderinger af kriterier")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["case", "rule_id", "at"], name="criterion_case_rule_at")]

    def __str__(self) -> str:
        return f"{self.rule_id}: {self.judgement}"


class Alternative(models.TextChoices):
    SEL_103 = "sel_103", _("Beskyttet beskæftigelse (serviceloven § 103)")
    SEL_85 = "sel_85", _("Socialpædagogisk støtte (serviceloven § 85)")
    NON_VISITATED = (
        "non_visitated",
        _("Uvisiterede tilbud: væresteder, netværkscaféer, foreninger, selvhjælpsgrupper"),
    )
    OTHER_LEGISLATION = "other_legislation", _("Hjælp efter anden lovgivning")
    OTHER = "other", _("Anden hjælp")


class AlternativeConsidered(AppendOnlyModel):
    """RSL § 5 (helhedsvurdering): other help considered before a refusal."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="alternatives")
    alternative = models.CharField(_("alternativ"), max_length=30, choices=Alternative.choices)
    consideration = models.TextField(_("overvejelse"))
    at = models.DateTimeField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("overvejet alternativ")
        verbose_name_plural = _("overvejede alternativer")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return self.alternative


class Departure(AppendOnlyModel):
    """A departure from the quality standard, with the caseworker's written reason (SEL § 1, stk. 3:
    the standard must give way where the citizen's concrete need requires it)."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="departures")
    subject = models.CharField(_("hvad der afviges fra"), max_length=100)
    subject_text = models.TextField(_("standardens tekst"))
    reason = models.TextField(_("begrundelse"))
    at = models.DateTimeField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("afvigelse fra kvalitetsstandarden")
        verbose_name_plural = _("afvigelser fra kvalitetsstandarden")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["at"], name="departure_at")]

    def __str__(self) -> str:
        return self.subject
