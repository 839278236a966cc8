"""The bundled version, as migration 0002 loads it, and the models' immutability."""

from __future__ import annotations

import hashlib

import pytest
from django.db import IntegrityError, transaction

from visitator.core.append_only import AppendOnlyError
from visitator.ffb import selectors
from visitator.ffb.loader import BUNDLED_FILE, DATA_DIR, FFB_URL
from visitator.ffb.models import PATH_SEPARATOR, CodeSystemImmutableError, CodeSystemVersion, Concept

pytestmark = pytest.mark.django_db

RATED_SUB_AREAS = {
    "Egenomsorg": 9,
    "Praktiske opgaver": 6,
    "Mobilitet": 4,
    "Kommunikation": 4,
    "Samfundsliv": 5,
    "Relationer": 3,
}


def test_both_files_are_bundled_with_the_app() -> None:
    assert BUNDLED_FILE.name == "ffb_codesystem_20240530.csv"
    assert BUNDLED_FILE.is_file()
    assert (DATA_DIR / "ffb_codesystem_20200908.csv").is_file()


def test_the_bundled_2024_version_is_loaded_and_current(bundled: CodeSystemVersion) -> None:
    [current] = CodeSystemVersion.objects.filter(is_current=True)
    assert current == bundled
    assert current.version == "20240530"
    assert current.url == FFB_URL == "urn:oid:1.2.208.176.2.22"
    assert current.source_name == "ffb_codesystem_20240530.csv"
    assert current.sha256 == hashlib.sha256(BUNDLED_FILE.read_bytes()).hexdigest()
    assert current.concepts.count() == 220
    roots = set(current.concepts.filter(parent=None).values_list("display", flat=True))
    assert roots == {
        "Social indsats",
        "Støttebehovsniveau",
        "Status på indsats",
        "FFB tilstande",
        "Måltype",
        "Funktionsevneniveau",
    }
    assert selectors.current_version() == current


def test_every_concept_has_its_parent_in_the_same_version(bundled: CodeSystemVersion) -> None:
    concepts = list(bundled.concepts.select_related("parent"))
    for concept in concepts:
        if concept.parent is None:
            assert concept.level == 0
            assert concept.path == concept.display
        else:
            assert concept.parent.version_id == bundled.pk
            assert concept.path == concept.parent.path + PATH_SEPARATOR + concept.display
            assert concept.level == concept.parent.level + 1
    levels = {concept.level for concept in concepts}
    assert levels == {0, 1, 2, 3, 4, 5, 6}


def test_the_six_rated_areas_have_their_sub_areas() -> None:
    areas = selectors.rated_areas()
    assert [area.display for area in areas] == list(RATED_SUB_AREAS)
    assert {area.display: len(area.children) for area in areas} == RATED_SUB_AREAS
    for area in areas:
        assert area.path == selectors.RATED + PATH_SEPARATOR + area.display
        for sub_area in area.children:
            assert sub_area.path == area.path + PATH_SEPARATOR + sub_area.display
            assert sub_area.definition
            assert sub_area.children == ()
    egenomsorg = areas[0]
    assert "Vaske sig" in [sub_area.display for sub_area in egenomsorg.children]


def test_a_loaded_version_cannot_be_changed_or_deleted(bundled: CodeSystemVersion) -> None:
    bundled.url = "urn:changed"
    with pytest.raises(CodeSystemImmutableError, match="20240530"):
        bundled.save()
    bundled.refresh_from_db()
    with pytest.raises(CodeSystemImmutableError, match="Indlæs en ny version"):
        bundled.delete()
    with pytest.raises(CodeSystemImmutableError, match="Indlæs en ny version"):
        CodeSystemVersion.objects.filter(pk=bundled.pk).update(sha256="0" * 64)
    with pytest.raises(CodeSystemImmutableError, match="Indlæs en ny version"):
        CodeSystemVersion.objects.all().delete()
    concept = bundled.concepts.first()
    assert concept is not None
    concept.display = "Ændret"
    with pytest.raises(AppendOnlyError, match="Concept er kun til tilføjelse og kan ikke ændres"):
        concept.save()
    with pytest.raises(AppendOnlyError, match="Concept er kun til tilføjelse og kan ikke slettes"):
        concept.delete()
    with pytest.raises(AppendOnlyError, match="Concept er kun til tilføjelse og kan ikke ændres"):
        Concept.objects.filter(version=bundled).update(display="Ændret")
    with pytest.raises(AppendOnlyError, match="Concept er kun til tilføjelse og kan ikke slettes"):
        Concept.objects.filter(version=bundled).delete()
    assert bundled.concepts.filter(display="Ændret").count() == 0


def test_saving_a_version_unchanged_is_allowed(bundled: CodeSystemVersion) -> None:
    bundled.save()
    assert CodeSystemVersion.objects.get(pk=bundled.pk).sha256 == bundled.sha256


def test_the_database_allows_only_one_current_version(bundled: CodeSystemVersion) -> None:
    other = CodeSystemVersion.objects.create(
        url=FFB_URL, version="20990101", source_name="x.csv", sha256="f" * 64, is_current=False
    )
    with pytest.raises(IntegrityError, match="(?i)unique constraint"), transaction.atomic():
        CodeSystemVersion.objects.filter(pk=other.pk).update(is_current=True)
    assert list(CodeSystemVersion.objects.filter(is_current=True)) == [bundled]


def test_the_same_code_appears_once_per_version(bundled: CodeSystemVersion) -> None:
    concept = bundled.concepts.get(display="Egenomsorg")
    with pytest.raises(IntegrityError, match="(?i)unique constraint"), transaction.atomic():
        Concept.objects.create(
            version=bundled, code=concept.code, display="Kopi", path="Kopi", level=0, definition=""
        )
