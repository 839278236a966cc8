"""The name search at national scale (issue 12): the same citizens on both backends, ranked by
trigram similarity on PostgreSQL (alphabetical on SQLite, documented in docs/benchmarks.md), capped,
and on PostgreSQL served by the pg_trgm GIN indexes of migration people.0003_scale_name_trigram."""

from __future__ import annotations

import pytest
from django.db import connection

from visitator.people.models import Citizen
from visitator.people.selectors import citizen_search_by_name, citizens_by_name

pytestmark = pytest.mark.django_db

on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_trgm is PostgreSQL only")


@pytest.fixture
def hansens(make_citizen):
    return {
        "abel": make_citizen(first_name="Karl", last_name="Abelhansen"),
        "anna": make_citizen(first_name="Anna", last_name="Hansen"),
        "jens": make_citizen(first_name="Jens", last_name="Jensen"),
    }


def test_both_backends_find_every_citizen_with_every_word_in_a_name(caseworker, hansens):
    found = citizen_search_by_name(user=caseworker, text="HANSEN")
    assert {c.id for c in found} == {hansens["abel"].id, hansens["anna"].id}
    assert [c.id for c in citizen_search_by_name(user=caseworker, text="anna hans")] == [hansens["anna"].id]


def test_the_result_is_capped(caseworker, hansens):
    assert len(citizen_search_by_name(user=caseworker, text="hansen", limit=1)) == 1


def test_the_best_match_comes_first(caseworker, hansens):
    found = [c.last_name for c in citizen_search_by_name(user=caseworker, text="hansen")]
    if connection.vendor == "postgresql":
        assert found == ["Hansen", "Abelhansen"]  # trigram similarity of the full name
    else:
        assert found == ["Abelhansen", "Hansen"]  # SQLite: by last name, first name


@on_postgresql
def test_postgresql_searches_names_through_the_trigram_indexes(hansens):
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a handful of rows: make the planner show its index
    plan = citizens_by_name(Citizen.objects.all(), ["hansen"]).explain()
    assert "people_scale_first_name_trgm" in plan and "people_scale_last_name_trgm" in plan
