"""The contact block: every letter says how to reach the unit and the caseworker, from the
administrator's settings, and cannot be sent without them."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from visitator.audit.models import Event
from visitator.letters.checks import LetterIncomplete
from visitator.letters.compose import LetterKind, letter_compose
from visitator.letters.models import Letter, StaffContact, UnitContact
from visitator.letters.services import letter_send, staff_contact_save, unit_contact_save

pytestmark = pytest.mark.django_db


def test_the_pdf_carries_the_units_and_the_caseworkers_contact_details(
    case, caseworker, refusal_facts, pdf_text
):
    letter = letter_send(
        user=caseworker, draft=letter_compose(kind=LetterKind.REFUSAL, case=case, decision=refusal_facts)
    )
    text = pdf_text(letter.pdf.read())
    direct = StaffContact.objects.get(user=caseworker).direct_phone
    for expected in (
        "Testvej 1",
        "9600 Aars",
        "99 99 10 00",
        "bevilling@example.invalid",
        "Mandag-torsdag 9-15, fredag 9-12",
        "Sagsbehandler:",
        caseworker.get_full_name(),
        direct,
    ):
        assert expected in text


def test_a_letter_cannot_be_sent_without_the_units_contact_details(case, caseworker, refusal_facts, unit):
    UnitContact.objects.filter(unit=unit).delete()
    draft = letter_compose(kind=LetterKind.REFUSAL, case=case, decision=refusal_facts)
    with pytest.raises(LetterIncomplete, match="Brevet mangler kontaktoplysninger for Bevilling Psykiatri"):
        letter_send(user=caseworker, draft=draft)
    assert not Letter.objects.exists()


def test_a_letter_cannot_be_sent_without_the_caseworkers_direct_line(case, caseworker, refusal_facts):
    StaffContact.objects.filter(user=caseworker).delete()
    draft = letter_compose(kind=LetterKind.RECEIPT, case=case)
    with pytest.raises(LetterIncomplete, match="sagsbehandlerens direkte telefonnummer"):
        letter_send(user=caseworker, draft=draft)
    assert not Letter.objects.exists()


def test_a_case_without_a_caseworker_names_the_sender(case, caseworker, make_user, unit, pdf_text):
    colleague = make_user("sagsbehandler", unit, "karen")
    colleague.first_name, colleague.last_name = "Karen", "Kollega"
    colleague.save()
    case.caseworker = None
    case.save()
    letter = letter_send(user=colleague, draft=letter_compose(kind=LetterKind.RECEIPT, case=case))
    text = pdf_text(letter.pdf.read())
    assert "Karen Kollega" in text and StaffContact.objects.get(user=colleague).direct_phone in text


def test_the_hearing_letter_says_how_to_answer_by_phone_and_e_mail(case, hearing_facts):
    draft = letter_compose(kind=LetterKind.HEARING, case=case, hearing=hearing_facts)
    response = draft.section("response").text
    assert "99 99 10 00" in response and "bevilling@example.invalid" in response
    assert "senest den 11. december 2026" in response


# -- the administrator's page --------------------------------------------------------------------


@pytest.fixture
def admin_client(client, administrator):
    client.force_login(administrator)
    return client


def _unit_post(unit, version, **changes):
    prefix = f"enhed-{unit.pk.hex[:8]}"
    values = {
        "version": version,
        "address_line": "Eksempelvej 10",
        "postcode": "9600",
        "city": "Aars",
        "phone": "99 99 10 01",
        "email": "visitation@example.invalid",
        "opening_hours": "Mandag-fredag 9-12",
        **changes,
    }
    return {f"{prefix}-{key}": value for key, value in values.items()}


def test_the_administrator_edits_the_contact_block(admin_client, unit, caseworker):
    page = admin_client.get(reverse("letters:contact_settings"))
    assert page.status_code == 200
    assert "Bevilling Psykiatri og Handicap" in page.content.decode()
    response = admin_client.post(
        reverse("letters:unit_contact_save", args=[unit.id]), _unit_post(unit, 1), follow=True
    )
    assert "Kontaktoplysningerne for Bevilling Psykiatri og Handicap er gemt" in response.content.decode()
    contact = UnitContact.objects.get(unit=unit)
    assert contact.phone == "99 99 10 01" and contact.version == 2
    assert Event.objects.filter(kind="letters.unit_contact_saved").count() == 1

    staff_post = {
        f"medarbejder-{caseworker.pk}-version": 1,
        f"medarbejder-{caseworker.pk}-direct_phone": "+45 99991234",
    }
    assert (
        admin_client.post(reverse("letters:staff_contact_save", args=[caseworker.pk]), staff_post).status_code
        == 302
    )
    assert StaffContact.objects.get(user=caseworker).direct_phone == "+45 99991234"


def test_bad_contact_details_get_danish_messages_and_nothing_changes(admin_client, unit):
    response = admin_client.post(
        reverse("letters:unit_contact_save", args=[unit.id]),
        _unit_post(unit, 1, phone="12 34", email="ikke-en-adresse", postcode="96"),
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "Skriv et dansk telefonnummer med 8 cifre" in body and "gyldig e-mailadresse" in body
    assert "postnummer med 4 cifre" in body
    assert UnitContact.objects.get(unit=unit).phone == "99 99 10 00"


def test_a_stale_save_is_refused_and_keeps_what_was_typed(admin_client, unit, administrator):
    unit_contact_save(
        user=administrator,
        unit=unit,
        version=1,
        address_line="Testvej 1",
        postcode="9600",
        city="Aars",
        phone="99 99 10 09",
        email="bevilling@example.invalid",
        opening_hours="Mandag-fredag 9-12",
    )
    response = admin_client.post(
        reverse("letters:unit_contact_save", args=[unit.id]),
        _unit_post(unit, 1, opening_hours="Hver dag 8-16"),
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "ændret af en anden" in body and "Hver dag 8-16" in body
    assert UnitContact.objects.get(unit=unit).phone == "99 99 10 09"


def test_only_the_administrator_of_the_municipality_edits(
    client, caseworker, unit, other_caseworker, make_user
):
    client.force_login(caseworker)
    assert client.get(reverse("letters:contact_settings")).status_code == 403
    assert (
        client.post(reverse("letters:unit_contact_save", args=[unit.id]), _unit_post(unit, 1)).status_code
        == 403
    )
    other_admin = make_user("administrator", other_caseworker.membership.unit)
    client.force_login(other_admin)
    assert (
        client.post(reverse("letters:unit_contact_save", args=[unit.id]), _unit_post(unit, 1)).status_code
        == 404
    )
    with pytest.raises(PermissionDenied, match="^$"):  # not theirs: no message
        staff_contact_save(user=other_admin, staff=caseworker, version=1, direct_phone="99 99 10 10")
    assert UnitContact.objects.get(unit=unit).phone == "99 99 10 00"
