"""The provider's weekly attendance grid: one row per citizen, a field for each day the citizen is
granted and can be recorded, one save for the week, a stale save refused with the input kept, and
the caseworker's view of the last 8 weeks on the grant page.

Dates are worked by hand: the grants are ordered and accepted on Monday 2 November 2026 (week 45);
"today" is Wednesday 11 November 2026, in week 46 (Monday 9 - Friday 13 November).
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from visitator.audit.models import AccessLog, Event
from visitator.core import clock
from visitator.grants import services
from visitator.grants.attendance import cell_name
from visitator.grants.models import Attendance, Grant, ProviderMembership
from visitator.organisation.roles import PROVIDER, TRANSPORT_OFFICE
from visitator.provider import selectors

pytestmark = pytest.mark.django_db

ORDERED = dt.date(2026, 11, 2)
MONDAY, TUESDAY, WEDNESDAY, THURSDAY = (dt.date(2026, 11, d) for d in (9, 10, 11, 12))
WEEK_46 = reverse("provider:attendance_week", args=[2026, 46])


@pytest.fixture(autouse=True)
def _wednesday_week_46():
    with clock.frozen(WEDNESDAY):
        yield


@pytest.fixture
def lene(client, provider_user):
    client.force_login(provider_user)
    return client


@pytest.fixture
def anna(active_grant, offer, provider_user) -> Grant:
    """Monday-Wednesday, started 2 November."""
    return active_grant(offer, "Anna", ordered_on=ORDERED, start=ORDERED, by=provider_user)


@pytest.fixture
def bo(active_grant, offer, provider_user) -> Grant:
    """Tuesday, Thursday and Friday, started Tuesday 10 November."""
    return active_grant(offer, "Bo", ordered_on=ORDERED, start=TUESDAY, weekdays=(2, 4, 5), by=provider_user)


def s(grant: Grant, day: dt.date) -> str:
    return cell_name(grant.id, day, "s")


def r(grant: Grant, day: dt.date) -> str:
    return cell_name(grant.id, day, "r")


def grid_post(version: int = 0, **cells: str) -> dict[str, str]:
    return {"version": str(version), **cells}


def recorded(grant: Grant) -> dict[dt.date, tuple[str, str]]:
    """What counts now per day: the latest row."""
    result: dict[dt.date, tuple[str, str]] = {}
    for row in Attendance.objects.filter(grant=grant).order_by("on", "at", "id"):
        result[row.on] = (row.status, row.reason)
    return result


# -- the grid -----------------------------------------------------------------------------------------


def test_the_grid_has_a_row_per_citizen_and_fields_only_for_the_days_that_can_be_recorded(
    lene, provider_user, anna, bo, active_grant, other_offer, other_provider_user
):
    theirs = active_grant(other_offer, "Carla", ordered_on=ORDERED, start=ORDERED, by=other_provider_user)
    response = lene.get(WEEK_46)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Fremmøde uge 46, 2026" in html
    assert anna.case.citizen.full_name in html and bo.case.citizen.full_name in html
    assert "Carla" not in html
    # Anna: Monday-Wednesday (Thursday and Friday are not hers). Bo: Tuesday 10th, his first day;
    # Thursday and Friday are in the future.
    assert set(response.context["form"].fields) == {
        "version",
        *(name for day in (MONDAY, TUESDAY, WEDNESDAY) for name in (s(anna, day), r(anna, day))),
        s(bo, TUESDAY),
        r(bo, TUESDAY),
    }
    assert s(theirs, MONDAY) not in html
    logged = AccessLog.objects.filter(user=provider_user, what=selectors.WEEK_WHAT)
    assert {(row.case_id, row.action) for row in logged} == {(anna.case_id, "view"), (bo.case_id, "view")}


def test_saving_the_week_records_each_day_with_its_reason(lene, provider_user, anna, bo):
    data = grid_post(
        **{
            s(anna, MONDAY): "present",
            s(anna, TUESDAY): "cancelled",
            r(anna, TUESDAY): "sick",
            s(anna, WEDNESDAY): "no_show",
            s(bo, TUESDAY): "closed",
            r(bo, TUESDAY): "holiday",  # a closed day has no absence reason: dropped
        }
    )
    # Udeblevet without a reason: a Danish message, nothing saved.
    response = lene.post(WEEK_46, data)
    assert response.status_code == 400
    assert "Vælg en årsag til afbud eller udeblivelse." in response.content.decode()
    assert not Attendance.objects.exists()

    data[r(anna, WEDNESDAY)] = "unknown"
    response = lene.post(WEEK_46, data, follow=True)
    assert response.redirect_chain == [(WEEK_46, 302)]
    assert "Fremmødet for uge 46 er gemt (4 dage)." in response.content.decode()
    assert recorded(anna) == {
        MONDAY: ("present", ""),
        TUESDAY: ("cancelled", "sick"),
        WEDNESDAY: ("no_show", "unknown"),
    }
    assert recorded(bo) == {TUESDAY: ("closed", "")}
    assert Attendance.objects.filter(by=provider_user).count() == 4
    changed = AccessLog.objects.filter(user=provider_user, what="leverandør: fremmøde", action="create")
    assert sorted(str(row.case_id) for row in changed) == sorted([str(anna.case_id), str(bo.case_id)])
    event = Event.objects.get(kind="grant.attendance_recorded", case=anna.case)
    assert event.after == {"week": "2026-W46", "days": ["2026-11-09", "2026-11-10", "2026-11-11"]}
    # The grid shows what is saved, and who saved it.
    form = lene.get(WEEK_46).context["form"]
    assert form.initial[s(anna, TUESDAY)] == "cancelled" and form.initial[r(anna, TUESDAY)] == "sick"
    assert form.initial["version"] == 1


def test_a_recorded_day_can_be_corrected_but_not_cleared(lene, anna):
    lene.post(WEEK_46, grid_post(**{s(anna, MONDAY): "present"}))
    # The correction is a new row; the latest counts.
    response = lene.post(WEEK_46, grid_post(1, **{s(anna, MONDAY): "cancelled", r(anna, MONDAY): "sick"}))
    assert response.status_code == 302
    assert Attendance.objects.filter(grant=anna, on=MONDAY).count() == 2
    assert recorded(anna) == {MONDAY: ("cancelled", "sick")}
    page = selectors.grant_page(user=anna.offer.provider.staff.get().user, grant_id=anna.id)
    assert [(a.on, a.status_text, a.reason_text) for a in page.attendance] == [(MONDAY, "Afbud", "Sygdom")]
    cleared = lene.post(WEEK_46, grid_post(2, **{s(anna, MONDAY): ""}))
    assert cleared.status_code == 400
    assert "Et registreret fremmøde kan rettes, men ikke slettes." in cleared.content.decode()
    assert Attendance.objects.filter(grant=anna).count() == 2


def test_a_stale_save_keeps_the_input_shows_what_is_saved_and_saves_nothing(
    lene, make_user, provider_user, anna
):
    colleague = make_user(PROVIDER, None, "kurt")
    ProviderMembership.objects.create(user=colleague, provider=provider_user.provider_membership.provider)
    assert lene.get(WEEK_46).context["form"].initial["version"] == 0
    # A colleague saves the week after Lene opened it.
    services.attendance_week_save(
        user=colleague, week_start=MONDAY, version=0, cells={(anna.id, MONDAY): ("present", "")}
    )
    mine = grid_post(0, **{s(anna, MONDAY): "no_show", r(anna, MONDAY): "unknown"})
    response = lene.post(WEEK_46, mine)
    assert response.status_code == 409
    html = response.content.decode()
    assert "En anden har gemt fremmødet for denne uge, efter du åbnede siden. Intet er gemt." in html
    assert recorded(anna) == {MONDAY: ("present", "")}
    # Lene's input is still there, the saved value is shown under it, and the form carries the new version.
    form = response.context["form"]
    assert form[s(anna, MONDAY)].value() == "no_show" and form["version"].value() == "1"
    assert '<option value="no_show" selected>' in html
    assert "Gemt nu: Mødt" in html
    # Saving again after reading the message is a deliberate correction.
    again = lene.post(WEEK_46, {**mine, "version": "1"})
    assert again.status_code == 302
    assert recorded(anna) == {MONDAY: ("no_show", "unknown")}


def test_a_double_submit_saves_once(lene, anna):
    data = grid_post(**{s(anna, MONDAY): "present", s(anna, TUESDAY): "present"})
    first = lene.post(WEEK_46, data)
    second = lene.post(WEEK_46, data, follow=True)  # the same version again: a double click
    assert first.status_code == 302 and second.status_code == 200
    assert "Der var ingen ændringer i fremmødet for uge 46." in second.content.decode()
    assert Attendance.objects.filter(grant=anna).count() == 2


def test_days_outside_the_grid_are_never_recorded(
    lene, anna, bo, active_grant, other_offer, other_provider_user
):
    theirs = active_grant(other_offer, "Carla", ordered_on=ORDERED, start=ORDERED, by=other_provider_user)
    response = lene.post(
        WEEK_46,
        grid_post(
            **{
                s(anna, THURSDAY): "present",  # not one of Anna's days
                s(bo, MONDAY): "present",  # before Bo started
                s(bo, THURSDAY): "present",  # tomorrow
                s(theirs, MONDAY): "present",  # another provider's citizen
            }
        ),
    )
    assert response.status_code == 302
    assert not Attendance.objects.exists()
    # The service, called directly, refuses them outright.
    for grant, day in [(anna, THURSDAY), (bo, MONDAY), (theirs, MONDAY)]:
        with pytest.raises(PermissionDenied, match="^$"):  # not theirs: no message
            services.attendance_week_save(
                user=anna.offer.provider.staff.get().user,
                week_start=MONDAY,
                version=0,
                cells={(grant.id, day): ("present", "")},
            )


def test_a_stopped_grant_stays_in_the_grid_until_the_stop_takes_effect(lene, anna):
    Grant.objects.filter(pk=anna.pk).update(status=Grant.Status.STOPPED, stopped_on=WEDNESDAY)
    form = lene.get(WEEK_46).context["form"]
    assert s(anna, TUESDAY) in form.fields and s(anna, WEDNESDAY) not in form.fields
    Grant.objects.filter(pk=anna.pk).update(stopped_on=MONDAY)
    assert anna.case.citizen.full_name not in lene.get(WEEK_46).content.decode()


def test_weeks_are_addressed_by_number_and_the_future_is_not_shown(lene, anna):
    this_week = lene.get(reverse("provider:attendance"))
    assert this_week.status_code == 302 and this_week.url == WEEK_46
    later = lene.get(reverse("provider:attendance_week", args=[2026, 47]))
    assert later.status_code == 302 and later.url == WEEK_46
    assert lene.get(reverse("provider:attendance_week", args=[2026, 54])).status_code == 404
    earlier = lene.get(reverse("provider:attendance_week", args=[2026, 45]))
    assert earlier.status_code == 200 and s(anna, dt.date(2026, 11, 2)) in earlier.context["form"].fields


def test_only_provider_staff_use_the_grid(client, caseworker, make_user, unit, anna):
    for user in (caseworker, make_user(TRANSPORT_OFFICE, unit)):
        client.force_login(user)
        assert client.get(WEEK_46).status_code == 403
        assert client.post(WEEK_46, grid_post(**{s(anna, MONDAY): "present"})).status_code == 403
    client.logout()
    assert client.get(WEEK_46).status_code == 302
    assert not Attendance.objects.exists()


def test_the_caseworker_sees_the_last_eight_weeks_on_the_grant_page(client, caseworker, provider_user, anna):
    services.attendance_week_save(
        user=provider_user,
        week_start=MONDAY,
        version=0,
        cells={(anna.id, MONDAY): ("present", ""), (anna.id, TUESDAY): ("cancelled", "sick")},
    )
    client.force_login(caseworker)
    response = client.get(reverse("grants:case", args=[anna.case_id]))
    html = response.content.decode()
    [weeks] = [row["attendance_weeks"] for row in response.context["rows"]]
    assert [w.number for w in weeks] == [46, 45, 44, 43, 42, 41, 40, 39]
    assert (weeks[0].present, weeks[0].expected) == (1, 3)  # Monday-Wednesday, Monday present
    assert (weeks[1].present, weeks[1].expected) == (0, 3)  # started Monday 2 November
    assert weeks[2].expected == 0  # before the start
    assert "Fremmøde de seneste 8 uger" in html and "Afbud" in html and "Sygdom" in html
    assert "1 af 3" in html
