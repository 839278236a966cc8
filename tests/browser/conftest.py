"""Real-browser tests: Playwright's sync API driving Debian's Chromium against pytest-django's live_server.

Chromium comes from Debian (`scripts/ensure-chromium` installs it at /usr/bin/chromium); Playwright's own
browser download does not work on our machines, so we pass `executable_path`. Playwright starts every
browser with a fresh temporary profile (user-data-dir) of its own and removes it afterwards.

Run: `VISITATOR_DEV=1 .venv/bin/pytest tests/browser -q` (or `-m browser` / `-m "not browser"`).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

# Playwright's sync API runs an asyncio event loop in this thread; Django refuses ORM calls from a thread
# with a running loop unless told otherwise. The test code and live_server's thread are still plain sync.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

from playwright.sync_api import Browser, Page, Playwright, sync_playwright  # noqa: E402

CHROMIUM = Path(os.environ.get("VISITATOR_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark every test in tests/browser `browser` (select with -m browser, skip with -m "not browser")."""
    for item in items:
        if HERE in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def playwright_instance() -> Iterator[Playwright]:
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_instance: Playwright) -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: run scripts/ensure-chromium (installs Debian's chromium package)."
        )
    browser = playwright_instance.chromium.launch(
        executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
    )
    yield browser
    browser.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A page in a fresh browser context (no cookies), Danish locale, Copenhagen time."""
    context = browser.new_context(locale="da-DK", timezone_id="Europe/Copenhagen")
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


LoginFunc = Callable[[Page, str, str, str], None]


@pytest.fixture
def login() -> LoginFunc:
    """`login(page, live_server_url, username, password)`: log in through the Danish login form.

    Waits for the navigation that the form's POST causes; it does not check that the login succeeded
    (a wrong password lands on the login page again), so assert on the page afterwards.
    """

    def _login(page: Page, live_server_url: str, username: str, password: str) -> None:
        page.goto(f"{live_server_url.rstrip('/')}/login/")
        page.get_by_label("Brugernavn").fill(username)
        page.get_by_label("Adgangskode").fill(password)
        with page.expect_navigation():
            page.get_by_role("button", name="Log ind").click()

    return _login
