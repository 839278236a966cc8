"""Writes on complaints. Each checks permission first, locks the complaint (or the case), checks that
the step is due now (a double submit finds it done and gets a Danish message), and writes its event
and access-log rows in the same transaction. Named <entity>_<verb>, keyword-only arguments."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from visitator.audit.models import AccessAction
from visitator.audit.services import access_log, event_record
from visitator.cases import services as case_services
from visitator.cases.lifecycle import REOPENABLE
from visitator.cases.models import Case, Document
from visitator.core import clock
from visitator.decisions.models import Decision
from visitator.organisation.roles import WRITE_CASES, require_role_in
from visitator.people.models import Representative

from . import law, state
from .models import (
    AppealOutcome,
    Complaint,
    ComplaintChannel,
    Forwarding,
    Implementation,
    LatenessDecision,
    Reconsideration,
    Withdrawal,
)

#: Representatives who may complain for the citizen (RSL § 60, stk. 2; FVL § 8).
ACTING_REPRESENTATIVES = frozenset({Representative.Kind.POWER_OF_ATTORNEY, Representative.Kind.GUARDIAN})

STEPS = ("lateness", "reconsideration", "forwarding", "appeal_outcome", "implementation", "withdrawal")

T = TypeVar("T")


def _d(day: dt.date) -> str:
    return day.strftime("%d.%m.%Y")


def _locked(complaint: Complaint) -> Complaint:
    """The complaint, locked for this transaction, with its steps, case and decision letter."""
    return (
        Complaint.objects.select_for_update(of=("self",))
        .select_related("case", "case__citizen", "case__municipality", "decision", "decision__letter", *STEPS)
        .get(pk=complaint.pk)
    )


def _decisions(case: Case) -> list[Decision]:
    return list(Decision.objects.filter(case=case).order_by("decided_at", "id"))


def _state(complaint: Complaint) -> state.ComplaintState:
    return state.complaint_state(complaint, decisions=_decisions(complaint.case), today=clock.today())


def _once(create: Callable[[], T], message: str) -> T:
    """Create a step row; a second row for the same complaint (a race the lock did not stop, e.g. on
    SQLite) becomes the Danish message instead of a 500."""
    try:
        with transaction.atomic():
            return create()
    except IntegrityError as exc:
        raise ValidationError(message) from exc


def _reopen(
    *, user: User, case: Case, reason: str, received_on: dt.date, kind: str, **kw: Any
) -> Case | None:
    """Reopen the case for a new decision; None when it already waits for one (nothing to reopen)."""
    case = Case.objects.get(pk=case.pk)
    if case.status not in REOPENABLE:
        return None
    return case_services.case_reopen(
        user=user, case=case, reason=reason, received_on=received_on, kind=kind, **kw
    )


# -- register ----------------------------------------------------------------------------------------


@transaction.atomic
def complaint_register(
    *,
    user: User,
    case: Case,
    decision: Decision,
    received_on: dt.date,
    channel: str,
    text: str,
    oral_note: str = "",
    representative: Representative | None = None,
    uploads: Sequence[UploadedFile] = (),
) -> Complaint:
    """Register a complaint against `decision`. Late when received after the decision letter's complaint
    deadline; a letter without a deadline (no klagevejledning) never makes a complaint late. The
    reconsideration deadline (4 weeks from receipt) is computed here and stored."""
    require_role_in(user, case.municipality_id, *WRITE_CASES)
    return _complaint_register(
        user=user,
        case=case,
        decision=decision,
        received_on=received_on,
        channel=channel,
        text=text,
        oral_note=oral_note,
        representative=representative,
        uploads=uploads,
    )


@transaction.atomic
def complaint_register_self_service(
    *, user: User, case: Case, decision: Decision, text: str, representative: Representative | None = None
) -> Complaint:
    """A complaint the citizen (or their værge or partsrepræsentant, `representative`) wrote in the
    citizen portal: received today through self-service, with the same checks, lateness and
    genvurdering deadline as one the caseworker registers. The portal has checked that `user` acts
    for the case's citizen (portal.selectors)."""
    return _complaint_register(
        user=user,
        case=case,
        decision=decision,
        received_on=clock.today(),
        channel=ComplaintChannel.SELF_SERVICE,
        text=text,
        oral_note="",
        representative=representative,
        uploads=(),
    )


def _complaint_register(
    *,
    user: User,
    case: Case,
    decision: Decision,
    received_on: dt.date,
    channel: str,
    text: str,
    oral_note: str,
    representative: Representative | None,
    uploads: Sequence[UploadedFile],
) -> Complaint:
    case = Case.objects.select_for_update().select_related("citizen", "municipality", "unit").get(pk=case.pk)
    today = clock.today()
    errors: dict[str, str] = {}
    if decision.case_id != case.id:
        errors["decision"] = _("Afgørelsen hører ikke til sagen.")
    if channel not in ComplaintChannel.values:
        errors["channel"] = _("Vælg hvordan klagen er modtaget.")
    if not text.strip():
        errors["text"] = _("Skriv hvad klagen går ud på.")
    if channel == ComplaintChannel.ORAL and not oral_note.strip():
        errors["oral_note"] = _(
            "En mundtlig klage skal skrives ned: skriv notatet om, hvad der blev sagt (notatpligt)."
        )
    if received_on > today:
        errors["received_on"] = _("Datoen kan ikke ligge i fremtiden.")
    elif decision.case_id == case.id and received_on < decision.letter.letter_date:
        errors["received_on"] = _("Klagen kan ikke være modtaget, før afgørelsen blev sendt (%(date)s).") % {
            "date": _d(decision.letter.letter_date)
        }
    if representative is not None:
        if representative.citizen_id != case.citizen_id or representative.kind not in ACTING_REPRESENTATIVES:
            errors["representative"] = _(
                "Kun borgeren selv, en partsrepræsentant med fuldmagt eller en værge kan klage på borgerens "
                "vegne (retssikkerhedsloven § 60, stk. 2; forvaltningsloven § 8)."
            )
        elif not representative.is_active_on(min(received_on, today)):
            errors["representative"] = _("Repræsentanten var ikke registreret som aktiv den %(date)s.") % {
                "date": _d(received_on)
            }
    if errors:
        raise ValidationError(errors)
    _refuse_duplicate(case=case, decision=decision, received_on=received_on, text=text)
    letter = decision.letter
    complaint_deadline = letter.complaint_deadline
    late = law.is_late(received_on, complaint_deadline)
    deadline = law.reconsideration_deadline(received_on)
    complainant = case.citizen.full_name if representative is None else representative.name
    complaint = Complaint.objects.create(
        municipality=case.municipality,
        unit=case.unit,
        case=case,
        decision=decision,
        received_on=received_on,
        channel=channel,
        representative=representative,
        complainant_name=complainant[:200],
        text=text.strip(),
        oral_note=oral_note.strip() if channel == ComplaintChannel.ORAL else "",
        complaint_deadline=complaint_deadline,
        late=late,
        reconsideration_deadline=deadline,
        act_by=law.act_by(deadline),
        registered_at=clock.now(),
        registered_by=user,
    )
    documents = []
    for number, upload in enumerate(uploads, start=1):
        try:
            documents.append(
                case_services.document_add(
                    user=user,
                    case=case,
                    title=_("Klage modtaget %(date)s: bilag %(number)d")
                    % {"date": _d(received_on), "number": number},
                    upload=upload,
                )
            )
        except ValidationError as exc:
            raise ValidationError(
                {"documents": [f"{upload.name}: {message}" for message in exc.messages]}
            ) from exc
    if documents:
        complaint.documents.set(documents)
    access_log(user=user, action=AccessAction.CREATE, what="sag: klage", case=case, detail=str(complaint.id))
    event_record(
        user=user,
        kind="complaint.received",
        case=case,
        after={
            "complaint": str(complaint.id),
            "decision": str(decision.id),
            "received_on": received_on.isoformat(),
            "channel": channel,
            "representative": str(representative.id) if representative else None,
            "complaint_deadline": complaint_deadline.isoformat() if complaint_deadline else None,
            "late": late,
            "reconsideration_deadline": deadline.isoformat(),
            "documents": [str(d.id) for d in documents],
        },
    )
    return complaint


def _refuse_duplicate(*, case: Case, decision: Decision, received_on: dt.date, text: str) -> None:
    """One complaint is registered once; a decision has one running complaint at a time."""
    decisions = _decisions(case)
    today = clock.today()
    for other in Complaint.objects.filter(decision=decision).select_related(*STEPS):
        if other.received_on == received_on and other.text == text.strip():
            raise ValidationError(
                _("Klagen er allerede registreret (modtaget %(date)s).") % {"date": _d(received_on)}
            )
        if not state.complaint_state(other, decisions=decisions, today=today).final:
            raise ValidationError(
                _(
                    "Der er allerede en klage over denne afgørelse, som ikke er afsluttet (modtaget "
                    "%(date)s). Læg nye bemærkninger på sagen som notat eller dokument, så kommer de med i "
                    "sagens akter."
                )
                % {"date": _d(other.received_on)}
            )


# -- a late complaint ----------------------------------------------------------------------------------


@transaction.atomic
def complaint_lateness_decide(
    *, user: User, complaint: Complaint, choice: str, reason: str = ""
) -> LatenessDecision:
    """A complaint received after the complaint deadline is treated anyway (with the reason), or sent to
    Ankestyrelsen, which decides whether it can be treated (law.LATE_COMPLAINT)."""
    require_role_in(user, complaint.municipality_id, *WRITE_CASES)
    complaint = _locked(complaint)
    current = _state(complaint)
    if current.code != state.LATE_PENDING:
        if not complaint.late:
            raise ValidationError(
                _("Klagen er modtaget inden klagefristen; der skal ikke tages stilling til fristen.")
            )
        raise ValidationError(
            _("Der er allerede taget stilling til, hvad der skal ske med den for sene klage.")
        )
    errors = {}
    if choice not in LatenessDecision.Choice.values:
        errors["choice"] = _("Vælg om klagen behandles, eller om Ankestyrelsen skal afgøre fristspørgsmålet.")
    elif choice == LatenessDecision.Choice.TREAT and not reason.strip():
        errors["reason"] = _(
            "Skriv hvorfor klagen behandles, selv om fristen er overskredet (fx alvorlig sygdom)."
        )
    if errors:
        raise ValidationError(errors)
    row = _once(
        lambda: LatenessDecision.objects.create(
            complaint=complaint, choice=choice, reason=reason.strip(), at=clock.now(), by=user
        ),
        _("Der er allerede taget stilling til, hvad der skal ske med den for sene klage."),
    )
    access_log(user=user, action=AccessAction.CHANGE, what="sag: klage: for sen", case=complaint.case)
    event_record(
        user=user,
        kind="complaint.lateness_decided",
        case=complaint.case,
        after={"complaint": str(complaint.id), "choice": choice},
    )
    return row


# -- genvurdering ------------------------------------------------------------------------------------


def _not_due(current: state.ComplaintState, complaint: Complaint) -> str:
    """Why a genvurdering cannot be recorded now, in Danish."""
    if current.code == state.LATE_PENDING:
        return _(
            "Klagen er modtaget efter klagefristen. Tag først stilling til, om den behandles, eller om "
            "Ankestyrelsen skal afgøre fristspørgsmålet."
        )
    lateness = state.step(complaint, "lateness")
    if lateness is not None and lateness.choice == LatenessDecision.Choice.FORWARD:
        return _("Klagen sendes til Ankestyrelsen, som afgør fristspørgsmålet. Den genvurderes ikke.")
    if current.code == state.WITHDRAWN:
        return _("Klagen er trukket tilbage.")
    return _("Klagen er allerede genvurderet.")


@transaction.atomic
def complaint_reconsider(
    *, user: User, complaint: Complaint, outcome: str, reasons: str = ""
) -> Reconsideration:
    """Record the genvurdering (RSL § 66). Upheld: the complaint is ready to be sent to Ankestyrelsen.
    Full or partial agreement: the case is reopened with the reconsideration deadline as its decision
    deadline, and the new decision is made on the normal decision page (it replaces the old one). After
    partial agreement the rest of the complaint goes on to Ankestyrelsen (law.PARTIAL_AGREEMENT_...)."""
    require_role_in(user, complaint.municipality_id, *WRITE_CASES)
    complaint = _locked(complaint)
    current = _state(complaint)
    if current.code != state.AWAITING_RECONSIDERATION:
        raise ValidationError(_not_due(current, complaint))
    errors = {}
    if outcome not in Reconsideration.Outcome.values:
        errors["outcome"] = _("Vælg resultatet af genvurderingen.")
    elif outcome == Reconsideration.Outcome.UPHELD and not reasons.strip():
        errors["reasons"] = _(
            "Skriv hvorfor afgørelsen fastholdes. Begrundelsen sendes med klagen til Ankestyrelsen og står i "
            "brevet til borgeren (retssikkerhedsloven § 66)."
        )
    elif outcome == Reconsideration.Outcome.PARTIAL and not reasons.strip():
        errors["reasons"] = _(
            "Skriv hvad borgeren får medhold i, og hvad der fastholdes. Den fastholdte del af klagen sendes "
            "til Ankestyrelsen."
        )
    if errors:
        raise ValidationError(errors)
    reopened = None
    if outcome in (Reconsideration.Outcome.FULL, Reconsideration.Outcome.PARTIAL):
        reopened = _reopen(
            user=user,
            case=complaint.case,
            reason=_(
                "Genvurdering af klage modtaget %(date)s: %(outcome)s. Der skal træffes en ny afgørelse."
            )
            % {"date": _d(complaint.received_on), "outcome": Reconsideration.Outcome(outcome).label},
            received_on=complaint.received_on,
            deadline=complaint.reconsideration_deadline,
            kind="reconsideration",
        )
    row = _once(
        lambda: Reconsideration.objects.create(
            complaint=complaint,
            outcome=outcome,
            reasons=reasons.strip(),
            decided_on=clock.today(),
            case_reopened=reopened is not None,
            at=clock.now(),
            by=user,
        ),
        _("Klagen er allerede genvurderet."),
    )
    access_log(user=user, action=AccessAction.CREATE, what="sag: genvurdering", case=complaint.case)
    event_record(
        user=user,
        kind="complaint.reconsidered",
        case=complaint.case,
        after={
            "complaint": str(complaint.id),
            "outcome": outcome,
            "case_reopened": reopened is not None,
            "overdue": clock.today() > complaint.reconsideration_deadline,
        },
    )
    return row


# -- forwarding to Ankestyrelsen ------------------------------------------------------------------------


def _not_ready_to_forward(current: state.ComplaintState, complaint: Complaint) -> str:
    forwarding = state.step(complaint, "forwarding")
    if forwarding is not None:
        return _("Klagen er allerede sendt til Ankestyrelsen (%(date)s).") % {
            "date": _d(forwarding.forwarded_on)
        }
    if current.code == state.LATE_PENDING:
        return _not_due(current, complaint)
    if current.code == state.AWAITING_RECONSIDERATION:
        return _("Genvurdér klagen først. Kun en fastholdt afgørelse sendes til Ankestyrelsen.")
    if current.code == state.AWAITING_NEW_DECISION:
        return _(
            "Træf først den nye afgørelse på siden Afgørelse. Ved delvist medhold sendes resten af klagen "
            "derefter til Ankestyrelsen."
        )
    if current.code == state.WITHDRAWN:
        return _("Klagen er trukket tilbage.")
    return _("Klagen skal ikke sendes til Ankestyrelsen.")


@transaction.atomic
def complaint_forward(*, user: User, complaint: Complaint) -> Forwarding:
    """Send the complaint to Ankestyrelsen today: the forwarding package (numbered aktliste and every akt
    of the case, as one PDF/A and a zip, stored immutably with hashes) and the letter that tells the
    citizen when it was sent, that the decision still applies meanwhile (RSL § 72), and why."""
    from visitator.letters.checks import LetterIncomplete, letter_check
    from visitator.letters.compose import LetterKind, letter_compose
    from visitator.letters.services import letter_send

    from .letter import forwarding_letter
    from .package import package_store

    require_role_in(user, complaint.municipality_id, *WRITE_CASES)
    complaint = _locked(complaint)
    current = _state(complaint)
    basis = state.forwarding_basis(complaint)
    if current.code != state.TO_FORWARD or basis is None:
        raise ValidationError(_not_ready_to_forward(current, complaint))
    today = clock.today()
    case = Case.objects.select_related("citizen", "municipality", "unit", "standard_version").get(
        pk=complaint.case_id
    )
    reconsideration = state.step(complaint, "reconsideration")
    lateness = state.step(complaint, "lateness")
    draft = letter_compose(
        kind=LetterKind.COMPLAINT_FORWARDED,
        case=case,
        body=forwarding_letter(
            complaint=complaint,
            basis=basis,
            forwarded_on=today,
            reconsideration=reconsideration,
            lateness=lateness,
            new_decision=current.new_decision,
        ),
    )
    problems = letter_check(draft)
    if problems:
        raise LetterIncomplete(problems)
    bundle = package_store(user=user, complaint=complaint, case=case, basis=basis, forwarded_on=today)
    letter = letter_send(user=user, draft=draft)
    overdue = today > complaint.reconsideration_deadline
    row = _once(
        lambda: Forwarding.objects.create(
            complaint=complaint,
            basis=basis,
            forwarded_on=today,
            overdue=overdue,
            bundle=bundle,
            letter=letter,
            at=clock.now(),
            by=user,
        ),
        _("Klagen er allerede sendt til Ankestyrelsen."),
    )
    access_log(user=user, action=AccessAction.EXPORT, what="sag: klage til Ankestyrelsen", case=case)
    event_record(
        user=user,
        kind="complaint.forwarded",
        case=case,
        after={
            "complaint": str(complaint.id),
            "basis": basis,
            "forwarded_on": today.isoformat(),
            "overdue": overdue,
            "bundle": str(bundle.pk),
            "letter": str(letter.pk),
        },
    )
    return row


# -- Ankestyrelsen's outcome ----------------------------------------------------------------------------


@transaction.atomic
def complaint_outcome_record(
    *,
    user: User,
    complaint: Complaint,
    outcome: str,
    received_on: dt.date,
    note: str = "",
    upload: UploadedFile | None = None,
    reopen_case: bool = False,
) -> AppealOutcome:
    """Record Ankestyrelsen's decision with the day it was received. Hjemvist: the case is reopened with a
    new decision deadline from that day under the standard's rule. Ændret/ophævet: the outcome must be
    carried out (tracked until recorded done); with `reopen_case` the case is reopened for a new
    decision (e.g. a grant)."""
    require_role_in(user, complaint.municipality_id, *WRITE_CASES)
    complaint = _locked(complaint)
    current = _state(complaint)
    if current.code != state.AWAITING_APPEAL:
        if state.step(complaint, "appeal_outcome") is not None:
            raise ValidationError(_("Ankestyrelsens afgørelse er allerede registreret."))
        if current.code == state.WITHDRAWN:
            raise ValidationError(_("Klagen er trukket tilbage."))
        raise ValidationError(_("Klagen er ikke sendt til Ankestyrelsen."))
    forwarding: Forwarding = complaint.forwarding
    errors = {}
    if outcome not in AppealOutcome.Outcome.values:
        errors["outcome"] = _("Vælg Ankestyrelsens afgørelse.")
    if received_on > clock.today():
        errors["received_on"] = _("Datoen kan ikke ligge i fremtiden.")
    elif received_on < forwarding.forwarded_on:
        errors["received_on"] = _(
            "Ankestyrelsens afgørelse kan ikke være modtaget, før klagen blev sendt (%(date)s)."
        ) % {"date": _d(forwarding.forwarded_on)}
    if errors:
        raise ValidationError(errors)
    document: Document | None = None
    if upload is not None:
        try:
            document = case_services.document_add(
                user=user,
                case=complaint.case,
                title=_("Ankestyrelsens afgørelse (modtaget %(date)s)") % {"date": _d(received_on)},
                upload=upload,
            )
        except ValidationError as exc:
            raise ValidationError({"upload": exc.messages}) from exc
    label = AppealOutcome.Outcome(outcome).label
    reopened = None
    if outcome == AppealOutcome.Outcome.REMITTED:
        reopened = _reopen(
            user=user,
            case=complaint.case,
            reason=_("Ankestyrelsen har hjemvist sagen (afgørelsen modtaget %(date)s). Sagen behandles igen.")
            % {"date": _d(received_on)},
            received_on=received_on,
            kind="remitted",
        )
    elif outcome in (AppealOutcome.Outcome.CHANGED, AppealOutcome.Outcome.ANNULLED) and reopen_case:
        reopened = _reopen(
            user=user,
            case=complaint.case,
            reason=_(
                "Ankestyrelsen har %(outcome)s afgørelsen (modtaget "
                "%(date)s). Sagen genoptages for at udføre "
                "Ankestyrelsens afgørelse."
            )
            % {"outcome": label.lower(), "date": _d(received_on)},
            received_on=received_on,
            kind="appeal_outcome",
        )
    row = _once(
        lambda: AppealOutcome.objects.create(
            complaint=complaint,
            outcome=outcome,
            received_on=received_on,
            note=note.strip(),
            document=document,
            case_reopened=reopened is not None,
            new_deadline=reopened.decision_deadline if reopened is not None else None,
            at=clock.now(),
            by=user,
        ),
        _("Ankestyrelsens afgørelse er allerede registreret."),
    )
    access_log(
        user=user, action=AccessAction.CREATE, what="sag: Ankestyrelsens afgørelse", case=complaint.case
    )
    event_record(
        user=user,
        kind="complaint.appeal_outcome",
        case=complaint.case,
        after={
            "complaint": str(complaint.id),
            "outcome": outcome,
            "received_on": received_on.isoformat(),
            "case_reopened": reopened is not None,
            "new_deadline": reopened.decision_deadline.isoformat() if reopened is not None else None,
        },
    )
    return row


@transaction.atomic
def complaint_carry_out(
    *, user: User, complaint: Complaint, note: str, decision: Decision | None = None
) -> Implementation:
    """Record that Ankestyrelsen's changed or annulled decision has been carried out (udførelse)."""
    require_role_in(user, complaint.municipality_id, *WRITE_CASES)
    complaint = _locked(complaint)
    current = _state(complaint)
    if current.code != state.TO_CARRY_OUT_STATE:
        if state.step(complaint, "implementation") is not None:
            raise ValidationError(_("Udførelsen er allerede registreret."))
        raise ValidationError(_("Der er ikke en afgørelse fra Ankestyrelsen, der skal udføres."))
    outcome: AppealOutcome = complaint.appeal_outcome
    errors = {}
    if not note.strip():
        errors["note"] = _("Skriv hvad der er gjort for at udføre Ankestyrelsens afgørelse.")
    if decision is not None and (decision.case_id != complaint.case_id or decision.decided_at < outcome.at):
        errors["decision"] = _("Vælg en afgørelse i sagen, der er truffet efter Ankestyrelsens afgørelse.")
    if errors:
        raise ValidationError(errors)
    row = _once(
        lambda: Implementation.objects.create(
            complaint=complaint,
            done_on=clock.today(),
            note=note.strip(),
            decision=decision,
            at=clock.now(),
            by=user,
        ),
        _("Udførelsen er allerede registreret."),
    )
    access_log(user=user, action=AccessAction.CREATE, what="sag: udførelse", case=complaint.case)
    event_record(
        user=user,
        kind="complaint.carried_out",
        case=complaint.case,
        after={"complaint": str(complaint.id), "decision": str(decision.pk) if decision else None},
    )
    return row


@transaction.atomic
def complaint_withdraw(*, user: User, complaint: Complaint, received_on: dt.date, note: str) -> Withdrawal:
    """The complainant withdraws the complaint (recorded with a note; if it is at Ankestyrelsen, tell
    Ankestyrelsen too)."""
    require_role_in(user, complaint.municipality_id, *WRITE_CASES)
    complaint = _locked(complaint)
    current = _state(complaint)
    if current.final:
        raise ValidationError(
            _("Klagen er allerede trukket tilbage.")
            if current.code == state.WITHDRAWN
            else _("Klagen er afsluttet og kan ikke trækkes tilbage.")
        )
    if state.step(complaint, "appeal_outcome") is not None:
        raise ValidationError(_("Ankestyrelsen har truffet afgørelse; klagen kan ikke trækkes tilbage."))
    errors = {}
    if not note.strip():
        errors["note"] = _("Skriv hvordan og hvornår klageren trak klagen tilbage (notatpligt).")
    if received_on > clock.today():
        errors["received_on"] = _("Datoen kan ikke ligge i fremtiden.")
    elif received_on < complaint.received_on:
        errors["received_on"] = _("Datoen kan ikke ligge før klagen blev modtaget (%(date)s).") % {
            "date": _d(complaint.received_on)
        }
    if errors:
        raise ValidationError(errors)
    row = _once(
        lambda: Withdrawal.objects.create(
            complaint=complaint, received_on=received_on, note=note.strip(), at=clock.now(), by=user
        ),
        _("Klagen er allerede trukket tilbage."),
    )
    access_log(user=user, action=AccessAction.CHANGE, what="sag: klage trukket tilbage", case=complaint.case)
    event_record(
        user=user,
        kind="complaint.withdrawn",
        case=complaint.case,
        after={"complaint": str(complaint.id), "received_on": received_on.isoformat()},
    )
    return row
