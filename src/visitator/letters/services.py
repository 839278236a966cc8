"""Sending letters. One write path: check, render, store with the hash, deliver, log; one transaction."""

from __future__ import annotations

import logging

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _

from visitator.audit.models import AccessAction
from visitator.audit.services import access_log, event_record
from visitator.cases.models import Case
from visitator.core import clock
from visitator.organisation.roles import WRITE_CASES, require_role_in

from .checks import LetterIncomplete, letter_check
from .compose import LetterDraft
from .dispatch import channel_for
from .legal_text import danish_date
from .models import Letter, PrintJob, PrintJobPrinted
from .render import letter_render

logger = logging.getLogger(__name__)


def letter_preview(draft: LetterDraft) -> bytes:
    """The PDF the draft would become, without checking, storing or sending it."""
    return letter_render(draft).pdf


@transaction.atomic
def letter_send(*, user: User, draft: LetterDraft) -> Letter:
    """Send a letter: refuse it with every missing element (nothing written), else render it as
    PDF/A, store it immutably with its SHA-256, deliver it, and log the access and the event."""
    case = Case.objects.select_related("municipality", "citizen").get(pk=draft.case_id)
    require_role_in(user, case.municipality_id, *WRITE_CASES)
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
        channel_for(draft.channel).deliver(letter, rendered.pdf)
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
