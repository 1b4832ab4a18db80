"""Lesson 05's explorers: an honest "predict, then slide", and controls with real names.

The state tests need no widgets; the widget tests click and pick as a learner would.
"""

from __future__ import annotations

import ipywidgets as widgets
import pytest

from helpable.model.decision import disclaimer, p_yes, trust_from
from helpable.ui.state.explorers import PREDICTIONS, PredictionState
from helpable.ui.widgets import explorers

ASK = "Would you pass my resume on to your manager?"


def wrong_guess(state: PredictionState) -> str:
    return next(p for p in PREDICTIONS if p != state.answer)


# --- predict, then slide: the state ---------------------------------------------------------


def test_picking_a_guess_shows_no_number_and_unlocks_nothing() -> None:
    state = PredictionState(ASK)
    shown = state.pick(wrong_guess(state))
    assert "%" not in shown
    assert not state.committed and not state.unlocked
    assert "%" not in state.reading("close_friend")


def test_the_guess_can_change_until_it_is_committed() -> None:
    state = PredictionState(ASK)
    state.pick("same")
    state.pick(state.answer)
    assert state.guess == state.answer and not state.committed


def test_committing_says_only_right_or_wrong() -> None:
    state = PredictionState(ASK)
    state.pick(state.answer)
    said = state.commit()
    assert state.committed and state.unlocked
    assert "%" not in said and "Good prediction" in said


def test_a_wrong_committed_guess_is_named_wrong_without_the_numbers() -> None:
    state = PredictionState(ASK)
    state.pick(wrong_guess(state))
    said = state.commit()
    assert "Not quite" in said and "%" not in said


def test_the_numbers_show_only_after_the_commit_with_the_caveat() -> None:
    state = PredictionState(ASK, start="stranger", end="close_friend")
    state.pick("lot")
    assert "%" not in state.reading("close_friend")
    state.commit()
    reading = state.reading("close_friend")
    expected = round(p_yes(trust_from("close_friend"), 0.6, 0.0, 0.6) * 100)
    assert f"{expected}%" in reading
    assert disclaimer() in reading


def test_a_committed_guess_is_locked() -> None:
    state = PredictionState(ASK)
    state.pick("same")
    state.commit()
    with pytest.raises(ValueError, match="locked"):
        state.pick("lot")
    assert state.guess == "same"


def test_committing_without_a_guess_asks_for_one_and_stays_locked() -> None:
    state = PredictionState(ASK)
    said = state.commit()
    assert "Pick a prediction" in said
    assert not state.committed


def test_an_unknown_guess_is_refused() -> None:
    with pytest.raises(ValueError, match="one of"):
        PredictionState(ASK).pick("sideways")


# --- predict, then slide: the widget -------------------------------------------------------


def test_the_widget_hides_numbers_until_the_button_is_clicked() -> None:
    box = explorers.predict_then_slide(ASK, start="stranger", end="close_friend")
    assert box.person.disabled and box.lock.disabled
    box.guess.value = "lot"
    assert "%" not in box.feedback.value and "%" not in box.reading.value
    assert box.person.disabled and not box.lock.disabled
    box.person.value = "close_friend"  # even if the person could be changed, no number
    assert "%" not in box.reading.value
    box.lock.click()
    assert box.guess.disabled and box.lock.disabled and not box.person.disabled
    assert "%" not in box.feedback.value
    assert "%" in box.reading.value
    box.person.value = "former_colleague"
    expected = round(p_yes(trust_from("former_colleague"), 0.6, 0.0, 0.6) * 100)
    assert f"{expected}%" in box.reading.value


# --- every control has a name a screen reader can read --------------------------------------


def _leaves(box: widgets.Widget) -> list[widgets.Widget]:
    found, stack = [], [box]
    while stack:
        widget = stack.pop()
        stack.extend(getattr(widget, "children", ()))
        found.append(widget)
    return found


SLIDERS = (widgets.FloatSlider, widgets.IntSlider, widgets.SelectionSlider)


@pytest.mark.parametrize(
    "build",
    [explorers.trust_risk_explorer, explorers.simulation_explorer, explorers.predict_then_slide],
)
def test_no_control_is_an_unnameable_slider(build) -> None:  # noqa: ANN001 - a builder
    """ipywidgets 8 draws sliders with noUiSlider, whose handle can carry no name (axe
    ``aria-input-field-name``); the explorers use native, labelled controls instead."""
    leaves = _leaves(build())
    assert not [w for w in leaves if isinstance(w, SLIDERS)]
    for control in leaves:
        if isinstance(control, widgets.Dropdown | widgets.RadioButtons):
            assert control.description.strip()
            assert control.style.description_width == "initial"


def test_the_map_explorer_menus_move_the_picture() -> None:
    box = explorers.trust_risk_explorer()
    assert set(box.controls) == {"effort", "commitment"}
    first = box.redraw()
    box.controls["commitment"].value = 0.5
    expected = round(p_yes(trust_from("stranger"), 0.6, 0.0, 0.5) * 100)
    assert f"{expected}%" in box.children[2].value
    assert box.redraw() != first


def test_a_setting_between_the_steps_is_kept() -> None:
    box = explorers.trust_risk_explorer(effort=0.25)
    assert box.controls["effort"].value == 0.25


def test_the_simulation_explorer_weeks_menu_cuts_the_run() -> None:
    box = explorers.simulation_explorer(runs=5, weeks=6)
    weeks = box.controls["weeks"]
    assert isinstance(weeks, widgets.Dropdown)
    assert [v for _, v in weeks.options][0] == 4 and [v for _, v in weeks.options][-1] == 26
    weeks.value = 8
    assert "After 8 weeks" in box.children[-2].value


# --- pictures have alt text; your own pitch on the map, with no code ------------------------


def test_explorer_pictures_are_images_with_alt_text() -> None:
    box = explorers.trust_risk_explorer()
    picture = box.children[-1]
    assert isinstance(picture, widgets.HTML)
    assert picture.value.startswith("<img ") and 'alt="' in picture.value
    assert 'alt=""' not in picture.value


def test_pitch_on_map_places_the_pitch_with_the_caveat() -> None:
    box = explorers.pitch_on_map()
    assert "29%" in box.summary.value or "%" in box.summary.value
    assert disclaimer().split(",")[0] in box.summary.value
    first = box.picture.value
    assert first.startswith("<img ") and 'alt="' in first
    box.text.value = "Could I ask you one quick question about your work?"
    box.person.value = "close_friend"
    box.place.click()
    assert "close friend" in box.summary.value and "breaks no rule" in box.summary.value
    assert box.picture.value != first


def test_pitch_on_map_asks_for_words_first_and_refuses_unknown_people() -> None:
    box = explorers.pitch_on_map()
    box.text.value = "   "
    box.place.click()
    assert "Write a pitch" in box.summary.value
    with pytest.raises(ValueError):
        explorers.pitch_on_map(relationship="boss")


# --- live charts keep one pixel buffer between pictures ------------------------------------


def test_a_live_chart_lets_go_of_its_pixels_between_pictures() -> None:
    from helpable.model.simulate import compare
    from helpable.ui import charts

    live = charts.LiveSimulation(compare(seeds=range(3), contacts=20, weeks=6))
    first = live.png()
    assert getattr(live.figure.canvas, "renderer", None) is None
    assert live.png() == first, "the picture is the same from a fresh buffer"
    live.update(compare(seeds=range(3), contacts=30, weeks=6))
    assert live.png() != first
    assert getattr(live.figure.canvas, "renderer", None) is None
