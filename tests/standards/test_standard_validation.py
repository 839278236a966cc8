"""Validation against the law, the folder layout and other versions. Each refusal names file and field."""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path
from typing import Any

from visitator.standards.loader import display_path
from visitator.standards.validation import VersionWindow, check_files


def problems(paths: list[Path], existing: list[VersionWindow] | None = None) -> list[str]:
    return [str(problem) for problem in check_files(paths, existing=existing or []).problems]


def assert_refused(paths: list[Path], path: Path, field: str, words: str, existing=None) -> None:
    messages = problems(paths, existing)
    prefix = f"{display_path(path)}: {field}: "
    assert any(message.startswith(prefix) and words in message for message in messages), messages


def test_valid_files_pass(testrup_path: Path, vesthimmerland_path: Path) -> None:
    result = check_files([testrup_path, vesthimmerland_path])
    assert result.ok, result.problems
    assert len(result.standards) == 2


def test_upper_age_limit_on_104_is_refused(broken_dir: Path) -> None:
    path = broken_dir / "upper_age_limit.yaml"
    assert_refused([path], path, "target_group.criteria[0].established_by.max_age", "ingen øvre aldersgrænse")


def test_min_age_must_be_18_for_an_adult_service(testrup: dict[str, Any], write_standard) -> None:
    testrup["target_group"]["criteria"][0]["established_by"]["min_age"] = 16
    path = write_standard(testrup)
    assert_refused([path], path, "target_group.criteria[0].established_by.min_age", "min_age skal være 18")


def test_criterion_must_cite_the_law(testrup: dict[str, Any], write_standard) -> None:
    testrup["target_group"]["criteria"][1]["citation"] = (
        "Kvalitetsstandard, Testrup Kommune, afsnit 'Målgruppe'"
    )
    testrup["target_group"]["bases"][0]["citation"] = "Testrups egen regel"
    path = write_standard(testrup)
    assert_refused([path], path, "target_group.criteria[1].citation", "lovregel")
    assert_refused([path], path, "target_group.bases[0].citation", "lovregel")


def test_valid_to_before_valid_from(testrup: dict[str, Any], write_standard) -> None:
    testrup["valid_to"] = dt.date(2025, 2, 1)
    path = write_standard(testrup)
    assert_refused([path], path, "valid_to", "ligger før valid_from")


def test_folder_must_match_slug_service_and_valid_from(
    testrup: dict[str, Any], write_standard, tmp_path: Path
) -> None:
    path = write_standard(testrup, path=tmp_path / "andeby" / "sel-103" / "2025-01-01.yaml")
    assert_refused([path], path, "municipality.slug", "testrup/sel-104/2025-03-01.yaml")
    assert_refused([path], path, "service.code", "fandt sel-103")
    assert_refused([path], path, "valid_from", "fandt 2025-01-01.yaml")


def test_unknown_service_is_refused(testrup: dict[str, Any], write_standard) -> None:
    testrup["service"]["code"] = "sel-999"
    path = write_standard(testrup)
    assert_refused([path], path, "service.code", "Ukendt ydelse sel-999")


def test_paragraph_must_match_the_service(testrup: dict[str, Any], write_standard) -> None:
    testrup["service"]["paragraph"] = "Serviceloven § 103"
    path = write_standard(testrup)
    assert_refused([path], path, "service.paragraph", "Serviceloven § 104")


def test_legal_basis_must_name_the_paragraph(testrup: dict[str, Any], write_standard) -> None:
    testrup["legal_basis"][0]["citation"] = "Serviceloven § 103"
    path = write_standard(testrup)
    assert_refused([path], path, "legal_basis", "Serviceloven § 104")


def test_service_must_be_free(testrup: dict[str, Any], write_standard) -> None:
    testrup["costs"]["service_price"] = 25
    path = write_standard(testrup)
    assert_refused([path], path, "costs.service_price", "gratis")


def test_tilbudsportalen_is_required(testrup: dict[str, Any], write_standard) -> None:
    testrup["provider"]["tilbudsportalen"]["required"] = False
    path = write_standard(testrup)
    assert_refused([path], path, "provider.tilbudsportalen.required", "§ 14, stk. 2")


def test_provider_choice_needs_individual_assessment(testrup: dict[str, Any], write_standard) -> None:
    testrup["provider"]["individual_assessment"] = False
    path = write_standard(testrup)
    assert_refused([path], path, "provider.individual_assessment", "§ 1, stk. 3")


def test_no_taxi_must_be_a_local_service_level(testrup: dict[str, Any], write_standard) -> None:
    testrup["transport"]["individual_taxi"].update(allowed=False, local_service_level=False)
    path = write_standard(testrup)
    assert_refused([path], path, "transport.individual_taxi.local_service_level", "fravige")


def test_decision_deadline_is_the_municipalitys(testrup: dict[str, Any], write_standard) -> None:
    testrup["deadlines"]["decision"].update(source="project_default", note="Vores bud.")
    path = write_standard(testrup)
    assert_refused([path], path, "deadlines.decision.source", "§ 3, stk. 2")


def test_warning_lead_shorter_than_the_deadline(testrup: dict[str, Any], write_standard) -> None:
    testrup["deadlines"]["decision_warning_lead"]["period"] = {"amount": 2, "unit": "months"}
    path = write_standard(testrup)
    assert_refused([path], path, "deadlines.decision_warning_lead.period", "2 måneder")


# -- several versions -------------------------------------------------------------------------------


def version(
    data: dict[str, Any], *, number: str, start: dt.date, end: dt.date | None = None, status="published"
):
    changed = copy.deepcopy(data)
    changed.update(version=number, valid_from=start, valid_to=end, status=status)
    return changed


def test_overlapping_published_versions_are_refused(testrup: dict[str, Any], write_standard) -> None:
    first = write_standard(version(testrup, number="1", start=dt.date(2025, 3, 1), end=dt.date(2025, 12, 31)))
    second = write_standard(version(testrup, number="2", start=dt.date(2025, 6, 1)))
    assert_refused([first, second], first, "valid_to", "overlapper en anden publiceret version: version 2")
    assert_refused([first, second], second, "valid_from", "overlapper en anden publiceret version: version 1")


def test_same_start_day_overlaps(testrup: dict[str, Any], write_standard, tmp_path: Path) -> None:
    first = write_standard(version(testrup, number="1", start=dt.date(2025, 3, 1)))
    second = write_standard(version(testrup, number="2", start=dt.date(2025, 3, 1)), root=tmp_path / "other")
    assert_refused([first, second], second, "valid_from", "overlapper")


def test_a_later_version_supersedes_an_open_ended_one(testrup: dict[str, Any], write_standard) -> None:
    first = write_standard(version(testrup, number="1", start=dt.date(2025, 3, 1)))
    second = write_standard(version(testrup, number="2", start=dt.date(2026, 1, 1)))
    back_to_back = write_standard(
        version(testrup, number="0", start=dt.date(2024, 1, 1), end=dt.date(2025, 2, 28))
    )
    assert problems([first, second, back_to_back]) == []


def test_drafts_do_not_overlap(testrup: dict[str, Any], write_standard) -> None:
    first = write_standard(version(testrup, number="1", start=dt.date(2025, 3, 1), end=dt.date(2025, 12, 31)))
    draft = write_standard(version(testrup, number="2", start=dt.date(2025, 6, 1), status="draft"))
    assert problems([first, draft]) == []


def test_a_version_number_used_twice_is_refused(testrup: dict[str, Any], write_standard) -> None:
    first = write_standard(version(testrup, number="1", start=dt.date(2025, 3, 1), end=dt.date(2025, 5, 31)))
    second = write_standard(version(testrup, number="1", start=dt.date(2025, 6, 1), status="draft"))
    assert_refused([first, second], second, "version", "findes også i")


def test_overlap_with_a_version_in_the_database(testrup: dict[str, Any], write_standard) -> None:
    path = write_standard(version(testrup, number="2", start=dt.date(2025, 6, 1)))
    loaded = VersionWindow(
        municipality_code="998",
        service_code="sel-104",
        version="1",
        status="published",
        valid_from=dt.date(2025, 1, 1),
        valid_to=dt.date(2025, 12, 31),
        source="databasen: standards/testrup/sel-104/2025-01-01.yaml",
        from_database=True,
    )
    assert_refused([path], path, "valid_from", "databasen: standards/testrup", existing=[loaded])
    # The same version already in the database is not an overlap (loading it again is a no-op).
    same = VersionWindow(
        **{**loaded.__dict__, "version": "2", "valid_from": dt.date(2025, 6, 1), "valid_to": None}
    )
    assert problems([path], [same]) == []
    # Another municipality's versions never conflict.
    other = VersionWindow(**{**loaded.__dict__, "municipality_code": "820"})
    assert problems([path], [other]) == []
