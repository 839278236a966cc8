"""The administrator's edit page for one offer: roles, validation, optimistic locking, double submit."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from visitator.audit.models import Event
from visitator.offers import services
from visitator.offers.models import Offer
from visitator.organisation.roles import ADMINISTRATOR, CASEWORKER, TEAM_LEADER
from visitator.people.services import StaleEdit

pytestmark = pytest.mark.django_db


def _form(offer: Offer, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "version": offer.version,
        "name": offer.name,
        "places": offer.places,
        "address_line": offer.address_line,
        "postcode": offer.postcode,
        "city": offer.city,
        "opens_at": "",
        "closes_at": "",
        "registration": offer.registration,
        "approval": offer.approval,
        "verified_on": offer.verified_on.isoformat(),
        "active": "on",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def _url(offer: Offer) -> str:
    return reverse("offers:edit", kwargs={"offer_id": offer.pk})


def test_the_url_names_no_personal_data(offer):
    assert _url(offer) == f"/tilbud/{offer.pk}/ret/"


def test_the_administrator_changes_places_and_opening_hours(client, administrator, offer):
    client.force_login(administrator)
    page = client.get(_url(offer))
    assert page.status_code == 200
    assert "Ret Aktivitetscentret Aars" in page.content.decode()

    response = client.post(_url(offer), _form(offer, places=14, opens_at="08:30", closes_at="15:00"))

    assert response.status_code == 302 and response["Location"] == f"/tilbud/#tilbud-{offer.pk}"
    offer.refresh_from_db()
    assert (offer.places, offer.opens_at, offer.closes_at, offer.version) == (
        14,
        dt.time(8, 30),
        dt.time(15, 0),
        2,
    )
    event = Event.objects.get(kind="offer.updated")
    assert event.user == administrator
    assert event.before == {"offer": str(offer.pk), "places": 10, "opens_at": None, "closes_at": None}
    assert event.after == {
        "offer": str(offer.pk),
        "places": 14,
        "opens_at": "08:30:00",
        "closes_at": "15:00:00",
        "version": 2,
    }


def test_the_list_links_to_the_edit_page_for_administrators_only(client, make_user, unit, offer):
    client.force_login(make_user(ADMINISTRATOR, unit))
    assert _url(offer) in client.get("/tilbud/").content.decode()
    client.force_login(make_user(CASEWORKER, unit))
    assert _url(offer) not in client.get("/tilbud/").content.decode()


@pytest.mark.parametrize("role", [CASEWORKER, TEAM_LEADER, "leverandoer", "koerselskontor", None])
def test_only_the_administrator_may_edit(client, make_user, unit, offer, role):
    client.force_login(make_user(role, unit))
    assert client.get(_url(offer)).status_code == 403
    assert client.post(_url(offer), _form(offer, places=99)).status_code == 403
    offer.refresh_from_db()
    assert offer.places == 10 and offer.version == 1


def test_another_municipalitys_administrator_gets_404_and_changes_nothing(
    client, make_user, other_municipality, offer
):
    from visitator.organisation.models import Unit

    other_unit = Unit.objects.create(municipality=other_municipality, name="Myndighed (anden kommune)")
    client.force_login(make_user(ADMINISTRATOR, other_unit))
    assert client.get(_url(offer)).status_code == 404
    assert client.post(_url(offer), _form(offer, places=99)).status_code == 404
    offer.refresh_from_db()
    assert offer.places == 10


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"opens_at": "15:00", "closes_at": "08:00"},
            "closes_at",
            "Tilbuddet skal lukke senere, end det åbner.",
        ),
        (
            {"opens_at": "08:00", "closes_at": ""},
            "closes_at",
            "Skriv både hvornår tilbuddet åbner og lukker.",
        ),
        ({"postcode": "96"}, "postcode", "Skriv et postnummer med 4 cifre."),
        ({"name": "   "}, "name", "Dette felt er påkrævet."),
        ({"places": "-1"}, "places", "Denne værdi skal være større end eller lig 0."),
    ],
)
def test_bad_input_gets_a_clear_message_and_changes_nothing(
    client, administrator, offer, changes, field, message
):
    client.force_login(administrator)
    response = client.post(_url(offer), _form(offer, **changes))
    assert response.status_code == 400
    assert message in response.context["form"].errors[field][0]
    offer.refresh_from_db()
    assert offer.version == 1 and not Event.objects.filter(kind="offer.updated").exists()


def test_verified_on_cannot_be_in_the_future(client, administrator, offer, settings):
    from visitator.core import clock

    client.force_login(administrator)
    tomorrow = clock.today() + dt.timedelta(days=1)
    response = client.post(_url(offer), _form(offer, verified_on=tomorrow.isoformat()))
    assert response.status_code == 400
    assert response.context["form"].errors["verified_on"] == [
        "Datoen for kontrollen på Tilbudsportalen kan ikke ligge i fremtiden."
    ]
    today = clock.today()
    assert client.post(_url(offer), _form(offer, verified_on=today.isoformat())).status_code == 302
    offer.refresh_from_db()
    assert offer.verified_on == today


def test_a_stale_form_is_refused_with_who_changed_what_and_keeps_what_was_typed(
    client, make_user, unit, offer
):
    first = make_user(ADMINISTRATOR, unit)
    first.first_name, first.last_name = "Anne", "Andersen"
    first.save()
    second = make_user(ADMINISTRATOR, unit)
    opened = _form(offer)  # both open the form on version 1
    client.force_login(first)
    assert client.post(_url(offer), {**opened, "places": 12}).status_code == 302

    client.force_login(second)
    response = client.post(_url(offer), {**opened, "city": "Løgstør"})

    assert response.status_code == 400
    text = " ".join(response.context["form"].non_field_errors())
    assert "Tilbuddet er blevet ændret, efter du åbnede formularen." in text
    assert "Anne Andersen gemte" in text and "Pladser: »10« → »12«" in text
    form = response.context["form"]
    assert form.data["city"] == "Løgstør"  # what the second person typed stays
    assert form.data["places"] == "12"  # the field they did not touch shows the new value
    assert form.data["version"] == "2"
    offer.refresh_from_db()
    assert (offer.places, offer.city, offer.version) == (12, "Aars", 2)

    # Saving again, having read the message, goes through and keeps both changes.
    assert client.post(_url(offer), dict(form.data.items())).status_code == 302
    offer.refresh_from_db()
    assert (offer.places, offer.city, offer.version) == (12, "Løgstør", 3)


def test_a_choice_in_the_stale_message_is_named_by_its_label(administrator, make_user, unit, offer):
    services.offer_update(
        user=administrator, offer=offer, version=1, registration=Offer.Registration.NOT_REGISTERED
    )
    with pytest.raises(StaleEdit, match="Registreret på Tilbudsportalen« → »Ikke registreret"):
        services.offer_update(user=make_user(ADMINISTRATOR, unit), offer=offer, version=1, city="Farsø")


def test_the_same_save_twice_is_done_once(client, administrator, offer):
    client.force_login(administrator)
    data = _form(offer, places=11)
    assert client.post(_url(offer), data).status_code == 302
    assert client.post(_url(offer), data).status_code == 302  # a double click: no stale message
    offer.refresh_from_db()
    assert offer.version == 2 and Event.objects.filter(kind="offer.updated").count() == 1


def test_an_import_after_the_form_was_opened_makes_it_stale(administrator, offer):
    offer.version += 1  # what the importer does when it changes the offer
    Offer.objects.filter(pk=offer.pk).update(version=offer.version, places=20)
    with pytest.raises(StaleEdit, match="En anden har gemt en nyere udgave"):
        services.offer_update(user=administrator, offer=offer, version=1, city="Farsø")
