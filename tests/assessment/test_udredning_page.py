"""The udredning page rates with radio buttons: one click per rating, the whole FFB scale in view."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from visitator.assessment.models import Assessment
from visitator.ffb import selectors as ffb

pytestmark = pytest.mark.django_db


def test_ratings_and_support_level_are_radio_buttons_and_can_be_cleared(client, caseworker, make_case):
    case = make_case()
    client.force_login(caseworker)
    url = reverse("assessment:edit", args=[case.id])
    page = client.get(url).content.decode()
    sub = ffb.rated_areas()[0].children[0]
    levels = ffb.function_levels()
    # One radio button per level and one for "Ikke udfyldt", checked while nothing is rated; no <select>.
    radios = re.findall(rf'<input type="radio"[^>]*name="rating_{sub.code}"[^>]*>', page)
    assert len(radios) == len(levels) + 1
    assert [r for r in radios if "checked" in r] == [r for r in radios if 'value=""' in r]
    assert "<select" not in page
    assert f"{sub.display}: Moderat nedsat funktionsevne" in page  # each radio's name for screen readers
    support_radios = re.findall(r'<input type="radio"[^>]*name="support_level"', page)
    assert len(support_radios) == len(ffb.support_levels()) + 1

    moderate = next(t for t in levels if t.display.startswith("Moderat"))
    support = ffb.support_levels()[2]
    saved = client.post(url, {f"rating_{sub.code}": moderate.code, "support_level": support.code})
    assert saved.status_code == 302
    page = client.get(url).content.decode()
    assert re.search(rf'name="rating_{sub.code}" value="{moderate.code}"[^>]*checked', page)
    assert re.search(rf'name="support_level" value="{support.code}"[^>]*checked', page)
    assessment = Assessment.objects.get(case=case)
    assert assessment.support_level == support.code and assessment.ratings.get().level == moderate.code

    # "Ikke udfyldt" removes the rating again (the form names the udredning it was opened on).
    opened = _opened(page)
    assert opened == assessment.updated_at.isoformat()
    assert (
        client.post(url, {f"rating_{sub.code}": "", "support_level": "", "opened": opened}).status_code == 302
    )
    assert not assessment.ratings.exists()


def _opened(page: str) -> str:
    found = re.search(r'<input type="hidden" name="opened" value="([^"]*)"', page)
    assert found is not None
    return found.group(1)


def test_a_colleagues_save_after_the_page_was_opened_is_never_overwritten(
    client, caseworker, make_user, unit, make_case
):
    from visitator.organisation.roles import CASEWORKER

    case = make_case()
    url = reverse("assessment:edit", args=[case.id])
    sub = ffb.rated_areas()[0].children[0]
    levels = ffb.function_levels()
    colleague = make_user(CASEWORKER, unit)
    colleague.first_name, colleague.last_name = "Kim", "Kollega"
    colleague.save()
    other = client_for(colleague)
    first = other.post(url, {f"rating_{sub.code}": levels[1].code, "opened": ""})
    assert first.status_code == 302

    client.force_login(caseworker)  # opened the empty form before the colleague saved
    response = client.post(url, {f"rating_{sub.code}": levels[3].code, "opened": ""})

    assert response.status_code == 400
    text = response.content.decode()
    assert "Udredningen er gemt af Kim Kollega" in text and "Intet af det, du skrev, er gemt" in text
    assert Assessment.objects.get(case=case).ratings.get().level == levels[1].code
    stamp = Assessment.objects.get(case=case).updated_at.isoformat()
    assert _opened(text) == stamp  # the form now names the saved udredning
    assert re.search(rf'name="rating_{sub.code}" value="{levels[3].code}"[^>]*checked', text)  # typed
    # Saving again, having read the message, goes through.
    again = client.post(url, {f"rating_{sub.code}": levels[3].code, "opened": stamp})
    assert again.status_code == 302
    assert Assessment.objects.get(case=case).ratings.get().level == levels[3].code


def test_the_same_udredning_form_sent_twice_is_saved_once(client, caseworker, make_case):
    from visitator.audit.models import Event

    case = make_case()
    url = reverse("assessment:edit", args=[case.id])
    sub = ffb.rated_areas()[0].children[0]
    data = {f"rating_{sub.code}": ffb.function_levels()[2].code, "opened": ""}
    client.force_login(caseworker)
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302  # a double click: no stale message
    assert Event.objects.filter(kind="assessment.saved", case_id=case.id).count() == 1


def client_for(user):
    from django.test import Client

    other = Client()
    other.force_login(user)
    return other


def test_a_level_from_another_list_is_refused(client, caseworker, make_case):
    case = make_case()
    client.force_login(caseworker)
    sub = ffb.rated_areas()[0].children[0]
    response = client.post(
        reverse("assessment:edit", args=[case.id]), {f"rating_{sub.code}": ffb.support_levels()[0].code}
    )
    assert response.status_code == 400 and "Der er fejl" in response.content.decode()
    assert not Assessment.objects.filter(case=case).exists()
