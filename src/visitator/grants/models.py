"""Grants (bevillinger), orders to providers (bestillinger), goals, transport and follow-up.

A grant never ends by itself: it is followed up at least as often as the standard says (SEL § 148,
stk. 2), and it is only changed or stopped by a new decision with hearing, letter and klagevejledning.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from visitator.core.append_only import AppendOnlyModel


class DayPart(models.TextChoices):
    FULL = "full", _("hele dage")
    HALF = "half", _("halve dage")


class Weekday(models.IntegerChoices):
    """The days a grant runs (ISO numbering: 1 = Monday). Day offers are open on weekdays."""

    MONDAY = 1, _("mandag")
    TUESDAY = 2, _("tirsdag")
    WEDNESDAY = 3, _("onsdag")
    THURSDAY = 4, _("torsdag")
    FRIDAY = 5, _("fredag")


def default_weekdays(days_per_week: int) -> list[int]:
    """The first N weekdays: what a grant gets when the caseworker chooses no days."""
    return list(range(1, days_per_week + 1))


def weekdays_text(days: list[int] | tuple[int, ...]) -> str:
    """[1, 2, 3] -> "mandag, tirsdag, onsdag"."""
    return ", ".join(str(Weekday(d).label) for d in sorted(set(days)) if d in Weekday.values)


class Grant(models.Model):
    class Status(models.TextChoices):
        WAITING = "waiting", _("På venteliste")
        ORDERED = "ordered", _("Bestilt hos leverandøren")
        ACTIVE = "active", _("I gang")
        STOPPED = "stopped", _("Ophørt")

    class HandleplanAnswer(models.TextChoices):
        ACCEPTED = "accepted", _("Borgeren ønsker en handleplan")
        DECLINED = "declined", _("Borgeren har takket nej")
        NOT_ANSWERED = "not_answered", _("Borgeren har ikke svaret endnu")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="grants")
    # The case's unit, kept on the grant so the follow-up worklist is one index range per unit.
    unit = models.ForeignKey("organisation.Unit", on_delete=models.PROTECT, related_name="+")
    decision = models.ForeignKey("decisions.Decision", on_delete=models.PROTECT, related_name="grants")
    offer = models.ForeignKey("offers.Offer", on_delete=models.PROTECT, related_name="grants")
    offer_reason = models.TextField(_("begrundelse for valg af tilbud"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    start_date = models.DateField(_("startdato"))
    expected_start = models.DateField(_("forventet start (venteliste)"), null=True, blank=True)
    days_per_week = models.PositiveSmallIntegerField(_("dage pr. uge"))
    #: The weekdays the citizen comes (1 = mandag ... 5 = fredag), as many as days_per_week.
    weekdays = models.JSONField(_("ugedage"), default=list, help_text=_("1 = mandag … 5 = fredag"))
    day_part = models.CharField(_("dagens længde"), max_length=10, choices=DayPart.choices)
    purpose = models.TextField(_("formål"))
    content = models.TextField(_("indhold"))
    monthly_cost = models.DecimalField(_("forventet udgift pr. måned"), max_digits=10, decimal_places=0)
    handleplan_offered_on = models.DateField(_("handleplan tilbudt (SEL § 141)"))
    handleplan_answer = models.CharField(_("borgerens svar"), max_length=20, choices=HandleplanAnswer.choices)
    next_follow_up_on = models.DateField(_("næste opfølgning senest"))
    stopped_on = models.DateField(_("ophørt"), null=True, blank=True)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField()

    class Meta:
        verbose_name = _("bevilling")
        verbose_name_plural = _("bevillinger")
        ordering = ["created_at", "id"]
        indexes = [
            # The follow-up worklist: a unit's running grants by next follow-up date.
            models.Index(
                fields=["unit", "next_follow_up_on", "id"],
                condition=~models.Q(status="stopped"),
                name="grant_unit_follow_up_due",
            ),
            models.Index(fields=["offer", "status", "created_at"], name="grant_offer_status"),
            # The waiting list, longest waiting first: keyset pagination on (created_at, id).
            models.Index(
                fields=["created_at", "id"],
                condition=models.Q(status="waiting"),
                name="grant_scale_waiting",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.offer} ({self.get_status_display()})"

    @property
    def scope_text(self) -> str:
        return scope_text(self.days_per_week, self.day_part)

    @property
    def granted_weekdays(self) -> list[int]:
        return sorted(self.weekdays) if self.weekdays else default_weekdays(self.days_per_week)

    @property
    def weekdays_text(self) -> str:
        return weekdays_text(self.granted_weekdays)


def scope_text(days_per_week: int, day_part: str) -> str:
    """ "3 hele dage om ugen", "1 halv dag om ugen"."""
    if day_part == DayPart.FULL:
        text = ngettext("%(days)d hel dag om ugen", "%(days)d hele dage om ugen", days_per_week)
    else:
        text = ngettext("%(days)d halv dag om ugen", "%(days)d halve dage om ugen", days_per_week)
    return text % {"days": days_per_week}


class Goal(models.Model):
    grant = models.ForeignKey(Grant, on_delete=models.CASCADE, related_name="goals")
    goal_type = models.CharField(_("måltype (FFB)"), max_length=36)
    goal_type_display = models.CharField(max_length=100)
    description = models.TextField(
        _("mål"), help_text=_("Målbart: hvad skal borgeren kunne, og hvordan ser vi det?")
    )
    target_date = models.DateField(_("forventes nået"))

    class Meta:
        ordering = ["target_date", "id"]

    def __str__(self) -> str:
        return self.description[:60]


class Transport(models.Model):
    class Mode(models.TextChoices):
        MUNICIPAL = "municipal", _("Kommunens kørselsordning")
        PUBLIC = "public", _("Buskort (offentlig transport)")
        MILEAGE = "mileage", _("Kørselsgodtgørelse for egen bil")
        TAXI = "taxi", _("Individuel kørsel med taxa")
        NONE = "none", _("Ingen kørsel – borgeren sørger selv for transport")

    class Basis(models.TextChoices):
        STATUTORY = "statutory", _("Ret til befordring (målgruppe 1, BEK 483/2011)")
        DISCRETIONARY = "discretionary", _("Efter kommunens skøn (kun målgruppe 2)")

    class MobilityAid(models.TextChoices):
        WHEELCHAIR = "wheelchair", _("Kørestol")
        POWER_WHEELCHAIR = "power_wheelchair", _("El-kørestol")
        ROLLATOR = "rollator", _("Rollator")
        WALKING_AID = "walking_aid", _("Stok eller krykker")
        GUIDE_DOG = "guide_dog", _("Førerhund")
        HELP_IN_OUT = "help_in_out", _("Hjælp til at komme ind og ud af bilen")

    grant = models.OneToOneField(Grant, on_delete=models.CASCADE, related_name="transport")
    mode = models.CharField(_("kørsel"), max_length=20, choices=Mode.choices)
    basis = models.CharField(_("grundlag"), max_length=20, choices=Basis.choices)
    from_address = models.CharField(_("afhentningsadresse"), max_length=300)
    to_address = models.CharField(_("til"), max_length=300)
    weekdays = models.JSONField(_("ugedage"), default=list, help_text=_("1 = mandag … 5 = fredag"))
    arrive_by = models.TimeField(_("fremme i tilbuddet kl."), null=True, blank=True)
    home_at = models.TimeField(_("hjemkørsel fra tilbuddet kl."), null=True, blank=True)
    mobility_aids = models.JSONField(_("hjælpemidler"), default=list, blank=True)
    mobility_other = models.CharField(_("andet hjælpemiddel"), max_length=100, blank=True)
    contact_phone = models.CharField(_("kontakttelefon"), max_length=30, blank=True)
    #: Optimistic locking: a save names the version it was made from; a stale save is refused.
    version = models.PositiveIntegerField(default=1)

    def __str__(self) -> str:
        return self.get_mode_display()

    @property
    def picked_up(self) -> bool:
        """The transport office drives the citizen (municipal transport or taxi)."""
        return self.mode in (self.Mode.MUNICIPAL, self.Mode.TAXI)


class Order(AppendOnlyModel):
    """The order (bestilling) to the provider; the provider accepts it with a start date."""

    grant = models.ForeignKey(Grant, on_delete=models.PROTECT, related_name="orders")
    offer = models.ForeignKey("offers.Offer", on_delete=models.PROTECT, related_name="orders")
    ordered_at = models.DateTimeField()
    ordered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["ordered_at", "id"]

    def __str__(self) -> str:
        return f"Bestilling {self.ordered_at:%Y-%m-%d}"


class OrderAcceptance(AppendOnlyModel):
    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="acceptances")
    start_date = models.DateField(_("start"))
    accepted_at = models.DateTimeField()
    accepted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    def __str__(self) -> str:
        return f"Accepteret {self.start_date}"


class TransportOrder(AppendOnlyModel):
    """The order to the transport office (kørselskontoret). Each change is a new row (the latest row
    for a grant is the order in force); the office acknowledges each row it has read."""

    class Cause(models.TextChoices):
        NEW = "new", _("Ny bestilling")
        START_CHANGED = "start_changed", _("Leverandøren har accepteret med en anden startdato")
        CHANGED = "changed", _("Sagsbehandleren har ændret kørslen")
        SCOPE_CHANGED = "scope_changed", _("Omfanget er ændret ved en ny afgørelse")
        CANCELLED = "cancelled", _("Afbestilt: hjælpen er stoppet")

    grant = models.ForeignKey(Grant, on_delete=models.PROTECT, related_name="transport_orders")
    mode = models.CharField(max_length=20, choices=Transport.Mode.choices)
    from_address = models.CharField(max_length=300)
    to_address = models.CharField(max_length=300)
    weekdays = models.JSONField(default=list)
    arrive_by = models.TimeField(null=True, blank=True)
    home_at = models.TimeField(null=True, blank=True)
    mobility_aids = models.JSONField(default=list, blank=True)
    mobility_other = models.CharField(max_length=100, blank=True)
    contact_phone = models.CharField(max_length=30, blank=True)
    start_date = models.DateField()
    cause = models.CharField(max_length=20, choices=Cause.choices, default=Cause.NEW)
    ordered_at = models.DateTimeField()
    ordered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    cancelled = models.BooleanField(default=False)

    class Meta:
        ordering = ["start_date", "id"]
        indexes = [models.Index(fields=["grant", "ordered_at", "id"], name="transport_order_grant")]

    def __str__(self) -> str:
        return f"{self.get_mode_display()} fra {self.start_date}"


class TransportOrderAcknowledgement(AppendOnlyModel):
    """The transport office has read this version of the order (kvitteret). One per order row."""

    order = models.OneToOneField(TransportOrder, on_delete=models.PROTECT, related_name="acknowledgement")
    at = models.DateTimeField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    def __str__(self) -> str:
        return f"Kvitteret {self.at:%Y-%m-%d}"


class ChosenItem(AppendOnlyModel):
    """An optional, priced item the citizen chose voluntarily (meals, materials, ...)."""

    grant = models.ForeignKey(Grant, on_delete=models.PROTECT, related_name="chosen_items")
    item = models.ForeignKey("offers.OptionalItem", on_delete=models.PROTECT, related_name="+")
    price = models.DecimalField(max_digits=9, decimal_places=2)
    chosen_on = models.DateField()

    def __str__(self) -> str:
        return str(self.item)


class FollowUp(AppendOnlyModel):
    """SEL § 148, stk. 2: is the purpose of the grant still met, and is other help needed?"""

    class Outcome(models.TextChoices):
        CONTINUE = "continue", _("Fortsæt indsatsen")
        CHANGE = "change", _("Ændr indsatsen (ny afgørelse)")
        STOP = "stop", _("Afslut indsatsen (ny afgørelse)")
        NEW_VISITATION = "new_visitation", _("Afslut og visitér til anden indsats (ny afgørelse)")

    grant = models.ForeignKey(Grant, on_delete=models.PROTECT, related_name="follow_ups")
    done_on = models.DateField(_("dato for opfølgning"))
    purpose_met = models.BooleanField(_("formålet er fortsat opfyldt"))
    outcome = models.CharField(_("resultat"), max_length=20, choices=Outcome.choices)
    effort_status = models.CharField(_("status på indsats (FFB)"), max_length=36)
    notes = models.TextField(_("vurdering"))
    next_follow_up_on = models.DateField(null=True, blank=True)
    at = models.DateTimeField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["done_on", "id"]

    def __str__(self) -> str:
        return f"Opfølgning {self.done_on}"


class GoalProgress(AppendOnlyModel):
    """Progress on a goal: recorded at a follow-up by the caseworker, or by the provider's staff."""

    goal = models.ForeignKey(Goal, on_delete=models.PROTECT, related_name="progress")
    follow_up = models.ForeignKey(
        FollowUp, on_delete=models.PROTECT, null=True, blank=True, related_name="progress"
    )
    text = models.TextField(_("fremskridt"))
    at = models.DateTimeField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    #: The writer's organisation when the note was written (the provider, or the unit and municipality).
    by_organisation = models.CharField(max_length=300, blank=True)
    by_provider = models.BooleanField(default=False)
    #: A caseworker's note is internal unless marked "til leverandøren"; the provider's own are shared.
    for_provider = models.BooleanField(_("til leverandøren"), default=False)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return self.text[:60]


class Attendance(AppendOnlyModel):
    """Recorded by the provider: was the citizen there that day. The latest row for a day counts."""

    class Status(models.TextChoices):
        PRESENT = "present", _("Mødt")
        CANCELLED = "cancelled", _("Afbud")
        NO_SHOW = "no_show", _("Udeblevet")
        CLOSED = "closed", _("Lukket")

    class Reason(models.TextChoices):
        SICK = "sick", _("Sygdom")
        HOLIDAY = "holiday", _("Ferie eller fridag")
        APPOINTMENT = "appointment", _("Anden aftale (fx læge eller kommune)")
        FAMILY = "family", _("Familiemæssige forhold")
        TRANSPORT = "transport", _("Kørslen kom ikke")
        OTHER = "other", _("Anden grund")
        UNKNOWN = "unknown", _("Ukendt")

    #: Statuses that need an absence reason.
    ABSENT = (Status.CANCELLED, Status.NO_SHOW)

    grant = models.ForeignKey(Grant, on_delete=models.PROTECT, related_name="attendance")
    on = models.DateField()
    status = models.CharField(_("fremmøde"), max_length=20, choices=Status.choices)
    reason = models.CharField(_("årsag til fravær"), max_length=20, choices=Reason.choices, blank=True)
    at = models.DateTimeField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["on", "at", "id"]
        indexes = [models.Index(fields=["grant", "on"], name="attendance_grant_on")]

    def __str__(self) -> str:
        return f"{self.on}: {self.get_status_display()}"

    @property
    def present(self) -> bool:
        return self.status == self.Status.PRESENT


class AttendanceWeek(models.Model):
    """The lock row of one provider's attendance grid for one week (optimistic locking): a save names
    the version it was made from, and a save from an older version is refused."""

    provider = models.ForeignKey("offers.Provider", on_delete=models.PROTECT, related_name="+")
    week_start = models.DateField()  # a Monday
    version = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["provider", "week_start"], name="attendance_week_unique")
        ]

    def __str__(self) -> str:
        return f"Fremmøde uge {self.week_start:%G-%V}"


class ProviderMembership(models.Model):
    """A provider's staff member. Provider staff see only the citizens ordered to their own offers:
    name, goals, scope, start and transport -- never the assessment or health details."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="provider_membership"
    )
    provider = models.ForeignKey("offers.Provider", on_delete=models.PROTECT, related_name="staff")

    class Meta:
        verbose_name = _("leverandørmedarbejder")
        verbose_name_plural = _("leverandørmedarbejdere")

    def __str__(self) -> str:
        return f"{self.user} – {self.provider}"
