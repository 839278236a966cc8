"""Rules a grant decision keeps: age judged on real dates, departures printed with their reasons, and a
reopened case decided again (the new decision replaces the old one). Dates are worked out by hand."""

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from pypdf import PdfReader

from visitator.assessment import services as assessment
from visitator.cases import services as case_services
from visitator.cases.lifecycle import Status
from visitator.core import clock
from visitator.decisions import services
from visitator.decisions.models import Decision
from visitator.grants.models import Grant
from visitator.people.cpr import passes_modulus_11

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 12, 1)
BIRTHDAY_18 = dt.date(2027, 3, 3)  # born 3 March 2009: 17 on 1 December 2026


def pdf_text(letter) -> str:
    with letter.pdf.open("rb") as f:
        reader = PdfReader(io.BytesIO(f.read()))
    return " ".join(" ".join(page.extract_text() or "" for page in reader.pages).split())


def cpr_born(born: dt.date) -> str:
    for serial in range(4000, 5000):
        number = f"{born:%d%m%y}{serial:04d}"
        if not passes_modulus_11(number):
            return number
    raise AssertionError


def judged(case, caseworker):
    for rule, judgement, reason in [
        ("reduced_function", "met", "Udviklingshæmning."),
        ("social_problems", "not_met", "Ingen."),
        ("other_activities_cover_need", "does_not_apply", "Kan ikke deltage uden støtte."),
    ]:
        assessment.criterion_judge(
            user=caseworker, case=case, rule_id=rule, judgement=judgement, reason=reason
        )
    case.refresh_from_db()
    return case


def grant(caseworker, case, terms):
    return services.decision_make(
        user=caseworker,
        case=case,
        outcome="granted",
        applied_for="Aktivitets- og samværstilbud",
        legal_rules=["Serviceloven § 104"],
        grant_terms=terms,
    )


@pytest.fixture
def seventeen(make_case, make_citizen, caseworker):
    with clock.frozen(TODAY):
        citizen = make_citizen(cpr=cpr_born(dt.date(2009, 3, 3)))
        case = judged(make_case(received_on=TODAY, citizen=citizen), caseworker)
    assert citizen.age_on(TODAY) == 17 and citizen.birthday_at_age(18) == BIRTHDAY_18
    return case


def test_the_case_page_forecasts_the_18th_birthday_with_real_dates(seventeen):
    from visitator.assessment.findings import findings_for

    with clock.frozen(TODAY):
        finding = next(f for f in findings_for(seventeen, today=TODAY) if f.rule_id == "over_18")
    assert finding.explanation.startswith(
        "Borgeren er 17 år i dag (1. december 2026) og fylder 18 år den 3. marts 2027."
    )
    assert "forventede afgørelsesdato" not in finding.explanation


@pytest.mark.parametrize(
    ("start", "allowed"),
    [
        (BIRTHDAY_18 - dt.timedelta(days=1), False),
        (BIRTHDAY_18, True),
        (BIRTHDAY_18 + dt.timedelta(days=1), True),
    ],
    ids=["day-before-birthday", "on-birthday", "day-after"],
)
def test_help_starts_on_the_18th_birthday_at_the_earliest(seventeen, caseworker, grant_terms, start, allowed):
    with clock.frozen(TODAY):
        terms = grant_terms(start_date=start)
        if not allowed:
            with pytest.raises(
                ValidationError, match="tidligst begynde den 3. marts 2027, hvor borgeren fylder 18"
            ):
                grant(caseworker, seventeen, terms)
            assert not Decision.objects.filter(case=seventeen).exists()
            return
        decision = grant(caseworker, seventeen, terms)
    age = next(f for f in decision.findings if f["rule"] == "over_18")
    assert age["status"] == "ok"
    assert age["explanation"] == (
        "Borgeren er 17 år på afgørelsesdatoen 1. december 2026 og fylder 18 år den 3. marts 2027. "
        f"Hjælpen begynder den {start.day}. marts 2027."
    )


def test_a_granted_taxi_is_a_departure_in_the_letter_and_the_decision(assessed_case, caseworker, grant_terms):
    reason = "Svær angst i bus, jf. lægeerklæring."
    decision = grant(caseworker, assessed_case, grant_terms(transport_mode="taxi", transport_reason=reason))
    # The udredning has no support level, so the scope's reason is a departure too (grant_terms gives one).
    assert [d["subject"] for d in decision.departures] == ["transport.individual_taxi", "scope"]
    assert decision.departures[0] == {
        "subject": "transport.individual_taxi",
        "text": "Der bevilges ikke individuel kørsel med Taxa.",
        "reason": reason,
    }
    text = " ".join(pdf_text(decision.letter).split())
    assert "Afvigelser fra kvalitetsstandarden" in text
    assert (
        "Individuel kørsel med taxa. Kvalitetsstandarden siger: »Der bevilges ikke individuel kørsel med "
        "Taxa.« Vi afviger, fordi: Svær angst i bus" in text
    )
    assert "Du er bevilget individuel kørsel med taxa" in text
    # The standard's "no taxi" sentence is printed only inside the departure, never as the rule granted.
    assert text.count("Der bevilges ikke individuel kørsel med Taxa.") == 1


def test_without_a_taxi_the_letter_keeps_the_standards_transport_sentence(
    assessed_case, caseworker, grant_terms
):
    decision = grant(caseworker, assessed_case, grant_terms())
    text = " ".join(pdf_text(decision.letter).split())
    assert "Kommunen afholder udgiften til befordring. Der bevilges ikke individuel kørsel med Taxa." in text
    assert "Du er bevilget individuel kørsel med taxa" not in text
    assert [d["subject"] for d in decision.departures] == ["scope"]


def test_a_reopened_case_is_decided_again_and_the_new_grant_replaces_the_old(
    assessed_case, caseworker, grant_terms
):
    first = grant(caseworker, assessed_case, grant_terms(days_per_week=2))
    old = first.grants.get()
    case = case_services.case_reopen(
        user=caseworker,
        case=assessed_case,
        reason="Genvurdering: delvist medhold i klagen",
        received_on=clock.today(),
        deadline=clock.today() + dt.timedelta(weeks=4),
    )
    assert case.status == Status.ASSESSMENT and case.awaiting_decision
    assert case.decision_deadline == clock.today() + dt.timedelta(weeks=4)
    # A running grant cannot be ended by a refusal: that takes a stop decision with notice.
    assert any(
        "løbende bevilling" in b
        for b in services.decision_blockers(case, outcome="refused", user=caseworker, today=clock.today())
    )
    second = grant(caseworker, case, grant_terms(days_per_week=4))
    assert second.replaces == first
    old.refresh_from_db()
    assert old.status == Grant.Status.STOPPED and old.stopped_on == second.grants.get().start_date
    case.refresh_from_db()
    assert case.status == Status.ACTIVE


def test_a_case_awaiting_a_decision_cannot_be_reopened(make_case, caseworker):
    from visitator.cases.lifecycle import TransitionError

    with pytest.raises(TransitionError, match="kan ikke genoptages"):
        case_services.case_reopen(user=caseworker, case=make_case(), reason="x", received_on=clock.today())


def test_reopening_after_hjemvisning_counts_8_weeks_from_the_receipt(assessed_case, caseworker, grant_terms):
    grant(caseworker, assessed_case, grant_terms())
    with clock.frozen(dt.date(2027, 2, 1)):
        # Ankestyrelsen's decision received Friday 29 January 2027: 8 weeks on is Friday 26 March 2027.
        case = case_services.case_reopen(
            user=caseworker, case=assessed_case, reason="Hjemvist", received_on=dt.date(2027, 1, 29)
        )
    assert case.decision_deadline == dt.date(2027, 3, 26)


def _heard_for_stop(case, caseworker):
    info = services.hearing_information_add(
        user=caseworker, case=case, source="Jobcentret", summary="Fuldtidsjob.", received_on=clock.today()
    )
    services.hearing_send(
        user=caseworker,
        case=case,
        information=[info],
        planned_decision="Ophør af aktivitets- og samværstilbud.",
        response_deadline=clock.today() + dt.timedelta(days=10),
    )


STOP_FACTS = {
    "legal_rules": ["Serviceloven § 104", "Serviceloven § 148, stk. 2"],
    "main_considerations": "Du har ikke længere behov for tilbuddet.",
    "facts": "Oplysning fra jobcentret om fuldtidsjob.",
}


@pytest.mark.parametrize(
    ("days_after", "reason", "allowed"),
    [(27, "", False), (28, "", True), (29, "", True), (27, "Borgeren har selv bedt om at stoppe nu.", True)],
    ids=["day-before-notice-ends", "notice-ends", "day-after", "earlier-with-reason"],
)
def test_a_stop_takes_effect_after_the_notice_unless_a_reason_is_given(
    assessed_case, caseworker, grant_terms, days_after, reason, allowed
):
    with clock.frozen(dt.date(2026, 12, 1)):
        old = grant(caseworker, assessed_case, grant_terms()).grants.get()
        _heard_for_stop(assessed_case, caseworker)
    today = dt.date(2026, 12, 14)  # after the hearing; the notice (4 weeks) ends Monday 11 January 2027
    effective = today + dt.timedelta(days=days_after)
    with clock.frozen(today):
        call = lambda: services.grant_change_decide(  # noqa: E731
            user=caseworker,
            grant=old,
            stop=True,
            effective_from=effective,
            notice_reason=reason,
            **STOP_FACTS,
        )
        if not allowed:
            with pytest.raises(
                ValidationError, match="tidligst efter varslet på 4 uger, dvs. fra den 11. januar 2027"
            ):
                call()
            old.refresh_from_db()
            assert old.status != Grant.Status.STOPPED
            return
        decision = call()
    text = pdf_text(decision.letter)
    if reason:
        assert "Normalt giver vi 4 uger varsel" in text and reason in text
    else:
        assert "Vi giver dig 4 uger varsel, før ændringen får virkning" in text


def test_a_raise_in_scope_needs_no_notice(assessed_case, caseworker, grant_terms):
    with clock.frozen(dt.date(2026, 12, 1)):
        old = grant(caseworker, assessed_case, grant_terms(days_per_week=2)).grants.get()
        _heard_for_stop(assessed_case, caseworker)
    with clock.frozen(dt.date(2026, 12, 14)):
        decision = services.grant_change_decide(
            user=caseworker,
            grant=old,
            stop=False,
            effective_from=dt.date(2026, 12, 15),
            days_per_week=4,
            day_part="full",
            **STOP_FACTS,
        )
    assert "varsel" not in pdf_text(decision.letter)


def test_a_standard_cannot_set_a_zero_notice():
    from pydantic import ValidationError as PydanticError

    from visitator.standards.schema import Deadlines

    base = {
        "period": {"amount": 8, "unit": "weeks"},
        "source": "project_default",
        "note": "x",
        "citation": "y",
    }
    with pytest.raises(PydanticError, match="Antallet skal være større end 0"):
        Deadlines.model_validate(
            {
                "decision": base,
                "decision_warning_lead": base,
                "follow_up": base,
                "reduction_notice": {**base, "period": {"amount": 0, "unit": "days"}},
            }
        )
