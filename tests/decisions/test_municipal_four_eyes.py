"""Four eyes from the municipality's own settings: the administrator chooses the kinds of decision a
colleague must approve; combined with the standard's `approval.required_for` by OR."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from visitator.core import clock
from visitator.decisions import services
from visitator.decisions.drafts import approval_required, approval_sources
from visitator.decisions.models import DecisionDraft
from visitator.letters.models import Letter
from visitator.organisation.models import DecisionKind
from visitator.standards.schema import ApprovalKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def refusable(assessed_case, caseworker):
    from visitator.assessment import services as assessment

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


def _require(municipality, *kinds):
    municipality.second_approval_for = list(kinds)
    municipality.save()


def test_the_municipalitys_kinds_are_the_standards_kinds():
    assert set(DecisionKind.values) == {str(k) for k in ApprovalKind}


def test_a_refusal_needs_approval_when_the_municipality_says_so(refusable, caseworker, team_leader):
    municipality = refusable.municipality
    draft = _refusal_draft(refusable, caseworker)
    assert approval_sources(draft, today=clock.today()) == []  # the 2024 standard requires none

    _require(municipality, "refusal", "stop")
    draft.case.municipality.refresh_from_db()
    assert approval_sources(draft, today=clock.today()) == ["municipality"]
    with pytest.raises(ValidationError, match="skal godkendes af en kollega eller teamlederen"):
        services.decision_draft_send(user=caseworker, draft=draft, version=draft.version)
    assert not Letter.objects.filter(case=refusable).exists()

    draft = services.decision_draft_submit(user=caseworker, draft=draft, version=draft.version)
    with pytest.raises(ValidationError, match="skal godkendes af en kollega"):
        services.decision_draft_send(user=caseworker, draft=draft, version=draft.version)
    draft = services.decision_draft_review(user=team_leader, draft=draft, version=draft.version, approve=True)
    services.decision_draft_send(user=caseworker, draft=draft, version=draft.version)
    assert Letter.objects.filter(case=refusable, kind="refusal").count() == 1


def test_other_kinds_are_not_caught_by_the_municipalitys_setting(refusable, caseworker):
    _require(refusable.municipality, "grant", "stop")
    draft = _refusal_draft(refusable, caseworker)
    assert not approval_required(draft, today=clock.today())
    with pytest.raises(ValidationError, match="skal ikke godkendes af en kollega"):
        services.decision_draft_submit(user=caseworker, draft=draft, version=draft.version)


def test_the_standard_and_the_municipality_combine_by_or(four_eyes, refusable, caseworker):
    # The standard requires refusals, partial grants and stops; the municipality adds nothing.
    draft = _refusal_draft(refusable, caseworker)
    assert approval_sources(draft, today=clock.today()) == ["standard"]
    _require(refusable.municipality, "refusal")
    draft.case.municipality.refresh_from_db()
    assert approval_sources(draft, today=clock.today()) == ["standard", "municipality"]
    # Neither switched off by the other: an empty municipal setting leaves the standard's rule.
    _require(refusable.municipality)
    draft.case.municipality.refresh_from_db()
    assert approval_required(draft, today=clock.today())


def test_only_the_municipalitys_own_cases_are_affected(refusable, caseworker, other_municipality):
    _require(other_municipality, "refusal")
    draft = _refusal_draft(refusable, caseworker)
    assert not approval_required(draft, today=clock.today())


# -- over HTTP: the administrator's settings page and the draft page ------------------------------------


@pytest.fixture
def admin_client(client, administrator):
    client.force_login(administrator)
    return client


SETTINGS_URL = "/administration/fire-oejne/"


def _settings_post(kinds, opened_on=""):
    return {"kinds": kinds, "opened_on": opened_on}


def test_the_administrator_sets_the_kinds_on_the_settings_page(admin_client, municipality):
    home = admin_client.get(reverse("administration:home")).content.decode()
    assert "ingen ud over det, kvalitetsstandarden kræver" in home
    assert reverse("administration:second_approval") == SETTINGS_URL and SETTINGS_URL in home
    page = admin_client.get(SETTINGS_URL).content.decode()
    assert "Afgørelser, som en kollega skal godkende, før brevet sendes" in page
    assert 'value="refusal"' in page and 'value="change"' in page and "Ophør af hjælpen" in page

    response = admin_client.post(SETTINGS_URL, _settings_post(["stop", "refusal", "change"]))
    assert response.status_code == 302
    municipality.refresh_from_db()
    assert municipality.second_approval_for == ["refusal", "change", "stop"]  # in the list's order
    home = admin_client.get(reverse("administration:home")).content.decode()
    assert "Afslag, Ændring af hjælpen (fx nedsættelse), Ophør af hjælpen" in home

    bad = admin_client.post(SETTINGS_URL, _settings_post(["refusal", "everything"], "refusal,change,stop"))
    assert bad.status_code == 400 and "Marker en gyldig valgmulighed" in bad.content.decode()
    municipality.refresh_from_db()
    assert municipality.second_approval_for == ["refusal", "change", "stop"]


def test_a_caseworker_cannot_change_the_setting(client, caseworker, municipality):
    caseworker.is_staff = True  # staff status opens nothing: the page asks for the administrator role
    caseworker.save()
    client.force_login(caseworker)
    assert client.post(SETTINGS_URL, _settings_post(["refusal"])).status_code == 403
    url = reverse("admin:organisation_municipality_change", args=[municipality.pk])
    assert client.post(url, {"second_approval_for": ["refusal"]}).status_code == 302  # to the admin login
    municipality.refresh_from_db()
    assert municipality.second_approval_for == []


def test_the_draft_page_asks_for_approval_after_the_setting_is_saved(
    admin_client, client, caseworker, refusable, django_user_model
):
    from django.test import Client

    assert admin_client.post(SETTINGS_URL, _settings_post(["refusal"])).status_code == 302

    cw = Client()
    cw.force_login(caseworker)
    draft = _refusal_draft(refusable, caseworker)
    page = cw.get(reverse("decisions:draft", args=[refusable.id, draft.id])).content.decode()
    assert "Kommunens indstillinger kræver, at en kollega eller teamlederen" in page
    assert "Send til godkendelse" in page and "Send afgørelsen" not in page
    sent = cw.post(reverse("decisions:draft_send", args=[refusable.id, draft.id]), {"version": draft.version})
    assert sent.status_code == 400 and "skal godkendes af en kollega" in sent.content.decode()
    assert not Letter.objects.filter(case=refusable).exists()
    assert DecisionDraft.objects.get(pk=draft.pk).status == DecisionDraft.Status.DRAFT
