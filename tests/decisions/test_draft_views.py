"""The decision form and the draft pages over HTTP: one check with all problems, a refusal ignores the
grant part, the draft is edited, approved and sent once; permissions."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from visitator.assessment import services as assessment
from visitator.core import clock
from visitator.decisions import services
from visitator.decisions.models import Decision, DecisionDraft
from visitator.letters.models import Letter, UnitContact

pytestmark = pytest.mark.django_db

REFUSAL_POST = {
    "outcome": "refused",
    "applied_for": "Aktivitets- og samværstilbud",
    "legal_rules": "Serviceloven § 104\nServiceloven § 1, stk. 3",
    "main_considerations": "Dit behov for samvær dækkes af netværkscaféen.",
    "facts": "Du kommer i caféen to gange om ugen.",
}


@pytest.fixture
def cw(client, caseworker):
    client.force_login(caseworker)
    return client


@pytest.fixture
def refusable(assessed_case, caseworker):
    assessment.alternative_record(
        user=caseworker, case=assessed_case, alternative="non_visitated", consideration="Netværkscaféen."
    )
    return assessed_case


def _refusal_draft(case, user):
    return services.decision_draft_save(
        user=user,
        case=case,
        outcome="refused",
        applied_for="Aktivitets- og samværstilbud",
        legal_rules=["Serviceloven § 104"],
        main_considerations="Dit behov for samvær dækkes af netværkscaféen.",
        facts="Du kommer i caféen to gange om ugen.",
    )


def test_the_form_shows_every_problem_at_once(cw, assessed_case):
    response = cw.post(
        reverse("decisions:decide", args=[assessed_case.id]),
        {"outcome": "refused", "applied_for": "", "legal_rules": "Serviceloven § 1, stk. 3"},
    )
    body = response.content.decode()
    assert response.status_code == 400
    start = body.index("Der er fejl i det, du har indtastet")
    summary = body[start : body.index("</ul>", start)]
    assert 'href="#id_applied_for"' in summary and 'href="#id_main_considerations"' in summary
    assert 'href="#id_facts"' in summary and 'href="#id_legal_rules"' in summary
    assert "retssikkerhedsloven § 5" in summary  # the business rule, again in the summary
    assert 'data-module="error-summary"' in body
    assert not DecisionDraft.objects.exists()


def test_a_refusal_ignores_the_grant_part_and_its_errors(cw, refusable):
    post = {
        **REFUSAL_POST,
        "bev-offer": "not-an-offer",
        "bev-start_date": "garbage",
        "bev-goal1_description": "",
    }
    response = cw.post(reverse("decisions:decide", args=[refusable.id]), post)
    assert response.status_code == 302
    draft = DecisionDraft.objects.get()
    assert draft.outcome == "refused" and draft.terms == {}


def test_a_grant_with_missing_terms_names_the_grant_fields(cw, assessed_case, offer):
    response = cw.post(
        reverse("decisions:decide", args=[assessed_case.id]),
        {
            "outcome": "granted",
            "applied_for": "x",
            "legal_rules": "Serviceloven § 104",
            "bev-offer": str(offer.pk),
        },
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert 'href="#id_bev-start_date"' in body and 'href="#id_bev-goal1_description"' in body
    assert "Udfyld bevillingen" not in body  # the fields say it; no vague extra message


def test_the_form_does_not_offer_what_the_standard_does_not_allow(cw, assessed_case, make_offer):
    from visitator.offers.models import Offer

    make_offer("Caféen i Ranum", own=False, registration=Offer.Registration.NOT_REGISTERED)
    make_offer("Aktivitetscentret Aars")
    body = cw.get(reverse("decisions:decide", args=[assessed_case.id])).content.decode()
    assert "Aktivitetscentret Aars" in body and "Caféen i Ranum" not in body
    assert 'rows="8"' in body  # room to write a begrundelse


def test_the_draft_page_edit_stale_and_send_once(cw, refusable, caseworker, make_user, unit):
    draft = _refusal_draft(refusable, caseworker)
    url = reverse("decisions:draft", args=[refusable.id, draft.id])
    page = cw.get(url).content.decode()
    assert "Dit behov for samvær dækkes af netværkscaféen." in page and "Klagevejledning" in page
    assert "99 99 10 00" in page  # the contact block, as in the PDF
    pdf = cw.get(reverse("decisions:draft_pdf", args=[refusable.id, draft.id]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF") and not Letter.objects.exists()
    first_page = PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text()
    assert "Udkast – ikke sendt" in first_page  # a preview is never taken for a sent letter

    colleague = make_user("sagsbehandler", unit, "karen")
    services.decision_draft_texts_save(
        user=colleague, draft=draft, version=1, main_considerations="Karens ord.", facts="Karens fakta."
    )
    stale = cw.post(
        reverse("decisions:draft_texts", args=[refusable.id, draft.id]),
        {"tekst-version": 1, "tekst-main_considerations": "Mine egne ord.", "tekst-facts": "Mine fakta."},
    )
    body = stale.content.decode()
    assert stale.status_code == 400 and "Udkastet er ændret af" in body and "Mine egne ord." in body
    assert 'name="tekst-version" value="2"' in body  # a deliberate save may follow
    assert DecisionDraft.objects.get().main_considerations == "Karens ord."

    send = reverse("decisions:draft_send", args=[refusable.id, draft.id])
    first = cw.post(send, {"version": 2})
    second = cw.post(send, {"version": 2}, follow=True)
    assert first.status_code == 302 and second.status_code == 200
    assert "Afgørelsen er allerede sendt" in second.content.decode()
    assert Letter.objects.count() == 1 and Decision.objects.count() == 1


def test_the_case_page_and_the_worklist_show_a_waiting_draft(cw, refusable, caseworker):
    draft = _refusal_draft(refusable, caseworker)
    case_page = cw.get(reverse("cases:detail", args=[refusable.id])).content.decode()
    assert "Udkast venter" in case_page
    assert reverse("decisions:draft", args=[refusable.id, draft.id]) in case_page
    worklist = cw.get(reverse("cases:worklist")).content.decode()
    assert "Udkast til afgørelser" in worklist and "Udkast venter: læs og send" in worklist
    # The case's row names the next action: send the draft, with a link to it.
    row = worklist[worklist.index('id="worklist"') :]
    assert "Send udkast" in row and reverse("decisions:draft", args=[refusable.id, draft.id]) in row


def test_the_letter_cannot_go_without_the_contact_block(cw, refusable, caseworker, unit):
    draft = _refusal_draft(refusable, caseworker)
    UnitContact.objects.filter(unit=unit).delete()
    page = cw.get(reverse("decisions:draft", args=[refusable.id, draft.id])).content.decode()
    assert "Brevet mangler kontaktoplysninger" in page
    response = cw.post(reverse("decisions:draft_send", args=[refusable.id, draft.id]), {"version": 1})
    assert response.status_code == 400 and "Brevet mangler kontaktoplysninger" in response.content.decode()
    assert not Letter.objects.exists()


def test_permissions_on_drafts(client, refusable, caseworker, team_leader, other_caseworker):
    draft = _refusal_draft(refusable, caseworker)
    page = reverse("decisions:draft", args=[refusable.id, draft.id])
    send = reverse("decisions:draft_send", args=[refusable.id, draft.id])
    assert client.get(page).status_code == 302  # login first
    client.force_login(other_caseworker)
    assert client.get(page).status_code == 404
    assert client.post(send, {"version": 1}).status_code in (403, 404)
    client.force_login(team_leader)
    assert client.get(page).status_code == 200
    assert client.post(send, {"version": 1}).status_code == 403
    assert not Letter.objects.exists()


def test_approval_over_http(client, four_eyes, refusable, caseworker, team_leader):
    draft = _refusal_draft(refusable, caseworker)
    client.force_login(caseworker)
    page = client.get(reverse("decisions:draft", args=[refusable.id, draft.id])).content.decode()
    assert "Send til godkendelse" in page and "Send afgørelsen" not in page
    client.post(reverse("decisions:draft_submit", args=[refusable.id, draft.id]), {"version": 1})
    client.force_login(team_leader)
    worklist = client.get(reverse("cases:worklist")).content.decode()
    assert "Godkend eller send tilbage" in worklist
    review = reverse("decisions:draft_review", args=[refusable.id, draft.id])
    bad = client.post(review, {"vurdering-version": 2, "vurdering-decision": "return"})
    assert bad.status_code == 400 and "Skriv hvad der skal rettes" in bad.content.decode()
    ok = client.post(
        review,
        {
            "vurdering-version": 2,
            "vurdering-decision": "return",
            "vurdering-comment": "Tilføj lægens udtalelse.",
        },
    )
    assert ok.status_code == 302
    client.force_login(caseworker)
    page = client.get(reverse("decisions:draft", args=[refusable.id, draft.id])).content.decode()
    assert "Tilføj lægens udtalelse." in page and "Sendt tilbage til rettelse" in page


def test_a_change_of_a_grant_becomes_a_draft(cw, assessed_case, caseworker, grant_terms, offer):
    services.decision_make(
        user=caseworker,
        case=assessed_case,
        outcome="granted",
        applied_for="x",
        legal_rules=["Serviceloven § 104"],
        grant_terms=grant_terms(),
    )
    grant = assessed_case.grants.get()
    prefix = f"aend-{grant.pk.hex[:8]}"
    response = cw.post(
        reverse("grants:change", args=[assessed_case.id, grant.id]),
        {
            f"{prefix}-stop": "stop",
            f"{prefix}-effective_from": (clock.today() + dt.timedelta(weeks=5)).isoformat(),
            f"{prefix}-legal_rules": "Serviceloven § 104\nServiceloven § 148, stk. 2",
            f"{prefix}-main_considerations": "Formålet er nået.",
            f"{prefix}-facts": "Du er startet i job.",
        },
    )
    draft = DecisionDraft.objects.get(kind="stop")
    assert response.status_code == 302 and response["Location"].endswith(f"/udkast/{draft.id}/")
    grant.refresh_from_db()
    assert grant.status != "stopped" and Letter.objects.count() == 1  # only the grant letter so far
    cw.post(reverse("decisions:draft_send", args=[assessed_case.id, draft.id]), {"version": 1})
    grant.refresh_from_db()
    assert grant.status == "stopped" and Letter.objects.filter(kind="stop").count() == 1


def test_correcting_a_grant_draft_shows_what_it_holds(cw, assessed_case, caseworker, grant_terms):
    draft = services.decision_draft_save(
        user=caseworker,
        case=assessed_case,
        outcome="granted",
        applied_for="Aktivitets- og samværstilbud",
        legal_rules=["Serviceloven § 104"],
        grant_terms=grant_terms(weekdays=(1, 3, 5)),
    )
    page = cw.get(reverse("decisions:decide", args=[assessed_case.id])).content.decode()
    assert "Der ligger et udkast til afgørelse" in page and "Gem ændringerne og se brevet" in page
    assert f'name="version" value="{draft.version}"' in page
    for day in (1, 3, 5):
        assert f'name="bev-weekdays" value="{day}" id="id_bev-weekdays_{day - 1}" checked' in page
    assert "Deltager i fællesspisning tre gange om ugen" in page


def test_saving_the_decision_form_twice_makes_one_draft(cw, refusable):
    url = reverse("decisions:decide", args=[refusable.id])
    assert cw.post(url, REFUSAL_POST).status_code == 302
    second = cw.post(url, REFUSAL_POST)
    body = second.content.decode()
    assert second.status_code == 400 and "Der ligger allerede et udkast til afgørelse i sagen" in body
    assert "Dit behov for samvær dækkes af netværkscaféen." in body  # what was typed is kept
    assert DecisionDraft.objects.count() == 1 and not Letter.objects.exists()


def test_the_decision_form_and_the_draft_show_that_the_citizen_needs_an_interpreter(
    cw, caseworker, refusable
):
    from visitator.people.services import citizen_update

    notice = "Borgeren har brug for tolk (sprog: arabisk)"
    draft = _refusal_draft(refusable, caseworker)
    pages = [
        reverse("decisions:decide", args=[refusable.id]),
        reverse("decisions:draft", args=[refusable.id, draft.id]),
        reverse("decisions:hearing", args=[refusable.id]),
        reverse("grants:case", args=[refusable.id]),  # the form for a change or stop decision
    ]
    for url in pages:
        assert notice not in cw.get(url).content.decode()
    citizen_update(
        user=caseworker,
        citizen=refusable.citizen,
        version=refusable.citizen.version,
        preferred_language="ar",
        interpreter_needed=True,
    )
    for url in pages:
        body = cw.get(url).content.decode()
        assert notice in body and 'id="interpreter-notice"' in body
    # Another language, written out; the notice says it as written.
    citizen_update(
        user=caseworker,
        citizen=refusable.citizen,
        version=refusable.citizen.version + 1,
        preferred_language="andet",
        preferred_language_other="Vietnamesisk",
        interpreter_needed=True,
    )
    assert "Borgeren har brug for tolk (sprog: Vietnamesisk)" in cw.get(pages[1]).content.decode()
