"""Places taken by grants (the grants app is installed and migrated: these tests never skip)."""

import pytest

from visitator.offers import selectors
from visitator.offers.policy import free_places, occupied_places

pytestmark = pytest.mark.django_db


@pytest.fixture
def grant_in(make_case, caseworker, grant_terms):
    """`grant_in(offer, status)`: a real grant (through the decision) in `offer`, then set to `status`."""
    from visitator.assessment import services as assessment
    from visitator.decisions import services as decisions
    from visitator.grants.models import Grant

    def make(offer, status):
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
        decision = decisions.decision_make(
            user=caseworker,
            case=case,
            outcome="granted",
            applied_for="Aktivitets- og samværstilbud",
            legal_rules=["Serviceloven § 104"],
            grant_terms=grant_terms(offer=offer),
        )
        grant = Grant.objects.get(decision=decision)
        Grant.objects.filter(pk=grant.pk).update(status=status)
        return grant

    return make


def test_ordered_and_active_grants_take_places(create_offer, municipality, grant_in):
    offer = create_offer("Værkstedet (test)", places=4)
    for status in ("waiting", "ordered", "active", "active", "stopped"):
        grant_in(offer, status)

    assert occupied_places(offer) == 3
    assert free_places(offer) == 1
    listed = selectors.offers_for_municipality(municipality=municipality).get(pk=offer.pk)
    assert occupied_places(listed) == 3 and free_places(listed) == 1  # from the annotation


def test_free_places_never_go_below_zero(create_offer, grant_in):
    offer = create_offer("Værkstedet (test)", places=2)
    for _ in range(2):
        grant_in(offer, "active")
    offer.places = 1
    offer.save()
    assert occupied_places(offer) == 2 and free_places(offer) == 0


def test_an_offer_without_grants_has_every_place_free(create_offer):
    offer = create_offer("Værkstedet (test)", places=7)
    assert occupied_places(offer) == 0 and free_places(offer) == 7
