"""The complaint's records as akter of the case (registered with casefile.akter.register_akt_source).

Keys hold the complaint's UUID and never personal data: "complaint:<uuid>", "complaint-lateness:<uuid>",
"reconsideration:<uuid>", "appeal-outcome:<uuid>", "implementation:<uuid>", "complaint-withdrawal:<uuid>".
The forwarding itself is the letter to the citizen (a letter akt); Ankestyrelsen's decision, when
uploaded, is a case document (a document akt).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.utils import timezone
from django.utils.translation import gettext as _

from visitator.casefile.akter import Akt, danish_date

from .models import Complaint, LatenessDecision
from .state import step

if TYPE_CHECKING:
    from visitator.cases.models import Case


def _name(user: Any) -> str:
    return (user.get_full_name() or user.get_username()) if user is not None else ""


def _lines(*lines: str) -> str:
    return "\n".join(line for line in lines if line)


def _blocks(*blocks: str) -> str:
    return "\n\n".join(b.strip() for b in blocks if b and b.strip())


def received_at(complaint: Complaint) -> dt.datetime:
    """When the complaint entered the case: its registration, or the end of the day it was received
    when it was registered on a later day."""
    end_of_day = timezone.make_aware(dt.datetime.combine(complaint.received_on, dt.time(23, 59)))
    return min(complaint.registered_at, end_of_day)


def complaint_key(complaint: Complaint) -> str:
    return f"complaint:{complaint.id}"


def reconsideration_key(complaint: Complaint) -> str:
    return f"reconsideration:{complaint.id}"


def deadline_lines(complaint: Complaint) -> list[str]:
    """The complaint deadline, how it was computed, and whether the complaint came in time."""
    letter = complaint.decision.letter
    if complaint.complaint_deadline is None:
        return [
            _(
                "Klagefrist: ingen. Afgørelsen blev sendt uden "
                "klagefrist (klagevejledning), så fristen løber "
                "ikke, og klagen er ikke for sen."
            )
        ]
    via = _("Digital Post") if letter.channel == "digital_post" else _("almindelig post")
    lines = [
        _("Afgørelsen blev sendt den %(date)s med %(via)s og regnes for modtaget den %(receipt)s.")
        % {"date": danish_date(letter.letter_date), "via": via, "receipt": danish_date(letter.receipt_on)},
        _("Klagefrist: %(deadline)s.") % {"deadline": danish_date(complaint.complaint_deadline)},
    ]
    if complaint.late:
        lines.append(
            _("Klagen er modtaget efter klagefristen (%(days)d dage efter).")
            % {"days": (complaint.received_on - complaint.complaint_deadline).days}
        )
        message = (
            letter.digital_post_messages.order_by("available_at").first()
            if letter.channel == "digital_post"
            else None
        )
        if message is not None:
            lines.append(
                _(
                    "Forsendelseslog: brevet var tilgængeligt i den digitale "
                    "postkasse %(at)s (besked-id %(id)s)."
                )
                % {
                    "at": timezone.localtime(message.available_at).strftime("%d.%m.%Y kl. %H:%M"),
                    "id": message.message_id,
                }
            )
    else:
        lines.append(_("Klagen er modtaget inden for klagefristen."))
    return lines


def complaint_text(complaint: Complaint) -> str:
    decision = complaint.decision
    representative = complaint.representative
    who = (
        _("%(name)s (borgeren)") % {"name": complaint.complainant_name}
        if representative is None
        else _("%(name)s (%(kind)s) på borgerens vegne")
        % {"name": complaint.complainant_name, "kind": representative.get_kind_display()}
    )
    documents = [d.title for d in complaint.documents.all()]
    return _blocks(
        _lines(
            _("Klage over afgørelsen af %(date)s: %(outcome)s.")
            % {"date": danish_date(decision.decided_on), "outcome": decision.get_outcome_display()},
            _("Modtaget: %(date)s via %(channel)s.")
            % {
                "date": danish_date(complaint.received_on),
                "channel": complaint.get_channel_display().lower(),
            },
            _("Klager: %(who)s.") % {"who": who},
        ),
        _lines(*deadline_lines(complaint)),
        _("Frist for genvurdering og oversendelse til Ankestyrelsen: %(date)s.")
        % {"date": danish_date(complaint.reconsideration_deadline)},
        _lines(_("Klagens indhold:"), complaint.text),
        _lines(_("Notat om den mundtlige klage:"), complaint.oral_note) if complaint.oral_note else "",
        _lines(_("Bilag (lagt på sagen som dokumenter):"), *[f"• {t}" for t in documents])
        if documents
        else "",
    )


def complaint_akter(case: Case) -> list[Akt]:
    akter: list[Akt] = []
    complaints = (
        Complaint.objects.filter(case=case)
        .select_related(
            "decision",
            "decision__letter",
            "representative",
            "registered_by",
            "lateness__by",
            "reconsideration__by",
            "appeal_outcome__by",
            "implementation__by",
            "implementation__decision",
            "withdrawal__by",
        )
        .prefetch_related("documents")
        .order_by("received_on", "registered_at")
    )
    for complaint in complaints:
        akter.append(
            Akt(
                key=complaint_key(complaint),
                at=received_at(complaint),
                kind=_("Klage"),
                title=_("Klage over afgørelsen af %(date)s")
                % {"date": danish_date(complaint.decision.decided_on)},
                text=complaint_text(complaint),
                filename="klage.pdf",
                by=_name(complaint.registered_by),
            )
        )
        lateness = step(complaint, "lateness")
        if lateness is not None:
            akter.append(
                Akt(
                    key=f"complaint-lateness:{complaint.id}",
                    at=lateness.at,
                    kind=_("Notat"),
                    title=_("For sen klage: %(choice)s") % {"choice": lateness.get_choice_display().lower()},
                    text=_blocks(
                        lateness.get_choice_display() + ".",
                        _lines(_("Begrundelse:"), lateness.reason) if lateness.reason else "",
                        _("Ankestyrelsen afgør, om klagen kan behandles, selv om fristen er overskredet.")
                        if lateness.choice == LatenessDecision.Choice.FORWARD
                        else "",
                    ),
                    filename="for-sen-klage.pdf",
                    by=_name(lateness.by),
                )
            )
        reconsideration = step(complaint, "reconsideration")
        if reconsideration is not None:
            akter.append(
                Akt(
                    key=reconsideration_key(complaint),
                    at=reconsideration.at,
                    kind=_("Genvurdering"),
                    title=_("Genvurdering: %(outcome)s")
                    % {"outcome": reconsideration.get_outcome_display().lower()},
                    text=_blocks(
                        _("Genvurdering af klagen modtaget %(date)s (retssikkerhedsloven § 66).")
                        % {"date": danish_date(complaint.received_on)},
                        _("Resultat: %(outcome)s.") % {"outcome": reconsideration.get_outcome_display()},
                        _lines(_("Begrundelse:"), reconsideration.reasons) if reconsideration.reasons else "",
                    ),
                    filename="genvurdering.pdf",
                    by=_name(reconsideration.by),
                )
            )
        outcome = step(complaint, "appeal_outcome")
        if outcome is not None:
            akter.append(
                Akt(
                    key=f"appeal-outcome:{complaint.id}",
                    at=outcome.at,
                    kind=_("Notat"),
                    title=_("Ankestyrelsens afgørelse: %(outcome)s")
                    % {"outcome": outcome.get_outcome_display().lower()},
                    text=_blocks(
                        _("Ankestyrelsens afgørelse er modtaget %(date)s: %(outcome)s.")
                        % {
                            "date": danish_date(outcome.received_on),
                            "outcome": outcome.get_outcome_display(),
                        },
                        _("Sagen er genoptaget med ny frist for afgørelse %(date)s.")
                        % {"date": danish_date(outcome.new_deadline)}
                        if outcome.new_deadline
                        else "",
                        outcome.note,
                    ),
                    filename="ankestyrelsens-afgoerelse.pdf",
                    by=_name(outcome.by),
                )
            )
        done = step(complaint, "implementation")
        if done is not None:
            akter.append(
                Akt(
                    key=f"implementation:{complaint.id}",
                    at=done.at,
                    kind=_("Notat"),
                    title=_("Ankestyrelsens afgørelse er udført"),
                    text=_blocks(
                        done.note,
                        _("Ny afgørelse: %(date)s (%(outcome)s).")
                        % {
                            "date": danish_date(done.decision.decided_on),
                            "outcome": done.decision.get_outcome_display(),
                        }
                        if done.decision
                        else "",
                    ),
                    filename="udfoerelse.pdf",
                    by=_name(done.by),
                )
            )
        withdrawal = step(complaint, "withdrawal")
        if withdrawal is not None:
            akter.append(
                Akt(
                    key=f"complaint-withdrawal:{complaint.id}",
                    at=withdrawal.at,
                    kind=_("Notat"),
                    title=_("Klagen er trukket tilbage"),
                    text=_blocks(
                        _("Klagen blev trukket tilbage %(date)s.")
                        % {"date": danish_date(withdrawal.received_on)},
                        withdrawal.note,
                    ),
                    filename="klage-trukket-tilbage.pdf",
                    by=_name(withdrawal.by),
                )
            )
    return akter
