import datetime as dt

import pytest
from django.utils import timezone

from visitator.audit.models import Event
from visitator.casefile import akter as akter_module
from visitator.casefile.akter import Akt, DuplicateAktKey, case_akter, register_akt_source
from visitator.core import clock

from .conftest import build_full_case, moment

pytestmark = pytest.mark.django_db


def test_every_akt_of_the_case_is_listed_oldest_first(full_case):
    o = full_case.objects
    decision = o["decision"]
    akter = case_akter(full_case.case)
    keys = [a.key for a in akter]
    saved = Event.objects.get(case_id=full_case.case.pk, kind="assessment.saved")
    # The three criterion judgements share a moment: ties go by key (numbers in natural order).
    criteria = [f"criterion:{pk}" for pk in sorted(r.pk for r in full_case.case.criterion_assessments.all())]
    assert keys == [
        f"letter:{o['receipt'].pk}",
        f"note:{o['note'].pk}",
        f"document:{o['pdf'].pk}",
        f"document:{o['png'].pk}",
        f"document:{o['docx'].pk}",
        f"assessment:{saved.pk}",
        *criteria,
        f"alternative:{o['alternative'].pk}",
        f"hearing-information:{o['information'].pk}",
        f"letter:{o['hearing'].letter_id}",
        f"hearing-response:{o['response'].pk}",
        # the decision record and its letter share the moment of the decision
        f"decision:{decision.pk}",
        f"letter:{decision.letter_id}",
    ]
    assert [a.at for a in akter] == sorted(a.at for a in akter)
    by_key = {a.key: a for a in akter}
    assert [by_key[k].kind for k in keys[:5]] == ["Brev", "Journalnotat", "Dokument", "Dokument", "Dokument"]
    assert by_key[f"letter:{o['receipt'].pk}"].title == "Kvittering for ansøgning (brev)"
    assert by_key[f"note:{o['note'].pk}"].title == "Telefonsamtale"
    assert by_key[f"assessment:{saved.pk}"].kind == "Udredning"
    assert by_key[f"hearing-information:{o['information'].pk}"].kind == "Oplysning til partshøring"
    assert by_key[f"hearing-response:{o['response'].pk}"].kind == "Høringssvar"
    assert by_key[f"decision:{decision.pk}"].kind == "Afgørelse"
    assert by_key[f"decision:{decision.pk}"].title == "Afgørelse: Afslag"


def test_no_personal_data_in_keys_or_file_names(full_case):
    citizen = full_case.case.citizen
    for akt in case_akter(full_case.case):
        for value in (akt.key, akt.filename):
            assert citizen.cpr not in value and citizen.first_name.lower() not in value.lower()
            assert "erklaering" not in value  # the uploaded file's own name is never used
        assert akt.filename and "/" not in akt.filename


def test_files_are_read_lazily_and_texts_are_readable_danish(full_case):
    o = full_case.objects
    by_key = {a.key: a for a in case_akter(full_case.case)}
    letter = by_key[f"letter:{o['receipt'].pk}"]
    assert letter.content is not None and letter.content().startswith(b"%PDF-")
    assert (letter.content_type, letter.filename) == ("application/pdf", "brev-kvittering.pdf")
    png = by_key[f"document:{o['png'].pk}"]
    assert (png.content_type, png.filename) == ("image/png", "dokument.png")
    assert png.content is not None and png.content().startswith(b"\x89PNG")
    note = by_key[f"note:{o['note'].pk}"]
    assert note.content is None and note.text == "Borgeren ringede og fortalte om sin hverdag."
    [udredning] = [a for a in by_key.values() if a.kind == "Udredning"]
    assert "Jeg vil gerne være sammen med andre." in udredning.text
    assert (
        f"{o['rated_area'].display}: Moderat nedsat funktionsevne. Har brug for påmindelser" in udredning.text
    )
    assert f"{o['described_area'].display}: Bliver hurtigt træt." in udredning.text
    assert "Støttebehovsniveau: Moderat støttebehov." in udredning.text
    assert o["rated_area"].code not in udredning.text  # FFB names, not codes
    decision = by_key[f"decision:{o['decision'].pk}"].text
    assert "Afgørelse på ansøgning: Afslag." in decision
    assert "Dit behov for socialt samvær kan dækkes af netværkscaféen i Aars." in decision
    assert "• Serviceloven § 1, stk. 3" in decision
    assert "Uvisiterede tilbud" in decision and "Netværkscaféen dækker behovet." in decision
    response = by_key[f"hearing-response:{o['response'].pk}"].text
    assert "Jeg er uenig i afslaget." in response


def test_the_udredning_is_an_akt_in_the_version_each_decision_rested_on_and_the_latest(full_case, caseworker):
    from visitator.assessment import services as assessment
    from visitator.cases import services as case_services

    case = full_case.case
    with clock.frozen(moment(30)):
        case_services.case_reopen(
            user=caseworker, case=case, reason="Genvurdering.", received_on=clock.today()
        )
    case.refresh_from_db()
    for minute, words in [(31, "Første ændring."), (32, "Anden ændring.")]:
        with clock.frozen(moment(minute)):
            assessment.assessment_save(
                user=caseworker, case=case, ratings={}, descriptions={}, citizen_own_words=words
            )
    udredninger = [a for a in case_akter(case) if a.kind == "Udredning"]
    # The working versions in between (09:31) are not akter; the decision's and the latest are.
    assert [a.at for a in udredninger] == [moment(6), moment(32)]
    assert udredninger[0].title == "Udredning (grundlag for afgørelsen 1. december 2026)"
    assert "Jeg vil gerne være sammen med andre." in udredninger[0].text
    assert "Anden ændring." in udredninger[1].text and "Første ændring." not in udredninger[1].text
    # The rating recorded before is still in the latest version (the save above did not touch it).
    assert "Moderat nedsat funktionsevne" in udredninger[1].text


def test_a_deadline_notice_sent_as_a_letter_is_one_akt_not_two(make_case, caseworker):
    from visitator.cases import services as case_services

    with clock.frozen(moment(0)):
        case = make_case()
    with clock.frozen(moment(5)):
        notice = case_services.deadline_notice_send(
            user=caseworker,
            case=case,
            expected_decision_on=dt.date(2027, 1, 15),
            reason="Vi venter på en lægeerklæring.",
        )
    akter = case_akter(case)
    assert [a.kind for a in akter] == ["Brev"]
    assert akter[0].title == "Fristvarsel (brev)"
    assert not [a for a in akter if a.key == f"deadline-notice:{notice.pk}"]


def test_a_deadline_notice_without_its_letter_is_an_akt_of_its_own(make_case, caseworker):
    from visitator.cases.models import DeadlineNotice

    with clock.frozen(moment(0)):
        case = make_case()
    notice = DeadlineNotice.objects.create(
        case=case,
        sent_at=moment(3),
        sent_by=caseworker,
        expected_decision_on=dt.date(2027, 1, 15),
        reason="Travlhed.",
        recipient="Anna",
        letter_text="Kære Anna. Vi forventer at træffe afgørelse den 15. januar 2027.",
    )
    [akt] = case_akter(case)
    assert akt.key == f"deadline-notice:{notice.pk}"
    assert (akt.kind, akt.title) == ("Fristvarsel", "Fristvarsel: afgørelse forventes 15. januar 2027")
    assert akt.text.startswith("Kære Anna.")


def test_upper_apps_add_their_akter_and_a_duplicate_key_is_a_bug(make_case, monkeypatch):
    monkeypatch.setattr(akter_module, "_sources", [])
    with clock.frozen(moment(0)):
        case = make_case()
    at = timezone.make_aware(dt.datetime(2026, 12, 2, 10, 0))

    def complaints(c):
        return [Akt(key="complaint:1", at=at, kind="Klage", title="Klage over afslag", text="Jeg klager.")]

    register_akt_source(complaints)
    register_akt_source(complaints)  # registering twice adds it once
    assert [a.key for a in case_akter(case)] == ["complaint:1"]
    register_akt_source(lambda c: [Akt(key="complaint:1", at=at, kind="Klage", title="x")])
    with pytest.raises(DuplicateAktKey, match="complaint:1"):
        case_akter(case)


def test_another_full_case_has_the_same_shape(make_case, caseworker):
    # The builder is reused by the bundle tests; a second case in the same database works too.
    second = build_full_case(make_case, caseworker)
    assert len(case_akter(second.case)) == 15


def test_consents_departures_exceptions_grants_and_follow_ups_are_akter(make_case, caseworker, grant_terms):
    from visitator.assessment import services as assessment
    from visitator.decisions import services as decisions
    from visitator.grants import services as grants

    case = make_case()
    consent = assessment.consent_record(
        user=caseworker, case=case, kind="consent_11a", on=clock.today(), scope="Egen læge og bostedet."
    )
    for rule_id, judgement in [
        ("reduced_function", "met"),
        ("social_problems", "not_met"),
        ("other_activities_cover_need", "does_not_apply"),
    ]:
        assessment.criterion_judge(
            user=caseworker, case=case, rule_id=rule_id, judgement=judgement, reason="x"
        )
    departure = assessment.departure_record(
        user=caseworker, case=case, subject="scope", reason="Borgeren har brug for flere dage end standarden."
    )
    info = decisions.hearing_information_add(
        user=caseworker,
        case=case,
        source="Udtalelse fra bostedet",
        summary="Har det godt.",
        received_on=clock.today(),
    )
    exception = decisions.hearing_exception_record(
        user=caseworker,
        case=case,
        information=info,
        ground="ubetaenkeligt",
        reason="Oplysningen er til gunst.",
    )
    decision = decisions.decision_make(
        user=caseworker,
        case=case,
        outcome="granted",
        applied_for="Aktivitets- og samværstilbud",
        legal_rules=["Serviceloven § 104"],
        grant_terms=grant_terms(),
    )
    grant = decision.grants.get()
    follow_up = grants.follow_up_record(
        user=caseworker,
        grant=grant,
        done_on=clock.today(),
        purpose_met=True,
        outcome="continue",
        notes="Formålet er opfyldt.",
        progress={grant.goals.get().pk: "Deltager fast."},
    )
    by_key = {a.key: a for a in case_akter(case)}
    consent_akt = by_key[f"consent:{consent.pk}"]
    assert (consent_akt.kind, consent_akt.title) == (
        "Samtykke",
        "Samtykke til at indhente oplysninger (RSL § 11 a)",
    )
    assert "Egen læge og bostedet." in consent_akt.text
    departure_akt = by_key[f"departure:{departure.pk}"]
    assert departure_akt.kind == "Afvigelse fra kvalitetsstandarden"
    assert "Borgeren har brug for flere dage end standarden." in departure_akt.text
    exception_akt = by_key[f"hearing-exception:{exception.pk}"]
    assert exception_akt.kind == "Undtagelse fra partshøring"
    assert "Forvaltningsloven § 19, stk. 2, nr. 1" in exception_akt.text
    assert "Oplysningen er til gunst." in exception_akt.text
    grant_akt = by_key[f"grant:{grant.pk}"]
    assert grant_akt.kind == "Bevilling" and grant_akt.title == f"Bevilling: {grant.offer.name}"
    assert "Omfang: 3 hele dage om ugen" in grant_akt.text
    assert "Deltager i fællesspisning tre gange om ugen" in grant_akt.text
    assert "Kørsel: Kommunens kørselsordning" in grant_akt.text
    follow_akt = by_key[f"follow-up:{follow_up.pk}"]
    assert follow_akt.kind == "Opfølgning"
    assert (
        "Formålet er fortsat opfyldt: ja" in follow_akt.text
        and "Resultat: Fortsæt indsatsen" in follow_akt.text
    )
    assert "• Deltager i fællesspisning tre gange om ugen: Deltager fast." in follow_akt.text
    decision_text = by_key[f"decision:{decision.pk}"].text
    assert "Afgørelse på ansøgning: Bevilget." in decision_text and "Bevilget:" in decision_text
    assert "Afvigelser fra kvalitetsstandarden:" in decision_text
    # Nothing from the logs is an akt.
    assert not [k for k in by_key if k.startswith(("event", "access"))]
