"""Delivering a sent letter: a small interface and its local implementations (DESIGN principle 7).

* `LocalDigitalPost` behaves like Digital Post as far as the case is concerned: the message is in
  the recipient's mailbox the moment it is sent, so the letter counts as received on its date. It
  stores the message in `DigitalPostMessage` (the only place the recipient's CPR number is kept).
* `PrintQueue` queues a physical letter (`PrintJob`); staff print it from the print queue page and
  mark it printed (`PrintJobPrinted`).

The real Digital Post (NgDP) adapter implements the same `deliver`; docs/letters.md says what it
must do. Setting ``VISITATOR_DIGITAL_POST_CHANNEL`` (a dotted path) chooses the Digital Post
implementation; the default is the local one.
"""

from __future__ import annotations

from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

from .compose import Channel
from .models import DigitalPostMessage, Letter, PrintJob


class LetterChannel(Protocol):
    def deliver(self, letter: Letter, pdf: bytes, *, recipient_identifier: str) -> None:
        """Hand the letter over for delivery, inside the sending transaction. `recipient_identifier`:
        the CPR or CVR number of the mailbox (the citizen's, or a representative's own)."""


class LocalDigitalPost:
    """Digital Post on a laptop and in tests: a mailbox table, available at once."""

    def deliver(self, letter: Letter, pdf: bytes, *, recipient_identifier: str) -> None:
        DigitalPostMessage.objects.create(
            letter=letter,
            recipient_identifier=recipient_identifier,
            available_at=letter.sent_at,
            metadata={
                "subject": letter.subject,
                "sender": letter.case.municipality.name,
                "case_number": letter.case.number,
                "kind": letter.kind,
                "sha256": letter.sha256,
                "size": letter.size,
                "content_type": "application/pdf",
            },
        )


class PrintQueue:
    """Physical letters: queued for printing and posting."""

    def deliver(self, letter: Letter, pdf: bytes, *, recipient_identifier: str) -> None:
        PrintJob.objects.create(letter=letter, queued_at=letter.sent_at)


def digital_post_channel() -> LetterChannel:
    path = getattr(settings, "VISITATOR_DIGITAL_POST_CHANNEL", "visitator.letters.dispatch.LocalDigitalPost")
    channel: LetterChannel = import_string(path)()
    return channel


def channel_for(channel: Channel | str) -> LetterChannel:
    """Digital Post for a recipient who has it, the print queue for everyone else."""
    if channel == Channel.DIGITAL_POST:
        return digital_post_channel()
    return PrintQueue()
