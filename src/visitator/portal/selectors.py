"""What a portal user may see, and the plain-Danish status of a case.

Every read here is for one logged-in portal user (portal.models.PortalAccount) and is limited to the
citizens the user is (same CPR number) or represents (an active people.Representative with fuldmagt or
as værge and a RepresentativeLogin with the user's CPR number). Anything else answers 404: the portal
never says whether another citizen's case exists. Every read writes its access-log row, with the
portal user as the user and "Selvbetjening" in the detail (the citizen's own log shows them too).
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import User
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import formats
from django.utils.translation import gettext as _

from visitator.audit.models import AccessAction, AccessLog
from visitator.audit.services import access_log
from visitator.cases.lifecycle import Outcome, Status
from visitator.cases.models import Case
from visitator.core import clock
from visitator.grants.models import Grant
from visitator.letters.compose import LetterKind
from visitator.letters.models import Letter
from visitator.organisation.models import StaffMembership
from visitator.organisation.roles import ROLE_LABELS
from visitator.people.models import LETTER_RECEIVING_KINDS, Citizen, Representative

from .models import PortalAccount

#: The detail of the access-log rows the portal writes (what the citizen's own log shows as "who").
SELF = "Selvbetjening: borgeren selv"
AS_REPRESENTATIVE = "Selvbetjening: repræsentant (%(kind)s)"


@dataclass(frozen=True)
class Acting:
    """The citizen a portal user acts for, and as what (the citizen themselves or a representative)."""

    citizen: Citizen
    representative: Representative | None = None

    @property
    def is_self(self) -> bool:
        return self.representative is None

    @property
    def log_detail(self) -> str:
        if self.representative is None:
            return SELF
        return AS_REPRESENTATIVE % {"kind": self.representative.get_kind_display()}

    @property
    def kind_text(self) -> str:
        return "" if self.representative is None else _kind_short(self.representative)

    @property
    def role_text(self) -> str:
        if self.representative is None:
            return _("Dig selv")
        return _("Du er %(kind)s") % {"kind": _kind_short(self.representative)}


def _kind_short(representative: Representative) -> str:
    if representative.kind == Representative.Kind.GUARDIAN:
        return _("værge")
    return _("partsrepræsentant med fuldmagt")


def account_of(user: User) -> PortalAccount:
    account = getattr(user, "_portal_account", None)
    if account is None:
        account = PortalAccount.objects.get(user=user)
        user._portal_account = account  # type: ignore[attr-defined]
    return account


def _active_representations(cpr: str, today: dt.date) -> QuerySet[Representative]:
    return (
        Representative.objects.filter(
            portal_login__cpr=cpr, kind__in=LETTER_RECEIVING_KINDS, valid_from__lte=today
        )
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today))
        .select_related("citizen__municipality")
    )


def acting_list(user: User) -> list[Acting]:
    """Everyone the user may act for: themselves (in each municipality that knows them) first."""
    account = account_of(user)
    today = clock.today()
    own = [Acting(c) for c in Citizen.objects.filter(cpr=account.cpr).select_related("municipality")]
    represented = [Acting(r.citizen, r) for r in _active_representations(account.cpr, today)]
    represented.sort(key=lambda a: (a.citizen.last_name, a.citizen.first_name))
    return own + represented


def acting_for(user: User, citizen_id: uuid.UUID) -> Acting:
    """The user acting for this citizen; Http404 if the user may not."""
    for acting in acting_list(user):
        if acting.citizen.id == citizen_id:
            return acting
    raise Http404


def log(
    user: User,
    acting: Acting,
    what: str,
    *,
    action: str = AccessAction.VIEW,
    case: Case | None = None,
    detail: str = "",
) -> None:
    access_log(
        user=user,
        action=action,
        what=what,
        citizen=acting.citizen,
        case=case,
        municipality=acting.citizen.municipality,
        detail=f"{acting.log_detail}{': ' + detail if detail else ''}",
    )


def cases_of(acting: Acting) -> list[Case]:
    return list(
        Case.objects.filter(citizen=acting.citizen).select_related("unit").order_by("-received_on", "-number")
    )


def case_of(acting: Acting, case_id: uuid.UUID) -> Case:
    try:
        return Case.objects.select_related("unit", "municipality", "citizen").get(
            id=case_id, citizen=acting.citizen
        )
    except Case.DoesNotExist as exc:
        raise Http404 from exc


# -- the case in plain words ------------------------------------------------------------------------


def long_date(day: dt.date) -> str:
    """ "12. marts 2027" """
    return formats.date_format(day, "j. F Y")


@dataclass
class CaseStatus:
    """What the citizen reads at the top of the case: where it stands and what happens next."""

    headline: str
    text: str
    next_step: str = ""
    deadline: dt.date | None = None
    open_hearing: Any = None
    decision_letter: Any = None
    grants: list[Any] = field(default_factory=list)


#: The letters that carry a decision (and so a complaint deadline).
DECISION_LETTERS = (
    LetterKind.GRANT,
    LetterKind.PARTIAL_GRANT,
    LetterKind.REFUSAL,
    LetterKind.CHANGE,
    LetterKind.STOP,
)


def _open_hearing(case: Case, today: dt.date) -> Any:
    for hearing in case.hearings.prefetch_related("responses").order_by("-sent_at"):
        if hearing.response_deadline >= today and not hearing.responses.all():
            return hearing
    return None


def case_status(case: Case) -> CaseStatus:
    today = clock.today()
    deadline = case.expected_decision_on or case.decision_deadline
    if case.status in (Status.RECEIVED, Status.ASSESSMENT, Status.HEARING):
        hearing = _open_hearing(case, today)
        if hearing is not None:
            return CaseStatus(
                headline=_("Vi har bedt om dine bemærkninger"),
                text=_(
                    "Før vi afgør sagen, skal du have mulighed for at kommentere de oplysninger, vi vil "
                    "lægge vægt på (partshøring). Du kan svare til og med %(date)s."
                )
                % {"date": long_date(hearing.response_deadline)},
                next_step=_("Læs brevet om partshøring, og svar inden fristen."),
                deadline=hearing.response_deadline,
                open_hearing=hearing,
            )
        if case.expected_decision_on:
            text = _(
                "Vi kan ikke nå at afgøre sagen inden den frist, vi har sat. Du får svar senest %(date)s."
            ) % {"date": long_date(deadline)}
        else:
            text = _("Vi vurderer din ansøgning. Du får svar senest %(date)s.") % {
                "date": long_date(deadline)
            }
        return CaseStatus(
            headline=_("Vi behandler din ansøgning"),
            text=text,
            next_step=_(
                "Du skal ikke gøre noget nu. Vi kontakter dig, hvis vi har brug for flere oplysninger."
            ),
            deadline=deadline,
        )
    decision_letter = (
        Letter.objects.filter(case=case, kind__in=DECISION_LETTERS).order_by("-sent_at", "-id").first()
    )
    grants = list(
        Grant.objects.filter(case=case)
        .select_related("offer")
        .prefetch_related("goals")
        .order_by("-start_date")
    )
    complaint_text = ""
    if (
        decision_letter is not None
        and decision_letter.complaint_deadline
        and decision_letter.complaint_deadline >= today
    ):
        complaint_text = " " + _("Hvis du er uenig, kan du klage til og med %(date)s.") % {
            "date": long_date(decision_letter.complaint_deadline)
        }
    if case.status == Status.WITHDRAWN:
        return CaseStatus(
            _("Ansøgningen er trukket tilbage"), _("Sagen er lukket, fordi ansøgningen blev trukket tilbage.")
        )
    if case.status == Status.CLOSED:
        return CaseStatus(
            _("Sagen er afsluttet"), _("Sagen er lukket."), decision_letter=decision_letter, grants=grants
        )
    running = [g for g in grants if g.status != Grant.Status.STOPPED]
    if case.outcome == Outcome.REFUSED:
        return CaseStatus(
            _("Du har fået afslag"),
            _("Vi har afgjort sagen og givet afslag. Begrundelsen står i afgørelsesbrevet.") + complaint_text,
            next_step=_("Læs afgørelsen. Du kan klage, hvis du er uenig."),
            decision_letter=decision_letter,
        )
    if running:
        grant = running[0]
        if grant.status == Grant.Status.WAITING:
            text = _(
                "Du har fået bevilget et tilbud, men der er ikke en ledig plads endnu. Du står på venteliste."
            )
        else:
            text = _("Du har fået bevilget %(offer)s fra %(date)s.") % {
                "offer": grant.offer.name,
                "date": long_date(grant.start_date),
            }
        return CaseStatus(
            _("Du har fået bevilget et tilbud")
            if case.outcome == Outcome.GRANTED
            else _("Du har fået delvist bevilget"),
            text + complaint_text,
            next_step=_("Vi følger op på dit tilbud senest %(date)s.")
            % {"date": long_date(grant.next_follow_up_on)},
            decision_letter=decision_letter,
            grants=grants,
        )
    return CaseStatus(
        _("Sagen er afgjort"),
        _("Vi har afgjort sagen. Læs afgørelsen i brevet.") + complaint_text,
        decision_letter=decision_letter,
        grants=grants,
    )


# -- the citizen's own access log (GDPR art. 15) ---------------------------------------------------


@dataclass
class LogLine:
    at: dt.datetime
    who: str
    action: str
    what: str


def _staff_label(
    user_id: int | None, memberships: dict[int, StaffMembership], roles: dict[int, list[str]]
) -> str:
    """ "Sagsbehandler, Bevilling Psykiatri og Handicap": unit and role, never the employee's name."""
    if user_id is None:
        return _("Systemet (automatisk)")
    membership = memberships.get(user_id)
    role_names = [str(ROLE_LABELS[r]) for r in roles.get(user_id, []) if r in ROLE_LABELS]
    parts = [", ".join(role_names) or _("Medarbejder")]
    if membership is not None:
        parts.append(membership.unit.name)
    return ", ".join(parts)


LOG_PAGE_SIZE = 200


def access_log_for(acting: Acting, *, limit: int = LOG_PAGE_SIZE) -> list[LogLine]:
    """The access log about the citizen: when, unit and role, what was done. Without employee names
    (Datatilsynet 2024: the log is given without the names of individual employees)."""
    from django.contrib.auth.models import Group

    rows = list(AccessLog.objects.filter(citizen_id=acting.citizen.id).order_by("-at", "-id")[:limit])
    user_ids = {r.user_id for r in rows if r.user_id is not None}
    portal_users = set(PortalAccount.objects.filter(user_id__in=user_ids).values_list("user_id", flat=True))
    staff_ids = user_ids - portal_users
    memberships = {
        m.user_id: m for m in StaffMembership.objects.filter(user_id__in=staff_ids).select_related("unit")
    }
    roles: dict[int, list[str]] = {}
    for user_id, name in Group.user_set.through.objects.filter(user_id__in=staff_ids).values_list(
        "user_id", "group__name"
    ):
        roles.setdefault(user_id, []).append(name)
    lines = []
    for row in rows:
        if row.user_id in portal_users:
            who = (
                _("Dig selv (selvbetjening)")
                if row.detail.startswith(SELF)
                else _("Din repræsentant (selvbetjening)")
            )
        else:
            who = _staff_label(row.user_id, memberships, roles)
        lines.append(LogLine(at=row.at, who=who, action=row.get_action_display(), what=row.what))
    return lines


# -- complaints, as the citizen reads them ---------------------------------------------------------


@dataclass
class ComplaintLine:
    received_on: dt.date
    text: str


def _complaint_texts() -> dict[str, str]:
    from visitator.complaints import state

    return {
        state.LATE_PENDING: _(
            "Klagen kom efter klagefristen. Vi vurderer, om vi kan behandle den alligevel."
        ),
        state.AWAITING_RECONSIDERATION: _("Vi ser på afgørelsen igen (genvurdering)."),
        state.AWAITING_NEW_DECISION: _("Du har fået medhold. Du får en ny afgørelse."),
        state.TO_FORWARD: _("Vi fastholder afgørelsen og sender klagen til Ankestyrelsen."),
        state.AWAITING_APPEAL: _("Klagen er sendt til Ankestyrelsen, som behandler den."),
    }


def complaints_of(case: Case) -> list[ComplaintLine]:
    from visitator.complaints import state
    from visitator.complaints.models import Complaint

    decisions = list(case.decisions.all())
    texts = _complaint_texts()
    lines = []
    for complaint in Complaint.objects.filter(case=case).order_by("received_on", "registered_at"):
        current = state.complaint_state(complaint, decisions=decisions, today=clock.today())
        text = texts.get(current.code, current.label)
        if current.deadline is not None and current.code == state.AWAITING_RECONSIDERATION:
            text += " " + _("Du får svar senest %(date)s.") % {
                "date": long_date(complaint.reconsideration_deadline)
            }
        lines.append(ComplaintLine(received_on=complaint.received_on, text=text))
    return lines


def latest_decision(case: Case) -> Any:
    return case.decisions.select_related("letter").order_by("-decided_at").first()
