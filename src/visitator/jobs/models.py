"""Background jobs: reminders (påmindelser) the daily sweep leaves for staff, and which scheduled runs
are booked, so that several workers never book the same day twice.

A reminder is unique per (recipient, kind, case, due date): a sweep that runs again (a retry, a second
worker, a manual `visitator jobs-sweep`) never makes a second one.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationKind(models.TextChoices):
    DEADLINE_WARNING = "deadline_warning", _("Fristen for afgørelse nærmer sig")
    FOLLOW_UP_DUE = "follow_up_due", _("Opfølgning")
    RECONSIDERATION_DUE = "reconsideration_due", _("Genvurdering af klage")
    FILE_ACCESS_OVERDUE = "file_access_overdue", _("Aktindsigt")
    PRINT_QUEUE_STALE = "print_queue_stale", _("Brev venter på udskrift")


class Notification(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    municipality = models.ForeignKey("organisation.Municipality", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("type"), max_length=30, choices=NotificationKind.choices)
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    due_on = models.DateField(_("frist"))
    #: Danish, with the case number and dates; never a CPR number or a name (the page shows the name).
    text = models.CharField(_("tekst"), max_length=300)
    created_at = models.DateTimeField()
    read_at = models.DateTimeField(_("læst"), null=True, blank=True)

    class Meta:
        verbose_name = _("påmindelse")
        verbose_name_plural = _("påmindelser")
        ordering = ["-created_at", "due_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "kind", "case", "due_on"], name="notification_once_per_due_date"
            )
        ]
        indexes = [
            models.Index(fields=["recipient", "read_at", "due_on"], name="notification_recipient"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.due_on:%Y-%m-%d}"


class ScheduledRun(models.Model):
    """One booked run of a recurring job on one day: the unique constraint lets only one worker book it."""

    name = models.CharField(max_length=60)
    run_on = models.DateField()
    task_result_id = models.CharField(max_length=64)
    created_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["name", "run_on"], name="scheduled_run_once_per_day")]

    def __str__(self) -> str:
        return f"{self.name} {self.run_on:%Y-%m-%d}"
