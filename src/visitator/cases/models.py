"""Cases (sager): from the application received to the case closed.

The decision deadline (RSL § 3, stk. 2) is computed from receipt under the quality standard in force
and stored on the case with an index, so that worklists are plain index scans.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from visitator.core.append_only import AppendOnlyModel

from .lifecycle import AWAITING_DECISION, Outcome, Status


class Channel(models.TextChoices):
    DIGITAL = "digital", _("Digital selvbetjening")
    LETTER = "letter", _("Brev")
    EMAIL = "email", _("E-mail")
    PHONE = "phone", _("Telefon")
    IN_PERSON = "in_person", _("Personligt fremmøde")
    RELATIVE = "relative", _("Via pårørende eller repræsentant")
    REFERRAL = "referral", _("Henvisning fra anden myndighed")


class CaseNumberSeries(models.Model):
    """Sequential, human-friendly case numbers per municipality and year (e.g. 2026-00042)."""

    municipality = models.ForeignKey("organisation.Municipality", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("sagsnummerserie")
        verbose_name_plural = _("sagsnummerserier")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "year"], name="case_number_series_unique")
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class Case(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    number = models.CharField(_("sagsnummer"), max_length=20)
    municipality = models.ForeignKey(
        "organisation.Municipality",
        on_delete=models.PROTECT,
        related_name="cases",
        verbose_name=_("handlekommune"),
    )
    unit = models.ForeignKey(
        "organisation.Unit", on_delete=models.PROTECT, related_name="cases", verbose_name=_("enhed")
    )
    caseworker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("sagsbehandler"),
    )
    citizen = models.ForeignKey(
        "people.Citizen", on_delete=models.PROTECT, related_name="cases", verbose_name=_("borger")
    )
    #: The citizen's name as the worklist sorts it ("jensen anna"): kept here so that the sort by
    #: citizen is an index scan like the sort by deadline. Set at receipt; `cases.signals` keeps it in
    #: step when the citizen's name changes. Never shown, never in a cursor or a URL.
    citizen_sort_name = models.CharField(max_length=201, default="", editable=False)

    service_code = models.SlugField(_("ydelse"), max_length=40)
    standard_version = models.ForeignKey(
        "standards.StandardVersion",
        on_delete=models.PROTECT,
        related_name="cases_received",
        verbose_name=_("kvalitetsstandard ved modtagelse"),
    )
    standard_hash = models.CharField(max_length=64)
    decided_standard_version = models.ForeignKey(
        "standards.StandardVersion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases_decided",
        verbose_name=_("kvalitetsstandard ved afgørelse"),
    )
    decided_standard_hash = models.CharField(max_length=64, blank=True)
    kle = models.CharField(_("KLE-nummer"), max_length=20)
    facet = models.CharField(_("handlingsfacet"), max_length=10)

    received_at = models.DateTimeField(_("ansøgning modtaget"))
    received_on = models.DateField(_("modtagelsesdato"))
    channel = models.CharField(_("kanal"), max_length=20, choices=Channel.choices)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("registreret af")
    )
    target_group_reduced_function = models.BooleanField(
        _("betydelig nedsat fysisk eller psykisk funktionsevne"), default=False
    )
    target_group_social_problems = models.BooleanField(_("særlige sociale problemer"), default=False)

    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.RECEIVED)
    outcome = models.CharField(_("afgørelse"), max_length=20, choices=Outcome.choices, blank=True)
    awaiting_decision = models.BooleanField(default=True, editable=False)

    decision_deadline = models.DateField(_("frist for afgørelse"))
    deadline_warning_on = models.DateField(_("varsling fra"))
    expected_decision_on = models.DateField(_("forventet afgørelse (varslet)"), null=True, blank=True)
    decided_on = models.DateField(_("afgjort"), null=True, blank=True)
    closed_on = models.DateField(_("lukket"), null=True, blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("sag")
        verbose_name_plural = _("sager")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "number"], name="case_number_unique_per_municipality"
            ),
            models.CheckConstraint(
                condition=~models.Q(status=Status.DECIDED) | ~models.Q(outcome=""),
                name="decided_case_has_outcome",
            ),
        ]
        indexes = [
            # Worklists: "my unit's / my cases awaiting decision, by deadline" and "by status, by deadline".
            # Partial indexes: SQLite cannot use a boolean column of a composite index for a bare
            # "WHERE awaiting_decision" (Django writes no "= true"); a partial index it can use
            # (docs/benchmarks.md).
            models.Index(
                fields=["unit", "decision_deadline", "id"],
                condition=models.Q(awaiting_decision=True),
                name="case_unit_awaiting",
            ),
            models.Index(
                fields=["caseworker", "decision_deadline", "id"],
                condition=models.Q(awaiting_decision=True),
                name="case_mine_awaiting",
            ),
            models.Index(fields=["unit", "status", "decision_deadline", "id"], name="case_unit_status"),
            models.Index(fields=["caseworker", "status", "decision_deadline", "id"], name="case_mine_status"),
            # The same lists sorted by date received and by citizen (cases.selectors.SORTS).
            models.Index(
                fields=["unit", "received_on", "id"],
                condition=models.Q(awaiting_decision=True),
                name="case_unit_awaiting_received",
            ),
            models.Index(
                fields=["caseworker", "received_on", "id"],
                condition=models.Q(awaiting_decision=True),
                name="case_mine_awaiting_received",
            ),
            models.Index(fields=["unit", "status", "received_on", "id"], name="case_unit_status_received"),
            models.Index(
                fields=["caseworker", "status", "received_on", "id"], name="case_mine_status_received"
            ),
            models.Index(
                fields=["unit", "citizen_sort_name", "id"],
                condition=models.Q(awaiting_decision=True),
                name="case_unit_awaiting_citizen",
            ),
            models.Index(
                fields=["caseworker", "citizen_sort_name", "id"],
                condition=models.Q(awaiting_decision=True),
                name="case_mine_awaiting_citizen",
            ),
            models.Index(
                fields=["unit", "status", "citizen_sort_name", "id"], name="case_unit_status_citizen"
            ),
            models.Index(
                fields=["caseworker", "status", "citizen_sort_name", "id"], name="case_mine_status_citizen"
            ),
        ]

    def __str__(self) -> str:
        return self.number

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.awaiting_decision = self.status in AWAITING_DECISION
        if not self.citizen_sort_name and self.citizen_id is not None:
            self.citizen_sort_name = citizen_sort_name(self.citizen)
        if "update_fields" in kwargs and kwargs["update_fields"] is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "awaiting_decision", "updated_at"}
        super().save(*args, **kwargs)

    @property
    def target_group_label(self) -> str:
        parts = []
        if self.target_group_reduced_function:
            parts.append(str(_("Målgruppe 1: betydelig nedsat funktionsevne")))
        if self.target_group_social_problems:
            parts.append(str(_("Målgruppe 2: særlige sociale problemer")))
        return ", ".join(parts) or str(_("Ikke vurderet endnu"))


def citizen_sort_name(citizen: Any) -> str:
    """ "Jensen (testperson)", "Anna" -> "jensen (testperson) anna": last name first, case-folded."""
    return f"{citizen.last_name} {citizen.first_name}".casefold()[:201]


class StatusChange(AppendOnlyModel):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="status_changes")
    at = models.DateTimeField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    from_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Status.choices)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    reason = models.TextField(blank=True)

    class Meta:
        verbose_name = _("statusskift")
        verbose_name_plural = _("statusskift")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["case", "at"], name="statuschange_case_at")]


class JournalNote(AppendOnlyModel):
    """Notatpligt (offentlighedsloven § 13): oral information that matters is written down.

    Notes are never edited; a correction is a new note.
    """

    class Kind(models.TextChoices):
        NOTE = "note", _("Notat")
        PHONE = "phone", _("Telefonsamtale")
        MEETING = "meeting", _("Møde")
        CORRECTION = "correction", _("Rettelse")

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="notes")
    at = models.DateTimeField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, default=Kind.NOTE)
    text = models.TextField(_("tekst"))

    class Meta:
        verbose_name = _("notat")
        verbose_name_plural = _("notater")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["case", "at"], name="note_case_at")]


def document_path(instance: Document, filename: str) -> str:
    # The stored name is a UUID: file names uploaded by users may carry personal data.
    return f"case-documents/{instance.case_id}/{instance.id}"


class DocumentOrigin(models.TextChoices):
    """Where a document comes from: information from a third party is heard (FVL § 19) unless the
    citizen already knows it."""

    CITIZEN = "citizen", _("Borgeren eller en repræsentant")
    THIRD_PARTY = "third_party", _("En anden (fx læge, leverandør eller anden myndighed)")
    MUNICIPALITY = "municipality", _("Kommunen selv")


class Document(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="documents")
    #: Where the document comes from; "" for documents registered before this was asked.
    origin = models.CharField(_("afsender"), max_length=20, choices=DocumentOrigin.choices, blank=True)
    origin_name = models.CharField(_("hvem"), max_length=200, blank=True)
    #: The citizen already knows the information in it (then no partshøring on it is needed).
    citizen_knows = models.BooleanField(_("borgeren kender oplysningerne"), default=False)
    uploaded_at = models.DateTimeField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("titel"), max_length=200)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    file = models.FileField(upload_to=document_path)

    class Meta:
        verbose_name = _("dokument")
        verbose_name_plural = _("dokumenter")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.title


class DeadlineNotice(AppendOnlyModel):
    """RSL § 3, stk. 2: the citizen is told in writing when a decision can be expected."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="deadline_notices")
    sent_at = models.DateTimeField()
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    expected_decision_on = models.DateField(_("forventet afgørelse"))
    reason = models.TextField(_("begrundelse"))
    recipient = models.CharField(_("modtager"), max_length=200)
    letter_text = models.TextField()

    class Meta:
        verbose_name = _("fristvarsel")
        verbose_name_plural = _("fristvarsler")
        ordering = ["sent_at", "id"]
