import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from visitator.audit.models import AccessLog, Event
from visitator.people.models import Representative
from visitator.people.services import citizen_create, citizen_update, representative_add

pytestmark = pytest.mark.django_db


def test_a_citizen_cannot_be_created_twice_in_one_municipality(caseworker, make_citizen):
    citizen = make_citizen()
    with pytest.raises(ValidationError, match="Der findes allerede en borger med dette CPR-nummer") as info:
        citizen_create(user=caseworker, cpr=citizen.cpr, first_name="X", last_name="Y")
    assert "allerede" in str(info.value)


def test_the_same_person_can_be_known_in_two_municipalities(make_citizen, other_caseworker):
    citizen = make_citizen()
    other = citizen_create(user=other_caseworker, cpr=citizen.cpr, first_name="A", last_name="B")
    assert other.municipality != citizen.municipality


def test_updating_a_citizen_keeps_old_and_new_values_in_the_event(caseworker, make_citizen):
    citizen = make_citizen(address_line="Testvej 1")
    citizen_update(
        user=caseworker,
        citizen=citizen,
        version=1,
        address_line="Prøvegade 2",
        first_name=citizen.first_name,
    )
    citizen.refresh_from_db()
    assert citizen.address_line == "Prøvegade 2" and citizen.version == 2
    event = Event.objects.get(citizen=citizen, kind="citizen.changed")
    assert event.before == {"address_line": "Testvej 1", "version": 1}
    assert event.after == {"address_line": "Prøvegade 2", "version": 2}
    assert AccessLog.objects.filter(citizen=citizen, action="change").exists()


def test_digital_post_exemption_needs_a_reason(caseworker, make_citizen):
    citizen = make_citizen()
    with pytest.raises(ValidationError, match="grunden til fritagelsen"):
        citizen_update(user=caseworker, citizen=citizen, version=1, digital_post_exempt=True)
    citizen.refresh_from_db()
    assert not citizen.digital_post_exempt


def test_other_municipality_cannot_update(other_caseworker, make_citizen):
    with pytest.raises(PermissionDenied, match="^$"):  # not theirs: no message
        citizen_update(user=other_caseworker, citizen=make_citizen(), version=1, first_name="X")


def test_a_partsrepraesentant_needs_the_date_of_the_fuldmagt(caseworker, make_citizen):
    citizen = make_citizen()
    with pytest.raises(ValidationError, match="Angiv hvornår fuldmagten er modtaget") as info:
        representative_add(
            user=caseworker, citizen=citizen, kind="fuldmagt", name="Søster", valid_from=dt.date(2026, 1, 1)
        )
    assert info.value.message_dict["power_of_attorney_received"] == ["Angiv hvornår fuldmagten er modtaget."]
    assert "skal have Digital Post eller en postadresse" in info.value.message_dict["address_line"][0]
    rep = representative_add(
        user=caseworker,
        citizen=citizen,
        kind="fuldmagt",
        name="Søster (testperson)",
        valid_from=dt.date(2026, 1, 1),
        power_of_attorney_received=dt.date(2026, 1, 2),
        address_line="Søstervej 2",
        postcode="9600",
        city="Aars",
    )
    assert rep.receives_letters and rep.is_active_on(dt.date(2026, 6, 1))


def test_a_relative_without_fuldmagt_does_not_receive_letters(caseworker, make_citizen):
    rep = representative_add(
        user=caseworker,
        citizen=make_citizen(),
        kind="paaroerende",
        name="Nabo",
        valid_from=dt.date(2026, 1, 1),
    )
    assert not rep.receives_letters


def test_representative_form_on_the_case_page(client, caseworker, make_case):
    case = make_case()
    client.force_login(caseworker)
    url = reverse("cases:representative_new", args=[case.id])
    bad = client.post(url, {"rep-kind": "fuldmagt", "rep-name": "Bror", "rep-valid_from": "2026-01-01"})
    assert bad.status_code == 400 and "fuldmagten er modtaget" in bad.content.decode()
    assert not Representative.objects.exists()
    ok = client.post(
        url,
        {
            "rep-kind": "fuldmagt",
            "rep-name": "Bror (testperson)",
            "rep-valid_from": "2026-01-01",
            "rep-power_of_attorney_received": "2026-01-01",
        },
    )
    assert ok.status_code == 302
    assert "Bror (testperson)" in client.get(reverse("cases:detail", args=[case.id])).content.decode()


def test_citizen_edit_form_on_the_case_page(client, caseworker, make_case):
    case = make_case()
    client.force_login(caseworker)
    url = reverse("cases:citizen_edit", args=[case.id])
    data = {
        "borger-version": "1",
        "borger-first_name": "Anna",
        "borger-last_name": "Jensen (testperson)",
        "borger-postcode": "96",
        "borger-preferred_language": "da",
    }
    bad = client.post(url, data)
    assert bad.status_code == 400 and "fire cifre" in bad.content.decode()
    data["borger-postcode"] = "9640"
    assert client.post(url, data).status_code == 302
    case.citizen.refresh_from_db()
    assert case.citizen.postcode == "9640"
