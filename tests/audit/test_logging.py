"""Personal data never appears in log lines or URLs."""

import logging
import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_no_cpr_in_urls_or_log_output(client, caseworker, make_case, caplog):
    client.force_login(caseworker)
    case = make_case()
    cpr = case.citizen.cpr
    with caplog.at_level(logging.DEBUG):
        pages = [
            client.get(reverse("cases:worklist")),
            client.get(reverse("cases:detail", args=[case.id])),
            client.post(reverse("people:search"), {"query": cpr}),
            client.post(reverse("cases:application_new"), {"step": "lookup", "cpr": cpr}),
            client.get("/sager/00000000-0000-0000-0000-000000000000/"),
        ]
    assert pages[-1].status_code == 404
    assert cpr not in caplog.text
    for page in pages:
        hrefs = re.findall(r'(?:href|action|hx-get|hx-post)="([^"]*)"', page.content.decode())
        for link in [page.get("Location", ""), *hrefs]:
            assert cpr not in link
    # The 404 page shows no personal data either.
    assert case.citizen.last_name not in pages[-1].content.decode()
