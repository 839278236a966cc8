"""Requests for access to the file (partsaktindsigt, forvaltningsloven § 9), their review and answer.

* `AccessRequest` is the head row: who asked, when, how, for what, and the day the notice under
  forvaltningsloven § 16, stk. 2 falls due (computed once at registration, stored and indexed, so the
  worklist is an index scan). Its current state (answered, expected answer date) is updated in place;
  each change also writes an event row.
* `AccessReview` and `AccessReviewItem` are the caseworker's working state while going through the
  akter: saved, resumable, guarded by a version number against concurrent edits.
* `AccessNotice` and `AccessAnswer` record what was sent; they are append-only history.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from visitator.core.append_only import AppendOnlyModel


class Requester(models.TextChoices):
    CITIZEN = "citizen", _("Borgeren selv")
    REPRESENTATIVE = "representative", _("Borgerens repræsentant")


class RequestChannel(models.TextChoices):
    WRITTEN = "written", _("Skriftligt")
    ORAL = "oral", _("Mundtligt (med notat)")


class Scope(models.TextChoices):
    WHOLE = "whole", _("Hele sagen")
    SPECIFIC = "specific", _("Bestemte dokumenter")


class AktDecision(models.TextChoices):
    RELEASE = "release", _("Udleveres")
    WITHHOLD = "withhold", _("Undtages helt")
    PARTIAL = "partial", _("Undtages delvist (ekstrakt)")
    NOT_REQUESTED = "not_requested", _("Ikke omfattet af anmodningen")


#: Decisions that withhold something: a legal ground and a reason are required.
WITHHOLDING = frozenset({AktDecision.WITHHOLD, AktDecision.PARTIAL})


class AccessRequest(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="access_requests")
    #: The case's unit when the request was registered: the unit's worklist reads this column.
    unit = models.ForeignKey("organisation.Unit", on_delete=models.PROTECT, related_name="+")
    requester = models.CharField(_("anmodet af"), max_length=20, choices=Requester.choices)
    representative = models.ForeignKey(
        "people.Representative",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="access_requests",
        verbose_name=_("repræsentant"),
    )
    #: The name of who asked, as it was when registered.
    requester_name = models.CharField(_("navn"), max_length=200)
    received_on = models.DateField(_("modtaget"))
    channel = models.CharField(_("kanal"), max_length=20, choices=RequestChannel.choices)
    scope = models.CharField(_("omfang"), max_length=20, choices=Scope.choices)
    #: What was asked for, when the request names specific documents.
    documents = models.TextField(_("de ønskede dokumenter"), blank=True)
    #: The 7th working day after receipt (forvaltningsloven § 16, stk. 2).
    notice_due_on = models.DateField(_("svar eller besked senest"))
    registered_at = models.DateTimeField()
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    #: The form's one-time token: the same form sent twice registers one request.
    submission = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    # Current state (each change also writes an event row).
    expected_answer_on = models.DateField(_("svar forventes (besked sendt)"), null=True, blank=True)
    answered_on = models.DateField(_("besvaret"), null=True, blank=True)

    class Meta:
        verbose_name = _("anmodning om aktindsigt")
        verbose_name_plural = _("anmodninger om aktindsigt")
        ordering = ["received_on", "registered_at"]
        indexes = [
            # The worklist: a unit's open requests by the day the notice falls due.
            models.Index(
                fields=["unit", "notice_due_on", "id"],
                condition=models.Q(answered_on__isnull=True),
                name="access_request_unit_open",
            ),
            models.Index(fields=["case", "registered_at"], name="access_request_case"),
        ]

    def __str__(self) -> str:
        return f"{self.received_on:%Y-%m-%d}"

    @property
    def is_open(self) -> bool:
        return self.answered_on is None


class AccessReview(models.Model):
    """The caseworker's review of the akter for one request: saved and resumed; `version` counts saves,
    so a save based on an older version is refused instead of silently overwriting another's work."""

    request = models.OneToOneField(AccessRequest, on_delete=models.PROTECT, related_name="review")
    version = models.PositiveIntegerField(default=0)
    saved_at = models.DateTimeField(null=True, blank=True)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    def __str__(self) -> str:
        return f"v{self.version}"


class AccessReviewItem(models.Model):
    """The decision on one akt, by the akt's stable key (`casefile.akter.Akt.key`, no personal data)."""

    review = models.ForeignKey(AccessReview, on_delete=models.CASCADE, related_name="items")
    akt_key = models.CharField(max_length=120)
    decision = models.CharField(_("afgørelse"), max_length=20, choices=AktDecision.choices)
    ground = models.CharField(_("retsgrundlag"), max_length=20, blank=True)
    reason = models.TextField(_("begrundelse"), blank=True)
    extract = models.TextField(_("ekstrakt"), blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["review", "akt_key"], name="access_review_item_unique")
        ]

    def __str__(self) -> str:
        return f"{self.akt_key}: {self.decision}"


class AccessNotice(AppendOnlyModel):
    """The notice (forvaltningsloven § 16, stk. 2): why the request is not answered, and when it will be."""

    request = models.ForeignKey(AccessRequest, on_delete=models.PROTECT, related_name="notices")
    letter = models.OneToOneField("letters.Letter", on_delete=models.PROTECT, related_name="+")
    expected_on = models.DateField(_("svar forventes senest"))
    reason = models.TextField(_("begrundelse"))
    sent_at = models.DateTimeField()
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["sent_at", "id"]


class Outcome(models.TextChoices):
    FULL = "full", _("Fuld aktindsigt")
    PARTIAL = "partial", _("Delvis aktindsigt")
    REFUSED = "refused", _("Afslag på aktindsigt")


class AccessAnswer(AppendOnlyModel):
    """The answer: the letter with the aktliste, the bundle of the akter given (one PDF/A and a zip),
    and the list as decided (number, key, title, decision, ground and reason of each akt)."""

    request = models.OneToOneField(AccessRequest, on_delete=models.PROTECT, related_name="answer")
    letter = models.OneToOneField("letters.Letter", on_delete=models.PROTECT, related_name="+")
    #: The stored bundle (`casefile.models.CaseFileBundle`): the akter given, with the aktliste. None
    #: when nothing is given (every akt the request covers is withheld in full).
    bundle_id = models.UUIDField(null=True, blank=True)
    outcome = models.CharField(_("resultat"), max_length=20, choices=Outcome.choices)
    aktliste = models.JSONField()
    answered_at = models.DateTimeField()
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["answered_at", "id"]
