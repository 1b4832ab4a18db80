"""Explorer versions of the trust-and-risk map and the simulation, for the notebooks.

These are thin shells: the numbers come from :mod:`helpable.model.decision` and
:mod:`helpable.model.simulate`, the pictures from :mod:`helpable.ui.charts`, the
words from :mod:`helpable.ui.state.explorers`. Each
builder returns an :class:`Explorer`, a widget box to show as a cell's last
line. Changing a setting redraws the picture, an ``<img>`` with alt text (see
:func:`_picture`); only the parts that change are redrawn, so that a redraw
stays fast. Put these cells under the ``nbval-ignore-output`` tag.

Every setting is a labelled menu (a ``<select>`` tied to its label) or a
group of radio buttons, never an ipywidgets slider: ipywidgets 8 draws
sliders with noUiSlider, whose handle gets no accessible name from Python,
so a screen reader could not say what it sets (axe ``aria-input-field-name``).
:func:`pitch_on_map` places the learner's own pitch; :func:`predict_then_slide`
asks for a prediction that is locked in before any number shows.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import ipywidgets as widgets
import matplotlib.pyplot as plt

from helpable.content.approaches import RELATIONSHIPS
from helpable.content.strings import say
from helpable.model.decision import (
    DEFAULT,
    ModelParams,
    Placement,
    disclaimer,
    place_pitch,
    trust_from,
)
from helpable.model.simulate import STRATEGIES
from helpable.ui import charts
from helpable.ui.charts.base import alt_for, give_back_memory, png_html, render_png
from helpable.ui.state.explorers import (
    PREDICTIONS,
    PredictionState,
    first_weeks,
    full_run,
    map_readout,
    pitch_readout,
    sim_summary,
    who,
)
from helpable.ui.style import esc
from helpable.ui.widgets.common import button, pitch_box

_STYLE = {"description_width": "initial"}
_DPI = 80
"""The explorers' pictures are drawn at this resolution (as the live charts are)."""
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


def _menu(
    description: str, steps: list[float] | list[int], value: float, tooltip: str = ""
) -> widgets.Dropdown:
    """A labelled menu of steps: a native ``<select>`` whose label is tied to it.

    ipywidgets 8 draws its sliders with noUiSlider, whose handle gets no
    accessible name from Python (axe: ``aria-input-field-name``), so the
    explorers offer each setting as a menu of its steps instead. A value
    between the steps is added, so that a lesson may start anywhere.
    """
    values = sorted({*steps, value})
    whole = all(float(v).is_integer() for v in values) and isinstance(value, int)
    options = [(str(int(v)) if whole else f"{v:.1f}", v) for v in values]
    return widgets.Dropdown(
        options=options,
        value=value,
        description=description,
        tooltip=tooltip,
        style=_STYLE,
        layout=_WIDE,
    )


_TENTHS = [round(i / 10, 1) for i in range(11)]


def _picture(
    draw: Callable[..., bytes], controls: Mapping[str, widgets.Widget], label: str
) -> widgets.HTML:
    """An ``<img>`` with alt text showing ``draw(**values)``, redrawn when a control changes.

    The new PNG replaces the picture in one step, so it never flickers, and
    the image has its ``alt`` in JupyterLab and Voilà alike (an image output
    inside an ``Output`` widget has none). A notebook runner that does not
    store widget state has no captured output to trip over.
    """
    out = widgets.HTML()

    def refresh(_: Any = None) -> None:
        out.value = png_html(draw(**{name: c.value for name, c in controls.items()}), label)

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
    """The trust-and-risk map with a menu each for effort and commitment."""
    live = charts.LiveMap(effort, commitment, pitch=pitch, params=params)
    effort_menu = _menu(
        say("explorer.effort_slider"), _TENTHS, float(effort), say("explorer.effort_tooltip")
    )
    commitment_menu = _menu(
        say("explorer.commitment_slider"),
        _TENTHS,
        float(commitment),
        say("explorer.commitment_tooltip"),
    )
    readout = _note(" ")

    def draw(effort: float, commitment: float) -> bytes:
        live.update(effort, commitment)
        readout.value = _note_html(map_readout(effort, commitment, params))
        return bytes(live.png())

    controls = {"effort": effort_menu, "commitment": commitment_menu}
    out = _picture(draw, controls, say("explorer.map_picture"))
    intro = widgets.HTML(_with_caveat(say("explorer.map_intro_menus")))
    children = [intro, widgets.HBox([effort_menu, commitment_menu]), readout, out]
    return Explorer(children, controls, draw)


def simulation_explorer(
    strategy: str = "both",
    contacts: int = 50,
    weeks: int = 12,
    runs: int = 20,
    *,
    params: ModelParams = DEFAULT,
) -> Explorer:
    """The networking simulation, both strategies, with a menu for each of its settings.

    The strategy menu highlights one strategy (the other fades) or shows both.
    The axes span the Weeks menu's whole range (26 weeks, or ``weeks`` if
    more), and the runs are simulated that far once per setting: moving the
    Weeks menu only cuts the same runs shorter, which is fast and changes no
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
    int_menus = {
        "contacts": (say("explorer.contacts"), contacts, 10, 100, 10),
        "weeks": (say("explorer.weeks"), weeks, 4, most_weeks, 1),
        "runs": (say("explorer.runs"), runs, 5, 40, 5),
        "talks_per_week": (say("explorer.talks_per_week"), params.talks_per_week, 2, 10, 1),
    }
    controls: dict[str, widgets.Widget] = {"strategy": strategy_menu}
    for name, (label, value, low, high, step) in int_menus.items():
        controls[name] = _menu(label, list(range(low, high + 1, step)), int(value))
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
    intro = widgets.HTML(_with_caveat(say("explorer.sim_intro_menus", weeks=most_weeks)))
    rows = [
        widgets.HBox([controls["strategy"], controls["contacts"]]),
        widgets.HBox([controls["weeks"], controls["runs"]]),
        widgets.HBox([controls["talks_per_week"]]),
    ]
    return Explorer([intro, *rows, summary, out], controls, draw)


class PredictThenSlide(widgets.VBox):
    """Predict, lock the guess in, then pick people: how does one ask fare as trust grows?

    Parts: ``question``, ``guess``, ``lock`` (the button that commits the
    guess), ``feedback``, ``person``, ``reading``; the logic is ``state``.
    Picking a guess shows no number. Clicking ``lock`` says only whether the
    guess was right; then ``person`` opens and ``reading`` shows the chances.
    The right answer comes from the model, never from a fixed key.
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
        self.lock = button(say("explorer.lock"), say("explorer.lock_tooltip"), "lock", "primary")
        self.lock.disabled = True
        self.person = widgets.RadioButtons(
            options=[(who(r), r) for r in RELATIONSHIPS],
            value=state.start,
            description=say("explorer.slider_label"),
            disabled=True,
            style=_STYLE,
            layout=widgets.Layout(width="auto"),
        )
        self.feedback = _note(say("explorer.predict_pick_first"))
        self.reading = _note(state.reading(state.start))
        self.guess.observe(self._on_guess, names="value")
        self.lock.on_click(self._on_lock)
        self.person.observe(self._on_person, names="value")
        super().__init__(
            [
                self.question,
                self.guess,
                widgets.HBox([self.lock]),
                self.feedback,
                self.person,
                self.reading,
            ]
        )

    def _on_guess(self, change: dict[str, Any]) -> None:
        if change["new"] is None or self.state.committed:
            return
        self.feedback.value = _note_html(self.state.pick(change["new"]))
        self.lock.disabled = False

    def _on_lock(self, _: widgets.Button) -> None:
        self.feedback.value = _note_html(self.state.commit())
        if self.state.committed:
            self.guess.disabled = self.lock.disabled = True
            self.person.disabled = False
            self.reading.value = _note_html(self.state.reading(self.person.value))

    def _on_person(self, change: dict[str, Any]) -> None:
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
    """Predict, lock the guess in, then pick people: how does one ask fare as trust grows?"""
    return PredictThenSlide(PredictionState(ask, risk, effort, commitment, start, end, params))


class PitchOnMap(widgets.VBox):
    """Type a pitch, pick who gets it, click: a star shows where it lands on the map.

    Parts: ``text``, ``person``, ``place`` (the button), ``summary``, ``picture``.
    The costs come from the analyzer, the trust from the relationship, the
    chance from the teaching model (its caveat is in the summary).
    """

    def __init__(self, text: str, relationship: str, params: ModelParams) -> None:
        self.params = params
        self.text = pitch_box(say("explorer.pitch_box"), say("explorer.pitch_placeholder"), text)
        self.person = widgets.Dropdown(
            options=[(who(r), r) for r in RELATIONSHIPS],
            value=relationship,
            description=say("explorer.pitch_to"),
            style=_STYLE,
            layout=_WIDE,
        )
        self.place = button(say("explorer.place"), say("explorer.place_tooltip"), "star", "primary")
        self.summary = _note(" ")
        self.picture = widgets.HTML()
        self.place.on_click(lambda _: self.show())
        super().__init__(
            [self.text, self.person, widgets.HBox([self.place]), self.summary, self.picture]
        )
        self.show()

    def show(self) -> None:
        """Place the pitch as it is now, and draw the map with its star."""
        if not self.text.value.strip():
            self.summary.value = _note_html(say("explorer.pitch_empty"))
            return
        spot = place_pitch(self.text.value, self.person.value, params=self.params)
        self.summary.value = _note_html(pitch_readout(spot))
        fig = charts.trust_risk_map(pitch=spot, params=self.params)
        try:
            # At the explorers' resolution, without the palette step: drawing a new
            # map each click then needs a few MiB, not a static chart's dozen.
            self.picture.value = png_html(render_png(fig, dpi=_DPI), alt_for(fig))
        finally:
            plt.close(fig)
        give_back_memory()


def pitch_on_map(
    text: str = "Hi Sam, I'm looking for work in marketing. Could you introduce me to your boss?",
    relationship: str = "acquaintance",
    *,
    params: ModelParams = DEFAULT,
) -> PitchOnMap:
    """Type a pitch and pick who gets it: a star shows where it lands on the trust-and-risk map."""
    trust_from(relationship, params)  # a clear error for an unknown relationship
    return PitchOnMap(text, relationship, params)
