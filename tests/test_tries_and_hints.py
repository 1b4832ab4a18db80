"""Exercise checks: no hint before a try, a hint after the first, the answer after the second.

``check(id, answer)`` counts wrong tries per check (a repeated wrong answer is
not a new try). The hints in ``data/checks.csv`` point to the thinking and
never give the answer away; what was right, and why, is worked out from the
data and the analyzer exactly as grading does.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from helpable.analyzer.engine import analyze
from helpable.content.approaches import load_approaches
from helpable.content.checks import count_filter
from helpable.content.rules import RULE_KEYS, rule
from helpable.content.strings import say
from helpable.content.tables import load_table
from helpable.ui.answers import (
    BAD_INPUT,
    CORRECT,
    NOT_ANSWERED,
    SCHEMA,
    WRONG,
    check,
    choice_question,
    grade_answer,
)
from helpable.ui.state.tries import Tries
from helpable.ui.widgets.exercise import ExerciseBox

PLACEHOLDERS: tuple[Any, ...] = (..., None, "", "   ", "...")


def _rows(kind: str | None = None) -> list[dict[str, str]]:
    table = load_table(SCHEMA)
    rows = [
        {str(k): str(v) for k, v in row.items()}
        for row in table.to_dict("records")
        if kind is None or row["kind"] == kind
    ]
    assert rows, f"no {kind} checks in data/checks.csv"
    return rows


def _approach(approach_id: str) -> dict[str, Any]:
    frame = load_approaches()
    return {str(k): v for k, v in frame[frame["id"] == approach_id].iloc[0].to_dict().items()}


def _truth(approach_id: str) -> set[str]:
    row = _approach(approach_id)
    return {k for k in RULE_KEYS if int(row[k]) == 1}


def _count(target: str) -> int:
    return int(count_filter(target).apply(load_approaches()).sum())


def _right(row: dict[str, str]) -> Any:
    """A right answer for one check, worked out here from the data."""
    kind, target = row["kind"], row["target"]
    if kind == "classify":
        return _truth(target)
    if kind == "count":
        return _count(target)
    if kind == "choice":
        question, arg = choice_question(target)
        return question.solve(arg)
    if kind == "rewrite":
        return _approach(target)["better_version"]
    pitch_id, _, rule_key = target.partition(":")
    item = _approach(pitch_id)
    feedback = analyze(item["text"], setting=item["setting"], relationship=item["relationship"])
    return feedback.findings_for(rule_key)[0].phrase


def _wrong_answers(row: dict[str, str]) -> Iterator[Any]:
    """Different wrong answers for one check, each graded WRONG (asserted by the caller)."""
    kind, target = row["kind"], row["target"]
    if kind == "classify":
        truth = _truth(target)
        candidates = [{k} for k in RULE_KEYS] + [set(), set(RULE_KEYS)]
        yield from (c for c in candidates if c != truth)
    elif kind == "count":
        truth = _count(target)
        yield from (truth + 1, truth + 2, max(truth - 1, 0) if truth > 1 else truth + 3)
    elif kind == "choice":
        question, arg = choice_question(target)
        yield from (key for key in question.options() if key != question.solve(arg))
    elif kind == "rewrite":
        text = str(_approach(target)["text"])
        yield from (f"{text} Thanks so much.", f"{text} Many thanks in advance.")
    else:
        pitch_id, _, _ = target.partition(":")
        words = str(_approach(pitch_id)["text"]).split()
        for size in (2, 1, 3):
            for start in range(len(words) - size + 1):
                phrase = " ".join(words[start : start + size])
                if grade_answer(row["id"], phrase).status == WRONG:
                    yield phrase


def _wrong_list(row: dict[str, str]) -> list[Any]:
    """Up to two different answers that grade WRONG for one check."""
    found: list[Any] = []
    for answer in _wrong_answers(row):
        if grade_answer(row["id"], answer).status == WRONG and answer not in found:
            found.append(answer)
        if len(found) == 2:
            break
    assert found, f"check {row['id']}: could not make a wrong answer"
    return found


def _said(check_id: str, answer: Any, tries: Tries, capsys: pytest.CaptureFixture[str]) -> str:
    check(check_id, answer, tries=tries)
    return capsys.readouterr().out


def _hint_line(hint: str) -> str:
    return say("answers.hint", hint=hint)


# --- placeholders ------------------------------------------------------------------------


@pytest.mark.parametrize("placeholder", PLACEHOLDERS, ids=repr)
def test_a_placeholder_shows_the_answer_widget_and_no_hint(
    placeholder: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    """No answer yet: check() prints nothing and returns the answer widget, hint-free."""
    tries = Tries()
    for row in _rows():
        box = check(row["id"], placeholder, tries=tries)
        assert isinstance(box, ExerciseBox), (row["id"], box)
        assert capsys.readouterr().out == ""
        assert box.state.check_id == row["id"] and box.state.kind == row["kind"]
        shown = " ".join([box.prompt.value, box.result.value])
        assert row["hint"] not in shown and "Hint" not in shown, shown
        assert tries.count(row["id"]) == 0
        result = grade_answer(row["id"], placeholder)
        assert result.status == NOT_ANSWERED and row["hint"] not in result.feedback(5)
        assert "✏️" in result.message, f"{row['id']}: the placeholder should say what to type"


# --- the first and second wrong try ------------------------------------------------------


def test_the_first_wrong_try_shows_not_quite_and_the_hint(
    capsys: pytest.CaptureFixture[str],
) -> None:
    for row in _rows():
        tries = Tries()
        out = _said(row["id"], _wrong_list(row)[0], tries, capsys)
        assert out.startswith(f"[{row['id']}] ✗"), out
        assert _hint_line(row["hint"]) in out, out
        assert say("answers.reveal_head") not in out, f"{row['id']} revealed on the first try"
        assert tries.count(row["id"]) == 1


def _can_reveal(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """The rows with two different wrong answers (a two-option choice has only one)."""
    chosen = [row for row in rows if len(_wrong_list(row)) == 2]
    assert chosen, "no check of this kind can be got wrong twice"
    return chosen


def _reveal(row: dict[str, str], capsys: pytest.CaptureFixture[str]) -> str:
    tries = Tries()
    first, second = _wrong_list(row)
    _said(row["id"], first, tries, capsys)
    out = _said(row["id"], second, tries, capsys)
    assert tries.count(row["id"]) == 2
    assert say("answers.reveal_head") in out, out
    assert row["hint"] not in out, "the second try shows the answer, not the hint again"
    return out


def test_a_second_wrong_classify_try_says_which_rules_and_the_words(
    capsys: pytest.CaptureFixture[str],
) -> None:
    for row in _can_reveal(_rows("classify")):
        out = _reveal(row, capsys)
        item = _approach(row["target"])
        truth = _truth(row["target"])
        feedback = analyze(item["text"], setting=item["setting"], relationship=item["relationship"])
        for key in RULE_KEYS:
            name = rule(key).name
            if key in truth:
                assert say(f"quiz.broken_why.{key}") in out, (row["id"], key, out)
                for finding in feedback.findings_for(key):
                    assert finding.phrase in out, (row["id"], finding.phrase, out)
            else:
                assert say(f"quiz.fine_why.{key}") in out, (row["id"], key, out)
            assert name in out
        answer = "{" + ", ".join(f'"{k}"' for k in RULE_KEYS if k in truth) + "}"
        assert (answer if truth else "set()") in out, out


def test_a_second_wrong_count_try_gives_the_number_and_the_filter_in_words(
    capsys: pytest.CaptureFixture[str],
) -> None:
    for row in _can_reveal(_rows("count")):
        out = _reveal(row, capsys)
        assert re.search(rf"\b{_count(row['target'])}\b", out), out
        for column in re.findall(r"[a-z_]+(?=\s*[=!<>])", row["target"]):
            assert column.replace("_", " ") in out, (row["id"], column, out)
        for value in re.findall(r'"([^"]+)"', row["target"]):
            assert f"“{value.replace('_', ' ')}”" in out, (row["id"], value, out)
        assert not re.search(r"\b[a-z]+_[a-z]+\b", out), f"a snake_case name is shown: {out}"


def test_a_second_wrong_choice_try_gives_the_option_and_the_reason(
    capsys: pytest.CaptureFixture[str],
) -> None:
    for row in _can_reveal(_rows("choice")):
        out = _reveal(row, capsys)
        question, arg = choice_question(row["target"])
        right = question.solve(arg)
        assert right in out and question.options()[right] in out, out
        assert re.search(r"\d", out.split(say("answers.reveal_head"))[1]), "no number in why"


def test_a_second_wrong_phrase_or_rewrite_try_shows_an_answer_that_passes(
    capsys: pytest.CaptureFixture[str],
) -> None:
    for row in _can_reveal([*_rows("find_phrase"), *_rows("rewrite")]):
        out = _reveal(row, capsys).split(say("answers.reveal_head"))[1]
        shown = re.findall(r"“([^”]+)”", out)
        assert shown, out
        assert grade_answer(row["id"], shown[0]).status == CORRECT, (row["id"], shown[0])


def test_a_repeated_identical_wrong_answer_does_not_advance(
    capsys: pytest.CaptureFixture[str],
) -> None:
    tries = Tries()
    row = next(r for r in _rows("classify") if _truth(r["target"]) != {"risk"})
    for same in ({"risk"}, ["risk"], ("Risk ",), {"risk", "none"}):
        out = _said(row["id"], same, tries, capsys)
        assert _hint_line(row["hint"]) in out and say("answers.reveal_head") not in out, out
    assert tries.count(row["id"]) == 1
    choice = _rows("choice")[0]
    question, arg = choice_question(choice["target"])
    wrong = next(k for k in question.options() if k != question.solve(arg))
    for same in (wrong, f"  {question.options()[wrong].upper()} ", wrong.replace("_", " ")):
        out = _said(choice["id"], same, tries, capsys)
        assert say("answers.reveal_head") not in out, out
    assert tries.count(choice["id"]) == 1
    other = next(a for a in _wrong_answers(row) if a != {"risk"})
    out = _said(row["id"], other, tries, capsys)
    assert tries.count(row["id"]) == 2 and say("answers.reveal_head") in out, out


def test_tries_are_kept_per_check_and_bad_input_is_not_a_try(
    capsys: pytest.CaptureFixture[str],
) -> None:
    tries = Tries()
    a, b = _rows("count")[:2]
    _said(a["id"], "twelve", tries, capsys)
    _said(a["id"], True, tries, capsys)
    assert tries.count(a["id"]) == 0
    first, second = _wrong_list(a)
    _said(a["id"], first, tries, capsys)
    _said(a["id"], second, tries, capsys)
    assert tries.count(a["id"]) == 2 and tries.count(b["id"]) == 0
    out = _said(b["id"], _wrong_list(b)[0], tries, capsys)
    assert _hint_line(b["hint"]) in out


def test_a_right_answer_shows_a_tick_and_a_one_line_why(
    capsys: pytest.CaptureFixture[str],
) -> None:
    for row in _rows():
        out = _said(row["id"], _right(row), Tries(), capsys).strip()
        assert out.startswith(f"[{row['id']}] ✓"), out
        assert "\n" not in out, out
        assert len(out.split("✓", 1)[1].split()) >= 5, f"{row['id']}: no why: {out}"
        assert row["hint"] not in out


# --- the hints never give the answer away ------------------------------------------------

RULE_WORDS: dict[str, tuple[str, ...]] = {
    "effort": ("effort", "real work", "homework", "the work", "is work", "how long", "research"),
    "risk": ("risk", "on the line", "vouch", "stake", "name", "names", "reputation"),
    "commitment": (
        "commitment",
        "later",
        "debt",
        "owe",
        "owing",
        "after you part",
        "next step",
        "yourself",
        "holding a task",
    ),
}
"""The words the course uses for each rule, in its hints and explanations."""


def _rules_named(text: str) -> set[str]:
    low = text.lower()
    return {
        key
        for key, words in RULE_WORDS.items()
        if any(re.search(rf"\b{re.escape(w)}\b", low) for w in (*words, rule(key).name.lower()))
    }


def _runs(text: str, size: int) -> set[str]:
    words = re.findall(r"[\w']+", text.lower())
    return {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}


def _gives_away(row: dict[str, str], text: str) -> list[str]:
    """Why ``text`` (a hint, or a message shown before the answer) gives the answer away."""
    kind, target, low = row["kind"], row["target"], text.lower()
    found: list[str] = []
    if kind == "classify":
        truth = _truth(target)
        for part in re.split(r"(?<=[.!?;])\s+", text):
            named = _rules_named(part)
            if named and not part.rstrip().endswith("?") and named != set(RULE_KEYS):
                found.append(f"states a verdict on {sorted(named)}: {part!r}")
        if not truth and re.search(r"\b(no rule|none|nothing|set\(\))", low):
            found.append("says it breaks no rule")
        for key in truth:
            if re.search(rf"\b{key}\b", low) and _rules_named(text) != set(RULE_KEYS):
                found.append(f"names the rule {key!r}")
    elif kind == "count":
        if re.search(rf"(?<![\w.]){_count(target)}(?![\w.])", low):
            found.append("holds the count")
    elif kind == "choice":
        question, arg = choice_question(target)
        right = question.solve(arg)
        for said in (right, right.replace("_", " "), question.options()[right]):
            if re.search(rf"\b{re.escape(said.lower())}\b", low):
                found.append(f"names the right option {said!r}")
    elif kind == "find_phrase":
        pitch_id, _, rule_key = target.partition(":")
        item = _approach(pitch_id)
        feedback = analyze(item["text"], setting=item["setting"], relationship=item["relationship"])
        for finding in feedback.findings_for(rule_key):
            if len(finding.phrase.split()) > 1 and finding.phrase.lower() in low:
                found.append(f"quotes the flagged words {finding.phrase!r}")
        found += [f"quotes the pitch: {run!r}" for run in _runs(text, 3) & _runs(item["text"], 3)]
    else:
        better = str(_approach(target)["better_version"])
        found += [f"quotes the model rewrite: {r!r}" for r in _runs(text, 5) & _runs(better, 5)]
    return found


def test_no_hint_gives_the_answer_away() -> None:
    problems = {row["id"]: _gives_away(row, row["hint"]) for row in _rows()}
    assert not {k: v for k, v in problems.items() if v}, problems


@pytest.mark.parametrize("placeholder", PLACEHOLDERS[:2], ids=repr)
def test_no_message_before_the_answer_gives_it_away(placeholder: Any) -> None:
    """Placeholder, bad-input and first-wrong-try messages are held to the hint's standard."""
    bad = {"classify": 42, "count": "twelve", "choice": 3, "rewrite": 7, "find_phrase": 7}
    for row in _rows():
        shown = [grade_answer(row["id"], placeholder), grade_answer(row["id"], bad[row["kind"]])]
        shown.append(grade_answer(row["id"], _wrong_list(row)[0]))
        for result in shown:
            assert result.status in (NOT_ANSWERED, BAD_INPUT, WRONG)
            message = result.feedback(1).replace(result.hint, "")
            if row["kind"] == "classify":  # what every classify check says is not a verdict
                for same in (say("answers.type.classify"), say("answers.classify.bad_input")):
                    message = message.replace(same, "")
            if row["kind"] == "choice":  # nor is listing every option
                for key in choice_question(row["target"])[0].options():
                    message = message.replace(f'"{key}"', "")
            assert not [p for p in _gives_away(row, message) if "verdict" not in p], (
                row["id"],
                message,
            )


# --- a rewrite needs a real ask ----------------------------------------------------------

NO_ASK = (
    "Thanks so much for the chat last week, it really helped me a lot.",
    "Just wanted to say hello and that I enjoyed your talk at the conference.",
    "Hope your week is going well and the new project is off to a great start.",
)


def test_a_rewrite_without_an_ask_is_wrong(capsys: pytest.CaptureFixture[str]) -> None:
    """Already true before this change (``_rewrite`` checks ``has_ask``); kept as a guard."""
    for row in _rows("rewrite"):
        item = _approach(row["target"])
        for text in NO_ASK:
            feedback = analyze(text, setting=item["setting"], relationship=item["relationship"])
            assert not feedback.broken, "a no-ask text that breaks a rule tests nothing here"
            result = grade_answer(row["id"], text)
            assert result.status == WRONG, (row["id"], text)
            assert result.message == say("answers.rewrite.no_ask")
        tries = Tries()
        _said(row["id"], NO_ASK[0], tries, capsys)
        out = _said(row["id"], NO_ASK[1], tries, capsys)
        assert say("answers.reveal_head") in out and tries.count(row["id"]) == 2


# --- what the answer-with-reason is made of ----------------------------------------------


def test_a_count_with_or_says_its_groups_in_brackets(data_copy: Any) -> None:
    target = '(effort == 1 or risk == 1) and relationship == "stranger"'
    with open(data_copy / "checks.csv", "a", encoding="utf-8") as f:
        f.write(
            f'9.80,01_networking_is_relationships,count,"{target.replace(chr(34), 2 * chr(34))}",'
            "Count the rows that match.\n"
        )
    truth = _count(target)
    result = grade_answer("9.80", truth + 1)
    assert result.status == WRONG
    assert result.reveal.endswith(
        f"{truth}. That is the number of rows where (effort is 1 or risk is 1) and "
        "relationship is “stranger”."
    ), result.reveal


def test_a_classify_check_on_a_quiz_item_reveals_its_explanation(data_copy: Any) -> None:
    from helpable.content.quiz import load_quiz

    item = next(i for i in load_quiz() if i.broken)
    with open(data_copy / "checks.csv", "a", encoding="utf-8") as f:
        f.write(f"9.90,{item.notebook},classify,{item.id},Read the pitch again.\n")
    wrong = [{k} for k in RULE_KEYS if {k} != set(item.broken)][:2]
    tries = Tries()
    results = [grade_answer("9.90", w) for w in wrong]
    shown = [r.feedback(tries.record_wrong("9.90", r.said)) for r in results]
    assert "Hint: Read the pitch again." in shown[0] and item.explanation not in shown[0]
    assert item.explanation in shown[1] and "Read the pitch again." not in shown[1]


def test_a_phrase_is_revealed_even_when_the_analyzer_flags_no_words(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """With no finding, the clause with the most evidence is shown, if it would pass."""
    import dataclasses

    from helpable.ui import answers

    real = answers._analyze
    monkeypatch.setattr(
        answers, "_analyze", lambda text, item: dataclasses.replace(real(text, item), findings=())
    )
    revealed = 0
    for row in _rows("find_phrase"):
        reveal = grade_answer(row["id"], "nowhere in the pitch at all").reveal
        monkeypatch.setattr(answers, "_analyze", real)
        if reveal:
            phrase = re.findall(r"“([^”]+)”", reveal)[0]
            assert grade_answer(row["id"], phrase).status == CORRECT, (row["id"], phrase)
            revealed += 1
        monkeypatch.setattr(
            answers,
            "_analyze",
            lambda text, item: dataclasses.replace(real(text, item), findings=()),
        )
    assert revealed, "no find_phrase check could be revealed from the evidence alone"
