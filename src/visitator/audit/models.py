"""The access log and the event log.

Access log (Datatilsynet, "Logning af brugernes anvendelser af personoplysninger", 2023): every use
of personal data by a user -- view, search (with the criterion, CPR masked), create, change, export,
download, delete -- with time, user, type of use and the person concerned.

Event log: domain events (who did what, with old and new values), written in the same transaction
as the change itself.

Both are append-only. Rows point to citizens and cases without a database constraint, so that a
log row outlives the data it describes (case files are deleted under the archive rules; the log
has its own retention).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from visitator.core.append_only import AppendOnlyModel


class AccessAction(models.TextChoices):
    VIEW = "view", _("Visning")
    SEARCH = "search", _("Søgning")
    CREATE = "create", _("Oprettelse")
    CHANGE = "change", _("Ændring")
    EXPORT = "export", _("Eksport")
    DOWNLOAD = "download", _("Download")
    DELETE = "delete", _("Sletning")


def _loose_fk(to: str) -> models.ForeignKey:
    """A reference without a database constraint: the log row outlives what it points to."""
    return models.ForeignKey(
        to, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+", null=True
    )


class LogRow(AppendOnlyModel):
    """What every log row carries: when, who, in which municipality, about which citizen and case."""

    at = models.DateTimeField(_("tidspunkt"), db_index=True)
    user = _loose_fk(settings.AUTH_USER_MODEL)
    username = models.CharField(_("bruger"), max_length=150)
    municipality = _loose_fk("organisation.Municipality")
    citizen = _loose_fk("people.Citizen")
    case = _loose_fk("cases.Case")

    class Meta:
        abstract = True


class AccessLog(LogRow):
    action = models.CharField(_("handling"), max_length=20, choices=AccessAction.choices)
    what = models.CharField(
        _("genstand"), max_length=100, help_text=_("Fx sag, borger, dokument, arbejdsliste")
    )
    detail = models.CharField(_("detaljer"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("adgangslog")
        verbose_name_plural = _("adgangslog")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["citizen", "at"], name="accesslog_citizen_at"),
            models.Index(fields=["user", "at"], name="accesslog_user_at"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.action} {self.what}"


class Event(LogRow):
    kind = models.CharField(_("hændelse"), max_length=60)
    before = models.JSONField(_("før"), null=True, blank=True)
    after = models.JSONField(_("efter"), null=True, blank=True)

    class Meta:
        verbose_name = _("hændelse")
        verbose_name_plural = _("hændelseslog")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["case", "at"], name="event_case_at"),
            # A citizen's own history (address, representatives) for the case journal and for the
            # "changed since you opened the form" message (people.history).
            models.Index(fields=["citizen", "at"], name="event_citizen_at"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.kind}"
