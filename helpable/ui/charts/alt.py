"""Alt text for the charts: one paragraph each, with the numbers the chart shows.

Every sentence comes from ``data/strings.csv`` (keys ``chart.alt.*``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

import pandas as pd

from helpable.content.rules import RULE_KEYS
from helpable.content.strings import say
from helpable.model.decision import DEFAULT, ModelParams, Placement, p_yes, trust_from
from helpable.model.simulate import METRIC_LABELS, compare, final_means
from helpable.ui.charts.approaches_map import place_approaches
from helpable.ui.charts.bars import GROUPING_WORDS, rule_counts
from helpable.ui.charts.base import approach_table, pretty
from helpable.ui.charts.simulation import (
    SIM_METRICS,
    last_week,
    runs,
    strategy_label,
    strategy_style,
)
from helpable.ui.style import GROUP_STYLE, percent

_SHORT = {
    "trust_risk_map": "chart.alt.short_trust_risk_map",
    "approaches_on_map": "chart.alt.short_approaches_on_map",
    "rule_breaks_by": "chart.alt.short_rule_breaks_by",
    "simulation_chart": "chart.alt.short_simulation_chart",
}


class _ShortTexts(Mapping[str, str]):
    """Chart name -> its short, fixed description, read from the strings when asked."""

    def __getitem__(self, name: str) -> str:
        return say(_SHORT[name])

    def __iter__(self) -> Iterator[str]:
        return iter(_SHORT)

    def __len__(self) -> int:
        return len(_SHORT)


ALT_TEXT: Mapping[str, str] = _ShortTexts()
"""A short, fixed description of each chart; :func:`alt_text` adds the numbers."""


def _alt_map(
    effort: float | None = None,
    commitment: float | None = None,
    pitch: Placement | None = None,
    params: ModelParams = DEFAULT,
    **_: Any,
) -> str:
    if effort is None:
        effort = pitch.effort if pitch is not None else 0.0
    if commitment is None:
        commitment = pitch.commitment if pitch is not None else 0.0
    stranger = trust_from("stranger", params)
    friend = trust_from("close_friend", params)
    s_safe = float(p_yes(stranger, 0.0, effort, commitment, params))
    s_risky = float(p_yes(stranger, 1.0, effort, commitment, params))
    f_safe = float(p_yes(friend, 0.0, effort, commitment, params))
    f_risky = float(p_yes(friend, 1.0, effort, commitment, params))
    parts = [
        say("chart.alt.map_intro"),
        say("chart.alt.map_settings", effort=f"{effort:.1f}", commitment=f"{commitment:.1f}"),
        say(
            "chart.alt.map_fall",
            stranger_safe=percent(s_safe),
            stranger_risky=percent(s_risky),
            friend_safe=percent(f_safe),
            friend_risky=percent(f_risky),
        ),
    ]
    if min(s_risky, f_risky, s_safe) < 0.5 < max(f_safe, s_safe):
        parts.append(say("chart.alt.map_yes_line"))
    elif s_risky >= 0.5:
        parts.append(say("chart.alt.map_all_above"))
    else:
        parts.append(say("chart.alt.map_all_below"))
    if pitch is not None:
        parts.append(
            say(
                "chart.alt.map_pitch",
                trust=f"{pitch.trust:.2f}",
                risk=f"{pitch.risk:.2f}",
                chance=percent(pitch.p_yes),
            )
        )
    parts.append(say("chart.alt.model_note"))
    return " ".join(parts)


_GROUP_COUNTS = {
    "none": "chart.alt.group_none",
    "effort": "chart.alt.group_effort",
    "risk": "chart.alt.group_risk",
    "commitment": "chart.alt.group_commitment",
    "several": "chart.alt.group_several",
}


def _alt_approaches(frame: pd.DataFrame | None = None, annotate: int = 3, **kw: Any) -> str:
    placed = place_approaches(
        frame,
        source=kw.get("source", "labels"),
        seed=kw.get("seed", 0),
        params=kw.get("params", DEFAULT),
    )
    counts = placed["group"].value_counts()
    groups = [say(_GROUP_COUNTS[g], count=counts.get(g, 0)) for g in GROUP_STYLE]
    parts = [
        say("chart.alt.approaches_intro", count=len(placed)),
        say("chart.alt.approaches_groups", groups=", ".join(groups)),
    ]
    risky = placed[placed["risk"].astype(int) == 1]
    safe = placed[placed["risk"].astype(int) == 0]
    if len(risky) and len(safe):
        parts.append(
            say(
                "chart.alt.approaches_average",
                risky=percent(risky["p_yes"].mean()),
                safe=percent(safe["p_yes"].mean()),
            )
        )
    if annotate:
        shown = min(annotate, 3, len(placed))
        parts.append(say("chart.alt.approaches_quotes", count=shown))
    parts.append(say("chart.alt.model_note"))
    return " ".join(parts)


def _alt_bars(
    frame: pd.DataFrame | None = None, by: str = "channel", share: bool = False, **_: Any
) -> str:
    data = approach_table(frame)
    panels = ["channel", "setting"] if by == "both" else [by]
    parts = [say("chart.alt.bars_intro_share" if share else "chart.alt.bars_intro_count")]
    for panel in panels:
        counts = rule_counts(data, panel)
        bits = []
        for group, row in counts.iterrows():
            if share:
                n = max(int(row["asks"]), 1)
                e, r, c = (percent(row[k] / n) for k in RULE_KEYS)
                key = "chart.alt.bars_group_share"
            else:
                e, r, c = (row[k] for k in RULE_KEYS)
                key = "chart.alt.bars_group_count"
            name = pretty(group)
            bits.append(say(key, name=name, asks=row["asks"], effort=e, risk=r, commitment=c))
        word = say(GROUPING_WORDS[panel])
        parts.append(say("chart.alt.bars_panel", panel=word, groups="; ".join(bits)))
        rate = counts["risk"] / counts["asks"].clip(lower=1)
        top = pretty((rate if share else counts["risk"]).idxmax())
        key = "chart.alt.bars_top_share" if share else "chart.alt.bars_top_count"
        parts.append(say(key, panel=word, name=top))
    return " ".join(parts)


_LINE_KINDS = {"-": "chart.alt.line_solid", "--": "chart.alt.line_dashed"}


def _alt_sim(
    results_by_strategy: Mapping[str, pd.DataFrame] | None = None,
    metrics: Sequence[str] = SIM_METRICS,
    **_: Any,
) -> str:
    results = dict(results_by_strategy) if results_by_strategy is not None else compare()
    summary = final_means(results)
    n_runs = runs(results)
    weeks = last_week(results)
    panels = ", ".join(METRIC_LABELS[m].lower() for m in metrics)
    intro = "chart.alt.sim_intro_band" if n_runs > 1 else "chart.alt.sim_intro_one_run"
    styles = []
    for n, key in enumerate(results):
        linestyle = strategy_style(key, n)["linestyle"]
        kind = say(_LINE_KINDS.get(linestyle, "chart.alt.line_dotted"))
        styles.append(say("chart.alt.sim_line", strategy=strategy_label(key), kind=kind))
    bits = [
        say(
            "chart.alt.sim_result",
            strategy=label,
            burned=f"{row['contacts_burned']:.1f}",
            referrals=f"{row['referrals']:.1f}",
            trust=f"{row['trust_built']:.2f}",
        )
        for label, row in summary.iterrows()
    ]
    return " ".join(
        [
            say(intro, count=len(metrics), weeks=weeks, panels=panels),
            "; ".join(styles) + ".",
            say("chart.alt.sim_summary", weeks=weeks, runs=n_runs, results="; ".join(bits)),
            say("chart.alt.sim_note"),
        ]
    )


_BUILDERS: dict[str, Callable[..., str]] = {
    "trust_risk_map": _alt_map,
    "approaches_on_map": _alt_approaches,
    "rule_breaks_by": _alt_bars,
    "simulation_chart": _alt_sim,
}


def alt_text(chart_name: str, **params: Any) -> str:
    """One paragraph of alt text for a chart, with the numbers the chart shows.

    Pass the same arguments as to the chart function, for example
    ``alt_text("trust_risk_map", effort=0.3)``. Paste the result into the
    markdown cell beside the figure, after ``**Alt text:**``.
    """
    if chart_name not in _BUILDERS:
        raise ValueError(f"Unknown chart {chart_name!r}. Choose one of: {', '.join(_BUILDERS)}.")
    return _BUILDERS[chart_name](**params)


__all__ = ["ALT_TEXT", "alt_text"]
