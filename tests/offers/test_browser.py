"""Real browser: the offer list marks an offer that may not be chosen, and passes axe-core."""

import pytest

from visitator.offers.models import Offer, Provider

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"


def test_offer_list_shows_unchoosable_offers_and_has_no_wcag_violations(
    page, live_server, login, caseworker, create_offer, axe_violations
):
    create_offer("Værkstedet Aars (test)", tilbudsid=4101)
    create_offer("Naturværkstedet (test)", kind=Provider.Kind.EXTERNAL, approval=Offer.Approval.APPROVED)
    create_offer("Nyt Værested (test)", registration=Offer.Registration.NOT_REGISTERED, rate=None)

    login(page, live_server.url, caseworker.username, PASSWORD)
    page.goto(f"{live_server.url}/tilbud/")

    row = page.get_by_role("row", name="Nyt Værested (test)")
    assert "Kan ikke vælges" in row.inner_text()
    assert page.get_by_text("Kan ikke vælges").count() == 1
    assert axe_violations(page) == []


def test_import_error_summary_has_no_wcag_violations(
    page, live_server, login, administrator, tmp_path, axe_violations
):
    from .conftest import FIXTURES

    bad = tmp_path / "tilbud.csv"
    bad.write_text((FIXTURES / "offers.csv").read_text().replace(";egen;11111111;V", ";intern;11111111;V"))
    login(page, live_server.url, administrator.username, PASSWORD)
    page.goto(f"{live_server.url}/tilbud/import/")
    page.get_by_label("Fil med tilbud").set_input_files(str(bad))
    page.get_by_role("button", name="Indlæs fil").click()

    assert page.get_by_role("alert").filter(has_text="Række 2, kolonne »udbydertype«").count() == 1
    assert axe_violations(page) == []
