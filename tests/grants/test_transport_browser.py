"""The transport office in a real browser: acknowledge a new order, then see the same order changed
(the provider accepted another start date) with what changed, and acknowledge that too. The
caseworker's grant page (transport form, attendance) and the office's list pass axe-core's WCAG 2.1
A/AA checks."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from visitator.grants import services
from visitator.grants.models import ProviderMembership, TransportOrderAcknowledgement
from visitator.organisation.roles import PROVIDER, TRANSPORT_OFFICE

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

PASSWORD = "correct horse battery staple"


def test_the_transport_office_acknowledges_a_new_and_then_a_changed_order(
    page,
    live_server,
    login,
    axe_violations,
    make_user,
    unit,
    caseworker,
    assessed_case,
    grant_for,
    make_offer,
):
    offer = make_offer("Dagcentret Aars", opens_at=dt.time(9, 0), closes_at=dt.time(15, 0))
    grant = grant_for(assessed_case, offer=offer, weekdays=(1, 3, 5))
    name = assessed_case.citizen.full_name
    office = make_user(TRANSPORT_OFFICE, unit, "kaj")

    # The caseworker adds a mobility aid on the grant page.
    login(page, live_server.url, caseworker.username, PASSWORD)
    page.goto(f"{live_server.url}/sager/{assessed_case.id}/bevilling/")
    page.get_by_text("Ret kørsel og ugedage").click()
    page.get_by_label("Afhentningsadresse").fill("Hjemvej 2, 9600 Aars")
    page.get_by_label("Rollator").check()
    page.get_by_label("Kontakttelefon").fill("20304050")
    page.get_by_role("button", name="Gem kørsel").click()
    expect(page.get_by_role("status").first).to_contain_text("Kørslen er gemt")
    expect(page.locator(f"#transport-facts-{grant.pk}")).to_contain_text("Rollator")
    page.get_by_text("Ret kørsel og ugedage").click()
    assert axe_violations(page) == []
    page.context.clear_cookies()

    login(page, live_server.url, office.username, PASSWORD)
    assert page.url == f"{live_server.url}/koersel/"
    table = page.locator("#transport")
    expect(table).to_contain_text(name)
    expect(table).to_contain_text("Ny")
    expect(table).to_contain_text("mandag, onsdag, fredag")
    expect(table).to_contain_text("fremme 09.00")
    expect(table).to_contain_text("Rollator")
    expect(table).to_contain_text("Hjemvej 2, 9600 Aars")
    expect(table).to_contain_text("20304050")
    expect(page.locator("#transport-waiting")).to_have_text("1 bestilling venter på kvittering.")
    assert axe_violations(page) == []
    page.get_by_role("button", name=f"Kvittér for bestillingen til {name}").click()
    expect(page.get_by_role("status").first).to_contain_text("Der er kvitteret for bestillingen.")
    expect(table).to_contain_text("Kvitteret")

    # The provider accepts the order with a start a week later than planned.
    provider = make_user(PROVIDER, None, "lene")
    ProviderMembership.objects.create(user=provider, provider=offer.provider)
    planned, later = grant.start_date, grant.start_date + dt.timedelta(days=7)
    services.order_accept(user=provider, order=grant.orders.get(), start_date=later)

    page.reload()
    row = page.locator("#transport tbody tr").first
    expect(row).to_contain_text("Ændret")
    expect(row).to_contain_text("Leverandøren har accepteret med en anden startdato")
    expect(row).to_contain_text(f"Gælder fra: {planned:%d.%m.%Y} → {later:%d.%m.%Y}")
    assert axe_violations(page) == []
    page.get_by_role("button", name=f"Kvittér for bestillingen til {name}").click()
    expect(page.get_by_role("status").first).to_contain_text("Der er kvitteret for bestillingen.")
    expect(page.locator("#transport-waiting")).to_have_text("0 bestillinger venter på kvittering.")
    assert TransportOrderAcknowledgement.objects.filter(by=office).count() == 2
