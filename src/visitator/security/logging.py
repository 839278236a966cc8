"""Logging filters. A 403 is an everyday event (a role without access, a stale link): one line with the
path, never a stack trace. Paths carry UUIDs only, never personal data (docs/architecture.md)."""

from __future__ import annotations

import logging


class ForbiddenOneLine(logging.Filter):
    """On `django.request`: drop the exception (and so the stack trace) from 403 records."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) == 403:
            record.exc_info = None
            record.exc_text = None
            record.stack_info = None
        return True
