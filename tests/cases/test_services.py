import datetime as dt
import hashlib
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from visitator.audit.models import AccessLog, Event
from visitator.cases import services
from visitator.cases.lifecycle import Outcome, Status, TransitionError
from visitator.cases.models import Case, StatusChange
from visitator.core import clock
from visitator.core.append_only import AppendOnlyError

pytestmark = pytest.mark.django_db

#: Another municipality's data: PermissionDenied without a message (nothing about the data is revealed).
OTHER_MUNICIPALITY = "^$"


def aware(day, hour=10):
    import datetime

    from django.utils import timezone

    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def test_receiving_an_application_starts_the_8_week_deadline_and_records_the_standard(
    make_case, standard, unit
):
    with clock.frozen(dt.date(2026, 3, 1)):
        case = make_case(received_on=dt.date(2026, 1, 5))
    assert case.decision_deadline == dt.date(2026, 3, 2)  # 8 weeks after Monday 5 January
    # The standard's decision_warning_lead is 14 days: flagged from Monday 16 February.
    assert case.deadline_warning_on == dt.date(2026, 2, 16)
    assert case.standard_version == standard
    assert case.standard_hash == standard.content_hash and len(case.standard_hash) == 64
    assert case.unit == unit
    assert (case.kle, case.facet) == ("27.54.08", "G01")
    assert case.status == Status.RECEIVED and case.awaiting_decision
    assert case.number.startswith("2026-")
    [change] = StatusChange.objects.filter(case=case)
    assert change.to_status == Status.RECEIVED


def test_receipt_writes_access_log_and_event_in_the_same_transaction(make_case, caseworker):
    case = make_case()
    assert AccessLog.objects.filter(case=case, action="create", user=caseworker).exists()
    event = Event.objects.get(case=case, kind="case.received")
    assert event.after["decision_deadline"] == case.decision_deadline.isoformat()


def test_case_numbers_are_sequential_per_year(make_case):
    first = make_case(received_on=dt.date(2026, 2, 1))
    second = make_case(received_on=dt.date(2026, 2, 2))
    assert int(second.number.split("-")[1]) == int(first.number.split("-")[1]) + 1


def test_a_future_receipt_is_refused_and_changes_nothing(caseworker, make_citizen):
    citizen = make_citizen()
    before = Case.objects.count()
    with pytest.raises(ValidationError, match="Modtagelsestidspunktet kan ikke ligge i fremtiden"):
        services.case_receive(
            user=caseworker,
            citizen=citizen,
            received_at=clock.now() + dt.timedelta(days=2),
            channel="digital",
        )
    assert Case.objects.count() == before


def test_a_team_leader_cannot_register_applications(team_leader, make_citizen):
    citizen = make_citizen()
    with pytest.raises(PermissionDenied, match="Du har ikke adgang til denne funktion"):
        services.case_receive(user=team_leader, citizen=citizen, received_at=clock.now(), channel="digital")


def test_staff_cannot_touch_another_municipalitys_citizen_or_case(other_caseworker, make_case, make_citizen):
    case = make_case()
    with pytest.raises(PermissionDenied, match=OTHER_MUNICIPALITY):
        services.case_receive(
            user=other_caseworker, citizen=make_citizen(), received_at=clock.now(), channel="phone"
        )
    with pytest.raises(PermissionDenied, match=OTHER_MUNICIPALITY):
        services.case_transition(user=other_caseworker, case=case, to_status=Status.ASSESSMENT)
    with pytest.raises(PermissionDenied, match=OTHER_MUNICIPALITY):
        services.journal_note_add(user=other_caseworker, case=case, text="x")


def test_full_lifecycle_records_history_and_the_decision_standard(make_case, caseworker, standard):
    case = make_case()
    case = services.case_transition(user=caseworker, case=case, to_status=Status.ASSESSMENT)
    case = services.case_transition(user=caseworker, case=case, to_status=Status.HEARING)
    case = services.case_transition(
        user=caseworker, case=case, to_status=Status.DECIDED, outcome=Outcome.GRANTED
    )
    assert not case.awaiting_decision
    assert case.decided_standard_version == standard and case.decided_standard_hash == standard.content_hash
    assert case.decided_on == clock.today()
    case = services.case_transition(user=caseworker, case=case, to_status=Status.ACTIVE)
    case = services.case_transition(user=caseworker, case=case, to_status=Status.CLOSED)
    history = list(StatusChange.objects.filter(case=case).values_list("to_status", flat=True))
    assert history == ["received", "assessment", "hearing", "decided", "active", "closed"]
    assert Event.objects.filter(case=case, kind="case.status_changed").count() == 5


def test_a_forbidden_transition_changes_nothing(make_case, caseworker):
    case = make_case()
    events = Event.objects.count()
    with pytest.raises(TransitionError, match="kan ikke skifte til"):
        services.case_transition(user=caseworker, case=case, to_status=Status.ACTIVE)
    case.refresh_from_db()
    assert case.status == Status.RECEIVED
    assert StatusChange.objects.filter(case=case).count() == 1
    assert Event.objects.count() == events


def test_withdrawal_needs_a_reason(make_case, caseworker):
    case = make_case()
    with pytest.raises(ValidationError, match="Skriv hvorfor ansøgningen er trukket tilbage"):
        services.case_transition(user=caseworker, case=case, to_status=Status.WITHDRAWN)
    case = services.case_transition(
        user=caseworker, case=case, to_status=Status.WITHDRAWN, reason="Borgeren er flyttet"
    )
    assert case.closed_on == clock.today() and not case.awaiting_decision


def test_deadline_notice_sets_the_expected_date_and_keeps_the_letter(make_case, caseworker):
    with clock.frozen(dt.date(2026, 2, 20)):
        case = make_case(received_on=dt.date(2026, 1, 5))
        notice = services.deadline_notice_send(
            user=caseworker,
            case=case,
            expected_decision_on=dt.date(2026, 3, 20),
            reason="Vi venter på lægeudtalelse",
        )
    case.refresh_from_db()
    assert case.expected_decision_on == dt.date(2026, 3, 20)
    assert "20. marts 2026" in notice.letter_text
    assert "retssikkerhedslovens § 3, stk. 2" in notice.letter_text
    assert case.number in notice.letter_text
    assert case.citizen.cpr not in notice.letter_text


@pytest.mark.parametrize(
    ("expected", "reason", "errors"),
    [
        (0, "grund", {"expected_decision_on": ["Den forventede afgørelsesdato skal ligge efter i dag."]}),
        (-1, "grund", {"expected_decision_on": ["Den forventede afgørelsesdato skal ligge efter i dag."]}),
        (10, " ", {"reason": ["Skriv hvorfor fristen ikke kan overholdes."]}),
    ],
    ids=["today", "yesterday", "no-reason"],
)
def test_deadline_notice_refuses_bad_input(make_case, caseworker, expected, reason, errors):
    with clock.frozen(dt.date(2026, 2, 20)):
        case = make_case(received_on=dt.date(2026, 1, 5))
        with pytest.raises(ValidationError, match=re.escape(next(iter(errors.values()))[0])) as info:
            services.deadline_notice_send(
                user=caseworker,
                case=case,
                expected_decision_on=dt.date(2026, 2, 20) + dt.timedelta(days=expected),
                reason=reason,
            )
    assert info.value.message_dict == errors
    case.refresh_from_db()
    assert case.expected_decision_on is None
    assert not case.deadline_notices.exists()


def test_deadline_notice_for_tomorrow_is_accepted(make_case, caseworker):
    with clock.frozen(dt.date(2026, 2, 20)):
        case = make_case(received_on=dt.date(2026, 1, 5))
        services.deadline_notice_send(
            user=caseworker, case=case, expected_decision_on=dt.date(2026, 2, 21), reason="Lægeudtalelse"
        )
    case.refresh_from_db()
    assert case.expected_decision_on == dt.date(2026, 2, 21)


def test_documents_are_checked_for_type_content_and_size(make_case, caseworker):
    case = make_case()
    pdf = SimpleUploadedFile("udtalelse.pdf", b"%PDF-1.7\n...", content_type="application/pdf")
    document = services.document_add(user=caseworker, case=case, title="Lægeudtalelse", upload=pdf)
    assert document.size == len(b"%PDF-1.7\n...") == 12
    assert document.sha256 == hashlib.sha256(b"%PDF-1.7\n...").hexdigest()
    assert "udtalelse" not in document.file.name  # stored under a UUID
    for name, content, message in [
        (
            "virus.exe",
            b"MZ...",
            "Filtypen er ikke tilladt. Tilladte typer: PDF, PNG, JPEG, DOCX, ODT og TXT.",
        ),
        ("fake.pdf", b"not a pdf", "Filens indhold passer ikke til filtypen."),
        ("empty.txt", b"", "Filen er tom."),
    ]:
        with pytest.raises(ValidationError, match=re.escape(message)):
            services.document_add(
                user=caseworker, case=case, title="x", upload=SimpleUploadedFile(name, content)
            )
    assert case.documents.count() == 1


def test_history_rows_cannot_be_changed_or_deleted(make_case):
    case = make_case()
    change = StatusChange.objects.get(case=case)
    change.reason = "rewritten"
    with pytest.raises(AppendOnlyError, match="StatusChange er kun til tilføjelse og kan ikke ændres"):
        change.save()
    with pytest.raises(AppendOnlyError, match="StatusChange er kun til tilføjelse og kan ikke slettes"):
        change.delete()
    with pytest.raises(AppendOnlyError, match="StatusChange er kun til tilføjelse og kan ikke ændres"):
        StatusChange.objects.filter(case=case).update(reason="x")
    with pytest.raises(AppendOnlyError, match="AccessLog er kun til tilføjelse og kan ikke slettes"):
        AccessLog.objects.all().delete()


def test_cases_are_reassigned_only_to_a_caseworker_of_the_unit(
    make_case, caseworker, team_leader, other_caseworker
):
    case = make_case()
    for target in (team_leader, other_caseworker):
        with pytest.raises(ValidationError, match="Vælg en sagsbehandler i enheden"):
            services.case_reassign(
                user=team_leader, cases={case.id: caseworker.pk}, caseworker=target, reason="Fordeling."
            )
    case.refresh_from_db()
    assert case.caseworker == caseworker
