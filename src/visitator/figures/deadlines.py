"""The published case-handling deadlines (RSL § 3, stk. 2), read from the quality standards in force.

Retssikkerhedsloven § 3, stk. 2: the municipality sets deadlines for how long it may take to decide an
application for each service, and publishes them. The deadlines live in the standard files
(`deadlines.decision`), so the public page is generated from the published versions in force today:
a new standard version changes the page on its valid-from date, with nothing to edit by hand.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from visitator.organisation.models import Municipality
from visitator.standards.models import StandardVersion
from visitator.standards.selectors import standards_in_force


@dataclass(frozen=True)
class PublishedDeadline:
    municipality: Municipality
    service_title: str
    paragraph: str
    #: "8 uger", "op til 1½ måned", "10 arbejdsdage" (core.periods.Period.describe).
    deadline: str
    #: The standard's own wording of the deadline, when it has one.
    text: str
    citation: str
    follow_up: str
    version: str
    valid_from: dt.date


def published_deadline(version: StandardVersion) -> PublishedDeadline:
    spec = version.spec
    decision = spec.deadlines.decision
    return PublishedDeadline(
        municipality=version.municipality,
        service_title=spec.service.title,
        paragraph=spec.service.paragraph,
        deadline=decision.describe(),
        text=decision.text or "",
        citation=decision.citation,
        follow_up=spec.deadlines.follow_up.describe(),
        version=spec.version,
        valid_from=version.valid_from,
    )


def deadlines_in_force(*, on: dt.date, municipality: Municipality | None = None) -> list[PublishedDeadline]:
    """One row per municipality and service whose published standard is in force on `on`."""
    return [published_deadline(v) for v in standards_in_force(on=on, municipality=municipality)]
