"""The course's charts: each function returns a matplotlib ``Figure`` and never calls ``plt.show``.

End a notebook cell with the figure, or pass it to :func:`show`::

    fig = charts.trust_risk_map(effort=0.3)
    charts.show(fig, charts.alt_text("trust_risk_map", effort=0.3))

Colours come from :mod:`helpable.ui.style`, words from ``data/strings.csv``;
no chart relies on colour alone. May import ``helpable.ui.style`` and the
layers below ui (plan, model, analyzer, journal, content, paths).

Charts
    :func:`trust_risk_map` (``trust_map``), :func:`approaches_on_map` and
    :func:`place_approaches` (``approaches_map``), :func:`rule_breaks_by` and
    :func:`rule_counts` (``bars``), :func:`simulation_chart` and
    :data:`SIM_METRICS` (``simulation``), :func:`journal_progress_chart`,
    :func:`journal_alt_text`, :func:`rewrite_rows` and
    :func:`example_journal_frame` (``journal``).
For sliders
    :class:`LiveMap` and :class:`LiveSimulation` (``live``).
Alt text
    :func:`alt_text` and :data:`ALT_TEXT` (``alt``).
Showing and saving
    :func:`show` (an ``<img>`` with alt text), :func:`figure_html`,
    :func:`compact_png`, :func:`render_png` and :func:`chart_style` (``base``).

Each name is loaded from its module the first time it is asked for, so a
lesson (or the plan's table) that needs one chart's words does not import
matplotlib and every other chart module up front.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from helpable.ui.lazy import load_on_first_use

if TYPE_CHECKING:  # the names below, for type checkers and editors
    from helpable.ui.charts.alt import ALT_TEXT, alt_text
    from helpable.ui.charts.approaches_map import approaches_on_map, place_approaches
    from helpable.ui.charts.bars import rule_breaks_by, rule_counts
    from helpable.ui.charts.base import chart_style, compact_png, figure_html, render_png, show
    from helpable.ui.charts.journal import (
        example_journal_frame,
        journal_alt_text,
        journal_progress_chart,
        rewrite_rows,
    )
    from helpable.ui.charts.live import LiveMap, LiveSimulation
    from helpable.ui.charts.simulation import SIM_METRICS, simulation_chart
    from helpable.ui.charts.trust_map import trust_risk_map

_WHERE: dict[str, str] = {
    "ALT_TEXT": "alt",
    "alt_text": "alt",
    "approaches_on_map": "approaches_map",
    "place_approaches": "approaches_map",
    "rule_breaks_by": "bars",
    "rule_counts": "bars",
    "chart_style": "base",
    "compact_png": "base",
    "figure_html": "base",
    "render_png": "base",
    "show": "base",
    "example_journal_frame": "journal",
    "journal_alt_text": "journal",
    "journal_progress_chart": "journal",
    "rewrite_rows": "journal",
    "LiveMap": "live",
    "LiveSimulation": "live",
    "SIM_METRICS": "simulation",
    "simulation_chart": "simulation",
    "trust_risk_map": "trust_map",
}

__all__ = [
    "ALT_TEXT",
    "SIM_METRICS",
    "LiveMap",
    "LiveSimulation",
    "alt_text",
    "approaches_on_map",
    "chart_style",
    "compact_png",
    "example_journal_frame",
    "figure_html",
    "journal_alt_text",
    "journal_progress_chart",
    "place_approaches",
    "render_png",
    "rewrite_rows",
    "rule_breaks_by",
    "rule_counts",
    "show",
    "simulation_chart",
    "trust_risk_map",
]


__getattr__, __dir__ = load_on_first_use(__name__, _WHERE, globals(), __all__)
