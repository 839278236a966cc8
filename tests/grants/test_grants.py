import datetime as dt
import re

import pytest
from django.core.exceptions import ValidationError

from visitator.cases.lifecycle import Status
from visitator.core import clock
from visitator.decisions import services as decisions
from visitator.decisions.models import Decision
from visitator.grants import services
from visitator.grants.models import FollowUp, Grant, Order, TransportOrder
from visitator.letters.models import Letter

pytestmark = pytest.mark.django_db


def test_a_grant_is_ordered_with_goals_transport_and_a_yearly_follow_up(assessed_case, grant_for, offer):
    # Decided Tuesday 15 February 2028, starting 14 days later on 29 February 2028: the yearly follow-up
    # falls on 28 February 2029 (end-of-month rule; there is no 29 February 2029).
    with clock.frozen(dt.date(2028, 2, 15)):
        grant = grant_for(assessed_case)
    assert grant.status == Grant.Status.ORDERED
    assert grant.start_date == dt.date(2028, 2, 29)
    assert grant.next_follow_up_on == dt.date(2029, 2, 28)
    assert grant.goals.count() == 1 and grant.scope_text == "3 hele dage om ugen"
    assert grant.transport.basis == "statutory"  # target group 1
    # 450 kr. a calendar day × 29 days (February 2028, the start month) × 85 % (3 days a week) = 11,092.5,
    # rounded half up to whole kroner.
    assert grant.monthly_cost == 11093
    assert Order.objects.filter(grant=grant, offer=offer).count() == 1
    assert TransportOrder.objects.filter(grant=grant, cancelled=False).count() == 1
    assessed_case.refresh_from_db()
    assert assessed_case.status == Status.ACTIVE
    letter = Letter.objects.get(case=assessed_case, kind="grant")
    # Sent by Digital Post on 15 February 2028 (received that day) + 4 weeks: Tuesday 14 March 2028.
    assert letter.complaint_deadline == dt.date(2028, 3, 14)


def test_target_group_2_alone_gets_transport_at_the_municipalitys_discretion(
    make_case, caseworker, grant_for
):
    from visitator.assessment import services as assessment

    case = make_case()
    for rule, judgement in [("reduced_function", "not_met"), ("social_problems", "met")]:
        assessment.criterion_judge(user=caseworker, case=case, rule_id=rule, judgement=judgement, reason="x")
    assessment.criterion_judge(
        user=caseworker,
        case=case,
        rule_id="other_activities_cover_need",
        judgement="does_not_apply",
        reason="x",
    )
    assert grant_for(case).transport.basis == "discretionary"


def test_a_full_offer_puts_the_grant_on_the_waiting_list_never_a_refusal(
    assessed_case, grant_for, make_offer, caseworker, make_case
):
    full = make_offer("Værkstedet Farsø", places=0)
    with pytest.raises(ValidationError, match="Angiv hvornår borgeren kan forvente at starte") as error:
        grant_for(assessed_case, offer=full)
    assert "expected_start" in error.value.message_dict
    assert not Decision.objects.exists()
    expected = clock.today() + dt.timedelta(days=60)
    grant = grant_for(assessed_case, offer=full, expected_start=expected)
    assert grant.status == Grant.Status.WAITING and services.waiting_position(grant) == 1
    assert not Order.objects.filter(grant=grant).exists()
    letter = Letter.objects.get(case=assessed_case, kind="grant")
    assert letter.kind == "grant"  # a grant, with the waiting list in its text
    assessed_case.refresh_from_db()
    assert assessed_case.outcome == "granted" and assessed_case.status == Status.DECIDED
    with pytest.raises(ValidationError, match="Der er stadig ingen ledig plads i tilbuddet"):
        services.grant_assign_place(user=caseworker, grant=grant, start_date=clock.today())
    full.places = 1
    full.save()
    grant = services.grant_assign_place(
        user=caseworker, grant=grant, start_date=clock.today() + dt.timedelta(days=3)
    )
    assert grant.status == Grant.Status.ORDERED
    assessed_case.refresh_from_db()
    assert assessed_case.status == Status.ACTIVE


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"goals": ()}, "goals", "Kvalitetsstandarden kræver, at der fastsættes mål for borgerens udbytte"),
        ({"transport_mode": "taxi"}, "transport_reason", "Der bevilges ikke individuel kørsel med Taxa."),
        ({"days_per_week": 6}, "days_per_week", "Vælg mellem 1 og 5 dage om ugen."),
        (
            {"handleplan_answer": "maybe"},
            "handleplan_answer",
            "Angiv borgerens svar på tilbuddet om en handleplan",
        ),
        ({"scope_reason": ""}, "scope_reason", "Skriv hvorfor 3 dage om ugen modsvarer borgerens behov."),
    ],
)
def test_bad_terms_are_refused_and_nothing_is_decided(assessed_case, grant_for, changes, field, message):
    with pytest.raises(ValidationError, match=re.escape(message)) as error:
        grant_for(assessed_case, **changes)
    assert field in error.value.message_dict
    assert not Decision.objects.exists() and not Grant.objects.exists() and not Letter.objects.exists()


def test_taxi_with_a_reason_is_a_recorded_departure(assessed_case, grant_for):
    grant = grant_for(
        assessed_case, transport_mode="taxi", transport_reason="Svær angst i bus, jf. lægeerklæring."
    )
    assert grant.transport.mode == "taxi"
    assert assessed_case.departures.filter(subject="transport.individual_taxi").exists()


def test_an_external_offer_needs_a_reason_when_an_own_offer_exists(
    assessed_case, grant_for, make_offer, offer
):
    external = make_offer("Havbrisen", own=False)
    with pytest.raises(ValidationError, match="eller skriv hvorfor et andet tilbud er valgt") as error:
        grant_for(assessed_case, offer=external)
    assert "offer_reason" in error.value.message_dict
    grant = grant_for(
        assessed_case, offer=external, offer_reason="Borgeren har brug for havets ro (sansetilbud)."
    )
    assert grant.offer == external


def test_an_unregistered_offer_can_never_be_chosen(assessed_case, grant_for, make_offer):
    unregistered = make_offer("Uregistreret værested", registration="not_registered")
    with pytest.raises(ValidationError, match="på Tilbudsportalen og kan ikke vælges") as error:
        grant_for(assessed_case, offer=unregistered, offer_reason="Alligevel")
    assert "offer" in error.value.message_dict


def test_follow_up_continue_moves_the_date_a_year(assessed_case, grant_for, caseworker):
    with clock.frozen(dt.date(2028, 2, 15)):
        grant = grant_for(assessed_case)
    goal = grant.goals.get()
    with clock.frozen(dt.date(2028, 2, 29)):
        _follow_up_continue_on_29_february(grant, goal, caseworker)


def _follow_up_continue_on_29_february(grant, goal, caseworker):
    with pytest.raises(
        ValidationError, match="Beskriv borgerens fremskridt for hvert mål"
    ):  # progress on every goal is required
        services.follow_up_record(
            user=caseworker,
            grant=grant,
            done_on=clock.today(),
            purpose_met=True,
            outcome="continue",
            notes="Godt",
            progress={},
        )
    services.follow_up_record(
        user=caseworker,
        grant=grant,
        done_on=clock.today(),
        purpose_met=True,
        outcome="continue",
        notes="Formålet er opfyldt.",
        progress={goal.pk: "Deltager fast."},
    )
    grant.refresh_from_db()
    # A follow-up on 29 February 2028 sets the next one a year on: 28 February 2029.
    assert grant.next_follow_up_on == dt.date(2029, 2, 28)
    with pytest.raises(
        ValidationError, match="skal indsatsen ændres eller afsluttes"
    ):  # purpose no longer met cannot be "continue"
        services.follow_up_record(
            user=caseworker,
            grant=grant,
            done_on=clock.today(),
            purpose_met=False,
            outcome="continue",
            notes="x",
            progress={goal.pk: "y"},
        )


def test_stopping_a_grant_is_a_decision_with_hearing_and_letter(assessed_case, grant_for, caseworker):
    grant = grant_for(assessed_case)
    services.follow_up_record(
        user=caseworker,
        grant=grant,
        done_on=clock.today(),
        purpose_met=False,
        outcome=FollowUp.Outcome.STOP,
        notes="Borgeren er startet i job.",
        progress={grant.goals.get().pk: "Målet er nået."},
    )
    grant.refresh_from_db()
    assert grant.status == Grant.Status.ORDERED  # a follow-up alone never ends a grant
    info = decisions.hearing_information_add(
        user=caseworker,
        case=assessed_case,
        source="Jobcentret",
        summary="Fuldtidsjob fra 1. marts.",
        received_on=clock.today(),
    )
    stop = {
        "user": caseworker,
        "grant": grant,
        "stop": True,
        "effective_from": clock.today() + dt.timedelta(days=30),
        "legal_rules": ["Serviceloven § 104", "Serviceloven § 148, stk. 2"],
        "main_considerations": "Du har ikke længere behov for tilbuddet, da du er i job.",
        "facts": "Oplysning fra jobcentret om fuldtidsjob.",
    }
    with pytest.raises(ValidationError, match="og der er ikke registreret en undtagelse"):  # not heard yet
        decisions.grant_change_decide(**stop)
    decisions.hearing_send(
        user=caseworker,
        case=assessed_case,
        information=[info],
        planned_decision="Ophør af aktivitets- og samværstilbud.",
        response_deadline=clock.today() + dt.timedelta(days=10),
    )
    with clock.frozen(clock.today() + dt.timedelta(days=11)):
        effective_from = clock.today() + dt.timedelta(weeks=4)
        decision = decisions.grant_change_decide(**{**stop, "effective_from": effective_from})
    grant.refresh_from_db()
    assert decision.kind == "stop" and decision.letter.kind == "stop"
    assert grant.status == Grant.Status.STOPPED and grant.stopped_on == effective_from
    assert TransportOrder.objects.filter(grant=grant, cancelled=True).exists()
    assessed_case.refresh_from_db()
    assert assessed_case.status == Status.CLOSED


def test_changing_the_scope_updates_grant_and_cost(assessed_case, grant_for, caseworker):
    grant = grant_for(assessed_case)
    before = grant.monthly_cost
    decisions.grant_change_decide(
        user=caseworker,
        grant=grant,
        stop=False,
        effective_from=clock.today() + dt.timedelta(days=14),
        days_per_week=2,
        day_part="full",
        legal_rules=["Serviceloven § 104"],
        main_considerations="To dage modsvarer nu dit behov.",
        facts="Du har selv ønsket færre dage.",
        notice_reason="Du har selv bedt om færre dage fra den 15.",
    )
    grant.refresh_from_db()
    assert grant.days_per_week == 2 and grant.monthly_cost < before
    assert Letter.objects.filter(case=assessed_case, kind="change").exists()


def test_a_case_with_a_running_grant_cannot_just_be_closed(assessed_case, grant_for, caseworker):
    from visitator.cases import services as case_services

    grant_for(assessed_case)
    assessed_case.refresh_from_db()
    with pytest.raises(ValidationError, match="En bevilling ophører kun ved en ny afgørelse") as error:
        case_services.case_transition(user=caseworker, case=assessed_case, to_status=Status.CLOSED)
    assert "ny afgørelse" in " ".join(error.value.messages)
    assessed_case.refresh_from_db()
    assert assessed_case.status == Status.ACTIVE


def test_follow_up_worklist_and_waiting_list(
    client, assessed_case, grant_for, caseworker, team_leader, make_offer
):
    from django.urls import reverse

    from visitator.audit.models import AccessLog

    grant = grant_for(assessed_case)
    client.force_login(caseworker)
    assert (
        assessed_case.number not in client.get(reverse("grants:follow_ups")).content.decode()
    )  # a year away
    with clock.frozen(grant.next_follow_up_on - dt.timedelta(days=5)):
        body = client.get(reverse("grants:follow_ups")).content.decode()
    assert assessed_case.number in body
    assert AccessLog.objects.filter(case=assessed_case, what="opfølgningsliste").exists()
    client.force_login(team_leader)
    assert client.get(reverse("grants:waiting")).status_code == 200
    transport = client.get(reverse("grants:transport")).content.decode()
    assert "Kommunens kørselsordning" in transport


def test_the_transport_office_sees_transport_orders_only(client, make_user, unit, assessed_case, grant_for):
    from django.urls import reverse

    grant_for(assessed_case)
    office = make_user("koerselskontor", unit)
    client.force_login(office)
    front = client.get(reverse("cases:worklist"))
    assert front.status_code == 302 and front["Location"] == reverse("grants:transport")
    assert client.get(reverse("grants:transport")).status_code == 200
    assert client.get(reverse("cases:detail", args=[assessed_case.id])).status_code == 403
    assert client.get(reverse("grants:case", args=[assessed_case.id])).status_code == 403


def test_an_offer_without_a_rate_on_the_start_date_is_refused_with_a_message(
    assessed_case, grant_for, make_offer
):
    no_rate = make_offer("Nyt værested")
    no_rate.rates.all().delete()
    with pytest.raises(ValidationError, match="Tilbuddet har ingen takst") as error:
        grant_for(assessed_case, offer=no_rate)
    assert "ingen takst" in " ".join(error.value.message_dict["offer"])
