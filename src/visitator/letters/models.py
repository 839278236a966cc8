"""Sent letters and their delivery, all append-only: a sent letter is never changed or deleted. And
the contact block the administrator keeps (`UnitContact`, `StaffContact`), printed on every letter.

The PDF is stored under a UUID name (never a name or a CPR number) with its SHA-256. Delivery is
recorded by the channel's own table: `DigitalPostMessage` (the local Digital Post adapter's mailbox,
which alone keeps the recipient's CPR number) or `PrintJob` with a separate `PrintJobPrinted` row.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from visitator.core.append_only import AppendOnlyModel

from .compose import Channel, LetterKind


def letter_pdf_path(instance: Letter, filename: str) -> str:
    # The stored name is the letter's UUID: never a name, a case number or a CPR number.
    return f"letters/{instance.id}.pdf"


class Letter(AppendOnlyModel):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="letters")
    citizen = models.ForeignKey("people.Citizen", on_delete=models.PROTECT, related_name="letters")
    kind = models.CharField(_("brevtype"), max_length=20, choices=LetterKind.choices)
    subject = models.CharField(_("overskrift"), max_length=300)
    recipient_name = models.CharField(_("modtager"), max_length=200)
    on_behalf_of = models.CharField(_("på vegne af"), max_length=200, blank=True)
    channel = models.CharField(_("forsendelse"), max_length=20, choices=Channel.choices)
    letter_date = models.DateField(_("brevets dato"))
    receipt_on = models.DateField(_("regnes for modtaget"))
    complaint_deadline = models.DateField(_("klagefrist"), null=True, blank=True)
    standard_version = models.ForeignKey(
        "standards.StandardVersion", on_delete=models.PROTECT, null=True, related_name="+"
    )
    sent_at = models.DateTimeField(_("sendt"))
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    pdf = models.FileField(upload_to=letter_pdf_path)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField()
    page_count = models.PositiveSmallIntegerField()

    class Meta:
        verbose_name = _("brev")
        verbose_name_plural = _("breve")
        ordering = ["sent_at", "id"]
        indexes = [models.Index(fields=["case", "sent_at"], name="letter_case_sent")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.letter_date:%Y-%m-%d}"


class DigitalPostMessage(AppendOnlyModel):
    """The local Digital Post adapter's mailbox: the message is available the moment it is sent.

    `recipient_identifier` is the CPR or CVR number the real Digital Post addresses (the citizen's, or a
    representative's own); it is never logged or shown.
    """

    letter = models.ForeignKey(Letter, on_delete=models.PROTECT, related_name="digital_post_messages")
    message_id = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    recipient_identifier = models.CharField(max_length=10)
    available_at = models.DateTimeField()
    metadata = models.JSONField(default=dict)

    class Meta:
        ordering = ["available_at", "id"]

    def __str__(self) -> str:
        return str(self.message_id)


class PrintJob(AppendOnlyModel):
    """A physical letter waiting to be printed and posted."""

    letter = models.OneToOneField(Letter, on_delete=models.PROTECT, related_name="print_job")
    queued_at = models.DateTimeField()

    class Meta:
        ordering = ["queued_at", "id"]
        # The print queue, oldest first: keyset pagination on (queued_at, letter_id).
        indexes = [models.Index(fields=["queued_at", "letter"], name="printjob_scale_queue")]

    def __str__(self) -> str:
        return f"{self.letter_id} {self.queued_at:%Y-%m-%d %H:%M}"


class PrintJobPrinted(AppendOnlyModel):
    """The print job was printed: a row of its own, so the job itself is never updated."""

    job = models.OneToOneField(PrintJob, on_delete=models.PROTECT, related_name="printed")
    printed_at = models.DateTimeField()
    printed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["printed_at", "id"]

    def __str__(self) -> str:
        return f"{self.job_id} {self.printed_at:%Y-%m-%d %H:%M}"


# -- the contact block: settings the municipality's administrator keeps -----------------------------


class UnitContact(models.Model):
    """How a citizen reaches the unit that handles the case: printed in the contact block of every
    letter (address, phone, e-mail, opening hours). A letter cannot be sent without it
    (`letters.checks`). Edited by the administrator; `version` refuses a stale save."""

    unit = models.OneToOneField(
        "organisation.Unit", on_delete=models.CASCADE, related_name="letter_contact", verbose_name=_("enhed")
    )
    address_line = models.CharField(_("adresse"), max_length=200)
    postcode = models.CharField(_("postnummer"), max_length=4)
    city = models.CharField(_("by"), max_length=100)
    phone = models.CharField(_("telefon"), max_length=30)
    email = models.EmailField(_("e-mail"), max_length=200)
    opening_hours = models.CharField(_("telefontid og åbningstid"), max_length=300)
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(null=True, blank=True, editable=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("enhedens kontaktoplysninger")
        verbose_name_plural = _("enhedernes kontaktoplysninger")

    def __str__(self) -> str:
        return str(self.unit_id)


class StaffContact(models.Model):
    """A caseworker's direct line, printed with the caseworker's name in the contact block."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="letter_contact"
    )
    direct_phone = models.CharField(_("direkte telefon"), max_length=30)
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(null=True, blank=True, editable=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("medarbejderens direkte telefon")
        verbose_name_plural = _("medarbejdernes direkte telefon")

    def __str__(self) -> str:
        return str(self.user_id)
