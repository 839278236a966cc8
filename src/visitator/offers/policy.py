"""The provider policy of a quality standard, and what an offer is expected to cost.

- `offers_for_choice`: the offers a caseworker can pick from for a service (own offers first when
  the standard says so).
- `offer_check` / `offer_problems`: why an offer cannot be chosen, or needs a written reason.
  Registration on Tilbudsportalen (SEL § 14, stk. 2) is the law and can never be overridden. "Own
  offers first" is the municipality's starting point, from which an individual assessment may
  depart with a written reason (SEL § 1, stk. 3).
- `monthly_cost`: the expected monthly cost of a grant (see docs/offers.md for the formula and its
  assumptions).
- `occupied_places` / `free_places`: places taken by grants that are ordered or active.

No function here writes to the database.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.apps import apps
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from visitator.organisation.models import Municipality
from visitator.standards.schema import QualityStandard

from .models import Offer, Provider, RateTier, days_in_month

# -- paragraphs -------------------------------------------------------------------------------------

#: Names of the Social Services Act as they appear in offers and standards, all meaning "SEL".
_SERVICE_ACT_NAMES = ("serviceloven", "servicelovens", "lov om social service", "sel")
_PARAGRAPH = re.compile(r"^(?P<law>.*?)\s*§+\s*(?P<number>\d+)\s*(?P<letter>[a-zæøå])?\b", re.IGNORECASE)


def paragraph_key(text: str) -> tuple[str, str] | None:
    """A comparable key for a paragraph reference: ("sel", "104") for "SEL § 104", "Serviceloven
    § 104" and "Servicelovens § 104, stk. 1"; ("sel", "148a") for "SEL § 148 a". None if `text` names
    no paragraph. Subsections (stk.) are ignored: an offer under § 104 covers every stk. of it."""
    match = _PARAGRAPH.match(" ".join(text.split()))
    if match is None:
        return None
    law = match["law"].strip().rstrip(",").casefold()
    if law in _SERVICE_ACT_NAMES:
        law = "sel"
    return law, match["number"] + (match["letter"] or "").casefold()


def covers(offer: Offer, paragraph: str) -> bool:
    """Whether the offer lists `paragraph` ("SEL § 104" and "Serviceloven § 104" are the same)."""
    wanted = paragraph_key(paragraph)
    if wanted is None:
        return False
    return any(paragraph_key(str(item)) == wanted for item in offer.paragraphs or [])


# -- choosing an offer ------------------------------------------------------------------------------

_DANISH = str.maketrans({"æ": "{", "ø": "|", "å": "}", "ä": "{", "ö": "|", "ü": "y", "é": "e"})


def _name_key(name: str) -> str:
    """Danish alphabetical order (æ, ø, å after z)."""
    return name.casefold().translate(_DANISH)


def offers_for_choice(*, municipality: Municipality, spec: QualityStandard) -> list[Offer]:
    """The municipality's active offers that cover the service's paragraph (spec.service.paragraph).

    Own offers come first when the standard says so (spec.provider.own_offers_first), then by name.
    Offers that may not be chosen (not registered or not approved) are included, so the page can
    show them as such; `offer_problems` refuses them.
    """
    offers = (
        Offer.objects.filter(provider__municipality=municipality, active=True)
        .select_related("provider")
        .prefetch_related("rates", "optional_items")
    )
    chosen = [offer for offer in offers if covers(offer, spec.service.paragraph)]
    own_first = spec.provider.own_offers_first
    chosen.sort(key=lambda o: (own_first and not o.is_own, _name_key(o.name), str(o.pk)))
    return chosen


@dataclass(frozen=True)
class OfferProblem:
    """Why an offer cannot be chosen as it stands.

    `overridable` problems go away with a written reason (an individual assessment); the others
    never do.
    """

    code: str
    message: str
    overridable: bool


NOT_ACTIVE = "not_active"
NOT_ON_TILBUDSPORTALEN = "not_on_tilbudsportalen"
PARAGRAPH_NOT_COVERED = "paragraph_not_covered"
OWN_OFFER_FIRST = "own_offer_first"


def _own_alternative_exists(*, offer: Offer, spec: QualityStandard) -> bool:
    own = Offer.objects.filter(
        provider__municipality_id=offer.provider.municipality_id,
        provider__kind=Provider.Kind.OWN,
        active=True,
    ).exclude(pk=offer.pk)
    return any(o.may_be_chosen and covers(o, spec.service.paragraph) for o in own)


def offer_check(*, offer: Offer, spec: QualityStandard, reason: str = "") -> list[OfferProblem]:
    """Every problem with choosing `offer` for the service in `spec`, given the caseworker's `reason`.

    - not active, or not registered (and approved) on Tilbudsportalen: refused, never overridable
      (SEL § 14, stk. 2; the law applies whatever the standard says);
    - not covering the service's paragraph: refused;
    - an external offer while the standard puts own offers first and an own offer that may be chosen
      covers the paragraph: needs a written reason (konkret og individuel vurdering, SEL § 1, stk. 3).
      With a non-blank `reason` this problem is not reported.

    Whether the offer belongs to the case's municipality is the caller's check (the spec does not say
    which municipality row the case is in).
    """
    problems: list[OfferProblem] = []
    if not offer.active:
        problems.append(OfferProblem(NOT_ACTIVE, _("Tilbuddet er ikke aktivt og kan ikke vælges."), False))
    elif not offer.may_be_chosen:
        problems.append(
            OfferProblem(
                NOT_ON_TILBUDSPORTALEN,
                _(
                    "Tilbuddet er ikke registreret (og godkendt) på Tilbudsportalen og kan ikke vælges "
                    "(serviceloven § 14, stk. 2)."
                ),
                False,
            )
        )
    if not covers(offer, spec.service.paragraph):
        problems.append(
            OfferProblem(
                PARAGRAPH_NOT_COVERED,
                _("Tilbuddet dækker ikke %(paragraph)s og kan ikke vælges til denne ydelse.")
                % {"paragraph": spec.service.paragraph},
                False,
            )
        )
    if (
        not offer.is_own
        and spec.provider.own_offers_first
        and not reason.strip()
        and _own_alternative_exists(offer=offer, spec=spec)
    ):
        problems.append(
            OfferProblem(
                OWN_OFFER_FIRST,
                _(
                    "Vælg kommunens eget tilbud, eller skriv hvorfor et andet tilbud er valgt "
                    "(konkret og individuel vurdering)"
                ),
                True,
            )
        )
    return problems


def offer_problems(*, offer: Offer, spec: QualityStandard, reason: str) -> list[str]:
    """The messages of `offer_check`, in Danish, for the caseworker."""
    return [problem.message for problem in offer_check(offer=offer, spec=spec, reason=reason)]


# -- cost -------------------------------------------------------------------------------------------


class NoRateInForce(LookupError):
    """The offer has no rate tier valid on the date asked about."""


FULL_DAY_PARTS = frozenset({"full_day", "full"})
HALF_DAY_PARTS = frozenset({"half_day", "half"})
#: Assumption: a half day costs half a day's rate (see docs/offers.md).
HALF_DAY_FACTOR = Decimal("0.5")
WEEKS_PER_YEAR = 52
MONTHS_PER_YEAR = 12


def rates_in_force(offer: Offer, on: dt.date) -> list[RateTier]:
    """For each tier name, the tier with the latest valid_from on or before `on`; sorted by name."""
    latest: dict[str, RateTier] = {}
    for tier in offer.rates.all():
        if tier.valid_from > on:
            continue
        current = latest.get(tier.name)
        if current is None or tier.valid_from > current.valid_from:
            latest[tier.name] = tier
    return sorted(latest.values(), key=lambda t: (_name_key(t.name), t.name))


def rate_in_force(offer: Offer, on: dt.date) -> RateTier:
    """The tier `monthly_cost` uses when none is given: the first by name of those in force.

    The grant picks its staffing level (tier) later; until then the first tier is an estimate.
    """
    tiers = rates_in_force(offer, on)
    if not tiers:
        raise NoRateInForce(_("Tilbuddet har ingen takst, der gælder den %(on)s.") % {"on": f"{on:%d.%m.%Y}"})
    return tiers[0]


def monthly_cost(
    *,
    offer: Offer,
    on: dt.date,
    days_per_week: int,
    day_part: str,
    tier: RateTier | None = None,
) -> Decimal:
    """The expected cost of one citizen's place for the month containing `on`, in whole kroner.

    - per calendar day: rate × days in the month × the part-time percentage for `days_per_week`
      (100 % when the tier has none for that number of days);
    - per attendance day: rate × days_per_week × 52/12;
    - half days (`day_part` "half_day" or "half"): × 50 % (an assumption, see docs/offers.md).

    The tier is `tier` when given (it must belong to the offer), else `rate_in_force(offer, on)`.
    Raises NoRateInForce when the offer has no rate on `on`, ValueError for days_per_week outside
    0-7 or an unknown day part.
    """
    if not 0 <= days_per_week <= 7:
        raise ValueError(f"days_per_week must be 0-7, not {days_per_week}")
    if day_part in HALF_DAY_PARTS:
        part = HALF_DAY_FACTOR
    elif day_part in FULL_DAY_PARTS:
        part = Decimal(1)
    else:
        raise ValueError(f"unknown day part {day_part!r}")
    if tier is None:
        tier = rate_in_force(offer, on)
    elif tier.offer_id != offer.pk:
        raise ValueError("the rate tier belongs to another offer")
    if days_per_week == 0:
        return Decimal(0)
    # Multiply first, divide last: 52/12 has no exact decimal, and x.5 must round up, not down.
    if offer.rate_unit == Offer.RateUnit.CALENDAR_DAY:
        cost = tier.amount * days_in_month(on) * tier.percent_for(days_per_week) * part / 100
    else:
        cost = tier.amount * days_per_week * WEEKS_PER_YEAR * part / MONTHS_PER_YEAR
    return cost.quantize(Decimal(1), rounding=ROUND_HALF_UP)


# -- places -----------------------------------------------------------------------------------------

#: Grant statuses that take a place at the offer (waiting and stopped grants do not).
OCCUPYING_STATUSES = ("ordered", "active")
#: Name of the annotation `selectors.offers_for_municipality` puts on each offer.
OCCUPIED_ANNOTATION = "occupied_count"


def grants_installed() -> bool:
    return apps.is_installed("visitator.grants")


def occupied_count_subquery() -> Coalesce:
    """Places taken, per offer, as a correlated subquery for `.annotate()`: one index-only count on
    grants.grant_offer_status (offer, status, created_at) for each offer shown, instead of a join and
    GROUP BY over every grant. Requires the grants app (see grants_installed)."""
    grant = apps.get_model("grants", "Grant")
    taken = (
        grant.objects.filter(offer_id=OuterRef("pk"), status__in=OCCUPYING_STATUSES)
        .order_by()
        .values("offer_id")
        .annotate(n=Count("*"))
        .values("n")
    )
    return Coalesce(Subquery(taken, output_field=IntegerField()), 0)


def occupied_places(offer: Offer) -> int:
    """Places taken: the offer's grants that are ordered or active.

    Uses the count annotated by `selectors.offers_for_municipality` when present (no query). 0 while
    the grants app is not installed.
    """
    annotated = getattr(offer, OCCUPIED_ANNOTATION, None)
    if annotated is not None:
        return int(annotated)
    if not grants_installed():
        return 0
    return offer.grants.filter(status__in=OCCUPYING_STATUSES).count()


def free_places(offer: Offer) -> int:
    """Places not taken (never below 0: an offer can be overbooked after its places are reduced)."""
    return max(offer.places - occupied_places(offer), 0)
