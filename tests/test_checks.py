"""Exercise checks: right, wrong, unanswered and bad answers, never a traceback."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from helpable.content.approaches import load_approaches
from helpable.content.rules import RULE_KEYS
from helpable.content.tables import load_table
from helpable.ui.answers import BAD_INPUT, CORRECT, NOT_ANSWERED, SCHEMA, WRONG
from helpable.ui.answers import grade_answer as evaluate


def _rows(kind: str) -> pd.DataFrame:
    table = load_table(SCHEMA)
    rows = table[table["kind"] == kind]
    assert not rows.empty, f"no {kind} checks in data/checks.csv"
    return rows


def _labels(approach_id: str) -> set[str]:
    row = load_approaches().set_index("id").loc[approach_id]
    return {k for k in RULE_KEYS if int(row[k]) == 1}


@pytest.mark.parametrize("placeholder", [..., None, "", "   ", "..."])
def test_placeholders_are_not_answered_and_give_no_hint(placeholder: object) -> None:
    for check_id, hint in load_table(SCHEMA)[["id", "hint"]].itertuples(index=False):
        result = evaluate(check_id, placeholder)
        assert result.status == NOT_ANSWERED
        assert result.message.startswith("⏳ Not answered yet.")
        assert hint not in result.feedback(1) and "Hint" not in result.feedback(1)


def test_classify_right_and_wrong_answers() -> None:
    rows = _rows("classify")[["id", "target", "hint"]]
    for check_id, target, hint in rows.itertuples(index=False):
        truth = _labels(target)
        assert evaluate(check_id, truth).status == CORRECT
        assert evaluate(check_id, list(truth)).status == CORRECT
        wrong = set(RULE_KEYS) - truth or {"effort"}
        if wrong != truth:
            result = evaluate(check_id, wrong)
            assert result.status == WRONG
            assert result.hint == hint and f"Hint: {hint}" in result.feedback(1)


def test_classify_never_reveals_the_answer() -> None:
    for check_id, target in _rows("classify")[["id", "target"]].itertuples(index=False):
        truth = _labels(target)
        other = set(RULE_KEYS) - truth
        verdict = evaluate(check_id, other).feedback(1).split("Hint:")[0].lower()
        for key in truth:
            assert key not in verdict


@pytest.mark.parametrize("answer", [{"laziness"}, 42, {"a": 1}, 3.5])
def test_classify_bad_input_is_friendly(answer: object) -> None:
    check_id = _rows("classify")["id"].iloc[0]
    result = evaluate(check_id, answer)
    assert result.status == BAD_INPUT
    assert "set of rule names" in result.message


def test_count_is_computed_from_the_data() -> None:
    approaches = load_approaches()
    for check_id, query in _rows("count")[["id", "target"]].itertuples(index=False):
        truth = len(approaches.query(query))
        assert evaluate(check_id, truth).status == CORRECT
        assert evaluate(check_id, truth + 1).status == WRONG
        assert evaluate(check_id, "twelve").status == BAD_INPUT
        assert evaluate(check_id, True).status == BAD_INPUT


def test_rewrite_rejects_the_original_and_accepts_its_model_rewrite() -> None:
    approaches = load_approaches().set_index("id")
    for check_id, target in _rows("rewrite")[["id", "target"]].itertuples(index=False):
        original = approaches.loc[target, "text"]
        assert evaluate(check_id, original).status == WRONG
        assert evaluate(check_id, approaches.loc[target, "better_version"]).status == CORRECT
        assert evaluate(check_id, "Hi.").status == WRONG
        assert evaluate(check_id, ["not", "text"]).status == BAD_INPUT


def test_find_phrase_needs_a_phrase_from_the_pitch() -> None:
    approaches = load_approaches().set_index("id")
    for check_id, target in _rows("find_phrase")[["id", "target"]].itertuples(index=False):
        text = approaches.loc[target.split(":")[0], "text"]
        assert evaluate(check_id, "words that are nowhere in it").status == WRONG
        assert evaluate(check_id, text).status == WRONG  # the whole pitch is too much
        assert evaluate(check_id, 7).status == BAD_INPUT


def test_unknown_check_id_is_friendly() -> None:
    result = evaluate("9.99", {"risk"})
    assert result.status == BAD_INPUT and "no check called" in result.message


def test_a_classify_check_can_name_a_quiz_item(data_copy) -> None:
    """A classify check whose target is a quiz id grades against the quiz's answer key."""
    from helpable.content.quiz import load_quiz

    item = load_quiz()[0]
    with open(data_copy / "checks.csv", "a", encoding="utf-8") as f:
        f.write(f"9.90,{item.notebook},classify,{item.id},Read the pitch again.\n")
    assert evaluate("9.90", set(item.broken)).status == CORRECT
    wrong = {"effort", "risk", "commitment"} - set(item.broken) or {"effort"}
    assert evaluate("9.90", wrong).status == WRONG


HINT_CODE = re.compile(
    r"\blen\(|\bquery\b|compare\(|\(\)|\brun\b|\bcolumns?\b|==|\w+_\w+|`|\bset\(|\bpandas\b",
    re.IGNORECASE,
)


def test_hints_use_no_code_words_and_fit_the_widgets() -> None:
    table = load_table(SCHEMA)
    bad = {row["id"]: row["hint"] for _, row in table.iterrows() if HINT_CODE.search(row["hint"])}
    assert not bad, bad
    for _, row in table[table["kind"] == "count"].iterrows():
        assert row["hint"].startswith("Use the filter above"), (row["id"], row["hint"])
