"""Notes on goals between caseworker and provider: a follow-up is internal unless a note is marked
"til leverandøren"; the provider's form warns against health details; every note shows who wrote it,
with their organisation."""

from __future__ import annotations

import pytest
from django.urls import reverse

from visitator.core import clock
from visitator.grants import services
from visitator.grants.models import FollowUp, GoalProgress
from visitator.provider.forms import health_words

pytestmark = pytest.mark.django_db

UNIT = "Bevilling Psykiatri og Handicap"


def detail_url(grant) -> str:
    return reverse("provider:grant_detail", args=[grant.id])


def follow_up(caseworker, grant, shared: bool, text: str):
    goal = grant.goals.get()
    return services.follow_up_record(
        user=caseworker,
        grant=grant,
        done_on=clock.today(),
        purpose_met=True,
        outcome="continue",
        notes="Vurdering: formålet er opfyldt. Borgeren har fået ny medicin.",
        progress={goal.pk: text},
        for_provider={goal.pk} if shared else set(),
    )


def test_a_follow_up_is_internal_unless_marked_for_the_provider(
    client, caseworker, provider_user, make_grant, offer
):
    grant = make_grant(offer)
    follow_up(caseworker, grant, shared=False, text="Intern: taler om at skifte tilbud.")
    client.force_login(provider_user)
    html = client.get(detail_url(grant)).content.decode()
    assert "Intern: taler om at skifte tilbud." not in html
    assert "ny medicin" not in html  # the assessment itself is never shown
    follow_up(caseworker, grant, shared=True, text="Godt at Anna kommer tre dage om ugen.")
    html = client.get(detail_url(grant)).content.decode()
    assert "Godt at Anna kommer tre dage om ugen." in html
    assert "Intern: taler om at skifte tilbud." not in html
    # Who wrote it, and where they work.
    note = GoalProgress.objects.get(for_provider=True)
    assert note.by_organisation == f"{UNIT}, Vesthimmerlands Kommune"
    assert f"Test sagsbehandler ({UNIT}, Vesthimmerlands Kommune)" in html


def test_the_caseworker_sees_every_note_with_writer_organisation_and_whether_it_is_shared(
    client, caseworker, provider_user, make_grant, offer
):
    grant = make_grant(offer)
    follow_up(caseworker, grant, shared=False, text="Kun til sagen.")
    services.progress_note_add(user=provider_user, goal=grant.goals.get(), text="Anna bagte boller i dag.")
    client.force_login(caseworker)
    html = client.get(reverse("grants:case", args=[grant.case_id])).content.decode()
    assert "Kun til sagen." in html and "intern" in html
    assert "Anna bagte boller i dag." in html
    assert f"Test leverandoer ({offer.provider.name})" in html and "skrevet af leverandøren" in html
    # The follow-up form offers "til leverandøren" per goal.
    assert "Til leverandøren: leverandøren må se denne tekst" in html


def test_the_follow_up_form_marks_a_note_for_the_provider(client, caseworker, make_grant, offer):
    grant = make_grant(offer)
    goal = grant.goals.get()
    prefix = f"opf-{grant.pk.hex[:8]}"
    data = {
        f"{prefix}-done_on": clock.today().isoformat(),
        f"{prefix}-purpose_met": "yes",
        f"{prefix}-outcome": "continue",
        f"{prefix}-notes": "Formålet er opfyldt.",
        f"{prefix}-goal_{goal.pk}": "Til leverandøren: fortsæt med bussen.",
        f"{prefix}-goal_{goal.pk}_for_provider": "on",
    }
    client.force_login(caseworker)
    url = reverse("grants:follow_up", args=[grant.case_id, grant.id])
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302  # a double click
    assert FollowUp.objects.filter(grant=grant).count() == 1
    note = GoalProgress.objects.get(goal=goal)
    assert note.for_provider and not note.by_provider


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Hun har fået ny medicin og er træt.", ["medicin"]),
        ("Diagnosen er ADHD; han var syg mandag.", ["diagnosen", "adhd", "syg"]),
        ("Han var hos lægen og på hospitalet.", ["lægen", "hospitalet"]),
        ("Anna var med i sagsbehandlingen af festen og mødte sygeplejersken.", []),
        ("Tog bussen alene og hjalp til i køkkenet.", []),
    ],
)
def test_the_soft_check_finds_words_that_suggest_health_details(text, words):
    assert health_words(text) == words


def test_the_provider_is_asked_to_confirm_a_note_that_looks_like_health_details(
    client, provider_user, make_grant, offer
):
    grant = make_grant(offer)
    goal = grant.goals.get()
    client.force_login(provider_user)
    url = reverse("provider:progress_add", args=[grant.id, goal.id])
    form_html = client.get(detail_url(grant)).content.decode()
    assert "Skriv ikke helbredsoplysninger (diagnoser, medicin, sygdom eller behandling)" in form_html
    assert "Gem den alligevel" not in form_html  # the confirmation only comes with the warning
    text = "Anna fik sin medicin og deltog i madlavningen."
    response = client.post(url, {f"goal-{goal.id}-text": text})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Teksten ser ud til at indeholde helbredsoplysninger (”medicin”)." in html
    assert "Teksten indeholder ikke helbredsoplysninger. Gem den alligevel." in html
    assert text in html  # what was typed is kept
    assert not GoalProgress.objects.exists()
    confirmed = client.post(url, {f"goal-{goal.id}-text": text, f"goal-{goal.id}-confirm": "on"})
    assert confirmed.status_code == 302
    note = GoalProgress.objects.get()
    assert note.by_provider and note.for_provider and note.by_organisation == offer.provider.name


def test_a_double_submitted_note_is_kept_once(client, provider_user, make_grant, offer):
    grant = make_grant(offer)
    goal = grant.goals.get()
    client.force_login(provider_user)
    url = reverse("provider:progress_add", args=[grant.id, goal.id])
    data = {f"goal-{goal.id}-text": "Anna tog bussen alene."}
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302
    assert GoalProgress.objects.count() == 1
    # The same words later are a new note.
    with clock.frozen(clock.now() + services.DOUBLE_SUBMIT_WINDOW * 2):
        assert client.post(url, data).status_code == 302
    assert GoalProgress.objects.count() == 2
