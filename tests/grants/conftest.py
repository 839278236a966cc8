from __future__ import annotations

import copy
import datetime as dt
import uuid
from collections.abc import Callable

import pytest

from visitator.assessment import services as assessment
from visitator.cases.models import Case
from visitator.core import clock
from visitator.grants.models import Grant, TransportOrder
from visitator.people.models import Citizen


@pytest.fixture
def assessed_case(make_case, caseworker):
    case = make_case()
    for rule, judgement, reason in [
        ("reduced_function", "met", "Udviklingshæmning."),
        ("social_problems", "not_met", "Ingen."),
        ("other_activities_cover_need", "does_not_apply", "Kan ikke deltage uden støtte."),
    ]:
        assessment.criterion_judge(
            user=caseworker, case=case, rule_id=rule, judgement=judgement, reason=reason
        )
    case.refresh_from_db()
    return case


@pytest.fixture
def grant_for(caseworker, grant_terms):
    from visitator.decisions import services

    def make(case, **changes):
        decision = services.decision_make(
            user=caseworker,
            case=case,
            outcome="granted",
            applied_for="Aktivitets- og samværstilbud",
            legal_rules=["Serviceloven § 104"],
            grant_terms=grant_terms(**changes),
        )
        return decision.grants.get()

    return make


def clone_grants(
    grant: Grant, n: int, *, status: str, last_name: str = "Kopisen", first: int = 0, **fields: object
) -> list[Grant]:
    """`n` grants like `grant` (with its transport order), each for a new citizen and case; numbered
    from `first` (CPR and case numbers), with `fields` set on each grant."""
    case, citizen = grant.case, grant.case.citizen
    order = TransportOrder.objects.filter(grant=grant).order_by("ordered_at", "id").last()
    citizens, cases, grants, orders = [], [], [], []
    start = clock.now() - dt.timedelta(days=200)
    for i in range(first, first + n):
        new_citizen = copy.copy(citizen)
        new_citizen.pk = uuid.uuid4()
        new_citizen.cpr = f"0101{i:06d}"
        new_citizen.first_name = f"Borger{i:02d}"
        new_citizen.last_name = last_name
        new_case = copy.copy(case)
        new_case.pk = uuid.uuid4()
        new_case.number = f"{case.number[:4]}-{90000 + i}"
        new_case.citizen = new_citizen
        new_grant = copy.copy(grant)
        new_grant.pk = uuid.uuid4()
        new_grant.case = new_case
        new_grant.status = status
        new_grant.created_at = start + dt.timedelta(hours=i)
        for name, value in fields.items():
            setattr(new_grant, name, value)
        citizens.append(new_citizen)
        cases.append(new_case)
        grants.append(new_grant)
        if order is not None:
            new_order = copy.copy(order)
            new_order.pk = None
            new_order.grant = new_grant
            orders.append(new_order)
    Citizen.objects.bulk_create(citizens)
    Case.objects.bulk_create(cases)
    Grant.objects.bulk_create(grants)
    TransportOrder.objects.bulk_create(orders)
    return grants


@pytest.fixture(name="clone_grants")
def clone_grants_fixture(db) -> Callable[..., list[Grant]]:
    """`clone_grants(grant, n, status=...)`: many list rows for the price of one decision."""
    return clone_grants
