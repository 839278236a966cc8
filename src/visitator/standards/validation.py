"""Checks on quality standards beyond the schema: against the law, the folder, and each other.

The schema (`schema.py`) checks the shape of one file. This module refuses what is well-formed but
wrong: an upper age limit on § 104 (the law has none), a minimum age other than 18 on an adult
service, a criterion that cites no rule of law, validity that ends before it starts, a file in the
wrong folder, and two published versions of the same municipality and service whose validity
overlaps. Every refusal names the file and the field.

Validity and overlap: a published version is in force from ``valid_from`` to ``valid_to``
inclusive. An empty ``valid_to`` means "until the next published version takes effect": the next
version supersedes it, without the published file being edited. Two published versions overlap
(and are refused) when they start on the same day, or when the earlier one has a ``valid_to`` on or
after the later one's ``valid_from``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _

from visitator.core import law

from .loader import LoadedStandard, Problem, read_standards
from .schema import Computed, ComputedFact, DeadlineSource, Status

_CITES_LAW = re.compile(r"§|\bBEK\b|lov", re.IGNORECASE)


@dataclass(frozen=True)
class VersionWindow:
    """The identity and validity of one version, from a file or from the database."""

    municipality_code: str
    service_code: str
    version: str
    status: str
    valid_from: dt.date
    valid_to: dt.date | None
    source: str
    from_database: bool = False

    def describe(self) -> str:
        end = self.valid_to.isoformat() if self.valid_to else _("indtil næste version")
        return _("version %(version)s (%(start)s – %(end)s, %(source)s)") % {
            "version": self.version,
            "start": self.valid_from.isoformat(),
            "end": end,
            "source": self.source,
        }


def window_of(loaded: LoadedStandard) -> VersionWindow:
    spec = loaded.spec
    return VersionWindow(
        municipality_code=spec.municipality.code,
        service_code=spec.service.code,
        version=spec.version,
        status=spec.status.value,
        valid_from=spec.valid_from,
        valid_to=spec.valid_to,
        source=loaded.display_path,
    )


@dataclass
class CheckResult:
    standards: list[LoadedStandard]
    problems: list[Problem]

    @property
    def ok(self) -> bool:
        return not self.problems

    def problems_for(self, display_path: str) -> list[Problem]:
        return [problem for problem in self.problems if problem.file == display_path]


# -- one file ---------------------------------------------------------------------------------------


def _cites_law(citation: str) -> bool:
    return bool(_CITES_LAW.search(citation))


def law_problems(loaded: LoadedStandard) -> list[Problem]:
    """What the law refuses in one standard."""
    spec = loaded.spec
    problems: list[Problem] = []

    def refuse(loc: tuple[str | int, ...], message: str) -> None:
        problems.append(loaded.problem(loc, message))

    if spec.valid_to is not None and spec.valid_to < spec.valid_from:
        refuse(
            ("valid_to",),
            _("valid_to (%(end)s) ligger før valid_from (%(start)s).")
            % {"end": spec.valid_to.isoformat(), "start": spec.valid_from.isoformat()},
        )

    for index, criterion in enumerate(spec.target_group.criteria):
        if not _cites_law(criterion.citation):
            refuse(
                ("target_group", "criteria", index, "citation"),
                _("Kriteriet %(id)s skal henvise til en lovregel (fx 'Serviceloven § 104').")
                % {"id": criterion.id},
            )
    for group in ("bases", "exclusions"):
        for index, item in enumerate(getattr(spec.target_group, group)):
            if not _cites_law(item.citation):
                refuse(
                    ("target_group", group, index, "citation"),
                    _("%(id)s skal henvise til en lovregel (fx 'Serviceloven § 1, stk. 3').")
                    % {"id": item.id},
                )

    if spec.deadlines.decision.source is not DeadlineSource.STANDARD:
        refuse(
            ("deadlines", "decision", "source"),
            _(
                "Sagsbehandlingsfristen skal fastsættes og offentliggøres af kommunen "
                "(Retssikkerhedsloven § 3, stk. 2); source skal være standard."
            ),
        )
    decision = spec.deadlines.decision.period
    lead = spec.deadlines.decision_warning_lead.period
    if lead.before(decision.deadline_from(spec.valid_from)) <= spec.valid_from:
        refuse(
            ("deadlines", "decision_warning_lead", "period"),
            _("Varslingen %(lead)s før fristen er lige så lang som eller længere end fristen (%(decision)s).")
            % {"lead": lead.describe(), "decision": decision.describe()},
        )

    taxi = spec.transport.individual_taxi
    if not taxi.allowed and not taxi.local_service_level:
        refuse(
            ("transport", "individual_taxi", "local_service_level"),
            _(
                "Et generelt nej til individuel kørsel skal være et lokalt serviceniveau, som en konkret og "
                "individuel vurdering kan fravige (Serviceloven § 1, stk. 3)."
            ),
        )

    service_law = law.SERVICES.get(spec.service.code)
    if service_law is None:
        refuse(
            ("service", "code"),
            _("Ukendt ydelse %(code)s: lovens regler for ydelsen står ikke i visitator.core.law.SERVICES.")
            % {"code": spec.service.code},
        )
        return problems

    if spec.service.paragraph != service_law.paragraph:
        refuse(
            ("service", "paragraph"),
            _("Ydelsen %(code)s er %(paragraph)s.")
            % {"code": service_law.code, "paragraph": service_law.paragraph},
        )
    if not any(basis.citation.startswith(service_law.paragraph) for basis in spec.legal_basis):
        refuse(
            ("legal_basis",),
            _("Lovgrundlaget skal nævne %(paragraph)s.") % {"paragraph": service_law.paragraph},
        )

    for index, criterion in enumerate(spec.target_group.criteria):
        established = criterion.established_by
        if not isinstance(established, Computed) or established.fact is not ComputedFact.AGE_ON_DECISION_DATE:
            continue
        loc = ("target_group", "criteria", index, "established_by")
        if established.max_age is not None and service_law.upper_age_limit.value is None:
            refuse(
                (*loc, "max_age"),
                _(
                    "%(paragraph)s har ingen øvre aldersgrænse, og en kvalitetsstandard må ikke "
                    "indføre en (%(cite)s)."
                )
                % {"paragraph": service_law.paragraph, "cite": service_law.upper_age_limit.citation},
            )
        if service_law.adult_service and established.min_age != law.ADULT_AGE.value:
            refuse(
                (*loc, "min_age"),
                _("%(paragraph)s er hjælp til voksne: min_age skal være %(age)s (%(cite)s).")
                % {
                    "paragraph": service_law.paragraph,
                    "age": law.ADULT_AGE.value,
                    "cite": law.ADULT_AGE.citation,
                },
            )

    if service_law.free_of_charge.value and spec.costs.service_price != 0:
        refuse(
            ("costs", "service_price"),
            _(
                "Ydelsen er gratis for borgeren; service_price skal være 0. Frivillige tilkøb angives i "
                "optional_paid_items (%(cite)s)."
            )
            % {"cite": service_law.free_of_charge.citation},
        )
    if service_law.tilbudsportalen_required.value and not spec.provider.tilbudsportalen.required:
        refuse(
            ("provider", "tilbudsportalen", "required"),
            _("Kun tilbud, der er registreret på Tilbudsportalen, kan bruges (%(cite)s).")
            % {"cite": service_law.tilbudsportalen_required.citation},
        )
    if service_law.individual_assessment.value and not spec.provider.individual_assessment:
        refuse(
            ("provider", "individual_assessment"),
            _("Valget af tilbud skal altid bero på en konkret og individuel vurdering (%(cite)s).")
            % {"cite": service_law.individual_assessment.citation},
        )
    return problems


def folder_problems(loaded: LoadedStandard) -> list[Problem]:
    """The file must be at ``<municipality slug>/<service code>/<valid_from>.yaml``."""
    spec = loaded.spec
    parts = loaded.path.resolve().parts
    expected = f"{spec.municipality.slug}/{spec.service.code}/{spec.valid_from.isoformat()}.yaml"
    problems: list[Problem] = []
    checks: list[tuple[tuple[str, ...], str, str]] = [
        (("municipality", "slug"), parts[-3] if len(parts) >= 3 else "", spec.municipality.slug),
        (("service", "code"), parts[-2] if len(parts) >= 2 else "", spec.service.code),
        (("valid_from",), parts[-1], f"{spec.valid_from.isoformat()}.yaml"),
    ]
    for loc, actual, wanted in checks:
        if actual != wanted:
            problems.append(
                loaded.problem(
                    loc,
                    _("Filen skal ligge som %(expected)s (fandt %(actual)s i stedet for %(wanted)s).")
                    % {"expected": expected, "actual": actual or "-", "wanted": wanted},
                )
            )
    return problems


# -- several files and the database -----------------------------------------------------------------


def _overlaps(earlier: VersionWindow, later: VersionWindow) -> bool:
    if earlier.valid_from == later.valid_from:
        return True
    return earlier.valid_to is not None and earlier.valid_to >= later.valid_from


def overlap_problems(
    loaded: Sequence[LoadedStandard], existing: Iterable[VersionWindow] = ()
) -> list[Problem]:
    """Refuse a version key used twice among the files, and overlapping published versions."""
    problems: list[Problem] = []
    by_path = {item.display_path: item for item in loaded}
    file_windows = [window_of(item) for item in loaded]

    seen: dict[tuple[str, str, str], VersionWindow] = {}
    for window in file_windows:
        key = (window.municipality_code, window.service_code, window.version)
        if key in seen:
            problems.append(
                by_path[window.source].problem(
                    ("version",),
                    _("Versionen %(version)s findes også i %(other)s.")
                    % {"version": window.version, "other": seen[key].source},
                )
            )
        else:
            seen[key] = window

    file_keys = set(seen)
    groups: dict[tuple[str, str], list[VersionWindow]] = defaultdict(list)
    for window in file_windows:
        if window.status == Status.PUBLISHED:
            groups[(window.municipality_code, window.service_code)].append(window)
    for window in existing:
        key = (window.municipality_code, window.service_code, window.version)
        # A database row for a version that is also among the files is the same version (loading is
        # then a no-op or refused as a change to a published version, see services.standards_load).
        if window.status == Status.PUBLISHED and key not in file_keys:
            groups[(window.municipality_code, window.service_code)].append(window)

    for windows in groups.values():
        ordered = sorted(windows, key=lambda w: (w.valid_from, w.from_database, w.source))
        for i, earlier in enumerate(ordered):
            for later in ordered[i + 1 :]:
                if not _overlaps(earlier, later):
                    continue
                for this, other in ((earlier, later), (later, earlier)):
                    if this.from_database or this.source not in by_path:
                        continue
                    problems.append(
                        by_path[this.source].problem(
                            ("valid_to",)
                            if this is earlier and this.valid_to is not None
                            else ("valid_from",),
                            _("Gyldigheden overlapper en anden publiceret version: %(other)s.")
                            % {"other": other.describe()},
                        )
                    )
    return problems


def validate_loaded(
    loaded: Sequence[LoadedStandard], existing: Iterable[VersionWindow] = ()
) -> list[Problem]:
    """Every check in this module on standards that passed the schema."""
    problems: list[Problem] = []
    for item in loaded:
        problems.extend(folder_problems(item))
        problems.extend(law_problems(item))
    problems.extend(overlap_problems(loaded, existing))
    return problems


def check_files(paths: Iterable[Path | str], *, existing: Iterable[VersionWindow] = ()) -> CheckResult:
    """Read, validate and cross-check files; `existing` are the versions already in the database."""
    loaded, problems = read_standards(paths)
    problems.extend(validate_loaded(loaded, existing))
    return CheckResult(standards=loaded, problems=problems)
