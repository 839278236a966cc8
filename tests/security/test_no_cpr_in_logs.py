"""The main flows over HTTP (apply, assess, decide, send, and reading the case) with every logger at
DEBUG: no log record carries a CPR-shaped string (issue 11; docs/architecture.md "Personal data never in
URLs or logs")."""

from __future__ import annotations

import logging
import re

import pytest
from django.urls import reverse

from visitator.cases.models import Case
from visitator.core import clock
from visitator.decisions.models import Decision, DecisionDraft
from visitator.demo.data import fictitious_cpr
from visitator.letters.models import Letter

pytestmark = pytest.mark.django_db

#: Ten digits, the date part optionally followed by a dash; not inside a longer run of letters, digits
#: or dashes (a UUID may hold ten digits in a row by chance; it is no CPR number).
CPR_SHAPED = re.compile(r"(?<![\w-])\d{6}-?\d{4}(?![\w-])")


def texts(record: logging.LogRecord) -> list[str]:
    found = [record.getMessage(), str(record.args or "")]
    if record.exc_info:
        found.append(logging.Formatter().formatException(record.exc_info))
    if record.exc_text:
        found.append(record.exc_text)
    found.extend(
        str(v)
        for k, v in vars(record).items()
        if k not in logging.LogRecord("", 0, "", 0, "", (), None).__dict__
    )
    return found


def test_the_main_flows_log_no_cpr_number(client, caseworker, make_case, rng, caplog):
    client.force_login(caseworker)
    cpr = fictitious_cpr(rng)
    existing = make_case()
    with caplog.at_level(logging.DEBUG):
        # Apply: look the citizen up by CPR (with a dash, then a wrong one), register the application.
        client.post(reverse("cases:application_new"), {"step": "lookup", "cpr": f"{cpr[:6]}-{cpr[6:]}"})
        client.post(reverse("cases:application_new"), {"step": "lookup", "cpr": "3213701234"})
        response = client.post(
            reverse("cases:application_new"),
            {
                "step": "register",
                "cpr": cpr,
                "first_name": "Bo",
                "last_name": "Hansen (testperson)",
                "postcode": "9600",
                "received_at": clock.now().astimezone().strftime("%Y-%m-%dT%H:%M"),
                "channel": "letter",
                "target_group_reduced_function": "on",
            },
        )
        assert response.status_code == 302
        case = Case.objects.get(citizen__cpr=cpr)
        # Search by CPR, read the case and the worklist.
        client.post(reverse("people:search"), {"query": cpr})
        client.post(reverse("cases:search"), {"query": existing.citizen.cpr})
        client.get(reverse("cases:worklist"))
        client.get(reverse("cases:detail", args=[case.id]))
        # Assess: every criterion the caseworker judges, one with a bad form first; an alternative.
        judge = reverse("assessment:judge", args=[case.id])
        assert client.post(judge, {"rule_id": "reduced_function", "judgement": "met"}).status_code == 400
        for rule_id, judgement in (
            ("reduced_function", "met"),
            ("social_problems", "not_met"),
            ("other_activities_cover_need", "does_not_apply"),
        ):
            response = client.post(
                judge, {"rule_id": rule_id, "judgement": judgement, "reason": "Begrundet."}
            )
            assert response.status_code == 302
        response = client.post(
            reverse("assessment:alternative", args=[case.id]),
            {"alternative": "non_visitated", "consideration": "Netværkscaféen."},
        )
        assert response.status_code == 302
        client.get(reverse("assessment:standard", args=[case.id]))
        # Decide (a draft), look at it and its PDF, send it.
        response = client.post(
            reverse("decisions:decide", args=[case.id]),
            {
                "outcome": "refused",
                "applied_for": "Aktivitets- og samværstilbud",
                "legal_rules": "Serviceloven § 104\nServiceloven § 1, stk. 3",
                "main_considerations": "Dit behov for samvær dækkes af netværkscaféen.",
                "facts": "Du kommer i caféen to gange om ugen.",
            },
        )
        assert response.status_code == 302, response.content.decode()[:2000]
        draft = DecisionDraft.objects.get(case=case)
        client.get(reverse("decisions:draft", args=[case.id, draft.id]))
        client.get(reverse("decisions:draft_pdf", args=[case.id, draft.id]))
        send = client.post(
            reverse("decisions:draft_send", args=[case.id, draft.id]), {"version": draft.version}
        )
        assert send.status_code == 302
        assert Decision.objects.filter(case=case).exists()
        letter = Letter.objects.get(case=case)
        client.get(reverse("letters:download", args=[case.id, letter.id]))
        client.get(reverse("cases:journal_extract", args=[case.id]))
        # Sent twice, and someone without access: refused, and logged as such.
        client.post(reverse("decisions:draft_send", args=[case.id, draft.id]), {"version": draft.version})
        client.get(reverse("administration:home"))
    assert len(caplog.records) > 0, "the flows logged nothing: the capture is not working"
    problems = [
        f"{record.name}: {text[:200]}"
        for record in caplog.records
        for text in texts(record)
        if CPR_SHAPED.search(text) or cpr in text or existing.citizen.cpr in text
    ]
    assert problems == []
