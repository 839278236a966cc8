"""The print queue in a real browser: WCAG 2.1 AA (axe-core) and the "Markér som printet" flow.

Uses the browser fixtures in tests/conftest.py (Debian's Chromium through Playwright, axe-core).
"""

from __future__ import annotations

import pytest

from visitator.letters.compose import LetterKind, letter_compose
from visitator.letters.models import PrintJobPrinted
from visitator.letters.services import letter_send

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"


def test_the_print_queue_is_accessible_and_marks_letters_printed(
    page, live_server, login, caseworker, physical_case, refusal_facts, axe_violations
):
    letter = letter_send(
        user=caseworker,
        draft=letter_compose(kind=LetterKind.REFUSAL, case=physical_case, decision=refusal_facts),
    )
    login(page, live_server.url, caseworker.username, PASSWORD)
    page.goto(f"{live_server.url}/breve/print/")
    assert page.get_by_role("heading", name="Breve til print").is_visible()
    assert page.get_by_role("cell", name=physical_case.number, exact=True).is_visible()
    assert axe_violations(page) == []
    with page.expect_download() as download:
        page.get_by_role("link", name="Afslag").click()
    assert download.value.suggested_filename == f"{physical_case.number}-afslag.pdf"
    page.get_by_role("button", name=f"Markér som printet – {physical_case.number}").click()
    assert page.get_by_text("er markeret som printet").is_visible()
    assert page.get_by_text("Der er ingen breve, der venter på at blive printet.").is_visible()
    assert axe_violations(page) == []
    assert PrintJobPrinted.objects.filter(job__letter=letter).exists()
