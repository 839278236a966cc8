"""Real-browser tests: Playwright's sync API driving Debian's Chromium against pytest-django's live_server.

Chromium comes from Debian (`scripts/ensure-chromium` installs it at /usr/bin/chromium); Playwright's own
browser download does not work on our machines, so we pass `executable_path`. Playwright starts every
browser with a fresh temporary profile (user-data-dir) of its own and removes it afterwards.

The fixtures (browser, page, login, axe_violations) live in tests/conftest.py, so tests elsewhere can
use them too. Run: `VISITATOR_DEV=1 .venv/bin/pytest tests/browser -q` (or `-m browser`).
"""

from __future__ import annotations

from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark every test in tests/browser `browser` (select with -m browser, skip with -m "not browser")."""
    for item in items:
        if HERE in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.browser)
