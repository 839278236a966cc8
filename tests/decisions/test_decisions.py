import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from visitator.assessment import services as assessment
from visitator.cases.lifecycle import Outcome, Status
from visitator.decisions import services
from visitator.decisions.models import Decision
from visitator.letters.models import Letter

pytestmark = pytest.mark.django_db

REFUSAL = {
    "outcome": "refused",
    "applied_for": "Aktivitets- og samværstilbud efter serviceloven § 104",
    "legal_rules": ["Serviceloven § 104", "Serviceloven § 1, stk. 3"],
    "main_considerations": "Dit behov for socialt samvær kan dækkes af netværkscaféen i Aars.",
    "facts": "Du kommer allerede i netværkscaféen to gange om ugen, jf. udtalelse fra caféen.",
}
GRANT = {
    "outcome": "granted",
    "applied_for": "Aktivitets- og samværstilbud efter serviceloven § 104",
    "legal_rules": ["Serviceloven § 104"],
}


def blockers(case, user, outcome="refused"):
    from visitator.core import clock

    return services.decision_blockers(case, outcome=outcome, user=user, today=clock.today())


def test_nothing_is_decided_before_the_caseworker_has_assessed(make_case, caseworker):
    case = make_case()
    messages = " ".join(blockers(case, caseworker, "granted"))
    assert "Vurder først" in messages
    with pytest.raises(ValidationError, match="Vurder først"):
        services.decision_make(user=caseworker, case=case, **GRANT, grant_terms=None)
    case.refresh_from_db()
    assert case.awaiting_decision and not Decision.objects.exists() and not Letter.objects.exists()


def test_a_refusal_needs_alternatives_considered(assessed_case, caseworker):
    assert any("retssikkerhedsloven § 5" in b for b in blockers(assessed_case, caseworker))
    assessment.alternative_record(
        user=caseworker,
        case=assessed_case,
        alternative="non_visitated",
        consideration="Netværkscaféen dækker behovet.",
    )
    assert blockers(assessed_case, caseworker) == []


def test_only_the_deciding_unit_decides(assessed_case, make_user, municipality):
    from visitator.organisation.models import Unit

    other_unit = Unit.objects.create(municipality=municipality, code="borgerservice", name="Borgerservice")
    outsider = make_user("sagsbehandler", other_unit)
    assert any("Bevilling Psykiatri og Handicap" in b for b in blockers(assessed_case, outsider, "granted"))


def test_a_refusal_resting_on_unheard_information_is_blocked_until_the_hearing_is_over(
    assessed_case, caseworker
):
    from visitator.core import clock

    case = assessed_case
    assessment.alternative_record(
        user=caseworker, case=case, alternative="sel_85", consideration="Ikke relevant."
    )
    info = services.hearing_information_add(
        user=caseworker,
        case=case,
        source="Udtalelse fra netværkscaféen",
        summary="Borgeren kommer to gange om ugen.",
        received_on=clock.today(),
    )
    assert any("ikke sendt i partshøring" in b for b in blockers(case, caseworker))
    assert blockers(case, caseworker, "granted") == []  # a full grant is not against the citizen

    deadline = clock.today() + dt.timedelta(days=14)
    hearing = services.hearing_send(
        user=caseworker, case=case, information=[info], planned_decision="Afslag.", response_deadline=deadline
    )
    case.refresh_from_db()
    assert case.status == Status.HEARING
    assert hearing.letter.kind == "hearing"
    assert any("frist til at svare" in b for b in blockers(case, caseworker))
    with pytest.raises(ValidationError, match="Udtalelse fra netværkscaféen"):
        services.decision_make(user=caseworker, case=case, **REFUSAL)

    with clock.frozen(deadline + dt.timedelta(days=1)):
        assert blockers(case, caseworker) == []
        decision = services.decision_make(user=caseworker, case=case, **REFUSAL)
    assert decision.outcome == Outcome.REFUSED


def test_a_recorded_response_or_an_exception_ends_the_block(assessed_case, caseworker):
    from visitator.core import clock

    case = assessed_case
    assessment.alternative_record(
        user=caseworker, case=case, alternative="sel_103", consideration="Ikke relevant."
    )
    info1 = services.hearing_information_add(
        user=caseworker, case=case, source="Lægeudtalelse", summary="x", received_on=clock.today()
    )
    info2 = services.hearing_information_add(
        user=caseworker, case=case, source="Udtalelse fra bosted", summary="y", received_on=clock.today()
    )
    hearing = services.hearing_send(
        user=caseworker,
        case=case,
        information=[info1],
        planned_decision="Afslag.",
        response_deadline=clock.today() + dt.timedelta(days=10),
    )
    services.hearing_response_record(
        user=caseworker, hearing=hearing, received_on=clock.today(), summary="Enig."
    )
    assert [b for b in blockers(case, caseworker) if "Lægeudtalelse" in b] == []
    assert any("Udtalelse fra bosted" in b for b in blockers(case, caseworker))
    with pytest.raises(ValidationError, match="Skriv hvorfor undtagelsen gælder i denne sag"):
        services.hearing_exception_record(
            user=caseworker, case=case, information=info2, ground="ubetaenkeligt", reason=""
        )
    services.hearing_exception_record(
        user=caseworker,
        case=case,
        information=info2,
        ground="ubetaenkeligt",
        reason="Oplysningen er til gunst.",
    )
    assert blockers(case, caseworker) == []


def test_hearing_deadline_must_be_reasonable(assessed_case, caseworker):
    from visitator.core import clock

    info = services.hearing_information_add(
        user=caseworker, case=assessed_case, source="Læge", summary="x", received_on=clock.today()
    )
    with pytest.raises(ValidationError, match="Giv borgeren en rimelig frist") as error:
        services.hearing_send(
            user=caseworker,
            case=assessed_case,
            information=[info],
            planned_decision="Afslag.",
            response_deadline=clock.today() + dt.timedelta(days=2),
        )
    assert "response_deadline" in error.value.message_dict
    assert not assessed_case.hearings.exists() and not Letter.objects.exists()


def test_a_grant_records_what_it_was_decided_on(assessed_case, caseworker, standard, grant_terms):
    assessment.departure_record(
        user=caseworker, case=assessed_case, subject="transport.individual_taxi", reason="Angst i bus."
    )
    decision = services.decision_make(user=caseworker, case=assessed_case, **GRANT, grant_terms=grant_terms())
    assessed_case.refresh_from_db()
    # There was a free place: the grant is ordered and the case active.
    assert assessed_case.status == Status.ACTIVE and assessed_case.outcome == Outcome.GRANTED
    assert decision.standard_version == standard and decision.standard_hash == standard.content_hash
    assert {f["rule"] for f in decision.findings} >= {
        "over_18",
        "target_group_basis",
        "other_activities_cover_need",
    }
    assert decision.departures[0]["reason"] == "Angst i bus."
    assert decision.letter.kind == "grant"


def test_a_refusal_letter_missing_main_considerations_cannot_be_sent(assessed_case, caseworker):
    assessment.alternative_record(
        user=caseworker, case=assessed_case, alternative="non_visitated", consideration="Caféen."
    )
    incomplete = {**REFUSAL, "main_considerations": ""}
    with pytest.raises(ValidationError, match="der har været bestemmende for skønnet") as error:
        services.decision_make(user=caseworker, case=assessed_case, **incomplete)
    assert "hovedhensyn" in " ".join(error.value.messages).lower()
    assessed_case.refresh_from_db()
    assert assessed_case.awaiting_decision
    assert not Decision.objects.exists() and not Letter.objects.exists()


def test_a_refusal_must_cite_the_service_paragraph(assessed_case, caseworker):
    assessment.alternative_record(
        user=caseworker, case=assessed_case, alternative="non_visitated", consideration="Caféen."
    )
    with pytest.raises(ValidationError, match="Begrundelsen skal henvise til Serviceloven § 104") as error:
        services.decision_make(
            user=caseworker, case=assessed_case, **{**REFUSAL, "legal_rules": ["Serviceloven § 1, stk. 3"]}
        )
    assert "§ 104" in " ".join(error.value.messages)
    assert not Decision.objects.exists()


def test_team_leader_cannot_decide(assessed_case, team_leader, grant_terms):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied, match="Du har ikke adgang til denne funktion"):
        services.decision_make(user=team_leader, case=assessed_case, **GRANT, grant_terms=grant_terms())


def test_a_grant_decision_needs_the_grant_terms(assessed_case, caseworker):
    with pytest.raises(ValidationError, match="Udfyld bevillingen") as error:
        services.decision_make(user=caseworker, case=assessed_case, **GRANT)
    assert "Udfyld bevillingen" in " ".join(error.value.messages)
    assert not Decision.objects.exists()
