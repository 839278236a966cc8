"""The FFB lists the assessment uses, as small immutable trees.

Every list takes an optional `version` (default: the current one) and costs at most one query: the
subtree is fetched by path prefix and built in Python. Results are cached per process, per version
and list; a loaded version never changes, so only "which version is current" can go stale. That is
cleared when this process loads a version, and re-read at least every `CURRENT_TTL` seconds so other
processes (the web workers, after `visitator ffb load`) follow within a minute.

Orders: the two scales in severity order with "Ikke vurderet" last, the rated areas in VUM's order,
other fixed lists in their natural order, everything else alphabetically (Danish; "Anden/Andet ..."
last). Ordering goes by code: FFB codes are stable between versions, display names may change.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from .models import PATH_SEPARATOR, CodeSystemVersion, Concept


@dataclass(frozen=True)
class Term:
    code: str
    display: str
    path: str
    definition: str
    children: tuple[Term, ...] = ()


class UnknownConcept(LookupError):
    """No concept with this code in the version asked about."""


class NoCurrentVersion(LookupError):
    """No FFB version is loaded (migration 0002 loads the bundled one)."""


# -- where the lists are --------------------------------------------------------------------------

FUNCTION_LEVEL = "Funktionsevneniveau"
SUPPORT_LEVEL = "Støttebehovsniveau"
GOAL_TYPE = "Måltype"
EFFORT_STATUS = "Status på indsats"
TARGET_GROUP = f"Social indsats{PATH_SEPARATOR}Målgruppe"
RATED = f"FFB tilstande{PATH_SEPARATOR}Aktivitet og deltagelse"
DESCRIBED = f"FFB tilstande{PATH_SEPARATOR}Funktioner og forhold"
# 2024: FFB tilstande > Omgivelsesfaktorer > Omgivelser. 2020: the same code (7445fb2b), named
# "Omgivelsesfaktorer", directly under FFB tilstande.
SURROUNDINGS_FACTORS = f"FFB tilstande{PATH_SEPARATOR}Omgivelsesfaktorer"
SURROUNDINGS = f"{SURROUNDINGS_FACTORS}{PATH_SEPARATOR}Omgivelser"

# -- fixed orders, by code --------------------------------------------------------------------------

FUNCTION_LEVEL_ORDER = (
    "b508ff66-6326-4862-a6d7-7bbf184c9823",  # Ingen nedsat funktionsevne
    "8328ce4a-6238-4f73-bf1a-74aadb68eff8",  # Let nedsat funktionsevne
    "5bdde847-2837-416b-ab63-bbff8b7aa531",  # Moderat nedsat funktionsevne
    "cae545f5-2813-4d79-98fc-0a7d770af3cd",  # Svært nedsat funktionsevne
    "832ae90b-23b5-4063-80aa-0b81bdce680e",  # Fuldstændig nedsat funktionsevne
    "1c327095-107f-4b96-88d0-ec562cb980be",  # Ikke vurderet
)
SUPPORT_LEVEL_ORDER = (
    "ae9f388a-91c3-46cf-af55-f81952f2977c",  # Intet støttebehov
    "dd628e73-d6c9-4837-a2b8-aa62d73bd6ae",  # Let støttebehov
    "401a397b-b3aa-4ca3-8b23-bd8f99dd3f76",  # Moderat støttebehov
    "b99a0790-4d70-4152-b149-3fe58b745583",  # Højt støttebehov
    "e99763d6-6c43-4969-ad52-2b1a7055f9dc",  # Fuldstændigt støttebehov
    "2254dac8-8aa3-4334-8502-9720194f49ad",  # Ikke vurderet
)
RATED_AREA_ORDER = (
    "da3f488f-1742-4d00-b247-a7d47500b36b",  # Egenomsorg
    "eef71492-65f5-4297-aa95-3c3a6866ddef",  # Praktiske opgaver
    "d1495b2c-1452-4e49-8dbe-8193af5d8823",  # Mobilitet
    "c2b186f9-9c10-478e-8345-2d2c37ab4c46",  # Kommunikation
    "dfbe6ff6-223b-436a-b864-8ba29bda41e2",  # Samfundsliv
    "3856b434-f72e-42a5-b9d1-0cc93f48434b",  # Relationer
)
DESCRIBED_AREA_ORDER = (
    "25c5c614-305f-46cd-9891-55d564fc30cf",  # Mentale funktioner
    "a134c31d-d316-46d4-935e-e500874dbbe1",  # Fysiske funktioner
    "4fb78b88-d3af-4cfb-84d7-f06daf423317",  # Sundhedsforhold
    "e1836145-0c20-4e20-971e-d62dfe4ea1a0",  # Sociale forhold
    "7445fb2b-0009-43d9-b49b-1b9782f2fcd9",  # Omgivelser (2020: Omgivelsesfaktorer)
)
GOAL_TYPE_ORDER = (
    "d41c8072-52f8-42b5-9375-ddbea454d27f",  # Udvikle funktionsevne
    "10752a63-00b4-4958-b7f4-9f3a18f74266",  # Fastholde funktionsevne
    "e47c22bd-d88d-48ab-882b-419923e1f44e",  # Begrænse tab af funktionsevne
)
TARGET_GROUP_ORDER = (
    "0919515d-9975-4743-a16f-edb45374b0da",  # Socialt problem
    "f3ec0ccd-2b0c-4a60-85fc-3cdd0ca73cef",  # Funktionsnedsættelse
)
EFFORT_STATUS_ORDER = (
    "1e971d84-10a4-4ef8-a8b3-0daa4c7d088a",  # Træf afgørelse om fortsættelse af indsats
    "d7d03656-4c87-4e67-9146-aa5990460f16",  # Træf afgørelse om afslutning af indsats
    "b4c01aa8-82fd-44e4-83ff-ca19ec02c779",  # Træf afgørelse om afslutning af indsats og visiter til ny
)

#: Fixed child orders by parent path; children of any other concept are alphabetical.
ORDERS: Mapping[str, tuple[str, ...]] = {
    FUNCTION_LEVEL: FUNCTION_LEVEL_ORDER,
    SUPPORT_LEVEL: SUPPORT_LEVEL_ORDER,
    RATED: RATED_AREA_ORDER,
    DESCRIBED: DESCRIBED_AREA_ORDER,
    GOAL_TYPE: GOAL_TYPE_ORDER,
    TARGET_GROUP: TARGET_GROUP_ORDER,
    EFFORT_STATUS: EFFORT_STATUS_ORDER,
}

_DANISH = str.maketrans({"æ": "{", "ø": "|", "å": "}", "ä": "{", "ö": "|", "ü": "y", "é": "e"})
_OTHER = ("anden ", "andet ", "andre ")


def danish_key(display: str) -> tuple[bool, str]:
    """Sort key: Danish alphabetical order (æ, ø, å after z), catch-alls ("Anden ...") last."""
    folded = display.casefold()
    return (folded.startswith(_OTHER), folded.translate(_DANISH))


# -- cache ----------------------------------------------------------------------------------------

#: Seconds a process trusts its idea of the current version before asking the database again.
CURRENT_TTL = 60.0

_monotonic = time.monotonic
_cache: dict[tuple[uuid.UUID, str], tuple[Term, ...]] = {}
_index: dict[uuid.UUID, Mapping[str, Term]] = {}
_current: tuple[float, CodeSystemVersion] | None = None


def cache_clear() -> None:
    """Forget every cached list and the current version (called when a version is loaded)."""
    global _current
    _cache.clear()
    _index.clear()
    _current = None


def _cached_current() -> CodeSystemVersion | None:
    if _current is not None and _monotonic() - _current[0] < CURRENT_TTL:
        return _current[1]
    return None


def _remember_current(version: CodeSystemVersion) -> None:
    global _current
    _current = (_monotonic(), version)


def _no_current() -> NoCurrentVersion:
    return NoCurrentVersion(_("Ingen FFB-version er indlæst. Kør 'visitator migrate'."))


def current_version() -> CodeSystemVersion:
    """The current version (one query, or none while cached)."""
    version = _cached_current()
    if version is None:
        version = CodeSystemVersion.objects.filter(is_current=True).first()
        if version is None:
            raise _no_current()
        _remember_current(version)
    return version


def versions() -> list[CodeSystemVersion]:
    """Every loaded version, newest first, with `concept_count`."""
    return list(CodeSystemVersion.objects.annotate(concept_count=Count("concepts")).order_by("-version"))


# -- building trees -------------------------------------------------------------------------------


def _fetch(
    version: CodeSystemVersion | None, roots: Iterable[str]
) -> tuple[CodeSystemVersion, list[Concept]]:
    """Concepts at or under `roots` in one query; with version None, of the current version."""
    roots = tuple(roots)
    where = Q()
    for root in roots:
        where |= Q(path=root) | Q(path__startswith=root + PATH_SEPARATOR)
    if version is not None:
        rows = list(Concept.objects.filter(where, version=version))
    else:
        rows = list(Concept.objects.filter(where, version__is_current=True).select_related("version"))
        if rows:
            version = rows[0].version
            _remember_current(version)
        else:
            version = current_version()  # a second query only when nothing matched: raises or is empty
    # SQLite's LIKE ignores case; keep exact matches only.
    rows = [
        row
        for row in rows
        if any(row.path == root or row.path.startswith(root + PATH_SEPARATOR) for root in roots)
    ]
    return version, rows


def _build(rows: list[Concept]) -> dict[str, Term]:
    """Terms by path, each with its children in order (`ORDERS`, else alphabetical)."""
    children: dict[uuid.UUID | None, list[Concept]] = {}
    for row in rows:
        children.setdefault(row.parent_id, []).append(row)
    built: dict[str, Term] = {}

    def term(row: Concept) -> Term:
        kids = children.get(row.pk, [])
        result = Term(
            code=str(row.code),
            display=row.display,
            path=row.path,
            definition=row.definition,
            children=tuple(_ordered((term(kid) for kid in kids), ORDERS.get(row.path, ()))),
        )
        built[row.path] = result
        return result

    ids = {row.pk for row in rows}
    for row in rows:
        if row.parent_id not in ids:
            term(row)
    return built


def _list(
    name: str,
    version: CodeSystemVersion | None,
    roots: tuple[str, ...],
    pick: Callable[[dict[str, Term]], Iterable[Term]],
) -> list[Term]:
    known = version or _cached_current()
    if known is not None and (known.pk, name) in _cache:
        return list(_cache[(known.pk, name)])
    known, rows = _fetch(version, roots)
    result = tuple(pick(_build(rows)))
    _cache[(known.pk, name)] = result
    return list(result)


def _children_of(path: str) -> Callable[[dict[str, Term]], Iterable[Term]]:
    def pick(terms: dict[str, Term]) -> Iterable[Term]:
        root = terms.get(path)
        return root.children if root is not None else ()

    return pick


def _ordered(terms: Iterable[Term], order: tuple[str, ...]) -> list[Term]:
    rank = {code: position for position, code in enumerate(order)}
    return sorted(terms, key=lambda term: (rank.get(term.code, len(rank)), danish_key(term.display)))


# -- the lists ------------------------------------------------------------------------------------


def function_levels(version: CodeSystemVersion | None = None) -> list[Term]:
    """Funktionsevneniveau: Ingen, Let, Moderat, Svært, Fuldstændig nedsat funktionsevne, Ikke vurderet."""
    return _list(
        "function_levels",
        version,
        (FUNCTION_LEVEL,),
        _children_of(FUNCTION_LEVEL),
    )


def support_levels(version: CodeSystemVersion | None = None) -> list[Term]:
    """Støttebehovsniveau: Intet, Let, Moderat, Højt, Fuldstændigt støttebehov, Ikke vurderet."""
    return _list(
        "support_levels",
        version,
        (SUPPORT_LEVEL,),
        _children_of(SUPPORT_LEVEL),
    )


def rated_areas(version: CodeSystemVersion | None = None) -> list[Term]:
    """The rated areas of Aktivitet og deltagelse, in VUM's order, each with its sub-areas."""
    return _list("rated_areas", version, (RATED,), _children_of(RATED))


def described_areas(version: CodeSystemVersion | None = None) -> list[Term]:
    """Described, not rated: the four Funktioner og forhold areas and Omgivelser, each with children."""

    def pick(terms: dict[str, Term]) -> Iterable[Term]:
        areas = list(_children_of(DESCRIBED)(terms))
        surroundings = terms.get(SURROUNDINGS) or terms.get(SURROUNDINGS_FACTORS)
        if surroundings is not None:
            areas.append(surroundings)
        return _ordered(areas, DESCRIBED_AREA_ORDER)

    return _list("described_areas", version, (DESCRIBED, SURROUNDINGS_FACTORS), pick)


def goal_types(version: CodeSystemVersion | None = None) -> list[Term]:
    """Måltype: Udvikle, Fastholde, Begrænse tab af funktionsevne."""
    return _list("goal_types", version, (GOAL_TYPE,), _children_of(GOAL_TYPE))


def target_groups(version: CodeSystemVersion | None = None) -> list[Term]:
    """The Målgruppe tree: Socialt problem and Funktionsnedsættelse, with all their descendants."""
    return _list(
        "target_groups",
        version,
        (TARGET_GROUP,),
        _children_of(TARGET_GROUP),
    )


def effort_statuses(version: CodeSystemVersion | None = None) -> list[Term]:
    """Status på indsats (follow-up): continue, end, or end and refer to a new service."""
    return _list(
        "effort_statuses",
        version,
        (EFFORT_STATUS,),
        _children_of(EFFORT_STATUS),
    )


# -- single concepts ------------------------------------------------------------------------------


def _concepts(version: CodeSystemVersion | None) -> Mapping[str, Term]:
    """Every term of a version by code (one query for the whole version, then cached)."""
    known = version or _cached_current()
    if known is not None and known.pk in _index:
        return _index[known.pk]
    if version is not None:
        rows = list(Concept.objects.filter(version=version))
    else:
        rows = list(Concept.objects.filter(version__is_current=True).select_related("version"))
        if not rows:
            raise _no_current()
        version = rows[0].version
        _remember_current(version)
    by_path = _build(rows)
    index = {term.code: term for term in by_path.values()}
    _index[version.pk] = index
    return index


def _normalise(code: str | uuid.UUID) -> str | None:
    try:
        return str(code if isinstance(code, uuid.UUID) else uuid.UUID(str(code)))
    except ValueError:
        return None


def concept(code: str | uuid.UUID, version: CodeSystemVersion | None = None) -> Term:
    """The term with this code, with its whole subtree. Raises `UnknownConcept`."""
    index = _concepts(version)
    key = _normalise(code)
    term = index.get(key) if key is not None else None
    if term is None:
        raise UnknownConcept(
            _("FFB-koden %(code)s findes ikke i FFB version %(version)s.")
            % {"code": code, "version": (version or current_version()).version}
        )
    return term


def is_under(code: str | uuid.UUID, ancestor_path: str, version: CodeSystemVersion | None = None) -> bool:
    """Whether the code is a concept strictly below `ancestor_path` (e.g. RATED for any rated sub-area)."""
    key = _normalise(code)
    term = _concepts(version).get(key) if key is not None else None
    return term is not None and term.path.startswith(ancestor_path + PATH_SEPARATOR)
