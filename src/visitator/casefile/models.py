"""Bundles of sagens akter, as they were handed over: append-only, never changed or deleted.

A bundle is the aktliste and the akter of a case at one moment, for one purpose (forwarding a
complaint to Ankestyrelsen, or answering a request for access to the file), rendered once as a PDF/A
and a zip, stored under UUID names (never a name or a case number) with their SHA-256.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from visitator.core.append_only import AppendOnlyModel


def bundle_pdf_path(instance: CaseFileBundle, filename: str) -> str:
    # The stored name is the bundle's UUID: never a name, a case number or a CPR number.
    return f"casefile/{instance.id}.pdf"


def bundle_zip_path(instance: CaseFileBundle, filename: str) -> str:
    return f"casefile/{instance.id}.zip"


class CaseFileBundle(AppendOnlyModel):
    class Purpose(models.TextChoices):
        FORWARDING = "forwarding", _("Til Ankestyrelsen")
        ACCESS = "access", _("Aktindsigt")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="casefile_bundles")
    purpose = models.CharField(_("formål"), max_length=20, choices=Purpose.choices)
    title = models.CharField(_("titel"), max_length=300)
    created_at = models.DateTimeField(_("udarbejdet"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    pdf = models.FileField(upload_to=bundle_pdf_path)
    zip = models.FileField(upload_to=bundle_zip_path)
    pdf_sha256 = models.CharField(max_length=64)
    zip_sha256 = models.CharField(max_length=64)
    pdf_size = models.PositiveIntegerField()
    zip_size = models.PositiveIntegerField()
    #: One entry per akt, in number order (see casefile.bundle.RenderedBundle.aktliste).
    aktliste = models.JSONField(default=list)
    page_count = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("samling af sagens akter")
        verbose_name_plural = _("samlinger af sagens akter")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["case", "created_at"], name="casefilebundle_case_at")]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} {self.created_at:%Y-%m-%d}"

    @property
    def akt_count(self) -> int:
        return len(self.aktliste)
