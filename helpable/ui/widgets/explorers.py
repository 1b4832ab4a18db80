"""Slider versions of the trust-and-risk map and the simulation, for the notebooks.

These are thin shells: the numbers come from :mod:`helpable.model.decision` and
:mod:`helpable.model.simulate`, the pictures from :mod:`helpable.ui.charts`, the
words from :mod:`helpable.ui.state.explorers`. Each
builder returns an :class:`Explorer`, a widget box to show as a cell's last
line. Moving a control redraws the picture into an ``Output`` widget (see
:func:`_picture`); only the parts that change are redrawn, so that a redraw
stays fast. Put these cells under the ``nbval-ignore-output`` tag.
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Mapping
from typing import Any

import ipywidgets as widgets

from helpable.content.approaches import RELATIONSHIPS
from helpable.content.strings import say
from helpable.model.decision import DEFAULT, ModelParams, Placement, disclaimer
from helpable.model.simulate import STRATEGIES
from helpable.ui import charts
from helpable.ui.state.explorers import (
    PREDICTIONS,
    PredictionState,
    first_weeks,
    full_run,
    map_readout,
    sim_summary,
    who,
)
from helpable.ui.style import esc

_STYLE = {"description_width": "initial"}
_WIDE = widgets.Layout(width="420px")


class Explorer(widgets.VBox):
    """A box of controls and a picture; :meth:`redraw` draws it without a notebook.

    ``controls`` holds each control by name, so a lesson or a test can set a
    value (``explorer.controls["effort"].value = 0.5``) and see the picture change.
    """

    def __init__(
        self,
        children: list[widgets.Widget],
        controls: Mapping[str, widgets.Widget],
        draw: Callable[..., bytes],
    ) -> None:
        super().__init__(children=children)
        self.controls = dict(controls)
        self._draw = draw

    def redraw(self, **values: Any) -> bytes:
        """Draw the picture for these control values (others as they are); PNG bytes."""
        unknown = [k for k in values if k not in self.controls]
        if unknown:
            raise ValueError(f"Unknown control(s) {unknown}. Choose from: {list(self.controls)}")
        current = {k: c.value for k, c in self.controls.items()}
        current.update(values)
        return self._draw(**current)


def _slider(description: str, value: float, tooltip: str) -> widgets.FloatSlider:
    return widgets.FloatSlider(
        value=value,
        min=0.0,
        max=1.0,
        step=0.1,
        description=description,
        tooltip=tooltip,
        readout_format=".1f",
        continuous_update=False,
        style=_STYLE,
        layout=_WIDE,
    )


def _picture(
    draw: Callable[..., bytes], controls: Mapping[str, widgets.Widget], label: str
) -> widgets.Output:
    """An Output widget showing ``draw(**values)``, redrawn whenever a control changes.

    Like ``ipywidgets.interactive_output``, but the new PNG replaces the
    widget's outputs in one step instead of being captured from ``display``
    inside ``with out:``. The picture never flickers, and a notebook runner
    that does not store widget state (``nbclient`` with
    ``store_widget_state=False``) has no captured output to trip over.
    """
    out = widgets.Output()

    def refresh(_: Any = None) -> None:
        png = draw(**{name: control.value for name, control in controls.items()})
        out.outputs = (
            {
                "output_type": "display_data",
                "data": {"image/png": base64.b64encode(png).decode("ascii"), "text/plain": label},
                "metadata": {},
            },
        )

    for control in controls.values():
        control.observe(refresh, names="value")
    refresh()
    return out


def _note(text: str) -> widgets.HTML:
    """A short paragraph of plain text (escaped)."""
    return widgets.HTML(_note_html(text))


def _note_html(text: str) -> str:
    return f"<p style='font-size: 14px; margin: 4px 0'>{esc(text)}</p>"


def _with_caveat(text: str) -> str:
    return f"<p style='font-size: 14px; margin: 4px 0'>{esc(text)} <i>{esc(disclaimer())}</i></p>"


def trust_risk_explorer(
    effort: float = 0.0,
    commitment: float = 0.0,
    *,
    pitch: Placement | None = None,
    params: ModelParams = DEFAULT,
) -> Explorer:
    """The trust-and-risk map with sliders for effort and commitment."""
    live = charts.LiveMap(effort, commitment, pitch=pitch, params=params)
    effort_slider = _slider(say("explorer.effort_slider"), effort, say("explorer.effort_tooltip"))
    commitment_slider = _slider(
        say("explorer.commitment_slider"), commitment, say("explorer.commitment_tooltip")
    )
    readout = _note(" ")

    def draw(effort: float, commitment: float) -> bytes:
        live.update(effort, commitment)
        readout.value = _note_html(map_readout(effort, commitment, params))
        return bytes(live.png())

    controls = {"effort": effort_slider, "commitment": commitment_slider}
    out = _picture(draw, controls, say("explorer.map_picture"))
    intro = widgets.HTML(_with_caveat(say("explorer.map_intro")))
    children = [intro, widgets.HBox([effort_slider, commitment_slider]), readout, out]
    return Explorer(children, controls, draw)


def simulation_explorer(
    strategy: str = "both",
    contacts: int = 50,
    weeks: int = 12,
    runs: int = 20,
    *,
    params: ModelParams = DEFAULT,
) -> Explorer:
    """The networking simulation, both strategies, with sliders for its settings.

    The strategy menu highlights one strategy (the other fades) or shows both.
    The axes span the Weeks slider's whole range (26 weeks, or ``weeks`` if
    more), and the runs are simulated that far once per setting: moving the
    Weeks slider only cuts the same runs shorter, which is fast and changes no
    number (a seeded run's first weeks do not depend on how long it goes).
    """
    options = [(say("explorer.both"), "both")] + [(s.label, k) for k, s in STRATEGIES.items()]
    valid = [value for _, value in options]
    if strategy not in valid:
        raise ValueError(f"Unknown strategy {strategy!r}. Choose one of: {', '.join(valid)}.")
    strategy_menu = widgets.Dropdown(
        options=options,
        value=strategy,
        description=say("explorer.strategy_menu"),
        style=_STYLE,
        layout=_WIDE,
    )
    most_weeks = max(26, int(weeks))
    int_sliders = {
        "contacts": (say("explorer.contacts"), contacts, 10, 100, 10),
        "weeks": (say("explorer.weeks"), weeks, 4, most_weeks, 1),
        "runs": (say("explorer.runs"), runs, 5, 40, 5),
        "talks_per_week": (say("explorer.talks_per_week"), params.talks_per_week, 2, 10, 1),
    }
    controls: dict[str, widgets.Widget] = {"strategy": strategy_menu}
    for name, (label, value, low, high, step) in int_sliders.items():
        controls[name] = widgets.IntSlider(
            value=value,
            min=low,
            max=high,
            step=step,
            description=label,
            continuous_update=False,
            style=_STYLE,
            layout=_WIDE,
        )
    summary = _note(" ")
    first = full_run(contacts, runs, params.talks_per_week, most_weeks, params)
    live = charts.LiveSimulation(
        first_weeks(first, int(weeks)), focus=strategy, max_weeks=most_weeks, scale=first
    )

    def draw(strategy: str, weeks: int, **values: Any) -> bytes:
        full = full_run(most_weeks=most_weeks, params=params, **values)
        results = first_weeks(full, int(weeks))
        live.update(results, focus=strategy, scale=full)
        summary.value = _note_html(sim_summary(results, int(weeks)))
        return bytes(live.png())

    out = _picture(draw, controls, say("explorer.sim_picture"))
    intro = widgets.HTML(_with_caveat(say("explorer.sim_intro", weeks=most_weeks)))
    rows = [
        widgets.HBox([controls["strategy"], controls["contacts"]]),
        widgets.HBox([controls["weeks"], controls["runs"]]),
        widgets.HBox([controls["talks_per_week"]]),
    ]
    return Explorer([intro, *rows, summary, out], controls, draw)


class PredictThenSlide(widgets.VBox):
    """Predict first, then move a trust slider: how does one ask fare as trust grows?

    Parts: ``question``, ``guess``, ``feedback``, ``slider``, ``reading``; the
    logic is ``state``. The slider stays locked until the learner predicts, and
    the right answer comes from the model, never from a fixed key.
    """

    def __init__(self, state: PredictionState) -> None:
        self.state = state
        self.question = _note(state.question())
        self.guess = widgets.RadioButtons(
            options=[(say(f"explorer.prediction.{p}"), p) for p in PREDICTIONS],
            value=None,
            description=say("explorer.prediction_label"),
            style=_STYLE,
            layout=widgets.Layout(width="auto"),
        )
        self.slider = widgets.SelectionSlider(
            options=[(who(r), r) for r in RELATIONSHIPS],
            value=state.start,
            description=say("explorer.slider_label"),
            disabled=True,
            continuous_update=False,
            style=_STYLE,
            layout=widgets.Layout(width="520px"),
        )
        self.feedback = _note(say("explorer.predict_first"))
        self.reading = _note(state.reading(state.start))
        self.guess.observe(self._on_guess, names="value")
        self.slider.observe(self._on_slide, names="value")
        super().__init__([self.question, self.guess, self.feedback, self.slider, self.reading])

    def _on_guess(self, change: dict[str, Any]) -> None:
        if change["new"] is None:
            return
        self.feedback.value = _note_html(self.state.predict(change["new"]))
        self.slider.disabled = not self.state.unlocked

    def _on_slide(self, change: dict[str, Any]) -> None:
        self.reading.value = _note_html(self.state.reading(change["new"]))


def predict_then_slide(
    ask: str = "Would you pass my resume on to your manager?",
    risk: float = 0.6,
    effort: float = 0.0,
    commitment: float = 0.6,
    start: str = "stranger",
    end: str = "former_colleague",
    *,
    params: ModelParams = DEFAULT,
) -> PredictThenSlide:
    """Predict first, then move a trust slider: how does one ask fare as trust grows?"""
    return PredictThenSlide(PredictionState(ask, risk, effort, commitment, start, end, params))
