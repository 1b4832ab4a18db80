"""The course's charts of trust, risk and the networking simulation.

Every chart function returns a matplotlib ``Figure`` and never calls
``plt.show``. Figures are made with pyplot (so that Jupyter knows how to show
them) and closed at once, so they never pile up or appear twice. In a
notebook, end a cell with the figure, or call :func:`show`::

    fig = charts.trust_risk_map(effort=0.3)
    fig

Colours are colour-blind safe (viridis and the Okabe–Ito palette), and no
chart relies on colour alone: rules also get marker shapes, hatching or line
styles. :func:`alt_text` writes the alt text for each chart.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.layout_engine import PlaceHolderLayoutEngine
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator, PercentFormatter
from PIL import Image as PILImage

from helpable.content.approaches import CHANNELS, RELATIONSHIPS, SETTINGS
from helpable.model.decision import (
    DEFAULT,
    DISCLAIMER,
    ModelParams,
    Placement,
    even_odds_risk,
    p_yes,
    trust_from,
)
from helpable.content.rules import RULE_KEYS, rules
from helpable.model.simulate import METRIC_LABELS, STRATEGIES, compare, final_means

OKABE_ITO: dict[str, str] = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}
"""The Okabe–Ito colour-blind-safe palette."""

SURFACE_CMAP = "viridis"
"""Colour map of the chance-of-a-yes surface (perceptually even, colour-blind safe)."""

RULE_STYLE: dict[str, dict[str, str]] = {
    "none": {"color": OKABE_ITO["bluish_green"], "marker": "o", "hatch": ""},
    "effort": {"color": OKABE_ITO["orange"], "marker": "s", "hatch": "//"},
    "risk": {"color": OKABE_ITO["vermillion"], "marker": "^", "hatch": "xx"},
    "commitment": {"color": OKABE_ITO["sky_blue"], "marker": "D", "hatch": ".."},
    "several": {"color": OKABE_ITO["reddish_purple"], "marker": "P", "hatch": "++"},
}
"""Colour, marker shape and hatch for each rule (and for 'none' and 'several')."""

STRATEGY_STYLE: dict[str, dict[str, Any]] = {
    "leads_first": {"color": OKABE_ITO["vermillion"], "linestyle": "--", "marker": "s"},
    "advice_first": {"color": OKABE_ITO["blue"], "linestyle": "-", "marker": "o"},
}
"""Line colour, line style and marker for each strategy."""

_EXTRA_STYLES: tuple[dict[str, Any], ...] = (
    {"color": OKABE_ITO["orange"], "linestyle": ":", "marker": "^"},
    {"color": OKABE_ITO["reddish_purple"], "linestyle": "-.", "marker": "D"},
    {"color": OKABE_ITO["bluish_green"], "linestyle": (0, (5, 1, 1, 1)), "marker": "v"},
)

SIM_METRICS: tuple[str, ...] = ("conversations", "trust_built", "contacts_burned", "referrals")
"""The four metrics the simulation chart shows by default."""

_RC = {
    "font.size": 12,
    "axes.titlesize": 13,
    "axes.labelsize": 12,
    "xtick.labelsize": 11,
    "ytick.labelsize": 11,
    "legend.fontsize": 11,
    "figure.titlesize": 15,
    "figure.dpi": 100,
    "savefig.dpi": 100,
    "axes.spines.top": False,
    "axes.spines.right": False,
}


@contextmanager
def chart_style() -> Iterator[None]:
    """The course's chart style (font sizes readable at 100% zoom, no top/right spines)."""
    with matplotlib.rc_context(_RC):
        yield


def _figure(figsize: tuple[float, float], nrows: int = 1, ncols: int = 1, **kw: Any) -> tuple:
    """A new constrained-layout figure, already detached from pyplot's list of open figures."""
    fig, axes = plt.subplots(nrows, ncols, figsize=figsize, layout="constrained", **kw)
    plt.close(fig)
    return fig, axes


def show(fig: Figure) -> None:
    """Show a figure in the notebook as a compact PNG, and release it from pyplot's memory.

    A 256-colour PNG looks the same for these charts and keeps stored
    notebooks small (the course's budget is 600 kB a notebook).
    """
    plt.close(fig)
    try:
        from IPython.display import Image, display
    except ImportError:  # pragma: no cover - outside Jupyter there is nothing to show
        return
    display(Image(data=compact_png(fig)))


def compact_png(fig: Figure) -> bytes:
    """The figure as a palette PNG (256 colours, no dithering), cropped like Jupyter's."""
    from PIL import Image as PILImage

    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=fig.dpi, bbox_inches="tight")
    with PILImage.open(io.BytesIO(buf.getvalue())) as image:
        palette = image.convert("RGB").quantize(
            colors=256, method=PILImage.Quantize.MEDIANCUT, dither=PILImage.Dither.NONE
        )
        out = io.BytesIO()
        palette.save(out, format="PNG", optimize=True)
    return out.getvalue()


def render_png(fig: Figure, dpi: float | None = None) -> bytes:
    """The figure as PNG bytes (what a notebook shows)."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi or fig.dpi)
    return buf.getvalue()


_NAMES = {"linkedin": "LinkedIn"}


def _pretty(name: str) -> str:
    return _NAMES.get(str(name), str(name).replace("_", " "))


def _check_unit(name: str, value: float) -> float:
    if not 0.0 <= float(value) <= 1.0:
        raise ValueError(f"{name} must be between 0 and 1, not {value}")
    return float(value)


# --- 1. the trust-and-risk map -----------------------------------------------------

_MAP_LEVELS = np.linspace(0.0, 1.0, 11)


def _paint_surface(
    ax: Axes,
    effort: float,
    commitment: float,
    params: ModelParams,
    alpha: float = 1.0,
    resolution: int = 101,
    label_at: float = 0.5,
) -> tuple[Any, list[Artist], list[Artist]]:
    """Draw the chance-of-a-yes surface and its labelled 50% line.

    Returns the filled contours (for the colour bar), the artists to remove
    when the surface is redrawn, and every artist drawn (for fast redraws).
    """
    grid = np.linspace(0.0, 1.0, resolution)
    tt, rr = np.meshgrid(grid, grid)
    chance = p_yes(tt, rr, effort, commitment, params=params)
    filled = ax.contourf(tt, rr, chance, levels=_MAP_LEVELS, cmap=SURFACE_CMAP, alpha=alpha)
    removable: list[Artist] = [filled]
    drawn: list[Artist] = [filled]
    if chance.min() < 0.5 < chance.max():
        halo = ax.contour(tt, rr, chance, levels=[0.5], colors="white", linewidths=3.5)
        line = ax.contour(
            tt, rr, chance, levels=[0.5], colors="black", linewidths=1.6, linestyles="--"
        )
        labels = _label_yes_line(ax, effort, commitment, params, label_at)
        removable += [halo, line, *labels]
        drawn += [halo, line, *labels]
    else:
        side = "above" if chance.min() >= 0.5 else "below"
        note = ax.text(
            0.5,
            0.5,
            f"Every ask on this map is {side} a 50% chance of yes",
            transform=ax.transAxes,
            ha="center",
            va="center",
            fontsize=12,
            bbox={"boxstyle": "round", "facecolor": "white", "alpha": 0.9},
        )
        removable.append(note)
        drawn.append(note)
    return filled, removable, drawn


def _yes_line(
    effort: float, commitment: float, params: ModelParams
) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """Points of the 50% line inside the map, and the running length along it."""
    grid = np.linspace(0.0, 1.0, 201)
    curve = np.asarray(even_odds_risk(grid, effort, commitment, params=params), dtype=float)
    ok = np.isfinite(curve) & (curve >= 0.0) & (curve <= 1.0)
    if ok.sum() < 2:
        return None
    xs, ys = grid[ok], curve[ok]
    length = np.concatenate([[0.0], np.cumsum(np.hypot(np.diff(xs), np.diff(ys)))])
    return xs, ys, length


def _spot(length: np.ndarray, at: float) -> int:
    """Index of the point ``at`` (a share of the length) along a line."""
    return int(np.clip(np.searchsorted(length, length[-1] * at), 1, len(length) - 1))


_NOTE_BOX = (0.42, 0.1)
"""Rough size (width, height) of a pitch's note on the map, in data units."""


def _label_spot(
    effort: float, commitment: float, pitch: Placement | None, params: ModelParams
) -> float:
    """Where along the 50% line its label goes: the middle, or away from a marked pitch.

    The pitch's note sits beside the star (see :func:`_mark_pitch`); its box is
    roughly ``_NOTE_BOX`` in data units, which is enough to keep the two apart.
    """
    line = _yes_line(effort, commitment, params) if pitch is not None else None
    if pitch is None or line is None:
        return 0.5
    xs, ys, length = line
    width, height = _NOTE_BOX
    right = pitch.trust < 0.6
    x0 = pitch.trust + 0.04 if right else pitch.trust - 0.04 - width
    yc = pitch.risk - 0.19 if pitch.risk > 0.5 else pitch.risk + 0.19

    def clearance(at: float) -> float:
        i = _spot(length, at)
        x, y = xs[i], ys[i]
        dx = max(x0 - x, 0.0, x - (x0 + width))
        dy = max(abs(y - yc) - height / 2, 0.0)
        return min(float(np.hypot(dx, dy)), float(np.hypot(x - pitch.trust, y - pitch.risk)))

    return max((0.5, 0.15, 0.85), key=clearance)


def _label_yes_line(
    ax: Axes, effort: float, commitment: float, params: ModelParams, at: float = 0.5
) -> list[Artist]:
    """Write "50% yes line" on the line (``at`` = share of its length), turned to follow it.

    The angle is set in data space and turned at draw time, so the label stays
    on the line whatever the figure's final size.
    """
    line = _yes_line(effort, commitment, params)
    if line is None:
        return []
    xs, ys, length = line
    i = _spot(length, at)
    angle = float(np.degrees(np.arctan2(ys[i] - ys[i - 1], xs[i] - xs[i - 1])))
    label = ax.text(
        xs[i],
        ys[i],
        "50% yes line",
        rotation=angle,
        rotation_mode="anchor",
        transform_rotates_text=True,
        ha="center",
        va="center",
        fontsize=12,
        fontweight="bold",
        bbox={"boxstyle": "round,pad=0.25", "facecolor": "white", "alpha": 0.92},
        zorder=4,
    )
    return [label]


def _map_axes(ax: Axes, params: ModelParams) -> None:
    """Limits, plain labels and the relationship names along the top."""
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_xlabel("Trust: how well they know and trust you (0 to 1)")
    ax.set_ylabel("Risk to their good name (0 to 1)")
    top = ax.secondary_xaxis("top")
    top.set_xticks([trust_from(r, params) for r in RELATIONSHIPS])
    top.set_xticklabels(
        ["stranger", "acquaintance", "referred", "former\ncolleague", "close\nfriend"],
        fontsize=10,
    )
    top.tick_params(length=4)


def _colorbar(fig: Figure, filled: Any, ax: Axes) -> None:
    bar = fig.colorbar(filled, ax=ax, shrink=0.9, pad=0.02)
    bar.set_label("Chance of a yes")
    bar.set_ticks(np.linspace(0, 1, 6))
    bar.ax.yaxis.set_major_formatter(PercentFormatter(1.0))


def _subtitle(effort: float, commitment: float) -> str:
    return f"Effort {effort:.1f} and commitment {commitment:.1f} (0 = none, 1 = the most)"


def _corner_labels(ax: Axes) -> list[Artist]:
    texts = []
    for x, y, label, align in (
        (0.97, 0.04, "most likely yes", "right"),
        (0.03, 0.96, "least likely yes", "left"),
    ):
        texts.append(
            ax.text(
                x,
                y,
                label,
                transform=ax.transAxes,
                ha=align,
                va="bottom" if y < 0.5 else "top",
                fontsize=12,
                fontweight="bold",
                bbox={"boxstyle": "round", "facecolor": "white", "alpha": 0.85},
                zorder=4,
            )
        )
    return texts


def _mark_pitch(ax: Axes, pitch: Placement) -> list[Artist]:
    (star,) = ax.plot(
        pitch.trust,
        pitch.risk,
        marker="*",
        markersize=24,
        color="white",
        markeredgecolor="black",
        markeredgewidth=1.5,
        linestyle="none",
        zorder=5,
        clip_on=False,
    )
    note = ax.annotate(
        f"Your pitch: about {round(pitch.p_yes * 100)}% chance of a yes",
        (pitch.trust, pitch.risk),
        xytext=(30 if pitch.trust < 0.6 else -30, -55 if pitch.risk > 0.5 else 55),
        textcoords="offset points",
        ha="left" if pitch.trust < 0.6 else "right",
        va="top" if pitch.risk > 0.5 else "bottom",
        fontsize=12,
        arrowprops={"arrowstyle": "->", "color": "black", "lw": 1.5},
        bbox={"boxstyle": "round", "facecolor": "white", "alpha": 0.92},
        zorder=5,
    )
    return [star, note]


def _build_map(
    effort: float,
    commitment: float,
    pitch: Placement | None,
    params: ModelParams,
    figsize: tuple[float, float],
) -> dict[str, Any]:
    with chart_style():
        fig, ax = _figure(figsize)
        label_at = _label_spot(effort, commitment, pitch, params)
        filled, removable, drawn = _paint_surface(ax, effort, commitment, params, label_at=label_at)
        _map_axes(ax, params)
        # The corner labels would hide a pitch that lands in a corner.
        overlays = list(ax.spines.values())
        overlays += _mark_pitch(ax, pitch) if pitch is not None else _corner_labels(ax)
        _colorbar(fig, filled, ax)
        subtitle = ax.set_title(_subtitle(effort, commitment), fontsize=11, loc="left")
        fig.suptitle("Trust changes how much a risky ask costs")
    return {
        "figure": fig,
        "ax": ax,
        "pitch": pitch,
        "removable": removable,
        "drawn": drawn,
        "overlays": overlays,
        "subtitle": subtitle,
    }


def _resolve_costs(
    effort: float | None, commitment: float | None, pitch: Placement | None
) -> tuple[float, float]:
    if effort is None:
        effort = pitch.effort if pitch is not None else 0.0
    if commitment is None:
        commitment = pitch.commitment if pitch is not None else 0.0
    return _check_unit("effort", effort), _check_unit("commitment", commitment)


def trust_risk_map(
    effort: float | None = None,
    commitment: float | None = None,
    *,
    pitch: Placement | None = None,
    params: ModelParams = DEFAULT,
    figsize: tuple[float, float] = (8.5, 6.0),
) -> Figure:
    """Chance of a yes over trust (across) and risk (up), with the 50% yes line.

    Effort and commitment (0–1) shift the whole map. Pass ``pitch`` (from
    :func:`helpable.model.decision.place_pitch`) to mark where one pitch lands; the map
    then uses that pitch's effort and commitment unless you give them.
    """
    effort, commitment = _resolve_costs(effort, commitment, pitch)
    return _build_map(effort, commitment, pitch, params, figsize)["figure"]


# --- 2. the example approaches on the map ---------------------------------------------


def _approaches(frame: pd.DataFrame | None) -> pd.DataFrame:
    if frame is None:
        from helpable.content.approaches import load_approaches

        frame = load_approaches()
    needed = ["relationship", *RULE_KEYS]
    missing = [c for c in needed if c not in frame.columns]
    if missing:
        raise ValueError(f"The table needs column(s): {', '.join(missing)}")
    return frame


def rule_group(row: Mapping[str, Any]) -> str:
    """'none', the one rule broken, or 'several' when an ask breaks two or three."""
    broken = [k for k in RULE_KEYS if int(row[k]) == 1]
    if not broken:
        return "none"
    return broken[0] if len(broken) == 1 else "several"


def _group_label(group: str) -> str:
    if group == "none":
        return "Breaks no rule"
    if group == "several":
        return "Breaks two or more rules"
    return f"Breaks {rules()[group].label}"


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
    from helpable.model.decision import cost_level, place_feedback

    data = _approaches(frame).reset_index(drop=True).copy()
    rng = np.random.default_rng(seed)
    trust = np.array([trust_from(r, params) for r in data["relationship"]])
    if source == "labels":
        cost = {k: data[k].astype(int).to_numpy() * cost_level(1, params) for k in RULE_KEYS}
    elif source == "analyzer":
        from helpable.analyzer.engine import analyze

        placed = []
        for row in data.itertuples(index=False):
            feedback = analyze(
                row.text, setting=getattr(row, "setting", None), relationship=row.relationship
            )
            placed.append(place_feedback(feedback, row.relationship, params))
        cost = {
            "risk": np.array([p.risk for p in placed]),
            "effort": np.array([p.effort for p in placed]),
            "commitment": np.array([p.commitment for p in placed]),
        }
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
    data["p_yes"] = p_yes(trust, cost["risk"], cost["effort"], cost["commitment"], params=params)
    return data


def _snippet(text: str, width: int = 26, lines: int = 2) -> str:
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
    order = placed.sort_values(["p_yes", "trust"], kind="stable").index.to_list()
    count = min(count, len(order))
    spots = np.linspace(0, len(order) - 1, count).round().astype(int)
    return [order[i] for i in dict.fromkeys(spots)]


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
    placed = place_approaches(frame, source=source, seed=seed, params=params)
    with chart_style():
        fig, ax = _figure(figsize)
        filled, _, _ = _paint_surface(
            ax,
            _check_unit("effort", effort),
            _check_unit("commitment", commitment),
            params,
            alpha=0.55,
            label_at=0.85,
        )
        _map_axes(ax, params)
        handles = []
        for group, style in RULE_STYLE.items():
            part = placed[placed["group"] == group]
            label = f"{_group_label(group)} ({len(part)})"
            ax.scatter(
                part["trust"],
                part["risk_level"],
                s=80 if len(placed) <= 100 else 50,
                marker=style["marker"],
                c=style["color"],
                edgecolors="black",
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
                    markeredgecolor="black",
                    label=label,
                )
            )
        # Labels sit in the empty band between risk-free and risky asks, left to
        # right in trust order, so that arrows never cross and boxes never overlap.
        picks = sorted(
            _pick_annotations(placed, min(annotate, 3)), key=lambda i: placed.at[i, "trust"]
        )
        for slot, idx in enumerate(picks):
            row = placed.loc[idx]
            text = row["text"] if "text" in placed.columns else str(row.get("id", idx))
            chance = round(float(row["p_yes"]) * 100)
            who = _pretty(row["relationship"])
            ax.annotate(
                f"{_snippet(text)}\n({who}: {chance}% yes)",
                (row["trust"], row["risk_level"]),
                xytext=(0.015 + slot / len(picks), 0.33),
                textcoords="axes fraction",
                ha="left",
                va="center",
                fontsize=10,
                arrowprops={"arrowstyle": "->", "color": "black", "lw": 1.2},
                bbox={"boxstyle": "round", "facecolor": "white", "alpha": 0.94},
                zorder=4,
            )
        _colorbar(fig, filled, ax)
        fig.legend(handles=handles, loc="outside lower center", ncol=3, frameon=False)
        where = "the labels" if source == "labels" else "the pitch analyzer"
        ax.set_title(
            f"Risk comes from {where}. Background: {_subtitle(effort, commitment).lower()}",
            fontsize=11,
            loc="left",
        )
        fig.suptitle("Where the example asks land")
    return fig


# --- 3. rule breaks by channel or setting -----------------------------------------------


_ORDERS: dict[str, tuple[str, ...]] = {"channel": CHANNELS, "setting": SETTINGS}


def rule_counts(frame: pd.DataFrame | None = None, by: str = "channel") -> pd.DataFrame:
    """How many asks break each rule, per channel or setting, plus ``asks`` (rows per group)."""
    if by not in _ORDERS:
        raise ValueError(f"by must be 'channel' or 'setting', not {by!r}")
    data = _approaches(frame)
    if by not in data.columns:
        raise ValueError(f"The table needs a {by!r} column")
    counts = data.groupby(by)[list(RULE_KEYS)].sum().astype(int)
    counts["asks"] = data.groupby(by).size()
    order = [g for g in _ORDERS[by] if g in counts.index]
    order += sorted(g for g in counts.index if g not in order)
    return counts.loc[order]


def _bars(ax: Axes, counts: pd.DataFrame, by: str, show_title: bool, share: bool) -> None:
    x = np.arange(len(counts))
    width = 0.8 / len(RULE_KEYS)
    values = counts[list(RULE_KEYS)].astype(float)
    if share:
        values = values.div(counts["asks"].clip(lower=1), axis=0)
    for i, key in enumerate(RULE_KEYS):
        style = RULE_STYLE[key]
        bars = ax.bar(
            x + (i - (len(RULE_KEYS) - 1) / 2) * width,
            values[key],
            width,
            color=style["color"],
            hatch=style["hatch"],
            edgecolor="black",
            linewidth=0.8,
            label=rules()[key].label,
        )
        labels = [f"{round(v * 100)}" for v in values[key]] if share else None
        ax.bar_label(bars, labels=labels, padding=2, fontsize=9.5 if share else 10)
    ax.set_xticks(x)
    ax.set_xticklabels([f"{_pretty(g)}\n({n} asks)" for g, n in counts["asks"].items()])
    ax.set_xlabel(by.capitalize())
    if share:
        ax.set_ylabel("Share of asks that break the rule")
        ax.yaxis.set_major_formatter(PercentFormatter(1.0))
        ax.set_ylim(0, min(1.0, max(0.1, values.to_numpy().max())) * 1.15)
    else:
        ax.set_ylabel("Asks that break the rule")
        ax.set_ylim(0, max(1.0, values.to_numpy().max()) * 1.15)
    if show_title:
        ax.set_title(f"By {by}", loc="left")


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
    panels = ["channel", "setting"] if by == "both" else [by]
    data = _approaches(frame)
    counts = [rule_counts(data, p) for p in panels]
    if figsize is None:
        figsize = (9.5, 5.5) if len(panels) == 1 else (14.0, 5.5)
    with chart_style():
        fig, axes = _figure(figsize, 1, len(panels), squeeze=False, sharey=share)
        for ax, part, panel in zip(axes[0], counts, panels, strict=True):
            _bars(ax, part, panel, show_title=len(panels) > 1, share=share)
        handles = [
            Patch(
                facecolor=RULE_STYLE[k]["color"],
                hatch=RULE_STYLE[k]["hatch"],
                edgecolor="black",
                label=rules()[k].label,
            )
            for k in RULE_KEYS
        ]
        fig.legend(handles=handles, loc="outside lower center", ncol=3, frameon=False)
        where = " and ".join(f"{p}" for p in panels)
        what = (
            "How often the example asks break each rule"
            if share
            else "Which rules the example asks break"
        )
        fig.suptitle(f"{what}, by {where}")
    return fig


# --- 4. the simulation over weeks ------------------------------------------------------------

_Y_LABELS = {
    "conversations": "Conversations",
    "trust_built": "Trust (0 to 1)",
    "introductions_offered": "Introductions",
    "contacts_burned": "People",
    "referrals": "Referrals",
}


def _strategy_style(key: str, n: int) -> dict[str, Any]:
    return STRATEGY_STYLE.get(key, _EXTRA_STYLES[n % len(_EXTRA_STYLES)])


def _strategy_label(key: str) -> str:
    return STRATEGIES[key].label if key in STRATEGIES else _pretty(key)


def _check_results(
    results_by_strategy: Mapping[str, pd.DataFrame] | None, metrics: Sequence[str]
) -> dict[str, pd.DataFrame]:
    results = dict(results_by_strategy) if results_by_strategy is not None else compare()
    if not results:
        raise ValueError("results_by_strategy is empty: give at least one strategy's results")
    if not 1 <= len(metrics) <= 6:
        raise ValueError("show from 1 to 6 metrics")
    unknown = [m for m in metrics if m not in METRIC_LABELS]
    if unknown:
        raise ValueError(f"Unknown metric(s) {unknown}. Choose from: {', '.join(METRIC_LABELS)}")
    return results


def _runs(results: Mapping[str, pd.DataFrame]) -> int:
    return max(int(frame.attrs.get("runs", 1)) for frame in results.values())


def _sim_title(results: Mapping[str, pd.DataFrame]) -> str:
    n_runs = _runs(results)
    what = f"average of {n_runs} runs" if n_runs > 1 else "one run"
    first = "Two ways to network" if len(results) > 1 else _strategy_label(next(iter(results)))
    return f"{first}, week by week ({what})"


def _series(frame: pd.DataFrame, metric: str) -> tuple[np.ndarray, ...]:
    """week, mean, low, high for one metric (low and high are None for a single run)."""
    if "metric" in frame.columns:
        # numpy masks, not pandas filtering: this runs on every slider move
        rows = frame["metric"].to_numpy() == metric
        return tuple(frame[c].to_numpy()[rows] for c in ("week", "mean", "p10", "p90"))
    return frame["week"].to_numpy(), frame[metric].to_numpy(), None, None


def _emphasis(key: str, focus: str | None) -> tuple[float, bool]:
    """Line alpha, and whether to show the band, for a strategy given the focus."""
    return (1.0, True) if focus is None or key == focus else (0.3, False)


def _paint_metric(
    ax: Axes, metric: str, results: Mapping[str, pd.DataFrame], focus: str | None = None
) -> dict[str, tuple[Any, Line2D]]:
    """One panel's band and line for each strategy, by strategy key."""
    artists: dict[str, tuple[Any, Line2D]] = {}
    for n, (key, frame) in enumerate(results.items()):
        style = _strategy_style(key, n)
        alpha, show_band = _emphasis(key, focus)
        week, mean, low, high = _series(frame, metric)
        band = None
        if low is not None:
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
            label=_strategy_label(key),
        )
        artists[key] = (band, line)
    return artists


def _refresh_metric(
    artists: Mapping[str, tuple[Any, Line2D]],
    metric: str,
    results: Mapping[str, pd.DataFrame],
    focus: str | None,
) -> None:
    """Put new numbers into a panel's existing bands and lines."""
    for key, (band, line) in artists.items():
        week, mean, low, high = _series(results[key], metric)
        alpha, show_band = _emphasis(key, focus)
        line.set_data(week, mean)
        line.set_alpha(alpha)
        if band is not None and low is not None:
            band.set_data(week, low, high)
            band.set_visible(show_band)


def _flat(artists: Mapping[str, Mapping[str, tuple[Any, Line2D]]]) -> list[Artist]:
    return [a for panel in artists.values() for pair in panel.values() for a in pair if a]


def _nice_top(value: float, metric: str) -> float:
    """A round upper limit at or above ``value``."""
    if metric == "trust_built":
        return min(1.0, max(0.1, np.ceil(value * 10 + 0.5) / 10))
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


def _last_week(results: Mapping[str, pd.DataFrame]) -> int:
    return int(max(frame["week"].max() for frame in results.values()))


def _sim_limits(
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
    weeks = max(_last_week(results), max_weeks or 0)
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


def _sim_legend(fig: Figure, results: Mapping[str, pd.DataFrame]) -> Any:
    handles: list[Any] = []
    for n, key in enumerate(results):
        style = _strategy_style(key, n)
        handles.append(
            Line2D(
                [],
                [],
                color=style["color"],
                linestyle=style["linestyle"],
                marker=style["marker"],
                markersize=6,
                linewidth=2.2,
                label=_strategy_label(key),
            )
        )
    if _runs(results) > 1:
        handles.append(
            Patch(facecolor="#bbbbbb", edgecolor="#777777", label="Shaded: middle 80% of runs")
        )
    return fig.legend(handles=handles, loc="outside lower center", ncol=len(handles), frameon=False)


def _build_sim(
    results: Mapping[str, pd.DataFrame],
    metrics: Sequence[str],
    figsize: tuple[float, float] | None,
    focus: str | None = None,
    *,
    scale: Mapping[str, pd.DataFrame] | None = None,
    max_weeks: int | None = None,
) -> dict[str, Any]:
    """Draw the small multiples; ``scale`` (default: ``results``) sets the y-limits."""
    ncols = 1 if len(metrics) == 1 else 2
    nrows = (len(metrics) + ncols - 1) // ncols
    if figsize is None:
        figsize = (11.0, 3.5 * nrows + 1.2) if ncols == 2 else (7.5, 4.8)
    with chart_style():
        fig, axes = _figure(figsize, nrows, ncols, squeeze=False)
        flat = list(axes.ravel())
        panels = dict(zip(metrics, flat, strict=False))
        artists = {}
        for metric, ax in panels.items():
            artists[metric] = _paint_metric(ax, metric, results, focus)
            _sim_limits(ax, metric, scale or results, force=True, max_weeks=max_weeks)
            ax.set_title(METRIC_LABELS[metric], loc="left")
            ax.set_ylabel(_Y_LABELS[metric])
            ax.set_xlabel("Week")
            ax.grid(axis="y", alpha=0.3)
            ax.xaxis.set_major_locator(MaxNLocator(integer=True, steps=[1, 2, 5, 10]))
            if metric != "trust_built":
                ax.yaxis.set_major_locator(MaxNLocator(integer=True, steps=[1, 2, 5, 10]))
        for ax in flat[len(metrics) :]:
            ax.set_visible(False)
        legend = _sim_legend(fig, results)
        title = fig.suptitle(_sim_title(results))
    return {"figure": fig, "panels": panels, "artists": artists, "legend": legend, "title": title}


def _check_focus(focus: str | None, results: Mapping[str, pd.DataFrame]) -> str | None:
    if focus in (None, "both"):
        return None
    if focus not in results:
        raise ValueError(f"focus must be one of {list(results)} or None, not {focus!r}")
    return focus


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
    results = _check_results(results_by_strategy, metrics)
    return _build_sim(results, metrics, figsize, _check_focus(focus, results))["figure"]


# --- fast redraws for sliders --------------------------------------------------------------


class _Blitter:
    """Draws a figure's fixed parts once, then only its changing parts (for sliders)."""

    def __init__(self, fig: Figure, dpi: float) -> None:
        fig.set_dpi(dpi)
        self.figure = fig
        self.canvas = FigureCanvasAgg(fig)
        self._background: Any = None
        self._dynamic: list[Artist] = []

    def set_dynamic(self, artists: Sequence[Artist], *, full: bool = False) -> None:
        """Say which artists change; ``full=True`` redraws the fixed parts too.

        The fixed parts (the background) must not overlap a changing artist's
        area with anything that should show on top of it.
        """
        for artist in artists:
            artist.set_animated(True)
        self._dynamic = list(artists)
        if full:
            self._background = None

    def png(self) -> bytes:
        """The figure as PNG bytes, redrawing only what changed."""
        if self._background is None:
            with chart_style():
                self.canvas.draw()  # animated artists are skipped: this is the background
            if not isinstance(self.figure.get_layout_engine(), PlaceHolderLayoutEngine):
                self.figure.set_layout_engine("none")  # keep the layout just computed
            self._background = self.canvas.copy_from_bbox(self.figure.bbox)
        self.canvas.restore_region(self._background)
        renderer = self.canvas.get_renderer()
        for artist in sorted(self._dynamic, key=lambda a: a.get_zorder()):
            artist.draw(renderer)
        # The figure is opaque, so RGB is enough, and a quarter less to compress.
        image = PILImage.fromarray(np.asarray(self.canvas.buffer_rgba())).convert("RGB")
        buf = io.BytesIO()
        image.save(buf, format="png", compress_level=1)
        return buf.getvalue()


class LiveMap:
    """The trust-and-risk map for sliders: :meth:`update` redraws only the surface.

    ``png()`` gives the current picture as PNG bytes; ``figure`` is the Figure.
    """

    def __init__(
        self,
        effort: float = 0.0,
        commitment: float = 0.0,
        *,
        pitch: Placement | None = None,
        params: ModelParams = DEFAULT,
        figsize: tuple[float, float] = (8.0, 5.6),
        dpi: float = 80,
    ) -> None:
        effort, commitment = _resolve_costs(effort, commitment, pitch)
        self.params = params
        self._parts = _build_map(effort, commitment, pitch, params, figsize)
        self.figure: Figure = self._parts["figure"]
        self._blit = _Blitter(self.figure, dpi)
        self._set_dynamic()

    def _set_dynamic(self) -> None:
        p = self._parts
        self._blit.set_dynamic([*p["drawn"], *p["overlays"], p["subtitle"]])

    def update(self, effort: float, commitment: float) -> None:
        """Redraw the surface for a new effort and commitment (0–1)."""
        effort = _check_unit("effort", effort)
        commitment = _check_unit("commitment", commitment)
        p = self._parts
        for artist in p["removable"]:
            artist.remove()
        label_at = _label_spot(effort, commitment, p["pitch"], self.params)
        with chart_style():
            _, p["removable"], p["drawn"] = _paint_surface(
                p["ax"], effort, commitment, self.params, label_at=label_at
            )
        p["subtitle"].set_text(_subtitle(effort, commitment))
        self._set_dynamic()

    def png(self) -> bytes:
        """The current map as PNG bytes."""
        return self._blit.png()


class LiveSimulation:
    """The simulation chart for sliders: :meth:`update` redraws only lines and bands.

    The whole figure is drawn again only when the axes must change: a scale the
    data outgrow (or shrink well below), a new set of strategies, or (without
    ``max_weeks``) a new number of weeks.

    For a weeks slider, give ``max_weeks`` (the slider's maximum): the x-axis
    then always runs to that week, and a shorter run only shortens the lines.
    Pass ``scale``, results over all ``max_weeks`` weeks, to :meth:`update`
    too, so that the y-limits fit the whole run and stay put as weeks change.
    """

    def __init__(
        self,
        results_by_strategy: Mapping[str, pd.DataFrame],
        metrics: Sequence[str] = SIM_METRICS,
        *,
        focus: str | None = None,
        figsize: tuple[float, float] | None = (10.0, 7.0),
        dpi: float = 80,
        max_weeks: int | None = None,
        scale: Mapping[str, pd.DataFrame] | None = None,
    ) -> None:
        results = _check_results(results_by_strategy, metrics)
        if max_weeks is not None and (int(max_weeks) != max_weeks or max_weeks < 1):
            raise ValueError(f"max_weeks must be a whole number of weeks, not {max_weeks}")
        self.metrics = tuple(metrics)
        self.max_weeks = None if max_weeks is None else int(max_weeks)
        self._parts = _build_sim(
            results,
            metrics,
            figsize,
            _check_focus(focus, results),
            scale=None if scale is None else _check_results(scale, metrics),
            max_weeks=self.max_weeks,
        )
        self.figure: Figure = self._parts["figure"]
        self._blit = _Blitter(self.figure, dpi)
        self._set_dynamic()

    def _set_dynamic(self, full: bool = False) -> None:
        p = self._parts
        self._blit.set_dynamic([*_flat(p["artists"]), p["title"]], full=full)

    def update(
        self,
        results_by_strategy: Mapping[str, pd.DataFrame],
        focus: str | None = None,
        *,
        scale: Mapping[str, pd.DataFrame] | None = None,
    ) -> None:
        """Show new results (as :func:`simulation_chart` takes them), optionally one in focus.

        ``scale`` (default: the results themselves) is what the y-limits must fit,
        for example the same runs over ``max_weeks`` weeks.
        """
        results = _check_results(results_by_strategy, self.metrics)
        limits = results if scale is None else _check_results(scale, self.metrics)
        focus = _check_focus(focus, results)
        p = self._parts
        full = False
        with chart_style():
            same_lines = all(
                set(panel) == set(results)
                and all(
                    (band is None) == ("metric" not in results[k].columns)
                    for k, (band, _) in panel.items()
                )
                for panel in p["artists"].values()
            )
            if same_lines:
                for metric, panel in p["artists"].items():
                    _refresh_metric(panel, metric, results, focus)
            else:
                for artist in _flat(p["artists"]):
                    artist.remove()
                for metric, ax in p["panels"].items():
                    p["artists"][metric] = _paint_metric(ax, metric, results, focus)
                p["legend"].remove()
                p["legend"] = _sim_legend(self.figure, results)
                full = True
            for metric, ax in p["panels"].items():
                full |= _sim_limits(ax, metric, limits, max_weeks=self.max_weeks)
        p["title"].set_text(_sim_title(results))
        self._set_dynamic(full)

    def png(self) -> bytes:
        """The current chart as PNG bytes."""
        return self._blit.png()


# --- alt text -----------------------------------------------------------------------------

ALT_TEXT: dict[str, str] = {
    "trust_risk_map": (
        "A filled contour map. Across: trust, from stranger to close friend. Up: risk to "
        "the helper's good name. Colour: the chance of a yes, from dark purple (low) to "
        "yellow (high). A dashed 50% yes line runs from low risk at low trust up to high "
        "risk at high trust."
    ),
    "approaches_on_map": (
        "The trust and risk map with the example asks drawn on it as points. Marker shape "
        "and colour show which rule each ask breaks."
    ),
    "rule_breaks_by": (
        "Grouped bar chart. For each channel or setting, three hatched bars count the "
        "example asks that break the effort, risk and commitment rules."
    ),
    "simulation_chart": (
        "Line charts over weeks for two networking strategies, with shaded bands showing "
        "the spread across runs."
    ),
}
"""A short, fixed description of each chart; :func:`alt_text` adds the numbers."""


def _pct(x: float) -> str:
    return f"{round(float(x) * 100)}%"


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
    s_safe = p_yes(trust_from("stranger", params), 0.0, effort, commitment, params)
    s_risky = p_yes(trust_from("stranger", params), 1.0, effort, commitment, params)
    f_safe = p_yes(trust_from("close_friend", params), 0.0, effort, commitment, params)
    f_risky = p_yes(trust_from("close_friend", params), 1.0, effort, commitment, params)
    text = (
        "A filled contour map of the chance that a helper says yes. Across is trust, from "
        "stranger on the left to close friend on the right. Up is the risk the ask puts on "
        "the helper's good name. Colour runs from dark purple (unlikely) to yellow (likely). "
        f"Effort is set to {effort:.1f} and commitment to {commitment:.1f}. "
        f"For a stranger, the chance falls from {_pct(s_safe)} with no risk to "
        f"{_pct(s_risky)} with full risk. For a close friend it only falls from "
        f"{_pct(f_safe)} to {_pct(f_risky)}. "
    )
    if min(s_risky, f_risky, s_safe) < 0.5 < max(f_safe, s_safe):
        text += (
            "A dashed 50% yes line bends from the lower left toward the upper right: the "
            "more someone trusts you, the more risk they will take before a yes turns into "
            "a no. "
        )
    else:
        side = "above" if s_risky >= 0.5 else "below"
        text += f"At these settings every point on the map is {side} a 50% chance. "
    if pitch is not None:
        text += (
            f"A star marks your pitch at trust {pitch.trust:.2f} and risk {pitch.risk:.2f}, "
            f"about a {_pct(pitch.p_yes)} chance of a yes. "
        )
    return text + "The model is for teaching, not fitted to data."


def _alt_approaches(frame: pd.DataFrame | None = None, annotate: int = 3, **kw: Any) -> str:
    placed = place_approaches(
        frame,
        source=kw.get("source", "labels"),
        seed=kw.get("seed", 0),
        params=kw.get("params", DEFAULT),
    )
    counts = placed["group"].value_counts()
    phrases = {
        "none": "break no rule",
        "effort": "break only the effort rule",
        "risk": "break only the risk rule",
        "commitment": "break only the commitment rule",
        "several": "break two or more rules",
    }
    parts = [f"{counts.get(g, 0)} {phrases[g]}" for g in RULE_STYLE]
    risky = placed[placed["risk"].astype(int) == 1]
    safe = placed[placed["risk"].astype(int) == 0]
    text = (
        f"The trust and risk map, faded, with {len(placed)} example asks drawn as points. "
        "Across is trust from the relationship, up is risk. Asks that break the risk rule "
        "sit in a band high on the map; the rest sit near the bottom. "
        "Each point's shape and colour show which rules it breaks: circles break none, "
        "squares break effort, triangles break risk, diamonds break commitment, and plus "
        f"signs break two or more. Of the asks, {', '.join(parts)}. "
    )
    if len(risky) and len(safe):
        text += (
            "On average the model gives the asks that break the risk rule a "
            f"{_pct(risky['p_yes'].mean())} chance of a yes, and the others "
            f"{_pct(safe['p_yes'].mean())}. "
        )
    if annotate:
        shown = min(annotate, 3, len(placed))
        text += f"Labels quote {shown} asks, from the least to the most likely yes. "
    return text + "The model is for teaching, not fitted to data."


def _alt_bars(
    frame: pd.DataFrame | None = None, by: str = "channel", share: bool = False, **_: Any
) -> str:
    data = _approaches(frame)
    panels = ["channel", "setting"] if by == "both" else [by]
    what = "what share of the example asks" if share else "how many example asks"
    text = (
        f"Grouped bar chart of {what} break each rule. Each group has three "
        "bars, one per rule, told apart by hatching as well as colour: slashes for effort, "
        "crosses for risk, dots for commitment. "
    )
    for panel in panels:
        counts = rule_counts(data, panel)
        bits = []
        for group, row in counts.iterrows():
            if share:
                n = max(int(row["asks"]), 1)
                e, r, c = (_pct(row[k] / n) for k in RULE_KEYS)
                bits.append(
                    f"{_pretty(group)} ({row['asks']} asks): {e} break effort, "
                    f"{r} risk and {c} commitment"
                )
            else:
                bits.append(
                    f"{_pretty(group)} ({row['asks']} asks) has {row['effort']} effort, "
                    f"{row['risk']} risk and {row['commitment']} commitment breaks"
                )
        text += f"By {panel}: " + "; ".join(bits) + ". "
        rate = counts["risk"] / counts["asks"].clip(lower=1)
        top = (rate if share else counts["risk"]).idxmax()
        most = "highest share of" if share else "most"
        text += f"The {panel} with the {most} risk breaks is {_pretty(top)}. "
    return text.strip()


def _alt_sim(
    results_by_strategy: Mapping[str, pd.DataFrame] | None = None,
    metrics: Sequence[str] = SIM_METRICS,
    **_: Any,
) -> str:
    results = dict(results_by_strategy) if results_by_strategy is not None else compare()
    summary = final_means(results)
    runs = max(frame.attrs.get("runs", 1) for frame in results.values())
    weeks = int(max(frame["week"].max() for frame in results.values()))
    panels = ", ".join(METRIC_LABELS[m].lower() for m in metrics)
    text = (
        f"{len(metrics)} small line charts over {weeks} weeks: {panels}. Each has one line per "
        "strategy, "
        + ("with a shaded band for the middle 80% of runs. " if runs > 1 else "from one run. ")
    )
    styles = []
    for n, key in enumerate(results):
        style = _strategy_style(key, n)
        kind = (
            "solid"
            if style["linestyle"] == "-"
            else "dashed"
            if style["linestyle"] == "--"
            else "dotted"
        )
        styles.append(f"{_strategy_label(key)} is a {kind} line")
    text += "; ".join(styles) + ". "
    text += f"By week {weeks}, on average over {runs} runs: "
    bits = []
    for label, row in summary.iterrows():
        bits.append(
            f"{label} burned {row['contacts_burned']:.1f} contacts, got "
            f"{row['referrals']:.1f} referrals and ended at an average trust of "
            f"{row['trust_built']:.2f}"
        )
    return text + "; ".join(bits) + ". The simulation is for teaching, not fitted to data."


_ALT_BUILDERS: dict[str, Callable[..., str]] = {
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
    if chart_name not in _ALT_BUILDERS:
        raise ValueError(
            f"Unknown chart {chart_name!r}. Choose one of: {', '.join(_ALT_BUILDERS)}."
        )
    return _ALT_BUILDERS[chart_name](**params)


__all__ = [
    "ALT_TEXT",
    "DISCLAIMER",
    "OKABE_ITO",
    "LiveMap",
    "LiveSimulation",
    "alt_text",
    "approaches_on_map",
    "place_approaches",
    "render_png",
    "rule_breaks_by",
    "rule_counts",
    "show",
    "simulation_chart",
    "trust_risk_map",
]
