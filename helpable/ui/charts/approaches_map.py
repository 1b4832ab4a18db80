"""The example approaches placed on the trust-and-risk map, one marker shape per rule group.

:func:`place_approaches` computes where each ask lands; :func:`approaches_on_map`
draws them over a faded map. Risk comes from the labels or from the analyzer.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from helpable.analyzer.engine import analyze
from helpable.content.rules import RULE_KEYS, rules
from helpable.content.strings import say
from helpable.model.decision import (
    DEFAULT,
    ModelParams,
    cost_level,
    p_yes,
    place_feedback,
    trust_from,
)
from helpable.ui.charts.base import (
    BLACK,
    WHITE,
    approach_table,
    as_floats,
    chart_style,
    check_unit,
    model_caveat,
    new_figure,
    pretty,
    remember_alt,
)
from helpable.ui.charts.trust_map import colorbar, map_axes, paint_surface, subtitle
from helpable.ui.style import GROUP_STYLE, percent

if TYPE_CHECKING:  # matplotlib itself is imported only to draw (see charts.base)
    from matplotlib.figure import Figure


def rule_group(row: Mapping[Any, Any]) -> str:
    """'none', the one rule broken, or 'several' when an ask breaks two or three."""
    broken = [k for k in RULE_KEYS if int(row[k]) == 1]
    if not broken:
        return "none"
    return broken[0] if len(broken) == 1 else "several"


def _group_label(group: str) -> str:
    if group == "none":
        return say("chart.group.none")
    if group == "several":
        return say("chart.group.several")
    return say("chart.group.one", rule=rules()[group].label)


def _analyzer_costs(data: pd.DataFrame, params: ModelParams) -> dict[str, NDArray[np.float64]]:
    """Each ask's risk, effort and commitment from the pitch analyzer's findings."""
    placed = []
    for row in data.itertuples(index=False):
        relationship = str(row.relationship)
        setting = getattr(row, "setting", None)
        feedback = analyze(
            str(row.text),
            setting=None if setting is None else str(setting),
            relationship=relationship,
        )
        placed.append(place_feedback(feedback, relationship, params))
    return {
        "risk": as_floats([p.risk for p in placed]),
        "effort": as_floats([p.effort for p in placed]),
        "commitment": as_floats([p.commitment for p in placed]),
    }


def place_approaches(
    frame: pd.DataFrame | None = None,
    *,
    source: str = "labels",
    jitter: float = 0.045,
    seed: int = 0,
    params: ModelParams = DEFAULT,
) -> pd.DataFrame:
    """Each approach's place on the map: ``trust``, ``risk``, ``group`` and ``p_yes``.

    ``source="labels"`` reads risk from the labelled columns (a break counts
    as one finding); ``source="analyzer"`` runs the pitch analyzer on each
    text. A small, seeded jitter keeps points from hiding each other.
    """
    data = approach_table(frame).reset_index(drop=True).copy()
    rng = np.random.default_rng(seed)
    trust = np.array([trust_from(r, params) for r in data["relationship"]])
    cost: dict[str, NDArray[np.float64]]
    if source == "labels":
        level = cost_level(1, params)
        cost = {k: as_floats(data[k].astype(int).to_numpy() * level) for k in RULE_KEYS}
    elif source == "analyzer":
        cost = _analyzer_costs(data, params)
        for k in RULE_KEYS:
            data[k] = (cost[k] > 0).astype(int)
    else:
        raise ValueError(f"source must be 'labels' or 'analyzer', not {source!r}")
    n = len(data)
    # Jitter keeps points from hiding each other; risk-free asks sit just above
    # the bottom edge so that no marker is cut in half.
    data["trust"] = np.clip(trust + rng.uniform(-jitter, jitter, n), 0.02, 0.98)
    spread = rng.uniform(-1.0, 1.0, n) * jitter * 1.5
    data["risk_level"] = np.where(
        cost["risk"] > 0, np.clip(cost["risk"] + spread, 0.03, 0.97), 0.06 + spread * 0.8
    )
    data["effort_level"] = cost["effort"]
    data["commitment_level"] = cost["commitment"]
    data["group"] = [rule_group(r) for r in data[list(RULE_KEYS)].to_dict("records")]
    data["p_yes"] = as_floats(
        p_yes(trust, cost["risk"], cost["effort"], cost["commitment"], params=params)
    )
    return data


def _snippet(text: object, width: int = 26, lines: int = 2) -> str:
    """The start of a text, wrapped to at most ``lines`` lines, with "…" when cut."""
    wrapped = textwrap.wrap(" ".join(str(text).split()), width=width)
    if len(wrapped) > lines:
        wrapped = wrapped[:lines]
        wrapped[-1] = wrapped[-1].rstrip(" ,.;:!?") + "…"
    return "\n".join(wrapped)


def _pick_annotations(placed: pd.DataFrame, count: int) -> list[int]:
    """Row positions to annotate: spread from the lowest to the highest chance of yes."""
    if count <= 0 or placed.empty:
        return []
    order = [int(i) for i in placed.sort_values(["p_yes", "trust"], kind="stable").index]
    count = min(count, len(order))
    spots = np.linspace(0, len(order) - 1, count).round().astype(int)
    return [order[i] for i in dict.fromkeys(spots)]


def _quote(placed: pd.DataFrame, idx: int) -> str:
    """An annotated ask's opening words, and its relationship and chance of a yes."""
    if "text" in placed.columns:
        text: object = placed.at[idx, "text"]
    else:
        text = placed.at[idx, "id"] if "id" in placed.columns else idx
    chance = percent(placed["p_yes"].to_numpy(dtype=float)[idx])
    who = pretty(placed.at[idx, "relationship"])
    return f"{_snippet(text)}\n{say('chart.approaches.quote_chance', who=who, chance=chance)}"


def approaches_on_map(
    frame: pd.DataFrame | None = None,
    annotate: int = 3,
    *,
    effort: float = 0.0,
    commitment: float = 0.0,
    source: str = "labels",
    seed: int = 0,
    params: ModelParams = DEFAULT,
    figsize: tuple[float, float] = (9.5, 7.0),
) -> Figure:
    """The example approaches placed on the trust-and-risk map.

    Trust comes from each row's relationship, risk from its labels (or the
    analyzer). Marker shape and colour show which rules an ask breaks, and
    ``annotate`` asks (at most 3) are quoted, from the least to the most likely
    yes; each quoted chance uses that ask's own costs, not the background's.
    """
    from matplotlib.lines import Line2D

    placed = place_approaches(frame, source=source, seed=seed, params=params)
    with chart_style():
        fig, ax = new_figure(figsize)
        filled, _, _ = paint_surface(
            ax,
            check_unit("effort", effort),
            check_unit("commitment", commitment),
            params,
            alpha=0.55,
            label_at=0.85,
        )
        map_axes(ax, params)
        handles = []
        for group, style in GROUP_STYLE.items():
            part = placed[placed["group"] == group]
            label = f"{_group_label(group)} ({len(part)})"
            ax.scatter(
                part["trust"],
                part["risk_level"],
                s=80 if len(placed) <= 100 else 50,
                marker=style["marker"],
                c=style["color"],
                edgecolors=BLACK,
                linewidths=1.0,
                zorder=3,
            )
            handles.append(
                Line2D(
                    [],
                    [],
                    marker=style["marker"],
                    linestyle="none",
                    markersize=10,
                    markerfacecolor=style["color"],
                    markeredgecolor=BLACK,
                    label=label,
                )
            )
        # Labels sit in the empty band between risk-free and risky asks, left to
        # right in trust order, so that arrows never cross and boxes never overlap.
        trust = placed["trust"].to_numpy(dtype=float)
        risk = placed["risk_level"].to_numpy(dtype=float)
        picks = sorted(_pick_annotations(placed, min(annotate, 3)), key=lambda i: trust[i])
        for slot, idx in enumerate(picks):
            ax.annotate(
                _quote(placed, idx),
                (trust[idx], risk[idx]),
                xytext=(0.015 + slot / len(picks), 0.33),
                textcoords="axes fraction",
                ha="left",
                va="center",
                fontsize=10,
                arrowprops={"arrowstyle": "->", "color": BLACK, "lw": 1.2},
                bbox={"boxstyle": "round", "facecolor": WHITE, "alpha": 0.94},
                zorder=4,
            )
        colorbar(fig, filled, ax)
        fig.legend(handles=handles, loc="outside lower center", ncol=3, frameon=False)
        background = subtitle(effort, commitment).lower()
        key = (
            "chart.approaches.subtitle_labels"
            if source == "labels"
            else "chart.approaches.subtitle_analyzer"
        )
        ax.set_title(say(key, background=background), fontsize=11, loc="left")
        fig.suptitle(say("chart.approaches.title"))
        model_caveat(fig)
    return remember_alt(
        fig,
        "approaches_on_map",
        frame=frame,
        annotate=annotate,
        source=source,
        seed=seed,
        params=params,
    )


__all__ = ["approaches_on_map", "place_approaches", "rule_group"]
