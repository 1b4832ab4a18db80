"""Charts, alt text and the slider explorers: they draw, label and render."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

from pathlib import Path  # noqa: E402

import ipywidgets as widgets  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from ipywidgets.widgets.widget_description import DescriptionWidget  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from helpable.content.approaches import CHANNELS, RELATIONSHIPS, SETTINGS  # noqa: E402
from helpable.content.rules import RULE_KEYS  # noqa: E402
from helpable.model.decision import Placement, p_yes, trust_from  # noqa: E402
from helpable.model.simulate import compare, simulate  # noqa: E402
from helpable.ui import charts  # noqa: E402
from helpable.ui.style import GROUP_STYLE  # noqa: E402
from helpable.ui.widgets import explorers as interactive  # noqa: E402

PNG_HEADER = b"\x89PNG\r\n\x1a\n"

TEXTS = (
    "Could I have 20 minutes of your advice on how you moved into nursing?",
    "Who do you know who's hiring? Could you pass my resume on?",
    "Would you review my resume line by line and send it back by Friday?",
    "Let me know if you hear of anything.",
    "May I mention you when I call Ralph myself next week?",
    "Can you introduce me to your boss and put in a good word?",
)


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    """A small table in the shape of data/approaches.csv, with every rule combination."""
    rng = np.random.default_rng(5)
    rows = []
    combos = [(0, 0, 0), (1, 0, 0), (0, 1, 0), (0, 0, 1), (1, 1, 0), (0, 1, 1), (1, 1, 1)]
    for i in range(42):
        effort, risk, commitment = combos[i % len(combos)]
        rows.append(
            {
                "id": f"t{i:03d}",
                "channel": CHANNELS[i % len(CHANNELS)],
                "setting": SETTINGS[int(rng.integers(len(SETTINGS)))],
                "relationship": RELATIONSHIPS[i % len(RELATIONSHIPS)],
                "field": "nursing",
                "text": TEXTS[i % len(TEXTS)],
                "effort": effort,
                "risk": risk,
                "commitment": commitment,
                "better_version": "Could I ask you two quick questions?",
                "split": "dev",
                "hard_case": "",
            }
        )
    data = pd.DataFrame(rows)
    data["rules_broken"] = data[list(RULE_KEYS)].sum(axis=1)
    return data


@pytest.fixture(scope="module")
def results() -> dict[str, pd.DataFrame]:
    return compare(seeds=range(6), contacts=30, weeks=8)


def _visible_axes(fig: Figure) -> list:
    """The figure's plotting axes (not colour bars, not hidden spares)."""
    return [
        ax
        for ax in fig.axes
        if ax.get_visible() and not hasattr(ax, "_colorbar") and ax.get_label() != "<colorbar>"
    ]


def _check_figure(fig: Figure, tmp_path: Path, name: str) -> bytes:
    assert isinstance(fig, Figure)
    title = fig.get_suptitle()
    axes = _visible_axes(fig)
    assert axes
    for ax in axes:
        assert ax.get_xlabel().strip(), f"{name}: an axis has no x label"
        assert ax.get_ylabel().strip(), f"{name}: an axis has no y label"
        title = title or ax.get_title(loc="left") or ax.get_title()
    assert title.strip(), f"{name}: no title"
    path = tmp_path / f"{name}.png"
    fig.savefig(path)
    data = path.read_bytes()
    assert data.startswith(PNG_HEADER)
    assert len(data) > 5000
    return data


CHARTS = {
    "trust_risk_map": lambda f, r: charts.trust_risk_map(),
    "trust_risk_map_costly": lambda f, r: charts.trust_risk_map(effort=0.6, commitment=0.4),
    "trust_risk_map_all_below": lambda f, r: charts.trust_risk_map(effort=1.0, commitment=1.0),
    "trust_risk_map_pitch": lambda f, r: charts.trust_risk_map(
        pitch=Placement("Hi", "referred", trust_from("referred"), 0.6, 0.0, 0.6, 0.3, frozenset())
    ),
    "approaches_on_map": lambda f, r: charts.approaches_on_map(f),
    "rule_breaks_by_channel": lambda f, r: charts.rule_breaks_by(f, by="channel"),
    "rule_breaks_by_setting": lambda f, r: charts.rule_breaks_by(f, by="setting"),
    "rule_breaks_by_both": lambda f, r: charts.rule_breaks_by(f, by="both"),
    "rule_breaks_by_share": lambda f, r: charts.rule_breaks_by(f, by="setting", share=True),
    "simulation_chart": lambda f, r: charts.simulation_chart(r),
    "simulation_focus": lambda f, r: charts.simulation_chart(r, focus="advice_first"),
    "simulation_one_run": lambda f, r: charts.simulation_chart(
        {"advice_first": simulate("advice_first", weeks=6)}, metrics=["referrals"]
    ),
}


@pytest.mark.parametrize("name", list(CHARTS))
def test_every_chart_is_a_labelled_figure_that_renders(
    name: str, frame: pd.DataFrame, results: dict, tmp_path: Path
) -> None:
    before = set(plt.get_fignums())
    fig = CHARTS[name](frame, results)
    assert set(plt.get_fignums()) == before, "charts must not leave figures open in pyplot"
    _check_figure(fig, tmp_path, name)


def test_the_map_draws_and_labels_the_yes_line() -> None:
    fig = charts.trust_risk_map()
    ax = _visible_axes(fig)[0]
    texts = [t.get_text() for t in ax.texts]
    assert "50% yes line" in texts
    colorbar_labels = [a.get_ylabel() for a in fig.axes]
    assert "Chance of a yes" in colorbar_labels


def test_the_map_says_so_when_no_ask_reaches_half() -> None:
    ax = _visible_axes(charts.trust_risk_map(effort=1.0, commitment=1.0))[0]
    assert any("below a 50% chance" in t.get_text() for t in ax.texts)


def test_bad_slider_values_are_refused() -> None:
    with pytest.raises(ValueError, match="effort"):
        charts.trust_risk_map(effort=1.5)


def test_approaches_use_shapes_not_only_colours(frame: pd.DataFrame) -> None:
    fig = charts.approaches_on_map(frame)
    legend = fig.legends[0]
    markers = [h.get_marker() for h in legend.legend_handles]
    assert len(markers) == len(GROUP_STYLE)
    assert len(set(markers)) == len(markers)


def test_approaches_are_placed_deterministically(frame: pd.DataFrame, tmp_path: Path) -> None:
    one = charts.place_approaches(frame, seed=3)
    two = charts.place_approaches(frame, seed=3)
    pd.testing.assert_frame_equal(one, two)
    other = charts.place_approaches(frame, seed=4)
    assert not np.allclose(one["trust"], other["trust"])
    # Jitter is small: every point stays near its relationship's trust.
    expected = np.array([trust_from(r) for r in frame["relationship"]])
    assert np.all(np.abs(one["trust"] - expected) <= 0.05)
    assert one["risk_level"].between(0, 1).all()
    first = charts.render_png(charts.approaches_on_map(frame))
    assert first == charts.render_png(charts.approaches_on_map(frame))


def test_approach_groups(frame: pd.DataFrame) -> None:
    placed = charts.place_approaches(frame)
    for row, group in zip(frame.to_dict("records"), placed["group"], strict=True):
        broken = [k for k in RULE_KEYS if row[k]]
        expected = "none" if not broken else broken[0] if len(broken) == 1 else "several"
        assert group == expected
    risky = placed["risk"] == 1
    assert placed.loc[risky, "risk_level"].min() > placed.loc[~risky, "risk_level"].max()


def test_rule_counts_match_the_table(frame: pd.DataFrame) -> None:
    for by in ("channel", "setting"):
        counts = charts.rule_counts(frame, by)
        for group, row in counts.iterrows():
            part = frame[frame[by] == group]
            assert row["asks"] == len(part)
            for key in RULE_KEYS:
                assert row[key] == part[key].sum()
    with pytest.raises(ValueError):
        charts.rule_counts(frame, "weekday")


def test_rule_bar_shares_are_fractions_of_each_group(frame: pd.DataFrame) -> None:
    ax = _visible_axes(charts.rule_breaks_by(frame, by="setting", share=True))[0]
    counts = charts.rule_counts(frame, "setting")
    heights = sorted(round(p.get_height(), 9) for p in ax.patches)
    expected = sorted(
        round(counts.at[g, k] / counts.at[g, "asks"], 9) for g in counts.index for k in RULE_KEYS
    )
    assert heights == expected
    assert "Share" in ax.get_ylabel()


def test_rule_bars_are_hatched_per_rule(frame: pd.DataFrame) -> None:
    ax = _visible_axes(charts.rule_breaks_by(frame))[0]
    hatches = {p.get_hatch() for p in ax.patches}
    assert len(hatches) == len(RULE_KEYS)
    assert None not in hatches and "" not in hatches


def test_simulation_chart_has_a_line_per_strategy_with_distinct_styles(results: dict) -> None:
    fig = charts.simulation_chart(results)
    axes = _visible_axes(fig)
    assert len(axes) == len(charts.SIM_METRICS)
    for ax in axes:
        lines = ax.get_lines()
        assert len(lines) == len(results)
        assert len({ln.get_linestyle() for ln in lines}) == len(lines)
        assert len({ln.get_marker() for ln in lines}) == len(lines)
        assert len(ax.collections) == len(results)  # one shaded band each


def test_focus_fades_the_other_strategy(results: dict) -> None:
    ax = _visible_axes(charts.simulation_chart(results, focus="leads_first"))[0]
    alphas = {ln.get_label(): ln.get_alpha() for ln in ax.get_lines()}
    assert alphas["Ask for leads first"] == 1.0
    assert alphas["Advice first"] < 1.0
    assert sum(c.get_visible() for c in ax.collections) == 1
    with pytest.raises(ValueError):
        charts.simulation_chart(results, focus="cold_calls")


def test_simulation_chart_refuses_bad_input(results: dict) -> None:
    with pytest.raises(ValueError):
        charts.simulation_chart(results, metrics=["happiness"])
    with pytest.raises(ValueError):
        charts.simulation_chart({})


def test_show_closes_the_figure() -> None:
    fig, _ = plt.subplots()
    number = fig.number
    charts.show(fig)
    assert number not in plt.get_fignums()


def test_every_chart_knows_its_own_alt_text(frame: pd.DataFrame) -> None:
    from helpable.ui.charts.base import alt_for

    assert alt_for(charts.rule_breaks_by(frame, by="setting")) == charts.alt_text(
        "rule_breaks_by", frame=frame, by="setting"
    )
    assert alt_for(charts.trust_risk_map(effort=0.3)) == charts.alt_text(
        "trust_risk_map", effort=0.3
    )
    assert alt_for(charts.approaches_on_map(frame)) == charts.alt_text(
        "approaches_on_map", frame=frame
    )
    fig, ax = plt.subplots()
    ax.set_title("Some numbers")
    assert "Some numbers" in alt_for(fig)


# --- alt text ------------------------------------------------------------------------


def test_alt_text_for_every_chart(frame: pd.DataFrame, results: dict) -> None:
    calls = {
        "trust_risk_map": {"effort": 0.2},
        "approaches_on_map": {"frame": frame},
        "rule_breaks_by": {"frame": frame, "by": "both"},
        "simulation_chart": {"results_by_strategy": results},
    }
    assert set(calls) == set(charts.ALT_TEXT)
    for name, kwargs in calls.items():
        text = charts.alt_text(name, **kwargs)
        assert isinstance(text, str) and len(text) > 150
        assert "\n" not in text


def test_alt_text_carries_the_charts_numbers(frame: pd.DataFrame) -> None:
    text = charts.alt_text("trust_risk_map", effort=0.3, commitment=0.0)
    stranger = p_yes(trust_from("stranger"), 0.0, 0.3, 0.0)
    assert f"{round(stranger * 100)}%" in text
    assert "effort is set to 0.3" in text.lower()
    bars = charts.alt_text("rule_breaks_by", frame=frame, by="channel")
    email = charts.rule_counts(frame, "channel").loc["email"]
    assert f"email ({email['asks']} asks) has {email['effort']} effort" in bars


def test_alt_text_refuses_unknown_charts() -> None:
    with pytest.raises(ValueError, match="trust_risk_map"):
        charts.alt_text("pie")


# --- fast redraws and the slider explorers -------------------------------------------------


def test_live_map_redraws_to_png() -> None:
    live = charts.LiveMap()
    first = live.png()
    assert first.startswith(PNG_HEADER)
    live.update(0.8, 0.5)
    second = live.png()
    assert second.startswith(PNG_HEADER) and second != first
    live.update(0.0, 0.0)
    assert live.png() == first  # the same settings give the same picture


def test_live_simulation_redraws_to_png(results: dict) -> None:
    live = charts.LiveSimulation(results)
    first = live.png()
    live.update(compare(seeds=range(3), contacts=30, weeks=8))
    second = live.png()
    live.update(results, focus="advice_first")
    third = live.png()
    live.update({"advice_first": results["advice_first"]})
    fourth = live.png()
    assert fourth.startswith(PNG_HEADER) and fourth != third
    assert all(p.startswith(PNG_HEADER) for p in (first, second, third))
    assert len({first, second, third}) == 3


def _controls(box: widgets.Widget) -> list[widgets.Widget]:
    found = []
    stack = [box]
    while stack:
        widget = stack.pop()
        stack.extend(getattr(widget, "children", ()))
        if isinstance(widget, DescriptionWidget) and not isinstance(
            widget, widgets.HTML | widgets.HTMLMath | widgets.Label | widgets.Output
        ):
            found.append(widget)
    return found


@pytest.mark.parametrize(
    "build",
    [
        interactive.trust_risk_explorer,
        interactive.simulation_explorer,
        interactive.predict_then_slide,
    ],
)
def test_every_control_has_a_description(build) -> None:  # noqa: ANN001 - a builder
    box = build()
    assert isinstance(box, widgets.Box)
    controls = _controls(box)
    assert controls
    for control in controls:
        assert control.description.strip(), f"{type(control).__name__} has no description"
    # Menus or sliders (tests/test_explorers.py checks the explorers' own rules).
    choosers = widgets.Dropdown | widgets.RadioButtons | widgets.FloatSlider | widgets.IntSlider
    assert any(isinstance(c, choosers | widgets.SelectionSlider) for c in controls)


def test_the_map_explorer_has_effort_and_commitment_controls() -> None:
    box = interactive.trust_risk_explorer()
    assert set(box.controls) == {"effort", "commitment"}
    assert all(isinstance(c, widgets.Dropdown) for c in box.controls.values())
    assert box.redraw(effort=0.4).startswith(PNG_HEADER)
    box.controls["commitment"].value = 0.5
    expected = round(p_yes(trust_from("stranger"), 0.6, 0.0, 0.5) * 100)
    assert f"{expected}%" in box.children[2].value
    with pytest.raises(ValueError):
        box.redraw(colour=1)


def test_the_simulation_explorer_has_its_controls() -> None:
    box = interactive.simulation_explorer(runs=5, weeks=6)
    assert {"strategy", "contacts", "weeks", "runs"} <= set(box.controls)
    assert isinstance(box.controls["strategy"], widgets.Dropdown)
    assert box.redraw(strategy="advice_first", contacts=20).startswith(PNG_HEADER)
    assert box.redraw(strategy="both", contacts=20).startswith(PNG_HEADER)
    box.controls["weeks"].value = 8
    assert "After 8 weeks" in box.children[-2].value
    with pytest.raises(ValueError):
        interactive.simulation_explorer(strategy="shout")


# Predict, then slide: tests/test_explorers.py (the guess is committed before numbers show).


# --- the real dataset ---------------------------------------------------------


def test_charts_from_the_real_dataset(tmp_path: Path) -> None:
    _check_figure(charts.approaches_on_map(), tmp_path, "real_map")
    _check_figure(charts.rule_breaks_by(by="both"), tmp_path, "real_bars")
    assert len(charts.alt_text("rule_breaks_by", by="setting")) > 150


def test_compact_png_is_a_smaller_palette_png() -> None:
    import io

    from PIL import Image

    fig = charts.trust_risk_map()
    compact = charts.compact_png(fig)
    assert compact[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(compact) < len(charts.render_png(fig))
    with Image.open(io.BytesIO(compact)) as image:
        assert image.mode == "P"
        assert image.width > 400 and image.height > 300


def test_learner_dollar_signs_are_money_not_maths() -> None:
    """Learner words such as "$5-$10" must show as written, not be read as mathtext."""
    from matplotlib.text import Text

    journal = pd.DataFrame(
        [
            {
                "kind": "rewrite",
                "pitch_id": "$5-$10 tip",
                "score": 80,
                "broken": "[]",
                "original_score": 40,
                "original_broken": '["risk"]',
                "pitch": "Tip $5-$10?",
                "original": "Could you tip $5-$10?",
            }
        ]
    )
    fig = charts.journal_progress_chart(journal)
    texts = [t for t in fig.findobj(Text) if t.get_text()]
    assert any("$5-$10" in t.get_text() for t in texts), (
        "the learner's words should be on the chart"
    )
    assert not any(t.get_parse_math() for t in texts)
    charts.compact_png(fig)  # draws without a mathtext error


def test_a_shown_figure_lets_go_of_its_pixels() -> None:
    """A figure a notebook keeps in a variable must not keep its whole image alive."""
    from matplotlib.text import Text

    fig = charts.trust_risk_map()
    charts.compact_png(fig)
    held = [t for t in fig.findobj(Text) if getattr(t, "_renderer", None) is not None]
    assert not held
    assert charts.compact_png(fig)[:8] == b"\x89PNG\r\n\x1a\n"  # and it can be drawn again


def test_every_model_chart_carries_the_teaching_model_caveat_in_the_picture() -> None:
    from helpable.content.strings import say
    from helpable.lesson import charts

    caveat = say("chart.model_caveat")
    figures = [
        charts.trust_risk_map(),
        charts.approaches_on_map(),
        charts.simulation_chart(),
    ]
    for fig in figures:
        from matplotlib.text import Text

        texts = [t.get_text() for t in fig.findobj(Text)]
        assert caveat in texts, fig
