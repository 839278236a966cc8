"""The transport office's orders: weekdays, times from the offer's opening hours, mobility aids and
a contact phone; the caseworker's changes and the provider's new start date reach the office as new
rows marked changed; the office acknowledges each order once and sees nothing but transport data."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from visitator.audit.models import AccessLog, Event
from visitator.core import clock
from visitator.ffb import selectors as ffb
from visitator.grants import selectors, services
from visitator.grants.forms import GrantTermsForm
from visitator.grants.models import (
    Grant,
    ProviderMembership,
    Transport,
    TransportOrder,
    TransportOrderAcknowledgement,
)
from visitator.organisation.models import Unit
from visitator.organisation.roles import PROVIDER, TRANSPORT_OFFICE

pytestmark = pytest.mark.django_db

NINE, THREE = dt.time(9, 0), dt.time(15, 0)


@pytest.fixture
def day_centre(make_offer):
    return make_offer("Dagcentret Aars", opens_at=NINE, closes_at=THREE)


@pytest.fixture
def grant(assessed_case, grant_for, day_centre) -> Grant:
    """Monday, Wednesday and Friday at the day centre; the citizen has a phone number."""
    citizen = assessed_case.citizen
    citizen.phone, citizen.address_line, citizen.postcode, citizen.city = (
        "20304050",
        "Hjemvej 2",
        "9600",
        "Aars",
    )
    citizen.save()
    return grant_for(assessed_case, offer=day_centre, weekdays=(1, 3, 5))


@pytest.fixture
def office(make_user, unit):
    return make_user(TRANSPORT_OFFICE, unit, "kaj")


@pytest.fixture
def provider_staff(make_user, day_centre):
    user = make_user(PROVIDER, None, "lene")
    ProviderMembership.objects.create(user=user, provider=day_centre.provider)
    return user


def details(transport: Transport, **changes) -> services.TransportDetails:
    values = {
        "from_address": transport.from_address,
        "weekdays": tuple(transport.weekdays),
        "arrive_by": transport.arrive_by,
        "home_at": transport.home_at,
        "mobility_aids": tuple(transport.mobility_aids),
        "mobility_other": transport.mobility_other,
        "contact_phone": transport.contact_phone,
    }
    values.update(changes)
    return services.TransportDetails(**values)


def orders(grant: Grant) -> list[TransportOrder]:
    return list(TransportOrder.objects.filter(grant=grant).order_by("ordered_at", "id"))


# -- the order as granted ---------------------------------------------------------------------------


def test_the_order_has_the_chosen_weekdays_times_from_the_opening_hours_and_the_phone(grant):
    assert grant.weekdays == [1, 3, 5] and grant.weekdays_text == "mandag, onsdag, fredag"
    transport = grant.transport
    assert (transport.weekdays, transport.arrive_by, transport.home_at) == ([1, 3, 5], NINE, THREE)
    assert transport.contact_phone == "20304050" and transport.from_address == "Hjemvej 2, 9600 Aars"
    [order] = orders(grant)
    assert order.cause == TransportOrder.Cause.NEW and not order.cancelled
    assert (order.weekdays, order.arrive_by, order.home_at, order.contact_phone) == (
        [1, 3, 5],
        NINE,
        THREE,
        "20304050",
    )


def test_half_days_go_home_halfway_through_the_opening_hours(make_offer):
    offer = make_offer("Værkstedet", opens_at=dt.time(8, 30), closes_at=dt.time(15, 0))
    # 8.30-15.00 is 6 1/2 hours; half is 3 1/4 hours: home at 11.45.
    assert services.default_times(offer, "half") == (dt.time(8, 30), dt.time(11, 45))
    assert services.default_times(offer, "full") == (dt.time(8, 30), dt.time(15, 0))
    offer.opens_at = offer.closes_at = None
    assert services.default_times(offer, "full") == (None, None)


def test_without_chosen_weekdays_the_grant_gets_the_first_days_of_the_week(assessed_case, grant_for):
    grant = grant_for(assessed_case)  # 3 days a week, no weekdays chosen (callers before weekdays)
    assert grant.weekdays == [1, 2, 3] and grant.transport.weekdays == [1, 2, 3]
    assert grant.transport.arrive_by is None  # the offer has no opening hours


@pytest.mark.parametrize("weekdays", [(1, 2), (1, 2, 3, 4), (1, 3, 6)])
def test_the_weekdays_must_be_as_many_as_the_days_a_week(assessed_case, grant_for, weekdays):
    with pytest.raises(ValidationError, match="lige så mange som dage om ugen") as error:
        grant_for(assessed_case, weekdays=weekdays)
    assert error.value.message_dict["weekdays"] == [
        "Vælg 3 ugedage (mandag-fredag), lige så mange som dage om ugen."
    ]
    assert not Grant.objects.exists()


def test_the_decision_form_asks_for_as_many_weekdays_as_days(offer):
    data = {
        "bev-offer": str(offer.pk),
        "bev-start_date": (clock.today() + dt.timedelta(days=14)).isoformat(),
        "bev-days_per_week": "2",
        "bev-weekdays": ["2", "4", "5"],
        "bev-day_part": "full",
        "bev-goal1_type": ffb.goal_types()[0].code,
        "bev-goal1_description": "x",
        "bev-goal1_target": (clock.today() + dt.timedelta(days=200)).isoformat(),
        "bev-transport_mode": "municipal",
        "bev-handleplan_answer": "declined",
    }
    form = GrantTermsForm(data, offers=[offer], prefix="bev")
    assert not form.is_valid()
    assert form.errors["weekdays"] == ["Vælg 2 ugedage (mandag-fredag), lige så mange som dage om ugen."]
    data["bev-weekdays"] = ["2", "4"]
    form = GrantTermsForm(data, offers=[offer], prefix="bev")
    assert form.is_valid(), form.errors
    assert form.to_terms().weekdays == (2, 4)


# -- changes reach the office -----------------------------------------------------------------------


def test_a_start_date_accepted_by_the_provider_changes_the_transport_order(grant, provider_staff):
    planned = grant.start_date
    later = planned + dt.timedelta(days=7)
    services.order_accept(user=provider_staff, order=grant.orders.get(), start_date=later)
    first, second = orders(grant)
    assert first.start_date == planned
    assert (second.start_date, second.cause) == (later, TransportOrder.Cause.START_CHANGED)
    assert second.weekdays == [1, 3, 5] and second.ordered_by == provider_staff
    event = Event.objects.get(kind="grant.order_accepted")
    assert event.before == {"start_date": planned.isoformat()}


def test_accepting_the_planned_start_leaves_the_transport_order_alone(grant, provider_staff):
    services.order_accept(user=provider_staff, order=grant.orders.get(), start_date=grant.start_date)
    assert len(orders(grant)) == 1


def test_the_caseworker_changes_the_transport_and_the_office_gets_a_new_row(grant, caseworker):
    transport = grant.transport
    changed = services.transport_update(
        user=caseworker,
        grant=grant,
        version=transport.version,
        details=details(
            transport,
            weekdays=(2, 3, 5),
            home_at=dt.time(14, 30),
            mobility_aids=("wheelchair",),
            contact_phone="98765432",
        ),
    )
    assert changed
    grant.refresh_from_db()
    transport.refresh_from_db()
    assert grant.weekdays == [2, 3, 5] and transport.version == 2
    latest = orders(grant)[-1]
    assert latest.cause == TransportOrder.Cause.CHANGED and latest.mobility_aids == ["wheelchair"]
    assert (latest.weekdays, latest.home_at, latest.contact_phone) == ([2, 3, 5], dt.time(14, 30), "98765432")
    assert latest.start_date == grant.start_date  # the grant starts later than today
    assert AccessLog.objects.filter(user=caseworker, what="sag: kørsel", action="change").count() == 1
    assert Event.objects.get(kind="grant.transport_changed").after["fields"] == [
        "weekdays",
        "home_at",
        "mobility_aids",
        "contact_phone",
    ]
    # The same details again change nothing.
    assert not services.transport_update(user=caseworker, grant=grant, version=2, details=details(transport))
    assert len(orders(grant)) == 2


def test_a_stale_transport_save_is_refused_unless_it_asks_for_what_is_saved(grant, caseworker):
    transport = grant.transport
    services.transport_update(
        user=caseworker, grant=grant, version=1, details=details(transport, contact_phone="11111111")
    )
    with pytest.raises(services.StaleVersion, match="En anden har ændret kørslen") as error:
        services.transport_update(
            user=caseworker, grant=grant, version=1, details=details(transport, contact_phone="22222222")
        )
    assert error.value.current == 2
    transport.refresh_from_db()
    assert transport.contact_phone == "11111111"
    # A double submit of the first save asks for what is saved now: nothing to do, no error.
    assert not services.transport_update(
        user=caseworker, grant=grant, version=1, details=details(transport, contact_phone="11111111")
    )
    assert len(orders(grant)) == 2


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"weekdays": (1, 2)}, "weekdays", "Vælg 3 ugedage"),
        ({"home_at": dt.time(8, 0)}, "home_at", "Hjemkørslen skal ligge efter mødetiden."),
        ({"from_address": " "}, "from_address", "Angiv adressen, borgeren hentes på."),
        ({"mobility_aids": ("jetpack",)}, "mobility_aids", "Vælg hjælpemidler fra listen."),
    ],
)
def test_bad_transport_details_are_refused(grant, caseworker, changes, field, message):
    with pytest.raises(ValidationError, match=re.escape(message)) as error:
        services.transport_update(
            user=caseworker, grant=grant, version=1, details=details(grant.transport, **changes)
        )
    assert message in error.value.message_dict[field][0]
    assert len(orders(grant)) == 1


def test_a_change_of_scope_adjusts_the_weekdays_and_tells_the_office(grant, caseworker):
    effective = clock.today() + dt.timedelta(days=30)
    services.grant_apply_change(
        user=caseworker, grant=grant, days_per_week=2, day_part="full", effective_from=effective
    )
    grant.refresh_from_db()
    assert grant.weekdays == [1, 3] and grant.transport.weekdays == [1, 3]
    latest = orders(grant)[-1]
    assert (latest.cause, latest.start_date, latest.weekdays) == (
        TransportOrder.Cause.SCOPE_CHANGED,
        effective,
        [1, 3],
    )
    services.grant_apply_change(
        user=caseworker, grant=grant, days_per_week=4, day_part="full", effective_from=effective
    )
    grant.refresh_from_db()
    assert grant.weekdays == [1, 2, 3, 4]


def test_a_stop_cancels_the_order_once_however_often_it_changed(grant, caseworker, provider_staff):
    services.order_accept(
        user=provider_staff, order=grant.orders.get(), start_date=grant.start_date + dt.timedelta(days=1)
    )
    grant.refresh_from_db()
    services.grant_apply_stop(
        user=caseworker, grant=grant, effective_from=clock.today() + dt.timedelta(days=40)
    )
    cancelled = [o for o in orders(grant) if o.cancelled]
    assert len(cancelled) == 1 and cancelled[0].cause == TransportOrder.Cause.CANCELLED


def test_no_transport_means_no_order(assessed_case, grant_for):
    grant = grant_for(assessed_case, transport_mode="none")
    assert not orders(grant)


# -- the office's list and its acknowledgements ------------------------------------------------------


def test_the_office_sees_a_new_order_with_everything_the_drive_needs(client, office, grant):
    services.transport_update(
        user=grant.created_by,
        grant=grant,
        version=1,
        details=details(
            grant.transport, mobility_aids=("rollator", "help_in_out"), mobility_other="Stor taske"
        ),
    )
    client.force_login(office)
    response = client.get(reverse("grants:transport"))
    html = response.content.decode()
    [row] = response.context["rows"]
    assert row.state == "new" and row.needs_acknowledgement
    for text in (
        grant.case.citizen.full_name,
        "mandag, onsdag, fredag",
        "Hjemvej 2, 9600 Aars",
        "09.00",
        "15.00",
        "Rollator, Hjælp til at komme ind og ud af bilen, Stor taske",
        "20304050",
        "Ny",
        "Kvittér",
    ):
        assert text in html, text
    citizen = grant.case.citizen
    for secret in (
        citizen.cpr,
        citizen.cpr_display,
        grant.goals.get().description,
        grant.purpose[:40],
        "Udviklingshæmning",  # the assessment
        "Ret til befordring",  # the transport basis tells the target group
    ):
        assert secret not in html, secret
    assert "case" not in response.context and "citizen" not in response.context
    logged = AccessLog.objects.get(user=office, what="kørselsbestillinger")
    assert (logged.case_id, logged.action) == (grant.case_id, "view")


def test_the_office_acknowledges_each_order_once_and_sees_what_changed(client, office, grant, provider_staff):
    client.force_login(office)
    [first] = orders(grant)
    url = reverse("grants:transport_acknowledge", args=[first.pk])
    response = client.post(url, follow=True)
    assert "Der er kvitteret for bestillingen." in response.content.decode()
    ack = TransportOrderAcknowledgement.objects.get(order=first)
    assert ack.by == office
    assert AccessLog.objects.filter(user=office, what="kørselskontor: bestilling kvitteret").count() == 1
    [row] = response.context["rows"]
    assert row.state == "acknowledged" and row.acknowledged_by == office.get_full_name()
    # A second click: a message, never a second row.
    again = client.post(url, follow=True)
    assert again.status_code == 200
    assert "Bestillingen er allerede kvitteret af Test koerselskontor" in again.content.decode()
    assert TransportOrderAcknowledgement.objects.count() == 1

    # The provider accepts with a later start: the office sees the order as changed, with what changed.
    planned, later = grant.start_date, grant.start_date + dt.timedelta(days=7)
    services.order_accept(user=provider_staff, order=grant.orders.get(), start_date=later)
    response = client.get(reverse("grants:transport"))
    [row] = response.context["rows"]
    assert row.state == "changed" and row.start_date == later
    assert [(c.label, c.before, c.after) for c in row.changes] == [
        ("Gælder fra", planned.strftime("%d.%m.%Y"), later.strftime("%d.%m.%Y"))
    ]
    html = response.content.decode()
    assert "Ændret" in html and "Leverandøren har accepteret med en anden startdato" in html
    # The old order can no longer be acknowledged; the new one can.
    stale = client.post(url, follow=True)
    assert "Bestillingen er allerede kvitteret" in stale.content.decode()
    second = orders(grant)[-1]
    assert not TransportOrderAcknowledgement.objects.filter(order=second).exists()
    client.post(reverse("grants:transport_acknowledge", args=[second.pk]))
    assert TransportOrderAcknowledgement.objects.filter(order=second, by=office).exists()


def test_an_order_superseded_before_it_was_acknowledged_cannot_be_acknowledged(office, grant, caseworker):
    [first] = orders(grant)
    services.transport_update(
        user=caseworker, grant=grant, version=1, details=details(grant.transport, contact_phone="1")
    )
    with pytest.raises(ValidationError, match="Bestillingen er ændret, siden siden blev vist"):
        services.transport_order_acknowledge(user=office, order=first)
    # Never acknowledged before: the new version is still "new" for the office.
    [row] = selectors.transport_orders(user=office).rows
    assert row.state == "new" and row.order_id == orders(grant)[-1].pk


def test_a_cancelled_order_waits_for_the_office_too(office, grant, caseworker):
    services.transport_order_acknowledge(user=office, order=orders(grant)[0])
    services.grant_apply_stop(
        user=caseworker, grant=grant, effective_from=clock.today() + dt.timedelta(days=30)
    )
    [row] = selectors.transport_orders(user=office).rows
    assert row.state == "cancelled" and row.needs_acknowledgement
    assert [c.label for c in row.changes] == ["Gælder fra", "Afbestilt"]


def test_only_the_office_of_the_municipality_acknowledges(
    client, caseworker, grant, other_municipality, make_user
):
    [order] = orders(grant)
    url = reverse("grants:transport_acknowledge", args=[order.pk])
    client.force_login(caseworker)
    assert client.get(reverse("grants:transport")).status_code == 200  # caseworkers may read the list
    assert "Kvittér" not in client.get(reverse("grants:transport")).content.decode()
    assert client.post(url).status_code == 403
    other_office = make_user(
        TRANSPORT_OFFICE, Unit.objects.create(municipality=other_municipality, code="k", name="Kørsel")
    )
    client.force_login(other_office)
    assert client.post(url).status_code == 404
    assert str(grant.case.citizen.full_name) not in client.get(reverse("grants:transport")).content.decode()
    with pytest.raises(PermissionDenied, match="^$"):  # another municipality: no message
        services.transport_order_acknowledge(user=other_office, order=order)
    assert not TransportOrderAcknowledgement.objects.exists()


def test_provider_staff_never_see_the_transport_office_list(client, provider_staff, grant):
    client.force_login(provider_staff)
    assert client.get(reverse("grants:transport")).status_code == 403
    assert client.post(reverse("grants:transport_acknowledge", args=[orders(grant)[0].pk])).status_code == 403


# -- the caseworker's transport form ------------------------------------------------------------------


def transport_form(grant: Grant, version: int = 1, **changes) -> dict[str, object]:
    prefix = f"koer-{grant.pk.hex[:8]}"
    values: dict[str, object] = {
        "version": str(version),
        "from_address": "Bostedet Lyngen, Lyngvej 1, 9600 Aars",
        "weekdays": ["1", "3", "5"],
        "arrive_by": "09:30",
        "home_at": "14:00",
        "mobility_aids": ["power_wheelchair"],
        "mobility_other": "",
        "contact_phone": "99887766",
    }
    values.update(changes)
    return {f"{prefix}-{name}": value for name, value in values.items()}


def test_the_caseworker_edits_the_transport_on_the_grant_page(client, caseworker, grant):
    client.force_login(caseworker)
    page = client.get(reverse("grants:case", args=[grant.case_id])).content.decode()
    assert "Ret kørsel og ugedage" in page and "mandag, onsdag, fredag" in page
    url = reverse("grants:transport_edit", args=[grant.case_id, grant.id])
    response = client.post(url, transport_form(grant), follow=True)
    assert "Kørslen er gemt, og kørselskontoret har fået besked." in response.content.decode()
    transport = Transport.objects.get(grant=grant)
    assert transport.from_address == "Bostedet Lyngen, Lyngvej 1, 9600 Aars"
    assert (transport.arrive_by, transport.home_at) == (dt.time(9, 30), dt.time(14, 0))
    assert transport.mobility_aids == ["power_wheelchair"] and transport.version == 2
    assert "El-kørestol" in response.content.decode()
    # Too few weekdays: the message, nothing saved.
    bad = client.post(url, transport_form(grant, 2, weekdays=["1"]))
    assert bad.status_code == 400
    assert "Vælg 3 ugedage (mandag-fredag), lige så mange som dage om ugen." in bad.content.decode()


def test_a_stale_transport_form_keeps_what_was_typed(client, caseworker, grant):
    client.force_login(caseworker)
    services.transport_update(
        user=caseworker, grant=grant, version=1, details=details(grant.transport, contact_phone="11111111")
    )
    url = reverse("grants:transport_edit", args=[grant.case_id, grant.id])
    response = client.post(url, transport_form(grant, 1, contact_phone="44556677"))
    assert response.status_code == 400
    html = response.content.decode()
    assert "En anden har ændret kørslen, efter du åbnede siden. Intet er gemt." in html
    assert 'value="44556677"' in html  # what was typed
    form = next(row["transport_form"] for row in response.context["rows"])
    assert form["version"].value() == "2"  # saving again is a deliberate overwrite
    assert Transport.objects.get(grant=grant).contact_phone == "11111111"
    assert client.post(url, transport_form(grant, 2, contact_phone="44556677")).status_code == 302
    assert Transport.objects.get(grant=grant).contact_phone == "44556677"


def test_only_the_municipalitys_caseworkers_edit_the_transport(
    client, grant, office, provider_staff, other_caseworker, team_leader
):
    url = reverse("grants:transport_edit", args=[grant.case_id, grant.id])
    for user, status in [(office, 403), (provider_staff, 403), (team_leader, 403), (other_caseworker, 404)]:
        client.force_login(user)
        assert client.post(url, transport_form(grant)).status_code == status, user
    assert Transport.objects.get(grant=grant).version == 1


def test_the_decision_page_lets_the_caseworker_choose_the_weekdays(client, caseworker, assessed_case):
    client.force_login(caseworker)
    html = client.get(reverse("decisions:decide", args=[assessed_case.id])).content.decode()
    assert '<legend class="form-label">Ugedage' in html
    for value, name in [(1, "mandag"), (5, "fredag")]:
        assert f'name="bev-weekdays" value="{value}"' in html and f">{name}</label>" in html
