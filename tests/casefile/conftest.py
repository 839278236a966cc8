"""A case with one of every kind of akt, built through the real services at fixed, increasing times."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import pytest
import typst
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from visitator.assessment import services as assessment
from visitator.cases import services as case_services
from visitator.core import clock
from visitator.decisions import services as decisions
from visitator.ffb import selectors as ffb

START = dt.datetime(2026, 12, 1, 9, 0)


def moment(minutes: int) -> dt.datetime:
    """2026-12-01 09:00 Copenhagen time plus `minutes`."""
    return timezone.make_aware(START + dt.timedelta(minutes=minutes))


def two_page_pdf() -> bytes:
    source = "= Lægeerklæring\n\nSide et af udtalelsen.\n#pagebreak()\nSide to af udtalelsen."
    pdf = typst.compile(source.encode(), format="pdf")
    assert isinstance(pdf, bytes)
    return pdf


def png_image() -> bytes:
    source = "#set page(width: 60pt, height: 40pt, margin: 0pt, fill: red)\n#text(fill: white)[Skema]"
    png = typst.compile(source.encode(), format="png", ppi=72)
    assert isinstance(png, bytes)
    return png


@dataclass
class FullCase:
    case: Any
    objects: dict[str, Any] = field(default_factory=dict)


def level(display_start: str) -> Any:
    return next(t for t in ffb.function_levels() if t.display.startswith(display_start))


def build_full_case(make_case: Any, caseworker: Any) -> FullCase:
    """Receipt letter, notes, documents (PDF, PNG, DOCX), udredning, judgements, an alternative,
    hearing information, a hearing with a response, and a refusal with its letter."""
    o: dict[str, Any] = {}
    with clock.frozen(moment(0)):
        case = make_case()
    with clock.frozen(moment(1)):
        o["receipt"] = case_services.receipt_send(user=caseworker, case=case)
    with clock.frozen(moment(2)):
        o["note"] = case_services.journal_note_add(
            user=caseworker, case=case, text="Borgeren ringede og fortalte om sin hverdag.", kind="phone"
        )
    with clock.frozen(moment(3)):
        o["pdf"] = case_services.document_add(
            user=caseworker,
            case=case,
            title="Lægeerklæring",
            upload=SimpleUploadedFile("anna-jensen-erklaering.pdf", two_page_pdf(), "application/pdf"),
        )
    with clock.frozen(moment(4)):
        o["png"] = case_services.document_add(
            user=caseworker,
            case=case,
            title="Foto af skema",
            upload=SimpleUploadedFile("skema.png", png_image(), "image/png"),
        )
    with clock.frozen(moment(5)):
        o["docx"] = case_services.document_add(
            user=caseworker,
            case=case,
            title="Handleplan fra bostedet",
            upload=SimpleUploadedFile(
                "plan.docx", b"PK\x03\x04 not really a docx", "application/octet-stream"
            ),
        )
    area = ffb.rated_areas()[0]
    sub = (area.children or (area,))[0]
    described = ffb.described_areas()[0]
    with clock.frozen(moment(6)):
        o["assessment"] = assessment.assessment_save(
            user=caseworker,
            case=case,
            ratings={sub.code: (level("Moderat").code, "Har brug for påmindelser")},
            descriptions={described.code: "Bliver hurtigt træt."},
            citizen_own_words="Jeg vil gerne være sammen med andre.",
            support_level=ffb.support_levels()[2].code,
        )
    o["rated_area"], o["described_area"] = sub, described
    with clock.frozen(moment(7)):
        for rule_id, judgement, reason in [
            ("reduced_function", "met", "Udviklingshæmning."),
            ("social_problems", "not_met", "Ingen særlige."),
            ("other_activities_cover_need", "applies", "Netværkscaféen dækker behovet."),
        ]:
            assessment.criterion_judge(
                user=caseworker, case=case, rule_id=rule_id, judgement=judgement, reason=reason
            )
    with clock.frozen(moment(8)):
        o["alternative"] = assessment.alternative_record(
            user=caseworker,
            case=case,
            alternative="non_visitated",
            consideration="Netværkscaféen dækker behovet.",
        )
    with clock.frozen(moment(9)):
        o["information"] = decisions.hearing_information_add(
            user=caseworker,
            case=case,
            source="Udtalelse fra netværkscaféen",
            summary="Borgeren kommer to gange om ugen.",
            received_on=clock.today(),
        )
    with clock.frozen(moment(10)):
        o["hearing"] = decisions.hearing_send(
            user=caseworker,
            case=case,
            information=[o["information"]],
            planned_decision="Afslag på aktivitets- og samværstilbud.",
            response_deadline=clock.today() + dt.timedelta(days=14),
        )
    with clock.frozen(moment(11)):
        o["response"] = decisions.hearing_response_record(
            user=caseworker,
            hearing=o["hearing"],
            received_on=clock.today(),
            summary="Jeg er uenig i afslaget.",
        )
    with clock.frozen(moment(12)):
        o["decision"] = decisions.decision_make(
            user=caseworker,
            case=case,
            outcome="refused",
            applied_for="Aktivitets- og samværstilbud efter serviceloven § 104",
            legal_rules=["Serviceloven § 104", "Serviceloven § 1, stk. 3"],
            main_considerations="Dit behov for socialt samvær kan dækkes af netværkscaféen i Aars.",
            facts="Du kommer allerede i netværkscaféen to gange om ugen.",
        )
    case.refresh_from_db()
    return FullCase(case=case, objects=o)


@pytest.fixture
def full_case(make_case, caseworker) -> FullCase:
    return build_full_case(make_case, caseworker)
