"""Citizens and their representatives.

The CPR number is an attribute, never the key: a person can be given a new CPR number. Each
municipality keeps its own citizen records (staff see only their own municipality's data).
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from . import cpr as cprlib


class Language(models.TextChoices):
    """The citizen's preferred language: a short list of the languages most often interpreted in Danish
    municipalities, and "andet" with the language written out."""

    DANISH = "da", _("Dansk")
    ARABIC = "ar", _("Arabisk")
    DARI = "prs", _("Dari")
    ENGLISH = "en", _("Engelsk")
    FARSI = "fa", _("Farsi")
    GREENLANDIC = "kl", _("Grønlandsk")
    KURDISH = "ku", _("Kurdisk")
    POLISH = "pl", _("Polsk")
    ROMANIAN = "ro", _("Rumænsk")
    SOMALI = "so", _("Somali")
    SIGN_LANGUAGE = "dsl", _("Dansk tegnsprog")
    TIGRINYA = "ti", _("Tigrinya")
    TURKISH = "tr", _("Tyrkisk")
    UKRAINIAN = "uk", _("Ukrainsk")
    OTHER = "andet", _("Andet")


class Citizen(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    municipality = models.ForeignKey(
        "organisation.Municipality", on_delete=models.PROTECT, related_name="citizens"
    )
    cpr = models.CharField(_("CPR-nummer"), max_length=10)
    first_name = models.CharField(_("fornavn(e)"), max_length=100)
    last_name = models.CharField(_("efternavn"), max_length=100)
    address_line = models.CharField(_("adresse"), max_length=200, blank=True)
    postcode = models.CharField(_("postnummer"), max_length=4, blank=True)
    city = models.CharField(_("by"), max_length=100, blank=True)
    phone = models.CharField(_("telefon"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    digital_post_exempt = models.BooleanField(
        _("fritaget for Digital Post"), default=False, help_text=_("Breve sendes som fysisk post.")
    )
    digital_post_exemption_reason = models.CharField(_("fritagelsesgrund"), max_length=200, blank=True)
    is_test_person = models.BooleanField(_("testperson"), default=False)
    preferred_language = models.CharField(
        _("foretrukket sprog"), max_length=10, choices=Language.choices, default=Language.DANISH
    )
    preferred_language_other = models.CharField(_("andet sprog"), max_length=60, blank=True)
    interpreter_needed = models.BooleanField(_("har brug for tolk"), default=False)
    #: Optimistic locking: a save names the version it was edited from (people.services).
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("borger")
        verbose_name_plural = _("borgere")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "cpr"], name="citizen_cpr_unique_per_municipality"
            )
        ]
        indexes = [models.Index(fields=["municipality", "last_name", "first_name"], name="citizen_name")]

    def __str__(self) -> str:
        # Never the CPR number: __str__ ends up in logs, admin messages and error pages.
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def birth_date(self) -> dt.date:
        return cprlib.birth_date(self.cpr)

    def age_on(self, on: dt.date) -> int:
        return cprlib.age_on(self.cpr, on)

    def birthday_at_age(self, years: int) -> dt.date:
        return cprlib.birthday_at_age(self.cpr, years)

    @property
    def cpr_display(self) -> str:
        return cprlib.format_cpr(self.cpr)

    @property
    def cpr_masked(self) -> str:
        return cprlib.mask(self.cpr)

    @property
    def language_name(self) -> str:
        """The preferred language in lower case, as it reads in a sentence ("arabisk")."""
        if self.preferred_language == Language.OTHER:
            return self.preferred_language_other.strip()
        if self.preferred_language not in Language.values:
            return ""
        label = str(Language(self.preferred_language).label)
        return label[:1].lower() + label[1:]


class Representative(models.Model):
    """Someone acting for the citizen: partsrepræsentant with fuldmagt (FVL § 8) or a guardian (værge)."""

    class Kind(models.TextChoices):
        POWER_OF_ATTORNEY = "fuldmagt", _("Partsrepræsentant med fuldmagt (FVL § 8)")
        GUARDIAN = "vaerge", _("Værge")
        ASSISTANT = "bisidder", _("Bisidder (FVL § 8)")
        RELATIVE = "paaroerende", _("Pårørende (uden fuldmagt)")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    citizen = models.ForeignKey(Citizen, on_delete=models.CASCADE, related_name="representatives")
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("navn"), max_length=200)
    address_line = models.CharField(_("adresse"), max_length=200, blank=True)
    postcode = models.CharField(_("postnummer"), max_length=4, blank=True)
    city = models.CharField(_("by"), max_length=100, blank=True)
    phone = models.CharField(_("telefon"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    valid_from = models.DateField(_("gyldig fra"))
    valid_to = models.DateField(_("gyldig til"), null=True, blank=True)
    receives_letters = models.BooleanField(_("modtager breve"), default=True)
    #: The representative's own Digital Post mailbox: a CPR number (a person) or a CVR number (e.g. a
    #: law firm or an organisation). Filled in: letters to the representative go by Digital Post.
    #: Personal data for a person: shown masked, never in a URL, a log line or an event.
    digital_post_id = models.CharField(_("CPR- eller CVR-nummer til Digital Post"), max_length=10, blank=True)
    power_of_attorney_received = models.DateField(_("fuldmagt modtaget"), null=True, blank=True)
    #: Why the representation ended (set with valid_to by people.services.representative_end).
    end_reason = models.CharField(_("grund til ophør"), max_length=300, blank=True)
    #: Optimistic locking: a save names the version it was edited from (people.services).
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("repræsentant")
        verbose_name_plural = _("repræsentanter")
        ordering = ["valid_from"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_kind_display()})"

    def is_active_on(self, on: dt.date) -> bool:
        return self.valid_from <= on and (self.valid_to is None or on <= self.valid_to)

    def has_ended_by(self, on: dt.date) -> bool:
        return self.valid_to is not None and self.valid_to < on

    @property
    def can_receive_letters(self) -> bool:
        """Only a guardian or a partsrepræsentant with fuldmagt acts for the citizen in writing; a
        bisidder or a relative never receives the citizen's letters."""
        return self.kind in LETTER_RECEIVING_KINDS

    @property
    def has_postal_address(self) -> bool:
        return bool(self.address_line.strip() and self.postcode.strip() and self.city.strip())

    @property
    def has_digital_post(self) -> bool:
        return bool(self.digital_post_id.strip())

    @property
    def has_letter_route(self) -> bool:
        """A letter can reach the representative: by Digital Post, or as physical post to an address."""
        return self.has_digital_post or self.has_postal_address

    @property
    def digital_post_id_masked(self) -> str:
        """The Digital Post number as shown: a CVR number in full, a CPR number without its serial."""
        number = self.digital_post_id.strip()
        return cprlib.mask(number) if len(number) == 10 else number


#: The kinds of representative who may receive the citizen's letters (c/o, as physical post).
LETTER_RECEIVING_KINDS = frozenset({Representative.Kind.POWER_OF_ATTORNEY, Representative.Kind.GUARDIAN})
