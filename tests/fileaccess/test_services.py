"""Requests for access to the file: register, notice, review and answer, against the real database."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from visitator.audit.models import AccessLog, Event
from visitator.casefile.models import CaseFileBundle
from visitator.cases import services as case_services
from visitator.cases.models import JournalNote
from visitator.core import clock
from visitator.fileaccess import services
from visitator.fileaccess.models import AccessAnswer, AccessRequest, AccessReviewItem
from visitator.fileaccess.review import review_rows
from visitator.letters.models import Letter
from visitator.organisation.roles import CASEWORKER
from visitator.people.services import representative_add

from .conftest import TODAY, at

pytestmark = pytest.mark.django_db


def choices_for(request, **decisions):
    """Release every akt, except those given by number: akt_2=("withhold", ground, reason[, extract])."""
    out = []
    for row in review_rows(request):
        spec = decisions.get(f"akt_{row.number}")
        if spec is None:
            out.append(services.AktChoice(row.akt.key, "release"))
        else:
            out.append(services.AktChoice(row.akt.key, *spec))
    return out


def whats(case):
    return list(AccessLog.objects.filter(case=case).values_list("action", "what"))


# -- registering ----------------------------------------------------------------------------------


def test_register_stores_the_notice_day_and_logs(akter_case, register, caseworker):
    request = register(akter_case.case)
    # Tue 1 Dec 2026 + 7 working days: Wed 2, Thu 3, Fri 4, Mon 7, Tue 8, Wed 9, Thu 10 December.
    assert request.notice_due_on == dt.date(2026, 12, 10)
    assert request.unit_id == akter_case.case.unit_id
    assert request.requester_name == akter_case.case.citizen.full_name
    assert ("create", "aktindsigt: anmodning") in whats(akter_case.case)
    event = Event.objects.get(case=akter_case.case, kind="fileaccess.request_registered")
    assert event.after["notice_due_on"] == "2026-12-10"


def test_an_oral_request_is_written_down_as_a_journal_note(akter_case, register):
    with pytest.raises(ValidationError, match="Skriv et notat om den mundtlige anmodning"):
        register(akter_case.case, channel="oral")
    register(akter_case.case, channel="oral", note="Borgeren ringede og bad om at se lægeerklæringen.")
    note = JournalNote.objects.filter(case=akter_case.case).latest("at")
    assert "Mundtlig anmodning om aktindsigt" in note.text and "lægeerklæringen" in note.text


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"received_on": TODAY + dt.timedelta(days=1)}, "Datoen kan ikke ligge i fremtiden"),
        ({"received_on": dt.date(2026, 10, 1)}, "kan ikke være modtaget før sagen"),
        ({"scope": "specific"}, "Skriv, hvilke dokumenter borgeren beder om"),
        ({"channel": "fax"}, "Vælg, om anmodningen er skriftlig eller mundtlig"),
        ({"requester": "representative"}, "Vælg en repræsentant med fuldmagt eller en værge"),
    ],
)
def test_bad_input_is_refused_in_danish_and_nothing_is_stored(akter_case, register, fields, message):
    with pytest.raises(ValidationError, match=message):
        register(akter_case.case, **fields)
    assert not AccessRequest.objects.exists()


def test_a_relative_without_power_of_attorney_cannot_ask(akter_case, register, caseworker):
    citizen = akter_case.case.citizen
    relative = representative_add(
        user=caseworker,
        citizen=citizen,
        kind="paaroerende",
        name="Ole Jensen",
        valid_from=dt.date(2026, 1, 1),
    )
    with pytest.raises(ValidationError, match="En pårørende uden fuldmagt er ikke part i sagen"):
        register(akter_case.case, requester="representative", representative=relative)
    attorney = representative_add(
        user=caseworker,
        citizen=citizen,
        kind="fuldmagt",
        name="Advokat Lise Holm",
        address_line="Torvet 1",
        postcode="9600",
        city="Aars",
        valid_from=dt.date(2026, 11, 1),
        power_of_attorney_received=dt.date(2026, 11, 1),
    )
    request = register(akter_case.case, requester="representative", representative=attorney)
    assert request.requester_name == "Advokat Lise Holm"


def test_the_same_form_sent_twice_registers_one_request(akter_case, register):
    token = uuid.uuid4()
    register(akter_case.case, submission=token)
    with pytest.raises(ValidationError, match="Anmodningen er allerede registreret"):
        register(akter_case.case, submission=token)
    assert AccessRequest.objects.count() == 1


def test_only_a_caseworker_of_the_municipality_registers(akter_case, register, other_caseworker, team_leader):
    with pytest.raises(PermissionDenied, match="^$"):  # another municipality: no message
        register(akter_case.case, user=other_caseworker)
    with pytest.raises(PermissionDenied, match="Du har ikke adgang til denne funktion"):
        register(akter_case.case, user=team_leader)
    assert not AccessRequest.objects.exists()


# -- the notice -----------------------------------------------------------------------------------


def test_notice_sends_a_letter_with_the_reason_and_the_date(akter_case, register, caseworker):
    request = register(akter_case.case)
    notice = services.access_notice_send(
        user=caseworker, request=request, expected_on=dt.date(2026, 12, 18), reason="Lægen har ikke svaret."
    )
    letter = notice.letter
    assert letter.kind == "access_notice" and letter.case_id == akter_case.case.id
    request.refresh_from_db()
    assert request.expected_answer_on == dt.date(2026, 12, 18)
    assert ("create", "aktindsigt: besked om svarfrist") in whats(akter_case.case)


def test_notice_needs_a_later_date_and_a_reason_and_is_sent_once(akter_case, register, caseworker):
    request = register(akter_case.case)
    with pytest.raises(ValidationError, match="Datoen for svaret skal ligge efter i dag"):
        services.access_notice_send(user=caseworker, request=request, expected_on=TODAY, reason="x")
    with pytest.raises(ValidationError, match="Skriv, hvorfor anmodningen ikke kan besvares"):
        services.access_notice_send(
            user=caseworker, request=request, expected_on=dt.date(2026, 12, 18), reason=" "
        )
    services.access_notice_send(
        user=caseworker, request=request, expected_on=dt.date(2026, 12, 18), reason="x"
    )
    with pytest.raises(
        ValidationError, match="Borgeren har allerede fået besked om svar senest 18. december"
    ):
        services.access_notice_send(
            user=caseworker, request=request, expected_on=dt.date(2026, 12, 18), reason="x"
        )
    assert Letter.objects.filter(kind="access_notice").count() == 1
    # A later date is a new notice (the case needs more time).
    services.access_notice_send(user=caseworker, request=request, expected_on=dt.date(2027, 1, 8), reason="y")
    assert Letter.objects.filter(kind="access_notice").count() == 2


# -- the review -----------------------------------------------------------------------------------


def test_review_is_prefilled_from_the_case_akter_and_resumable(akter_case, register, caseworker):
    request = register(akter_case.case)
    rows = review_rows(request)
    assert [row.akt.key for row in rows] == [
        f"letter:{akter_case.receipt.id}",
        f"note:{akter_case.note.pk}",
        f"document:{akter_case.document.id}",
    ]
    assert [row.decision for row in rows] == ["release"] * 3 and not any(row.saved for row in rows)
    review = services.access_review_save(
        user=caseworker,
        request=request,
        version=0,
        choices=choices_for(request, akt_2=("withhold", "fvl_12", "Internt arbejdsdokument.")),
    )
    assert review.version == 1
    request = AccessRequest.objects.get(pk=request.pk)
    rows = review_rows(request)
    assert [(row.decision, row.ground, row.saved) for row in rows] == [
        ("release", "", True),
        ("withhold", "fvl_12", True),
        ("release", "", True),
    ]
    assert ("change", "aktindsigt: gennemgang") in whats(akter_case.case)


def test_a_stale_save_does_not_overwrite_another_caseworkers_review(
    akter_case, register, caseworker, make_user, unit
):
    colleague = make_user(CASEWORKER, unit, "karl")
    request = register(akter_case.case)
    # Both open version 0. The colleague saves first.
    services.access_review_save(
        user=colleague,
        request=request,
        version=0,
        choices=choices_for(request, akt_2=("withhold", "fvl_12", "Internt notat.")),
    )
    with pytest.raises(
        ValidationError,
        match="Gennemgangen er gemt af Test sagsbehandler 1. december 2026 kl. 09:00, efter at du åbnede den",
    ):
        services.access_review_save(user=caseworker, request=request, version=0, choices=choices_for(request))
    assert AccessReviewItem.objects.get(akt_key=f"note:{akter_case.note.pk}").decision == "withhold"


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        (("withhold", "", "Internt."), "vælg det retsgrundlag i forvaltningsloven"),
        (("withhold", "fvl_99", "Internt."), "vælg det retsgrundlag i forvaltningsloven"),
        (("withhold", "fvl_12", ""), "skriv, hvorfor akten undtages"),
        (("partial", "fvl_15a", "Andre personers forhold.", ""), "skriv det uddrag \\(ekstrakt\\)"),
        (("not_requested",), "borgeren har bedt om hele sagen"),
        (("maybe",), "vælg, om akten udleveres eller undtages"),
    ],
)
def test_withholding_needs_a_ground_a_reason_and_an_extract(akter_case, register, caseworker, spec, message):
    request = register(akter_case.case)
    with pytest.raises(ValidationError, match=message):
        services.access_review_save(
            user=caseworker, request=request, version=0, choices=choices_for(request, akt_2=spec)
        )
    assert not AccessReviewItem.objects.exists()


# -- the answer -----------------------------------------------------------------------------------


def test_full_access_sends_the_letter_and_the_bundle(akter_case, register, caseworker):
    request = register(akter_case.case)
    services.access_review_save(user=caseworker, request=request, version=0, choices=choices_for(request))
    answer = services.access_answer_send(user=caseworker, request=request, version=1)
    assert answer.outcome == "full"
    assert answer.letter.kind == "access_answer" and answer.letter.complaint_deadline is None
    bundle = CaseFileBundle.objects.get(id=answer.bundle_id)
    assert bundle.purpose == "access" and bundle.case_id == akter_case.case.id
    assert [row["withheld"] for row in bundle.aktliste] == ["", "", ""]
    request.refresh_from_db()
    assert request.answered_on == TODAY
    assert ("export", "aktindsigt: udlevering") in whats(akter_case.case)
    assert [entry["decision"] for entry in answer.aktliste] == ["release"] * 3


def test_withheld_akt_makes_a_partial_refusal_with_reasons_and_guidance(akter_case, register, caseworker):
    request = register(akter_case.case)
    services.access_review_save(
        user=caseworker,
        request=request,
        version=0,
        choices=choices_for(
            request,
            akt_2=("withhold", "fvl_12", "Notatet er et internt arbejdsdokument."),
            akt_3=(
                "partial",
                "fvl_15a",
                "Lægen nævner en anden patient.",
                "Borgeren har brug for faste rammer.",
            ),
        ),
    )
    answer = services.access_answer_send(user=caseworker, request=request, version=1)
    assert answer.outcome == "partial"
    bundle = CaseFileBundle.objects.get(id=answer.bundle_id)
    assert [(row["withheld"], row["ground"][:25]) for row in bundle.aktliste] == [
        ("", ""),
        ("helt", "Forvaltningsloven § 12 (i"),
        ("delvist", "Forvaltningsloven § 15 a "),
    ]
    event = Event.objects.get(case=akter_case.case, kind="fileaccess.answered")
    assert event.after["outcome"] == "partial" and event.after["bundle"] == str(bundle.id)


def test_everything_withheld_is_a_refusal(akter_case, register, caseworker):
    request = register(akter_case.case)
    withhold = ("withhold", "fvl_12", "Internt.")
    services.access_review_save(
        user=caseworker,
        request=request,
        version=0,
        choices=choices_for(request, akt_1=withhold, akt_2=withhold, akt_3=withhold),
    )
    answer = services.access_answer_send(user=caseworker, request=request, version=1)
    assert answer.outcome == "refused" and answer.letter.subject == "Afslag på aktindsigt i din sag"
    # Nothing is handed over: no bundle; the letter's aktliste gives each akt's ground.
    assert answer.bundle_id is None and not CaseFileBundle.objects.exists()


def test_specific_request_lists_unasked_akter_without_giving_them(akter_case, register, caseworker):
    request = register(akter_case.case, scope="specific", documents="Lægeerklæringen")
    services.access_review_save(
        user=caseworker,
        request=request,
        version=0,
        choices=choices_for(request, akt_1=("not_requested",), akt_2=("not_requested",)),
    )
    answer = services.access_answer_send(user=caseworker, request=request, version=1)
    assert answer.outcome == "full"
    bundle = CaseFileBundle.objects.get(id=answer.bundle_id)
    assert [row["number"] for row in bundle.aktliste] == [3]


def test_the_answer_is_sent_once(akter_case, register, caseworker):
    request = register(akter_case.case)
    services.access_review_save(user=caseworker, request=request, version=0, choices=choices_for(request))
    services.access_answer_send(user=caseworker, request=request, version=1)
    with pytest.raises(ValidationError, match="Anmodningen om aktindsigt blev besvaret den 1. december 2026"):
        services.access_answer_send(user=caseworker, request=request, version=1)
    assert AccessAnswer.objects.count() == 1
    assert Letter.objects.filter(kind="access_answer").count() == 1
    assert CaseFileBundle.objects.filter(purpose="access").count() == 1
    with pytest.raises(ValidationError, match="blev besvaret"):
        services.access_review_save(user=caseworker, request=request, version=1, choices=choices_for(request))


def test_the_answer_needs_a_saved_review_of_every_akt(akter_case, register, caseworker):
    request = register(akter_case.case)
    with pytest.raises(ValidationError, match="Gennemgå sagens akter, og gem gennemgangen"):
        services.access_answer_send(user=caseworker, request=request, version=0)
    services.access_review_save(user=caseworker, request=request, version=0, choices=choices_for(request))
    with clock.frozen(at(TODAY, 10)):
        case_services.journal_note_add(user=caseworker, case=akter_case.case, text="Nyt notat.")
    with pytest.raises(
        ValidationError, match="Akt 4 \\(Notat\\) er kommet i sagen, efter at gennemgangen blev gemt"
    ):
        services.access_answer_send(user=caseworker, request=request, version=1)
    with pytest.raises(ValidationError, match="Gennemgangen er gemt af Test sagsbehandler"):
        services.access_answer_send(user=caseworker, request=request, version=0)
    assert not AccessAnswer.objects.exists() and not Letter.objects.filter(kind="access_answer").exists()


def test_a_representatives_request_is_answered_to_the_representative(akter_case, register, caseworker):
    attorney = representative_add(
        user=caseworker,
        citizen=akter_case.case.citizen,
        kind="fuldmagt",
        name="Advokat Lise Holm",
        address_line="Torvet 1",
        postcode="9600",
        city="Aars",
        valid_from=dt.date(2026, 11, 1),
        power_of_attorney_received=dt.date(2026, 11, 1),
    )
    request = register(akter_case.case, requester="representative", representative=attorney)
    services.access_review_save(user=caseworker, request=request, version=0, choices=choices_for(request))
    answer = services.access_answer_send(user=caseworker, request=request, version=1)
    assert answer.letter.recipient_name == "Advokat Lise Holm"
    assert answer.letter.on_behalf_of == akter_case.case.citizen.full_name
    assert answer.letter.channel == "physical"


def test_notices_and_answers_are_append_only(akter_case, register, caseworker):
    from visitator.core.append_only import AppendOnlyError
    from visitator.fileaccess.models import AccessNotice

    request = register(akter_case.case)
    notice = services.access_notice_send(
        user=caseworker, request=request, expected_on=dt.date(2026, 12, 18), reason="Lægen har ikke svaret."
    )
    with pytest.raises(AppendOnlyError, match="AccessNotice er kun til tilføjelse"):
        notice.save()
    with pytest.raises(AppendOnlyError, match="kan ikke slettes"):
        AccessNotice.objects.all().delete()
