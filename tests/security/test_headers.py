"""Every page and download carries the security headers: a strict Content-Security-Policy, a
Permissions-Policy that turns the devices off, and `Cache-Control: no-store` (issue 11)."""

from __future__ import annotations

import logging

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

pytestmark = pytest.mark.django_db


def assert_security_headers(response, where: str) -> None:
    csp = response.get("Content-Security-Policy", "")
    directives = dict((part.strip().split(" ", 1) + [""])[:2] for part in csp.split(";") if part.strip())
    assert directives.get("default-src") == "'self'", where
    assert directives.get("script-src") == "'self'", where
    assert directives.get("style-src") == "'self'", where
    assert directives.get("frame-ancestors") == "'none'", where
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp, where
    policy = response.get("Permissions-Policy", "")
    assert "camera=()" in policy and "geolocation=()" in policy and "microphone=()" in policy, where
    assert "no-store" in response.get("Cache-Control", ""), where


def test_pages_and_downloads_carry_the_headers(client, caseworker, make_case):
    case = make_case()
    client.force_login(caseworker)
    upload = SimpleUploadedFile("brev.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    form = {"title": "Brev", "upload": upload, "origin": "citizen"}
    client.post(reverse("cases:document_add", args=[case.id]), form)
    document = case.documents.get()
    pages = {
        "worklist": reverse("cases:worklist"),
        "case": reverse("cases:detail", args=[case.id]),
        "udredning": reverse("assessment:edit", args=[case.id]),
        "decision form": reverse("decisions:decide", args=[case.id]),
        "document download": reverse("cases:document_download", args=[case.id, document.id]),
        "journal pdf": reverse("cases:journal_extract", args=[case.id]),
        "not found": "/sager/00000000-0000-0000-0000-000000000000/",
    }
    for where, url in pages.items():
        response = client.get(url)
        assert response.status_code in (200, 404), where
        assert_security_headers(response, where)
    # A page that answers a POST (the search) too.
    response = client.post(reverse("people:search"), {"query": "Jensen"})
    assert_security_headers(response, "search")


def test_the_login_page_and_a_403_carry_the_headers(client, make_user, unit):
    assert_security_headers(client.get(reverse("login")), "login")
    client.force_login(make_user("leverandoer", None, "lars"))
    response = client.get(reverse("cases:worklist"))
    assert response.status_code in (302, 403)
    assert_security_headers(response, "provider on the worklist")


def test_static_files_keep_their_cache(client, settings):
    response = client.get("/static/visitator/app.js")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


def test_a_403_is_one_line_without_a_stack_trace(client, caseworker, make_case, caplog):
    case = make_case()
    client.force_login(caseworker)
    with caplog.at_level(logging.DEBUG, logger="django.request"):
        response = client.get(reverse("administration:home"))
    assert response.status_code == 403
    forbidden = [r for r in caplog.records if r.name == "django.request" and r.levelno >= logging.WARNING]
    assert len(forbidden) == 1
    [record] = forbidden
    assert record.getMessage() == "Forbidden (Permission denied): /administration/"
    assert record.exc_info is None and not record.exc_text
    # The handler's formatted output is one line: no "Traceback".
    formatted = logging.Formatter("%(levelname)s %(name)s %(message)s").format(record)
    assert "\n" not in formatted and "Traceback" not in formatted
    assert case.citizen.cpr not in caplog.text
