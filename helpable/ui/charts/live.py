"""The map and the simulation chart for live controls: each redraw draws only what changed.

:class:`LiveMap` and :class:`LiveSimulation` keep one figure and give its
current picture as PNG bytes; the explorers in
:mod:`helpable.ui.widgets.explorers` show those bytes. Between pictures a live
chart keeps only its background, not a second pixel buffer, so that the
explorers a lesson shows stay light (lesson 05's peak kernel memory).
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
from matplotlib.artist import Artist
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.layout_engine import PlaceHolderLayoutEngine
from PIL import Image as PILImage

from helpable.model.decision import DEFAULT, ModelParams, Placement
from helpable.ui.charts.base import chart_style, check_unit, give_back_memory, release_pixels
from helpable.ui.charts.simulation import (
    SIM_METRICS,
    build_sim,
    check_focus,
    check_results,
    flat,
    paint_metric,
    refresh_metric,
    sim_legend,
    sim_limits,
    sim_title,
)
from helpable.ui.charts.trust_map import (
    build_map,
    label_spot,
    paint_surface,
    resolve_costs,
    subtitle,
)


class _Blitter:
    """Draws a figure's fixed parts once, then only its changing parts (for sliders)."""

    def __init__(self, fig: Figure, dpi: float) -> None:
        fig.set_dpi(dpi)
        self.figure = fig
        self.canvas = FigureCanvasAgg(fig)
        self._background: object | None = None
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
        """The figure as PNG bytes, redrawing only what changed.

        Between pictures only the background is kept: the canvas's pixel
        buffer is let go after each picture and made afresh (and filled from
        the background) for the next, so a live chart holds one image-sized
        buffer, not two, while it waits for the next slider move.
        """
        # matplotlib's Agg canvas methods have no type hints, hence the ignores.
        full = self._background is None
        if full:
            with chart_style():
                self.canvas.draw()  # type: ignore[no-untyped-call]  # skips animated artists
            if not isinstance(self.figure.get_layout_engine(), PlaceHolderLayoutEngine):
                self.figure.set_layout_engine("none")  # keep the layout just computed
            self._background = self.canvas.copy_from_bbox(  # type: ignore[no-untyped-call]
                self.figure.bbox
            )
        renderer = self.canvas.get_renderer()  # type: ignore[no-untyped-call]
        self.canvas.restore_region(self._background)  # type: ignore[no-untyped-call]
        for artist in sorted(self._dynamic, key=lambda a: a.get_zorder()):
            artist.draw(renderer)
        # The figure is opaque, so RGB is enough, and a quarter less to compress.
        rgba = np.asarray(renderer.buffer_rgba())
        image = PILImage.fromarray(rgba).convert("RGB")
        del rgba, renderer
        self._let_go()
        buf = io.BytesIO()
        image.save(buf, format="png", compress_level=1)
        del image
        if full:
            # A full draw frees several image-sized buffers: hand them back to the system,
            # so that a lesson's other charts can use them (see give_back_memory).
            give_back_memory()
        return buf.getvalue()

    def _let_go(self) -> None:
        """Drop the canvas's pixel buffer; the next :meth:`png` makes a new one."""
        release_pixels(self.figure)
        self.canvas._lastKey = None
        self.canvas.renderer = None


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
        effort, commitment = resolve_costs(effort, commitment, pitch)
        self.params = params
        self._parts = build_map(effort, commitment, pitch, params, figsize)
        self.figure: Figure = self._parts.figure
        self._blit = _Blitter(self.figure, dpi)
        self._set_dynamic()

    def _set_dynamic(self) -> None:
        p = self._parts
        self._blit.set_dynamic([*p.drawn, *p.overlays, p.subtitle])

    def update(self, effort: float, commitment: float) -> None:
        """Redraw the surface for a new effort and commitment (0–1)."""
        effort = check_unit("effort", effort)
        commitment = check_unit("commitment", commitment)
        p = self._parts
        for artist in p.removable:
            artist.remove()
        label_at = label_spot(effort, commitment, p.pitch, self.params)
        with chart_style():
            _, p.removable, p.drawn = paint_surface(
                p.ax, effort, commitment, self.params, label_at=label_at
            )
        p.subtitle.set_text(subtitle(effort, commitment))
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
        figsize: tuple[float, float] | None = (9.0, 6.3),
        dpi: float = 80,
        max_weeks: int | None = None,
        scale: Mapping[str, pd.DataFrame] | None = None,
    ) -> None:
        results = check_results(results_by_strategy, metrics)
        if max_weeks is not None and (int(max_weeks) != max_weeks or max_weeks < 1):
            raise ValueError(f"max_weeks must be a whole number of weeks, not {max_weeks}")
        self.metrics = tuple(metrics)
        self.max_weeks = None if max_weeks is None else int(max_weeks)
        self._parts = build_sim(
            results,
            metrics,
            figsize,
            check_focus(focus, results),
            scale=None if scale is None else check_results(scale, metrics),
            max_weeks=self.max_weeks,
        )
        self.figure: Figure = self._parts.figure
        self._blit = _Blitter(self.figure, dpi)
        self._set_dynamic()

    def _set_dynamic(self, full: bool = False) -> None:
        p = self._parts
        self._blit.set_dynamic([*flat(p.artists), p.title], full=full)

    def _same_lines(self, results: Mapping[str, pd.DataFrame]) -> bool:
        """Whether the drawn lines and bands fit these results (same strategies, same kind)."""
        return all(
            set(panel) == set(results)
            and all(
                (band is None) == ("metric" not in results[k].columns)
                for k, (band, _) in panel.items()
            )
            for panel in self._parts.artists.values()
        )

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
        results = check_results(results_by_strategy, self.metrics)
        limits = results if scale is None else check_results(scale, self.metrics)
        focus = check_focus(focus, results)
        p = self._parts
        full = False
        with chart_style():
            if self._same_lines(results):
                for metric, panel in p.artists.items():
                    refresh_metric(panel, metric, results, focus)
            else:
                for artist in flat(p.artists):
                    artist.remove()
                for metric, ax in p.panels.items():
                    p.artists[metric] = paint_metric(ax, metric, results, focus)
                p.legend.remove()
                p.legend = sim_legend(self.figure, results)
                full = True
            for metric, ax in p.panels.items():
                full |= sim_limits(ax, metric, limits, max_weeks=self.max_weeks)
        p.title.set_text(sim_title(results))
        self._set_dynamic(full)

    def png(self) -> bytes:
        """The current chart as PNG bytes."""
        return self._blit.png()


__all__ = ["LiveMap", "LiveSimulation"]
