"""Loaded versions of the quality standards.

The files under ``standards/`` are the source; a `StandardVersion` row is one version loaded into
the database, so cases can point to the version (and its content hash) they were decided under.
A published version is never changed or deleted: publish a new version instead.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from visitator.core import clock

from .schema import QualityStandard


class StandardStatus(models.TextChoices):
    DRAFT = "draft", _("Kladde")
    PUBLISHED = "published", _("Publiceret")


class StandardImmutableError(Exception):
    """Raised on an attempt to change or delete a published standard version."""


#: Fields that fix what a published version says; they never change once published.
IMMUTABLE_FIELDS = (
    "municipality",
    "service_code",
    "version",
    "valid_from",
    "valid_to",
    "status",
    "content",
    "content_hash",
)


def _refuse(version: str) -> StandardImmutableError:
    return StandardImmutableError(
        gettext(
            "Version %(version)s er publiceret og kan ikke ændres eller slettes. Publicér en ny version "
            "med en ny gyldig-fra-dato."
        )
        % {"version": version}
    )


class StandardVersionQuerySet(models.QuerySet["StandardVersion"]):
    def published(self) -> StandardVersionQuerySet:
        return self.filter(status=StandardStatus.PUBLISHED)

    def update(self, **kwargs: Any) -> int:
        published = self.filter(status=StandardStatus.PUBLISHED).values_list("version", flat=True).first()
        if published is not None:
            raise _refuse(published)
        return super().update(**kwargs)

    def delete(self) -> tuple[int, dict[str, int]]:
        published = self.filter(status=StandardStatus.PUBLISHED).values_list("version", flat=True).first()
        if published is not None:
            raise _refuse(published)
        return super().delete()


class StandardVersion(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    municipality = models.ForeignKey(
        "organisation.Municipality",
        on_delete=models.PROTECT,
        related_name="standard_versions",
        verbose_name=_("kommune"),
    )
    service_code = models.SlugField(_("ydelseskode"), max_length=60, help_text=_("Fx sel-104"))
    version = models.CharField(_("version"), max_length=40)
    valid_from = models.DateField(_("gyldig fra"))
    valid_to = models.DateField(_("gyldig til"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=StandardStatus.choices)
    content = models.JSONField(_("indhold"), help_text=_("Den validerede standard"))
    content_hash = models.CharField(_("indholdets SHA-256"), max_length=64)
    source_path = models.CharField(_("kildefil"), max_length=500)
    loaded_at = models.DateTimeField(_("indlæst"), default=clock.now)

    objects = StandardVersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("kvalitetsstandard (version)")
        verbose_name_plural = _("kvalitetsstandarder (versioner)")
        ordering = ["service_code", "-valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "service_code", "version"], name="standardversion_unique_version"
            ),
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=models.F("valid_from")),
                name="standardversion_valid_to_after_valid_from",
            ),
        ]
        indexes = [
            models.Index(
                fields=["municipality", "service_code", "status", "valid_from"],
                name="standardversion_in_force",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.service_code} {self.version} ({self.valid_from:%Y-%m-%d})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            stored = self._stored_values()
            if stored is not None and stored["status"] == StandardStatus.PUBLISHED:
                for field in self._immutable_fields():
                    if field.to_python(getattr(self, field.attname)) != stored[field.attname]:
                        raise _refuse(stored["version"])
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        stored = self._stored_values()
        if stored is not None and stored["status"] == StandardStatus.PUBLISHED:
            raise _refuse(stored["version"])
        return super().delete(*args, **kwargs)

    @property
    def is_published(self) -> bool:
        return self.status == StandardStatus.PUBLISHED

    @property
    def spec(self) -> QualityStandard:
        """The parsed standard (cached on the instance, per content hash)."""
        cached: tuple[str, QualityStandard] | None = getattr(self, "_spec_cache", None)
        if cached is None or cached[0] != self.content_hash:
            cached = (self.content_hash, QualityStandard.model_validate(self.content))
            self._spec_cache = cached
        return cached[1]

    def _immutable_fields(self) -> list[models.Field[Any, Any]]:
        return [field for field in self._meta.concrete_fields if field.name in IMMUTABLE_FIELDS]

    def _stored_values(self) -> dict[str, Any] | None:
        attnames = [field.attname for field in self._immutable_fields()]
        return type(self).objects.filter(pk=self.pk).values(*attnames).first()
