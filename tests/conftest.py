"""Shared fixtures: a municipality with the real Vesthimmerland standard loaded, staff in each role,
a second municipality for isolation tests, and factories for citizens and cases."""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import os
import random
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.conf import settings

# Playwright's sync API runs an asyncio event loop in the test thread; Django refuses ORM calls from a
# thread with a running loop unless told otherwise. The test code and live_server's thread stay sync.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

from django.contrib.auth.models import Group, User
from django.utils import timezone
from hypothesis import settings as hypothesis_settings
from playwright.sync_api import Browser, Page, Playwright, sync_playwright  # noqa: E402

from visitator.cases import services as case_services
from visitator.cases.models import Case
from visitator.core import clock
from visitator.demo.data import fictitious_cpr
from visitator.organisation.models import Municipality, StaffMembership, Unit
from visitator.organisation.roles import ADMINISTRATOR, CASEWORKER, TEAM_LEADER
from visitator.people.models import Citizen
from visitator.people.services import citizen_create
from visitator.standards.services import standards_load

# Property tests check rules, not speed: no per-example deadline (a loaded CI machine made them flaky;
# speed targets live in `make bench`).
hypothesis_settings.register_profile("visitator", deadline=None)
hypothesis_settings.load_profile("visitator")

PASSWORD = "correct horse battery staple"
VESTHIMMERLAND_FILES = sorted(Path(settings.VISITATOR_STANDARDS_DIR).glob("vesthimmerland/sel-104/*.yaml"))


@pytest.fixture(autouse=True)
def _media_root(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def standard(db):
    [version] = standards_load(paths=VESTHIMMERLAND_FILES)
    return version


@pytest.fixture
def municipality(standard) -> Municipality:
    return Municipality.objects.get(slug="vesthimmerland")


@pytest.fixture
def unit(municipality) -> Unit:
    unit = Unit.objects.get(municipality=municipality, code=municipality_unit_code())
    add_unit_contact(unit)
    return unit


def add_unit_contact(unit: Unit) -> None:
    """The contact block every letter carries (fictitious, like all test data)."""
    from visitator.letters.models import UnitContact

    UnitContact.objects.get_or_create(
        unit=unit,
        defaults={
            "address_line": "Testvej 1",
            "postcode": "9600",
            "city": "Aars",
            "phone": "99 99 10 00",
            "email": "bevilling@example.invalid",
            "opening_hours": "Mandag-torsdag 9-15, fredag 9-12",
        },
    )


def municipality_unit_code() -> str:
    return "bevilling-psykiatri-handicap"


_usernames = itertools.count()


def make_user(role: str | None, unit: Unit | None, name: str = "") -> User:
    user = User.objects.create_user(
        username=name or f"user{next(_usernames)}",
        password=PASSWORD,
        first_name="Test",
        last_name=role or "none",
    )
    if role:
        user.groups.add(Group.objects.get_or_create(name=role)[0])
    if unit is not None:
        from visitator.letters.models import StaffContact

        StaffMembership.objects.create(user=user, unit=unit)
        # Every member of staff has a direct line for the letters' contact block (fictitious).
        StaffContact.objects.create(
            user=user, direct_phone=f"99 99 {20 + user.pk % 70:02d} {user.pk % 100:02d}"
        )
    return user


@pytest.fixture(name="make_user")
def make_user_fixture(db) -> Callable[..., User]:
    return make_user


@pytest.fixture
def caseworker(unit) -> User:
    return make_user(CASEWORKER, unit, "sara")


@pytest.fixture
def team_leader(unit) -> User:
    return make_user(TEAM_LEADER, unit, "tina")


@pytest.fixture
def administrator(unit) -> User:
    return make_user(ADMINISTRATOR, unit, "adam")


@pytest.fixture
def other_municipality(db) -> Municipality:
    return Municipality.objects.create(code="999", slug="andeby", name="Andeby Kommune (test)")


@pytest.fixture
def other_caseworker(other_municipality) -> User:
    other_unit = Unit.objects.create(municipality=other_municipality, code="visitation", name="Visitation")
    return make_user(CASEWORKER, other_unit, "olga")


@pytest.fixture
def rng() -> random.Random:
    return random.Random(20261127)


@pytest.fixture
def make_citizen(caseworker, rng) -> Callable[..., Citizen]:
    def factory(user: User | None = None, **fields) -> Citizen:
        fields.setdefault("first_name", "Anna")
        fields.setdefault("last_name", "Jensen (testperson)")
        return citizen_create(
            user=user or caseworker, cpr=fields.pop("cpr", None) or fictitious_cpr(rng), **fields
        )

    return factory


def aware(day: dt.date, hour: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


@pytest.fixture
def make_case(caseworker, make_citizen) -> Callable[..., Case]:
    def factory(received_on: dt.date | None = None, user: User | None = None, **kwargs) -> Case:
        user = user or caseworker
        received_on = received_on or clock.today()
        citizen = kwargs.pop("citizen", None) or make_citizen(user=user)
        kwargs.setdefault("channel", "digital")
        return case_services.case_receive(
            user=user, citizen=citizen, received_at=aware(received_on), **kwargs
        )

    return factory


@pytest.fixture(autouse=True)
def _ffb_reference_data(request):
    """FFB code lists are loaded by a data migration; a transactional test empties the tables at its
    end, so put them back before each database test that finds them gone."""
    from visitator.ffb import selectors
    from visitator.ffb.loader import load_bundled
    from visitator.ffb.models import CodeSystemVersion, Concept

    selectors.cache_clear()
    if request.node.get_closest_marker("django_db") is not None:
        request.getfixturevalue("_django_db_helper")
        if not CodeSystemVersion.objects.exists():
            load_bundled(version_model=CodeSystemVersion, concept_model=Concept, loaded_at=timezone.now())
    yield
    selectors.cache_clear()


# -- real-browser fixtures (Playwright driving Debian's Chromium); used by tests/browser and others ----

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


AXE = Path(settings.NODE_MODULES) / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
#: The headings of the error pages (core/templates/403.html, 403_csrf.html, 404.html, 500.html).
ERROR_PAGE_HEADINGS = frozenset(
    {"Ingen adgang", "Formularen er udløbet", "Siden findes ikke", "Der opstod en fejl"}
)


@functools.cache
def AXE_SOURCE() -> str:  # noqa: N802
    return AXE.read_text(encoding="utf-8")


@pytest.fixture
def axe_violations() -> Callable[[Page], list[str]]:
    """`axe_violations(page)`: the WCAG 2.1 A/AA violations axe-core (npm, lockfile) finds on the page."""

    def check(page: Page) -> list[str]:
        # axe finds nothing wrong with an error page: the page must have rendered, with its own heading.
        headings = page.locator("h1").all_inner_texts()
        assert len(headings) == 1 and headings[0] not in ERROR_PAGE_HEADINGS, (page.url, headings)
        # Evaluated through the DevTools protocol, not as a <script> tag: the pages' Content-Security-
        # Policy (script-src 'self') rightly blocks an inline script added to them.
        page.evaluate(AXE_SOURCE())
        result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS)
        return [
            f"{v['id']} ({v['impact']}): {v['help']} -> {[n['target'] for n in v['nodes']][:3]}"
            for v in result["violations"]
        ]

    return check


# -- offers and grants ---------------------------------------------------------------------------


@pytest.fixture
def make_offer(municipality):
    from decimal import Decimal

    from visitator.offers.models import Offer, Provider, RateTier

    def factory(
        name: str = "Aktivitetscentret Aars", *, own: bool = True, places: int = 10, **fields
    ) -> Offer:
        provider, _created = Provider.objects.get_or_create(
            municipality=municipality,
            name=fields.pop(
                "provider_name", "Vesthimmerlands Kommune, Dagtilbud" if own else "Fonden Havbrisen"
            ),
            defaults={"kind": Provider.Kind.OWN if own else Provider.Kind.EXTERNAL},
        )
        fields.setdefault("registration", Offer.Registration.REGISTERED)
        fields.setdefault("approval", Offer.Approval.NOT_UNDER_SUPERVISION)
        offer = Offer.objects.create(
            provider=provider,
            name=name,
            paragraphs=["SEL § 104"],
            address_line="Himmerlandsgade 1",
            postcode="9600",
            city="Aars",
            places=places,
            verified_on=dt.date(2026, 1, 2),
            rate_unit=Offer.RateUnit.CALENDAR_DAY,
            **fields,
        )
        RateTier.objects.create(
            offer=offer,
            name="Niveau 1",
            amount=Decimal("450.00"),
            valid_from=dt.date(2024, 1, 1),
            part_time_percent={"1": 60, "2": 60, "3": 85},
        )
        return offer

    return factory


@pytest.fixture
def offer(make_offer):
    return make_offer()


@pytest.fixture
def grant_terms(offer):
    """Terms for a grant in the own offer: 3 full days, one goal, the municipal transport scheme."""
    from visitator.ffb import selectors as ffb
    from visitator.grants.terms import GoalTerms, GrantTerms

    def factory(**changes) -> GrantTerms:
        develop = next(t for t in ffb.goal_types() if t.display.startswith("Udvikle"))
        start = clock.today() + dt.timedelta(days=14)
        values = {
            "offer": offer,
            "start_date": start,
            "days_per_week": 3,
            "day_part": "full",
            "goals": (
                GoalTerms(
                    develop.code,
                    "Deltager i fællesspisning tre gange om ugen",
                    start + dt.timedelta(days=180),
                ),
            ),
            "transport_mode": "municipal",
            "handleplan_answer": "declined",
            "scope_reason": "Moderat nedsat funktionsevne i Relationer; tre dage modsvarer behovet.",
        }
        values.update(changes)
        return GrantTerms(**values)

    return factory


@pytest.fixture
def four_eyes(standard, tmp_path):
    """A later version of the standard, in force today, that requires a second approval of refusals,
    partial grants and stops (`approval.required_for`)."""
    from pathlib import Path

    import yaml
    from django.conf import settings

    from visitator.standards.services import standards_load

    source = Path(settings.VISITATOR_STANDARDS_DIR) / "vesthimmerland" / "sel-104" / "2024-01-01.yaml"
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    data["version"] = "2026.1-test"
    data["valid_from"] = "2026-01-01"
    data["approval"] = {
        "required_for": ["refusal", "partial_grant", "stop"],
        "text": "Afslag, delvise bevillinger og ophør godkendes af en kollega.",
        "citation": "Kvalitetsstandard (test), afsnit 'Sagsbehandling'",
    }
    path = tmp_path / "standards" / "vesthimmerland" / "sel-104" / "2026-01-01.yaml"
    path.parent.mkdir(parents=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    [version] = standards_load(paths=[path])
    return version
