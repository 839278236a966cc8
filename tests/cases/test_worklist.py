"""The case worklist: three sorts with keyset pagination, the next action per case, a pinned query count."""

from __future__ import annotations

import base64
import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from visitator.assessment import services as assessment
from visitator.cases import extensions, selectors
from visitator.cases.extensions import NextAction
from visitator.core import clock
from visitator.people.services import citizen_update

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 2)
LAST_NAMES = ["Østergaard", "Andersen", "Bech", "Andersen", "Åberg", "Krogh", "Dahl"]


@pytest.fixture
def cw_client(client, caseworker):
    client.force_login(caseworker)
    return client


def judge_all(case, user):
    for rule, judgement, reason in [
        ("reduced_function", "met", "Udviklingshæmning."),
        ("social_problems", "not_met", "Ingen."),
        ("other_activities_cover_need", "does_not_apply", "Kan ikke deltage uden støtte."),
    ]:
        assessment.criterion_judge(user=user, case=case, rule_id=rule, judgement=judgement, reason=reason)


def prepared(case, user):
    """A case with its udredning saved and every criterion judged: ready for a decision."""
    assessment.assessment_save(user=user, case=case, ratings={}, descriptions={})
    judge_all(case, user)
    case.refresh_from_db()
    return case


def all_pages(user, *, sort, scope="mine", status="awaiting", limit=4):
    rows, after = [], None
    while True:
        page = selectors.worklist(user=user, scope=scope, status=status, sort=sort, after=after, limit=limit)
        rows.extend(page.rows)
        if not page.next_cursor:
            return rows
        after = page.next_cursor


# -- sorts and keyset pagination -----------------------------------------------------------------


@pytest.fixture
def ten_cases(make_case, make_citizen):
    with clock.frozen(TODAY):
        return [
            make_case(
                received_on=TODAY - dt.timedelta(days=(i * 7) % 30),
                citizen=make_citizen(first_name=f"Person{i}", last_name=LAST_NAMES[i % len(LAST_NAMES)]),
            )
            for i in range(10)
        ]


@pytest.mark.parametrize(
    ("sort", "key"),
    [
        ("frist", lambda c: (c.decision_deadline, c.id)),
        ("modtaget", lambda c: (c.received_on, c.id)),
        ("borger", lambda c: (c.citizen_sort_name, c.id)),
    ],
)
def test_every_sort_pages_through_every_case_once_in_order(ten_cases, caseworker, sort, key):
    with clock.frozen(TODAY):
        rows = all_pages(caseworker, sort=sort)
    shown = [row.case for row in rows]
    assert len(shown) == 10 and {c.id for c in shown} == {c.id for c in ten_cases}
    assert [key(c) for c in shown] == sorted(key(c) for c in shown)


def test_the_citizen_sort_is_by_last_name_then_first_name(make_case, make_citizen, caseworker):
    make_case(citizen=make_citizen(first_name="Bo", last_name="Bech"))
    make_case(citizen=make_citizen(first_name="Anna", last_name="Bech"))
    make_case(citizen=make_citizen(first_name="Carl", last_name="Andersen"))
    rows = all_pages(caseworker, sort="borger", limit=2)
    assert [r.case.citizen.full_name for r in rows] == ["Carl Andersen", "Anna Bech", "Bo Bech"]


def test_the_citizen_cursor_carries_no_name(ten_cases, caseworker):
    with clock.frozen(TODAY):
        page = selectors.worklist(user=caseworker, sort="borger", limit=3)
    raw = base64.urlsafe_b64decode(page.next_cursor + "=" * (-len(page.next_cursor) % 4)).decode()
    assert str(page.rows[-1].case.id) in raw
    assert not any(name.casefold() in raw.casefold() for name in LAST_NAMES)


def test_a_renamed_citizen_moves_in_the_citizen_sort(make_case, make_citizen, caseworker):
    first = make_case(citizen=make_citizen(first_name="Anna", last_name="Andersen"))
    make_case(citizen=make_citizen(first_name="Bo", last_name="Bech"))
    citizen_update(
        user=caseworker,
        citizen=first.citizen,
        version=first.citizen.version,
        first_name="Anna",
        last_name="Øster",
    )
    first.refresh_from_db()
    assert first.citizen_sort_name == "øster anna"
    rows = all_pages(caseworker, sort="borger")
    assert [r.case.citizen.last_name for r in rows] == ["Bech", "Øster"]


def test_the_sort_is_chosen_on_the_page_and_kept_in_the_more_link(cw_client, ten_cases):
    with clock.frozen(TODAY):
        response = cw_client.get(reverse("cases:worklist") + "?sortering=modtaget")
    body = response.content.decode()
    assert response.context["page"].sort == "modtaget"
    assert '<option value="modtaget" selected>' in body
    assert "Sager sorteret efter modtagelsesdato, ældste først" in body
    received = [row.case.received_on for row in response.context["page"].rows]
    assert received == sorted(received)


def test_a_cursor_of_another_sort_starts_the_list_again(cw_client, ten_cases, caseworker):
    with clock.frozen(TODAY):
        page = selectors.worklist(user=caseworker, sort="borger", limit=3)
        response = cw_client.get(reverse("cases:worklist") + f"?sortering=frist&efter={page.next_cursor}")
    assert response.status_code == 302
    assert "sortering=frist" in response["Location"] and "efter" not in response["Location"]


def test_the_cursor_of_another_municipalitys_case_is_refused(other_caseworker, ten_cases):
    token = selectors.encode_case_cursor(ten_cases[0].id)
    with pytest.raises(selectors.BadCursor, match="unknown case"):
        selectors.worklist(user=other_caseworker, sort="borger", after=token)


# -- the next action -----------------------------------------------------------------------------


def action_of(client, case, query=""):
    response = client.get(reverse("cases:worklist") + query)
    [row] = [r for r in response.context["page"].rows if r.case.id == case.id]
    return row.action, response.content.decode()


def test_a_new_application_is_to_be_assessed(cw_client, make_case):
    case = make_case()
    action, body = action_of(cw_client, case)
    assert action.label == "Vurder"
    assert action.detail == "Udredningen mangler; 3 kriterier er ikke vurderet"
    assert action.url == reverse("assessment:edit", args=[case.id])
    assert f'href="{action.url}" class="next-action">Vurder</a>' in body


def test_criteria_not_judged_are_counted(cw_client, make_case, caseworker):
    case = make_case()
    assessment.assessment_save(user=caseworker, case=case, ratings={}, descriptions={})
    assessment.criterion_judge(
        user=caseworker, case=case, rule_id="reduced_function", judgement="met", reason="Ja."
    )
    action, _body = action_of(cw_client, case)
    assert (action.label, action.detail) == ("Vurder", "2 kriterier er ikke vurderet")
    assert action.url == reverse("assessment:standard", args=[case.id])


def test_an_assessed_case_is_to_be_decided(cw_client, make_case, caseworker):
    case = prepared(make_case(), caseworker)
    action, _body = action_of(cw_client, case)
    assert action.label == "Afgør" and action.url == reverse("decisions:decide", args=[case.id])


def test_information_not_heard_comes_before_the_decision(cw_client, make_case, caseworker):
    from visitator.decisions import services as decisions

    case = prepared(make_case(), caseworker)
    for source in ("Egen læge", "Bostøtten"):
        decisions.hearing_information_add(
            user=caseworker, case=case, source=source, summary="Udtalelse.", received_on=clock.today()
        )
    decisions.hearing_information_add(
        user=caseworker,
        case=case,
        source="Borgeren selv",
        summary="Ansøgningen.",
        received_on=clock.today(),
        citizen_knows=True,
    )
    action, _body = action_of(cw_client, case)
    assert (action.label, action.detail) == ("Hør borgeren", "2 oplysninger er ikke sendt i partshøring")
    assert action.url == reverse("decisions:hearing", args=[case.id])


def test_while_the_hearing_runs_the_answer_is_awaited_then_the_case_is_decided(
    cw_client, make_case, caseworker
):
    from visitator.decisions import services as decisions

    with clock.frozen(TODAY):
        case = prepared(make_case(received_on=TODAY), caseworker)
        info = decisions.hearing_information_add(
            user=caseworker, case=case, source="Egen læge", summary="Udtalelse.", received_on=TODAY
        )
        decisions.hearing_send(
            user=caseworker,
            case=case,
            information=[info],
            planned_decision="Afslag.",
            response_deadline=dt.date(2026, 3, 16),
        )
        action, _body = action_of(cw_client, case)
    assert (action.label, action.detail) == ("Afvent svar", "Svarfrist i partshøringen 16.03.2026")
    with clock.frozen(dt.date(2026, 3, 17)):
        action, _body = action_of(cw_client, case)
    assert action.label == "Afgør"


def test_an_active_grant_shows_its_next_follow_up_instead_of_an_empty_deadline(
    cw_client, make_case, caseworker, grant_terms
):
    from visitator.decisions import services as decisions

    case = prepared(make_case(), caseworker)
    decision = decisions.decision_make(
        user=caseworker,
        case=case,
        outcome="granted",
        applied_for="Aktivitets- og samværstilbud",
        legal_rules=["Serviceloven § 104"],
        grant_terms=grant_terms(),
    )
    grant = decision.grants.get()
    case.refresh_from_db()
    assert case.status == "active"
    action, body = action_of(cw_client, case, "?status=active")
    assert action.label == "Følg op" and action.due_on == grant.next_follow_up_on
    assert action.url == reverse("grants:case", args=[case.id])
    assert f"Opfølgning senest {grant.next_follow_up_on:%d.%m.%Y}" in body
    assert "Ingen frist løber" not in body


def test_a_closed_case_has_no_next_action(cw_client, make_case, caseworker):
    from visitator.cases import services

    case = services.case_transition(
        user=caseworker, case=make_case(), to_status="withdrawn", reason="Borgeren trak ansøgningen."
    )
    action, body = action_of(cw_client, case, "?status=withdrawn")
    assert action is None


def test_apps_above_cases_add_their_own_next_action_and_the_most_urgent_wins(
    cw_client, make_case, monkeypatch
):
    """How complaints ("Besvar klage") and letter drafts ("Send udkast") plug in."""
    complained, other = make_case(), make_case()
    calls = []

    def complaints(cases, today):
        calls.append(len(cases))
        return {
            complained.id: NextAction(
                extensions.RANK_ANSWER_COMPLAINT, "Besvar klage", "Genvurdering senest 30.03.2026", "/klage/"
            )
        }

    monkeypatch.setattr(extensions, "_next_action_sources", [*extensions._next_action_sources])
    extensions.register_next_action_source(complaints)
    response = cw_client.get(reverse("cases:worklist"))
    actions = {row.case.id: row.action for row in response.context["page"].rows}
    assert actions[complained.id].label == "Besvar klage"
    assert actions[other.id].label == "Vurder"
    assert calls == [2]  # once for the whole page


# -- no N+1 --------------------------------------------------------------------------------------


#: What the apps above `cases` add to a worklist page, each a fixed number whatever the page holds:
#: the drafts panel (1) and the drafts' next actions (1) of decisions, the complaints panel (a
#: savepoint pair and its query: 3), the access-to-the-file panel (1), and the count of unread
#: reminders (Påmindelser, jobs) in the header (1).
PANELS_AND_SOURCES = 1 + 1 + 3 + 1 + 1


def _mixed_cases(count, make_case, caseworker):
    from visitator.decisions import services as decisions

    cases = []
    for i in range(count):
        case = make_case(received_on=TODAY - dt.timedelta(days=i % 20))
        if i % 3 == 1:
            case = prepared(case, caseworker)
        if i % 3 == 2:
            decisions.hearing_information_add(
                user=caseworker, case=case, source="Egen læge", summary="Udtalelse.", received_on=TODAY
            )
        cases.append(case)
    return cases


def test_a_list_of_active_grants_costs_one_query_for_their_follow_ups(
    cw_client, make_case, caseworker, grant_terms
):
    from visitator.decisions import services as decisions

    def grant():
        decisions.decision_make(
            user=caseworker,
            case=prepared(make_case(), caseworker),
            outcome="granted",
            applied_for="Aktivitets- og samværstilbud",
            legal_rules=["Serviceloven § 104"],
            grant_terms=grant_terms(),
        )

    grant()
    cw_client.get(reverse("cases:worklist") + "?status=active")
    with CaptureQueriesContext(connection) as one:
        cw_client.get(reverse("cases:worklist") + "?status=active")
    grant()
    grant()
    with CaptureQueriesContext(connection) as three:
        page = cw_client.get(reverse("cases:worklist") + "?status=active")
    assert [row.action.label for row in page.context["page"].rows] == ["Følg op"] * 3
    # 9, plus the panels and next actions of the apps above `cases` (PANELS_AND_SOURCES).
    assert len(one.captured_queries) == len(three.captured_queries) <= 9 + PANELS_AND_SOURCES


@pytest.mark.parametrize("sort", ["frist", "modtaget", "borger"])
def test_a_page_costs_the_same_queries_for_5_or_25_cases(cw_client, make_case, caseworker, sort):
    with clock.frozen(TODAY):
        _mixed_cases(5, make_case, caseworker)
        cw_client.get(reverse("cases:worklist"))  # the standard's rules are read once per process
        with CaptureQueriesContext(connection) as few:
            assert cw_client.get(reverse("cases:worklist") + f"?sortering={sort}").status_code == 200
        _mixed_cases(25, make_case, caseworker)
        with CaptureQueriesContext(connection) as many:
            page = cw_client.get(reverse("cases:worklist") + f"?sortering={sort}")
        assert len(page.context["page"].rows) == selectors.PAGE_SIZE
        with CaptureQueriesContext(connection) as more:
            cw_client.get(
                reverse("cases:worklist") + f"?sortering={sort}&efter={page.context['page'].next_cursor}",
                HTTP_HX_REQUEST="true",
            )
    assert len(few.captured_queries) == len(many.captured_queries)
    # Session, user, roles, membership, the page, 3 next-action queries (udredning, criteria, hearing;
    # a grant's follow-up is asked only for decided cases), the access-log insert and its savepoint
    # pair: 11, plus the panels and next actions of the apps above `cases` (PANELS_AND_SOURCES).
    # "Show more": no panels, +1 for the citizen cursor's key.
    assert len(many.captured_queries) <= 11 + PANELS_AND_SOURCES, [
        q["sql"][:80] for q in many.captured_queries
    ]
    assert len(more.captured_queries) <= len(many.captured_queries) + (1 if sort == "borger" else 0)
