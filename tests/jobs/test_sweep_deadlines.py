"""The other date rules of the daily sweep, hand-worked: follow-ups within 14 days, genvurdering within
7 days, requests for access to the file past their notice day."""

from __future__ import annotations

import datetime as dt

import pytest

from visitator.assessment import services as assessment
from visitator.complaints.services import complaint_register
from visitator.core import clock
from visitator.decisions import services as decision_services
from visitator.fileaccess.services import access_request_register
from visitator.grants.models import Grant
from visitator.jobs import sweep
from visitator.jobs.models import Notification, NotificationKind

from .conftest import at

pytestmark = pytest.mark.django_db


def judge(user, case, other_activities: str) -> None:
    for rule, judgement, reason in [
        ("reduced_function", "met", "Udviklingshæmning."),
        ("social_problems", "not_met", "Ingen særlige sociale problemer."),
        ("other_activities_cover_need", other_activities, "Vurderet."),
    ]:
        assessment.criterion_judge(user=user, case=case, rule_id=rule, judgement=judgement, reason=reason)


def of_kind(kind: str) -> list[Notification]:
    return list(Notification.objects.filter(kind=kind))


def test_a_follow_up_is_announced_14_days_ahead_and_once_per_date(make_case, caseworker, grant_terms):
    with clock.frozen(at(dt.date(2026, 12, 1), 9)):
        case = make_case(received_on=dt.date(2026, 12, 1))
        judge(caseworker, case, "does_not_apply")
        decision = decision_services.decision_make(
            user=caseworker,
            case=case,
            outcome="granted",
            applied_for="Aktivitets- og samværstilbud",
            legal_rules=["Serviceloven § 104"],
            grant_terms=grant_terms(),
        )
    grant = decision.grants.get()
    # Follow-up due Friday 30 April 2027: announced from Friday 16 April (14 days before).
    Grant.objects.filter(pk=grant.pk).update(next_follow_up_on=dt.date(2027, 4, 30))
    with clock.frozen(at(dt.date(2027, 4, 15))):
        sweep.run_daily_sweep()
    assert of_kind(NotificationKind.FOLLOW_UP_DUE) == []
    with clock.frozen(at(dt.date(2027, 4, 16))):
        sweep.run_daily_sweep()
    [reminder] = of_kind(NotificationKind.FOLLOW_UP_DUE)
    assert reminder.recipient == caseworker and reminder.due_on == dt.date(2027, 4, 30)
    assert reminder.text == f"Sag {case.number}: opfølgning senest 30.04.2027."
    with clock.frozen(at(dt.date(2027, 5, 3))):  # overdue: still the one reminder for that date
        sweep.run_daily_sweep()
    assert len(of_kind(NotificationKind.FOLLOW_UP_DUE)) == 1
    Grant.objects.filter(pk=grant.pk).update(
        status=Grant.Status.STOPPED, next_follow_up_on=dt.date(2027, 5, 4)
    )
    with clock.frozen(at(dt.date(2027, 5, 4))):
        sweep.run_daily_sweep()
    assert len(of_kind(NotificationKind.FOLLOW_UP_DUE)) == 1


def refused_case_with_complaint(make_case, caseworker, received_on: dt.date):
    with clock.frozen(at(dt.date(2026, 11, 2), 10)):
        case = make_case(received_on=dt.date(2026, 11, 2))
        judge(caseworker, case, "applies")
        assessment.alternative_record(
            user=caseworker, case=case, alternative="non_visitated", consideration="Caféen dækker behovet."
        )
    with clock.frozen(at(dt.date(2026, 11, 2), 11)):
        decision = decision_services.decision_make(
            user=caseworker,
            case=case,
            outcome="refused",
            applied_for="Aktivitets- og samværstilbud efter serviceloven § 104",
            legal_rules=["Serviceloven § 104", "Serviceloven § 1, stk. 3"],
            main_considerations="Dit behov for socialt samvær kan dækkes af netværkscaféen i Aars.",
            facts="Du kommer allerede i netværkscaféen to gange om ugen.",
        )
    with clock.frozen(at(received_on, 9)):
        complaint = complaint_register(
            user=caseworker,
            case=case,
            decision=decision,
            received_on=received_on,
            channel="letter",
            text="Jeg er ikke enig i afgørelsen.",
        )
    return case, complaint


def test_a_complaint_is_announced_7_days_before_its_genvurdering_deadline(make_case, caseworker):
    # Received Tuesday 10 November 2026: genvurdering within 4 weeks, by Tuesday 8 December.
    case, complaint = refused_case_with_complaint(make_case, caseworker, dt.date(2026, 11, 10))
    assert complaint.reconsideration_deadline == dt.date(2026, 12, 8)
    with clock.frozen(at(dt.date(2026, 11, 30))):
        sweep.run_daily_sweep()
    assert of_kind(NotificationKind.RECONSIDERATION_DUE) == []
    with clock.frozen(at(dt.date(2026, 12, 1))):
        sweep.run_daily_sweep()
        sweep.run_daily_sweep()
    [reminder] = of_kind(NotificationKind.RECONSIDERATION_DUE)
    assert reminder.case == case and reminder.due_on == dt.date(2026, 12, 8)
    assert reminder.text.startswith(f"Sag {case.number}: klagen skal genvurderes senest 08.12.2026")


def test_a_request_for_access_past_its_notice_day_without_a_notice(make_case, caseworker):
    with clock.frozen(at(dt.date(2026, 11, 2), 9)):
        case = make_case(received_on=dt.date(2026, 11, 2))
    # Received Monday 23 November 2026: 7 working days, so answer or notice by Wednesday 2 December.
    with clock.frozen(at(dt.date(2026, 11, 23), 9)):
        request = access_request_register(
            user=caseworker,
            case=case,
            received_on=dt.date(2026, 11, 23),
            channel="written",
            requester="citizen",
            scope="whole",
        )
    assert request.notice_due_on == dt.date(2026, 12, 2)
    with clock.frozen(at(dt.date(2026, 12, 2))):
        sweep.run_daily_sweep()
    assert of_kind(NotificationKind.FILE_ACCESS_OVERDUE) == []
    with clock.frozen(at(dt.date(2026, 12, 3))):
        sweep.run_daily_sweep()
    with clock.frozen(at(dt.date(2026, 12, 4))):
        sweep.run_daily_sweep()
    [reminder] = of_kind(NotificationKind.FILE_ACCESS_OVERDUE)
    assert reminder.recipient == caseworker and reminder.due_on == dt.date(2026, 12, 2)
    assert "02.12.2026" in reminder.text and case.citizen.cpr not in reminder.text
