"""Retention: closed cases past their retention are deleted, and access-log rows past theirs.

The rules (docs/operations.md, "Retention"):

* A case's retention is counted from its closure (`Case.closed_on`; DOMAIN.md: "a case's age counts
  from when it was closed") and set per service in its quality standard, `deadlines.retention`
  (default 5 years, a project default, not law). The standard is the one the case was decided under,
  else the one it was received under.
* Never touched: a case that is not closed (no `closed_on`: open, or reopened), a case with a
  complaint that is not finished (complaints.state.FINAL), and a case with a request for access to
  the file (aktindsigt) not yet answered.
* Deleting a case deletes everything that belongs to it: every row that points to it, directly or
  through another deleted row (documents, letters, decisions, grants, complaints, …), the files of
  those rows (uploaded documents, letter PDFs, case-file bundles), the case's own rows of the event
  log, and the citizen when they have no other case left.
* Access-log rows are deleted by their own retention (VISITATOR_ACCESS_LOG_RETENTION_DAYS), except the
  rows of a case kept for a running complaint or access request (they may be needed to answer it).
* What the job did is written to the event log (one event per deleted case and one for the access
  log), without personal data: the case number, the service, the dates and the row counts.

Append-only tables: the models refuse delete (core.append_only), so rows are removed with a raw
DELETE; on PostgreSQL the trigger lets a DELETE through only for the owner role with the
transaction-local setting core.append_only.RETENTION_SETTING on. The job therefore deletes through
the owner connection (settings.VISITATOR_OWNER_DATABASE; MIGRATE_DATABASE_URL), and the application
role can never do the same.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.files.storage import default_storage
from django.db import connections, models, transaction
from django.utils import timezone

from visitator.audit.models import AccessLog, Event
from visitator.cases.lifecycle import Status
from visitator.cases.models import Case
from visitator.complaints import state as complaint_state
from visitator.complaints.models import Complaint
from visitator.core import clock
from visitator.core.append_only import RETENTION_SETTING
from visitator.decisions.models import Decision
from visitator.fileaccess.models import AccessRequest
from visitator.people.models import Citizen

#: Why a case past its retention is kept anyway.
KEPT_COMPLAINT = "running complaint"
KEPT_ACCESS_REQUEST = "unanswered access request"


@dataclass
class CasePlan:
    case_id: Any
    number: str
    municipality_id: Any
    service_code: str
    closed_on: dt.date
    retained_until: dt.date
    kept_because: str = ""
    rows: dict[str, int] = field(default_factory=dict)
    files: int = 0

    def describe(self) -> str:
        head = (
            f"case {self.number} ({self.service_code}), closed {self.closed_on.isoformat()}, "
            f"retained until {self.retained_until.isoformat()}"
        )
        if self.kept_because:
            return f"{head}: kept ({self.kept_because})"
        total = sum(self.rows.values())
        return f"{head}: delete {total} row(s) in {len(self.rows)} table(s) and {self.files} file(s)"


@dataclass
class RetentionReport:
    today: dt.date
    dry_run: bool
    cases: list[CasePlan] = field(default_factory=list)
    access_log_before: dt.datetime | None = None
    access_log_rows: int = 0

    @property
    def deleted(self) -> list[CasePlan]:
        return [plan for plan in self.cases if not plan.kept_because]

    @property
    def kept(self) -> list[CasePlan]:
        return [plan for plan in self.cases if plan.kept_because]

    def lines(self) -> list[str]:
        verb = "would delete" if self.dry_run else "deleted"
        out = [f"Retention {'(dry run) ' if self.dry_run else ''}on {self.today.isoformat()}:"]
        out += [f"  {plan.describe()}" for plan in self.cases]
        out.append(
            f"  access log: {self.access_log_rows} row(s) written before "
            f"{self.access_log_before.isoformat() if self.access_log_before else '-'}"
        )
        out.append(
            f"Retention {verb} {len(self.deleted)} case(s) and {self.access_log_rows} "
            f"access-log row(s); {len(self.kept)} case(s) past retention kept."
        )
        return out


def _database() -> str:
    return str(getattr(settings, "VISITATOR_OWNER_DATABASE", "default"))


def _retained_until(case: Case) -> dt.date:
    version = case.decided_standard_version or case.standard_version
    assert case.closed_on is not None
    return version.spec.deadlines.retention_after_closure.deadline_from(case.closed_on)


def _running_complaint(case: Case, today: dt.date, using: str) -> bool:
    complaints = list(
        Complaint.objects.using(using)
        .filter(case_id=case.pk)
        .select_related(
            "lateness", "reconsideration", "forwarding", "appeal_outcome", "implementation", "withdrawal"
        )
    )
    if not complaints:
        return False
    decisions = list(Decision.objects.using(using).filter(case_id=case.pk).order_by("decided_at", "id"))
    return any(
        not complaint_state.complaint_state(c, decisions=decisions, today=today).final for c in complaints
    )


def _unanswered_access_request(case_id: Any, using: str) -> bool:
    return AccessRequest.objects.using(using).filter(case_id=case_id, answered_on__isnull=True).exists()


def _protected_case_ids(using: str, today: dt.date) -> set[Any]:
    """Cases whose rows are never deleted now, whatever their age: a running complaint or an
    unanswered access request (used for the access log)."""
    ids = set(
        AccessRequest.objects.using(using).filter(answered_on__isnull=True).values_list("case_id", flat=True)
    )
    for case_id in set(Complaint.objects.using(using).values_list("case_id", flat=True)) - ids:
        case = Case(pk=case_id)
        if _running_complaint(case, today, using):
            ids.add(case_id)
    return ids


# -- what belongs to a case --------------------------------------------------------------------------


def _references_to(model: type[models.Model]) -> list[tuple[type[models.Model], str]]:
    """Every (model, field name) whose foreign key (with a database constraint) points to `model`,
    many-to-many tables included. The logs' loose references (no constraint) are not followed."""
    found = []
    for candidate in apps.get_models(include_auto_created=True):
        for f in candidate._meta.concrete_fields:
            if (
                f.is_relation
                and (f.many_to_one or f.one_to_one)
                and f.related_model is model
                and getattr(f, "db_constraint", False)
            ):
                found.append((candidate, f.attname))
    return found


def _collect(start: dict[type[models.Model], set[Any]], using: str) -> dict[type[models.Model], set[Any]]:
    """The rows in `start` and every row that points to one of them, to a fixpoint."""
    collected: dict[type[models.Model], set[Any]] = defaultdict(set)
    queue: list[tuple[type[models.Model], set[Any]]] = []
    for model, pks in start.items():
        collected[model] |= pks
        queue.append((model, set(pks)))
    while queue:
        model, pks = queue.pop()
        if not pks:
            continue
        for other, column in _references_to(model):
            found = set(
                other._base_manager.using(using).filter(**{f"{column}__in": pks}).values_list("pk", flat=True)
            )
            new = found - collected[other]
            if new:
                collected[other] |= new
                queue.append((other, new))
    return collected


def _files(collected: dict[type[models.Model], set[Any]], using: str) -> list[str]:
    names: list[str] = []
    for model, pks in collected.items():
        file_fields = [f.attname for f in model._meta.concrete_fields if isinstance(f, models.FileField)]
        if not file_fields:
            continue
        for values in model._base_manager.using(using).filter(pk__in=pks).values_list(*file_fields):
            names += [name for name in values if name]
    return names


def _case_rows(case: Case, using: str) -> dict[type[models.Model], set[Any]]:
    collected = _collect({Case: {case.pk}}, using)
    # The citizen goes with their last case: every case they have is in this deletion.
    other_cases = Case.objects.using(using).filter(citizen_id=case.citizen_id).exclude(pk=case.pk)
    if not other_cases.exists():
        collected = _collect({**collected, Citizen: {case.citizen_id}}, using)
    return collected


def _label(model: type[models.Model]) -> str:
    return str(model._meta.label_lower)


# -- running it -------------------------------------------------------------------------------------


def _allow_deletes(using: str) -> None:
    """On PostgreSQL: let the append-only triggers pass this transaction's DELETEs (owner role only)."""
    connection = connections[using]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config(%s, 'on', true)", [RETENTION_SETTING])


def _delete(collected: dict[type[models.Model], set[Any]], using: str) -> None:
    for model, pks in collected.items():
        if pks:
            # A raw DELETE: the append-only models' delete() refuses on purpose.
            model._base_manager.using(using).filter(pk__in=pks)._raw_delete(using)


def _event(*, using: str, kind: str, municipality_id: Any, after: dict[str, Any]) -> None:
    Event.objects.using(using).create(
        at=clock.now(),
        user=None,
        username="system",
        municipality_id=municipality_id,
        citizen=None,
        case=None,
        kind=kind,
        after=after,
    )


def _purge_case(plan: CasePlan, case: Case, using: str, today: dt.date) -> None:
    with transaction.atomic(using=using):
        # Checked again inside the transaction: the case may have been reopened since the plan.
        current = Case.objects.using(using).select_for_update().filter(pk=case.pk).first()
        if current is None or current.closed_on is None or current.closed_on != plan.closed_on:
            plan.kept_because = "reopened"
            return
        if _running_complaint(current, today, using) or _unanswered_access_request(current.pk, using):
            plan.kept_because = "complaint or access request since the plan"
            return
        collected = _case_rows(current, using)
        files = _files(collected, using)
        citizen_ids = collected.get(Citizen, set())
        _allow_deletes(using)
        events = Event.objects.using(using).filter(case_id=current.pk)
        if citizen_ids:
            events = events | Event.objects.using(using).filter(citizen_id__in=citizen_ids)
        event_ids = set(events.values_list("pk", flat=True))
        _delete(collected, using)
        if event_ids:
            Event.objects.using(using).filter(pk__in=event_ids)._raw_delete(using)
        plan.rows = {_label(m): len(pks) for m, pks in collected.items() if pks}
        if event_ids:
            plan.rows[_label(Event)] = len(event_ids)
        plan.files = len(files)
        _event(
            using=using,
            kind="retention.case_deleted",
            municipality_id=plan.municipality_id,
            after={
                "case_id": str(plan.case_id),
                "number": plan.number,
                "service_code": plan.service_code,
                "closed_on": plan.closed_on.isoformat(),
                "retained_until": plan.retained_until.isoformat(),
                "rows": plan.rows,
                "files": plan.files,
                "citizen_deleted": bool(citizen_ids),
            },
        )
        # The files go once the rows are gone for good.
        transaction.on_commit(lambda: _delete_files(files), using=using)


def _delete_files(names: list[str]) -> None:
    for name in names:
        default_storage.delete(name)


def _plan_cases(today: dt.date, using: str) -> list[tuple[CasePlan, Case]]:
    closed = (
        Case.objects.using(using)
        .filter(status__in=[Status.CLOSED, Status.WITHDRAWN], closed_on__isnull=False, closed_on__lt=today)
        .select_related("standard_version", "decided_standard_version")
        .order_by("closed_on", "number")
    )
    plans = []
    for case in closed.iterator(chunk_size=500):
        retained_until = _retained_until(case)
        if retained_until >= today:
            continue
        assert case.closed_on is not None
        plan = CasePlan(
            case_id=case.pk,
            number=case.number,
            municipality_id=case.municipality_id,
            service_code=case.service_code,
            closed_on=case.closed_on,
            retained_until=retained_until,
        )
        if _running_complaint(case, today, using):
            plan.kept_because = KEPT_COMPLAINT
        elif _unanswered_access_request(case.pk, using):
            plan.kept_because = KEPT_ACCESS_REQUEST
        plans.append((plan, case))
    return plans


def _access_log_rows(before: dt.datetime, protected: set[Any], using: str) -> Any:
    return AccessLog.objects.using(using).filter(at__lt=before).exclude(case_id__in=protected)


def run_retention(*, today: dt.date | None = None, dry_run: bool = False) -> RetentionReport:
    """Plan (and unless `dry_run`, carry out) the retention of `today`. Idempotent: a second run
    finds nothing left to delete. Each case is deleted in its own transaction."""
    today = today or clock.today()
    using = _database()
    report = RetentionReport(today=today, dry_run=dry_run)
    for plan, case in _plan_cases(today, using):
        report.cases.append(plan)
        if plan.kept_because:
            continue
        if dry_run:
            collected = _case_rows(case, using)
            plan.rows = {_label(m): len(pks) for m, pks in collected.items() if pks}
            plan.files = len(_files(collected, using))
        else:
            _purge_case(plan, case, using, today)

    days = int(settings.VISITATOR_ACCESS_LOG_RETENTION_DAYS)
    before = timezone.make_aware(dt.datetime.combine(today - dt.timedelta(days=days), dt.time.min))
    report.access_log_before = before
    protected = _protected_case_ids(using, today)
    if dry_run:
        report.access_log_rows = _access_log_rows(before, protected, using).count()
        return report
    with transaction.atomic(using=using):
        rows = _access_log_rows(before, protected, using)
        ids = list(rows.values_list("pk", flat=True))
        if ids:
            _allow_deletes(using)
            for start in range(0, len(ids), 1000):
                AccessLog.objects.using(using).filter(pk__in=ids[start : start + 1000])._raw_delete(using)
            _event(
                using=using,
                kind="retention.access_log_deleted",
                municipality_id=None,
                after={"before": before.isoformat(), "rows": len(ids), "days": days},
            )
        report.access_log_rows = len(ids)
    return report
