"""Complaints (klager), genvurdering and Ankestyrelsen: all append-only history.

A `Complaint` is the complaint as received. Each later step is a row of its own, one per complaint
(a one-to-one key, so a step is recorded once): the decision on a late complaint, the genvurdering,
the forwarding to Ankestyrelsen (with the package and the letter), Ankestyrelsen's outcome, the
carrying out of a changed or annulled decision, and a withdrawal. Where a complaint stands is
derived from these rows (`state.complaint_state`); nothing is ever updated.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from visitator.core.append_only import AppendOnlyModel


class ComplaintChannel(models.TextChoices):
    LETTER = "letter", _("Brev")
    DIGITAL_POST = "digital_post", _("Digital Post")
    EMAIL = "email", _("E-mail")
    SELF_SERVICE = "self_service", _("Selvbetjening")
    ORAL = "oral", _("Mundtlig (med notat)")


class Complaint(AppendOnlyModel):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    municipality = models.ForeignKey("organisation.Municipality", on_delete=models.PROTECT, related_name="+")
    #: The case's unit when the complaint was received: the worklist panel reads by unit.
    unit = models.ForeignKey("organisation.Unit", on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="complaints")
    decision = models.ForeignKey(
        "decisions.Decision", on_delete=models.PROTECT, related_name="complaints", verbose_name=_("afgørelse")
    )
    received_on = models.DateField(_("klagen modtaget"))
    channel = models.CharField(_("modtaget via"), max_length=20, choices=ComplaintChannel.choices)
    #: None: the citizen complained. Otherwise the representative (power of attorney or guardian).
    representative = models.ForeignKey(
        "people.Representative", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    #: Who complained, as shown when the complaint was registered.
    complainant_name = models.CharField(_("klager"), max_length=200)
    text = models.TextField(_("klagens indhold"))
    #: The written note of an oral complaint (notatpligt).
    oral_note = models.TextField(_("notat om den mundtlige klage"), blank=True)
    #: The decision letter's complaint deadline; None when the letter had none (no klagevejledning:
    #: the deadline does not run, the complaint is never late).
    complaint_deadline = models.DateField(_("klagefrist"), null=True, blank=True)
    late = models.BooleanField(_("modtaget efter klagefristen"), default=False)
    #: RSL § 66: genvurdering and, if upheld, forwarding within 4 weeks of receipt.
    reconsideration_deadline = models.DateField(_("frist for genvurdering"))
    #: The last working day on or before the deadline (law.act_by).
    act_by = models.DateField(_("senest"))
    documents = models.ManyToManyField("cases.Document", blank=True, related_name="+")
    registered_at = models.DateTimeField()
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("klage")
        verbose_name_plural = _("klager")
        ordering = ["received_on", "registered_at", "id"]
        indexes = [
            models.Index(fields=["unit", "reconsideration_deadline", "id"], name="complaint_unit_deadline"),
            models.Index(fields=["case", "received_on"], name="complaint_case_received"),
        ]

    def __str__(self) -> str:
        return f"Klage {self.received_on:%Y-%m-%d}"


class LatenessDecision(AppendOnlyModel):
    """What happens to a complaint received after the complaint deadline: never dropped silently."""

    class Choice(models.TextChoices):
        TREAT = "treat", _("Klagen behandles, selv om fristen er overskredet")
        FORWARD = "forward", _("Klagen sendes til Ankestyrelsen, som afgør, om den kan behandles")

    complaint = models.OneToOneField(Complaint, on_delete=models.PROTECT, related_name="lateness")
    choice = models.CharField(_("beslutning"), max_length=20, choices=Choice.choices)
    reason = models.TextField(_("begrundelse"), blank=True)
    at = models.DateTimeField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    def __str__(self) -> str:
        return self.get_choice_display()


class Reconsideration(AppendOnlyModel):
    """The genvurdering (RSL § 66)."""

    class Outcome(models.TextChoices):
        UPHELD = "upheld", _("Fastholdt")
        FULL = "full", _("Fuldt medhold")
        PARTIAL = "partial", _("Delvist medhold")

    complaint = models.OneToOneField(Complaint, on_delete=models.PROTECT, related_name="reconsideration")
    outcome = models.CharField(_("resultat"), max_length=20, choices=Outcome.choices)
    reasons = models.TextField(_("begrundelse"), blank=True)
    decided_on = models.DateField(_("genvurderet"))
    #: The case was reopened for the new decision (full or partial agreement).
    case_reopened = models.BooleanField(default=False)
    at = models.DateTimeField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    def __str__(self) -> str:
        return self.get_outcome_display()


class Forwarding(AppendOnlyModel):
    """The complaint and the case's akter sent to Ankestyrelsen, and the letter that told the citizen."""

    class Basis(models.TextChoices):
        UPHELD = "upheld", _("Afgørelsen er fastholdt")
        PARTIAL = "partial", _("Delvist medhold: resten af klagen")
        LATE = "late", _("For sen klage: Ankestyrelsen afgør fristspørgsmålet")

    complaint = models.OneToOneField(Complaint, on_delete=models.PROTECT, related_name="forwarding")
    basis = models.CharField(_("grundlag"), max_length=20, choices=Basis.choices)
    forwarded_on = models.DateField(_("sendt til Ankestyrelsen"))
    #: Sent after the reconsideration deadline.
    overdue = models.BooleanField(default=False)
    bundle = models.ForeignKey("casefile.CaseFileBundle", on_delete=models.PROTECT, related_name="+")
    letter = models.ForeignKey("letters.Letter", on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    def __str__(self) -> str:
        return f"Sendt {self.forwarded_on:%Y-%m-%d}"


class AppealOutcome(AppendOnlyModel):
    """Ankestyrelsen's decision on the complaint, recorded with the day it was received."""

    class Outcome(models.TextChoices):
        UPHELD = "upheld", _("Stadfæstet")
        CHANGED = "changed", _("Ændret")
        ANNULLED = "annulled", _("Ophævet")
        REMITTED = "remitted", _("Hjemvist")
        DISMISSED = "dismissed", _("Afvist")

    complaint = models.OneToOneField(Complaint, on_delete=models.PROTECT, related_name="appeal_outcome")
    outcome = models.CharField(_("Ankestyrelsens afgørelse"), max_length=20, choices=Outcome.choices)
    received_on = models.DateField(_("modtaget fra Ankestyrelsen"))
    note = models.TextField(_("bemærkning"), blank=True)
    document = models.ForeignKey(
        "cases.Document", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    #: The case was reopened (hjemvist; or ændret/ophævet when a new decision is needed).
    case_reopened = models.BooleanField(default=False)
    #: The new decision deadline of a reopened case.
    new_deadline = models.DateField(_("ny frist for afgørelse"), null=True, blank=True)
    at = models.DateTimeField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    def __str__(self) -> str:
        return self.get_outcome_display()


#: Ankestyrelsen's outcomes the municipality must carry out.
TO_CARRY_OUT = frozenset({AppealOutcome.Outcome.CHANGED, AppealOutcome.Outcome.ANNULLED})


class Implementation(AppendOnlyModel):
    """Udførelse: Ankestyrelsen's changed or annulled decision has been carried out."""

    complaint = models.OneToOneField(Complaint, on_delete=models.PROTECT, related_name="implementation")
    done_on = models.DateField(_("udført"))
    note = models.TextField(_("hvad er gjort"))
    decision = models.ForeignKey(
        "decisions.Decision", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    def __str__(self) -> str:
        return f"Udført {self.done_on:%Y-%m-%d}"


class Withdrawal(AppendOnlyModel):
    """The complainant withdrew the complaint (recorded, never silently dropped)."""

    complaint = models.OneToOneField(Complaint, on_delete=models.PROTECT, related_name="withdrawal")
    received_on = models.DateField(_("tilbagekaldt"))
    note = models.TextField(_("notat"))
    at = models.DateTimeField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    def __str__(self) -> str:
        return f"Tilbagekaldt {self.received_on:%Y-%m-%d}"
