"""The figures as tables for CSV/XLSX. For publication, counts from 1 to 4 are shown as "<5", and a
month with fewer than 5 decisions shows no share, median or percentile (they would reveal the count)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from .selectors import Figures
from .tables import SUPPRESS_BELOW, Cell, Table


def _pct(value: float | None) -> Cell:
    return None if value is None else round(value * 100, 1)


def figure_tables(figures: Figures, *, publication: bool) -> list[Table]:
    compliance_rows: list[list[Cell]] = []
    for row in figures.compliance:
        hide = publication and row.decided < SUPPRESS_BELOW
        compliance_rows.append(
            [
                row.month.strftime("%Y-%m"),
                row.unit,
                row.decided,
                row.within,
                None if hide else _pct(row.share),
                None if hide else row.median_days,
                None if hide else row.p90_days,
                row.notices,
            ]
        )
    return [
        Table(
            _("Frister"),
            [
                _("Måned"),
                _("Enhed"),
                _("Afgjort"),
                _("Inden for fristen"),
                _("Andel inden for fristen (%)"),
                _("Median dage"),
                _("90. percentil dage"),
                _("Fristvarsler"),
            ],
            compliance_rows,
            count_columns=frozenset({2, 3, 7}),
        ),
        Table(
            _("Åbne sager efter alder"),
            [_("Alder"), _("Sager")],
            [list(r) for r in figures.open_by_age],
            frozenset({1}),
        ),
        Table(
            _("Åbne sager efter næste skridt"),
            [_("Næste skridt"), _("Sager")],
            [list(r) for r in figures.open_by_action],
            frozenset({1}),
        ),
        Table(
            _("Sager pr. sagsbehandler"),
            [_("Sagsbehandler"), _("Åbne sager")],
            [list(r) for r in figures.load],
            frozenset({1}),
        ),
        Table(
            _("Opfølgning"),
            [_("Forfaldne"), _("Inden for 30 dage")],
            [[figures.follow_ups_overdue, figures.follow_ups_due]],
            frozenset({0, 1}),
        ),
        Table(
            _("Tilbud"),
            [
                _("Tilbud"),
                _("Pladser"),
                _("Optaget"),
                _("Kapacitetsudnyttelse (%)"),
                _("Venteliste"),
                _("Gns. ventetid (dage)"),
            ],
            [
                [o.offer.name, o.places, o.occupied, _pct(o.capacity_use), o.waiting, o.mean_wait_days]
                for o in figures.offers
            ],
            frozenset({2, 4}),
        ),
        Table(
            _("Forventet udgift"),
            [_("Måned"), _("Tilbud"), _("Kr.")],
            [[month.strftime("%Y-%m"), name, total] for month, name, total in figures.cost],
        ),
        Table(
            _("Afvigelser fra standarden"),
            [_("Hvad"), _("Standardens tekst"), _("Antal")],
            [(subject, text, n) for subject, text, n in figures.departures],
            frozenset({2}),
        ),
        Table(
            _("Klager"),
            [_("Hvad"), _("Antal")],
            [
                (_("Modtaget"), figures.complaints_received),
                *[
                    (_("Genvurdering: %(outcome)s") % {"outcome": label}, n)
                    for label, n in figures.reconsiderations
                ],
                *[
                    (_("Ankestyrelsen: %(outcome)s") % {"outcome": label}, n)
                    for label, n in figures.appeal_outcomes
                ],
            ],
            frozenset({1}),
        ),
    ]
