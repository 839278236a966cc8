"""Reading letters: permission-filtered; reads of personal data leave access-log rows."""

from __future__ import annotations

import hashlib
import uuid

from django.contrib.auth.models import AnonymousUser, User
from django.db import transaction

from visitator.audit.models import AccessAction, AccessLog
from visitator.audit.services import access_log
from visitator.cases.models import Case
from visitator.core import clock
from visitator.organisation.roles import READ_CASES, WRITE_CASES, require_role

from .models import Letter, PrintJob

#: The print queue page shows at most this many letters (the oldest; print them and the next appear).
PRINT_QUEUE_LIMIT = 200


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


@transaction.atomic
def print_queue(*, user: User | AnonymousUser, limit: int = PRINT_QUEUE_LIMIT) -> list[PrintJob]:
    """Letters of the user's municipality waiting to be printed, the oldest `limit` first.

    Every recipient shown is logged as viewed on the print queue (one INSERT for the page).
    """
    membership = require_role(user, *WRITE_CASES)
    assert isinstance(user, User)
    jobs = list(
        PrintJob.objects.filter(
            letter__case__municipality_id=membership.unit.municipality_id, printed__isnull=True
        )
        .select_related("letter", "letter__case")
        .order_by("queued_at", "id")[:limit]
    )
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
    return jobs


def print_job_get(*, user: User | AnonymousUser, job_id: int) -> PrintJob:
    """A print job of the user's municipality; PrintJob.DoesNotExist otherwise."""
    membership = require_role(user, *WRITE_CASES)
    return PrintJob.objects.select_related("letter__case").get(
        id=job_id, letter__case__municipality_id=membership.unit.municipality_id
    )
