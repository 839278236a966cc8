"""Extension points for the apps above `cases` (complaints, access to the file, ...).

Dependencies run one way (docs/architecture.md): `cases` never imports the apps that sit on top of
it. An app that has something to show on the worklist or on a case's timeline registers a function
here from its ``AppConfig.ready()``; `cases` calls whatever is registered.

* A **worklist panel** is a list with its own deadline shown above the case worklist, e.g. the
  complaints waiting for genvurdering or the requests for access to the file. The function gets the
  user and returns a `WorklistPanel` (or None when it has nothing to show). It must log the citizens
  it shows in the access log itself, as the case worklist does.
* A **timeline source** adds entries to a case's journal (`cases.selectors.TimelineEntry`). Give
  `by` as the user name (the journal shows the person's full name) and a `kind` from
  `cases.journal.KINDS` (e.g. "complaint", "access") so the journal's filter offers it. Read with
  one query per kind of row, never one per entry: the journal's query count is pinned.
* A **document hook** is called inside the transaction that adds a document to a case, e.g. so that
  a third party's document joins the information the partshøring must cover.
* A **next-action source** says what should happen next on the cases of a worklist page ("Vurder",
  "Hør borgeren", "Send udkast", "Besvar klage", ...). It gets the page's cases and today's date and
  returns a `NextAction` for the cases it has something to say about, in a fixed number of queries
  for the whole page (never one per case: the worklist pins its query count). Where several sources
  speak about one case, the action with the lowest `rank` is shown (see the RANK_* constants).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from .models import Case, Document
    from .selectors import TimelineEntry


@dataclass
class WorklistPanel:
    #: Sorts the panels on the page (lower first).
    order: int
    #: The panel's heading, Danish.
    title: str
    #: The template that renders `context` (it gets ``panel`` and the page's context).
    template: str
    context: dict[str, Any] = field(default_factory=dict)


# Ranks of the next actions, most urgent first: a complaint has a statutory deadline; a draft waiting
# for approval or sending is a decision already made; then the steps towards a decision in their
# order (assess before hearing: the hearing letter states the planned decision); a running grant's
# follow-up last. A source may use a value between these.
RANK_ANSWER_COMPLAINT = 10
RANK_APPROVE = 20
RANK_SEND_DRAFT = 30
RANK_ASSESS = 40
RANK_HEAR = 50
RANK_AWAIT_RESPONSE = 55
RANK_DECIDE = 60
RANK_FOLLOW_UP = 70


@dataclass(frozen=True)
class NextAction:
    """What should happen next on a case, in Danish, for the worklist."""

    rank: int
    #: Short and imperative: "Vurder", "Hør borgeren", "Afgør", "Følg op".
    label: str
    #: Why, in a few words: "2 kriterier er ikke vurderet".
    detail: str = ""
    #: Where it is done (a URL path, never with personal data).
    url: str = ""
    #: A date the worklist shows where a case has no running decision deadline, e.g. the next
    #: follow-up of an active grant.
    due_on: dt.date | None = None


NextActionSource = Callable[["Sequence[Case]", dt.date], "Mapping[uuid.UUID, NextAction]"]

WorklistPanelSource = Callable[["User"], "WorklistPanel | None"]
TimelineSource = Callable[["Case"], "list[TimelineEntry]"]

DocumentHook = Callable[..., None]

_worklist_panels: list[WorklistPanelSource] = []
_timeline_sources: list[TimelineSource] = []
_document_hooks: list[DocumentHook] = []
_next_action_sources: list[NextActionSource] = []


def register_worklist_panel(source: WorklistPanelSource) -> None:
    if source not in _worklist_panels:
        _worklist_panels.append(source)


def register_timeline_source(source: TimelineSource) -> None:
    if source not in _timeline_sources:
        _timeline_sources.append(source)


def worklist_panels(user: User) -> list[WorklistPanel]:
    panels = [panel for source in _worklist_panels if (panel := source(user)) is not None]
    return sorted(panels, key=lambda p: p.order)


def timeline_entries(case: Case) -> list[TimelineEntry]:
    return [entry for source in _timeline_sources for entry in source(case)]


def register_document_hook(hook: DocumentHook) -> None:
    """`hook(user=, document=, summary=)` runs in the transaction that adds the document."""
    if hook not in _document_hooks:
        _document_hooks.append(hook)


def document_added(*, user: User, document: Document, summary: str) -> None:
    for hook in _document_hooks:
        hook(user=user, document=document, summary=summary)


def register_next_action_source(source: NextActionSource) -> None:
    if source not in _next_action_sources:
        _next_action_sources.append(source)


def next_actions(cases: Sequence[Case], *, today: dt.date) -> dict[uuid.UUID, NextAction]:
    """The next action for each case of a worklist page that has one (the lowest rank wins)."""
    chosen: dict[uuid.UUID, NextAction] = {}
    if not cases:
        return chosen
    for source in _next_action_sources:
        for case_id, action in source(cases, today).items():
            current = chosen.get(case_id)
            if current is None or action.rank < current.rank:
                chosen[case_id] = action
    return chosen
