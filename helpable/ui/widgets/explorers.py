"""Slider versions of the trust-and-risk map and the simulation, for the notebooks.

These are thin shells: the numbers come from :mod:`helpable.model.decision` and
:mod:`helpable.model.simulate`, the pictures from :mod:`helpable.ui.charts.maps`. Each
builder returns an :class:`Explorer`, a widget box to show as a cell's last
line. Moving a control redraws the picture into an ``Output`` widget (see
:func:`_picture`); only the parts that change are redrawn, so that a redraw
stays fast. Put these cells under the ``nbval-ignore-output`` tag.
"""

from __future__ import annotations

import base64
import html
from collections.abc import Callable, Mapping
from dataclasses import replace
from functools import lru_cache
from typing import Any

import ipywidgets as widgets
import pandas as pd

from helpable.ui.charts import maps as charts
from helpable.content.approaches import RELATIONSHIPS
from helpable.model.decision import DEFAULT, DISCLAIMER, ModelParams, Placement, p_yes, trust_from
from helpable.model.simulate import STRATEGIES, compare, final_means

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
    return widgets.HTML(f"<p style='font-size: 14px; margin: 4px 0'>{text}</p>")


def _pct(x: float) -> str:
    return f"{round(float(x) * 100)}%"


def _map_readout(effort: float, commitment: float, params: ModelParams) -> str:
    stranger, friend = trust_from("stranger", params), trust_from("close_friend", params)
    risky = 0.6
    return (
        f"A risky ask (risk {risky}) at these settings: about "
        f"<b>{_pct(p_yes(stranger, risky, effort, commitment, params))}</b> from a stranger, "
        f"<b>{_pct(p_yes(friend, risky, effort, commitment, params))}</b> from a close friend."
    )


def trust_risk_explorer(
    effort: float = 0.0,
    commitment: float = 0.0,
    *,
    pitch: Placement | None = None,
    params: ModelParams = DEFAULT,
) -> Explorer:
    """The trust-and-risk map with sliders for effort and commitment."""
    live = charts.LiveMap(effort, commitment, pitch=pitch, params=params)
    effort_slider = _slider("Effort (work for them)", effort, "0 = none, 1 = a lot of work")
    commitment_slider = _slider(
        "Commitment (a job left for later)", commitment, "0 = none, 1 = a big open promise"
    )
    readout = _note("")

    def draw(effort: float, commitment: float) -> bytes:
        live.update(effort, commitment)
        readout.value = _note(_map_readout(effort, commitment, params)).value
        return live.png()

    controls = {"effort": effort_slider, "commitment": commitment_slider}
    out = _picture(draw, controls, "The trust and risk map for these effort and commitment levels")
    intro = _note(
        "Move a slider, then look at the dashed 50% yes line. Which way does it move? "
        f"<i>{html.escape(DISCLAIMER)}</i>"
    )
    children = [intro, widgets.HBox([effort_slider, commitment_slider]), readout, out]
    return Explorer(children, controls, draw)


@lru_cache(maxsize=64)
def _results(
    keys: tuple[str, ...], contacts: int, weeks: int, runs: int, params: ModelParams
) -> dict[str, pd.DataFrame]:
    """Cached simulation results, so that going back to a setting is instant."""
    return compare(keys, seeds=range(runs), contacts=contacts, weeks=weeks, params=params)


def _first_weeks(results: Mapping[str, pd.DataFrame], weeks: int) -> dict[str, pd.DataFrame]:
    """The first ``weeks`` weeks of each strategy's results.

    A seeded run draws the same numbers week by week however long it goes, so
    the first weeks of a long run are exactly a shorter run: the weeks slider
    needs no new simulation.
    """
    out = {}
    for key, frame in results.items():
        part = frame[frame["week"].to_numpy() <= weeks].reset_index(drop=True)
        part.attrs = dict(frame.attrs)
        out[key] = part
    return out


def _sim_summary(results: Mapping[str, pd.DataFrame], weeks: int) -> str:
    table = final_means(dict(results))
    bits = [
        f"<b>{html.escape(label)}</b>: {row['contacts_burned']:.1f} contacts burned, "
        f"{row['referrals']:.1f} referrals"
        for label, row in table.iterrows()
    ]
    return f"After {weeks} weeks, on average: " + "; ".join(bits) + "."


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
    options = [("Both", "both")] + [(s.label, k) for k, s in STRATEGIES.items()]
    valid = [value for _, value in options]
    if strategy not in valid:
        raise ValueError(f"Unknown strategy {strategy!r}. Choose one of: {', '.join(valid)}.")
    strategy_menu = widgets.Dropdown(
        options=options,
        value=strategy,
        description="Strategy to highlight",
        style=_STYLE,
        layout=_WIDE,
    )
    most_weeks = max(26, int(weeks))
    int_sliders = {
        "contacts": ("Contacts on your list", contacts, 10, 100, 10),
        "weeks": ("Weeks", weeks, 4, most_weeks, 1),
        "runs": ("Runs (different luck)", runs, 5, 40, 5),
        "talks_per_week": ("Asks per week", params.talks_per_week, 2, 10, 1),
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
    summary = _note("")

    def full_run(contacts: int, runs: int, talks_per_week: int) -> dict[str, pd.DataFrame]:
        """Every week up to the slider's end; a weeks change only cuts it shorter."""
        tuned = replace(params, talks_per_week=int(talks_per_week))
        return _results(tuple(STRATEGIES), int(contacts), most_weeks, int(runs), tuned)

    first = full_run(contacts, runs, params.talks_per_week)
    live = charts.LiveSimulation(
        _first_weeks(first, int(weeks)), focus=strategy, max_weeks=most_weeks, scale=first
    )

    def draw(strategy: str, weeks: int, **values: Any) -> bytes:
        full = full_run(**values)
        results = _first_weeks(full, int(weeks))
        live.update(results, focus=strategy, scale=full)
        summary.value = _note(_sim_summary(results, int(weeks))).value
        return live.png()

    out = _picture(draw, controls, "Line charts of the two strategies over the weeks")
    intro = _note(
        "Change the settings and compare the two strategies. Each run has different luck; "
        "the shaded band shows the middle 80% of runs. The chart has room for "
        f"{most_weeks} weeks; the Weeks slider sets how far the lines go. "
        f"<i>{html.escape(DISCLAIMER)}</i>"
    )
    rows = [
        widgets.HBox([controls["strategy"], controls["contacts"]]),
        widgets.HBox([controls["weeks"], controls["runs"]]),
        widgets.HBox([controls["talks_per_week"]]),
    ]
    return Explorer([intro, *rows, summary, out], controls, draw)


_PREDICTIONS: tuple[tuple[str, str], ...] = (
    ("It barely changes", "same"),
    ("It goes up a little (less than double)", "little"),
    ("It goes up a lot (double or more)", "lot"),
    ("It goes down", "down"),
)


def _verdict(low: float, high: float) -> str:
    if high < low:
        return "down"
    if high - low < 0.05:
        return "same"
    return "lot" if high >= 2 * low else "little"


def predict_then_slide(
    ask: str = "Would you pass my resume on to your manager?",
    risk: float = 0.6,
    effort: float = 0.0,
    commitment: float = 0.6,
    start: str = "stranger",
    end: str = "former_colleague",
    *,
    params: ModelParams = DEFAULT,
) -> widgets.VBox:
    """Predict first, then move a trust slider: how does one ask fare as trust grows?

    The slider stays locked until the learner picks a prediction. The right
    answer comes from the model, never from a fixed key.
    """
    for name in (start, end):
        trust_from(name, params)  # a clear error for an unknown relationship
    low = float(p_yes(trust_from(start, params), risk, effort, commitment, params))
    high = float(p_yes(trust_from(end, params), risk, effort, commitment, params))
    answer = _verdict(low, high)
    who = {r: r.replace("_", " ") for r in RELATIONSHIPS}
    question = _note(
        f"The ask: <b>“{html.escape(ask)}”</b><br>"
        f"First asked of a <b>{who[start]}</b>. What happens to the chance of a yes when "
        f"the same ask goes to a <b>{who[end]}</b>?"
    )
    guess = widgets.RadioButtons(
        options=list(_PREDICTIONS),
        value=None,
        description="Your prediction",
        style=_STYLE,
        layout=widgets.Layout(width="auto"),
    )
    slider = widgets.SelectionSlider(
        options=[(who[r], r) for r in RELATIONSHIPS],
        value=start,
        description="Who you ask",
        disabled=True,
        continuous_update=False,
        style=_STYLE,
        layout=widgets.Layout(width="520px"),
    )
    feedback = _note("Pick a prediction to unlock the slider.")
    reading = _note("")

    def on_guess(change: dict) -> None:
        if change["new"] is None:
            return
        slider.disabled = False
        right = change["new"] == answer
        feedback.value = _note(
            ("Good prediction. " if right else "Not quite, and that is useful to notice. ")
            + f"The model says: {_pct(low)} from a {who[start]}, {_pct(high)} from a "
            f"{who[end]}. Now move the slider and watch the chance change."
        ).value

    def on_slide(change: dict) -> None:
        chance = p_yes(trust_from(change["new"], params), risk, effort, commitment, params)
        reading.value = _note(
            f"Asked of a <b>{who[change['new']]}</b>: about <b>{_pct(chance)}</b> chance of a yes."
        ).value

    guess.observe(on_guess, names="value")
    slider.observe(on_slide, names="value")
    on_slide({"new": start})
    return widgets.VBox([question, guess, feedback, slider, reading])
