"""Municipalities, their units, and which staff belong where.

One installation can serve several municipalities. A staff member belongs to exactly one
municipality (through a unit) and sees only that municipality's citizens and cases.
Roles are Django groups: see `roles.py`.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DecisionKind(models.TextChoices):
    """The kinds of decision a municipality may require a second approval (four eyes) of. The same
    values as the standard's `approval.required_for` (standards.schema.ApprovalKind)."""

    GRANT = "grant", _("Bevilling")
    PARTIAL_GRANT = "partial_grant", _("Delvis bevilling")
    REFUSAL = "refusal", _("Afslag")
    CHANGE = "change", _("Ændring af hjælpen (fx nedsættelse)")
    STOP = "stop", _("Ophør af hjælpen")


class Municipality(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    code = models.CharField(_("kommunekode"), max_length=3, unique=True, help_text=_("Tre cifre, fx 820"))
    slug = models.SlugField(
        _("kortnavn"),
        unique=True,
        help_text=_("Mappenavn for kvalitetsstandarder, fx vesthimmerland"),
    )
    name = models.CharField(_("navn"), max_length=100)
    #: The municipality's own four-eyes rule: decisions of these kinds (DecisionKind values) are approved
    #: by a second caseworker or team leader before the letter is sent. Combined with the standard's
    #: `approval.required_for` by OR (decisions.drafts.approval_sources).
    second_approval_for = models.JSONField(
        _("afgørelser, som en kollega skal godkende"),
        default=list,
        blank=True,
        help_text=_(
            "Afgørelser af disse typer skal godkendes af en anden sagsbehandler eller teamlederen i "
            "enheden, før brevet sendes. Gælder ud over det, kvalitetsstandarden kræver."
        ),
    )

    class Meta:
        verbose_name = _("kommune")
        verbose_name_plural = _("kommuner")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def requires_second_approval(self, kind: str) -> bool:
        """Whether the municipality's own setting requires a second approval of a `kind` decision."""
        return kind in (self.second_approval_for or [])

    @property
    def second_approval_labels(self) -> list[str]:
        """The kinds in the setting, in Danish, in the list's order."""
        chosen = set(self.second_approval_for or [])
        return [str(label) for value, label in DecisionKind.choices if value in chosen]


class Unit(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="units", verbose_name=_("kommune")
    )
    code = models.SlugField(
        _("kode"), max_length=60, help_text=_("Som i kvalitetsstandarden, fx bevilling-psykiatri-handicap")
    )
    name = models.CharField(_("navn"), max_length=200)

    class Meta:
        verbose_name = _("enhed")
        verbose_name_plural = _("enheder")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "code"], name="unit_code_unique_per_municipality")
        ]

    def __str__(self) -> str:
        return self.name


class StaffMembership(models.Model):
    """A user's place in the organisation. Without one, a user sees no citizen data."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="membership",
        verbose_name=_("bruger"),
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="members", verbose_name=_("enhed"))

    class Meta:
        verbose_name = _("tilknytning")
        verbose_name_plural = _("tilknytninger")

    def __str__(self) -> str:
        return f"{self.user} – {self.unit}"

    @property
    def municipality(self) -> Municipality:
        return self.unit.municipality
