"""Partshøring (FVL § 19) and decisions (afgørelser), all append-only history."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from visitator.cases.lifecycle import Outcome
from visitator.core.append_only import AppendOnlyModel


class HearingInformation(AppendOnlyModel):
    """A piece of information the case rests on, e.g. a statement from a doctor or a provider.

    Information the citizen cannot be assumed to know must be put to the citizen before a decision
    against the citizen rests on it (FVL § 19, stk. 1).
    """

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="hearing_information")
    source = models.CharField(_("kilde"), max_length=200, help_text=_("Fx »Udtalelse fra egen læge«"))
    summary = models.TextField(
        _("indhold"), help_text=_("Det væsentlige i oplysningen, som borgeren skal høres over.")
    )
    received_on = models.DateField(_("modtaget"))
    citizen_knows = models.BooleanField(
        _("borgeren kender oplysningen"),
        default=False,
        help_text=_("Fx borgerens egne oplysninger. Sådanne oplysninger skal ikke i partshøring."),
    )
    document = models.ForeignKey(
        "cases.Document", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    added_at = models.DateTimeField()
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["received_on", "added_at", "id"]

    def __str__(self) -> str:
        return self.source


class Hearing(AppendOnlyModel):
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="hearings")
    letter = models.ForeignKey("letters.Letter", on_delete=models.PROTECT, related_name="+")
    information = models.ManyToManyField(HearingInformation, related_name="hearings")
    planned_decision = models.TextField(_("forventet afgørelse"))
    response_deadline = models.DateField(_("svarfrist"))
    sent_at = models.DateTimeField()
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["sent_at", "id"]

    def __str__(self) -> str:
        return f"Partshøring {self.sent_at:%Y-%m-%d}"


class HearingResponse(AppendOnlyModel):
    hearing = models.ForeignKey(Hearing, on_delete=models.PROTECT, related_name="responses")
    received_on = models.DateField(_("modtaget"))
    summary = models.TextField(_("borgerens bemærkninger"))
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["recorded_at", "id"]

    def __str__(self) -> str:
        return f"Svar {self.received_on}"


class HearingException(AppendOnlyModel):
    """A decision without prior hearing on a piece of information, on a ground in FVL § 19, stk. 2."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="hearing_exceptions")
    information = models.ForeignKey(HearingInformation, on_delete=models.PROTECT, related_name="exceptions")
    ground = models.CharField(_("undtagelsesgrund"), max_length=40)
    reason = models.TextField(_("begrundelse"))
    at = models.DateTimeField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return self.ground


class Decision(AppendOnlyModel):
    """An afgørelse with everything it was made on: the standard version and hash, the findings, the
    departures and the alternatives considered, and the letter that told the citizen."""

    class Kind(models.TextChoices):
        APPLICATION = "application", _("Afgørelse på ansøgning")
        CHANGE = "change", _("Ændring af hjælp")
        STOP = "stop", _("Ophør af hjælp")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="decisions")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.APPLICATION)
    outcome = models.CharField(_("afgørelse"), max_length=20, choices=Outcome.choices)
    decided_on = models.DateField()
    decided_at = models.DateTimeField()
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    standard_version = models.ForeignKey(
        "standards.StandardVersion", on_delete=models.PROTECT, related_name="+"
    )
    standard_hash = models.CharField(max_length=64)
    applied_for = models.TextField(_("ansøgt om"))
    granted = models.TextField(_("bevilget"), blank=True)
    proposed_offer = models.CharField(_("foreslået tilbud"), max_length=200, blank=True)
    proposed_scope = models.CharField(_("foreslået omfang"), max_length=200, blank=True)
    legal_rules = models.JSONField(_("retsregler"), default=list)
    main_considerations = models.TextField(_("hovedhensyn"), blank=True)
    facts = models.TextField(_("faktiske forhold"), blank=True)
    findings = models.JSONField(default=list)
    departures = models.JSONField(default=list)
    alternatives = models.JSONField(default=list)
    letter = models.ForeignKey("letters.Letter", on_delete=models.PROTECT, related_name="+")
    #: The earlier decision this one replaces: a new decision after a genvurdering with full or
    #: partial agreement (RSL § 67), or after Ankestyrelsen sent the case back (hjemvisning).
    replaces = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="replaced_by"
    )

    class Meta:
        ordering = ["decided_at", "id"]
        indexes = [models.Index(fields=["outcome", "decided_on"], name="decision_outcome_on")]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} {self.decided_on}"


class DecisionDraft(models.Model):
    """A decision not yet made: its inputs and the caseworker's texts, shown as the letter the citizen
    will get. Nothing reaches the citizen, the provider or the transport office until it is sent
    (`services.decision_draft_send`), which makes the Decision, the letter, the grant and the orders in
    one transaction. `version` refuses a stale save; at most one open draft per case."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Udkast")
        AWAITING_APPROVAL = "awaiting_approval", _("Venter på godkendelse")
        APPROVED = "approved", _("Godkendt")
        RETURNED = "returned", _("Sendt tilbage til rettelse")
        SENT = "sent", _("Sendt")
        DISCARDED = "discarded", _("Kasseret")

    OPEN = (Status.DRAFT, Status.AWAITING_APPROVAL, Status.APPROVED, Status.RETURNED)
    #: The states in which the caseworker edits the texts (editing an approved draft withdraws the approval).
    EDITABLE = OPEN

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="decision_drafts")
    kind = models.CharField(max_length=20, choices=Decision.Kind.choices, default=Decision.Kind.APPLICATION)
    #: For a change or a stop: the running grant it changes.
    grant = models.ForeignKey(
        "grants.Grant", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    outcome = models.CharField(_("afgørelse"), max_length=20, choices=Outcome.choices)
    applied_for = models.TextField(_("ansøgt om"))
    legal_rules = models.JSONField(_("retsregler"), default=list)
    #: What is granted, in the caseworker's words; empty: the words are made from the grant's terms.
    granted = models.TextField(_("bevilget"), blank=True)
    main_considerations = models.TextField(_("hovedhensyn"), blank=True)
    facts = models.TextField(_("faktiske forhold"), blank=True)
    proposed_offer = models.CharField(_("foreslået tilbud"), max_length=200, blank=True)
    proposed_scope = models.CharField(_("foreslået omfang"), max_length=200, blank=True)
    #: The grant's terms (application) or the change (change, stop), as JSON (`decisions.drafts`).
    terms = models.JSONField(default=dict, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField()
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    #: Everyone who wrote any of it: none of them may approve it (four eyes).
    authors = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="+")
    decision = models.OneToOneField(
        Decision, on_delete=models.PROTECT, null=True, blank=True, related_name="draft"
    )

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=models.Q(status__in=["draft", "awaiting_approval", "approved", "returned"]),
                name="decision_draft_one_open_per_case",
            )
        ]
        indexes = [models.Index(fields=["status", "case"], name="decision_draft_status_case")]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} ({self.get_status_display()})"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN


class DecisionDraftReview(AppendOnlyModel):
    """A step of the second approval: sent for approval, approved, or returned with a comment."""

    class Action(models.TextChoices):
        SUBMITTED = "submitted", _("Sendt til godkendelse")
        APPROVED = "approved", _("Godkendt")
        RETURNED = "returned", _("Sendt tilbage")

    draft = models.ForeignKey(DecisionDraft, on_delete=models.PROTECT, related_name="reviews")
    action = models.CharField(max_length=20, choices=Action.choices)
    comment = models.TextField(_("kommentar"), blank=True)
    #: The version of the draft the step concerns: an approval holds for that text only.
    draft_version = models.PositiveIntegerField()
    at = models.DateTimeField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.at:%Y-%m-%d %H:%M}"
