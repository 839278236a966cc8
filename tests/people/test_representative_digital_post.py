"""A representative who receives the citizen's letters needs Digital Post (their own CPR or CVR number)
or a postal address before it can be saved so; a letter then goes to the representative's own Digital
Post, c/o, and the number is never shown in full in the history or the event log."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from visitator.audit.models import Event
from visitator.core import clock
from visitator.letters.checks import letter_check
from visitator.letters.compose import LetterKind, Recipient, letter_compose, recipient_for
from visitator.letters.models import DigitalPostMessage, Letter
from visitator.letters.services import letter_send
from visitator.people.models import Representative
from visitator.people.services import digital_post_number, representative_add, representative_update

pytestmark = pytest.mark.django_db

CVR = "13585490"  # passes the CVR modulus-11 check (test data)
ADDRESS = {"address_line": "Vej 1", "postcode": "9600", "city": "Aars"}
CPR = "0101701234"
NEW_NAME = "Advokat Ny (testperson)"  # a CPR number failing modulus 11: still accepted (cpr.dk)


def _add(caseworker, citizen, **fields):
    return representative_add(
        user=caseworker,
        citizen=citizen,
        kind=Representative.Kind.POWER_OF_ATTORNEY,
        name="Advokat Andersen (testperson)",
        valid_from=dt.date(2026, 1, 1),
        power_of_attorney_received=dt.date(2026, 1, 1),
        receives_letters=True,
        **fields,
    )


def test_neither_digital_post_nor_an_address_is_refused_with_both_ways_named(caseworker, make_citizen):
    citizen = make_citizen()
    with pytest.raises(ValidationError, match="skal have Digital Post eller en postadresse") as info:
        _add(caseworker, citizen)
    assert "CPR- eller CVR-nummer til Digital Post" in info.value.message_dict["address_line"][0]
    assert not Representative.objects.exists()


def test_digital_post_alone_is_enough(caseworker, make_citizen):
    rep = _add(caseworker, make_citizen(), digital_post_id=f"{CVR[:4]} {CVR[4:]}")
    assert rep.digital_post_id == CVR and rep.has_digital_post and not rep.has_postal_address
    rep = _add(caseworker, make_citizen(), digital_post_id="010170-1234")
    assert rep.digital_post_id == CPR and rep.digital_post_id_masked == "010170-****"


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("12345", "Skriv et CPR-nummer \\(10 cifre\\) eller et CVR-nummer \\(8 cifre\\)"),
        ("1234567a", "Skriv et CPR-nummer \\(10 cifre\\) eller et CVR-nummer \\(8 cifre\\)"),
        ("13585498", "CVR-nummeret er ikke gyldigt"),
        ("3213701234", "ikke en gyldig fødselsdato"),
    ],
)
def test_a_bad_number_is_refused_and_never_repeated(caseworker, make_citizen, number, message):
    with pytest.raises(ValidationError, match=message) as info:
        _add(
            caseworker,
            make_citizen(),
            digital_post_id=number,
            address_line="Vej 1",
            postcode="9600",
            city="Aars",
        )
    assert number not in str(info.value)
    assert not Representative.objects.exists()
    with pytest.raises(ValidationError, match=message):
        digital_post_number(number)


def test_removing_the_address_of_a_digital_post_representative_is_allowed_but_not_both(
    caseworker, make_citizen
):
    rep = _add(
        caseworker, make_citizen(), digital_post_id=CVR, address_line="Vej 1", postcode="9600", city="Aars"
    )
    rep = representative_update(
        user=caseworker, representative=rep, version=1, address_line="", postcode="", city=""
    )
    with pytest.raises(ValidationError, match="skal have Digital Post eller en postadresse"):
        representative_update(user=caseworker, representative=rep, version=2, digital_post_id="")
    rep.refresh_from_db()
    assert rep.digital_post_id == CVR


def test_the_event_log_never_holds_a_cpr_number(caseworker, make_citizen):
    rep = _add(caseworker, make_citizen(), digital_post_id=CVR)
    representative_update(user=caseworker, representative=rep, version=1, digital_post_id=CPR)
    event = Event.objects.filter(kind="citizen.representative_changed").latest("id")
    assert event.before["digital_post_id"] == CVR and event.after["digital_post_id"] == "010170-****"
    assert CPR not in str(list(Event.objects.values_list("before", "after")))


def test_the_letter_goes_to_the_representatives_own_digital_post(caseworker, make_case):
    case = make_case()
    _add(caseworker, case.citizen, digital_post_id=CVR)
    recipient = recipient_for(case, clock.today())
    assert recipient.digital_post and recipient.on_behalf_of == case.citizen.full_name
    assert recipient.digital_post_id == CVR and CVR not in repr(recipient)
    draft = letter_compose(kind=LetterKind.RECEIPT, case=case, letter_date=clock.today())
    assert letter_check(draft) == []
    letter = letter_send(user=caseworker, draft=draft)
    assert letter.channel == "digital_post" and letter.receipt_on == letter.letter_date
    message = DigitalPostMessage.objects.get(letter=letter)
    assert message.recipient_identifier == CVR  # the representative's mailbox, not the citizen's
    assert Letter.objects.filter(case=case, on_behalf_of=case.citizen.full_name).count() == 1


def test_digital_post_to_a_representative_without_a_number_fails_the_check(caseworker, make_case):
    case = make_case()
    recipient = Recipient(name="Advokat", address_lines=(), digital_post=True, on_behalf_of="Anna")
    draft = letter_compose(kind=LetterKind.RECEIPT, case=case, letter_date=clock.today(), recipient=recipient)
    assert any("kræver repræsentantens CPR- eller CVR-nummer" in p for p in letter_check(draft))


def test_the_form_offers_digital_post_and_shows_the_rule(client, caseworker, make_case):
    case = make_case()
    client.force_login(caseworker)
    page = client.get(reverse("cases:detail", args=[case.id])).content.decode()
    assert "CPR- eller CVR-nummer til Digital Post" in page
    url = reverse("cases:representative_new", args=[case.id])
    base = {
        "rep-kind": "fuldmagt",
        "rep-name": "Advokat Andersen (testperson)",
        "rep-valid_from": "2026-01-01",
        "rep-power_of_attorney_received": "2026-01-01",
        "rep-receives_letters": "on",
    }
    bad = client.post(url, base)
    body = bad.content.decode()
    assert bad.status_code == 400 and "skal have Digital Post eller en postadresse" in body
    assert not Representative.objects.exists()
    ok = client.post(url, {**base, "rep-digital_post_id": CVR})
    assert ok.status_code == 302
    page = client.get(reverse("cases:detail", args=[case.id])).content.decode()
    assert "Modtager borgerens breve (Digital Post)" in page and "Mangler Digital Post" not in page


def test_a_stale_save_puts_the_number_now_stored_in_the_form_not_the_old_one(
    caseworker, make_citizen, make_user, unit
):
    """The event keeps the CPR number masked; the stale message must still give the form the number
    the colleague saved, so saving again never puts the old number back over theirs."""
    from visitator.organisation.roles import CASEWORKER
    from visitator.people.forms import RepresentativeEditForm
    from visitator.people.services import StaleEdit

    rep = _add(caseworker, make_citizen(), digital_post_id=CPR)
    representative_update(
        user=make_user(CASEWORKER, unit), representative=rep, version=1, digital_post_id=CVR
    )
    with pytest.raises(StaleEdit, match="er blevet ændret") as stale:
        representative_update(
            user=caseworker,
            representative=rep,
            version=1,
            digital_post_id=CPR,
            name="Advokat Ny (testperson)",
        )
    assert stale.value.changes["digital_post_id"] == (CPR, CVR)
    form = RepresentativeEditForm(
        data={"version": "1", "digital_post_id": CPR, "name": "Advokat Ny (testperson)"}
    )
    form.take_stale(stale.value)
    assert form.data["digital_post_id"] == CVR and form.data["name"] == NEW_NAME


def test_a_stale_save_keeps_a_number_the_user_typed_themselves(caseworker, make_citizen, make_user, unit):
    from visitator.organisation.roles import CASEWORKER
    from visitator.people.services import StaleEdit

    rep = _add(caseworker, make_citizen(), digital_post_id=CPR)
    representative_update(
        user=make_user(CASEWORKER, unit), representative=rep, version=1, digital_post_id=CVR
    )
    with pytest.raises(StaleEdit, match="er blevet ændret") as stale:
        representative_update(user=caseworker, representative=rep, version=1, digital_post_id="0202802345")
    assert stale.value.changes["digital_post_id"] == ("010170-****", CVR)  # the form keeps what was typed
