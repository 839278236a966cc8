"""Representatives: værge, partsrepræsentant (fuldmagt), bisidder and pårørende are added, edited and
ended with a date (never deleted); one who receives letters has a postal address before it is saved;
two people editing the same representative never overwrite each other silently."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from visitator.audit.models import AccessLog, Event
from visitator.core import clock
from visitator.letters.compose import recipient_for
from visitator.organisation.roles import PROVIDER
from visitator.people.models import Representative
from visitator.people.services import (
    StaleEdit,
    representative_add,
    representative_end,
    representative_update,
)

pytestmark = pytest.mark.django_db

ADDRESS = {"address_line": "Værgevej 1", "postcode": "9670", "city": "Løgstør"}


@pytest.fixture
def guardian(caseworker, make_case):
    case = make_case()
    rep = representative_add(
        user=caseworker,
        citizen=case.citizen,
        kind=Representative.Kind.GUARDIAN,
        name="Vibeke Værge (testperson)",
        valid_from=dt.date(2026, 1, 1),
        **ADDRESS,
    )
    return case, rep


# -- the address rule --------------------------------------------------------------------------------


def test_a_representative_who_receives_letters_needs_a_postal_address(caseworker, make_citizen):
    citizen = make_citizen()
    with pytest.raises(ValidationError, match="skal have Digital Post eller en postadresse") as info:
        representative_add(
            user=caseworker,
            citizen=citizen,
            kind=Representative.Kind.GUARDIAN,
            name="Værge uden adresse",
            valid_from=dt.date(2026, 1, 1),
            receives_letters=True,
            city="Aars",
        )
    assert set(info.value.message_dict) == {"address_line", "postcode"}
    assert not Representative.objects.exists()


def test_a_representative_without_letters_needs_no_address(caseworker, make_citizen):
    rep = representative_add(
        user=caseworker,
        citizen=make_citizen(),
        kind=Representative.Kind.GUARDIAN,
        name="Værge (testperson)",
        valid_from=dt.date(2026, 1, 1),
        receives_letters=False,
    )
    assert not rep.receives_letters


def test_a_bisidder_never_receives_letters(caseworker, make_case):
    case = make_case()
    rep = representative_add(
        user=caseworker,
        citizen=case.citizen,
        kind=Representative.Kind.ASSISTANT,
        name="Bisidder Bo (testperson)",
        valid_from=dt.date(2026, 1, 1),
        receives_letters=True,
    )
    assert rep.kind == "bisidder" and not rep.receives_letters
    assert recipient_for(case, clock.today()).name == case.citizen.full_name


def test_removing_the_address_of_a_letter_recipient_is_refused(guardian, caseworker):
    _case, rep = guardian
    with pytest.raises(ValidationError, match="skal have Digital Post eller en postadresse"):
        representative_update(user=caseworker, representative=rep, version=1, address_line="")
    rep.refresh_from_db()
    assert rep.address_line == "Værgevej 1" and rep.version == 1


# -- edit and end ----------------------------------------------------------------------------------------


def test_editing_a_representative_keeps_old_and_new_values(guardian, caseworker):
    case, rep = guardian
    rep = representative_update(
        user=caseworker, representative=rep, version=1, address_line="Nyvej 2", phone="12345678"
    )
    assert rep.version == 2
    assert recipient_for(case, clock.today()).address_lines == ("Nyvej 2", "9670 Løgstør")
    event = Event.objects.get(kind="citizen.representative_changed")
    assert event.before == {"address_line": "Værgevej 1", "phone": "", "version": 1}
    assert event.after["address_line"] == "Nyvej 2" and event.after["version"] == 2
    assert AccessLog.objects.filter(what="borger: repræsentant", action="change").count() == 1


def test_ending_a_representative_keeps_the_row_and_its_period(guardian, caseworker):
    case, rep = guardian
    today = clock.today()
    rep = representative_end(
        user=caseworker, representative=rep, version=1, ended_on=today, reason="Værgemålet er ophævet."
    )
    assert Representative.objects.filter(pk=rep.pk).exists()
    assert rep.valid_to == today and rep.end_reason == "Værgemålet er ophævet."
    assert rep.is_active_on(today) and not rep.is_active_on(today + dt.timedelta(days=1))
    assert recipient_for(case, today + dt.timedelta(days=1)).name == case.citizen.full_name
    event = Event.objects.get(kind="citizen.representative_ended")
    assert event.after["valid_to"] == today.isoformat() and event.before["valid_to"] is None


def test_a_representative_cannot_end_before_it_began(guardian, caseworker):
    _case, rep = guardian
    with pytest.raises(ValidationError, match="før repræsentantens startdato \\(01.01.2026\\)"):
        representative_end(user=caseworker, representative=rep, version=1, ended_on=dt.date(2025, 12, 31))
    rep.refresh_from_db()
    assert rep.valid_to is None


def test_another_municipality_cannot_edit_or_end(guardian, other_caseworker):
    _case, rep = guardian
    with pytest.raises(PermissionDenied, match="^$"):  # not theirs: no message
        representative_update(user=other_caseworker, representative=rep, version=1, name="X")
    with pytest.raises(PermissionDenied, match="^$"):  # not theirs: no message
        representative_end(user=other_caseworker, representative=rep, version=1, ended_on=clock.today())


# -- optimistic locking ----------------------------------------------------------------------------------


def test_a_stale_save_says_who_changed_what_and_saves_nothing(guardian, caseworker, make_user, unit):
    _case, rep = guardian
    colleague = make_user("sagsbehandler", unit, "kim")
    colleague.first_name, colleague.last_name = "Kim", "Kollega"
    colleague.save()
    representative_update(user=colleague, representative=rep, version=1, phone="98765432")
    with pytest.raises(StaleEdit, match="Kim Kollega gemte .*Telefon: »\\(tom\\)« → »98765432«") as info:
        representative_update(user=caseworker, representative=rep, version=1, address_line="Min vej 3")
    assert info.value.version == 2
    rep.refresh_from_db()
    assert rep.address_line == "Værgevej 1" and rep.phone == "98765432"
    # Saving again on the version now stored goes through.
    representative_update(user=caseworker, representative=rep, version=2, address_line="Min vej 3")
    rep.refresh_from_db()
    assert rep.address_line == "Min vej 3" and rep.version == 3


# -- the pages -------------------------------------------------------------------------------------------


def _edit_url(case, rep):
    return reverse("people:representative_edit", args=[case.id, rep.id])


def _edit_data(**changes):
    data = {
        "rep-version": "1",
        "rep-kind": "vaerge",
        "rep-name": "Vibeke Værge (testperson)",
        "rep-address_line": "Værgevej 1",
        "rep-postcode": "9670",
        "rep-city": "Løgstør",
        "rep-receives_letters": "on",
        "rep-valid_from": "2026-01-01",
    }
    data.update(changes)
    return data


def test_the_edit_page_is_for_caseworkers_of_the_municipality(
    client, guardian, team_leader, other_caseworker, make_user, caseworker, make_case
):
    case, rep = guardian
    url = _edit_url(case, rep)
    client.force_login(caseworker)
    page = client.get(url)
    assert page.status_code == 200 and "Afslut repræsentationen" in page.content.decode()
    other_case = make_case()
    assert client.get(_edit_url(other_case, rep)).status_code == 404  # not that citizen's representative
    client.force_login(team_leader)
    assert client.get(url).status_code == 403
    client.force_login(make_user(PROVIDER, None, "lene"))
    assert client.get(url).status_code == 403
    client.force_login(other_caseworker)
    assert client.get(url).status_code == 404
    assert client.post(url, _edit_data(**{"rep-name": "X"})).status_code == 404
    rep.refresh_from_db()
    assert rep.name == "Vibeke Værge (testperson)"


def test_edit_a_representative_on_its_page(client, guardian, caseworker):
    case, rep = guardian
    client.force_login(caseworker)
    response = client.post(_edit_url(case, rep), _edit_data(**{"rep-address_line": "Nyvej 2"}))
    assert response.status_code == 302 and response["Location"] == reverse("cases:detail", args=[case.id])
    rep.refresh_from_db()
    assert rep.address_line == "Nyvej 2"
    page = client.get(_edit_url(case, rep)).content.decode()
    assert "Adresse: »Værgevej 1« → »Nyvej 2«" in page  # the history on the page


def test_the_form_refuses_a_letter_recipient_without_an_address(client, guardian, caseworker):
    case, rep = guardian
    client.force_login(caseworker)
    response = client.post(
        _edit_url(case, rep), _edit_data(**{"rep-address_line": "", "rep-postcode": "", "rep-city": ""})
    )
    body = response.content.decode()
    assert response.status_code == 400 and "skal have Digital Post eller en postadresse" in body
    # No address begun: one message that says both ways, not one per empty field.
    assert "Skriv repræsentantens postnummer." not in body
    rep.refresh_from_db()
    assert rep.address_line == "Værgevej 1"


def test_a_stale_save_on_the_page_keeps_what_was_typed(client, guardian, caseworker, make_user, unit):
    case, rep = guardian
    representative_update(user=make_user("sagsbehandler", unit), representative=rep, version=1, phone="11")
    client.force_login(caseworker)
    response = client.post(_edit_url(case, rep), _edit_data(**{"rep-address_line": "Skrevet vej 9"}))
    body = response.content.decode()
    assert response.status_code == 400
    assert "er blevet ændret, efter du åbnede formularen" in body and "»11«" in body
    assert 'value="Skrevet vej 9"' in body
    assert 'name="rep-version" value="2"' in body and 'name="rep-phone" value="11"' in body
    rep.refresh_from_db()
    assert rep.address_line == "Værgevej 1"
    # Saving the form again, as shown, goes through.
    again = client.post(
        _edit_url(case, rep), _edit_data(**{"rep-version": "2", "rep-address_line": "Skrevet vej 9"})
    )
    assert again.status_code == 302
    rep.refresh_from_db()
    assert rep.address_line == "Skrevet vej 9"


def test_end_a_representative_on_its_page(client, guardian, caseworker):
    case, rep = guardian
    client.force_login(caseworker)
    url = reverse("people:representative_end", args=[case.id, rep.id])
    bad = client.post(url, {"ophoer-version": "1", "ophoer-ended_on": "2025-06-01"})
    assert bad.status_code == 400 and "før repræsentantens startdato" in bad.content.decode()
    today = clock.today()
    ok = client.post(
        url,
        {
            "ophoer-version": "1",
            "ophoer-ended_on": today.isoformat(),
            "ophoer-reason": "Fuldmagt tilbagekaldt",
        },
    )
    assert ok.status_code == 302
    rep.refresh_from_db()
    assert rep.valid_to == today
    stale = client.post(url, {"ophoer-version": "1", "ophoer-ended_on": today.isoformat()})
    assert stale.status_code == 400 and "efter du åbnede formularen" in stale.content.decode()


def test_the_case_page_adds_a_bisidder_and_refuses_a_letter_recipient_without_address(
    client, caseworker, make_case
):
    case = make_case()
    client.force_login(caseworker)
    url = reverse("cases:representative_new", args=[case.id])
    base = {"rep-name": "Ny (testperson)", "rep-valid_from": "2026-01-01", "rep-receives_letters": "on"}
    bad = client.post(url, {**base, "rep-kind": "vaerge"})
    assert bad.status_code == 400 and "skal have Digital Post eller en postadresse" in bad.content.decode()
    assert not Representative.objects.exists()
    ok = client.post(url, {**base, "rep-kind": "bisidder"})
    assert ok.status_code == 302
    rep = Representative.objects.get()
    assert rep.kind == "bisidder" and not rep.receives_letters
    page = client.get(reverse("cases:detail", args=[case.id])).content.decode()
    assert (
        "Bisidder (FVL § 8)" in page and reverse("people:representative_edit", args=[case.id, rep.id]) in page
    )


# -- the same form sent twice -------------------------------------------------------------------------


def test_the_same_representative_sent_twice_is_added_once(client, caseworker, make_case):
    case = make_case()
    client.force_login(caseworker)
    url = reverse("cases:representative_new", args=[case.id])
    data = {"rep-kind": "bisidder", "rep-name": "Bo Bisidder (testperson)", "rep-valid_from": "2026-01-01"}
    assert client.post(url, data).status_code == 302
    again = client.post(url, data)
    assert again.status_code == 400
    assert "Bo Bisidder (testperson) er allerede registreret som repræsentant" in again.content.decode()
    assert Representative.objects.count() == 1


def test_an_edit_or_end_sent_twice_is_done_once_without_a_stale_message(client, guardian, caseworker):
    case, rep = guardian
    client.force_login(caseworker)
    edit = _edit_data(**{"rep-phone": "12345678"})
    assert client.post(_edit_url(case, rep), edit).status_code == 302
    assert client.post(_edit_url(case, rep), edit).status_code == 302
    end_url = reverse("people:representative_end", args=[case.id, rep.id])
    end = {"ophoer-version": "2", "ophoer-ended_on": clock.today().isoformat(), "ophoer-reason": "Ophævet"}
    assert client.post(end_url, end).status_code == 302
    assert client.post(end_url, end).status_code == 302
    rep.refresh_from_db()
    assert rep.version == 3 and rep.phone == "12345678" and rep.valid_to == clock.today()
    # added, changed, ended: each once
    assert Event.objects.filter(kind__startswith="citizen.representative_").count() == 3
