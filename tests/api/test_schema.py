"""The committed OpenAPI schema (docs/openapi.yaml) is the one the code generates: CI fails when they
differ. Regenerate with `make schema`."""

from __future__ import annotations

from pathlib import Path

import yaml
from django.conf import settings
from django.core.management import call_command

COMMITTED = Path(settings.PROJECT_DIR) / "docs" / "openapi.yaml"


def test_the_committed_schema_is_the_generated_one(tmp_path):
    generated = tmp_path / "openapi.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(generated))
    assert yaml.safe_load(generated.read_text(encoding="utf-8")) == yaml.safe_load(
        COMMITTED.read_text(encoding="utf-8")
    ), "docs/openapi.yaml is out of date: run `make schema` and commit it"
    assert generated.read_text(encoding="utf-8") == COMMITTED.read_text(encoding="utf-8")


def test_the_schema_documents_every_endpoint_with_its_security():
    schema = yaml.safe_load(COMMITTED.read_text(encoding="utf-8"))
    paths = set(schema["paths"])
    for resource in (
        "citizens",
        "cases",
        "assessments",
        "decisions",
        "letters",
        "grants",
        "follow-ups",
        "complaints",
        "offers",
        "standards",
        "access-log",
    ):
        assert f"/api/v1/{resource}/" in paths
        assert f"/api/v1/{resource}/{{id}}/" in paths
    assert "/api/v1/letters/{id}/pdf/" in paths
    assert schema["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
