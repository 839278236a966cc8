"""The municipality's own four-eyes rule, set by its administrator in the product (not the Django admin)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from visitator.audit.models import Event
from visitator.organisation.models import Municipality

pytestmark = pytest.mark.django_db

URL = "/administration/fire-oejne/"


def test_the_url():
    assert reverse("administration:second_approval") == URL


def test_the_administrator_chooses_refusal_and_stop(client, administrator, municipality):
    client.force_login(administrator)
    page = client.get(URL)
    assert page.status_code == 200
    assert "Godkendelse af en kollega (fire øjne)" in page.content.decode()

    response = client.post(URL, {"kinds": ["refusal", "stop"], "opened_on": ""})

    assert response.status_code == 302 and response["Location"] == "/administration/#indstillinger"
    municipality.refresh_from_db()
    assert municipality.second_approval_for == ["refusal", "stop"]
    assert municipality.requires_second_approval("refusal") and not municipality.requires_second_approval(
        "grant"
    )
    event = Event.objects.get(kind="municipality.second_approval_changed")
    assert (event.user, event.before, event.after) == (
        administrator,
        {"second_approval_for": []},
        {"second_approval_for": ["refusal", "stop"]},
    )
    home = client.get("/administration/").content.decode()
    assert "Afslag, Ophør af hjælpen" in home


def test_the_same_form_twice_is_done_once(client, administrator):
    client.force_login(administrator)
    data = {"kinds": ["refusal"], "opened_on": ""}
    assert client.post(URL, data).status_code == 302
    assert client.post(URL, data).status_code == 302
    assert Event.objects.filter(kind="municipality.second_approval_changed").count() == 1


def test_a_stale_form_is_refused_and_keeps_what_was_ticked(
    client, administrator, make_user, unit, municipality
):
    from visitator.organisation.roles import ADMINISTRATOR

    colleague = make_user(ADMINISTRATOR, unit)
    client.force_login(colleague)
    assert client.post(URL, {"kinds": ["stop"], "opened_on": ""}).status_code == 302

    client.force_login(administrator)
    response = client.post(URL, {"kinds": ["refusal"], "opened_on": ""})  # opened before the colleague saved

    assert response.status_code == 400
    errors = " ".join(response.context["form"].non_field_errors())
    assert "En anden administrator har ændret indstillingen" in errors and "Ophør af hjælpen" in errors
    assert response.context["form"].data.getlist("kinds") == ["refusal"]
    assert response.context["form"].data["opened_on"] == "stop"
    municipality.refresh_from_db()
    assert municipality.second_approval_for == ["stop"]
    # Saving again (the page now names the stored setting) goes through.
    assert client.post(URL, {"kinds": ["refusal", "stop"], "opened_on": "stop"}).status_code == 302
    municipality.refresh_from_db()
    assert municipality.second_approval_for == ["refusal", "stop"]


def test_an_unknown_kind_is_refused_and_changes_nothing(client, administrator, municipality):
    client.force_login(administrator)
    response = client.post(URL, {"kinds": ["everything"], "opened_on": ""})
    assert response.status_code == 400
    assert "Marker en gyldig valgmulighed" in response.context["form"].errors["kinds"][0]
    assert Municipality.objects.get(pk=municipality.pk).second_approval_for == []


@pytest.mark.parametrize("role", ["sagsbehandler", "teamleder", "leverandoer", "koerselskontor"])
def test_only_the_administrator(client, make_user, unit, municipality, role):
    client.force_login(make_user(role, unit))
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"kinds": ["refusal"], "opened_on": ""}).status_code == 403
    assert Municipality.objects.get(pk=municipality.pk).second_approval_for == []
