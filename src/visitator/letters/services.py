"""Sending letters. One write path: check, render, store with the hash, deliver, log; one transaction."""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _

from visitator.audit.models import AccessAction
from visitator.audit.services import access_log, event_record
from visitator.cases.models import Case
from visitator.core import clock
from visitator.organisation.models import Unit
from visitator.organisation.roles import ADMINISTRATOR, WRITE_CASES, find_membership, require_role_in

from .checks import LetterIncomplete, letter_check
from .compose import LetterDraft, contact_for
from .dispatch import channel_for
from .legal_text import danish_date
from .models import Letter, PrintJob, PrintJobPrinted, StaffContact, UnitContact
from .render import letter_render

logger = logging.getLogger(__name__)


def letter_preview(draft: LetterDraft) -> bytes:
    """The PDF the draft would become, without checking, storing or sending it. It says "Udkast" at
    the top, so a preview that is printed or saved is never taken for a sent letter."""
    return letter_render(draft, preview=True).pdf


def _with_sender(draft: LetterDraft, user: User, case: Case) -> LetterDraft:
    """A case without a caseworker: the contact block names the person who sends the letter."""
    if draft.contact is None or draft.contact.caseworker_name.strip():
        return draft
    return replace(draft, contact=contact_for(case, user))


@transaction.atomic
def letter_send(*, user: User, draft: LetterDraft) -> Letter:
    """Send a letter: refuse it with every missing element (nothing written), else render it as
    PDF/A, store it immutably with its SHA-256, deliver it, and log the access and the event."""
    case = Case.objects.select_related("municipality", "citizen").get(pk=draft.case_id)
    require_role_in(user, case.municipality_id, *WRITE_CASES)
    draft = _with_sender(draft, user, case)
    problems = letter_check(draft)
    today = clock.today()
    if draft.letter_date != today:
        with translation.override("da"):
            problems.append(
                _("Brevet er dateret den %(date)s, men sendes i dag. Dan brevet igen, så datoen passer.")
                % {"date": danish_date(draft.letter_date)}
            )
    if problems:
        raise LetterIncomplete(problems)
    sent_at = clock.now()
    rendered = letter_render(draft, created_at=sent_at)
    letter = Letter(
        case=case,
        citizen=case.citizen,
        kind=draft.kind,
        subject=draft.subject[:300],
        recipient_name=draft.recipient.name[:200],
        on_behalf_of=draft.recipient.on_behalf_of[:200],
        channel=draft.channel,
        letter_date=draft.letter_date,
        receipt_on=draft.receipt_on,
        complaint_deadline=draft.complaint_deadline,
        standard_version_id=draft.standard_version_id,
        sent_at=sent_at,
        sent_by=user,
        sha256=rendered.sha256,
        size=rendered.size,
        page_count=rendered.page_count,
    )
    letter.pdf.save(f"{letter.id}.pdf", ContentFile(rendered.pdf), save=False)
    try:
        letter.save()
        channel_for(draft.channel).deliver(
            letter, rendered.pdf, recipient_identifier=draft.recipient.digital_post_id or case.citizen.cpr
        )
        access_log(user=user, action=AccessAction.CREATE, what="sag: brev", case=case, detail=str(letter.id))
        event_record(
            user=user,
            kind="letter.sent",
            case=case,
            after={
                "letter": str(letter.id),
                "kind": str(draft.kind),
                "channel": str(draft.channel),
                "sha256": rendered.sha256,
                "receipt_on": draft.receipt_on.isoformat(),
                "complaint_deadline": draft.complaint_deadline.isoformat()
                if draft.complaint_deadline
                else None,
            },
        )
    except BaseException:
        # The row is rolled back with the transaction; the file is not, so remove it here.
        letter.pdf.storage.delete(letter.pdf.name)
        raise
    transaction.on_commit(lambda: logger.info("letter %s sent (%s)", letter.id, draft.channel))
    return letter


@transaction.atomic
def print_job_mark_printed(*, user: User, job: PrintJob) -> PrintJobPrinted:
    """Record that a queued letter was printed (once; the job itself is never changed)."""
    job = PrintJob.objects.select_related("letter__case__municipality").get(pk=job.pk)
    case = job.letter.case
    require_role_in(user, case.municipality_id, *WRITE_CASES)
    try:
        with transaction.atomic():
            printed = PrintJobPrinted.objects.create(job=job, printed_at=clock.now(), printed_by=user)
    except IntegrityError as exc:
        raise ValidationError(_("Brevet er allerede markeret som printet.")) from exc
    access_log(
        user=user, action=AccessAction.EXPORT, what="sag: brev printet", case=case, detail=str(job.letter_id)
    )
    event_record(user=user, kind="letter.printed", case=case, after={"letter": str(job.letter_id)})
    return printed


# -- the contact block: the administrator's settings ------------------------------------------------


def _phone_problem(phone: str) -> str:
    """A Danish phone number: 8 digits, spaces allowed, optionally after +45."""
    digits = phone.replace(" ", "")
    digits = digits.removeprefix("+45")
    if len(digits) != 8 or not digits.isdigit():
        return _("Skriv et dansk telefonnummer med 8 cifre, fx 99 99 10 00.")
    return ""


def _stale(model_name: str, current: Any) -> ValidationError:
    who = current.updated_by.get_full_name() if current.updated_by else ""
    return ValidationError(
        _(
            "%(what)s er ændret af en anden (%(who)s), siden du åbnede siden. Dine ændringer er ikke gemt, "
            "men står stadig i felterne. Se de gemte oplysninger, og gem igen, hvis dine skal gælde."
        )
        % {"what": model_name, "who": who or _("ukendt")}
    )


@transaction.atomic
def unit_contact_save(
    *,
    user: User,
    unit: Unit,
    version: int,
    address_line: str,
    postcode: str,
    city: str,
    phone: str,
    email: str,
    opening_hours: str,
) -> UnitContact:
    """Save the unit's contact block. `version` is the version the form showed (0: none yet); a save
    on top of someone else's is refused with a Danish message and changes nothing."""
    require_role_in(user, unit.municipality_id, ADMINISTRATOR)
    values = {
        "address_line": " ".join(address_line.split()),
        "postcode": postcode.strip(),
        "city": " ".join(city.split()),
        "phone": " ".join(phone.split()),
        "email": email.strip(),
        "opening_hours": " ".join(opening_hours.split()),
    }
    errors: dict[str, str] = {}
    for name, message in [
        ("address_line", _("Skriv enhedens adresse.")),
        ("city", _("Skriv byen.")),
        ("opening_hours", _("Skriv hvornår borgerne kan ringe eller komme, fx »Mandag-fredag 9-12«.")),
    ]:
        if not values[name]:
            errors[name] = message
    if not (len(values["postcode"]) == 4 and values["postcode"].isdigit()):
        errors["postcode"] = _("Skriv et postnummer med 4 cifre.")
    if problem := _phone_problem(values["phone"]):
        errors["phone"] = problem
    try:
        validate_email(values["email"])
    except ValidationError:
        errors["email"] = _("Skriv en gyldig e-mailadresse, fx bevilling@kommune.dk.")
    if errors:
        raise ValidationError(errors)
    current = UnitContact.objects.select_for_update().filter(unit=unit).first()
    if (current.version if current else 0) != version:
        if current is None:
            raise ValidationError(_("Kontaktoplysningerne er slettet, siden du åbnede siden. Gem igen."))
        raise _stale(_("Enhedens kontaktoplysninger"), current)
    before = {k: getattr(current, k) for k in values} if current else None
    contact = current or UnitContact(unit=unit, version=0)
    for name, value in values.items():
        setattr(contact, name, value)
    contact.version += 1
    contact.updated_at = clock.now()
    contact.updated_by = user
    contact.save()
    event_record(
        user=user,
        kind="letters.unit_contact_saved",
        municipality=unit.municipality,
        before=before,
        after={"unit": str(unit.pk), **values},
    )
    return contact


@transaction.atomic
def staff_contact_save(*, user: User, staff: User, version: int, direct_phone: str) -> StaffContact:
    """Save a caseworker's direct line (printed with the name on every letter the caseworker sends)."""
    membership = require_role_in(user, _municipality_of(staff), ADMINISTRATOR)
    phone = " ".join(direct_phone.split())
    if problem := _phone_problem(phone):
        raise ValidationError({"direct_phone": problem})
    current = StaffContact.objects.select_for_update().filter(user=staff).first()
    if (current.version if current else 0) != version:
        if current is None:
            raise ValidationError(_("Telefonnummeret er slettet, siden du åbnede siden. Gem igen."))
        raise _stale(_("Det direkte telefonnummer"), current)
    before = {"direct_phone": current.direct_phone} if current else None
    contact = current or StaffContact(user=staff, version=0)
    contact.direct_phone = phone
    contact.version += 1
    contact.updated_at = clock.now()
    contact.updated_by = user
    contact.save()
    event_record(
        user=user,
        kind="letters.staff_contact_saved",
        municipality=membership.unit.municipality,
        before=before,
        after={"staff": staff.get_username(), "direct_phone": phone},
    )
    return contact


def _municipality_of(staff: User) -> object:
    membership = find_membership(staff)
    if membership is None:
        raise PermissionDenied
    return membership.unit.municipality_id
