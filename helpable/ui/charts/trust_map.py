"""The trust-and-risk map: the chance of a yes over trust and risk, with its 50% yes line.

:func:`trust_risk_map` draws it; :func:`build_map` returns its parts too, for
:class:`helpable.ui.charts.live.LiveMap` and for the approaches drawn on it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from helpable.content.approaches import RELATIONSHIPS
from helpable.content.strings import say
from helpable.model.decision import (
    DEFAULT,
    ModelParams,
    Placement,
    even_odds_risk,
    p_yes,
    trust_from,
)
from helpable.ui.charts.base import (
    BLACK,
    WHITE,
    as_floats,
    chart_style,
    check_unit,
    model_caveat,
    new_figure,
    point,
    pretty,
    remember_alt,
)
from helpable.ui.style import SURFACE_CMAP, percent

if TYPE_CHECKING:  # matplotlib itself is imported only to draw (see charts.base)
    from matplotlib.artist import Artist
    from matplotlib.axes import Axes
    from matplotlib.contour import QuadContourSet
    from matplotlib.figure import Figure
    from matplotlib.text import Text

_MAP_LEVELS = np.linspace(0.0, 1.0, 11)


def paint_surface(
    ax: Axes,
    effort: float,
    commitment: float,
    params: ModelParams,
    alpha: float = 1.0,
    resolution: int = 101,
    label_at: float = 0.5,
) -> tuple[QuadContourSet, list[Artist], list[Artist]]:
    """Draw the chance-of-a-yes surface and its labelled 50% line.

    Returns the filled contours (for the colour bar), the artists to remove
    when the surface is redrawn, and every artist drawn (for fast redraws).
    """
    grid = np.linspace(0.0, 1.0, resolution)
    tt, rr = np.meshgrid(grid, grid)
    chance = as_floats(p_yes(tt, rr, effort, commitment, params=params))
    filled = ax.contourf(tt, rr, chance, levels=_MAP_LEVELS, cmap=SURFACE_CMAP, alpha=alpha)
    removable: list[Artist] = [filled]
    drawn: list[Artist] = [filled]
    if chance.min() < 0.5 < chance.max():
        halo = ax.contour(tt, rr, chance, levels=[0.5], colors=WHITE, linewidths=3.5)
        line = ax.contour(
            tt, rr, chance, levels=[0.5], colors=BLACK, linewidths=1.6, linestyles="--"
        )
        labels = _label_yes_line(ax, effort, commitment, params, label_at)
        removable += [halo, line, *labels]
        drawn += [halo, line, *labels]
    else:
        note = ax.text(
            0.5,
            0.5,
            say("chart.map.all_above" if chance.min() >= 0.5 else "chart.map.all_below"),
            transform=ax.transAxes,
            ha="center",
            va="center",
            fontsize=12,
            bbox={"boxstyle": "round", "facecolor": WHITE, "alpha": 0.9},
        )
        removable.append(note)
        drawn.append(note)
    return filled, removable, drawn


_Line = tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]


def _yes_line(effort: float, commitment: float, params: ModelParams) -> _Line | None:
    """Points of the 50% line inside the map, and the running length along it."""
    grid = np.linspace(0.0, 1.0, 201)
    curve = as_floats(even_odds_risk(grid, effort, commitment, params=params))
    ok = np.isfinite(curve) & (curve >= 0.0) & (curve <= 1.0)
    if ok.sum() < 2:
        return None
    xs, ys = grid[ok], curve[ok]
    length = np.concatenate([[0.0], np.cumsum(np.hypot(np.diff(xs), np.diff(ys)))])
    return xs, ys, length


def _spot(length: NDArray[np.float64], at: float) -> int:
    """Index of the point ``at`` (a share of the length) along a line."""
    return int(np.clip(np.searchsorted(length, length[-1] * at), 1, len(length) - 1))


_NOTE_BOX = (0.42, 0.1)
"""Rough size (width, height) of a pitch's note on the map, in data units."""


def label_spot(
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
        say("chart.map.yes_line"),
        rotation=angle,
        rotation_mode="anchor",
        transform_rotates_text=True,
        ha="center",
        va="center",
        fontsize=12,
        fontweight="bold",
        bbox={"boxstyle": "round,pad=0.25", "facecolor": WHITE, "alpha": 0.92},
        zorder=4,
    )
    return [label]


def map_axes(ax: Axes, params: ModelParams) -> None:
    """Limits, plain labels and the relationship names along the top (one word a line)."""
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_xlabel(say("chart.map.trust_axis"))
    ax.set_ylabel(say("chart.map.risk_axis"))
    top = ax.secondary_xaxis("top")
    top.set_xticks([trust_from(r, params) for r in RELATIONSHIPS])
    top.set_xticklabels([pretty(r).replace(" ", "\n") for r in RELATIONSHIPS], fontsize=10)
    top.tick_params(length=4)


def colorbar(fig: Figure, filled: QuadContourSet, ax: Axes) -> None:
    """The chance-of-a-yes colour bar beside the map, in percent."""
    from matplotlib.ticker import PercentFormatter

    bar = fig.colorbar(filled, ax=ax, shrink=0.9, pad=0.02)
    bar.set_label(say("chart.map.colour_bar"))
    bar.set_ticks(np.linspace(0, 1, 6).tolist())
    bar.ax.yaxis.set_major_formatter(PercentFormatter(1.0))


def subtitle(effort: float, commitment: float) -> str:
    """The map's settings in words."""
    return say("chart.map.subtitle", effort=f"{effort:.1f}", commitment=f"{commitment:.1f}")


def _corner_labels(ax: Axes) -> list[Artist]:
    texts: list[Artist] = []
    for x, y, key, align in (
        (0.97, 0.04, "chart.map.most_likely", "right"),
        (0.03, 0.96, "chart.map.least_likely", "left"),
    ):
        texts.append(
            ax.text(
                x,
                y,
                say(key),
                transform=ax.transAxes,
                ha=align,
                va="bottom" if y < 0.5 else "top",
                fontsize=12,
                fontweight="bold",
                bbox={"boxstyle": "round", "facecolor": WHITE, "alpha": 0.85},
                zorder=4,
            )
        )
    return texts


def _mark_pitch(ax: Axes, pitch: Placement) -> list[Artist]:
    star = point(
        ax,
        pitch.trust,
        pitch.risk,
        "*",
        24,
        color=WHITE,
        markeredgecolor=BLACK,
        markeredgewidth=1.5,
        zorder=5,
        clip_on=False,
    )
    note = ax.annotate(
        say("chart.map.your_pitch", chance=percent(pitch.p_yes)),
        (pitch.trust, pitch.risk),
        xytext=(30 if pitch.trust < 0.6 else -30, -55 if pitch.risk > 0.5 else 55),
        textcoords="offset points",
        ha="left" if pitch.trust < 0.6 else "right",
        va="top" if pitch.risk > 0.5 else "bottom",
        fontsize=12,
        arrowprops={"arrowstyle": "->", "color": BLACK, "lw": 1.5},
        bbox={"boxstyle": "round", "facecolor": WHITE, "alpha": 0.92},
        zorder=5,
    )
    return [star, note]


@dataclass
class MapParts:
    """A drawn map and the artists a fast redraw needs."""

    figure: Figure
    ax: Axes
    pitch: Placement | None
    removable: list[Artist]
    """The surface's artists, removed before it is painted again."""
    drawn: list[Artist]
    """Every artist of the surface (they change on each redraw)."""
    overlays: list[Artist]
    """Spines, corner labels or the pitch's star: drawn again on top of a new surface."""
    subtitle: Text


def build_map(
    effort: float,
    commitment: float,
    pitch: Placement | None,
    params: ModelParams,
    figsize: tuple[float, float],
) -> MapParts:
    """Draw the map (effort and commitment already checked) and keep its parts."""
    with chart_style():
        fig, ax = new_figure(figsize)
        label_at = label_spot(effort, commitment, pitch, params)
        filled, removable, drawn = paint_surface(ax, effort, commitment, params, label_at=label_at)
        map_axes(ax, params)
        # The corner labels would hide a pitch that lands in a corner.
        overlays: list[Artist] = list(ax.spines.values())
        overlays += _mark_pitch(ax, pitch) if pitch is not None else _corner_labels(ax)
        colorbar(fig, filled, ax)
        title = ax.set_title(subtitle(effort, commitment), fontsize=11, loc="left")
        fig.suptitle(say("chart.map.title"))
        model_caveat(fig)
    return MapParts(fig, ax, pitch, removable, drawn, overlays, title)


def resolve_costs(
    effort: float | None, commitment: float | None, pitch: Placement | None
) -> tuple[float, float]:
    """Effort and commitment, checked; missing ones come from the pitch, or are 0."""
    if effort is None:
        effort = pitch.effort if pitch is not None else 0.0
    if commitment is None:
        commitment = pitch.commitment if pitch is not None else 0.0
    return check_unit("effort", effort), check_unit("commitment", commitment)


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
    effort, commitment = resolve_costs(effort, commitment, pitch)
    fig = build_map(effort, commitment, pitch, params, figsize).figure
    return remember_alt(
        fig, "trust_risk_map", effort=effort, commitment=commitment, pitch=pitch, params=params
    )


__all__ = ["trust_risk_map"]
