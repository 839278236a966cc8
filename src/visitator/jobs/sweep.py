"""The daily sweep and the print queue check: what nobody clicks, turned into reminders (påmindelser).

Every function here is idempotent: it reads the state of the cases as of `clock.today()` and inserts
the reminders that state calls for; the unique constraint on (recipient, kind, case, due date) makes a
second run (a retry, another worker, a manual run) insert nothing. Nothing here changes a case.

This app sits on top of the layering: it reads the other apps' models and selectors' rules; nothing
imports it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from visitator.cases.lifecycle import AWAITING_DECISION
from visitator.cases.models import Case
from visitator.complaints import state as complaint_state
from visitator.complaints.models import Complaint
from visitator.complaints.selectors import FINISHED_AT_ANKESTYRELSEN
from visitator.core import clock, workdays
from visitator.decisions.models import Decision
from visitator.fileaccess.models import AccessRequest
from visitator.fileaccess.review import notice_state
from visitator.grants.models import Grant
from visitator.letters.models import PrintJob
from visitator.organisation.models import StaffMembership
from visitator.organisation.roles import CASEWORKER, TEAM_LEADER

from .models import Notification, NotificationKind

#: Follow-ups are announced this many days before they fall due (and every day after, once per date).
FOLLOW_UP_NOTICE_DAYS = 14
#: A complaint's genvurdering deadline is announced this many days ahead (complaints.state.WARNING_DAYS).
RECONSIDERATION_NOTICE_DAYS = complaint_state.WARNING_DAYS
#: A letter queued for print is overdue when it is still unprinted this many working days after queuing.
PRINT_QUEUE_WORKING_DAYS = 2


def _d(day: dt.date) -> str:
    return f"{day:%d.%m.%Y}"


@dataclass
class SweepResult:
    created: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def as_dict(self) -> dict[str, int]:
        return dict(self.created)


class _Recipients:
    """Staff per unit and role, looked up once per sweep."""

    def __init__(self) -> None:
        self._cache: dict[tuple[Any, str], list[int]] = {}

    def in_unit(self, unit_id: Any, role: str) -> list[int]:
        key = (unit_id, role)
        if key not in self._cache:
            self._cache[key] = list(
                StaffMembership.objects.filter(unit_id=unit_id, user__is_active=True, user__groups__name=role)
                .order_by("user_id")
                .values_list("user_id", flat=True)
                .distinct()
            )
        return self._cache[key]

    def responsible(self, case: Case, unit_id: Any = None) -> list[int]:
        """The case's caseworker; the unit's team leaders while nobody is assigned."""
        if case.caseworker_id is not None:
            return [case.caseworker_id]
        return self.in_unit(unit_id or case.unit_id, TEAM_LEADER)


def _insert(rows: Iterable[Notification], result: SweepResult) -> None:
    rows = list(rows)
    if not rows:
        return
    # Counted on the case's rows (an indexed foreign key), not the whole table.
    existing = Notification.objects.filter(case_id=rows[0].case_id, kind=rows[0].kind)
    before = existing.count()
    # ignore_conflicts: the unique constraint is what makes a rerun a no-op, also under a race.
    Notification.objects.bulk_create(rows, ignore_conflicts=True, batch_size=500)
    created = existing.count() - before
    if created:
        result.created[str(rows[0].kind)] += created


def _rows(
    *, recipients: list[int], kind: str, case: Case, due_on: dt.date, text: str, now: dt.datetime
) -> list[Notification]:
    return [
        Notification(
            recipient_id=user_id,
            municipality_id=case.municipality_id,
            kind=kind,
            case=case,
            due_on=due_on,
            text=text[:300],
            created_at=now,
        )
        for user_id in recipients
    ]


def deadline_warnings(today: dt.date, recipients: _Recipients, result: SweepResult) -> None:
    """RSL § 3, stk. 2: open cases awaiting a decision whose stored warning date has come."""
    now = clock.now()
    cases = Case.objects.filter(
        status__in=sorted(AWAITING_DECISION), deadline_warning_on__lte=today
    ).order_by("decision_deadline", "id")
    for case in cases.iterator(chunk_size=500):
        text = _("Sag %(number)s: fristen for afgørelse er %(deadline)s (varsling fra %(warning)s).") % {
            "number": case.number,
            "deadline": _d(case.decision_deadline),
            "warning": _d(case.deadline_warning_on),
        }
        _insert(
            _rows(
                recipients=recipients.responsible(case),
                kind=NotificationKind.DEADLINE_WARNING,
                case=case,
                due_on=case.decision_deadline,
                text=text,
                now=now,
            ),
            result,
        )


def follow_ups_due(today: dt.date, recipients: _Recipients, result: SweepResult) -> None:
    """SEL § 148, stk. 2: running grants whose next follow-up falls within 14 days or has passed."""
    now = clock.now()
    grants = (
        Grant.objects.exclude(status=Grant.Status.STOPPED)
        .filter(next_follow_up_on__lte=today + dt.timedelta(days=FOLLOW_UP_NOTICE_DAYS))
        .select_related("case")
        .order_by("next_follow_up_on", "id")
    )
    for grant in grants.iterator(chunk_size=500):
        case = grant.case
        if grant.next_follow_up_on < today:
            text = _("Sag %(number)s: opfølgningen skulle have været holdt senest %(date)s.")
        else:
            text = _("Sag %(number)s: opfølgning senest %(date)s.")
        text %= {"number": case.number, "date": _d(grant.next_follow_up_on)}
        _insert(
            _rows(
                recipients=recipients.responsible(case, grant.unit_id),
                kind=NotificationKind.FOLLOW_UP_DUE,
                case=case,
                due_on=grant.next_follow_up_on,
                text=text,
                now=now,
            ),
            result,
        )


def reconsiderations_due(today: dt.date, recipients: _Recipients, result: SweepResult) -> None:
    """RSL § 66: complaints awaiting genvurdering whose deadline is within 7 days (or has passed)."""
    now = clock.now()
    complaints = list(
        Complaint.objects.filter(
            reconsideration_deadline__lte=today + dt.timedelta(days=RECONSIDERATION_NOTICE_DAYS)
        )
        .exclude(withdrawal__isnull=False)
        .exclude(implementation__isnull=False)
        .exclude(appeal_outcome__outcome__in=sorted(FINISHED_AT_ANKESTYRELSEN))
        .select_related(
            "case",
            "lateness",
            "reconsideration",
            "forwarding",
            "appeal_outcome",
            "implementation",
            "withdrawal",
        )
        .order_by("reconsideration_deadline", "id")
    )
    decisions: dict[Any, list[Decision]] = defaultdict(list)
    for decision in Decision.objects.filter(case_id__in={c.case_id for c in complaints}).order_by(
        "decided_at", "id"
    ):
        decisions[decision.case_id].append(decision)
    for complaint in complaints:
        current = complaint_state.complaint_state(
            complaint, decisions=decisions[complaint.case_id], today=today
        )
        if not current.under_reconsideration:
            continue
        text = _("Sag %(number)s: klagen skal genvurderes senest %(date)s (%(state)s).") % {
            "number": complaint.case.number,
            "date": _d(complaint.reconsideration_deadline),
            "state": current.label,
        }
        _insert(
            _rows(
                recipients=recipients.responsible(complaint.case, complaint.unit_id),
                kind=NotificationKind.RECONSIDERATION_DUE,
                case=complaint.case,
                due_on=complaint.reconsideration_deadline,
                text=text,
                now=now,
            ),
            result,
        )


def file_access_overdue(today: dt.date, recipients: _Recipients, result: SweepResult) -> None:
    """FVL § 16, stk. 2: unanswered requests for access past their notice day with no valid notice."""
    now = clock.now()
    requests = (
        AccessRequest.objects.filter(answered_on__isnull=True, notice_due_on__lt=today)
        .select_related("case")
        .order_by("notice_due_on", "id")
    )
    for request in requests.iterator(chunk_size=500):
        if not notice_state(request, today).notice_missing:
            continue
        text = _(
            "Sag %(number)s: anmodningen om aktindsigt skulle være besvaret, eller borgeren have fået "
            "besked, senest %(date)s."
        ) % {"number": request.case.number, "date": _d(request.notice_due_on)}
        _insert(
            _rows(
                recipients=recipients.responsible(request.case, request.unit_id),
                kind=NotificationKind.FILE_ACCESS_OVERDUE,
                case=request.case,
                due_on=request.notice_due_on,
                text=text,
                now=now,
            ),
            result,
        )


def print_queue_check(today: dt.date, recipients: _Recipients, result: SweepResult) -> None:
    """Letters queued for print more than 2 working days ago and still not printed: the unit's
    caseworkers are told (a physical letter's receipt date is counted from its date)."""
    now = clock.now()
    jobs = (
        PrintJob.objects.filter(printed__isnull=True, queued_at__lt=now)
        .select_related("letter__case")
        .order_by("queued_at", "id")
    )
    for job in jobs.iterator(chunk_size=500):
        queued_on = clock.local_date(job.queued_at)
        if workdays.working_days_between(queued_on, today) <= PRINT_QUEUE_WORKING_DAYS:
            continue
        case = job.letter.case
        due_on = workdays.add_working_days(queued_on, PRINT_QUEUE_WORKING_DAYS)
        text = _("Sag %(number)s: brevet »%(subject)s« har ventet på udskrift siden %(date)s.") % {
            "number": case.number,
            "subject": job.letter.subject,
            "date": _d(queued_on),
        }
        _insert(
            _rows(
                recipients=recipients.in_unit(case.unit_id, CASEWORKER),
                kind=NotificationKind.PRINT_QUEUE_STALE,
                case=case,
                due_on=due_on,
                text=text,
                now=now,
            ),
            result,
        )


def run_daily_sweep(today: dt.date | None = None) -> dict[str, int]:
    """Every municipality, every check; one transaction per check so a failure leaves the rest done."""
    today = today or clock.today()
    recipients = _Recipients()
    result = SweepResult()
    for check in (
        deadline_warnings,
        follow_ups_due,
        reconsiderations_due,
        file_access_overdue,
        print_queue_check,
    ):
        with transaction.atomic():
            check(today, recipients, result)
    return result.as_dict()


def run_print_queue_check(today: dt.date | None = None) -> dict[str, int]:
    result = SweepResult()
    with transaction.atomic():
        print_queue_check(today or clock.today(), _Recipients(), result)
    return result.as_dict()
