"""The case lifecycle: the one place that says which status may follow which.

received → under assessment → hearing → decided (granted, partly granted, refused) → active → closed,
and withdrawn from any status before a decision. A refused case goes from decided to closed.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class Status(models.TextChoices):
    RECEIVED = "received", gettext_lazy("Modtaget")
    ASSESSMENT = "assessment", gettext_lazy("Under udredning")
    HEARING = "hearing", gettext_lazy("Partshøring")
    DECIDED = "decided", gettext_lazy("Afgjort")
    ACTIVE = "active", gettext_lazy("Aktiv bevilling")
    CLOSED = "closed", gettext_lazy("Lukket")
    WITHDRAWN = "withdrawn", gettext_lazy("Tilbagetrukket")


class Outcome(models.TextChoices):
    GRANTED = "granted", gettext_lazy("Bevilget")
    PARTLY_GRANTED = "partly_granted", gettext_lazy("Delvist bevilget")
    REFUSED = "refused", gettext_lazy("Afslag")


# Statuses in which the application waits for a decision: the decision deadline runs.
AWAITING_DECISION = frozenset({Status.RECEIVED, Status.ASSESSMENT, Status.HEARING})

TRANSITIONS: dict[str, frozenset[str]] = {
    Status.RECEIVED: frozenset({Status.ASSESSMENT, Status.WITHDRAWN}),
    Status.ASSESSMENT: frozenset({Status.HEARING, Status.DECIDED, Status.WITHDRAWN}),
    Status.HEARING: frozenset({Status.ASSESSMENT, Status.DECIDED, Status.WITHDRAWN}),
    Status.DECIDED: frozenset({Status.ACTIVE, Status.CLOSED}),
    Status.ACTIVE: frozenset({Status.CLOSED}),
    Status.CLOSED: frozenset(),
    Status.WITHDRAWN: frozenset(),
}


#: A decided case is reopened (never by hand, only through `cases.services.case_reopen`) when the
#: municipality gives the citizen full or partial agreement in a genvurdering (RSL § 67) or
#: Ankestyrelsen sends the case back (hjemvisning). It goes back to assessment with a new deadline.
REOPENABLE = frozenset({Status.DECIDED, Status.ACTIVE, Status.CLOSED})


class TransitionError(Exception):
    """A status change the lifecycle does not allow. The message is Danish and shown to the user."""


def check_transition(*, current: str, target: str, outcome: str | None, current_outcome: str | None) -> None:
    """Raise TransitionError unless `current` → `target` is allowed (with `outcome` where needed)."""
    if target not in Status.values:
        raise TransitionError(_("Ukendt status."))
    if target not in TRANSITIONS[current]:
        raise TransitionError(
            _("En sag med status »%(current)s« kan ikke skifte til »%(target)s«.")
            % {"current": Status(current).label, "target": Status(target).label}
        )
    if target == Status.DECIDED:
        if outcome not in Outcome.values:
            raise TransitionError(_("Vælg afgørelsens resultat: bevilget, delvist bevilget eller afslag."))
    elif outcome:
        raise TransitionError(_("Et resultat kan kun angives, når sagen afgøres."))
    if target == Status.ACTIVE and current_outcome == Outcome.REFUSED:
        raise TransitionError(_("En sag med afslag kan ikke blive en aktiv bevilling."))


def allowed_targets(current: str, current_outcome: str | None) -> list[Status]:
    targets = [Status(s) for s in Status.values if s in TRANSITIONS[current]]
    if current_outcome == Outcome.REFUSED:
        targets = [t for t in targets if t != Status.ACTIVE]
    return targets
