"""Loaded versions of KL's FFB code system and their concepts.

A `CodeSystemVersion` is one code list file loaded into the database; its `Concept` rows are the
codes of that version, each with the parent it has in that version. Both are immutable once loaded:
the only thing that changes is which version is the current one (exactly one is, enforced by a
partial unique constraint and by `services.ffb_load`). Load a new version instead of editing one.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from visitator.core import clock
from visitator.core.append_only import AppendOnlyModel

#: The separator between display names in `Concept.path` and in the CSV's parent_path column.
PATH_SEPARATOR = " > "


class CodeSystemImmutableError(Exception):
    """Raised on an attempt to change or delete a loaded code system version."""


def _refuse(version: str) -> CodeSystemImmutableError:
    return CodeSystemImmutableError(
        gettext("FFB version %(version)s er indlæst og kan ikke ændres eller slettes. Indlæs en ny version.")
        % {"version": version}
    )


#: The only field of a loaded version that may change (through `services.ffb_load`).
MUTABLE_FIELDS = frozenset({"is_current"})


class CodeSystemVersionQuerySet(models.QuerySet["CodeSystemVersion"]):
    def update(self, **kwargs: Any) -> int:
        if set(kwargs) - MUTABLE_FIELDS:
            first = self.values_list("version", flat=True).first()
            if first is not None:
                raise _refuse(first)
        return super().update(**kwargs)

    def delete(self) -> tuple[int, dict[str, int]]:
        first = self.values_list("version", flat=True).first()
        if first is not None:
            raise _refuse(first)
        return super().delete()


class CodeSystemVersion(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    url = models.CharField(_("kodesystem-URL"), max_length=200, help_text=_("Fx urn:oid:1.2.208.176.2.22"))
    version = models.CharField(_("version"), max_length=40, unique=True, help_text=_("Fx 20240530"))
    source_name = models.CharField(_("kildefil"), max_length=255)
    sha256 = models.CharField(_("filens SHA-256"), max_length=64, unique=True)
    loaded_at = models.DateTimeField(_("indlæst"), default=clock.now)
    is_current = models.BooleanField(_("gældende"), default=False)

    objects = CodeSystemVersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("FFB-version")
        verbose_name_plural = _("FFB-versioner")
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"],
                condition=models.Q(is_current=True),
                name="ffb_codesystemversion_one_current",
            ),
        ]

    def __str__(self) -> str:
        return f"FFB {self.version}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            stored = self._stored_values()
            if stored is not None:
                for field in self._meta.concrete_fields:
                    if field.name in MUTABLE_FIELDS:
                        continue
                    if field.to_python(getattr(self, field.attname)) != stored[field.attname]:
                        raise _refuse(stored["version"])
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise _refuse(self.version)

    def _stored_values(self) -> dict[str, Any] | None:
        attnames = [field.attname for field in self._meta.concrete_fields]
        return type(self).objects.filter(pk=self.pk).values(*attnames).first()


class Concept(AppendOnlyModel):
    """One code in one version. `path` is the full " > "-joined display path, ending with `display`."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    version = models.ForeignKey(
        CodeSystemVersion, on_delete=models.CASCADE, related_name="concepts", verbose_name=_("version")
    )
    code = models.UUIDField(_("kode"))
    display = models.CharField(_("betegnelse"), max_length=255)
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("overbegreb"),
    )
    path = models.CharField(_("sti"), max_length=1000)
    level = models.PositiveSmallIntegerField(_("niveau"))
    definition = models.TextField(_("definition"), blank=True)

    class Meta:
        verbose_name = _("FFB-begreb")
        verbose_name_plural = _("FFB-begreber")
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="ffb_concept_unique_code"),
            # Also the (version, path) index the selectors use for their path-prefix queries.
            models.UniqueConstraint(fields=["version", "path"], name="ffb_concept_unique_path"),
        ]

    def __str__(self) -> str:
        return self.display
