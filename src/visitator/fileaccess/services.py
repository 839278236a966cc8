"""Writes for requests for access to the file. Every write checks the role in the case's municipality
first, runs in one transaction, and writes its event and access-log rows ("aktindsigt: ...") in it.
Named <entity>_<verb>, keyword-only arguments."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from visitator.audit.models import AccessAction
from visitator.audit.services import access_log, event_record
from visitator.casefile.bundle import WITHHELD_FULLY, WITHHELD_PARTLY, NumberedAkt
from visitator.casefile.models import CaseFileBundle
from visitator.casefile.services import bundle_store
from visitator.cases.models import Case, JournalNote
from visitator.cases.services import journal_note_add
from visitator.core import clock
from visitator.core.workdays import add_working_days
from visitator.letters.compose import (
    LETTER_RECEIVING_KINDS,
    LetterKind,
    Recipient,
    letter_compose,
    recipient_for,
)
from visitator.letters.services import letter_send
from visitator.organisation.roles import WRITE_CASES, require_role_in
from visitator.people.models import Representative

from . import law
from .letter_body import ListEntry, answer_body, notice_body
from .models import (
    WITHHOLDING,
    AccessAnswer,
    AccessNotice,
    AccessRequest,
    AccessReview,
    AccessReviewItem,
    AktDecision,
    Outcome,
    RequestChannel,
    Requester,
    Scope,
)
from .review import ReviewRow, review_rows


def _date(day: dt.date) -> str:
    return formats.date_format(day, "j. F Y")


def notice_due(received_on: dt.date) -> dt.date:
    """The day the notice falls due: the 7th working day after receipt (forvaltningsloven § 16, stk. 2)."""
    return add_working_days(received_on, law.NOTICE_AFTER.value)


def _locked(request: AccessRequest) -> AccessRequest:
    return (
        AccessRequest.objects.select_for_update(of=("self",))
        .select_related("case__citizen", "case__municipality", "case__unit", "representative")
        .get(pk=request.pk)
    )


def _require_open(request: AccessRequest) -> None:
    if request.answered_on is not None:
        raise ValidationError(
            _("Anmodningen om aktindsigt blev besvaret den %(date)s.") % {"date": _date(request.answered_on)}
        )


def _recipient(request: AccessRequest, on: dt.date) -> Recipient:
    """Who asked gets the answer: the representative who asked (a physical letter "c/o"), else whoever
    receives the case's letters."""
    representative = request.representative
    if request.requester == Requester.REPRESENTATIVE and representative is not None:
        town = f"{representative.postcode} {representative.city}".strip()
        return Recipient(
            name=representative.name,
            address_lines=tuple(line for line in (representative.address_line.strip(), town) if line),
            digital_post=False,
            on_behalf_of=request.case.citizen.full_name,
        )
    return recipient_for(request.case, on)


# -- the request ------------------------------------------------------------------------------------------


@transaction.atomic
def access_request_register(
    *,
    user: User,
    case: Case,
    received_on: dt.date,
    channel: str,
    requester: str,
    scope: str,
    representative: Representative | None = None,
    documents: str = "",
    note: str = "",
    submission: uuid.UUID | None = None,
) -> AccessRequest:
    """Register a request for access to the file (forvaltningsloven § 9) and the day the notice under
    § 16, stk. 2 falls due. An oral request is written down as a journal note (notatpligt). The same
    form sent twice (the same `submission`) registers one request."""
    require_role_in(user, case.municipality_id, *WRITE_CASES)
    return _access_request_register(
        user=user,
        case=case,
        received_on=received_on,
        channel=channel,
        requester=requester,
        scope=scope,
        representative=representative,
        documents=documents,
        note=note,
        submission=submission,
    )


@transaction.atomic
def access_request_register_self_service(
    *,
    user: User,
    case: Case,
    scope: str,
    documents: str = "",
    representative: Representative | None = None,
    submission: uuid.UUID | None = None,
) -> AccessRequest:
    """A request for access to the file written in the citizen portal by the citizen or (with
    `representative`) their værge or partsrepræsentant: written, received today, with the same checks
    and notice deadline as one the caseworker registers. The portal has checked that `user` acts for the
    case's citizen (portal.selectors)."""
    return _access_request_register(
        user=user,
        case=case,
        received_on=clock.today(),
        channel=RequestChannel.WRITTEN,
        requester=Requester.CITIZEN if representative is None else Requester.REPRESENTATIVE,
        scope=scope,
        representative=representative,
        documents=documents,
        note="",
        submission=submission,
    )


def _access_request_register(
    *,
    user: User,
    case: Case,
    received_on: dt.date,
    channel: str,
    requester: str,
    scope: str,
    representative: Representative | None,
    documents: str,
    note: str,
    submission: uuid.UUID | None,
) -> AccessRequest:
    errors: dict[str, str] = {}
    today = clock.today()
    if received_on > today:
        errors["received_on"] = _("Datoen kan ikke ligge i fremtiden.")
    elif received_on < case.received_on:
        errors["received_on"] = _("Anmodningen kan ikke være modtaget før sagen (%(date)s).") % {
            "date": _date(case.received_on)
        }
    if channel not in RequestChannel.values:
        errors["channel"] = _("Vælg, om anmodningen er skriftlig eller mundtlig.")
    elif channel == RequestChannel.ORAL and not note.strip():
        errors["note"] = _("Skriv et notat om den mundtlige anmodning (notatpligt).")
    if scope not in Scope.values:
        errors["scope"] = _("Vælg, om anmodningen gælder hele sagen eller bestemte dokumenter.")
    elif scope == Scope.SPECIFIC and not documents.strip():
        errors["documents"] = _("Skriv, hvilke dokumenter borgeren beder om.")
    if requester not in Requester.values:
        errors["requester"] = _("Vælg, hvem der beder om aktindsigt.")
    elif requester == Requester.REPRESENTATIVE:
        if (
            representative is None
            or representative.citizen_id != case.citizen_id
            or representative.kind not in LETTER_RECEIVING_KINDS
            or not representative.is_active_on(min(received_on, today))
        ):
            errors["representative"] = _(
                "Vælg en repræsentant med fuldmagt eller en værge, som gælder på modtagelsesdagen. En "
                "pårørende uden fuldmagt er ikke part i sagen."
            )
    else:
        representative = None
    if errors:
        raise ValidationError(errors)
    name = representative.name if representative is not None else case.citizen.full_name
    due = notice_due(received_on)
    try:
        with transaction.atomic():
            request = AccessRequest.objects.create(
                case=case,
                unit_id=case.unit_id,
                requester=requester,
                representative=representative,
                requester_name=name[:200],
                received_on=received_on,
                channel=channel,
                scope=scope,
                documents=documents.strip() if scope == Scope.SPECIFIC else "",
                notice_due_on=due,
                registered_at=clock.now(),
                registered_by=user,
                submission=submission or uuid.uuid4(),
            )
    except IntegrityError as exc:
        raise ValidationError(
            _("Anmodningen er allerede registreret (formularen blev sendt to gange).")
        ) from exc
    if channel == RequestChannel.ORAL:
        journal_note_add(
            user=user,
            case=case,
            kind=JournalNote.Kind.NOTE,
            text=_("Mundtlig anmodning om aktindsigt modtaget %(date)s: %(note)s")
            % {"date": _date(received_on), "note": note.strip()},
        )
    access_log(user=user, action=AccessAction.CREATE, what="aktindsigt: anmodning", case=case)
    event_record(
        user=user,
        kind="fileaccess.request_registered",
        case=case,
        after={
            "request": str(request.id),
            "received_on": received_on.isoformat(),
            "channel": channel,
            "requester": requester,
            "scope": scope,
            "notice_due_on": due.isoformat(),
        },
    )
    return request


# -- the notice (forvaltningsloven § 16, stk. 2) ----------------------------------------------------------


@transaction.atomic
def access_notice_send(
    *, user: User, request: AccessRequest, expected_on: dt.date, reason: str
) -> AccessNotice:
    """Tell the citizen why the request is not answered yet and when it will be (a letter). A second
    notice must promise a later date than the first (the same form sent twice sends one letter)."""
    require_role_in(user, request.case.municipality_id, *WRITE_CASES)
    request = _locked(request)
    _require_open(request)
    today = clock.today()
    errors: dict[str, str] = {}
    if not reason.strip():
        errors["reason"] = _("Skriv, hvorfor anmodningen ikke kan besvares inden 7 arbejdsdage.")
    if expected_on <= today:
        errors["expected_on"] = _("Datoen for svaret skal ligge efter i dag.")
    elif request.expected_answer_on is not None and expected_on <= request.expected_answer_on:
        errors["expected_on"] = _(
            "Borgeren har allerede fået besked om svar senest %(date)s. "
            "En ny besked skal give en senere dato."
        ) % {"date": _date(request.expected_answer_on)}
    if errors:
        raise ValidationError(errors)
    case = request.case
    body = notice_body(
        received_on=request.received_on,
        expected_on=expected_on,
        reason=reason,
        service_title=case.standard_version.spec.service.title,
    )
    draft = letter_compose(
        kind=LetterKind.ACCESS_NOTICE, case=case, recipient=_recipient(request, today), body=body
    )
    letter = letter_send(user=user, draft=draft)
    notice = AccessNotice.objects.create(
        request=request,
        letter=letter,
        expected_on=expected_on,
        reason=reason.strip(),
        sent_at=clock.now(),
        sent_by=user,
    )
    before = request.expected_answer_on
    request.expected_answer_on = expected_on
    request.save(update_fields=["expected_answer_on"])
    access_log(user=user, action=AccessAction.CREATE, what="aktindsigt: besked om svarfrist", case=case)
    event_record(
        user=user,
        kind="fileaccess.notice_sent",
        case=case,
        before={"expected_answer_on": before.isoformat() if before else None},
        after={
            "request": str(request.id),
            "expected_answer_on": expected_on.isoformat(),
            "letter": str(letter.id),
        },
    )
    return notice


# -- the review -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AktChoice:
    """The caseworker's decision on one akt, by its key."""

    akt_key: str
    decision: str
    ground: str = ""
    reason: str = ""
    extract: str = ""


def _choice_errors(choice: AktChoice, index: int, scope: str, label: str) -> dict[str, str]:
    errors: dict[str, str] = {}
    if choice.decision not in AktDecision.values:
        errors[f"decision_{index}"] = _("%(akt)s: vælg, om akten udleveres eller undtages.") % {"akt": label}
    elif choice.decision == AktDecision.NOT_REQUESTED and scope != Scope.SPECIFIC:
        errors[f"decision_{index}"] = _(
            "%(akt)s: borgeren har bedt om hele sagen, så akten er omfattet af anmodningen."
        ) % {"akt": label}
    elif choice.decision in WITHHOLDING:
        if choice.ground not in law.WITHHOLDING_GROUNDS:
            errors[f"ground_{index}"] = _(
                "%(akt)s: vælg det retsgrundlag i forvaltningsloven, akten undtages efter."
            ) % {"akt": label}
        if not choice.reason.strip():
            errors[f"reason_{index}"] = _("%(akt)s: skriv, hvorfor akten undtages.") % {"akt": label}
        if choice.decision == AktDecision.PARTIAL and not choice.extract.strip():
            errors[f"extract_{index}"] = _(
                "%(akt)s: skriv det uddrag (ekstrakt), borgeren får i stedet for akten."
            ) % {"akt": label}
    return errors


def _review(request: AccessRequest) -> AccessReview:
    review = AccessReview.objects.filter(request=request).first()
    if review is None:
        try:
            with transaction.atomic():
                review = AccessReview.objects.create(request=request)
        except IntegrityError:
            review = AccessReview.objects.get(request=request)
    return AccessReview.objects.select_for_update().get(pk=review.pk)


def _stale(review: AccessReview) -> ValidationError:
    who = review.saved_by.get_full_name() or review.saved_by.get_username() if review.saved_by else "?"
    when = (
        formats.date_format(timezone.localtime(review.saved_at), "j. F Y \\k\\l. H:i")
        if review.saved_at
        else ""
    )
    return ValidationError(
        _(
            "Gennemgangen er gemt af %(who)s %(when)s, efter at du åbnede den. Dine ændringer er ikke "
            "gemt. Åbn gennemgangen igen, og lav dine ændringer på ny."
        )
        % {"who": who, "when": when}
    )


@transaction.atomic
def access_review_save(
    *, user: User, request: AccessRequest, version: int, choices: list[AktChoice]
) -> AccessReview:
    """Save the decisions on the akter. `version` is the version the caseworker opened: if someone saved
    since, nothing is saved and the message says so. Withholding needs a ground in forvaltningsloven
    §§ 12-15 b and a reason; partial withholding also the extract given instead."""
    require_role_in(user, request.case.municipality_id, *WRITE_CASES)
    request = _locked(request)
    _require_open(request)
    review = _review(request)
    if review.version != version:
        raise _stale(review)
    rows = {row.akt.key: row for row in review_rows(request)}
    errors: dict[str, str] = {}
    for index, choice in enumerate(choices):
        row = rows.get(choice.akt_key)
        if row is None:
            errors[f"decision_{index}"] = _("En akt findes ikke længere i sagen. Åbn gennemgangen igen.")
            continue
        errors.update(
            _choice_errors(choice, index, request.scope, _("Akt %(number)d") % {"number": row.number})
        )
    if errors:
        raise ValidationError(errors)
    existing = {item.akt_key: item for item in review.items.all()}
    before: dict[str, list[str]] = {}
    after: dict[str, list[str]] = {}
    for choice in choices:
        withholds = choice.decision in WITHHOLDING
        values = {
            "decision": choice.decision,
            "ground": choice.ground if withholds else "",
            "reason": choice.reason.strip() if withholds else "",
            "extract": choice.extract.strip() if choice.decision == AktDecision.PARTIAL else "",
        }
        item = existing.get(choice.akt_key)
        if item is None:
            AccessReviewItem.objects.create(review=review, akt_key=choice.akt_key, **values)
        elif any(getattr(item, k) != v for k, v in values.items()):
            before[choice.akt_key] = [item.decision, item.ground]
            for key, value in values.items():
                setattr(item, key, value)
            item.save()
        else:
            continue
        after[choice.akt_key] = [values["decision"], values["ground"]]
    review.version += 1
    review.saved_at = clock.now()
    review.saved_by = user
    review.save()
    access_log(user=user, action=AccessAction.CHANGE, what="aktindsigt: gennemgang", case=request.case)
    event_record(
        user=user,
        kind="fileaccess.review_saved",
        case=request.case,
        before=before or None,
        after={"request": str(request.id), "version": review.version, "akter": after},
    )
    return review


# -- the answer -------------------------------------------------------------------------------------------


def _entries(rows: list[ReviewRow]) -> list[ListEntry]:
    return [
        ListEntry(
            number=row.number,
            key=row.akt.key,
            kind=row.akt.kind,
            title=row.akt.title,
            day=row.day,
            decision=row.decision,
            ground=row.ground,
            reason=row.reason,
            extract=row.extract,
        )
        for row in rows
    ]


def _bundle_items(rows: list[ReviewRow]) -> list[NumberedAkt]:
    """The akter the request covers, numbered as in the case's aktliste: a withheld akt is listed with its
    ground only; a partly withheld one is replaced by its extract."""
    items: list[NumberedAkt] = []
    for row in rows:
        if row.decision == AktDecision.NOT_REQUESTED:
            continue
        rule = row.ground_rule
        ground = f"{rule.citation} ({rule.value})" if rule and row.withholds else ""
        withheld = {AktDecision.WITHHOLD: WITHHELD_FULLY, AktDecision.PARTIAL: WITHHELD_PARTLY}.get(
            AktDecision(row.decision), ""
        )
        items.append(
            NumberedAkt(
                number=row.number,
                akt=row.akt,
                withheld=withheld,
                ground=ground,
                reason=row.reason,
                replacement_text=row.extract if row.decision == AktDecision.PARTIAL else "",
            )
        )
    return items


@transaction.atomic
def access_answer_send(*, user: User, request: AccessRequest, version: int) -> AccessAnswer:
    """Answer the request as reviewed (the review `version` the caseworker saw): store the akter given as
    one PDF/A with the aktliste and a zip (casefile bundle), send the letter with the aktliste (and,
    where something is withheld, the begrundelse and klagevejledning) through the letter path, and log
    the delivery as an export. The same form sent twice answers once."""
    require_role_in(user, request.case.municipality_id, *WRITE_CASES)
    request = _locked(request)
    _require_open(request)
    review = AccessReview.objects.select_for_update().filter(request=request).first()
    if review is None or review.version == 0:
        raise ValidationError(_("Gennemgå sagens akter, og gem gennemgangen, før du sender svaret."))
    if review.version != version:
        raise _stale(review)
    rows = review_rows(request)
    errors = []
    for row in rows:
        label = _("Akt %(number)d (%(title)s)") % {"number": row.number, "title": row.akt.title}
        if not row.saved:
            errors.append(
                _("%(akt)s er kommet i sagen, efter at gennemgangen blev gemt. Gennemgå den, og gem igen.")
                % {"akt": label}
            )
            continue
        problems = _choice_errors(
            AktChoice(row.akt.key, row.decision, row.ground, row.reason, row.extract), 0, request.scope, label
        )
        errors.extend(problems.values())
    if errors:
        raise ValidationError(errors)
    case = request.case
    asked = [row for row in rows if row.decision != AktDecision.NOT_REQUESTED]
    given = [row for row in asked if row.gives]
    withheld = [row for row in asked if row.withholds]
    outcome = Outcome.FULL if not withheld else (Outcome.PARTIAL if given else Outcome.REFUSED)
    spec = case.standard_version.spec
    title = _("Aktindsigt i sag %(number)s") % {"number": case.number}
    # Nothing to hand over when every akt is withheld in full: the letter's aktliste is the answer.
    items = _bundle_items(rows)
    bundle = None
    if given:
        bundle = bundle_store(
            user=user,
            case=case,
            purpose=CaseFileBundle.Purpose.ACCESS,
            title=title,
            intro=_(
                "Akter udleveret efter anmodning om aktindsigt modtaget %(date)s (forvaltningsloven § 9). "
                "Aktlisten viser de akter, anmodningen omfatter, og grundlaget for de akter, der er undtaget."
            )
            % {"date": _date(request.received_on)},
            items=items,
        )
    bundle_id = str(bundle.id) if bundle is not None else None
    entries = _entries(rows)
    body = answer_body(
        entries=entries,
        received_on=request.received_on,
        scope=request.scope,
        documents=request.documents,
        service_title=spec.service.title,
        case_number=case.number,
        municipality_name=case.municipality.name,
        enclosed=bundle is not None,
    )
    today = clock.today()
    draft = letter_compose(
        kind=LetterKind.ACCESS_ANSWER, case=case, recipient=_recipient(request, today), body=body
    )
    letter = letter_send(user=user, draft=draft)
    answer = AccessAnswer.objects.create(
        request=request,
        letter=letter,
        bundle_id=bundle.id if bundle is not None else None,
        outcome=outcome,
        aktliste=[entry.to_data() for entry in entries],
        answered_at=clock.now(),
        answered_by=user,
    )
    request.answered_on = today
    request.save(update_fields=["answered_on"])
    access_log(
        user=user,
        action=AccessAction.EXPORT,
        what="aktindsigt: udlevering",
        case=case,
        detail=f"bundle {bundle_id}; {len(given)} af {len(asked)} akter",
    )
    event_record(
        user=user,
        kind="fileaccess.answered",
        case=case,
        after={
            "request": str(request.id),
            "outcome": outcome,
            "letter": str(letter.id),
            "bundle": bundle_id,
            "given": [row.akt.key for row in given],
            "withheld": {row.akt.key: [row.decision, row.ground] for row in withheld},
        },
    )
    return answer
