"""Every exercise can be answered through widgets, graded exactly as the ✏️ cell's check is.

``check(id, ...)`` (no answer yet, or any answer in Voilà) returns an
:class:`ExerciseBox`: boxes to tick, a text box, a number box or radio
buttons, a Check button and the result right under it. The approach filter
lets a learner count in the data without code.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from helpable.content.checks import count_filter
from helpable.content.filters import AllOf, Condition, Filter
from helpable.content.rules import RULE_KEYS
from helpable.content.strings import say
from helpable.ui.answers import CORRECT, WRONG, check, choice_question, grade_answer
from helpable.ui.state.data_filter import ANY, NO, YES, ApproachFilter
from helpable.ui.state.exercise import ExerciseState
from helpable.ui.state.tries import Tries
from helpable.ui.widgets.data_filter import DataFilter, approach_filter
from helpable.ui.widgets.exercise import ExerciseBox, exercise_box

from .test_tries_and_hints import _count, _right, _rows, _wrong_list
from .test_widgets import assert_no_raw_markup, text_of, unlabelled

CODE_WORDS = re.compile(r"\{|\}|set\(\)|\blen\(|\bquery\b|\w+_\w+|\[|\]|\bNaN\b|\ba\d{3}\b")
"""What a learner must never see in a widget: code, ids, lists, NaN, snake_case names."""


def _fill(box: ExerciseBox, answer: Any) -> None:
    """Answer through the widget only, as a learner would (tick, type or pick)."""
    kind = box.state.kind
    if kind == "classify":
        picked = set(answer)
        if not picked:
            assert box.none_box is not None
            box.none_box.value = True
        for key in picked:
            box.boxes[key].value = True
    elif kind == "choice":
        assert box.options is not None
        labels = dict((key, label) for label, key in box.options.options)
        box.options.value = next(k for k in labels if k == answer or labels[k] == answer)
    else:
        assert box.text is not None
        box.text.value = str(answer)


def _clear(box: ExerciseBox) -> None:
    for b in [*box.boxes.values(), *([box.none_box] if box.none_box else [])]:
        b.value = False
    if box.text is not None:
        box.text.value = ""
    if box.options is not None:
        box.options.value = None


def _shown(box: ExerciseBox) -> str:
    return text_of(box.result.value)


# --- one widget per kind ---------------------------------------------------------------------


def test_each_kind_gets_its_labelled_widget() -> None:
    kinds = set()
    for row in _rows():
        box = exercise_box(row["id"], tries=Tries())
        kinds.add(row["kind"])
        assert unlabelled(box) == [], (row["id"], unlabelled(box))
        assert box.check.description == say("exercise.check")
        assert list(box.children).index(box.result) == list(box.children).index(box.check) + 1
        if row["kind"] == "classify":
            assert set(box.boxes) == set(RULE_KEYS) and box.none_box is not None
            assert [b.description for b in box.boxes.values()] == ["Effort", "Risk", "Commitment"]
            assert box.none_box.description == say("exercise.none_box")
        elif row["kind"] == "choice":
            assert box.options is not None and box.options.value is None
            for label, _ in box.options.options:
                assert not CODE_WORDS.search(label), label
        else:
            assert box.text is not None and box.text.description
    assert kinds == {"classify", "find_phrase", "rewrite", "count", "choice"}


def test_it_breaks_no_rule_is_exclusive() -> None:
    box = exercise_box("3.1", tries=Tries())
    assert box.none_box is not None
    box.boxes["risk"].value = True
    box.boxes["effort"].value = True
    box.none_box.value = True
    assert box.value() == {"none"} and not any(b.value for b in box.boxes.values())
    box.boxes["commitment"].value = True
    assert box.value() == {"commitment"} and not box.none_box.value


# --- right answers through the widget ---------------------------------------------------------


def test_every_exercise_can_be_answered_right_through_its_widget() -> None:
    for row in _rows():
        box = exercise_box(row["id"], tries=Tries())
        _fill(box, _right(row))
        box.check.click()
        shown = _shown(box)
        assert shown.startswith("✓"), (row["id"], shown)
        assert box.state.tries.count(row["id"]) == 0


def test_a_count_is_a_whole_number_typed_in_the_box() -> None:
    row = _rows("count")[0]
    box = exercise_box(row["id"], tries=Tries())
    for typed in (f" {_count(row['target'])} ", f"+{_count(row['target'])}"):
        box.text.value = typed  # type: ignore[union-attr]
        box.check.click()
        assert _shown(box).startswith("✓"), (typed, _shown(box))


# --- empty input is not a try -------------------------------------------------------------


@pytest.mark.parametrize("kind", ["classify", "find_phrase", "rewrite", "count", "choice"])
def test_empty_input_asks_for_something_first_and_is_not_a_try(kind: str) -> None:
    row = _rows(kind)[0]
    tries = Tries()
    box = exercise_box(row["id"], tries=tries)
    if box.text is not None:
        box.text.value = "   "
    box.check.click()
    assert text_of(box.result.value).strip().endswith(say("exercise.empty." + kind)), (
        box.result.value
    )
    assert tries.count(row["id"]) == 0 and "✗" not in _shown(box)


def test_a_count_that_is_not_a_whole_number_is_not_a_try() -> None:
    row = _rows("count")[0]
    tries = Tries()
    box = exercise_box(row["id"], tries=tries)
    for typed in ("twelve", "3.5", "1e3"):
        box.text.value = typed  # type: ignore[union-attr]
        box.check.click()
        assert say("exercise.count.not_a_number") in _shown(box), typed
    assert tries.count(row["id"]) == 0


# --- wrong tries: hint, then the answer in words ------------------------------------------


def test_wrong_then_wrong_shows_the_hint_then_the_answer_in_plain_words() -> None:
    for row in _rows():
        wrong = _wrong_list(row)
        if len(wrong) < 2:
            continue
        tries = Tries()
        box = exercise_box(row["id"], tries=tries)
        _fill(box, wrong[0])
        box.check.click()
        first = _shown(box)
        assert first.startswith("✗") and say("answers.hint", hint=row["hint"]) in first, first
        assert say("answers.reveal_head") not in first
        _clear(box)
        _fill(box, wrong[1])
        box.check.click()
        second = _shown(box)
        assert say("answers.reveal_head") in second and row["hint"] not in second, second
        assert tries.count(row["id"]) == 2
        reveal = second.split(say("answers.reveal_head"))[1]
        if row["kind"] in ("classify", "count", "choice"):
            assert not CODE_WORDS.search(reveal), (row["id"], reveal)


def test_the_widget_and_the_code_path_share_one_grader_and_one_try_count(
    capsys: pytest.CaptureFixture[str],
) -> None:
    for row in _rows():
        first, *rest = _wrong_list(row)
        tries = Tries()
        box = exercise_box(row["id"], tries=tries)
        _fill(box, first)
        box.check.click()
        state = ExerciseState(row["id"], tries)
        assert grade_answer(row["id"], first).status == WRONG
        assert tries.count(row["id"]) == 1
        check(row["id"], first, tries=tries)  # the same answer in the ✏️ cell: not a new try
        assert tries.count(row["id"]) == 1
        if rest:
            check(row["id"], rest[0], tries=tries)
            assert say("answers.reveal_head") in capsys.readouterr().out
            assert state.tries.count(row["id"]) == 2
        capsys.readouterr()
        assert grade_answer(row["id"], _right(row)).status == CORRECT


def test_in_voila_a_check_always_shows_its_widget(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    row = _rows("classify")[0]
    assert check(row["id"], _right(row), tries=Tries()) is None
    assert capsys.readouterr().out.startswith(f"[{row['id']}] ✓")
    monkeypatch.setenv("VOILA_KERNEL_ID", "k1")
    box = check(row["id"], _right(row), tries=Tries())
    assert isinstance(box, ExerciseBox) and capsys.readouterr().out == ""


def test_an_unknown_check_is_a_clear_error() -> None:
    with pytest.raises(KeyError, match="no check called"):
        exercise_box("99.9")


# --- the approach filter ----------------------------------------------------------------------


def _conditions(tree: Filter) -> list[Condition]:
    if isinstance(tree, Condition):
        return [tree]
    assert isinstance(tree, AllOf), "the filter widget only joins choices with 'and'"
    return [c for part in tree.parts for c in _conditions(part)]


def _set_filter(widget: DataFilter, target: str) -> None:
    """Set the dropdowns that stand for a count target, as a learner would."""
    for cond in _conditions(count_filter(target)):
        column, op, value = cond.column, cond.op, cond.value
        if column in ("setting", "channel", "relationship"):
            assert op == "=="
            getattr(widget, column).value = value
        elif column in RULE_KEYS:
            assert op == "=="
            widget.broken[column].value = YES if int(value) == 1 else NO
        elif column == "rules_broken" and op == "==" and int(value) == 0:
            for menu in widget.broken.values():
                menu.value = NO
        else:
            assert column == "rules_broken" and op == ">=", cond
            widget.at_least.value = int(value)


def test_the_filter_counts_every_count_exercise_right() -> None:
    for row in _rows("count"):
        widget = approach_filter()
        _set_filter(widget, row["target"])
        truth = _count(row["target"])
        assert widget.state.count() == truth, row["id"]
        assert text_of(widget.count.value) == say("filter.count_many", count=truth)
        box = exercise_box(row["id"], tries=Tries())
        box.text.value = re.search(r"\d+", text_of(widget.count.value)).group()  # type: ignore[union-attr]
        box.check.click()
        assert _shown(box).startswith("✓"), (row["id"], _shown(box))


def test_the_filter_is_labelled_and_its_table_is_plain_words() -> None:
    widget = approach_filter()
    assert unlabelled(widget) == [], unlabelled(widget)
    for part in widget._parts():
        for label, _ in part.options:
            assert not CODE_WORDS.search(str(label)), label
    widget.broken["risk"].value = YES
    widget.at_least.value = 2
    table = text_of(widget.table.value)
    assert table and not CODE_WORDS.search(table), table
    assert "…and" in table and say("filter.col.rules") in table
    assert "Risk" in table


def test_the_filter_says_when_nothing_or_one_matches() -> None:
    state = ApproachFilter()
    state.relationship, state.at_least = "stranger", 3
    state.broken = dict.fromkeys(RULE_KEYS, NO)
    assert state.count() == 0 and state.summary() == say("filter.count_none")
    assert state.rows() == [] and state.more() == 0
    one = ApproachFilter(state.frame.head(1))
    assert one.summary() == say("filter.count_one")
    assert all(value == ANY for value in ApproachFilter().broken.values())


def test_the_filter_escapes_the_pitch_text() -> None:
    frame = ApproachFilter().frame.head(2).copy()
    frame.loc[frame.index[0], "text"] = "<script>alert(1)</script> could you help?"
    widget = DataFilter(frame)
    assert "<script>" not in widget.table.value and "&lt;script&gt;" in widget.table.value
    assert_no_raw_markup(widget)


def test_choice_options_are_the_plain_names() -> None:
    for row in _rows("choice"):
        question, _ = choice_question(row["target"])
        box = exercise_box(row["id"], tries=Tries())
        assert box.options is not None
        assert [label for label, _ in box.options.options] == list(question.options().values())
