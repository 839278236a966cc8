"""Logging in and out through the Danish login form, in a real Chromium, with and without JavaScript."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, User
from playwright.sync_api import Browser, Page, Response, expect

from visitator.organisation.models import Municipality, StaffMembership, Unit

PASSWORD = "korrekt-hest-batteri-haefteklamme"
# Set VISITATOR_SCREENSHOT_DIR to keep a screenshot of the worklist after login (for looking at it).
SCREENSHOT_DIR = os.environ.get("VISITATOR_SCREENSHOT_DIR")


@pytest.fixture
def caseworker(transactional_db: None) -> User:
    municipality = Municipality.objects.create(
        code="820", slug="vesthimmerland", name="Vesthimmerlands Kommune"
    )
    unit = Unit.objects.create(
        municipality=municipality,
        code="bevilling-psykiatri-handicap",
        name="Bevilling, psykiatri og handicap",
    )
    user = User.objects.create_user(
        username="sofie", password=PASSWORD, first_name="Sofie", last_name="Kristensen"
    )
    user.groups.add(Group.objects.get_or_create(name="sagsbehandler")[0])
    StaffMembership.objects.create(user=user, unit=unit)
    return user


def _record_static(page: Page) -> list[Response]:
    responses: list[Response] = []
    page.on("response", lambda response: responses.append(response) if "/static/" in response.url else None)
    return responses


def _assert_dkfds_loaded(page: Page, static_responses: list[Response]) -> None:
    css = [r for r in static_responses if r.url.endswith("/static/vendor/dkfds/css/dkfds.min.css")]
    assert css, "the DKFDS stylesheet was not requested"
    assert css[0].status == 200
    failed = [(r.url, r.status) for r in static_responses if r.status >= 400]
    assert not failed, f"static files failed to load: {failed}"
    # DKFDS sets the root font size to 62.5 % (10px) and uses IBM Plex Sans, served from node_modules.
    assert page.evaluate("getComputedStyle(document.documentElement).fontSize") == "10px"
    assert "IBM Plex Sans" in page.evaluate("getComputedStyle(document.body).fontFamily")


def test_login_page_is_danish_and_styled(page: Page, live_server) -> None:
    static = _record_static(page)
    page.goto(f"{live_server.url}/login/")

    expect(page.locator("html")).to_have_attribute("lang", "da")
    expect(page).to_have_title(re.compile(r"^Log ind – Visitator$"))
    expect(page.get_by_role("heading", level=1, name="Log ind")).to_be_visible()
    expect(page.get_by_label("Brugernavn")).to_have_attribute("autocomplete", "username")
    expect(page.get_by_label("Adgangskode")).to_have_attribute("autocomplete", "current-password")
    # Anonymous visitors get no navigation and no log-out button.
    expect(page.get_by_role("navigation", name="Hovednavigation")).to_have_count(0)
    expect(page.get_by_role("button", name="Log ud")).to_have_count(0)
    page.wait_for_load_state("load")
    _assert_dkfds_loaded(page, static)
    assert page.evaluate("typeof window.DKFDS") == "object"
    assert page.evaluate("typeof window.htmx") == "object"


def test_wrong_password_shows_danish_error(page: Page, live_server, caseworker: User, login) -> None:
    login(page, live_server.url, "sofie", "forkert-adgangskode")

    assert page.url.startswith(f"{live_server.url}/login/")
    summary = page.locator('[data-module="error-summary"]')
    expect(summary).to_be_visible()
    expect(summary).to_have_attribute("role", "alert")
    expect(summary).to_contain_text("Brugernavn eller adgangskode er forkert.")
    expect(summary).to_be_focused()  # DKFDS's error-summary script moves focus to it
    expect(page.get_by_label("Brugernavn")).to_have_value("sofie")
    expect(page.get_by_label("Adgangskode")).to_have_value("")
    expect(page.get_by_role("button", name="Log ud")).to_have_count(0)


def test_login_shows_worklist_with_user_and_logout_works(
    page: Page, live_server, caseworker: User, login
) -> None:
    static = _record_static(page)
    login(page, live_server.url, "sofie", PASSWORD)

    assert page.url == f"{live_server.url}/"
    header = page.locator("header.header")
    expect(header).to_contain_text("Sofie Kristensen")
    expect(header).to_contain_text("Vesthimmerlands Kommune")
    expect(header).to_contain_text("Bevilling, psykiatri og handicap")
    nav = page.get_by_role("navigation", name="Hovednavigation")
    expect(nav.get_by_role("link", name="Arbejdsliste")).to_have_attribute("aria-current", "page")
    expect(nav.get_by_role("link", name="Ny ansøgning")).to_be_visible()
    expect(nav.get_by_role("link", name="Find borger")).to_be_visible()
    expect(page.get_by_role("link", name="Gå til sideindhold")).to_have_attribute("href", "#main-content")
    expect(page.locator("main#main-content")).to_be_visible()
    page.wait_for_load_state("load")
    _assert_dkfds_loaded(page, static)
    if SCREENSHOT_DIR:
        page.screenshot(path=str(Path(SCREENSHOT_DIR) / "visitator-worklist.png"), full_page=True)

    logout = page.get_by_role("button", name="Log ud")
    expect(logout).to_be_visible()
    with page.expect_navigation():
        logout.click()
    assert page.url.startswith(f"{live_server.url}/login/")
    expect(page.get_by_role("button", name="Log ud")).to_have_count(0)

    # The session is gone: the worklist sends us back to the login page.
    page.goto(f"{live_server.url}/")
    assert page.url.startswith(f"{live_server.url}/login/")
    expect(page.get_by_role("heading", level=1, name="Log ind")).to_be_visible()


def test_login_and_logout_work_without_javascript(
    browser: Browser, live_server, caseworker: User, login
) -> None:
    context = browser.new_context(
        java_script_enabled=False, locale="da-DK", viewport={"width": 400, "height": 800}
    )
    try:
        page = context.new_page()
        login(page, live_server.url, "sofie", PASSWORD)
        assert page.url == f"{live_server.url}/"
        # On a narrow screen without JavaScript the menu button cannot work: the noscript stylesheet shows
        # the navigation and the log-out button directly.
        expect(
            page.get_by_role("navigation", name="Hovednavigation").get_by_role("link", name="Find borger")
        ).to_be_visible()
        logout = page.get_by_role("button", name="Log ud")
        expect(logout).to_be_visible()
        with page.expect_navigation():
            logout.click()
        assert page.url.startswith(f"{live_server.url}/login/")
    finally:
        context.close()
