"""Errors as problem details (RFC 9457, application/problem+json), in Danish.

Every error the API answers itself has `type`, `title`, `status` and `detail`; a validation error adds
`errors`, one per field, with the field's name and the Danish message.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler

PROBLEM_CONTENT_TYPE = "application/problem+json"


def _titles() -> dict[int, str]:
    return {
        400: _("Ugyldig forespørgsel"),
        401: _("Ikke logget ind"),
        403: _("Ingen adgang"),
        404: _("Ikke fundet"),
        405: _("Metoden er ikke tilladt"),
        406: _("Formatet kan ikke leveres"),
        415: _("Formatet understøttes ikke"),
        429: _("For mange forespørgsler"),
    }


def _flatten(data: Any, prefix: str = "") -> list[dict[str, str]]:
    if isinstance(data, dict):
        found = []
        for key, value in data.items():
            found += _flatten(value, f"{prefix}.{key}" if prefix else str(key))
        return found
    if isinstance(data, list):
        if all(not isinstance(v, dict | list) for v in data):
            return [{"field": prefix, "detail": str(v)} for v in data]
        found = []
        for index, value in enumerate(data):
            found += _flatten(value, f"{prefix}[{index}]")
        return found
    return [{"field": prefix, "detail": str(data)}]


def problem_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    response = exception_handler(exc, context)
    if response is None:
        return None
    status = response.status_code
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": _titles().get(status, _("Fejl")),
        "status": status,
    }
    if isinstance(exc, exceptions.ValidationError):
        body["detail"] = _("Forespørgslen indeholder fejl.")
        body["errors"] = _flatten(response.data)
    elif isinstance(response.data, dict) and "detail" in response.data:
        body["detail"] = str(response.data["detail"])
    else:
        body["detail"] = body["title"]
    request = context.get("request")
    if request is not None:
        body["instance"] = request.path
    response.data = body
    response.content_type = PROBLEM_CONTENT_TYPE
    return response
