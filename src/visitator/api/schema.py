"""Schema post-processing: every operation documents its errors as problem details (RFC 9457)."""

from __future__ import annotations

from typing import Any

PROBLEM = {
    "type": "object",
    "description": "Problem details (RFC 9457), på dansk.",
    "properties": {
        "type": {"type": "string", "example": "about:blank"},
        "title": {"type": "string", "example": "Ikke fundet"},
        "status": {"type": "integer", "example": 404},
        "detail": {"type": "string", "example": "Ikke fundet."},
        "instance": {"type": "string", "example": "/api/v1/cases/"},
        "errors": {
            "type": "array",
            "description": "Ved ugyldige parametre: et felt og en besked pr. fejl.",
            "items": {
                "type": "object",
                "properties": {"field": {"type": "string"}, "detail": {"type": "string"}},
                "required": ["field", "detail"],
            },
        },
    },
    "required": ["type", "title", "status", "detail"],
}

ERRORS = {
    "400": "Ugyldig forespørgsel (fx en parameter, der ikke er et UUID eller en dato)",
    "401": "Ingen, en ugyldig, udløbet eller tilbagekaldt nøgle",
    "403": "Nøglen mangler adgangen (scope), eller kontoen har ikke rollen",
    "404": "Findes ikke, eller hører ikke til kommunen",
}


def add_problem_responses(
    result: dict[str, Any], generator: Any, request: Any, public: bool
) -> dict[str, Any]:
    result.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM
    reference = {"$ref": "#/components/schemas/Problem"}
    for path, operations in result.get("paths", {}).items():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            detail = "{" in path
            for status, description in ERRORS.items():
                if status == "404" and not detail:
                    continue
                responses.setdefault(
                    status,
                    {
                        "description": description,
                        "content": {"application/problem+json": {"schema": reference}},
                    },
                )
    return result
