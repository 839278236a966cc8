"""Providers (leverandører) and their offers (tilbud), with Tilbudsportalen identifiers, places,
rates and optional paid items.

Only offers registered on Tilbudsportalen can be part of the municipality's supply (SEL § 14, stk. 2);
an offer under socialtilsyn must also be approved. The snapshot of what Tilbudsportalen says is kept
with the date it was last verified (there is no official open API).
"""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from visitator.core.formatting import kroner


class Provider(models.Model):
    class Kind(models.TextChoices):
        OWN = "own", _("Kommunens eget tilbud")
        EXTERNAL = "external", _("Ekstern leverandør")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    municipality = models.ForeignKey(
        "organisation.Municipality",
        on_delete=models.PROTECT,
        related_name="providers",
        verbose_name=_("kommune"),
    )
    name = models.CharField(_("navn"), max_length=200)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    cvr = models.CharField(_("CVR-nummer"), max_length=8, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("telefon"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("leverandør")
        verbose_name_plural = _("leverandører")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["municipality", "name"], name="provider_name_unique")]

    def __str__(self) -> str:
        return self.name


class Offer(models.Model):
    class Registration(models.TextChoices):
        REGISTERED = "registered", _("Registreret på Tilbudsportalen")
        NOT_REGISTERED = "not_registered", _("Ikke registreret")

    class Approval(models.TextChoices):
        APPROVED = "approved", _("Godkendt af socialtilsynet")
        NOT_UNDER_SUPERVISION = "municipal", _("Kommunalt tilsyn (SEL § 148 a)")
        PENDING = "pending", _("Afventer godkendelse")
        NOT_APPROVED = "not_approved", _("Ikke godkendt")

    class RateUnit(models.TextChoices):
        CALENDAR_DAY = "calendar_day", _("pr. kalenderdag")
        ATTENDANCE_DAY = "attendance_day", _("pr. fremmødedag")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    provider = models.ForeignKey(
        Provider, on_delete=models.PROTECT, related_name="offers", verbose_name=_("leverandør")
    )
    name = models.CharField(_("navn"), max_length=200)
    tilbudsid = models.PositiveIntegerField(_("Tilbudsportalen: tilbuds-id"), null=True, blank=True)
    afdelingsid = models.PositiveIntegerField(_("Tilbudsportalen: afdelings-id"), null=True, blank=True)
    paragraphs = models.JSONField(_("paragraffer"), default=list, help_text=_('Fx ["SEL § 104"]'))
    target_groups = models.JSONField(_("målgrupper (FFB-koder)"), default=list, blank=True)
    address_line = models.CharField(_("adresse"), max_length=200, blank=True)
    postcode = models.CharField(_("postnummer"), max_length=4, blank=True)
    city = models.CharField(_("by"), max_length=100, blank=True)
    #: Opening hours: the default times of the transport to and from the offer.
    opens_at = models.TimeField(_("åbner kl."), null=True, blank=True)
    closes_at = models.TimeField(_("lukker kl."), null=True, blank=True)
    places = models.PositiveIntegerField(_("pladser"))
    registration = models.CharField(_("registrering"), max_length=20, choices=Registration.choices)
    approval = models.CharField(_("godkendelse"), max_length=20, choices=Approval.choices)
    verified_on = models.DateField(_("senest kontrolleret på Tilbudsportalen"))
    rate_unit = models.CharField(_("takst"), max_length=20, choices=RateUnit.choices)
    active = models.BooleanField(_("aktiv"), default=True)
    #: Optimistic locking: an edit names the version its form was opened on; a stale save is refused
    #: (offers.services.offer_update). The importer moves it on too.
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("tilbud")
        verbose_name_plural = _("tilbud")
        ordering = ["name"]
        # One offer per Tilbudsportalen id (and department) per provider. Not across the installation:
        # two municipalities may both use the same external offer, each with its own provider record.
        # Two partial constraints, because NULL afdelingsid values never collide in a plain one.
        # The importer also refuses the same id twice within one municipality.
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "tilbudsid", "afdelingsid"],
                name="offer_tilbudsportalen_unique",
                condition=models.Q(tilbudsid__isnull=False, afdelingsid__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["provider", "tilbudsid"],
                name="offer_tilbudsportalen_unique_no_department",
                condition=models.Q(tilbudsid__isnull=False, afdelingsid__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_own(self) -> bool:
        return self.provider.kind == Provider.Kind.OWN

    @property
    def may_be_chosen(self) -> bool:
        """SEL § 14, stk. 2: registered on Tilbudsportalen, and approved where under socialtilsyn."""
        return (
            self.active
            and self.registration == self.Registration.REGISTERED
            and self.approval in (self.Approval.APPROVED, self.Approval.NOT_UNDER_SUPERVISION)
        )


class RateTier(models.Model):
    """A rate (takst) for a staffing level, with an optional part-time percentage."""

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="rates", verbose_name=_("tilbud"))
    name = models.CharField(_("takstniveau"), max_length=100, help_text=_("Fx »Niveau 2: normering 1:3«"))
    amount = models.DecimalField(_("beløb i kr."), max_digits=9, decimal_places=2)
    valid_from = models.DateField(_("gyldig fra"))
    part_time_percent = models.JSONField(
        _("deltidsprocenter"),
        default=dict,
        blank=True,
        help_text=_('Dage pr. uge → procent af taksten, fx {"1": 60, "2": 60, "3": 85}'),
    )

    class Meta:
        verbose_name = _("takst")
        verbose_name_plural = _("takster")
        ordering = ["offer", "name", "-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["offer", "name", "valid_from"], name="ratetier_unique"),
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="ratetier_amount_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.name}: {kroner(self.amount)}"

    def percent_for(self, days_per_week: int) -> Decimal:
        value = self.part_time_percent.get(str(days_per_week))
        return Decimal(str(value)) if value is not None else Decimal(100)


class OptionalItem(models.Model):
    """Optional consumption the citizen may choose and pay for (meals, materials, excursions,
    membership). The § 104 service itself is always free (SEL § 158, check)."""

    offer = models.ForeignKey(
        Offer, on_delete=models.CASCADE, related_name="optional_items", verbose_name=_("tilbud")
    )
    name = models.CharField(_("navn"), max_length=100)
    price = models.DecimalField(_("pris i kr."), max_digits=9, decimal_places=2)
    unit = models.CharField(_("pr."), max_length=50, help_text=_("Fx »måned«, »gang«"))

    class Meta:
        verbose_name = _("tilkøb")
        verbose_name_plural = _("tilkøb")
        ordering = ["offer", "name"]
        constraints = [
            models.CheckConstraint(condition=models.Q(price__gte=0), name="optionalitem_price_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.name}: {kroner(self.price)} pr. {self.unit}"


def days_in_month(on: dt.date) -> int:
    nxt = (on.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return (nxt - dt.timedelta(days=1)).day
