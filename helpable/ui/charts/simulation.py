"""The networking simulation over weeks: one small panel per metric, one line per strategy.

:func:`simulation_chart` draws it; :func:`build_sim` returns its parts too, for
:class:`helpable.ui.charts.live.LiveSimulation`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeAlias

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from helpable.content.strings import say
from helpable.model.simulate import METRIC_LABELS, STRATEGIES, compare
from helpable.ui.charts.base import chart_style, model_caveat, new_grid, pretty
from helpable.ui.style import BORDER, EXTRA_LINE_STYLES, LIGHT_BORDER, STRATEGY_STYLE

if TYPE_CHECKING:  # matplotlib itself is imported only to draw (see charts.base)
    from matplotlib.artist import Artist
    from matplotlib.axes import Axes
    from matplotlib.collections import FillBetweenPolyCollection
    from matplotlib.figure import Figure
    from matplotlib.legend import Legend
    from matplotlib.lines import Line2D
    from matplotlib.text import Text

SIM_METRICS: tuple[str, ...] = ("conversations", "trust_built", "contacts_burned", "referrals")
"""The four metrics the simulation chart shows by default."""

_Y_LABELS = {
    "conversations": "chart.sim.axis_conversations",
    "trust_built": "chart.sim.axis_trust_built",
    "introductions_offered": "chart.sim.axis_introductions_offered",
    "contacts_burned": "chart.sim.axis_contacts_burned",
    "referrals": "chart.sim.axis_referrals",
}

Band: TypeAlias = "FillBetweenPolyCollection | None"
"""A strategy's shaded band (None for a single run)."""

Panel: TypeAlias = "dict[str, tuple[Band, Line2D]]"
"""One panel's band and line for each strategy, by strategy key."""


def strategy_style(key: str, n: int) -> dict[str, Any]:
    """The line style of a strategy (the ``n``-th shown, for strategies without their own)."""
    return STRATEGY_STYLE.get(key, EXTRA_LINE_STYLES[n % len(EXTRA_LINE_STYLES)])


def strategy_label(key: str) -> str:
    """A strategy's name, as the legend shows it."""
    return STRATEGIES[key].label if key in STRATEGIES else pretty(key)


def check_results(
    results_by_strategy: Mapping[str, pd.DataFrame] | None, metrics: Sequence[str]
) -> dict[str, pd.DataFrame]:
    """The results as a dict (``None``: a fresh :func:`compare`), with the metrics checked."""
    results = dict(results_by_strategy) if results_by_strategy is not None else compare()
    if not results:
        raise ValueError("results_by_strategy is empty: give at least one strategy's results")
    if not 1 <= len(metrics) <= 6:
        raise ValueError("show from 1 to 6 metrics")
    unknown = [m for m in metrics if m not in METRIC_LABELS]
    if unknown:
        raise ValueError(f"Unknown metric(s) {unknown}. Choose from: {', '.join(METRIC_LABELS)}")
    return results


def check_focus(focus: str | None, results: Mapping[str, pd.DataFrame]) -> str | None:
    """The strategy to highlight, or None for all ("both" also means all)."""
    if focus in (None, "both"):
        return None
    if focus not in results:
        raise ValueError(f"focus must be one of {list(results)} or None, not {focus!r}")
    return focus


def runs(results: Mapping[str, pd.DataFrame]) -> int:
    """How many seeded runs the results average over (1 for a single run)."""
    return max(int(frame.attrs.get("runs", 1)) for frame in results.values())


def last_week(results: Mapping[str, pd.DataFrame]) -> int:
    """The last week that any strategy's results reach."""
    return int(max(frame["week"].max() for frame in results.values()))


def sim_title(results: Mapping[str, pd.DataFrame]) -> str:
    """The chart's title: which strategies, and over how many runs."""
    n_runs = runs(results)
    first = say("chart.sim.two_ways") if len(results) > 1 else strategy_label(next(iter(results)))
    if n_runs > 1:
        return say("chart.sim.title_runs", first=first, runs=n_runs)
    return say("chart.sim.title_one_run", first=first)


_Series = tuple[NDArray[Any], NDArray[Any], NDArray[Any] | None, NDArray[Any] | None]


def _series(frame: pd.DataFrame, metric: str) -> _Series:
    """week, mean, low, high for one metric (low and high are None for a single run)."""
    if "metric" in frame.columns:
        # numpy masks, not pandas filtering: this runs on every slider move
        rows = frame["metric"].to_numpy() == metric
        week, mean, low, high = (frame[c].to_numpy()[rows] for c in ("week", "mean", "p10", "p90"))
        return week, mean, low, high
    return frame["week"].to_numpy(), frame[metric].to_numpy(), None, None


def _emphasis(key: str, focus: str | None) -> tuple[float, bool]:
    """Line alpha, and whether to show the band, for a strategy given the focus."""
    return (1.0, True) if focus is None or key == focus else (0.3, False)


def paint_metric(
    ax: Axes, metric: str, results: Mapping[str, pd.DataFrame], focus: str | None = None
) -> Panel:
    """Draw one panel's band and line for each strategy."""
    artists: Panel = {}
    for n, (key, frame) in enumerate(results.items()):
        style = strategy_style(key, n)
        alpha, show_band = _emphasis(key, focus)
        week, mean, low, high = _series(frame, metric)
        band = None
        if low is not None and high is not None:
            band = ax.fill_between(
                week,
                low,
                high,
                facecolor=style["color"],
                alpha=0.15,
                edgecolor=style["color"],
                linestyle=style["linestyle"],
                linewidth=0.8,
                visible=show_band,
            )
        (line,) = ax.plot(
            week,
            mean,
            color=style["color"],
            linestyle=style["linestyle"],
            marker=style["marker"],
            markersize=6,
            linewidth=2.2,
            alpha=alpha,
            label=strategy_label(key),
        )
        artists[key] = (band, line)
    return artists


def refresh_metric(
    artists: Panel, metric: str, results: Mapping[str, pd.DataFrame], focus: str | None
) -> None:
    """Put new numbers into a panel's existing bands and lines."""
    for key, (band, line) in artists.items():
        week, mean, low, high = _series(results[key], metric)
        alpha, show_band = _emphasis(key, focus)
        line.set_data(week, mean)
        line.set_alpha(alpha)
        if band is not None and low is not None and high is not None:
            band.set_data(week, low, high)
            band.set_visible(show_band)


def flat(artists: Mapping[str, Panel]) -> list[Artist]:
    """Every band and line of every panel."""
    return [a for panel in artists.values() for pair in panel.values() for a in pair if a]


def _nice_top(value: float, metric: str) -> float:
    """A round upper limit at or above ``value``."""
    if metric == "trust_built":
        return float(min(1.0, max(0.1, np.ceil(value * 10 + 0.5) / 10)))
    value = max(float(value), 1.0)
    step = 10 ** np.floor(np.log10(value))
    for mult in (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        if value * 1.08 <= mult * step:
            return float(mult * step)
    return float(10 * step)


def _data_top(metric: str, results: Mapping[str, pd.DataFrame]) -> float:
    tops = []
    for frame in results.values():
        _, mean, _, high = _series(frame, metric)
        tops.append(float(max(high.max(), mean.max())) if high is not None else float(mean.max()))
    return max(tops)


def sim_limits(
    ax: Axes,
    metric: str,
    results: Mapping[str, pd.DataFrame],
    force: bool = False,
    *,
    max_weeks: int | None = None,
) -> bool:
    """Set round limits; True when they changed.

    The upper limit only moves when the data outgrow it or shrink below about
    half of it, so that most slider moves keep the axes as they are. With
    ``max_weeks`` the x-axis runs to that week whatever the data hold, so that
    showing more or fewer weeks never moves the axes.
    """
    weeks = max(last_week(results), max_weeks or 0)
    top = _data_top(metric, results)
    old_top = ax.get_ylim()[1]
    old_x = ax.get_xlim()
    changed = False
    if force or not (0.45 * old_top <= top <= old_top) or ax.get_ylim()[0] != 0:
        ax.set_ylim(0, _nice_top(top, metric))
        changed = True
    new_x = (0.5, weeks + 0.5)
    if old_x != new_x:
        ax.set_xlim(*new_x)
        changed = True
    return changed


def sim_legend(fig: Figure, results: Mapping[str, pd.DataFrame]) -> Legend:
    """One legend for all panels: each strategy's line, and the band when there is one."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    handles: list[Artist] = []
    for n, key in enumerate(results):
        style = strategy_style(key, n)
        handles.append(
            Line2D(
                [],
                [],
                color=style["color"],
                linestyle=style["linestyle"],
                marker=style["marker"],
                markersize=6,
                linewidth=2.2,
                label=strategy_label(key),
            )
        )
    if runs(results) > 1:
        handles.append(Patch(facecolor=LIGHT_BORDER, edgecolor=BORDER, label=say("chart.sim.band")))
    return fig.legend(handles=handles, loc="outside lower center", ncol=len(handles), frameon=False)


@dataclass
class SimParts:
    """A drawn simulation chart and the artists a fast redraw needs."""

    figure: Figure
    panels: dict[str, Axes]
    artists: dict[str, Panel]
    legend: Legend
    title: Text


def build_sim(
    results: Mapping[str, pd.DataFrame],
    metrics: Sequence[str],
    figsize: tuple[float, float] | None,
    focus: str | None = None,
    *,
    scale: Mapping[str, pd.DataFrame] | None = None,
    max_weeks: int | None = None,
) -> SimParts:
    """Draw the small multiples; ``scale`` (default: ``results``) sets the y-limits."""
    from matplotlib.ticker import MaxNLocator

    ncols = 1 if len(metrics) == 1 else 2
    nrows = (len(metrics) + ncols - 1) // ncols
    if figsize is None:
        figsize = (11.0, 3.5 * nrows + 1.2) if ncols == 2 else (7.5, 4.8)
    with chart_style():
        fig, axes = new_grid(figsize, nrows, ncols)
        every: list[Axes] = list(axes.ravel())
        panels = dict(zip(metrics, every, strict=False))
        artists = {}
        for metric, ax in panels.items():
            artists[metric] = paint_metric(ax, metric, results, focus)
            sim_limits(ax, metric, scale or results, force=True, max_weeks=max_weeks)
            ax.set_title(METRIC_LABELS[metric], loc="left")
            ax.set_ylabel(say(_Y_LABELS[metric]))
            ax.set_xlabel(say("chart.sim.week_axis"))
            ax.grid(axis="y", alpha=0.3)
            ax.xaxis.set_major_locator(MaxNLocator(integer=True, steps=[1, 2, 5, 10]))
            if metric != "trust_built":
                ax.yaxis.set_major_locator(MaxNLocator(integer=True, steps=[1, 2, 5, 10]))
        for ax in every[len(metrics) :]:
            ax.set_visible(False)
        legend = sim_legend(fig, results)
        title = fig.suptitle(sim_title(results))
        model_caveat(fig)
    return SimParts(fig, panels, artists, legend, title)


def simulation_chart(
    results_by_strategy: Mapping[str, pd.DataFrame] | None = None,
    metrics: Sequence[str] = SIM_METRICS,
    *,
    focus: str | None = None,
    figsize: tuple[float, float] | None = None,
) -> Figure:
    """Small multiples over weeks: one panel per metric, one line per strategy.

    ``results_by_strategy`` maps a strategy key to :func:`helpable.model.simulate.simulate_many`
    output (lines are the mean, shaded bands the 10th to 90th percentile), or to
    a single :func:`helpable.model.simulate.simulate` run (a line, no band). ``None``
    runs :func:`helpable.model.simulate.compare` with its defaults (20 seeds).
    ``focus`` names one strategy to highlight; the others fade and lose their band.
    """
    results = check_results(results_by_strategy, metrics)
    return build_sim(results, metrics, figsize, check_focus(focus, results)).figure


__all__ = ["SIM_METRICS", "simulation_chart"]
