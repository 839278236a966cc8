"""Reading letters: permission-filtered; reads of personal data leave access-log rows."""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser, User
from django.db import transaction
from django.db.models import Q

from visitator.audit.models import AccessAction, AccessLog
from visitator.audit.services import access_log
from visitator.cases.models import Case
from visitator.cases.selectors import BadCursor, decode_cursor, encode_cursor
from visitator.core import clock
from visitator.organisation.roles import READ_CASES, WRITE_CASES, require_role

from .models import Letter, PrintJob

#: Letters on one page of the print queue (the oldest first).
PRINT_QUEUE_PAGE = 50


class LetterIntegrityError(RuntimeError):
    """The stored PDF no longer matches the SHA-256 recorded when the letter was sent."""


def letters_for_case(case: Case) -> list[Letter]:
    """The letters sent in a case, oldest first (for a case page that has already checked access)."""
    return list(Letter.objects.filter(case=case).select_related("sent_by").order_by("sent_at", "id"))


def letter_get(*, user: User | AnonymousUser, case_id: uuid.UUID, letter_id: uuid.UUID) -> Letter:
    """One letter of a case in the user's municipality; Letter.DoesNotExist otherwise."""
    membership = require_role(user, *READ_CASES)
    return Letter.objects.select_related("case", "case__municipality").get(
        id=letter_id, case_id=case_id, case__municipality_id=membership.unit.municipality_id
    )


def letter_pdf(letter: Letter) -> bytes:
    """The stored PDF, after checking it against the recorded SHA-256."""
    with letter.pdf.open("rb") as stored:
        data = stored.read()
    if hashlib.sha256(data).hexdigest() != letter.sha256:
        raise LetterIntegrityError(f"letter {letter.id}: stored PDF does not match its SHA-256")
    return data


@transaction.atomic
def letter_download(
    *, user: User | AnonymousUser, case_id: uuid.UUID, letter_id: uuid.UUID
) -> tuple[Letter, bytes]:
    """A letter and its checked PDF; the download is access-logged."""
    letter = letter_get(user=user, case_id=case_id, letter_id=letter_id)
    data = letter_pdf(letter)
    access_log(
        user=user, action=AccessAction.DOWNLOAD, what="sag: brev", case=letter.case, detail=str(letter.id)
    )
    return letter, data


@dataclass
class PrintQueuePage:
    jobs: list[PrintJob]
    #: The cursor of the next page (queued time and letter id: no personal data), None on the last.
    next_cursor: str | None


@transaction.atomic
def print_queue(
    *, user: User | AnonymousUser, after: str | None = None, limit: int = PRINT_QUEUE_PAGE
) -> PrintQueuePage:
    """Letters of the user's municipality waiting to be printed, oldest first, a page at a time
    (keyset on (queued_at, letter_id), the worklist's cursor). BadCursor for a cursor that cannot be
    read.

    Every recipient shown is logged as viewed on the print queue (one INSERT for the page).
    """
    membership = require_role(user, *WRITE_CASES)
    assert isinstance(user, User)
    qs = PrintJob.objects.filter(
        letter__case__municipality_id=membership.unit.municipality_id, printed__isnull=True
    )
    if after:
        key, letter_id = decode_cursor(after)
        if not isinstance(key, dt.datetime):
            raise BadCursor("not a print-queue cursor")
        qs = qs.filter(queued_at__gte=key).filter(
            Q(queued_at__gt=key) | Q(queued_at=key, letter_id__gt=letter_id)
        )
    jobs = list(qs.select_related("letter", "letter__case").order_by("queued_at", "letter_id")[: limit + 1])
    more = len(jobs) > limit
    jobs = jobs[:limit]
    now = clock.now()
    AccessLog.objects.bulk_create(
        [
            AccessLog(
                at=now,
                user=user,
                username=user.get_username(),
                municipality_id=membership.unit.municipality_id,
                action=AccessAction.VIEW,
                citizen_id=job.letter.citizen_id,
                case_id=job.letter.case_id,
                what="printkø",
                detail=str(job.letter_id),
            )
            for job in jobs
        ]
    )
    cursor = encode_cursor(jobs[-1].queued_at, jobs[-1].letter_id) if more and jobs else None
    return PrintQueuePage(jobs, cursor)


def print_job_get(*, user: User | AnonymousUser, job_id: int) -> PrintJob:
    """A print job of the user's municipality; PrintJob.DoesNotExist otherwise."""
    membership = require_role(user, *WRITE_CASES)
    return PrintJob.objects.select_related("letter__case").get(
        id=job_id, letter__case__municipality_id=membership.unit.municipality_id
    )
