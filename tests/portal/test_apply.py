"""Applying in the portal: DKFDS form with an error summary, a review step and a receipt; the
application lands on the deciding unit's worklist with its deadline from the time received; sending
twice makes one case; submissions are rate-limited."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from visitator.audit.models import AccessLog
from visitator.cases.models import Case, JournalNote
from visitator.core import clock

from .conftest import oidc_login

ANSWERS = {
    "help_areas": ["samvaer", "struktur"],
    "own_words": "Jeg sidder meget alene og vil gerne have noget at stå op til.",
    "contacts": "Egen læge, Lægehuset Aars",
    "consent": "yes",
    "phone": "12 34 56 78",
}


def _logged_in(world, key: str = "bent_id") -> Client:
    client = Client()
    oidc_login(client, world[key], world["url"])
    return client


def test_an_empty_application_shows_the_error_summary_and_changes_nothing(world):
    client = _logged_in(world)
    cases = Case.objects.count()
    response = client.post(reverse("portal:apply", args=[world["bent"].id]), {})
    assert response.status_code == 400
    text = response.content.decode()
    assert "Der er fejl i det, du har udfyldt" in text
    assert "Vælg mindst én ting, du gerne vil have hjælp til." in text
    assert "Svar på, om vi må indhente oplysninger." in text
    assert Case.objects.count() == cases


def test_the_application_lands_on_the_worklist_with_its_deadline(world, caseworker):
    client = _logged_in(world)
    citizen = world["bent"]
    response = client.post(reverse("portal:apply", args=[citizen.id]), ANSWERS, follow=True)
    assert response.request["PATH_INFO"] == reverse("portal:apply_review", args=[citizen.id])
    assert "Jeg sidder meget alene" in response.content.decode()
    token = response.context["token"]
    before = set(Case.objects.filter(citizen=citizen).values_list("id", flat=True))

    receipt = client.post(reverse("portal:apply_review", args=[citizen.id]), {"token": token}, follow=True)
    [case] = Case.objects.filter(citizen=citizen).exclude(id__in=before)
    assert receipt.request["PATH_INFO"] == reverse("portal:apply_receipt", args=[citizen.id, case.id])
    assert "Vi har modtaget din ansøgning" in receipt.content.decode()
    assert case.channel == "digital"
    assert case.caseworker is None
    assert case.received_on == clock.today()
    assert case.decision_deadline == case.standard_version.spec.decision_deadline(case.received_on)
    note = JournalNote.objects.get(case=case)
    assert "Jeg sidder meget alene" in note.text and "Ja, I må indhente" in note.text
    assert AccessLog.objects.filter(case=case, action="create", what="portal: ansøgning").exists()

    # Sent twice (the back button, a double click): still one case, and the receipt again.
    again = client.post(reverse("portal:apply_review", args=[citizen.id]), {"token": token}, follow=True)
    assert again.request["PATH_INFO"] == reverse("portal:apply_receipt", args=[citizen.id, case.id])
    assert Case.objects.filter(citizen=citizen).exclude(id__in=before).count() == 1

    # The caseworker finds it on the unit's worklist.
    staff = Client()
    staff.post(
        reverse("login"), {"username": caseworker.username, "password": "correct horse battery staple"}
    )
    worklist = staff.get(reverse("cases:worklist") + "?visning=unit")
    assert case.number in worklist.content.decode()


def test_a_representative_applies_for_the_represented_only(world):
    client = _logged_in(world, "rep_id")
    assert client.get(reverse("portal:apply", args=[world["anna"].id])).status_code == 200
    assert client.post(reverse("portal:apply", args=[world["bent"].id]), ANSWERS).status_code == 404


def test_submissions_are_rate_limited(world, settings):
    settings.PORTAL_SUBMIT_RATE = "1/h"
    client = _logged_in(world)
    citizen = world["bent"]
    for expected in (302, 429):
        review = client.post(reverse("portal:apply", args=[citizen.id]), ANSWERS, follow=True)
        response = client.post(
            reverse("portal:apply_review", args=[citizen.id]), {"token": review.context["token"]}
        )
        assert response.status_code == expected
    assert "Du har sendt mange ansøgninger på kort tid" in response.content.decode()
