"""Sending: the letter is checked, rendered, stored immutably with its hash, delivered and logged."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import io

import pikepdf
import pytest
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, connection, transaction

from visitator.audit.models import AccessAction, AccessLog, Event
from visitator.core import clock
from visitator.core.append_only import AppendOnlyError
from visitator.letters.checks import LetterIncomplete
from visitator.letters.compose import Channel, LetterKind, SectionKey, letter_compose
from visitator.letters.models import DigitalPostMessage, Letter, PrintJob, PrintJobPrinted
from visitator.letters.selectors import LetterIntegrityError, letter_pdf
from visitator.letters.services import letter_preview, letter_send, print_job_mark_printed

pytestmark = pytest.mark.django_db


@pytest.fixture
def refusal(case, refusal_facts):
    return letter_compose(kind=LetterKind.REFUSAL, case=case, decision=refusal_facts)


def _stored_files(settings):
    root = settings.MEDIA_ROOT / "letters"
    return sorted(root.iterdir()) if root.exists() else []


def test_send_stores_the_pdf_with_its_hash_and_delivers_by_digital_post(
    refusal, case, caseworker, today, pdf_text, settings
):
    letter = letter_send(user=caseworker, draft=refusal)
    letter.refresh_from_db()
    assert letter.case == case and letter.citizen == case.citizen
    assert letter.kind == LetterKind.REFUSAL and letter.subject == refusal.subject
    assert letter.channel == Channel.DIGITAL_POST and letter.recipient_name == "Anna Jensen (testperson)"
    assert letter.letter_date == today and letter.receipt_on == today
    assert letter.complaint_deadline == dt.date(2026, 12, 28)
    assert letter.sent_by == caseworker and letter.sent_at == clock.now()
    assert letter.standard_version_id == case.standard_version_id
    # The file is named by the letter's UUID only: no name, case number or CPR number.
    assert letter.pdf.name == f"letters/{letter.id}.pdf"
    assert _stored_files(settings) == [settings.MEDIA_ROOT / letter.pdf.name]
    data = letter_pdf(letter)
    assert hashlib.sha256(data).hexdigest() == letter.sha256 and len(data) == letter.size
    text = pdf_text(data)
    for expected in (case.number, refusal.subject, "28. december 2026", "Ankestyrelsen", "§ 104"):
        assert expected in text
    with pikepdf.open(io.BytesIO(data)) as pdf:
        meta = pdf.open_metadata()
        assert meta["{http://www.aiim.org/pdfa/ns/id/}part"] == "2"
        assert meta["{http://www.aiim.org/pdfa/ns/id/}conformance"] == "A"
        assert len(pdf.pages) == letter.page_count
    [message] = DigitalPostMessage.objects.filter(letter=letter)
    assert message.recipient_identifier == case.citizen.cpr
    assert message.available_at == letter.sent_at
    assert message.metadata["sha256"] == letter.sha256 and message.metadata["subject"] == refusal.subject
    assert not PrintJob.objects.exists()


def test_send_logs_the_access_and_the_event_without_the_cpr_number(refusal, case, caseworker):
    letter = letter_send(user=caseworker, draft=refusal)
    log = AccessLog.objects.get(what="sag: brev")
    assert log.action == AccessAction.CREATE and log.case_id == case.id and log.citizen_id == case.citizen_id
    assert log.detail == str(letter.id)
    event = Event.objects.get(kind="letter.sent")
    assert event.case_id == case.id
    assert event.after == {
        "letter": str(letter.id),
        "kind": "refusal",
        "channel": "digital_post",
        "sha256": letter.sha256,
        "receipt_on": "2026-11-27",
        "complaint_deadline": "2026-12-28",
    }
    assert case.citizen.cpr not in str(event.after) and case.citizen.cpr not in log.detail


def test_a_physical_letter_goes_to_the_print_queue(physical_case, refusal_facts, caseworker):
    draft = letter_compose(kind=LetterKind.REFUSAL, case=physical_case, decision=refusal_facts)
    letter = letter_send(user=caseworker, draft=draft)
    assert letter.channel == Channel.PHYSICAL
    assert letter.receipt_on == dt.date(2026, 12, 7) and letter.complaint_deadline == dt.date(2027, 1, 4)
    job = PrintJob.objects.get(letter=letter)
    assert job.queued_at == letter.sent_at
    assert not DigitalPostMessage.objects.exists()
    printed = print_job_mark_printed(user=caseworker, job=job)
    assert printed.printed_by == caseworker and printed.job == job
    assert Event.objects.filter(kind="letter.printed").count() == 1
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="allerede"):
        print_job_mark_printed(user=caseworker, job=job)
    assert PrintJobPrinted.objects.count() == 1


def test_a_sent_letter_cannot_be_changed_or_deleted(refusal, caseworker):
    letter = letter_send(user=caseworker, draft=refusal)
    letter.subject = "Noget andet"
    with pytest.raises(AppendOnlyError, match="Letter er kun til tilføjelse og kan ikke ændres"):
        letter.save()
    with pytest.raises(AppendOnlyError, match="Letter er kun til tilføjelse og kan ikke slettes"):
        letter.delete()
    with pytest.raises(AppendOnlyError, match="Letter er kun til tilføjelse og kan ikke ændres"):
        Letter.objects.filter(pk=letter.pk).update(subject="x")
    with pytest.raises(AppendOnlyError, match="Letter er kun til tilføjelse og kan ikke slettes"):
        Letter.objects.filter(pk=letter.pk).delete()
    message = DigitalPostMessage.objects.get(letter=letter)
    with pytest.raises(AppendOnlyError, match="DigitalPostMessage er kun til tilføjelse og kan ikke slettes"):
        message.delete()
    assert Letter.objects.get(pk=letter.pk).subject == refusal.subject


def test_a_changed_file_is_detected(refusal, caseworker):
    letter = letter_send(user=caseworker, draft=refusal)
    with open(letter.pdf.path, "ab") as stored:
        stored.write(b"%tampered")
    with pytest.raises(LetterIntegrityError, match="stored PDF does not match its SHA-256"):
        letter_pdf(letter)


def test_an_incomplete_letter_raises_and_writes_nothing(case, refusal, caseworker, settings):
    draft = dataclasses.replace(
        refusal, sections=tuple(s for s in refusal.sections if s.key != SectionKey.COMPLAINT)
    )
    logs_before = AccessLog.objects.count()
    events_before = Event.objects.count()
    with pytest.raises(LetterIncomplete, match="Klagevejledningen mangler") as raised:
        letter_send(user=caseworker, draft=draft)
    assert raised.value.problems == ["Klagevejledningen mangler (forvaltningsloven § 25)."]
    assert not Letter.objects.exists() and not DigitalPostMessage.objects.exists()
    assert _stored_files(settings) == []
    assert AccessLog.objects.count() == logs_before and Event.objects.count() == events_before


def test_every_problem_is_reported_at_once(case, caseworker):
    draft = letter_compose(kind=LetterKind.REFUSAL, case=case)
    with pytest.raises(
        LetterIncomplete, match="Begrundelsen mangler de oplysninger om sagens faktiske omstændigheder"
    ) as raised:
        letter_send(user=caseworker, draft=draft)
    assert len(raised.value.problems) == 4


def test_a_draft_from_another_day_is_not_sent(refusal, caseworker, today):
    with clock.frozen(today + dt.timedelta(days=1)), pytest.raises(LetterIncomplete, match="Dan brevet igen"):
        letter_send(user=caseworker, draft=refusal)
    assert not Letter.objects.exists()


def test_another_municipalitys_caseworker_cannot_send(refusal, other_caseworker):
    with pytest.raises(PermissionDenied, match="^$"):  # not theirs: no message
        letter_send(user=other_caseworker, draft=refusal)
    assert not Letter.objects.exists()


def test_a_team_leader_cannot_send(refusal, team_leader):
    with pytest.raises(PermissionDenied, match="Du har ikke adgang til denne funktion"):
        letter_send(user=team_leader, draft=refusal)
    assert not Letter.objects.exists()


def test_a_preview_renders_without_storing(refusal, settings, pdf_text):
    pdf = letter_preview(refusal)
    assert refusal.subject in pdf_text(pdf)
    assert not Letter.objects.exists() and _stored_files(settings) == []


def test_a_failing_delivery_leaves_no_row_and_no_file(refusal, caseworker, settings, monkeypatch):
    from visitator.letters import dispatch

    def broken(self, letter, pdf, *, recipient_identifier):
        raise RuntimeError("Digital Post er nede")

    monkeypatch.setattr(dispatch.LocalDigitalPost, "deliver", broken)
    with pytest.raises(RuntimeError, match="Digital Post er nede"):
        letter_send(user=caseworker, draft=refusal)
    assert not Letter.objects.exists() and _stored_files(settings) == []


def test_the_digital_post_channel_is_a_setting(refusal, caseworker, settings):
    settings.VISITATOR_DIGITAL_POST_CHANNEL = "visitator.letters.dispatch.PrintQueue"
    letter = letter_send(user=caseworker, draft=refusal)
    assert PrintJob.objects.filter(letter=letter).exists() and not DigitalPostMessage.objects.exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL only")
@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE letters_letter SET subject = 'x'",
        "DELETE FROM letters_letter",
        "UPDATE letters_digitalpostmessage SET recipient_identifier = 'x'",
    ],
)
def test_postgres_refuses_update_and_delete_on_letters(refusal, caseworker, sql):
    letter_send(user=caseworker, draft=refusal)
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql)
    assert Letter.objects.exists()
