"""Server-rendered SVG bar charts: coordinates computed here, drawn by a template (figures/bar_chart.svg).

Each chart has a title and a description for screen readers, and the page shows the same numbers in a
table next to it, so the chart is never the only way to read them.
"""

from __future__ import annotations

from dataclasses import dataclass

WIDTH = 640
HEIGHT = 220
LEFT = 48
BOTTOM = 40
TOP = 16


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    value_text: str


@dataclass(frozen=True)
class BarChart:
    title: str
    description: str
    bars: list[Bar]
    width: int = WIDTH
    height: int = HEIGHT
    baseline: float = HEIGHT - BOTTOM
    #: Gridlines: (y, label).
    grid: tuple[tuple[float, str], ...] = ()


def bar_chart(
    title: str, items: list[tuple[str, float, str]], *, maximum: float | None = None, percent: bool = False
) -> BarChart:
    """`items` are (label, value, value as text). Values from 0 to `maximum` (the largest value when not
    given); a percentage chart runs from 0 to 1 with gridlines at 0, 50 and 100 %."""
    top = 1.0 if percent else (maximum if maximum is not None else max((v for _l, v, _t in items), default=0))
    top = top or 1.0
    plot_height = HEIGHT - BOTTOM - TOP
    slot = (WIDTH - LEFT) / max(len(items), 1)
    bars = []
    for index, (label, value, text) in enumerate(items):
        height = plot_height * max(value, 0) / top
        bars.append(
            Bar(
                x=round(LEFT + index * slot + slot * 0.15, 1),
                y=round(HEIGHT - BOTTOM - height, 1),
                width=round(slot * 0.7, 1),
                height=round(height, 1),
                label=label,
                value_text=text,
            )
        )
    ticks = (0.0, 0.5, 1.0)
    grid = tuple(
        (
            round(HEIGHT - BOTTOM - plot_height * t, 1),
            f"{round(t * 100)} %" if percent else f"{round(top * t):g}",
        )
        for t in ticks
    )
    description = "; ".join(f"{label}: {text}" for label, _v, text in items)
    return BarChart(title=title, description=description, bars=bars, grid=grid)
