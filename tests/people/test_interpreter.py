"""Interpreter need and preferred language on the citizen, shown where someone talks or writes to the
citizen; and the citizen's details never silently overwritten by a second person saving."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from visitator.people.services import StaleEdit, citizen_update

pytestmark = pytest.mark.django_db

NOTICE = "Borgeren har brug for tolk (sprog: arabisk)"


def test_an_interpreter_needs_a_language(caseworker, make_citizen):
    citizen = make_citizen()
    with pytest.raises(ValidationError, match="Vælg det sprog, borgeren skal have tolk til"):
        citizen_update(user=caseworker, citizen=citizen, version=1, interpreter_needed=True)
    with pytest.raises(ValidationError, match="Skriv hvilket sprog"):
        citizen_update(user=caseworker, citizen=citizen, version=1, preferred_language="andet")
    citizen.refresh_from_db()
    assert not citizen.interpreter_needed and citizen.version == 1


def test_another_language_is_written_out(caseworker, make_citizen):
    citizen = make_citizen()
    citizen = citizen_update(
        user=caseworker,
        citizen=citizen,
        version=1,
        preferred_language="andet",
        preferred_language_other="Vietnamesisk",
        interpreter_needed=True,
    )
    assert citizen.language_name == "Vietnamesisk"
    # Choosing a listed language again clears the written-out one.
    citizen = citizen_update(user=caseworker, citizen=citizen, version=2, preferred_language="ar")
    assert citizen.preferred_language_other == "" and citizen.language_name == "arabisk"


def test_the_case_and_hearing_pages_show_the_interpreter_notice(client, caseworker, make_case):
    case = make_case()
    client.force_login(caseworker)
    for name in ("cases:detail", "decisions:hearing"):
        assert NOTICE not in client.get(reverse(name, args=[case.id])).content.decode()
    citizen_update(
        user=caseworker, citizen=case.citizen, version=1, preferred_language="ar", interpreter_needed=True
    )
    for name in ("cases:detail", "decisions:hearing"):
        assert NOTICE in client.get(reverse(name, args=[case.id])).content.decode()


def test_interpreter_need_is_edited_with_the_citizen_on_the_case_page(client, caseworker, make_case):
    case = make_case()
    client.force_login(caseworker)
    url = reverse("cases:citizen_edit", args=[case.id])
    data = {
        "borger-version": "1",
        "borger-first_name": "Anna",
        "borger-last_name": "Jensen (testperson)",
        "borger-preferred_language": "da",
        "borger-interpreter_needed": "on",
    }
    bad = client.post(url, data)
    assert bad.status_code == 400 and "Vælg det sprog, borgeren skal have tolk til" in bad.content.decode()
    data["borger-preferred_language"] = "ar"
    assert client.post(url, data).status_code == 302
    page = client.get(reverse("cases:detail", args=[case.id])).content.decode()
    assert NOTICE in page and "Arabisk – <strong>har brug for tolk</strong>" in page


def test_a_stale_citizen_save_shows_what_changed_and_keeps_what_was_typed(
    client, caseworker, make_case, make_user, unit
):
    case = make_case()
    colleague = make_user("sagsbehandler", unit, "kim")
    colleague.first_name, colleague.last_name = "Kim", "Kollega"
    colleague.save()
    citizen_update(user=colleague, citizen=case.citizen, version=1, phone="98765432")
    with pytest.raises(StaleEdit, match="Kim Kollega gemte"):
        citizen_update(user=caseworker, citizen=case.citizen, version=1, city="Aars")

    client.force_login(caseworker)
    url = reverse("cases:citizen_edit", args=[case.id])
    data = {
        "borger-version": "1",
        "borger-first_name": "Anna",
        "borger-last_name": "Jensen (testperson)",
        "borger-address_line": "Skrevet vej 9",
        "borger-preferred_language": "da",
    }
    response = client.post(url, data)
    body = response.content.decode()
    assert response.status_code == 400
    assert "Borgerens oplysninger er blevet ændret, efter du åbnede formularen" in body
    assert "Telefon: »(tom)« → »98765432«" in body
    assert 'value="Skrevet vej 9"' in body and 'name="borger-version" value="2"' in body
    # The phone, which this user had not touched, now shows the colleague's number.
    assert 'name="borger-phone" value="98765432"' in body
    case.citizen.refresh_from_db()
    assert case.citizen.address_line == "" and case.citizen.phone == "98765432"
    # Saved again from the form as shown: goes through, and the colleague's phone number stays.
    again = {**data, "borger-version": "2", "borger-phone": "98765432"}
    assert client.post(url, again).status_code == 302
    case.citizen.refresh_from_db()
    assert case.citizen.address_line == "Skrevet vej 9" and case.citizen.phone == "98765432"


def test_the_citizen_form_sent_twice_saves_once(client, caseworker, make_case):
    from visitator.audit.models import Event

    case = make_case()
    client.force_login(caseworker)
    url = reverse("cases:citizen_edit", args=[case.id])
    data = {
        "borger-version": "1",
        "borger-first_name": "Anna",
        "borger-last_name": "Jensen (testperson)",
        "borger-city": "Aars",
        "borger-preferred_language": "da",
    }
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302
    case.citizen.refresh_from_db()
    assert case.citizen.version == 2 and case.citizen.city == "Aars"
    assert Event.objects.filter(kind="citizen.changed").count() == 1
