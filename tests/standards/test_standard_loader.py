"""Schema and loader: every refusal names the file and the field, in Danish."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path
from typing import Any

import pytest

from visitator.standards.loader import (
    StandardsInvalid,
    canonical_json,
    display_path,
    format_loc,
    read_standard,
    read_standards,
)
from visitator.standards.schema import Computed, QualityStandard


def refusals(path: Path) -> list[str]:
    # Each problem is "<file>: [<field>: ]<message>"; the callers pin the messages.
    with pytest.raises(StandardsInvalid, match=r"^\S+[.]yaml: ") as caught:
        read_standard(path)
    return [str(problem) for problem in caught.value.problems]


def assert_refused(path: Path, field: str, words: str) -> None:
    """Some problem starts with "<file>: <field>: " and contains `words`."""
    messages = refusals(path)
    prefix = f"{display_path(path)}: {field}: "
    assert any(message.startswith(prefix) and words in message for message in messages), messages


def test_the_fixture_is_valid(testrup_path: Path) -> None:
    loaded = read_standard(testrup_path)
    assert isinstance(loaded.spec, QualityStandard)
    assert loaded.display_path == "tests/standards/fixtures/testrup/sel-104/2025-03-01.yaml"
    assert loaded.spec.key == ("998", "sel-104", "2025.1")
    assert loaded.spec.deadlines.decision.period.describe() == "op til 30 arbejdsdage"


def test_content_hash_is_sha256_of_canonical_json(testrup_path: Path) -> None:
    loaded = read_standard(testrup_path)
    canonical = canonical_json(loaded.content)
    assert " " not in canonical.split('"')[0]
    assert loaded.content_hash == hashlib.sha256(canonical.encode()).hexdigest()
    assert loaded.content == loaded.spec.model_dump(mode="json")
    assert QualityStandard.model_validate(loaded.content) == loaded.spec


def test_formatting_and_comments_do_not_change_the_hash(
    testrup: dict[str, Any], write_standard, testrup_path
) -> None:
    original = read_standard(testrup_path).content_hash
    path = write_standard(testrup)
    path.write_text("# another comment\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    assert read_standard(path).content_hash == original
    testrup["purpose"]["text"] += " Ændret."
    assert read_standard(write_standard(testrup)).content_hash != original


def test_period_without_unit(broken_dir: Path) -> None:
    assert_refused(
        broken_dir / "period_without_unit.yaml", "deadlines.decision.period.up_to.unit", "Feltet mangler"
    )


def test_period_without_amount(testrup: dict[str, Any], write_standard) -> None:
    testrup["deadlines"]["follow_up"]["period"] = {"unit": "months"}
    assert_refused(write_standard(testrup), "deadlines.follow_up.period.amount", "Feltet mangler")


def test_fractional_weeks_are_refused(testrup: dict[str, Any], write_standard) -> None:
    testrup["deadlines"]["decision"]["period"] = {"amount": 1.5, "unit": "weeks"}
    assert_refused(write_standard(testrup), "deadlines.decision.period.amount", "Kun måneder")


def test_criterion_without_citation(broken_dir: Path) -> None:
    assert_refused(
        broken_dir / "criterion_without_citation.yaml", "target_group.criteria[0].citation", "Feltet mangler"
    )


def test_blank_citation_is_refused(testrup: dict[str, Any], write_standard) -> None:
    testrup["target_group"]["bases"][1]["citation"] = "  "
    assert_refused(write_standard(testrup), "target_group.bases[1].citation", "Må ikke være tom")


def test_deciding_unit_missing(testrup: dict[str, Any], write_standard) -> None:
    del testrup["deciding_unit"]
    assert_refused(write_standard(testrup), "deciding_unit", "Feltet mangler")


def test_unknown_field_is_refused(testrup: dict[str, Any], write_standard) -> None:
    testrup["transport"]["individual_taxa"] = testrup["transport"].pop("individual_taxi")
    path = write_standard(testrup)
    assert_refused(path, "transport.individual_taxa", "Ukendt felt")
    assert_refused(path, "transport.individual_taxi", "Feltet mangler")


def test_municipality_code_must_be_quoted(testrup: dict[str, Any], write_standard) -> None:
    testrup["municipality"]["code"] = 998
    assert_refused(write_standard(testrup), "municipality.code", "Skal være tekst")


def test_dates_must_be_dates(testrup: dict[str, Any], write_standard, tmp_path: Path) -> None:
    testrup["valid_to"] = "snart"
    assert_refused(write_standard(testrup, path=tmp_path / "x.yaml"), "valid_to", "Skal være en dato")


def test_status_must_be_draft_or_published(testrup: dict[str, Any], write_standard) -> None:
    testrup["status"] = "final"
    assert_refused(write_standard(testrup), "status", "Skal være en af")


def test_exclusion_can_never_be_computed(testrup: dict[str, Any], write_standard) -> None:
    testrup["target_group"]["exclusions"] = [
        {
            "id": "other_offers",
            "text": "Andre tilbud dækker behovet.",
            "established_by": {"method": "computed", "fact": "target_group_basis"},
            "citation": "Serviceloven § 1, stk. 3",
        }
    ]
    assert_refused(
        write_standard(testrup), "target_group.exclusions[0].established_by.method", "caseworker_assessment"
    )


def test_discriminator_tag_is_not_shown_in_the_field_path(testrup: dict[str, Any], write_standard) -> None:
    testrup["target_group"]["criteria"][0]["established_by"]["min_age"] = "atten"
    assert_refused(write_standard(testrup), "target_group.criteria[0].established_by.min_age", "helt tal")


def test_age_fact_needs_an_age(testrup: dict[str, Any], write_standard) -> None:
    del testrup["target_group"]["criteria"][0]["established_by"]["min_age"]
    assert_refused(write_standard(testrup), "target_group.criteria[0].established_by", "min_age")


def test_duplicate_rule_ids(testrup: dict[str, Any], write_standard) -> None:
    testrup["target_group"]["bases"][1]["id"] = "reduced_function"
    assert_refused(write_standard(testrup), "target_group", "reduced_function")


def test_deadline_from_the_standard_must_quote_it(testrup: dict[str, Any], write_standard) -> None:
    del testrup["deadlines"]["decision"]["text"]
    assert_refused(write_standard(testrup), "deadlines.decision", "text")


def test_project_default_must_be_explained(testrup: dict[str, Any], write_standard) -> None:
    del testrup["deadlines"]["decision_warning_lead"]["note"]
    assert_refused(write_standard(testrup), "deadlines.decision_warning_lead", "note")


def test_letter_paragraphs_required_and_placeholders_known(testrup: dict[str, Any], write_standard) -> None:
    del testrup["letter_paragraphs"]["transport"]
    assert_refused(write_standard(testrup), "letter_paragraphs", "transport")
    testrup["letter_paragraphs"]["transport"] = "Vi kører dig den {pickup_day}."
    assert_refused(write_standard(testrup), "letter_paragraphs", "pickup_day")
    testrup["letter_paragraphs"]["transport"] = "Vi kører dig den {0}."
    assert_refused(write_standard(testrup), "letter_paragraphs", "pladsholder")


def test_paid_items_only_when_allowed(testrup: dict[str, Any], write_standard) -> None:
    testrup["costs"]["optional_paid_items_allowed"] = False
    assert_refused(write_standard(testrup), "costs", "optional_paid_items")


def test_several_problems_are_collected_with_line_numbers(testrup: dict[str, Any], write_standard) -> None:
    del testrup["purpose"]["citation"]
    testrup["scope"]["units"] = ["days_per_month"]
    messages = refusals(write_standard(testrup))
    assert len(messages) == 2
    assert any("purpose.citation: Feltet mangler." in m and "(linje " in m for m in messages)
    assert any("scope.units[0]: Skal være en af" in m for m in messages)


def test_not_yaml(broken_dir: Path) -> None:
    [message] = refusals(broken_dir / "not_yaml.yaml")
    assert message.startswith("tests/standards/fixtures/broken/not_yaml.yaml: Ikke gyldig YAML")
    assert "(linje " in message


def test_duplicate_keys_are_refused(tmp_path: Path, testrup_path: Path) -> None:
    path = tmp_path / "dup.yaml"
    path.write_text(testrup_path.read_text(encoding="utf-8") + '\nversion: "2"\n', encoding="utf-8")
    [message] = refusals(path)
    assert "version" in message and "to gange" in message


def test_empty_and_missing_files(tmp_path: Path) -> None:
    empty = tmp_path / "empty.yaml"
    empty.write_text("# nothing\n", encoding="utf-8")
    assert refusals(empty) == [f"{empty}: Filen er tom."]
    listed = tmp_path / "list.yaml"
    listed.write_text("- a\n- b\n", encoding="utf-8")
    assert "samling af felter" in refusals(listed)[0]
    missing = tmp_path / "missing.yaml"
    assert refusals(missing) == [f"{missing}: Filen findes ikke."]


def test_read_standards_collects_across_files(testrup_path: Path, broken_dir: Path) -> None:
    loaded, problems = read_standards(
        [testrup_path, broken_dir / "period_without_unit.yaml", broken_dir / "not_yaml.yaml"]
    )
    assert [item.path for item in loaded] == [testrup_path]
    assert {problem.file for problem in problems} == {
        "tests/standards/fixtures/broken/period_without_unit.yaml",
        "tests/standards/fixtures/broken/not_yaml.yaml",
    }


def test_format_loc() -> None:
    assert format_loc(("target_group", "criteria", 0, "citation")) == "target_group.criteria[0].citation"
    assert format_loc(("target_group", "criteria", 1, "established_by", "computed", "min_age")) == (
        "target_group.criteria[1].established_by.min_age"
    )
    assert format_loc(()) == ""


def test_spec_helpers(testrup_path: Path) -> None:
    spec = read_standard(testrup_path).spec
    assert spec.rule("social_problems").text == "særlige sociale problemer"
    with pytest.raises(KeyError, match="nope"):
        spec.rule("nope")
    age = spec.age_criterion()
    assert isinstance(age, Computed) and age.min_age == 18
    received = dt.date(2024, 12, 20)  # a Friday before Christmas
    assert spec.decision_deadline(received) == dt.date(2025, 2, 7)
    assert spec.deadlines.decision.deadline_from(received) == spec.decision_deadline(received)
    assert spec.decision_warning_date(received) == dt.date(2025, 1, 31)
    assert spec.next_follow_up(dt.date(2025, 1, 31)) == dt.date(2025, 3, 15)
    assert spec.in_force_on(dt.date(2025, 3, 1)) and not spec.in_force_on(dt.date(2025, 2, 28))
    assert spec.letter_paragraph("provider", offer_name="Værkstedet") == "Du skal være i Værkstedet."
    with pytest.raises(KeyError, match="received_on"):
        spec.letter_paragraph("receipt")


def test_yaml_is_safe(tmp_path: Path) -> None:
    path = tmp_path / "unsafe.yaml"
    path.write_text("municipality: !!python/object/apply:os.system ['true']\n", encoding="utf-8")
    assert "Ikke gyldig YAML" in refusals(path)[0]


def test_second_approval_is_optional_and_absent_from_the_stored_content(
    testrup: dict[str, Any], write_standard, testrup_path
) -> None:
    original = read_standard(testrup_path)
    assert original.spec.approval is None and "approval" not in original.content
    assert not original.spec.approval_required_for("refusal")
    testrup["approval"] = {
        "required_for": ["refusal", "stop"],
        "citation": "Kvalitetsstandard, afsnit 'Sagsbehandling'",
    }
    loaded = read_standard(write_standard(testrup))
    assert loaded.spec.approval_required_for("refusal") and loaded.spec.approval_required_for("stop")
    assert not loaded.spec.approval_required_for("grant")
    assert loaded.content["approval"]["required_for"] == ["refusal", "stop"]
    assert loaded.content_hash != original.content_hash


def test_second_approval_names_known_decisions_and_a_citation(
    testrup: dict[str, Any], write_standard
) -> None:
    testrup["approval"] = {"required_for": ["afslag"], "citation": "Kvalitetsstandard"}
    assert_refused(write_standard(testrup), "approval.required_for[0]", "")
    testrup["approval"] = {"required_for": ["refusal"]}
    assert_refused(write_standard(testrup), "approval.citation", "")
