"""Which rules the example asks break, counted by channel or setting, as hatched bars."""

from __future__ import annotations

from collections.abc import Hashable
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from helpable.content.approaches import CHANNELS, SETTINGS
from helpable.content.rules import RULE_KEYS, rules
from helpable.content.strings import say
from helpable.ui.charts.base import (
    BLACK,
    approach_table,
    chart_style,
    new_grid,
    pretty,
    remember_alt,
)
from helpable.ui.style import GROUP_STYLE

if TYPE_CHECKING:  # matplotlib itself is imported only to draw (see charts.base)
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

_ORDERS: dict[str, tuple[str, ...]] = {"channel": CHANNELS, "setting": SETTINGS}

GROUPING_WORDS: dict[str, str] = {
    "channel": "chart.bars.by_channel",
    "setting": "chart.bars.by_setting",
    "both": "chart.bars.by_both",
}
"""The strings key of each grouping's name, as in "by channel"."""

_AXIS_LABELS = {"channel": "chart.bars.axis_channel", "setting": "chart.bars.axis_setting"}
_PANEL_TITLES = {"channel": "chart.bars.panel_channel", "setting": "chart.bars.panel_setting"}


def rule_counts(frame: pd.DataFrame | None = None, by: str = "channel") -> pd.DataFrame:
    """How many asks break each rule, per channel or setting, plus ``asks`` (rows per group)."""
    if by not in _ORDERS:
        raise ValueError(f"by must be 'channel' or 'setting', not {by!r}")
    data = approach_table(frame)
    if by not in data.columns:
        raise ValueError(f"The table needs a {by!r} column")
    counts = data.groupby(by)[list(RULE_KEYS)].sum().astype(int)
    counts["asks"] = data.groupby(by).size()
    order: list[Hashable] = [g for g in _ORDERS[by] if g in counts.index]
    order += sorted((g for g in counts.index if g not in order), key=str)
    return counts.loc[order]


def _bars(ax: Axes, counts: pd.DataFrame, by: str, show_title: bool, share: bool) -> None:
    from matplotlib.ticker import PercentFormatter

    x = np.arange(len(counts))
    width = 0.8 / len(RULE_KEYS)
    values = counts[list(RULE_KEYS)].astype(float)
    if share:
        values = values.div(counts["asks"].clip(lower=1), axis=0)
    for i, key in enumerate(RULE_KEYS):
        style = GROUP_STYLE[key]
        bars = ax.bar(
            x + (i - (len(RULE_KEYS) - 1) / 2) * width,
            values[key],
            width,
            color=style["color"],
            hatch=style["hatch"],
            edgecolor=BLACK,
            linewidth=0.8,
            label=rules()[key].label,
        )
        labels = [f"{round(v * 100)}" for v in values[key]] if share else None
        ax.bar_label(bars, labels=labels, padding=2, fontsize=9.5 if share else 10)
    ax.set_xticks(x)
    ax.set_xticklabels(
        [f"{pretty(g)}\n{say('chart.bars.asks', count=n)}" for g, n in counts["asks"].items()]
    )
    ax.set_xlabel(say(_AXIS_LABELS[by]))
    if share:
        ax.set_ylabel(say("chart.bars.share_axis"))
        ax.yaxis.set_major_formatter(PercentFormatter(1.0))
        ax.set_ylim(0, min(1.0, max(0.1, values.to_numpy().max())) * 1.15)
    else:
        ax.set_ylabel(say("chart.bars.count_axis"))
        ax.set_ylim(0, max(1.0, values.to_numpy().max()) * 1.15)
    if show_title:
        ax.set_title(say(_PANEL_TITLES[by]), loc="left")


def rule_breaks_by(
    frame: pd.DataFrame | None = None,
    by: str = "channel",
    *,
    share: bool = False,
    figsize: tuple[float, float] | None = None,
) -> Figure:
    """Grouped bars: how many example asks break each rule, by channel, setting or both.

    ``by`` is ``"channel"``, ``"setting"`` or ``"both"`` (two panels).
    ``share=True`` shows the share of each group's asks instead of counts, which
    is fairer when the groups differ in size.
    """
    from matplotlib.patches import Patch

    panels = ["channel", "setting"] if by == "both" else [by]
    data = approach_table(frame)
    counts = [rule_counts(data, p) for p in panels]
    if figsize is None:
        figsize = (9.5, 5.5) if len(panels) == 1 else (14.0, 5.5)
    with chart_style():
        fig, axes = new_grid(figsize, 1, len(panels), sharey=share)
        for ax, part, panel in zip(axes[0], counts, panels, strict=True):
            _bars(ax, part, panel, show_title=len(panels) > 1, share=share)
        handles = [
            Patch(
                facecolor=GROUP_STYLE[k]["color"],
                hatch=GROUP_STYLE[k]["hatch"],
                edgecolor=BLACK,
                label=rules()[k].label,
            )
            for k in RULE_KEYS
        ]
        fig.legend(handles=handles, loc="outside lower center", ncol=3, frameon=False)
        groups = say(GROUPING_WORDS[by])
        title = "chart.bars.title_share" if share else "chart.bars.title_count"
        fig.suptitle(say(title, groups=groups))
    return remember_alt(fig, "rule_breaks_by", frame=frame, by=by, share=share)


__all__ = ["rule_breaks_by", "rule_counts"]
