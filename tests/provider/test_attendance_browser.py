"""The provider's weekly attendance grid in a real browser: fill in the week for all citizens, save
once, come back and find it saved; a reason is asked for an absence. The grid passes axe-core's WCAG
2.1 A/AA checks, with and without errors."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from visitator.core import clock
from visitator.grants.models import Attendance

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

PASSWORD = "correct horse battery staple"
ORDERED = dt.date(2026, 11, 2)
MONDAY, TUESDAY, WEDNESDAY = dt.date(2026, 11, 9), dt.date(2026, 11, 10), dt.date(2026, 11, 11)


def test_the_provider_records_a_week_of_attendance_in_one_grid(
    page, live_server, login, axe_violations, provider_user, caseworker, active_grant, offer
):
    karen = active_grant(offer, "Karen", ordered_on=ORDERED, start=ORDERED, by=provider_user)
    bo = active_grant(offer, "Bo", ordered_on=ORDERED, start=ORDERED, weekdays=(2, 4, 5), by=provider_user)
    with clock.frozen(WEDNESDAY):
        login(page, live_server.url, provider_user.username, PASSWORD)
        page.get_by_role("link", name="Fremmøde", exact=True).click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Fremmøde uge 46, 2026")
        assert axe_violations(page) == []

        karen_name, bo_name = karen.case.citizen.full_name, bo.case.citizen.full_name
        page.get_by_label(f"{karen_name}, mandag 9. november: fremmøde").select_option(label="Mødt")
        page.get_by_label(f"{karen_name}, tirsdag 10. november: fremmøde").select_option(label="Afbud")
        page.get_by_label(f"{karen_name}, onsdag 11. november: fremmøde").select_option(label="Udeblevet")
        page.get_by_label(f"{bo_name}, tirsdag 10. november: fremmøde").select_option(label="Lukket")
        # Thursday and Friday lie in the future: Bo's cells there cannot be filled in.
        expect(page.get_by_label(f"{bo_name}, torsdag 12. november: fremmøde")).to_have_count(0)
        page.get_by_role("button", name="Gem fremmøde for ugen").click()

        # No reason for the absences: the error summary names both, nothing is saved, the input stays.
        summary = page.locator("[data-error-summary]")
        expect(summary).to_be_visible()
        expect(summary).to_contain_text(f"{karen_name}, tirsdag 10. november: årsag til fravær")
        expect(summary).to_contain_text(f"{karen_name}, onsdag 11. november: årsag til fravær")
        expect(page.get_by_label(f"{karen_name}, mandag 9. november: fremmøde")).to_have_value("present")
        assert axe_violations(page) == []
        assert not Attendance.objects.exists()

        page.get_by_label(f"{karen_name}, tirsdag 10. november: årsag til fravær").select_option(
            label="Sygdom"
        )
        page.get_by_label(f"{karen_name}, onsdag 11. november: årsag til fravær").select_option(
            label="Ukendt"
        )
        page.get_by_role("button", name="Gem fremmøde for ugen").click()
        expect(page.get_by_role("status").first).to_contain_text("Fremmødet for uge 46 er gemt (4 dage).")
        expect(page.locator("#attendance-saved-by")).to_contain_text("Test leverandoer")

        # Come back later: the week is as it was saved.
        page.get_by_role("link", name="Borgere hos os").click()
        page.get_by_role("link", name="Fremmøde", exact=True).click()
        expect(page.get_by_label(f"{karen_name}, tirsdag 10. november: fremmøde")).to_have_value("cancelled")
        expect(page.get_by_label(f"{karen_name}, tirsdag 10. november: årsag til fravær")).to_have_value(
            "sick"
        )
        page.get_by_role("link", name="Forrige uge").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Fremmøde uge 45, 2026")

        # The caseworker sees the week on the grant page.
        page.context.clear_cookies()
        login(page, live_server.url, caseworker.username, PASSWORD)
        page.goto(f"{live_server.url}/sager/{karen.case_id}/bevilling/")
        weeks = page.locator(f"#attendance-weeks-{karen.pk}")
        expect(weeks.locator("tbody tr").first).to_contain_text("Uge 46")
        expect(weeks.locator("tbody tr").first).to_contain_text("Afbud")
        expect(weeks.locator("tbody tr").first).to_contain_text("Sygdom")
        expect(weeks.locator("tbody tr").first).to_contain_text("1 af 3")
        assert axe_violations(page) == []

    saved = {(a.grant_id, a.on): (a.status, a.reason) for a in Attendance.objects.all()}
    assert saved == {
        (karen.id, MONDAY): ("present", ""),
        (karen.id, TUESDAY): ("cancelled", "sick"),
        (karen.id, WEDNESDAY): ("no_show", "unknown"),
        (bo.id, TUESDAY): ("closed", ""),
    }
