import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from visitator.offers.models import Offer, OptionalItem, Provider
from visitator.organisation.roles import ADMINISTRATOR, CASEWORKER, TEAM_LEADER

from .conftest import FIXTURES

pytestmark = pytest.mark.django_db

LIST = "/tilbud/"
IMPORT = "/tilbud/import/"


def test_urls():
    assert reverse("offers:list") == LIST and reverse("offers:import") == IMPORT


def test_anonymous_users_are_sent_to_login(client):
    for url in (LIST, IMPORT):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    response = client.post(IMPORT)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("role", [CASEWORKER, TEAM_LEADER, ADMINISTRATOR])
def test_staff_can_view_the_list(client, make_user, unit, role):
    client.force_login(make_user(role, unit))
    assert client.get(LIST).status_code == 200


@pytest.mark.parametrize("role", [None, "leverandoer", "koerselskontor"])
def test_users_without_a_case_or_administrator_role_get_403(client, make_user, unit, role):
    client.force_login(make_user(role, unit))
    assert client.get(LIST).status_code == 403
    assert client.get(IMPORT).status_code == 403


@pytest.mark.parametrize("role", [CASEWORKER, TEAM_LEADER])
def test_only_administrators_can_import(client, make_user, unit, municipality, role):
    client.force_login(make_user(role, unit))
    assert client.get(IMPORT).status_code == 403
    upload = SimpleUploadedFile("offers.csv", (FIXTURES / "offers.csv").read_bytes())
    assert client.post(IMPORT, {"upload": upload}).status_code == 403
    assert not Offer.objects.exists()
    assert "Indlæs tilbud fra fil" not in client.get(LIST).content.decode()


def test_the_list_shows_the_municipalitys_offers(client, caseworker, create_offer, other_municipality):
    own = create_offer("Værkstedet Aars (test)", tilbudsid=4101, places=12, part_time={"1": 60, "3": 85})
    OptionalItem.objects.create(offer=own, name="Frokost", price=Decimal("35.00"), unit="gang")
    create_offer(
        "Naturværkstedet (test)",
        kind=Provider.Kind.EXTERNAL,
        tilbudsid=5201,
        afdelingsid=2,
        approval=Offer.Approval.APPROVED,
        rate="1085.00",
    )
    create_offer("Nyt Værested (test)", registration=Offer.Registration.NOT_REGISTERED, rate=None)
    create_offer("Andeby Værksted (test)", municipality_=other_municipality)
    client.force_login(caseworker)

    response = client.get(LIST)

    page = response.content.decode()
    assert response.status_code == 200
    assert "Andeby" not in page
    names = [row["offer"].name for row in response.context["rows"]]
    assert names == ["Nyt Værested (test)", "Værkstedet Aars (test)", "Naturværkstedet (test)"]  # own first
    assert page.count("Kan ikke vælges") == 1
    assert "Tilbuds-id 4101 på Tilbudsportalen" in page
    assert "Tilbuds-id 5201, afdelings-id 2 på Tilbudsportalen" in page
    assert "Kommunalt tilsyn (SEL § 148 a)" in page and "Godkendt af socialtilsynet" in page
    assert "Kontrolleret 01.10.2026" in page
    assert "625,00 kr. pr. kalenderdag" in page and "1.085,00 kr." in page
    assert "1 dag 60 %" in page and "3 dage 85 %" in page
    assert "Frokost: 35,00 kr. pr. gang" in page
    assert "12 pladser" in page and "Kommunens eget tilbud" in page and "Ekstern leverandør" in page


def test_another_municipality_sees_only_its_own_offers(client, other_caseworker, create_offer):
    create_offer("Værkstedet Aars (test)")
    client.force_login(other_caseworker)
    response = client.get(LIST)
    assert response.status_code == 200 and response.context["rows"] == []
    assert "Værkstedet Aars" not in response.content.decode()


def test_administrator_imports_a_file(client, administrator, municipality):
    client.force_login(administrator)
    assert "Filens kolonner" in client.get(IMPORT).content.decode()
    upload = SimpleUploadedFile("offers.csv", (FIXTURES / "offers.csv").read_bytes())

    response = client.post(IMPORT, {"upload": upload})

    assert response.status_code == 302 and response["Location"] == LIST
    assert Offer.objects.filter(provider__municipality=municipality).count() == 4
    page = client.get(LIST).content.decode()
    assert "Filen er indlæst: 4 nye, 0 ændrede og 0 uændrede tilbud." in page


def test_a_dry_run_shows_what_would_happen(client, administrator):
    client.force_login(administrator)
    upload = SimpleUploadedFile("offers.csv", (FIXTURES / "offers.csv").read_bytes())
    response = client.post(IMPORT, {"upload": upload, "dry_run": "on"})
    page = response.content.decode()
    assert response.status_code == 200 and "Prøvekørsel: filen har ingen fejl" in page
    assert "4 nye, 0 ændrede og 0 uændrede tilbud." in page
    assert not Offer.objects.exists()


def test_a_bad_file_shows_every_bad_row_in_the_error_summary(client, administrator):
    client.force_login(administrator)
    text = (FIXTURES / "offers.csv").read_text()
    text = text.replace(";egen;11111111;Værkstedet", ";intern;11111111;Værkstedet").replace(";12;", ";-12;")
    upload = SimpleUploadedFile("offers.csv", text.encode())

    response = client.post(IMPORT, {"upload": upload})

    page = response.content.decode()
    assert response.status_code == 400
    assert "Filen er ikke indlæst" in page and "Filen har 2 fejl. Intet er gemt." in page
    assert "Række 2, kolonne »udbydertype«: »intern« er ukendt." in page
    assert "Række 3, kolonne »pladser«: Antal pladser kan ikke være negativt." in page
    assert not Offer.objects.exists()


def test_the_form_refuses_other_file_types(client, administrator):
    client.force_login(administrator)
    response = client.post(IMPORT, {"upload": SimpleUploadedFile("offers.pdf", b"%PDF-1.7")})
    assert response.status_code == 400
    assert "Vælg en CSV-fil (.csv) eller et Excel-regneark (.xlsx)." in response.content.decode()
    response = client.post(IMPORT, {})
    assert response.status_code == 400


def test_imports_go_to_the_administrators_municipality(client, other_municipality, make_user):
    from visitator.organisation.models import Unit

    unit = Unit.objects.create(municipality=other_municipality, code="admin", name="Administration")
    client.force_login(make_user(ADMINISTRATOR, unit))
    upload = SimpleUploadedFile("offers.csv", (FIXTURES / "offers.csv").read_bytes())
    assert client.post(IMPORT, {"upload": upload}).status_code == 302
    assert Provider.objects.filter(municipality=other_municipality).count() == 2
    assert not Provider.objects.exclude(municipality=other_municipality).exists()
    assert Offer.objects.get(name="Værkstedet Aars (test)").verified_on == dt.date(2026, 10, 5)
