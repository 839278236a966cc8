"""The lists the assessment uses: content, order, version handling, and their cost in queries."""

from __future__ import annotations

import dataclasses
import uuid

import pytest

from visitator.ffb import selectors
from visitator.ffb.loader import DATA_DIR
from visitator.ffb.models import CodeSystemVersion
from visitator.ffb.selectors import Term, UnknownConcept
from visitator.ffb.services import ffb_load

pytestmark = pytest.mark.django_db

FILE_2020 = DATA_DIR / "ffb_codesystem_20200908.csv"
DRIKKE = "14615a09-bd94-4602-b43a-f6d3d3f9801d"  # Egenomsorg > Drikke
UDVIKLE = "d41c8072-52f8-42b5-9375-ddbea454d27f"  # Måltype > Udvikle funktionsevne
OMGIVELSESFAKTORER_2024 = "a56d59c0-c8fd-468c-85f9-b67f66561b90"  # new in 2024

LISTS = [
    selectors.function_levels,
    selectors.rated_areas,
    selectors.described_areas,
    selectors.support_levels,
    selectors.goal_types,
    selectors.target_groups,
    selectors.effort_statuses,
]


def displays(terms: list[Term] | tuple[Term, ...]) -> list[str]:
    return [term.display for term in terms]


def test_function_levels_are_in_severity_order() -> None:
    assert displays(selectors.function_levels()) == [
        "Ingen nedsat funktionsevne",
        "Let nedsat funktionsevne",
        "Moderat nedsat funktionsevne",
        "Svært nedsat funktionsevne",
        "Fuldstændig nedsat funktionsevne",
        "Ikke vurderet",
    ]


def test_support_levels_are_in_order() -> None:
    assert displays(selectors.support_levels()) == [
        "Intet støttebehov",
        "Let støttebehov",
        "Moderat støttebehov",
        "Højt støttebehov",
        "Fuldstændigt støttebehov",
        "Ikke vurderet",
    ]


def test_goal_types_and_effort_statuses() -> None:
    assert displays(selectors.goal_types()) == [
        "Udvikle funktionsevne",
        "Fastholde funktionsevne",
        "Begrænse tab af funktionsevne",
    ]
    assert displays(selectors.effort_statuses()) == [
        "Træf afgørelse om fortsættelse af indsats",
        "Træf afgørelse om afslutning af indsats",
        "Træf afgørelse om afslutning af indsats og visiter til ny",
    ]


def test_described_areas_in_2024_end_with_omgivelser() -> None:
    areas = selectors.described_areas()
    assert displays(areas) == [
        "Mentale funktioner",
        "Fysiske funktioner",
        "Sundhedsforhold",
        "Sociale forhold",
        "Omgivelser",
    ]
    assert areas[-1].path == "FFB tilstande > Omgivelsesfaktorer > Omgivelser"
    assert displays(areas[-1].children) == ["Boligområde", "Holdninger i omgivelserne", "Personer i netværk"]
    assert len(areas[0].children) == 12


def test_described_areas_in_2020_take_omgivelsesfaktorer_directly_under_ffb_tilstande() -> None:
    old = ffb_load(path=FILE_2020, make_current=False)
    areas = selectors.described_areas(old)
    assert displays(areas)[:4] == [
        "Mentale funktioner",
        "Fysiske funktioner",
        "Sundhedsforhold",
        "Sociale forhold",
    ]
    surroundings = areas[-1]
    assert surroundings.display == "Omgivelsesfaktorer"
    assert surroundings.path == "FFB tilstande > Omgivelsesfaktorer"
    assert surroundings.code == selectors.concept("7445fb2b-0009-43d9-b49b-1b9782f2fcd9").code
    assert len(surroundings.children) == 3
    assert [area.code for area in areas] == [area.code for area in selectors.described_areas()]


def test_target_groups_are_the_malgruppe_tree() -> None:
    groups = selectors.target_groups()
    assert displays(groups) == ["Socialt problem", "Funktionsnedsættelse"]
    social = groups[0]
    assert displays(social.children)[-1] == "Andet socialt problem"  # the catch-all last
    misbrug = next(term for term in social.children if term.display == "Misbrug")
    assert displays(misbrug.children) == ["Alkoholmisbrug", "Stofmisbrug"]
    disability = groups[1]
    psychic = next(term for term in disability.children if term.display == "Psykisk funktionsnedsættelse")
    cognitive = next(
        term for term in psychic.children if term.display == "Intellektuel/kognitiv forstyrrelse"
    )
    assert "Demens" in displays(cognitive.children)


def test_other_lists_are_in_danish_alphabetical_order() -> None:
    mobility = selectors.rated_areas()[2]
    assert displays(mobility.children) == [
        "Bære, flytte og håndtere genstande",
        "Færdes med transportmidler",
        "Gå og bevæge sig",
        "Ændre og opretholde kropsstilling",
    ]


def test_terms_are_frozen_and_carry_code_path_and_definition() -> None:
    [first, *_] = selectors.function_levels()
    assert first == Term(
        code="b508ff66-6326-4862-a6d7-7bbf184c9823",
        display="Ingen nedsat funktionsevne",
        path="Funktionsevneniveau > Ingen nedsat funktionsevne",
        definition=first.definition,
        children=(),
    )
    uuid.UUID(first.code)
    with pytest.raises(dataclasses.FrozenInstanceError, match="cannot assign to field"):
        first.display = "x"  # type: ignore[misc]
    # Callers get their own list: changing it does not change the cache.
    levels = selectors.function_levels()
    levels.clear()
    assert len(selectors.function_levels()) == 6


def test_concept_finds_a_code_with_its_subtree() -> None:
    egenomsorg = selectors.concept("da3f488f-1742-4d00-b247-a7d47500b36b")
    assert egenomsorg.display == "Egenomsorg"
    assert len(egenomsorg.children) == 9
    assert selectors.concept(uuid.UUID(DRIKKE)).display == "Drikke"
    assert selectors.concept(DRIKKE.upper()).code == DRIKKE
    scale = selectors.concept("e89d317c-4657-4970-b614-ada2ed220595")
    assert scale.children == tuple(selectors.function_levels())


def test_an_unknown_code_raises_unknown_concept() -> None:
    with pytest.raises(UnknownConcept, match="00000000-0000-0000-0000-000000000000"):
        selectors.concept("00000000-0000-0000-0000-000000000000")
    with pytest.raises(UnknownConcept, match="ikke-en-kode"):
        selectors.concept("ikke-en-kode")
    old = ffb_load(path=FILE_2020, make_current=False)
    assert selectors.concept(OMGIVELSESFAKTORER_2024).display == "Omgivelsesfaktorer"
    with pytest.raises(UnknownConcept, match="20200908"):
        selectors.concept(OMGIVELSESFAKTORER_2024, version=old)


def test_is_under_accepts_a_sub_area_and_refuses_a_goal_type() -> None:
    assert selectors.is_under(DRIKKE, selectors.RATED)
    assert selectors.is_under(DRIKKE, f"{selectors.RATED} > Egenomsorg")
    assert not selectors.is_under(DRIKKE, f"{selectors.RATED} > Mobilitet")
    assert not selectors.is_under(UDVIKLE, selectors.RATED)
    assert selectors.is_under(UDVIKLE, selectors.GOAL_TYPE)
    # The list's own root is not a member, nor is a look-alike prefix or a bad code.
    assert not selectors.is_under("da3f488f-1742-4d00-b247-a7d47500b36b", f"{selectors.RATED} > Egenomsorg")
    assert not selectors.is_under(DRIKKE, f"{selectors.RATED} > Egen")
    assert not selectors.is_under("ikke-en-kode", selectors.RATED)


@pytest.mark.parametrize("selector", LISTS, ids=lambda selector: selector.__name__)
def test_each_list_costs_one_query_and_none_when_cached(selector, django_assert_num_queries) -> None:
    with django_assert_num_queries(1):
        first = selector()
    assert first
    with django_assert_num_queries(0):
        assert selector() == first


@pytest.mark.parametrize("selector", LISTS, ids=lambda selector: selector.__name__)
def test_each_list_for_a_given_version_costs_one_query(
    selector, bundled: CodeSystemVersion, django_assert_num_queries
) -> None:
    old = ffb_load(path=FILE_2020, make_current=False)
    for version in (bundled, old):
        with django_assert_num_queries(1):
            first = selector(version)
        with django_assert_num_queries(0):
            assert selector(version) == first


def test_the_current_version_is_learnt_from_a_list_query(django_assert_num_queries) -> None:
    with django_assert_num_queries(1):
        selectors.rated_areas()
    with django_assert_num_queries(1):
        selectors.goal_types()  # another list: its own query, but no extra one for the version
    with django_assert_num_queries(0):
        assert selectors.current_version().version == "20240530"


def test_concept_and_is_under_share_one_query_per_version(django_assert_num_queries) -> None:
    with django_assert_num_queries(1):
        selectors.concept(DRIKKE)
    with django_assert_num_queries(0):
        assert selectors.is_under(DRIKKE, selectors.RATED)
        assert not selectors.is_under(UDVIKLE, selectors.RATED)
        selectors.concept(UDVIKLE)


def test_loading_a_new_current_version_clears_the_cache(django_assert_num_queries) -> None:
    assert selectors.described_areas()[-1].display == "Omgivelser"
    ffb_load(path=FILE_2020)
    with django_assert_num_queries(1):
        assert selectors.described_areas()[-1].display == "Omgivelsesfaktorer"
    assert selectors.current_version().version == "20200908"
    with pytest.raises(UnknownConcept, match="findes ikke i FFB version 20200908"):
        selectors.concept(OMGIVELSESFAKTORER_2024)


def test_the_current_version_is_read_again_after_the_ttl(monkeypatch: pytest.MonkeyPatch) -> None:
    """Another process may switch versions; this one follows after CURRENT_TTL seconds."""
    old = ffb_load(path=FILE_2020, make_current=False)
    selectors.function_levels()
    CodeSystemVersion.objects.update(is_current=False)  # what another process's load would do
    CodeSystemVersion.objects.filter(pk=old.pk).update(is_current=True)
    assert selectors.current_version().version == "20240530"  # still trusted
    now = selectors._monotonic()
    monkeypatch.setattr(selectors, "_monotonic", lambda: now + selectors.CURRENT_TTL + 1)
    assert selectors.current_version().version == "20200908"


def test_without_a_current_version_the_lists_say_so() -> None:
    CodeSystemVersion.objects.update(is_current=False)
    with pytest.raises(selectors.NoCurrentVersion, match="visitator migrate"):
        selectors.function_levels()
    with pytest.raises(selectors.NoCurrentVersion, match="Ingen FFB-version er indlæst"):
        selectors.concept(DRIKKE)
