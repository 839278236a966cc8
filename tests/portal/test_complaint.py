"""Complaining in the portal: the complaint is registered through the complaints app (channel
selvbetjening, genvurdering deadline 4 weeks from today), the case page shows its status in plain
Danish, and a representative's complaint names the representative."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.test import Client
from django.urls import reverse
from django.utils import formats

from visitator.assessment import services as assessment
from visitator.audit.models import AccessLog
from visitator.complaints.models import Complaint
from visitator.core import clock
from visitator.decisions import services as decision_services

from .conftest import oidc_login

REFUSAL = {
    "outcome": "refused",
    "applied_for": "Aktivitets- og samværstilbud efter serviceloven § 104",
    "legal_rules": ["Serviceloven § 104", "Serviceloven § 1, stk. 3"],
    "main_considerations": "Dit behov for socialt samvær kan dækkes af netværkscaféen i Aars.",
    "facts": "Du kommer allerede i netværkscaféen to gange om ugen.",
}


def _refuse(caseworker: Any, case: Any) -> Any:
    from visitator.cases import services as case_services

    case_services.case_transition(user=caseworker, case=case, to_status="assessment")
    for rule_id, judgement, reason in [
        ("reduced_function", "met", "Udviklingshæmning."),
        ("social_problems", "not_met", "Ingen særlige sociale problemer."),
        ("other_activities_cover_need", "applies", "Borgeren kommer i caféen to gange om ugen."),
    ]:
        assessment.criterion_judge(
            user=caseworker, case=case, rule_id=rule_id, judgement=judgement, reason=reason
        )
    assessment.alternative_record(
        user=caseworker,
        case=case,
        alternative="non_visitated",
        consideration="Netværkscaféen dækker behovet.",
    )
    return decision_services.decision_make(user=caseworker, case=case, **REFUSAL)


def test_the_representative_complains_and_the_citizen_follows_the_complaint(world, caseworker):
    case = world["anna_case"]
    decision = _refuse(caseworker, case)
    rep = Client()
    oidc_login(rep, world["rep_id"], world["url"])
    page = rep.get(reverse("portal:case", args=[world["anna"].id, case.id]))
    text = page.content.decode()
    assert "Du har fået afslag" in text
    deadline = formats.date_format(decision.letter.complaint_deadline, "j. F Y")
    assert f"Klagefristen er {deadline}." in text

    url = reverse("portal:complain", args=[world["anna"].id, case.id])
    empty = rep.post(url, {"text": ""})
    assert empty.status_code == 400 and "Skriv hvad klagen går ud på." in empty.content.decode()
    assert not Complaint.objects.exists()

    response = rep.post(url, {"text": "Caféen dækker ikke Annas behov."}, follow=True)
    assert "Vi har modtaget din klage." in response.content.decode()
    [complaint] = Complaint.objects.all()
    assert complaint.channel == "self_service"
    assert complaint.representative_id == world["representative"].id
    assert complaint.complainant_name == world["representative"].name
    assert complaint.received_on == clock.today()
    assert complaint.reconsideration_deadline == clock.today() + dt.timedelta(weeks=4)
    assert AccessLog.objects.filter(case=case, action="create", what="portal: klage").exists()

    # Sent again: refused with the complaints app's message, nothing new.
    again = rep.post(url, {"text": "Caféen dækker ikke Annas behov."})
    assert again.status_code == 400
    assert "Klagen er allerede registreret" in again.content.decode()
    assert Complaint.objects.count() == 1

    citizen = Client()
    oidc_login(citizen, world["anna_id"], world["url"])
    page = citizen.get(reverse("portal:case", args=[world["anna"].id, case.id])).content.decode()
    assert "Vi ser på afgørelsen igen (genvurdering)." in page
    assert formats.date_format(complaint.reconsideration_deadline, "j. F Y") in page


def test_nobody_else_complains_and_a_case_without_decision_has_no_complaint(world, caseworker):
    _refuse(caseworker, world["anna_case"])
    client = Client()
    oidc_login(client, world["bent_id"], world["url"])
    assert (
        client.post(
            reverse("portal:complain", args=[world["anna"].id, world["anna_case"].id]), {"text": "x"}
        ).status_code
        == 404
    )
    assert (
        client.post(
            reverse("portal:complain", args=[world["bent"].id, world["bent_case"].id]), {"text": "x"}
        ).status_code
        == 404
    )
    assert not Complaint.objects.exists()
