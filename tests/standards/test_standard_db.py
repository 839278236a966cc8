"""Loading into the database, immutability of published versions, and the version in force."""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from visitator.audit.models import Event
from visitator.organisation.models import Municipality, Unit
from visitator.standards.loader import StandardsInvalid
from visitator.standards.models import StandardImmutableError, StandardStatus, StandardVersion
from visitator.standards.schema import QualityStandard
from visitator.standards.selectors import (
    StandardNotInForce,
    standard_in_force,
    standard_versions,
    standards_in_force,
    version_windows,
)
from visitator.standards.services import standards_load

pytestmark = pytest.mark.django_db

D = dt.date


def version(
    data: dict[str, Any], *, number: str, start: dt.date, end: dt.date | None = None, status="published"
):
    changed = copy.deepcopy(data)
    changed.update(version=number, valid_from=start, valid_to=end, status=status)
    return changed


def refused(paths: list[Path]) -> list[str]:
    # Each problem is "<file>: [<field>: ]<message>"; the callers pin the messages.
    with pytest.raises(StandardsInvalid, match=r"^\S+[.]yaml: ") as caught:
        standards_load(paths=paths)
    return [str(problem) for problem in caught.value.problems]


# -- loading ----------------------------------------------------------------------------------------


def test_load_creates_municipality_unit_and_version(vesthimmerland_path: Path) -> None:
    [loaded] = standards_load(paths=[vesthimmerland_path])
    municipality = Municipality.objects.get(code="820")
    assert (municipality.slug, municipality.name) == ("vesthimmerland", "Vesthimmerlands Kommune")
    unit = Unit.objects.get(municipality=municipality, code="bevilling-psykiatri-handicap")
    assert unit.name == "Bevilling Psykiatri og Handicap"
    assert loaded.municipality == municipality
    assert (loaded.service_code, loaded.version, loaded.status) == ("sel-104", "1", StandardStatus.PUBLISHED)
    assert loaded.valid_from == D(2024, 1, 1) and loaded.valid_to is None
    assert loaded.source_path == "standards/vesthimmerland/sel-104/2024-01-01.yaml"
    assert len(loaded.content_hash) == 64
    assert Event.objects.filter(kind="standard_loaded", municipality=municipality).count() == 1


def test_spec_is_parsed_and_cached(vesthimmerland_path: Path) -> None:
    [loaded] = standards_load(paths=[vesthimmerland_path])
    row = StandardVersion.objects.get(pk=loaded.pk)
    spec = row.spec
    assert isinstance(spec, QualityStandard)
    assert row.spec is spec
    assert spec.deadlines.decision.describe() == "8 uger"


def test_loading_the_same_file_twice_is_a_no_op(vesthimmerland_path: Path) -> None:
    [first] = standards_load(paths=[vesthimmerland_path])
    [second] = standards_load(paths=[vesthimmerland_path])
    assert second.pk == first.pk
    assert second.loaded_at == first.loaded_at
    assert StandardVersion.objects.count() == 1
    assert Event.objects.filter(kind__startswith="standard_").count() == 1


def test_uses_an_existing_municipality_and_unit(testrup_path: Path) -> None:
    municipality = Municipality.objects.create(code="998", slug="testrup", name="Testrup (oprettet først)")
    Unit.objects.create(municipality=municipality, code="visitation-voksne", name="Visitation")
    [loaded] = standards_load(paths=[testrup_path])
    assert loaded.municipality == municipality
    assert Municipality.objects.get(code="998").name == "Testrup (oprettet først)"
    assert Unit.objects.filter(municipality=municipality).count() == 1


def test_a_municipality_with_another_slug_is_refused(testrup_path: Path) -> None:
    Municipality.objects.create(code="998", slug="testby", name="Testby")
    [message] = refused([testrup_path])
    assert message.startswith("tests/standards/fixtures/testrup/sel-104/2025-03-01.yaml: municipality.slug: ")
    assert StandardVersion.objects.count() == 0


def test_changed_published_file_is_refused(testrup: dict[str, Any], write_standard) -> None:
    path = write_standard(testrup)
    [original] = standards_load(paths=[path])
    testrup["purpose"]["text"] = "Et nyt formål."
    write_standard(testrup)
    [message] = refused([path])
    assert message.startswith(f"{path}: version: ")
    assert "publiceret" in message and "ny version" in message
    original.refresh_from_db()
    assert original.spec.purpose.text == "Tilbuddet skal styrke dine færdigheder."


def test_all_or_nothing(testrup_path: Path, vesthimmerland_path: Path, broken_dir: Path) -> None:
    messages = refused([vesthimmerland_path, testrup_path, broken_dir / "upper_age_limit.yaml"])
    assert any("upper_age_limit.yaml: target_group.criteria[0].established_by.max_age" in m for m in messages)
    assert StandardVersion.objects.count() == 0
    assert Municipality.objects.count() == 0


def test_all_or_nothing_when_a_later_file_fails_in_the_database(
    testrup: dict[str, Any], write_standard, vesthimmerland_path: Path
) -> None:
    Municipality.objects.create(code="998", slug="testby", name="Testby")
    with pytest.raises(StandardsInvalid, match=r"^\S+[.]yaml: "):
        standards_load(paths=[vesthimmerland_path, write_standard(testrup)])
    assert not Municipality.objects.filter(code="820").exists()
    assert StandardVersion.objects.count() == 0


def test_a_draft_can_be_reloaded_and_then_published(testrup: dict[str, Any], write_standard) -> None:
    draft = version(testrup, number="2025.1", start=D(2025, 3, 1), status="draft")
    path = write_standard(draft)
    [row] = standards_load(paths=[path])
    assert row.status == StandardStatus.DRAFT
    draft["purpose"]["text"] = "Rettet formål."
    write_standard(draft)
    [updated] = standards_load(paths=[path])
    assert updated.pk == row.pk and updated.spec.purpose.text == "Rettet formål."
    draft["status"] = "published"
    write_standard(draft)
    [published] = standards_load(paths=[path])
    assert published.pk == row.pk and published.is_published
    assert list(
        Event.objects.filter(kind__startswith="standard_").order_by("at", "id").values_list("kind", flat=True)
    ) == [
        "standard_loaded",
        "standard_draft_updated",
        "standard_published",
    ]


def test_overlap_with_a_loaded_version_is_refused(testrup: dict[str, Any], write_standard) -> None:
    standards_load(
        paths=[write_standard(version(testrup, number="1", start=D(2025, 3, 1), end=D(2025, 12, 31)))]
    )
    later = write_standard(version(testrup, number="2", start=D(2025, 6, 1)))
    [message] = refused([later])
    assert message.startswith(f"{later}: valid_from: ") and "databasen" in message
    assert StandardVersion.objects.count() == 1


def test_version_windows_reads_the_database(vesthimmerland_path: Path) -> None:
    standards_load(paths=[vesthimmerland_path])
    [window] = version_windows()
    assert (window.municipality_code, window.service_code, window.version) == ("820", "sel-104", "1")
    assert window.from_database


# -- immutability -----------------------------------------------------------------------------------


@pytest.fixture
def published(vesthimmerland_path: Path) -> StandardVersion:
    [row] = standards_load(paths=[vesthimmerland_path])
    return StandardVersion.objects.get(pk=row.pk)


def test_published_content_cannot_change(published: StandardVersion) -> None:
    published.content = {**published.content, "version": "1b"}
    with pytest.raises(StandardImmutableError, match="publiceret og kan ikke ændres"):
        published.save()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("valid_to", D(2030, 12, 31)),
        ("valid_from", D(2023, 1, 1)),
        ("status", StandardStatus.DRAFT),
        ("content_hash", "0" * 64),
        ("service_code", "sel-103"),
        ("version", "2"),
    ],
)
def test_published_dates_and_identity_cannot_change(
    published: StandardVersion, field: str, value: object
) -> None:
    setattr(published, field, value)
    with pytest.raises(StandardImmutableError, match="er publiceret og kan ikke ændres eller slettes"):
        published.save()


def test_saving_a_published_version_unchanged_is_allowed(published: StandardVersion) -> None:
    published.save()
    published.source_path = "moved/2024-01-01.yaml"
    published.save()


def test_published_versions_cannot_be_deleted_or_bulk_updated(published: StandardVersion) -> None:
    with pytest.raises(StandardImmutableError, match="er publiceret og kan ikke ændres eller slettes"):
        published.delete()
    with pytest.raises(StandardImmutableError, match="er publiceret og kan ikke ændres eller slettes"):
        StandardVersion.objects.filter(pk=published.pk).update(valid_to=D(2030, 1, 1))
    with pytest.raises(StandardImmutableError, match="er publiceret og kan ikke ændres eller slettes"):
        StandardVersion.objects.all().delete()
    assert StandardVersion.objects.filter(pk=published.pk, valid_to=None).exists()


def test_a_draft_can_change_and_be_deleted(testrup: dict[str, Any], write_standard) -> None:
    [draft] = standards_load(
        paths=[write_standard(version(testrup, number="x", start=D(2025, 3, 1), status="draft"))]
    )
    draft.valid_to = D(2025, 12, 31)
    draft.save()
    StandardVersion.objects.filter(pk=draft.pk).update(version="y")
    StandardVersion.objects.get(pk=draft.pk).delete()
    assert not StandardVersion.objects.exists()


# -- the version in force ---------------------------------------------------------------------------


@pytest.fixture
def testrup_versions(testrup: dict[str, Any], write_standard) -> Municipality:
    standards_load(
        paths=[
            write_standard(version(testrup, number="1", start=D(2024, 1, 1))),
            write_standard(version(testrup, number="2", start=D(2025, 1, 1), end=D(2025, 12, 31))),
            write_standard(version(testrup, number="3-kladde", start=D(2025, 6, 1), status="draft")),
        ]
    )
    return Municipality.objects.get(code="998")


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (D(2024, 1, 1), "1"),
        (D(2024, 12, 31), "1"),
        (D(2025, 1, 1), "2"),
        (D(2025, 6, 1), "2"),
        (D(2025, 12, 31), "2"),
    ],
)
def test_standard_in_force_boundaries(testrup_versions: Municipality, on: dt.date, expected: str) -> None:
    found = standard_in_force(municipality=testrup_versions, service_code="sel-104", on=on)
    assert found.version == expected


@pytest.mark.parametrize("on", [D(2023, 12, 31), D(2026, 1, 1)])
def test_nothing_in_force_outside_the_versions(testrup_versions: Municipality, on: dt.date) -> None:
    # After version 2 ends, nothing is in force: the superseded version 1 does not come back.
    with pytest.raises(StandardNotInForce, match="ingen publiceret kvalitetsstandard for sel-104"):
        standard_in_force(municipality=testrup_versions, service_code="sel-104", on=on)


def test_open_ended_version_is_in_force_far_ahead(published: StandardVersion) -> None:
    municipality = published.municipality
    assert standard_in_force(municipality=municipality, service_code="sel-104", on=D(2099, 1, 1)) == published
    with pytest.raises(
        StandardNotInForce,
        match="har ingen publiceret kvalitetsstandard for sel-103, der gælder den 01.01.2025",
    ):
        standard_in_force(municipality=municipality, service_code="sel-103", on=D(2025, 1, 1))


def test_another_municipality_has_no_standard(published: StandardVersion) -> None:
    other = Municipality.objects.create(code="997", slug="andetsted", name="Andetsted Kommune")
    with pytest.raises(StandardNotInForce, match="Andetsted Kommune"):
        standard_in_force(municipality=other, service_code="sel-104", on=D(2025, 1, 1))


def test_standards_in_force_lists_one_per_municipality_and_service(
    testrup_versions: Municipality, vesthimmerland_path: Path
) -> None:
    standards_load(paths=[vesthimmerland_path])
    found = standards_in_force(on=D(2025, 3, 1))
    assert [(v.municipality.code, v.version) for v in found] == [("998", "2"), ("820", "1")]
    assert [v.version for v in standards_in_force(on=D(2026, 3, 1))] == ["1"]
    assert [v.version for v in standards_in_force(on=D(2025, 3, 1), municipality=testrup_versions)] == ["2"]
    assert len(standard_versions()) == 4
