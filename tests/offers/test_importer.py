import datetime as dt
import io
from collections.abc import Sequence
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from visitator.audit.models import Event
from visitator.offers.importer import COLUMNS, ImportProblem, import_offers
from visitator.offers.models import Offer, Provider, RateTier

from .conftest import FIXTURES

pytestmark = pytest.mark.django_db

CSV = (FIXTURES / "offers.csv").read_bytes()
HEADER = CSV.decode().splitlines()[0]
SOCIAL_ISOLATION = "16075f99-3694-4878-a48d-b2f4b515cb76"
PHYSICAL = "112cc0ba-9953-476c-a971-2671697d7639"


def offer_events():
    return Event.objects.filter(kind__regex=r"^(offer|offers|provider)\.")


def run(municipality, data: bytes, name="tilbud.csv", user=None, **kwargs):
    return import_offers(user=user, municipality=municipality, name=name, data=data, **kwargs)


def csv_with(*rows: str) -> bytes:
    return "\n".join([HEADER, *rows]).encode()


GOOD_ROW = (
    "Vesthimmerlands Kommune;egen;11111111;Værkstedet Aars (test);4101;;SEL § 104;;Testvej 1;9600;Aars;24;"
    "registreret;kommunalt tilsyn;2026-10-05;kalenderdag;Niveau 1;625,00;2026-01-01;"
)


def test_a_valid_csv_creates_providers_offers_and_rates(municipality, administrator):
    result = run(municipality, CSV, user=administrator)

    assert result.ok, [str(p) for p in result.problems]
    assert len(result.created) == 4 and result.updated == [] and result.rows == 4
    assert Provider.objects.filter(municipality=municipality).count() == 2
    aars = Offer.objects.get(name="Værkstedet Aars (test)")
    assert aars.is_own and aars.provider.cvr == "11111111"
    assert (aars.tilbudsid, aars.afdelingsid, aars.places) == (4101, None, 24)
    assert aars.paragraphs == ["SEL § 104"] and aars.target_groups == [SOCIAL_ISOLATION]
    assert (aars.address_line, aars.postcode, aars.city) == ("Testvej 1", "9600", "Aars")
    assert aars.registration == Offer.Registration.REGISTERED
    assert aars.approval == Offer.Approval.NOT_UNDER_SUPERVISION
    assert aars.verified_on == dt.date(2026, 10, 5) and aars.may_be_chosen
    [rate] = aars.rates.all()
    assert (rate.name, rate.amount, rate.valid_from) == (
        "Niveau 1: normering 1:5",
        Decimal("625.00"),
        dt.date(2026, 1, 1),
    )
    assert rate.part_time_percent == {"1": 60, "2": 60, "3": 85}

    cafe = Offer.objects.get(name="Caféen Løgstør (test)")
    assert cafe.verified_on == dt.date(2026, 10, 5)  # DD-MM-YYYY
    assert cafe.rate_unit == Offer.RateUnit.ATTENDANCE_DAY
    assert cafe.target_groups == [SOCIAL_ISOLATION, PHYSICAL]
    assert cafe.rates.get().name == "Standardtakst" and cafe.rates.get().amount == Decimal("410.50")

    nature = Offer.objects.get(name="Naturværkstedet (test)")
    assert not nature.is_own and nature.afdelingsid == 2 and nature.paragraphs == ["SEL § 104", "SEL § 108"]
    assert nature.rates.get().amount == Decimal("1085.00")

    new = Offer.objects.get(name="Nyt Værested (test)")
    assert not new.may_be_chosen and new.tilbudsid is None and not new.rates.exists()

    kinds = list(Event.objects.filter(municipality=municipality).values_list("kind", flat=True))
    assert kinds.count("offer.created") == 4 and kinds.count("provider.created") == 2
    assert "offers.imported" in kinds
    assert Event.objects.filter(kind="offers.imported").get().username == administrator.username


@pytest.mark.parametrize(
    ("cell", "value", "message"),
    [
        ("udbydertype", "intern", "»intern« er ukendt. Brug »egen« eller »ekstern«."),
        ("pladser", "-3", "Antal pladser kan ikke være negativt."),
        ("pladser", "mange", "»mange« er ikke et helt tal."),
        ("takst", "6o5", "»6o5« er ikke et beløb (fx 625,50)."),
        ("takst", "-10", "Beløbet kan ikke være negativt."),
        ("takst", "10,555", "Beløbet kan højst have to decimaler."),
        ("kontrolleret", "31-02-2026", "»31-02-2026« er ikke en dato (skriv ÅÅÅÅ-MM-DD eller DD-MM-ÅÅÅÅ)."),
        ("kontrolleret", "2099-01-01", "Datoen ligger i fremtiden."),
        ("takst_gyldig_fra", "i morgen", "»i morgen« er ikke en dato (skriv ÅÅÅÅ-MM-DD eller DD-MM-ÅÅÅÅ)."),
        ("tilbudsid", "TP-4101", "»TP-4101« er ikke et helt tal."),
        ("malgrupper", "da3f488f-1742-4d00-b247-a7d47500b36b", "er ikke en FFB-målgruppekode."),
        ("malgrupper", "autisme", "»autisme« er ikke en FFB-målgruppekode."),
        ("registrering", "ja", "»ja« er ukendt."),
        ("godkendelse", "ok", "»ok« er ukendt."),
        ("takstenhed", "time", "»time« er ukendt."),
        ("paragraffer", "aktivitetstilbud", "»aktivitetstilbud« er ikke en paragraf"),
        ("postnummer", "96000", "Skal være 4 cifre."),
        ("cvr", "1234", "Skal være 8 cifre."),
        ("deltid", "1=60", "skal skrives som dage:procent"),
        ("deltid", "9:60", "Antal dage pr. uge skal være 1-7, ikke 9."),
        ("tilbud", "", "Feltet skal udfyldes."),
    ],
)
def test_one_bad_cell_imports_nothing_and_names_the_row(municipality, cell, value, message):
    names = [c.key for c in COLUMNS]
    cells = GOOD_ROW.split(";")
    cells[names.index(cell)] = value
    other = GOOD_ROW.replace("Værkstedet Aars (test);4101", "Caféen (test);4102")
    data = csv_with(other, ";".join(cells))

    result = run(municipality, data)

    assert not result.ok
    [problem] = result.problems
    assert (problem.row, problem.column) == (3, cell)
    assert message in problem.message
    assert str(problem).startswith(f"Række 3, kolonne »{cell}«: ")
    assert not Offer.objects.exists() and not Provider.objects.exists() and not offer_events().exists()


def test_every_bad_row_is_reported(municipality):
    bad_type = GOOD_ROW.replace(";egen;", ";intern;")
    bad_places = GOOD_ROW.replace("Værkstedet Aars (test);4101", "B (test);4102").replace(";24;", ";-1;")
    result = run(
        municipality,
        csv_with(GOOD_ROW.replace(";4101;", ";4103;").replace("Aars (test)", "C"), bad_type, bad_places),
    )
    assert [(p.row, p.column) for p in result.problems] == [(3, "udbydertype"), (4, "pladser")]
    assert not Offer.objects.exists()


def test_duplicates_within_the_file_are_refused(municipality):
    same_id = GOOD_ROW.replace("Værkstedet Aars (test)", "Et andet navn (test)")
    same_name = GOOD_ROW.replace(";4101;", ";4999;")
    result = run(municipality, csv_with(GOOD_ROW, same_id, same_name))
    assert [str(p) for p in result.problems] == [
        "Række 3, kolonne »tilbudsid«: Tilbuds-id 4101 står også i række 2.",
        "Række 4, kolonne »tilbud«: Tilbuddet »Værkstedet Aars (test)« hos »Vesthimmerlands Kommune« "
        "står også i række 2.",
    ]
    assert not Offer.objects.exists()


def test_a_provider_described_two_ways_is_refused(municipality):
    second = GOOD_ROW.replace("Værkstedet Aars (test);4101", "B (test);4102").replace(";egen;", ";ekstern;")
    result = run(municipality, csv_with(GOOD_ROW, second))
    assert [(p.row, p.column) for p in result.problems] == [(3, "udbydertype")]


def test_header_problems(municipality):
    data = HEADER.replace("pladser", "plaser").encode() + b"\n" + GOOD_ROW.encode()
    result = run(municipality, data)
    assert [str(p) for p in result.problems] == [
        "Række 1: Kolonnen »plaser« er ukendt.",
        "Række 1: Der mangler kolonner: pladser.",
    ]


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("tilbud.txt", b"x", "Filen skal være en CSV-fil (.csv) eller et Excel-regneark (.xlsx)."),
        ("tilbud.csv", b"", "Filen er tom."),
        ("tilbud.xlsx", b"not a zip", "Filen kan ikke læses som et Excel-regneark (.xlsx)."),
        ("tilbud.csv", HEADER.encode(), "Filen har ingen rækker med tilbud."),
    ],
)
def test_unreadable_files(municipality, name, data, message):
    result = run(municipality, data, name=name)
    assert [str(p) for p in result.problems] == [message]


def test_a_row_with_more_cells_than_columns_is_refused(municipality):
    # deltid unquoted in a ;-separated file: its own ; splits the cell.
    result = run(municipality, csv_with(GOOD_ROW + "1:60;2:60"))
    assert [(p.row, p.message) for p in result.problems] == [
        (2, "Rækken har flere celler end der er kolonner.")
    ]


def test_windows_1252_and_comma_separated_files(municipality):
    data = HEADER.replace(";", ",") + "\n" + GOOD_ROW.replace(";", ",").replace("625,00", '"625,00"')
    result = run(municipality, data.encode("cp1252"))
    assert result.ok, [str(p) for p in result.problems]
    assert Offer.objects.get().name == "Værkstedet Aars (test)"


def test_dry_run_changes_nothing(municipality):
    result = run(municipality, CSV, dry_run=True)
    assert result.ok and result.dry_run and len(result.created) == 4
    assert not Offer.objects.exists() and not Provider.objects.exists() and not RateTier.objects.exists()
    assert not offer_events().exists()


def test_reimport_updates_with_an_event(municipality, administrator):
    run(municipality, CSV)
    before = set(Event.objects.values_list("id", flat=True))

    changed = CSV.decode().replace(";24;registreret;", ";30;registreret;").replace("625,00", "650,00")
    changed = changed.replace(
        "Nyt Værested (test);;;Serviceloven § 104;;;;;6;ikke registreret;afventer",
        "Nyt Værested (test);7001;;Serviceloven § 104;;;;;6;registreret;godkendt",
    )
    result = run(municipality, changed.encode(), user=administrator)

    assert result.ok
    assert sorted(result.updated) == ["Nyt Værested (test)", "Værkstedet Aars (test)"]
    assert len(result.unchanged) == 2 and result.created == []
    assert Offer.objects.count() == 4
    aars = Offer.objects.get(name="Værkstedet Aars (test)")
    assert aars.places == 30 and aars.rates.get().amount == Decimal("650.00")
    new = Offer.objects.get(name="Nyt Værested (test)")
    assert new.tilbudsid == 7001 and new.may_be_chosen

    events = Event.objects.exclude(id__in=before).filter(kind="offer.updated")
    by_offer = {e.after["offer"]: e for e in events}
    aars_event = by_offer[str(aars.pk)]
    assert aars_event.before["places"] == 24 and aars_event.after["places"] == 30
    assert aars_event.before["rate"]["amount"] == "625.00" and aars_event.after["rate"]["amount"] == "650.00"
    assert "name" not in aars_event.after  # only what changed
    assert aars_event.username == administrator.username
    new_event = by_offer[str(new.pk)]
    assert new_event.before == {
        "offer": str(new.pk),
        "tilbudsid": None,
        "registration": "not_registered",
        "approval": "pending",
    }


def test_reimport_matches_by_provider_and_name_when_there_is_no_tilbudsid(municipality):
    run(municipality, CSV)
    renamed = CSV.decode().replace("Værkstedet Aars (test);4101", "Værkstedet Aars (test);4199")
    result = run(municipality, renamed.encode())
    assert result.ok and result.updated == ["Værkstedet Aars (test)"]
    assert Offer.objects.get(name="Værkstedet Aars (test)").tilbudsid == 4199


def test_a_new_rate_period_is_added_beside_the_old_one(municipality):
    run(municipality, CSV)
    next_year = CSV.decode().replace("625,00;2026-01-01", "650,00;2027-01-01")
    assert run(municipality, next_year.encode()).ok
    rates = Offer.objects.get(name="Værkstedet Aars (test)").rates.order_by("valid_from")
    assert [(r.amount, r.valid_from.year) for r in rates] == [
        (Decimal("625.00"), 2026),
        (Decimal("650.00"), 2027),
    ]


def test_a_row_matching_two_existing_offers_is_refused(municipality, create_offer):
    create_offer("Værkstedet Aars (test)", tilbudsid=1)
    create_offer("Andet (test)", tilbudsid=4101)
    result = run(municipality, csv_with(GOOD_ROW))
    assert [(p.row, p.column) for p in result.problems] == [(2, None)]
    assert "passer både til tilbuddet »Andet (test)«" in result.problems[0].message


def test_another_municipalitys_offers_are_never_touched(municipality, other_municipality, create_offer):
    theirs = create_offer("Værkstedet Aars (test)", tilbudsid=4101, municipality_=other_municipality)
    result = run(municipality, csv_with(GOOD_ROW))
    assert result.created == ["Værkstedet Aars (test)"]
    theirs.refresh_from_db()
    assert theirs.places == 10 and theirs.provider.municipality == other_municipality


def _xlsx(rows: Sequence[Sequence[object]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_xlsx_import_with_typed_cells(municipality):
    header = [c.key for c in COLUMNS]
    header[header.index("takstenhed")] = "taktsenhed"  # the misspelling is accepted too
    header[header.index("malgrupper")] = "Målgrupper"
    data = _xlsx(
        [
            header,
            [
                "Vesthimmerlands Kommune",
                "egen",
                11111111,
                "Værkstedet Aars (test)",
                4101,
                None,
                "SEL § 104",
                SOCIAL_ISOLATION,
                "Testvej 1",
                9600,
                "Aars",
                24,
                "registreret",
                "kommunalt tilsyn",
                dt.datetime(2026, 10, 5),
                "kalenderdag",
                "Niveau 1",
                625.5,
                dt.date(2026, 1, 1),
                "1:60;2:60",
            ],
            [None] * len(header),  # blank rows are skipped
            [
                "Fiktiv Fond (test)",
                "ekstern",
                "22222222",
                "Naturværkstedet (test)",
                "5201",
                "2",
                "SEL § 104",
                None,
                None,
                None,
                None,
                10.0,
                "registreret",
                "godkendt",
                "10-10-2026",
                "fremmødedag",
                None,
                "1.085,00",
                "2026-01-01",
                None,
            ],
        ]
    )
    result = run(municipality, data, name="Tilbud.XLSX")
    assert result.ok, [str(p) for p in result.problems]
    aars = Offer.objects.get(name="Værkstedet Aars (test)")
    assert aars.postcode == "9600" and aars.provider.cvr == "11111111"
    assert aars.verified_on == dt.date(2026, 10, 5)
    assert aars.rates.get().amount == Decimal("625.50") and aars.rates.get().part_time_percent == {
        "1": 60,
        "2": 60,
    }
    nature = Offer.objects.get(name="Naturværkstedet (test)")
    assert (nature.tilbudsid, nature.afdelingsid, nature.places) == (5201, 2, 10)
    assert nature.rates.get().amount == Decimal("1085.00")


def test_xlsx_bad_row_is_named(municipality):
    header = [c.key for c in COLUMNS]
    row = [
        "X",
        "egen",
        None,
        "Y",
        "abc",
        None,
        "SEL § 104",
        None,
        None,
        None,
        None,
        -2,
        "registreret",
        "godkendt",
        "2026-01-01",
        "kalenderdag",
        None,
        None,
        None,
        None,
    ]
    result = run(municipality, _xlsx([header, row]), name="t.xlsx")
    assert [str(p) for p in result.problems] == [
        "Række 2, kolonne »tilbudsid«: »abc« er ikke et helt tal.",
        "Række 2, kolonne »pladser«: Antal pladser kan ikke være negativt.",
    ]


def test_problem_without_row_prints_its_message():
    assert str(ImportProblem(None, None, "Filen er tom.")) == "Filen er tom."


def test_management_command(municipality, tmp_path, capsys):
    path = FIXTURES / "offers.csv"
    call_command("offers", "import", str(path), "--municipality", municipality.code, "--dry-run")
    assert "Prøvekørsel" in capsys.readouterr().out and not Offer.objects.exists()

    call_command("offers", "import", str(path), "--municipality", municipality.code)
    assert "4 nye" in capsys.readouterr().out and Offer.objects.count() == 4
    assert Event.objects.filter(kind="offers.imported").get().username == "system"

    bad = tmp_path / "bad.csv"
    bad.write_bytes(csv_with(GOOD_ROW.replace(";egen;", ";intern;")))
    with pytest.raises(CommandError, match="intet er ændret"):
        call_command("offers", "import", str(bad), "--municipality", municipality.code)
    assert "Række 2, kolonne »udbydertype«" in capsys.readouterr().err

    with pytest.raises(CommandError, match="findes ikke"):
        call_command("offers", "import", str(path), "--municipality", "000")
