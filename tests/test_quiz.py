"""The 'spot the sin' items and grading that explains why."""

from __future__ import annotations

import csv
import html
import re
from collections import Counter
from pathlib import Path

import pytest

from helpable.content.course import lessons
from helpable.content.quiz import QuizItem, grade, load_quiz, quiz_item
from helpable.content.rules import RULE_KEYS
from helpable.content.tables import DataError

LESSONS = (
    "01_networking_is_relationships",
    "02_rule1_effort",
    "03_rule2_risk",
    "04_rule3_commitment",
)


def item(**kw: object) -> QuizItem:
    base = dict(
        id="q03.9",
        notebook="03_rule2_risk",
        text="Could you refer me?",
        setting="private",
        relationship="stranger",
        effort=0,
        risk=1,
        commitment=0,
        explanation="A referral stakes their name. It is quick.",
    )
    base.update(kw)
    return QuizItem(**base)  # type: ignore[arg-type]


# --- the data ----------------------------------------------------------------------------


def test_six_items_for_each_rule_lesson():
    counts = Counter(i.notebook for i in load_quiz())
    assert {nb: counts[nb] for nb in LESSONS} == dict.fromkeys(LESSONS, 6)


def test_every_item_belongs_to_a_course_notebook_and_its_id_matches():
    names = {lesson.notebook for lesson in lessons()}
    for i in load_quiz():
        assert i.notebook in names
        assert re.fullmatch(rf"q{i.notebook[:2]}\.\d+", i.id)


@pytest.mark.parametrize("notebook", LESSONS)
def test_each_lesson_has_easy_yes_items_and_broken_items(notebook):
    items = load_quiz(notebook)
    assert any(not i.broken for i in items), "learners must also see pitches that break nothing"
    assert any(i.broken for i in items)


@pytest.mark.parametrize(
    ("notebook", "rule"),
    [
        ("02_rule1_effort", "effort"),
        ("03_rule2_risk", "risk"),
        ("04_rule3_commitment", "commitment"),
    ],
)
def test_rule_lessons_practise_their_own_rule(notebook, rule):
    assert sum(rule in i.broken for i in load_quiz(notebook)) >= 2


def test_every_rule_appears_and_answers_are_varied():
    items = load_quiz()
    for rule in RULE_KEYS:
        assert sum(rule in i.broken for i in items) >= 4
    assert len({i.broken for i in items}) >= 5


def test_hard_cases_are_present():
    texts = " ".join(i.text.lower() for i in load_quiz() if not i.broken)
    assert re.search(r"\b(not asking|don't want|don't need)\b", texts), "a negation"
    assert re.search(r"\bi'll (call|reach out|make the call)", texts), "the seeker's own promise"
    assert re.search(r"\bmay i (mention|say)\b", texts), "permission to use a name"


def test_explanations_are_short_and_plain():
    for i in load_quiz():
        sentences = re.split(r"(?<=[.!?])\s+", i.explanation.strip())
        assert 2 <= len(sentences) <= 3, i.id
        words = i.explanation.split()
        assert sum(len(w) for w in words) / len(words) < 6, f"{i.id}: plainer words, please"


def test_texts_are_unique():
    texts = [i.text for i in load_quiz()]
    assert len(texts) == len(set(texts))


def test_unknown_notebook_gives_a_friendly_error():
    with pytest.raises(ValueError, match="no quiz items for '99_nope'.*Try one of"):
        load_quiz("99_nope")


# --- validation --------------------------------------------------------------------------


def _edit(path: Path, row: int, **changes: str) -> None:
    with path.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
        header = list(rows[0])
    rows[row].update(changes)
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, header)
        writer.writeheader()
        writer.writerows(rows)


@pytest.mark.parametrize(
    ("changes", "column", "message"),
    [
        ({"notebook": "99_made_up"}, "notebook", "must be a notebook in course.csv"),
        ({"id": "Q1"}, "id", "must look like q01.1"),
        ({"id": "q04.1"}, "id", "should start with q01"),
        ({"risk": "2"}, "risk", "must be 0 or 1"),
        ({"setting": "pub"}, "setting", "must be one of"),
        ({"explanation": "Too short."}, "explanation", "2 or 3 plain sentences"),
    ],
)
def test_a_broken_edit_names_row_and_column(data_copy, changes, column, message):
    _edit(data_copy / "quiz.csv", 0, **changes)
    with pytest.raises(DataError) as info:
        load_quiz()
    assert info.value.row == 2 and info.value.column == column
    assert message in str(info.value)


# --- grading -----------------------------------------------------------------------------


def test_right_answer():
    result = grade(item(), {"risk"})
    assert result.correct and result.right_rules == 3 and not result.problem
    assert result.messages[1].startswith("You spotted the risk: ")
    assert result.messages[0].startswith("Right, no effort problem: ")
    assert result.explanation == "A referral stakes their name. It is quick."


def test_wrong_answer_explains_why_for_each_rule():
    result = grade(item(), {"effort"})
    assert not result.correct and result.right_rules == 1
    assert result.messages[0].startswith("Look again at effort: this one is fine here, because")
    assert result.messages[1].startswith("Look again at risk: ")
    assert "name" in result.messages[1]  # says why, not only 'wrong'
    assert result.messages[2].startswith("Right, no commitment problem")


def test_partial_answer():
    answer = item(effort=1, risk=1, commitment=1)
    result = grade(answer, {"risk", "commitment"})
    assert not result.correct and result.right_rules == 2
    assert [v.right for v in result.verdicts] == [False, True, True]
    assert result.summary == "2 of 3 rules right."


@pytest.mark.parametrize("none", [{"none"}, set(), ["None"], "none"])
def test_none_of_these(none):
    easy = item(risk=0)
    assert grade(easy, none).correct
    assert not grade(item(), none).correct


@pytest.mark.parametrize("chosen", [["Risk"], ("risk",), frozenset({"risk"}), "risk", [" risk "]])
def test_answer_shapes_that_are_fine(chosen):
    assert grade(item(), chosen).correct


@pytest.mark.parametrize(
    ("chosen", "says"),
    [
        ({"danger"}, "There is no rule called 'danger'"),
        (42, "set of rule names"),
        ({"risk": 1}, "set of rule names"),
        ([1], "is not a rule name"),
        (None, "Tick the rules"),
        ({"none", "risk"}, "Pick one or the other"),
    ],
)
def test_bad_answers_get_a_friendly_message_not_a_traceback(chosen, says):
    result = grade(item(), chosen)
    assert says in result.problem
    assert not result.correct and result.verdicts == ()


def test_grade_by_id_and_bad_items():
    first = load_quiz("01_networking_is_relationships")[0]
    assert grade(first.id, first.broken or {"none"}).correct
    assert quiz_item(first.id) == first
    assert "No quiz item called 'q77.7'" in grade("q77.7", {"risk"}).problem
    assert "not a quiz item" in grade(3.5, {"risk"}).problem  # type: ignore[arg-type]


@pytest.mark.parametrize("qi", load_quiz(), ids=lambda i: i.id)
def test_every_item_grades_right_for_its_key_and_wrong_for_the_opposite(qi):
    key = set(qi.broken) or {"none"}
    assert grade(qi, key).correct
    opposite = set(RULE_KEYS) - qi.broken or {"none"}
    result = grade(qi, opposite)
    assert not result.correct and result.right_rules == 0


# --- second tries: a hint first, then the answer and why (as the exercises) ----------------

from helpable.ui.state.quiz import HINT, PROBLEM, REVEAL, RIGHT, QuizState  # noqa: E402


def _two_wrong(i: QuizItem) -> tuple[set[str], set[str]]:
    """Two different wrong answers to an item."""
    from itertools import combinations

    answers = [set(c) for n in range(4) for c in combinations(RULE_KEYS, n)]
    wrong = [a for a in answers if a != set(i.broken)]
    return wrong[0], wrong[1]


def test_every_item_has_a_hint_that_is_not_its_explanation():
    for i in load_quiz():
        assert i.hint.strip(), i.id
        assert i.hint != i.explanation
        assert "breaks" not in i.hint.lower(), f"{i.id}: a hint points to the thinking only"


def test_a_missing_hint_names_row_and_column(data_copy):
    _edit(data_copy / "quiz.csv", 0, hint="")
    with pytest.raises(DataError) as info:
        load_quiz()
    assert info.value.column == "hint"


def test_a_first_wrong_try_gets_the_hint_and_not_the_answer():
    state = QuizState([item()])
    result, counted = state.answer({"effort"})
    assert counted and not result.correct
    assert state.stage(result) == HINT and state.wrong_tries == 1


def test_the_same_wrong_answer_again_is_one_try():
    state = QuizState([item()])
    state.answer({"effort"})
    result, counted = state.answer(["Effort"])  # the same answer, written another way
    assert not counted
    assert state.stage(result) == HINT and state.wrong_tries == 1


def test_a_second_different_wrong_try_reveals_the_answer():
    state = QuizState([item()])
    state.answer({"effort"})
    result, _ = state.answer({"commitment"})
    assert state.stage(result) == REVEAL and state.wrong_tries == 2
    result, _ = state.answer({"effort"})  # an earlier wrong answer again: still revealed
    assert state.stage(result) == REVEAL


def test_a_right_answer_is_right_and_bad_input_is_no_try():
    state = QuizState([item()])
    result, _ = state.answer({"none", "risk"})
    assert state.stage(result) == PROBLEM and state.wrong_tries == 0
    result, _ = state.answer({"risk"})
    assert state.stage(result) == RIGHT


def test_tries_are_per_item_and_start_again_with_the_quiz():
    state = QuizState([item(), item(id="q03.8")])
    state.answer({"effort"})
    state.answer({"commitment"})
    state.next()
    assert state.wrong_tries == 0
    state.next()  # finished
    state.next()  # start again
    assert state.index == 0 and state.wrong_tries == 0


# --- the widget follows the same rule ----------------------------------------------------


def _tick(q, keys: set[str]) -> None:  # noqa: ANN001 - a SpotTheSin
    for key, box in q.boxes.items():
        box.value = key in keys
    q.none_box.value = not keys


def test_the_quiz_widget_hints_then_reveals():
    from helpable.ui.widgets.quiz import spot_the_sin

    q = spot_the_sin("03_rule2_risk")
    i = q.item
    first_wrong, second_wrong = _two_wrong(i)
    _tick(q, first_wrong)
    q.check.click()
    first = q.feedback.value
    assert html.escape(i.hint) in first
    assert html.escape(i.explanation) not in first
    assert "You spotted" not in first
    assert not any(f"Look again at {k}:" in first for k in RULE_KEYS), "no rule-by-rule answer"
    _tick(q, first_wrong)
    q.check.click()
    again = q.feedback.value  # the same wrong answer again is the same one try: still the hint
    assert again.startswith(first) and "Here is the right answer" not in again
    _tick(q, second_wrong)
    q.check.click()
    second = q.feedback.value
    assert "Here is the right answer, and why:" in second
    assert html.escape(i.explanation) in second
    assert q.score.value == "0 of 6 right"
