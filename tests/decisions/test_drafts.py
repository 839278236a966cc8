"""Deciding makes a draft: nothing reaches the citizen, the provider or the transport office until
"Send". The draft's letter is edited, approved where the standard says so, and sent once."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from pypdf import PdfReader

from visitator.assessment import services as assessment
from visitator.audit.models import AccessLog, Event
from visitator.cases.lifecycle import Status
from visitator.core import clock
from visitator.decisions import services
from visitator.decisions.drafts import approval_required, draft_letter
from visitator.decisions.models import Decision, DecisionDraft, DecisionDraftReview
from visitator.grants.models import Grant, Order, TransportOrder
from visitator.letters.models import DigitalPostMessage, Letter

pytestmark = pytest.mark.django_db

REFUSAL = {
    "outcome": "refused",
    "applied_for": "Aktivitets- og samværstilbud efter serviceloven § 104",
    "legal_rules": ["Serviceloven § 104", "Serviceloven § 1, stk. 3"],
    "main_considerations": "Dit behov for socialt samvær kan dækkes af netværkscaféen i Aars.",
    "facts": "Du kommer allerede i netværkscaféen to gange om ugen, jf. udtalelse fra caféen.",
}


def nothing_sent() -> bool:
    return not (
        Letter.objects.exists()
        or Decision.objects.exists()
        or Grant.objects.exists()
        or Order.objects.exists()
        or TransportOrder.objects.exists()
        or DigitalPostMessage.objects.exists()
    )


@pytest.fixture
def refusable(assessed_case, caseworker):
    assessment.alternative_record(
        user=caseworker,
        case=assessed_case,
        alternative="non_visitated",
        consideration="Netværkscaféen i Aars.",
    )
    return assessed_case


def test_draft_edit_and_send_grant_with_nothing_sent_before_send(assessed_case, caseworker, grant_terms):
    draft = services.decision_draft_save(
        user=caseworker,
        case=assessed_case,
        outcome="granted",
        applied_for="Aktivitets- og samværstilbud",
        legal_rules=["Serviceloven § 104"],
        grant_terms=grant_terms(),
    )
    assert draft.status == DecisionDraft.Status.DRAFT and draft.version == 1
    assert nothing_sent()
    assessed_case.refresh_from_db()
    assert assessed_case.awaiting_decision

    letter, prepared = draft_letter(draft, today=clock.today())
    decision_text = letter.section("decision").text
    assert prepared.generated_granted in decision_text  # the grant's words, made from the terms
    draft = services.decision_draft_texts_save(
        user=caseworker,
        draft=draft,
        version=1,
        main_considerations="Du har brug for et fast fællesskab tre dage om ugen.",
        facts="Udredningen viser moderat nedsat funktionsevne i Relationer.",
        granted="Aktivitetscentret Aars tre hele dage om ugen, mandag, tirsdag og torsdag.",
        generated_granted=prepared.generated_granted,
    )
    assert draft.version == 2 and nothing_sent()

    decision = services.decision_draft_send(user=caseworker, draft=draft, version=2)
    draft.refresh_from_db()
    assert draft.status == DecisionDraft.Status.SENT and draft.decision == decision
    assert Letter.objects.count() == 1 and DigitalPostMessage.objects.count() == 1
    assert Grant.objects.count() == 1 and Order.objects.count() == 1 and TransportOrder.objects.count() == 1
    assessed_case.refresh_from_db()
    assert assessed_case.status == Status.ACTIVE
    text = " ".join(
        " ".join(p.extract_text() for p in PdfReader(decision.letter.pdf.open("rb")).pages).split()
    )
    assert "mandag, tirsdag og torsdag" in text and "et fast fællesskab tre dage om ugen" in text
    assert Event.objects.filter(kind="decision.draft_sent").count() == 1
    assert AccessLog.objects.filter(what="sag: udkast til afgørelse", case_id=assessed_case.id).count() == 3


def test_a_refusal_draft_and_nothing_is_sent_until_send(refusable, caseworker):
    draft = services.decision_draft_save(user=caseworker, case=refusable, **REFUSAL)
    assert nothing_sent()
    services.decision_draft_send(user=caseworker, draft=draft, version=draft.version)
    assert Letter.objects.get().kind == "refusal" and not Grant.objects.exists()


def test_deciding_checks_everything_at_once(assessed_case, caseworker, grant_terms):
    with pytest.raises(
        ValidationError, match="Før et afslag eller en delvis bevilling skal du registrere"
    ) as error:
        services.decision_draft_save(
            user=caseworker,
            case=assessed_case,
            outcome="refused",
            applied_for="",
            legal_rules=["Serviceloven § 1, stk. 3"],
        )
    errors = error.value.message_dict
    assert "retssikkerhedsloven § 5" in " ".join(errors["__all__"])  # a business rule
    assert "applied_for" in errors and "main_considerations" in errors and "facts" in errors
    assert "§ 104" in " ".join(errors["legal_rules"])
    with pytest.raises(
        ValidationError, match="at der fastsættes mål for borgerens udbytte af tilbuddet"
    ) as error:
        services.decision_draft_save(
            user=caseworker,
            case=assessed_case,
            outcome="granted",
            applied_for="x",
            legal_rules=["Serviceloven § 104"],
            grant_terms=grant_terms(goals=(), start_date=clock.today() - dt.timedelta(days=1)),
        )
    assert {"goals", "start_date"} <= set(error.value.message_dict)
    assert not DecisionDraft.objects.exists() and nothing_sent()


def test_one_open_draft_per_case(refusable, caseworker):
    services.decision_draft_save(user=caseworker, case=refusable, **REFUSAL)
    with pytest.raises(ValidationError, match="Der ligger allerede et udkast"):
        services.decision_draft_save(user=caseworker, case=refusable, **REFUSAL)
    assert DecisionDraft.objects.count() == 1


def test_a_stale_save_is_refused_and_changes_nothing(refusable, caseworker, make_user, unit):
    colleague = make_user("sagsbehandler", unit, "karen")
    draft = services.decision_draft_save(user=caseworker, case=refusable, **REFUSAL)
    services.decision_draft_texts_save(
        user=colleague, draft=draft, version=1, main_considerations="Karens tekst.", facts="Karens fakta."
    )
    with pytest.raises(ValidationError, match="Udkastet er ændret af Test sagsbehandler kl"):
        services.decision_draft_texts_save(
            user=caseworker, draft=draft, version=1, main_considerations="Saras tekst.", facts="Saras fakta."
        )
    draft.refresh_from_db()
    assert draft.main_considerations == "Karens tekst." and draft.version == 2
    with pytest.raises(ValidationError, match="Udkastet er ændret"):
        services.decision_draft_send(user=caseworker, draft=draft, version=1)
    assert nothing_sent()


def test_sending_twice_sends_once(refusable, caseworker):
    draft = services.decision_draft_save(user=caseworker, case=refusable, **REFUSAL)
    services.decision_draft_send(user=caseworker, draft=draft, version=1)
    with pytest.raises(services.DraftAlreadySent, match="Afgørelsen er allerede sendt"):
        services.decision_draft_send(user=caseworker, draft=draft, version=1)
    with pytest.raises(services.DraftAlreadySent, match="Den er ikke sendt igen"):
        services.decision_draft_send(user=caseworker, draft=draft)
    assert Letter.objects.count() == 1 and Decision.objects.count() == 1


def test_blockers_are_checked_again_at_send(refusable, caseworker):
    draft = services.decision_draft_save(user=caseworker, case=refusable, **REFUSAL)
    services.hearing_information_add(
        user=caseworker, case=refusable, source="Udtalelse fra caféen", summary="x", received_on=clock.today()
    )
    with pytest.raises(ValidationError, match="ikke sendt i partshøring"):
        services.decision_draft_send(user=caseworker, draft=draft, version=1)
    draft.refresh_from_db()
    assert draft.status == DecisionDraft.Status.DRAFT and nothing_sent()


def test_a_discarded_draft_cannot_be_sent(refusable, caseworker):
    draft = services.decision_draft_save(user=caseworker, case=refusable, **REFUSAL)
    services.decision_draft_discard(user=caseworker, draft=draft, version=1)
    with pytest.raises(ValidationError, match="Udkastet er kasseret"):
        services.decision_draft_send(user=caseworker, draft=draft, version=2)
    # A new draft may be made once the old one is discarded.
    assert services.decision_draft_save(user=caseworker, case=refusable, **REFUSAL).status == "draft"


def test_a_team_leader_cannot_write_a_draft(assessed_case, team_leader, grant_terms):
    with pytest.raises(PermissionDenied, match="Du har ikke adgang til denne funktion"):
        services.decision_draft_save(
            user=team_leader,
            case=assessed_case,
            outcome="granted",
            applied_for="x",
            legal_rules=["Serviceloven § 104"],
            grant_terms=grant_terms(),
        )


# -- four eyes ----------------------------------------------------------------------------------------


def test_four_eyes_approve_then_send(four_eyes, refusable, caseworker, team_leader):
    draft = services.decision_draft_save(user=caseworker, case=refusable, **REFUSAL)
    with pytest.raises(ValidationError, match="skal godkendes af en kollega"):
        services.decision_draft_send(user=caseworker, draft=draft, version=1)
    draft = services.decision_draft_submit(user=caseworker, draft=draft, version=1)
    assert draft.status == DecisionDraft.Status.AWAITING_APPROVAL
    with pytest.raises(ValidationError, match="Du har selv skrevet i udkastet"):
        services.decision_draft_review(user=caseworker, draft=draft, version=2, approve=True)
    draft = services.decision_draft_review(user=team_leader, draft=draft, version=2, approve=True)
    assert draft.status == DecisionDraft.Status.APPROVED
    assert nothing_sent()
    decision = services.decision_draft_send(user=caseworker, draft=draft, version=3)
    assert decision.letter.kind == "refusal"
    assert [r.action for r in DecisionDraftReview.objects.order_by("at", "id")] == ["submitted", "approved"]
    assert Event.objects.filter(kind="decision.draft_approved", user=team_leader).exists()
    assert AccessLog.objects.filter(user=team_leader, what="sag: udkast til afgørelse").exists()


def test_four_eyes_returned_with_a_comment_and_editing_withdraws_an_approval(
    four_eyes, refusable, caseworker, make_user, unit
):
    colleague = make_user("sagsbehandler", unit, "karen")
    draft = services.decision_draft_save(user=caseworker, case=refusable, **REFUSAL)
    draft = services.decision_draft_submit(user=caseworker, draft=draft, version=1)
    with pytest.raises(ValidationError, match="Skriv hvad der skal rettes"):
        services.decision_draft_review(user=colleague, draft=draft, version=2, approve=False)
    draft = services.decision_draft_review(
        user=colleague, draft=draft, version=2, approve=False, comment="Nævn lægens udtalelse i fakta."
    )
    assert draft.status == DecisionDraft.Status.RETURNED
    assert DecisionDraftReview.objects.get(action="returned").comment == "Nævn lægens udtalelse i fakta."
    assert Event.objects.filter(kind="decision.draft_returned").exists()
    draft = services.decision_draft_texts_save(
        user=caseworker,
        draft=draft,
        version=3,
        main_considerations=REFUSAL["main_considerations"],
        facts="Ny.",
    )
    draft = services.decision_draft_submit(user=caseworker, draft=draft, version=draft.version)
    draft = services.decision_draft_review(user=colleague, draft=draft, version=draft.version, approve=True)
    # Changing the approved text withdraws the approval: it must be approved again.
    draft = services.decision_draft_texts_save(
        user=caseworker, draft=draft, version=draft.version, main_considerations="Ændret.", facts="Ny."
    )
    assert draft.status == DecisionDraft.Status.DRAFT
    with pytest.raises(ValidationError, match="skal godkendes"):
        services.decision_draft_send(user=caseworker, draft=draft, version=draft.version)
    # The colleague has now written in the draft too: someone else must approve it.
    services.decision_draft_texts_save(
        user=colleague, draft=draft, version=draft.version, main_considerations="Karens.", facts="Ny."
    )
    draft.refresh_from_db()
    draft = services.decision_draft_submit(user=caseworker, draft=draft, version=draft.version)
    with pytest.raises(ValidationError, match="Du har selv skrevet"):
        services.decision_draft_review(user=colleague, draft=draft, version=draft.version, approve=True)
    assert nothing_sent()


def test_four_eyes_only_in_the_deciding_unit(four_eyes, refusable, caseworker, make_user, municipality):
    from visitator.organisation.models import Unit

    other_unit = Unit.objects.create(municipality=municipality, code="borgerservice", name="Borgerservice")
    outsider = make_user("teamleder", other_unit)
    draft = services.decision_draft_save(user=caseworker, case=refusable, **REFUSAL)
    draft = services.decision_draft_submit(user=caseworker, draft=draft, version=1)
    with pytest.raises(ValidationError, match="Kun en sagsbehandler eller teamleder i Bevilling Psykiatri"):
        services.decision_draft_review(user=outsider, draft=draft, version=2, approve=True)


def test_a_full_grant_needs_no_approval_under_this_standard(
    four_eyes, assessed_case, caseworker, grant_terms
):
    decision = services.decision_make(
        user=caseworker,
        case=assessed_case,
        outcome="granted",
        applied_for="Aktivitets- og samværstilbud",
        legal_rules=["Serviceloven § 104"],
        grant_terms=grant_terms(),
    )
    assert decision.standard_version == four_eyes
    assert not approval_required(DecisionDraft.objects.get(), today=clock.today())
