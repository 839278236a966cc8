"""Writes on cases. Every write checks permission, runs in one transaction, and writes its event and
access-log rows in that same transaction. Named <entity>_<verb>, keyword-only arguments."""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from visitator.audit.models import AccessAction
from visitator.audit.services import access_log, event_record
from visitator.core import clock
from visitator.organisation.models import StaffMembership, Unit
from visitator.organisation.roles import (
    CASEWORKER,
    TEAM_LEADER,
    WRITE_CASES,
    has_role,
    require_role,
    require_role_in,
)
from visitator.people.models import Citizen
from visitator.standards.selectors import standard_in_force

from . import extensions, uploads
from .lifecycle import REOPENABLE, Outcome, Status, TransitionError, check_transition
from .models import (
    Case,
    CaseNumberSeries,
    Channel,
    DeadlineNotice,
    Document,
    DocumentOrigin,
    JournalNote,
    StatusChange,
)

DEFAULT_SERVICE = "sel-104"


def _next_case_number(municipality: Any, year: int) -> str:
    series, _created = CaseNumberSeries.objects.get_or_create(municipality=municipality, year=year)
    series = CaseNumberSeries.objects.select_for_update().get(pk=series.pk)
    series.last += 1
    series.save(update_fields=["last"])
    return f"{year}-{series.last:05d}"


@transaction.atomic
def case_receive(
    *,
    user: User,
    citizen: Citizen,
    received_at: dt.datetime,
    channel: str,
    target_group_reduced_function: bool = False,
    target_group_social_problems: bool = False,
    service_code: str = DEFAULT_SERVICE,
    caseworker: User | None = None,
    note: str = "",
) -> Case:
    """Register an application. The decision deadline starts on the day it was received (RSL § 3, stk. 2)."""
    membership = require_role(user, *WRITE_CASES)
    municipality = membership.unit.municipality
    if citizen.municipality_id != municipality.id:
        raise PermissionDenied
    if caseworker is None and has_role(user, CASEWORKER):
        caseworker = user
    return _case_register(
        user=user,
        municipality=municipality,
        citizen=citizen,
        received_at=received_at,
        channel=channel,
        target_group_reduced_function=target_group_reduced_function,
        target_group_social_problems=target_group_social_problems,
        service_code=service_code,
        caseworker=caseworker,
        note=note,
    )


@transaction.atomic
def case_receive_self_service(
    *, user: User, citizen: Citizen, received_at: dt.datetime, note: str, service_code: str = DEFAULT_SERVICE
) -> Case:
    """An application the citizen (or their representative) sent through the citizen portal: channel
    digital selvbetjening, registered by the portal user, no caseworker yet (it waits on the deciding
    unit's worklist). The portal has checked that `user` acts for `citizen` (portal.selectors)."""
    return _case_register(
        user=user,
        municipality=citizen.municipality,
        citizen=citizen,
        received_at=received_at,
        channel=Channel.DIGITAL,
        target_group_reduced_function=False,
        target_group_social_problems=False,
        service_code=service_code,
        caseworker=None,
        note=note,
    )


def _case_register(
    *,
    user: User,
    municipality: Any,
    citizen: Citizen,
    received_at: dt.datetime,
    channel: str,
    target_group_reduced_function: bool,
    target_group_social_problems: bool,
    service_code: str,
    caseworker: User | None,
    note: str,
) -> Case:
    if channel not in Channel.values:
        raise ValidationError({"channel": _("Vælg hvordan ansøgningen er modtaget.")})
    if received_at > clock.now():
        raise ValidationError({"received_at": _("Modtagelsestidspunktet kan ikke ligge i fremtiden.")})
    received_on = clock.local_date(received_at)
    standard = standard_in_force(municipality=municipality, service_code=service_code, on=received_on)
    spec = standard.spec
    try:
        unit = Unit.objects.get(municipality=municipality, code=spec.deciding_unit.code)
    except Unit.DoesNotExist as exc:
        raise ValidationError(
            _("Enheden »%(unit)s«, som kvalitetsstandarden udpeger, findes ikke i kommunen.")
            % {"unit": spec.deciding_unit.name}
        ) from exc
    deadline = spec.decision_deadline(received_on)
    case = Case.objects.create(
        number=_next_case_number(municipality, received_on.year),
        municipality=municipality,
        unit=unit,
        caseworker=caseworker,
        citizen=citizen,
        service_code=service_code,
        standard_version=standard,
        standard_hash=standard.content_hash,
        kle=spec.service.kle,
        facet=spec.service.facet,
        received_at=received_at,
        received_on=received_on,
        channel=channel,
        registered_by=user,
        target_group_reduced_function=target_group_reduced_function,
        target_group_social_problems=target_group_social_problems,
        status=Status.RECEIVED,
        decision_deadline=deadline,
        deadline_warning_on=spec.decision_warning_date(received_on),
    )
    StatusChange.objects.create(case=case, at=clock.now(), by=user, from_status="", to_status=Status.RECEIVED)
    if note.strip():
        JournalNote.objects.create(
            case=case, at=clock.now(), by=user, kind=JournalNote.Kind.NOTE, text=note.strip()
        )
    access_log(user=user, action=AccessAction.CREATE, what="sag", case=case)
    event_record(
        user=user,
        kind="case.received",
        case=case,
        after={
            "number": case.number,
            "received_on": received_on.isoformat(),
            "channel": channel,
            "standard_version": str(standard.pk),
            "standard_hash": standard.content_hash,
            "decision_deadline": deadline.isoformat(),
            "target_group_reduced_function": target_group_reduced_function,
            "target_group_social_problems": target_group_social_problems,
        },
    )
    return case


def _has_running_grant(case: Case) -> bool:
    from visitator.grants.models import Grant

    return Grant.objects.filter(case=case).exclude(status=Grant.Status.STOPPED).exists()


def _locked(case: Case) -> Case:
    return Case.objects.select_for_update().select_related("citizen", "municipality").get(pk=case.pk)


@transaction.atomic
def case_transition(*, user: User, case: Case, to_status: str, outcome: str = "", reason: str = "") -> Case:
    """Move a case to a new status. Every transition is checked in lifecycle.check_transition."""
    require_role_in(user, case.municipality_id, *WRITE_CASES)
    case = _locked(case)
    check_transition(
        current=case.status, target=to_status, outcome=outcome or None, current_outcome=case.outcome or None
    )
    if to_status == Status.CLOSED and _has_running_grant(case):
        raise ValidationError(
            _(
                "Sagen har en løbende bevilling. En bevilling ophører kun ved en ny afgørelse "
                "(siden Bevilling og opfølgning)."
            )
        )
    if to_status == Status.WITHDRAWN and not reason.strip():
        raise ValidationError({"reason": _("Skriv hvorfor ansøgningen er trukket tilbage.")})
    before = {"status": case.status, "outcome": case.outcome}
    today = clock.today()
    case.status = to_status
    if to_status == Status.DECIDED:
        case.outcome = outcome
        case.decided_on = today
        case.decided_standard_version = standard_in_force(
            municipality=case.municipality, service_code=case.service_code, on=today
        )
        case.decided_standard_hash = case.decided_standard_version.content_hash
    if to_status in (Status.CLOSED, Status.WITHDRAWN):
        case.closed_on = today
    case.save()
    StatusChange.objects.create(
        case=case,
        at=clock.now(),
        by=user,
        from_status=before["status"],
        to_status=to_status,
        outcome=outcome,
        reason=reason,
    )
    access_log(user=user, action=AccessAction.CHANGE, what="sag: status", case=case)
    event_record(
        user=user,
        kind="case.status_changed",
        case=case,
        before=before,
        after={"status": to_status, "outcome": case.outcome},
    )
    return case


@transaction.atomic
def case_reopen(
    *,
    user: User,
    case: Case,
    reason: str,
    received_on: dt.date,
    deadline: dt.date | None = None,
    kind: str = "reopened",
) -> Case:
    """Take a decided case up again for a new decision, with a new decision deadline.

    Used when a genvurdering gives the citizen full or partial agreement (RSL § 67: the new decision is
    due within the genvurdering deadline, passed as `deadline`), and when Ankestyrelsen sends a case
    back (hjemvisning: a new deadline counted from the receipt of Ankestyrelsen's decision, under the
    standard in force on that day, RSL § 3, stk. 2). A running grant stays in force until the new
    decision replaces it. `received_on` is when the cause to reopen reached the municipality.
    """
    require_role_in(user, case.municipality_id, *WRITE_CASES)
    case = _locked(case)
    if case.status not in REOPENABLE:
        raise TransitionError(
            _("En sag med status »%(current)s« kan ikke genoptages.") % {"current": Status(case.status).label}
        )
    if not reason.strip():
        raise ValidationError({"reason": _("Skriv hvorfor sagen genoptages.")})
    if received_on > clock.today():
        raise ValidationError({"received_on": _("Datoen kan ikke ligge i fremtiden.")})
    standard = standard_in_force(
        municipality=case.municipality, service_code=case.service_code, on=received_on
    )
    spec = standard.spec
    new_deadline = deadline or spec.decision_deadline(received_on)
    before = {
        "status": case.status,
        "outcome": case.outcome,
        "decision_deadline": case.decision_deadline.isoformat(),
    }
    case.status = Status.ASSESSMENT
    case.outcome = ""
    case.closed_on = None
    case.expected_decision_on = None
    case.decision_deadline = new_deadline
    case.deadline_warning_on = min(spec.decision_warning_date(received_on), new_deadline)
    case.save()
    StatusChange.objects.create(
        case=case,
        at=clock.now(),
        by=user,
        from_status=before["status"],
        to_status=Status.ASSESSMENT,
        reason=reason.strip(),
    )
    access_log(user=user, action=AccessAction.CHANGE, what="sag: genoptaget", case=case)
    event_record(
        user=user,
        kind=f"case.{kind}",
        case=case,
        before=before,
        after={
            "status": case.status,
            "decision_deadline": new_deadline.isoformat(),
            "received_on": received_on.isoformat(),
        },
    )
    return case


@transaction.atomic
def case_update_target_group(
    *, user: User, case: Case, reduced_function: bool, social_problems: bool
) -> Case:
    """Record the target-group basis (the two bases have different consequences, e.g. for transport)."""
    require_role_in(user, case.municipality_id, *WRITE_CASES)
    case = _locked(case)
    before = {
        "target_group_reduced_function": case.target_group_reduced_function,
        "target_group_social_problems": case.target_group_social_problems,
    }
    after = {
        "target_group_reduced_function": reduced_function,
        "target_group_social_problems": social_problems,
    }
    if before == after:
        return case
    case.target_group_reduced_function = reduced_function
    case.target_group_social_problems = social_problems
    case.save(update_fields=["target_group_reduced_function", "target_group_social_problems"])
    access_log(user=user, action=AccessAction.CHANGE, what="sag: målgruppe", case=case)
    event_record(user=user, kind="case.target_group_changed", case=case, before=before, after=after)
    return case


@dataclass
class Reassigned:
    """What `case_reassign` did: the cases moved, those that already had the new caseworker (e.g. the
    same form sent twice) and those another user had moved meanwhile (left as they were)."""

    moved: list[Case] = field(default_factory=list)
    already: list[Case] = field(default_factory=list)
    changed_meanwhile: list[Case] = field(default_factory=list)


def unit_caseworkers(unit_id: Any) -> QuerySet[User]:
    """The active caseworkers of a unit: the only ones a case of the unit may be given to."""
    return (
        User.objects.filter(is_active=True, membership__unit_id=unit_id, groups__name=CASEWORKER)
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


@transaction.atomic
def case_reassign(
    *,
    user: User,
    cases: Mapping[uuid.UUID, int | None],
    caseworker: User,
    reason: str,
) -> Reassigned:
    """A team leader moves cases of the unit to another caseworker of the unit, with a reason.

    `cases` maps each case id to the caseworker id the team leader saw on the worklist (None: not
    assigned). A case another user has moved since is left alone and reported; a case that already
    has the new caseworker is not moved twice. Case.DoesNotExist for a case outside the leader's
    unit (the view answers 404); ValidationError for a caseworker outside the unit or no reason.
    """
    membership = require_role(user, TEAM_LEADER)
    errors: dict[str, str] = {}
    if not unit_caseworkers(membership.unit_id).filter(pk=caseworker.pk).exists():
        errors["caseworker"] = _("Vælg en sagsbehandler i enheden %(unit)s.") % {"unit": membership.unit.name}
    if not reason.strip():
        errors["reason"] = _("Skriv hvorfor sagerne flyttes.")
    if not cases:
        errors["cases"] = _("Vælg de sager, der skal flyttes.")
    if errors:
        raise ValidationError(errors)
    locked = list(
        # Lock the cases only: the caseworker is an outer join, which PostgreSQL cannot lock.
        Case.objects.select_for_update(of=("self",))
        .select_related("citizen", "municipality", "caseworker")
        .filter(id__in=list(cases), unit_id=membership.unit_id)
        .order_by("id")
    )
    if len(locked) != len(cases):
        raise Case.DoesNotExist
    result = Reassigned()
    for case in locked:
        if case.caseworker_id == caseworker.pk:
            result.already.append(case)
            continue
        if case.caseworker_id != cases[case.id]:
            result.changed_meanwhile.append(case)
            continue
        before = {"caseworker": case.caseworker.get_username() if case.caseworker else None}
        case.caseworker = caseworker
        case.save(update_fields=["caseworker"])
        access_log(user=user, action=AccessAction.CHANGE, what="sag: sagsbehandler", case=case)
        event_record(
            user=user,
            kind="case.reassigned",
            case=case,
            before=before,
            after={"caseworker": caseworker.get_username(), "reason": reason.strip()},
        )
        result.moved.append(case)
    return result


@transaction.atomic
def case_assign(*, user: User, case: Case, caseworker: User) -> Case:
    """Give one case to a caseworker of the same municipality (a team leader's move of many cases
    with a reason is `case_reassign`)."""
    require_role_in(user, case.municipality_id, *WRITE_CASES)
    case = _locked(case)
    target = StaffMembership.objects.filter(
        user=caseworker, unit__municipality_id=case.municipality_id
    ).first()
    if target is None or not caseworker.groups.filter(name=CASEWORKER).exists():
        raise ValidationError({"caseworker": _("Sagen kan kun tildeles en sagsbehandler i samme kommune.")})
    before = {"caseworker": case.caseworker.get_username() if case.caseworker else None}
    case.caseworker = caseworker
    case.save(update_fields=["caseworker"])
    access_log(user=user, action=AccessAction.CHANGE, what="sag: sagsbehandler", case=case)
    event_record(
        user=user,
        kind="case.assigned",
        case=case,
        before=before,
        after={"caseworker": caseworker.get_username()},
    )
    return case


@transaction.atomic
def journal_note_add(*, user: User, case: Case, text: str, kind: str = JournalNote.Kind.NOTE) -> JournalNote:
    require_role_in(user, case.municipality_id, *WRITE_CASES)
    if not text.strip():
        raise ValidationError({"text": _("Notatet er tomt.")})
    if kind not in JournalNote.Kind.values:
        raise ValidationError({"kind": _("Ukendt notattype.")})
    note = JournalNote.objects.create(case=case, at=clock.now(), by=user, kind=kind, text=text.strip())
    access_log(user=user, action=AccessAction.CREATE, what="sag: notat", case=case)
    event_record(user=user, kind="case.note_added", case=case, after={"note": note.pk, "kind": kind})
    return note


@transaction.atomic
def document_add(
    *,
    user: User,
    case: Case,
    title: str,
    upload: UploadedFile,
    origin: str = "",
    origin_name: str = "",
    summary: str = "",
    citizen_knows: bool = False,
) -> Document:
    """Add a document to the case. A document from a third party (a doctor, a provider, another
    authority) needs who sent it and what it says; unless the citizen already knows it, the apps
    registered in `cases.extensions` (the partshøring) take it onto the list the hearing must cover."""
    require_role_in(user, case.municipality_id, *WRITE_CASES)
    errors: dict[str, str] = {}
    if not title.strip():
        errors["title"] = _("Giv dokumentet en titel.")
    if origin and origin not in DocumentOrigin.values:
        errors["origin"] = _("Vælg hvem dokumentet kommer fra.")
    if origin == DocumentOrigin.THIRD_PARTY:
        if not origin_name.strip():
            errors["origin_name"] = _("Skriv hvem dokumentet kommer fra, fx »Egen læge«.")
        if not summary.strip():
            errors["summary"] = _("Skriv kort, hvad dokumentet siger (det bruges i partshøringen).")
    if errors:
        raise ValidationError(errors)
    content_type = uploads.check(upload)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    document = Document(
        case=case,
        uploaded_at=clock.now(),
        uploaded_by=user,
        title=title.strip(),
        original_name=(upload.name or "")[:255],
        content_type=content_type,
        size=upload.size or 0,
        sha256=digest.hexdigest(),
        origin=origin,
        origin_name=origin_name.strip()[:200],
        citizen_knows=citizen_knows,
    )
    document.file.save(document.id.hex, upload, save=False)
    try:
        document.save()
        access_log(user=user, action=AccessAction.CREATE, what="sag: dokument", case=case)
        event_record(
            user=user,
            kind="case.document_added",
            case=case,
            after={
                "document": str(document.pk),
                "sha256": document.sha256,
                "size": document.size,
                "origin": origin,
                "citizen_knows": citizen_knows,
            },
        )
        extensions.document_added(user=user, document=document, summary=summary.strip())
    except BaseException:
        # The row is rolled back with the transaction; the file is not, so remove it here.
        document.file.storage.delete(document.file.name)
        raise
    return document


@transaction.atomic
def deadline_notice_send(
    *, user: User, case: Case, expected_decision_on: dt.date, reason: str
) -> DeadlineNotice:
    """RSL § 3, stk. 2: when the deadline cannot be met, tell the citizen in writing when to expect one."""
    require_role_in(user, case.municipality_id, *WRITE_CASES)
    case = _locked(case)
    if not case.awaiting_decision:
        raise ValidationError(_("Sagen er afgjort eller lukket; der skal ikke sendes fristvarsel."))
    errors: dict[str, str] = {}
    if not reason.strip():
        errors["reason"] = _("Skriv hvorfor fristen ikke kan overholdes.")
    if expected_decision_on <= clock.today():
        errors["expected_decision_on"] = _("Den forventede afgørelsesdato skal ligge efter i dag.")
    if errors:
        raise ValidationError(errors)
    # The letter engine composes, checks, renders (PDF/A) and sends it (Digital Post or print).
    from visitator.letters.compose import LetterKind, letter_compose
    from visitator.letters.services import letter_send

    draft = letter_compose(
        kind=LetterKind.DEADLINE_NOTICE, case=case, expected_on=expected_decision_on, reason=reason.strip()
    )
    letter = letter_send(user=user, draft=draft)
    notice = DeadlineNotice.objects.create(
        case=case,
        sent_at=clock.now(),
        sent_by=user,
        expected_decision_on=expected_decision_on,
        reason=reason.strip(),
        recipient=letter.recipient_name,
        letter_text=draft.plain_text(),
    )
    before = {
        "expected_decision_on": case.expected_decision_on.isoformat() if case.expected_decision_on else None
    }
    case.expected_decision_on = expected_decision_on
    case.save(update_fields=["expected_decision_on"])
    access_log(user=user, action=AccessAction.CREATE, what="sag: fristvarsel", case=case)
    event_record(
        user=user,
        kind="case.deadline_notice_sent",
        case=case,
        before=before,
        after={"expected_decision_on": expected_decision_on.isoformat(), "notice": notice.pk},
    )
    return notice


__all__ = [
    "Outcome",
    "case_reassign",
    "case_receive",
    "case_transition",
    "case_update_target_group",
    "deadline_notice_send",
    "document_add",
    "journal_note_add",
]


@transaction.atomic
def receipt_send(*, user: User, case: Case) -> Any:
    """Send the citizen a receipt for the application, with the decision deadline (kvittering)."""
    from visitator.letters.compose import LetterKind, letter_compose
    from visitator.letters.services import letter_send

    require_role_in(user, case.municipality_id, *WRITE_CASES)
    if not case.awaiting_decision:
        raise ValidationError(_("Sagen er afgjort; der sendes ikke kvittering."))
    if case.letters.filter(kind=LetterKind.RECEIPT).exists():
        raise ValidationError(_("Der er allerede sendt en kvittering for ansøgningen."))
    return letter_send(user=user, draft=letter_compose(kind=LetterKind.RECEIPT, case=case))
