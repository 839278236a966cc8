"""Complaint services against the real database, with hand-worked dates.

The refusal letters go by Digital Post, so each counts as received the day it is sent, and the
complaint deadline is 4 weeks later: a decision sent Tuesday 3 November 2026 may be complained about
until Tuesday 1 December 2026 (an open day, so no moving of the deadline is involved)."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfReader

from visitator.audit.models import AccessLog, Event
from visitator.casefile.akter import case_akter
from visitator.cases.lifecycle import Status
from visitator.cases.models import Case, Document
from visitator.cases.selectors import case_timeline
from visitator.complaints import selectors, services, state
from visitator.complaints.models import (
    AppealOutcome,
    Complaint,
    Forwarding,
    LatenessDecision,
    Reconsideration,
)
from visitator.core import clock
from visitator.decisions import services as decision_services
from visitator.letters.models import Letter
from visitator.people.services import representative_add

from .conftest import REFUSAL, at

pytestmark = pytest.mark.django_db

D = dt.date
DECIDED = D(2026, 11, 3)  # Tuesday; Digital Post: complaint deadline Tuesday 1 December 2026


def register(user, decision, received_on, **kwargs):
    kwargs.setdefault("channel", "letter")
    kwargs.setdefault("text", "Jeg er uenig i afslaget. Caféen er ikke nok for mig.")
    with clock.frozen(at(received_on, 9)):
        return services.complaint_register(
            user=user, case=decision.case, decision=decision, received_on=received_on, **kwargs
        )


def current(complaint, day):
    complaint = Complaint.objects.get(pk=complaint.pk)
    decisions = list(complaint.case.decisions.all())
    return state.complaint_state(complaint, decisions=decisions, today=day)


def uphold(user, complaint, day, reasons="Netværkscaféen dækker behovet for samvær."):
    with clock.frozen(at(day, 10)):
        return services.complaint_reconsider(
            user=user, complaint=complaint, outcome="upheld", reasons=reasons
        )


def forward(user, complaint, day):
    with clock.frozen(at(day, 11)):
        return services.complaint_forward(user=user, complaint=complaint)


# -- registering, deadlines, late ---------------------------------------------------------------------


def test_the_letter_deadline_and_a_complaint_on_the_last_day_is_in_time(refused, caseworker):
    decision = refused(DECIDED)
    assert decision.letter.complaint_deadline == D(2026, 12, 1)
    complaint = register(caseworker, decision, D(2026, 12, 1))
    assert complaint.complaint_deadline == D(2026, 12, 1)
    assert complaint.late is False
    assert complaint.reconsideration_deadline == D(2026, 12, 29)
    assert complaint.act_by == D(2026, 12, 29)
    assert current(complaint, D(2026, 12, 1)).code == state.AWAITING_RECONSIDERATION
    assert current(complaint, D(2026, 12, 1)).deadline.days_left == 28


def test_a_complaint_the_day_after_the_deadline_is_late(refused, caseworker):
    decision = refused(DECIDED)
    complaint = register(caseworker, decision, D(2026, 12, 2))
    assert complaint.late is True
    # Wednesday 2 December + 4 weeks = Wednesday 30 December (31 December is closed, not involved).
    assert complaint.reconsideration_deadline == D(2026, 12, 30)
    assert current(complaint, D(2026, 12, 2)).code == state.LATE_PENDING


def test_reconsideration_deadline_on_christmas_day_is_acted_on_before_christmas(refused, caseworker):
    decision = refused(D(2026, 11, 2))
    complaint = register(caseworker, decision, D(2026, 11, 27), channel="email")
    assert complaint.reconsideration_deadline == D(2026, 12, 25)
    assert complaint.act_by == D(2026, 12, 23)


def test_a_letter_without_complaint_deadline_never_makes_a_complaint_late(refused, caseworker):
    """No klagevejledning: the deadline does not run (a decision recorded before letters had one)."""
    from visitator.decisions.models import Decision

    decision = refused(DECIDED)
    old = decision.letter
    letter = Letter.objects.create(
        case=old.case,
        citizen=old.citizen,
        kind=old.kind,
        subject=old.subject,
        recipient_name=old.recipient_name,
        channel=old.channel,
        letter_date=old.letter_date,
        receipt_on=old.receipt_on,
        complaint_deadline=None,
        standard_version=old.standard_version,
        sent_at=old.sent_at,
        sent_by=old.sent_by,
        pdf=old.pdf.name,
        sha256=old.sha256,
        size=old.size,
        page_count=old.page_count,
    )
    fields = {
        f.name: getattr(decision, f.name)
        for f in Decision._meta.concrete_fields
        if f.name not in ("id", "letter", "replaces")
    }
    without = Decision.objects.create(**{**fields, "letter": letter})
    complaint = register(caseworker, without, D(2027, 11, 3))
    assert complaint.complaint_deadline is None
    assert complaint.late is False
    assert current(complaint, D(2027, 11, 3)).code == state.AWAITING_RECONSIDERATION


def test_bad_input_is_refused_in_danish_and_nothing_is_written(refused, caseworker):
    decision = refused(DECIDED)
    with pytest.raises(ValidationError, match="skal skrives ned") as error:
        register(caseworker, decision, D(2026, 11, 20), channel="oral", oral_note=" ")
    assert "oral_note" in error.value.message_dict
    with pytest.raises(ValidationError, match="før afgørelsen blev sendt"):
        register(caseworker, decision, D(2026, 11, 2))
    with pytest.raises(ValidationError, match="Skriv hvad klagen går ud på"):
        register(caseworker, decision, D(2026, 11, 20), text="  ")
    with clock.frozen(at(D(2026, 11, 20))), pytest.raises(ValidationError, match="fremtiden"):
        services.complaint_register(
            user=caseworker,
            case=decision.case,
            decision=decision,
            received_on=D(2026, 11, 21),
            channel="letter",
            text="x",
        )
    assert not Complaint.objects.exists()


def test_an_oral_complaint_keeps_its_note(refused, caseworker):
    decision = refused(DECIDED)
    complaint = register(
        caseworker,
        decision,
        D(2026, 11, 20),
        channel="oral",
        oral_note="Borgeren ringede kl. 10 og sagde, at caféen ikke passer til hende.",
    )
    assert complaint.oral_note.startswith("Borgeren ringede")


def test_a_representative_with_power_of_attorney_may_complain_a_relative_may_not(refused, caseworker):
    decision = refused(DECIDED)
    citizen = decision.case.citizen
    with clock.frozen(at(DECIDED)):
        attorney = representative_add(
            user=caseworker,
            citizen=citizen,
            kind="fuldmagt",
            name="Advokat Berit Holm",
            valid_from=D(2026, 10, 1),
            power_of_attorney_received=D(2026, 10, 1),
            address_line="Torvet 1",
            postcode="9600",
            city="Aars",
        )
        relative = representative_add(
            user=caseworker,
            citizen=citizen,
            kind="paaroerende",
            name="Søster Lise",
            valid_from=D(2026, 10, 1),
        )
    with pytest.raises(ValidationError, match="retssikkerhedsloven § 60, stk. 2"):
        register(caseworker, decision, D(2026, 11, 20), representative=relative)
    complaint = register(caseworker, decision, D(2026, 11, 20), representative=attorney)
    assert complaint.complainant_name == "Advokat Berit Holm"


def test_documents_become_case_documents_and_a_bad_file_writes_nothing(refused, caseworker):
    decision = refused(DECIDED)
    bad = SimpleUploadedFile("klage.exe", b"MZ", content_type="application/octet-stream")
    with pytest.raises(ValidationError, match="Filtypen er ikke tilladt") as error:
        register(caseworker, decision, D(2026, 11, 20), uploads=[bad])
    assert "documents" in error.value.message_dict
    assert not Complaint.objects.exists() and not Document.objects.exists()
    letter = SimpleUploadedFile("klage.pdf", b"%PDF-1.4 klage", content_type="application/pdf")
    complaint = register(caseworker, decision, D(2026, 11, 20), uploads=[letter])
    [document] = complaint.documents.all()
    assert document.case_id == decision.case_id
    assert document.title == "Klage modtaget 20.11.2026: bilag 1"


def test_registering_twice_makes_one_complaint(refused, caseworker):
    decision = refused(DECIDED)
    register(caseworker, decision, D(2026, 11, 20))
    with pytest.raises(ValidationError, match="Klagen er allerede registreret"):
        register(caseworker, decision, D(2026, 11, 20))
    with pytest.raises(ValidationError, match="som ikke er afsluttet"):
        register(caseworker, decision, D(2026, 11, 23), text="Og så er jeg også uenig i begrundelsen.")
    assert Complaint.objects.count() == 1


def test_registering_is_logged_and_needs_a_caseworker_of_the_municipality(
    refused, caseworker, team_leader, other_caseworker
):
    decision = refused(DECIDED)
    # The team leader may not write; another municipality's caseworker learns nothing (no message).
    for user, message in (
        (team_leader, "^Du har ikke adgang til denne funktion[.]$"),
        (other_caseworker, "^$"),
    ):
        with pytest.raises(PermissionDenied, match=message):
            register(user, decision, D(2026, 11, 20))
    complaint = register(caseworker, decision, D(2026, 11, 20))
    assert AccessLog.objects.filter(what="sag: klage", case_id=decision.case_id, action="create").exists()
    event = Event.objects.get(kind="complaint.received")
    assert event.after["reconsideration_deadline"] == "2026-12-18"
    assert event.after["complaint"] == str(complaint.id)


# -- a late complaint ---------------------------------------------------------------------------------


def test_a_late_complaint_is_treated_with_a_reason_or_never_reconsidered(refused, caseworker):
    decision = refused(DECIDED)
    complaint = register(caseworker, decision, D(2026, 12, 2))
    with pytest.raises(ValidationError, match="Tag først stilling"):
        uphold(caseworker, complaint, D(2026, 12, 3))
    with clock.frozen(at(D(2026, 12, 3))):
        with pytest.raises(ValidationError, match="fx alvorlig sygdom"):
            services.complaint_lateness_decide(user=caseworker, complaint=complaint, choice="treat")
        services.complaint_lateness_decide(
            user=caseworker, complaint=complaint, choice="treat", reason="Borgeren var indlagt hele december."
        )
        with pytest.raises(ValidationError, match="allerede taget stilling"):
            services.complaint_lateness_decide(
                user=caseworker, complaint=complaint, choice="treat", reason="Igen."
            )
    assert LatenessDecision.objects.count() == 1
    uphold(caseworker, complaint, D(2026, 12, 4))
    assert current(complaint, D(2026, 12, 4)).code == state.TO_FORWARD


def test_a_complaint_in_time_needs_no_lateness_decision(refused, caseworker):
    complaint = register(caseworker, refused(DECIDED), D(2026, 11, 30))
    with clock.frozen(at(D(2026, 12, 1))), pytest.raises(ValidationError, match="inden klagefristen"):
        services.complaint_lateness_decide(user=caseworker, complaint=complaint, choice="forward")


def test_a_late_complaint_forwarded_for_ankestyrelsen_to_decide(refused, caseworker):
    decision = refused(DECIDED)
    complaint = register(caseworker, decision, D(2026, 12, 9))
    with clock.frozen(at(D(2026, 12, 10))):
        services.complaint_lateness_decide(user=caseworker, complaint=complaint, choice="forward")
    with pytest.raises(ValidationError, match="genvurderes ikke"):
        uphold(caseworker, complaint, D(2026, 12, 10))
    row = forward(caseworker, complaint, D(2026, 12, 10))
    assert row.basis == Forwarding.Basis.LATE and not row.overdue
    text = PdfReader(io.BytesIO(row.letter.pdf.read())).pages[0].extract_text()
    assert "efter" in text and "klagefristen" in text.replace("\n", " ")
    # The complaint akt documents the deadline computation (Digital Post delivery log included).
    complaint_akt = next(a for a in case_akter(decision.case) if a.key == f"complaint:{complaint.id}")
    assert "Klagefrist: 1. december 2026." in complaint_akt.text
    assert "Forsendelseslog" in complaint_akt.text
    assert "reconsideration:" not in " ".join(r["key"] for r in row.bundle.aktliste)


# -- genvurdering, forwarding, Ankestyrelsen ------------------------------------------------------------


def test_upheld_builds_the_package_and_tells_the_citizen(refused, caseworker):
    decision = refused(DECIDED)
    complaint = register(caseworker, decision, D(2026, 11, 20))
    with (
        clock.frozen(at(D(2026, 11, 24))),
        pytest.raises(ValidationError, match="Skriv hvorfor afgørelsen fastholdes"),
    ):
        services.complaint_reconsider(user=caseworker, complaint=complaint, outcome="upheld", reasons=" ")
    uphold(caseworker, complaint, D(2026, 11, 24))
    with pytest.raises(ValidationError, match="Klagen er allerede genvurderet"):
        uphold(caseworker, complaint, D(2026, 11, 24))
    assert Reconsideration.objects.count() == 1

    row = forward(caseworker, complaint, D(2026, 11, 25))
    assert row.forwarded_on == D(2026, 11, 25) and row.basis == Forwarding.Basis.UPHELD and not row.overdue
    # The letter: the date, the reasons, Ankestyrelsen, and no suspensive effect (RSL § 72).
    assert row.letter.kind == "complaint_forwarded"
    pdf_text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(row.letter.pdf.read())).pages)
    flat = " ".join(pdf_text.split())
    assert "25. november 2026" in flat
    assert "Netværkscaféen dækker behovet for samvær." in flat
    assert "opsættende virkning" in flat and "retssikkerhedsloven § 72" in flat
    # The package: complaint, the decision complained about, the genvurdering, then the rest in order.
    bundle = row.bundle
    keys = [r["key"] for r in bundle.aktliste]
    assert keys[:4] == [
        f"complaint:{complaint.id}",
        f"letter:{decision.letter_id}",
        f"decision:{decision.pk}",
        f"reconsideration:{complaint.id}",
    ]
    # Every akt of the case is in it (the forwarding letter itself is sent after the package).
    assert {a.key for a in case_akter(decision.case)} - {f"letter:{row.letter_id}"} == set(keys)
    assert [r["number"] for r in bundle.aktliste] == list(range(1, len(keys) + 1))
    assert bundle.purpose == "forwarding" and len(bundle.pdf_sha256) == 64 and len(bundle.zip_sha256) == 64
    pdf = PdfReader(io.BytesIO(bundle.pdf.read()))
    aktliste = " ".join(pdf.pages[0].extract_text().split())
    assert "Klage over afgørelsen af 3. november 2026" in aktliste
    assert "Genvurdering: fastholdt" in aktliste
    assert len(pdf.pages) == bundle.page_count
    names = zipfile.ZipFile(io.BytesIO(bundle.zip.read())).namelist()
    assert names[0] == "aktliste.pdf" and len(names) == len(keys) + 1
    assert current(complaint, D(2026, 11, 25)).code == state.AWAITING_APPEAL

    with pytest.raises(ValidationError, match="allerede sendt til Ankestyrelsen"):
        forward(caseworker, complaint, D(2026, 11, 25))
    assert Forwarding.objects.count() == 1
    assert Letter.objects.filter(kind="complaint_forwarded").count() == 1


def test_forwarding_after_the_deadline_is_flagged_and_the_letter_says_so(refused, caseworker):
    complaint = register(caseworker, refused(DECIDED), D(2026, 11, 20))
    uphold(caseworker, complaint, D(2026, 12, 17))
    row = forward(caseworker, complaint, D(2026, 12, 21))  # deadline Friday 18 December 2026
    assert row.overdue
    flat = " ".join(
        " ".join(p.extract_text() for p in PdfReader(io.BytesIO(row.letter.pdf.read())).pages).split()
    )
    assert "senest den 18. december 2026" in flat and "beklager" in flat


def test_nothing_is_forwarded_before_the_genvurdering(refused, caseworker):
    complaint = register(caseworker, refused(DECIDED), D(2026, 11, 20))
    with pytest.raises(ValidationError, match="Genvurdér klagen først"):
        forward(caseworker, complaint, D(2026, 11, 21))
    assert not Forwarding.objects.exists()


def test_full_agreement_reopens_the_case_until_the_new_decision(refused, caseworker, grant_terms):
    decision = refused(DECIDED)
    complaint = register(caseworker, decision, D(2026, 11, 20))
    with clock.frozen(at(D(2026, 11, 24), 10)):
        row = services.complaint_reconsider(user=caseworker, complaint=complaint, outcome="full")
    assert row.case_reopened
    case = Case.objects.get(pk=decision.case_id)
    assert case.status == Status.ASSESSMENT and case.decision_deadline == D(2026, 12, 18)
    assert Event.objects.filter(kind="case.reconsideration", case_id=case.id).exists()
    assert current(complaint, D(2026, 11, 24)).code == state.AWAITING_NEW_DECISION
    with pytest.raises(ValidationError, match="Træf først den nye afgørelse"):
        forward(caseworker, complaint, D(2026, 11, 24))

    with clock.frozen(at(D(2026, 11, 26), 10)):
        new = decision_services.decision_make(
            user=caseworker,
            case=case,
            outcome="granted",
            applied_for=REFUSAL["applied_for"],
            legal_rules=["Serviceloven § 104"],
            grant_terms=grant_terms(),
        )
    assert new.replaces_id == decision.pk
    done = current(complaint, D(2026, 11, 26))
    assert done.code == state.RESOLVED and done.new_decision == new and done.final


def test_partial_agreement_forwards_the_rest_after_the_new_decision(refused, caseworker):
    decision = refused(DECIDED)
    complaint = register(caseworker, decision, D(2026, 11, 20))
    with clock.frozen(at(D(2026, 11, 24), 10)):
        with pytest.raises(ValidationError, match="hvad borgeren får medhold i"):
            services.complaint_reconsider(user=caseworker, complaint=complaint, outcome="partial")
        services.complaint_reconsider(
            user=caseworker,
            complaint=complaint,
            outcome="partial",
            reasons="Du får kørsel bevilget; afslaget på tilbuddet fastholdes.",
        )
    case = Case.objects.get(pk=decision.case_id)
    assert case.status == Status.ASSESSMENT
    with pytest.raises(ValidationError, match="resten af klagen"):
        forward(caseworker, complaint, D(2026, 11, 25))
    with clock.frozen(at(D(2026, 11, 26), 10)):
        new = decision_services.decision_make(user=caseworker, case=case, **REFUSAL)
    assert current(complaint, D(2026, 11, 26)).code == state.TO_FORWARD
    row = forward(caseworker, complaint, D(2026, 11, 27))
    assert row.basis == Forwarding.Basis.PARTIAL
    keys = [r["key"] for r in row.bundle.aktliste]
    assert f"letter:{new.letter_id}" in keys and f"decision:{new.pk}" in keys
    flat = " ".join(
        " ".join(p.extract_text() for p in PdfReader(io.BytesIO(row.letter.pdf.read())).pages).split()
    )
    assert "delvist medhold" in flat and "26. november 2026" in flat


def test_remitted_reopens_the_case_with_a_new_deadline_from_receipt(refused, caseworker, grant_terms):
    """Hjemvist, received Friday 2 April 2027: the Vesthimmerland standard's 8 weeks end Friday 28 May
    2027."""
    decision = refused(D(2027, 2, 2))
    complaint = register(caseworker, decision, D(2027, 2, 15))
    uphold(caseworker, complaint, D(2027, 3, 1))
    row = forward(caseworker, complaint, D(2027, 3, 1))
    with clock.frozen(at(D(2027, 4, 2), 9)):
        with pytest.raises(ValidationError, match="før klagen blev sendt"):
            services.complaint_outcome_record(
                user=caseworker, complaint=complaint, outcome="remitted", received_on=D(2027, 2, 28)
            )
        outcome = services.complaint_outcome_record(
            user=caseworker, complaint=complaint, outcome="remitted", received_on=D(2027, 4, 2)
        )
        with pytest.raises(ValidationError, match="allerede registreret"):
            services.complaint_outcome_record(
                user=caseworker, complaint=complaint, outcome="remitted", received_on=D(2027, 4, 2)
            )
    assert row.forwarded_on == D(2027, 3, 1)
    assert outcome.case_reopened and outcome.new_deadline == D(2027, 5, 28)
    case = Case.objects.get(pk=decision.case_id)
    assert case.status == Status.ASSESSMENT and case.decision_deadline == D(2027, 5, 28)
    assert Event.objects.filter(kind="case.remitted", case_id=case.id).exists()
    assert current(complaint, D(2027, 4, 2)).code == state.REMITTED_AWAITING
    with clock.frozen(at(D(2027, 4, 20), 10)):
        new = decision_services.decision_make(
            user=caseworker,
            case=case,
            outcome="granted",
            applied_for=REFUSAL["applied_for"],
            legal_rules=["Serviceloven § 104"],
            grant_terms=grant_terms(),
        )
    assert current(complaint, D(2027, 4, 20)).code == state.REMITTED_DONE
    assert new.replaces_id == decision.pk


def test_changed_outcome_stays_on_the_worklist_until_carried_out(refused, caseworker):
    decision = refused(DECIDED)
    complaint = register(caseworker, decision, D(2026, 11, 20))
    uphold(caseworker, complaint, D(2026, 11, 24))
    forward(caseworker, complaint, D(2026, 11, 24))
    with clock.frozen(at(D(2026, 12, 1), 9)):
        services.complaint_outcome_record(
            user=caseworker,
            complaint=complaint,
            outcome="changed",
            received_on=D(2026, 12, 1),
            upload=SimpleUploadedFile("ast.pdf", b"%PDF-1.4 ast", content_type="application/pdf"),
        )
    outcome = AppealOutcome.objects.get()
    assert outcome.document.title == "Ankestyrelsens afgørelse (modtaget 01.12.2026)"
    assert not outcome.case_reopened  # nobody asked to reopen
    with clock.frozen(at(D(2026, 12, 2))):
        panel = selectors.worklist_panel(caseworker)
        assert [r.complaint for r in panel.context["groups"]["carry_out"]] == [complaint]
        with pytest.raises(ValidationError, match="Skriv hvad der er gjort"):
            services.complaint_carry_out(user=caseworker, complaint=complaint, note="")
        with pytest.raises(ValidationError, match="truffet efter Ankestyrelsens afgørelse"):
            services.complaint_carry_out(user=caseworker, complaint=complaint, note="x", decision=decision)
        services.complaint_carry_out(
            user=caseworker, complaint=complaint, note="Bevilling oprettet efter Ankestyrelsens afgørelse."
        )
        with pytest.raises(ValidationError, match="allerede registreret"):
            services.complaint_carry_out(user=caseworker, complaint=complaint, note="Igen.")
        assert selectors.worklist_panel(caseworker) is None
    assert current(complaint, D(2026, 12, 2)).code == state.CARRIED_OUT


def test_an_annulled_decision_can_reopen_the_case_for_a_new_one(refused, caseworker):
    decision = refused(DECIDED)
    complaint = register(caseworker, decision, D(2026, 11, 20))
    uphold(caseworker, complaint, D(2026, 11, 24))
    forward(caseworker, complaint, D(2026, 11, 24))
    with clock.frozen(at(D(2026, 12, 1), 9)):
        outcome = services.complaint_outcome_record(
            user=caseworker,
            complaint=complaint,
            outcome="annulled",
            received_on=D(2026, 12, 1),
            reopen_case=True,
        )
    assert outcome.case_reopened and outcome.new_deadline == D(2027, 1, 26)
    assert current(complaint, D(2026, 12, 1)).code == state.TO_CARRY_OUT_STATE


def test_a_withdrawn_complaint_is_recorded_and_finished(refused, caseworker):
    complaint = register(caseworker, refused(DECIDED), D(2026, 11, 20))
    with clock.frozen(at(D(2026, 11, 23))):
        with pytest.raises(ValidationError, match="notatpligt"):
            services.complaint_withdraw(
                user=caseworker, complaint=complaint, received_on=D(2026, 11, 23), note=""
            )
        services.complaint_withdraw(
            user=caseworker, complaint=complaint, received_on=D(2026, 11, 23), note="Borgeren ringede."
        )
        with pytest.raises(ValidationError, match="allerede trukket tilbage"):
            services.complaint_withdraw(
                user=caseworker, complaint=complaint, received_on=D(2026, 11, 23), note="x"
            )
    assert current(complaint, D(2026, 11, 23)).code == state.WITHDRAWN


# -- worklist panel, timeline, akter ----------------------------------------------------------------


def test_the_panel_lists_the_units_complaints_overdue_first_and_logs_the_citizens(
    refused, caseworker, make_user
):
    first = register(caseworker, refused(D(2026, 11, 2)), D(2026, 11, 10))  # deadline 8 December
    second = register(caseworker, refused(D(2026, 11, 3)), D(2026, 11, 3))  # deadline 1 December
    with clock.frozen(at(D(2026, 12, 2))):
        before = AccessLog.objects.filter(what="arbejdsliste: klager").count()
        panel = selectors.worklist_panel(caseworker)
    rows = panel.context["groups"]["reconsideration"]
    assert [r.complaint for r in rows] == [second, first]
    assert rows[0].state.deadline.state == "overdue" and rows[0].state.deadline.days_left == -1
    assert rows[1].state.deadline.days_left == 6
    logged = AccessLog.objects.filter(what="arbejdsliste: klager")
    assert logged.count() - before == 2
    assert {entry.citizen_id for entry in logged} == {first.case.citizen_id, second.case.citizen_id}


def test_the_panel_is_empty_for_other_municipalities_and_roles(
    refused, caseworker, other_caseworker, make_user, unit
):
    complaint = register(caseworker, refused(DECIDED), D(2026, 11, 20))
    with clock.frozen(at(D(2026, 11, 21))):
        assert selectors.worklist_panel(other_caseworker) is None
        assert selectors.worklist_panel(make_user("leverandoer", unit)) is None
        panel = selectors.worklist_panel(caseworker)
    assert panel is not None and [r.complaint for r in panel.context["groups"]["reconsideration"]] == [
        complaint
    ]


def test_timeline_and_akter_show_every_step(refused, caseworker):
    decision = refused(DECIDED)
    complaint = register(caseworker, decision, D(2026, 11, 20))
    uphold(caseworker, complaint, D(2026, 11, 24))
    forward(caseworker, complaint, D(2026, 11, 24))
    case = Case.objects.get(pk=decision.case_id)
    titles = [e.title for e in case_timeline(case)]
    assert "Klage modtaget 20.11.2026 (Brev)" in titles
    assert "Genvurdering: Fastholdt" in titles
    assert "Klagen er sendt til Ankestyrelsen" in titles
    kinds = {a.key.split(":")[0] for a in case_akter(case)}
    assert {"complaint", "reconsideration"} <= kinds
    genvurdering = next(a for a in case_akter(case) if a.key == f"reconsideration:{complaint.id}")
    assert "Netværkscaféen dækker behovet for samvær." in genvurdering.text


def test_lateness_choice_values():
    assert set(LatenessDecision.Choice.values) == {"treat", "forward"}
