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

    # "Ikke udfyldt" removes the rating again.
    assert client.post(url, {f"rating_{sub.code}": "", "support_level": ""}).status_code == 302
    assert not assessment.ratings.exists()


def test_a_level_from_another_list_is_refused(client, caseworker, make_case):
    case = make_case()
    client.force_login(caseworker)
    sub = ffb.rated_areas()[0].children[0]
    response = client.post(
        reverse("assessment:edit", args=[case.id]), {f"rating_{sub.code}": ffb.support_levels()[0].code}
    )
    assert response.status_code == 400 and "Der er fejl" in response.content.decode()
    assert not Assessment.objects.filter(case=case).exists()
