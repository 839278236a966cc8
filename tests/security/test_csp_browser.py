"""The main pages work under the strict Content-Security-Policy in a real browser (Chromium through
Playwright): no violation reported on the worklist, the case page (with an htmx note), the udredning,
the decision form and its draft, the 2FA set-up page; and the scripts that the pages load do run."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from visitator.assessment import services as assessment
from visitator.decisions import services as decisions

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"

#: Collects every securitypolicyviolation event, from before the page's own scripts run.
LISTEN = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  const where = `${e.sourceFile}:${e.lineNumber}`;
  window.__csp.push(`${e.violatedDirective} blocked ${e.blockedURI || "inline"} at ${where}`);
});
"""


def violations(page: Page) -> list[str]:
    return list(page.evaluate("window.__csp"))


def test_the_main_pages_run_under_the_csp(page, live_server, login, caseworker, make_case):
    case = make_case()
    for rule_id, judgement in (
        ("reduced_function", "met"),
        ("social_problems", "not_met"),
        ("other_activities_cover_need", "does_not_apply"),
    ):
        assessment.criterion_judge(
            user=caseworker, case=case, rule_id=rule_id, judgement=judgement, reason="x"
        )
    assessment.alternative_record(
        user=caseworker, case=case, alternative="non_visitated", consideration="Netværkscaféen."
    )
    draft = decisions.decision_draft_save(
        user=caseworker,
        case=case,
        outcome="refused",
        applied_for="Aktivitets- og samværstilbud",
        legal_rules=["Serviceloven § 104"],
        main_considerations="Dit behov for samvær dækkes af netværkscaféen.",
        facts="Du kommer i caféen to gange om ugen.",
    )
    console: list[str] = []
    page.on("console", lambda m: console.append(m.text) if m.type == "error" else None)
    page.add_init_script(LISTEN)
    login(page, live_server.url, caseworker.username, PASSWORD)

    pages = {
        "worklist": reverse("cases:worklist"),
        "udredning": reverse("assessment:edit", args=[case.id]),
        "vurdering": reverse("assessment:standard", args=[case.id]),
        "decision form": reverse("decisions:decide", args=[case.id]),
        "draft": reverse("decisions:draft", args=[case.id, draft.id]),
        "2fa set-up": reverse("security:otp_enrol"),
        "case": reverse("cases:detail", args=[case.id]),
    }
    problems = []
    for where, url in pages.items():
        response = page.goto(f"{live_server.url}{url}")
        assert response is not None and response.ok, where
        assert "script-src 'self'" in (response.headers.get("content-security-policy") or ""), where
        # The scripts the page loads ran: DKFDS and htmx are there.
        assert page.evaluate("typeof window.DKFDS === 'object' && typeof window.htmx === 'object'"), where
        problems += [f"{where}: {v}" for v in violations(page)]
    # On the case page, add a journal note through htmx (a partial swap under the CSP).
    timeline = page.get_by_role("region", name="Sagens forløb")
    timeline.get_by_label("Notat", exact=True).fill("Borgeren ringede.")
    timeline.get_by_role("button", name="Gem notat").click()
    expect(page.locator("#timeline")).to_contain_text("Borgeren ringede.")
    problems += [f"case after htmx: {v}" for v in violations(page)]
    problems += [f"console: {m}" for m in console if "Content Security Policy" in m]
    assert problems == []
    # The listener does hear a violation: an inline script added to the page is blocked and reported.
    page.evaluate(
        "() => { const s = document.createElement('script'); s.textContent = 'window.__ran = 1';"
        " document.body.appendChild(s); }"
    )
    page.wait_for_function("window.__csp.length > 0")
    assert page.evaluate("window.__ran") is None
    assert any(v.startswith("script-src") for v in violations(page))
