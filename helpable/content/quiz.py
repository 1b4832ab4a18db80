"""'Spot the sin' quiz items, and grading that explains why.

The items live in ``data/quiz.csv``, labelled by ``shared/labeling-guide.md``.
:func:`grade` is pure: it takes an item and the rules a learner ticked, and
returns a :class:`QuizResult` with one message per rule. Bad input gives a
friendly ``problem`` message instead of a traceback.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from helpable.content.approaches import RELATIONSHIPS, SETTINGS
from helpable.content.rules import RULE_KEYS, rules
from helpable.content.strings import say
from helpable.content.tables import Column, Schema, load_table, plain, records

NONE_KEY = "none"
"""The answer 'None of these': the pitch breaks no rule."""

_ID = r"q\d\d\.\d+"
"""A quiz item's id: q, the notebook's two digits, a dot, the item's number."""


def _course_notebook(value: str) -> str | None:
    from helpable.content.course import lessons

    names = [lesson.notebook for lesson in lessons()]
    if value not in names:
        return f"is {value!r}; it must be a notebook in course.csv: {', '.join(names)}"
    return None


def _explanation(value: str) -> str | None:
    sentences = len(re.findall(r"[.!?](?:\s|$)", value))
    if not 2 <= sentences <= 3:
        return f"has {sentences} sentence(s); write 2 or 3 plain sentences"
    return None


def _id_matches_notebook(row: dict[str, str]) -> tuple[str, str] | None:
    if row["id"][1:3] != row["notebook"][:2]:
        return "id", f"{row['id']!r} should start with q{row['notebook'][:2]} for {row['notebook']}"
    return None


SCHEMA = Schema(
    filename="quiz.csv",
    unique="id",
    columns=(
        Column("id", pattern=_ID, looks_like="q01.1 (q, the notebook number, a dot, a number)"),
        Column("notebook", validate=_course_notebook),
        Column("text"),
        Column("setting", choices=SETTINGS),
        Column("relationship", choices=RELATIONSHIPS),
        *plain(*RULE_KEYS, kind="flag"),
        Column("explanation", validate=_explanation),
        Column("hint"),
    ),
    row_checks=(_id_matches_notebook,),
)


@dataclass(frozen=True)
class QuizItem:
    """One pitch to judge, with its answer key and an explanation."""

    id: str
    notebook: str
    text: str
    setting: str
    relationship: str
    effort: int
    risk: int
    commitment: int
    explanation: str
    hint: str = ""
    """Shown after a first wrong try: it points to the thinking, never to the answer."""

    @property
    def broken(self) -> frozenset[str]:
        """The rule keys this pitch breaks (empty for an easy yes)."""
        return frozenset(k for k in RULE_KEYS if int(getattr(self, k)) == 1)


@dataclass(frozen=True)
class RuleVerdict:
    """The learner's call on one rule, and why it was right or not."""

    rule: str
    broken: bool
    chosen: bool
    message: str

    @property
    def right(self) -> bool:
        return self.broken == self.chosen


@dataclass(frozen=True)
class QuizResult:
    """The result of grading one answer. ``problem`` is set when the input was unusable."""

    item_id: str
    chosen: frozenset[str]
    answer: frozenset[str]
    verdicts: tuple[RuleVerdict, ...] = ()
    explanation: str = ""
    problem: str = ""

    @property
    def correct(self) -> bool:
        """True when every rule was called right."""
        return not self.problem and self.chosen == self.answer

    @property
    def right_rules(self) -> int:
        """How many of the three rules the learner called right."""
        return sum(v.right for v in self.verdicts)

    @property
    def messages(self) -> tuple[str, ...]:
        return tuple(v.message for v in self.verdicts)

    @property
    def summary(self) -> str:
        """One line: the problem, or how many rules were right."""
        if self.problem:
            return self.problem
        if self.correct:
            return say("quiz.all_right")
        return say("quiz.summary", right=self.right_rules)


def load_quiz(notebook: str | None = None) -> list[QuizItem]:
    """All quiz items in id order, or those of one notebook (friendly error if it has none)."""
    frame = load_table(SCHEMA)
    items = [QuizItem(**row) for row in records(frame)]
    items.sort(key=lambda i: (i.notebook, int(i.id.split(".")[1])))
    if notebook is None:
        return items
    chosen = [i for i in items if i.notebook == notebook]
    if not chosen:
        have = sorted({i.notebook for i in items})
        raise ValueError(
            f"There are no quiz items for {notebook!r}. Try one of: {', '.join(have)}."
        )
    return chosen


def quiz_item(item_id: str) -> QuizItem:
    """One item by id, e.g. 'q03.2'."""
    for item in load_quiz():
        if item.id == item_id:
            return item
    raise KeyError(f"No quiz item called {item_id!r}. Ids look like 'q03.2'.")


def _normalise(chosen: object) -> tuple[frozenset[str], str]:
    """(rule keys, problem). 'none' means the pitch breaks no rule."""
    if chosen is None:
        return frozenset(), say("quiz.no_answer")
    if isinstance(chosen, str):
        chosen = [chosen]
    if isinstance(chosen, Mapping) or not isinstance(chosen, Iterable):
        return frozenset(), say("quiz.not_a_set")
    keys: set[str] = set()
    for value in chosen:
        if not isinstance(value, str):
            return frozenset(), say("quiz.not_a_rule_name", value=repr(value))
        key = value.strip().lower()
        if key not in (*RULE_KEYS, NONE_KEY):
            return frozenset(), say("quiz.unknown_rule", value=repr(value))
        keys.add(key)
    if NONE_KEY in keys and len(keys) > 1:
        return frozenset(), say("quiz.none_and_rule")
    return frozenset(keys - {NONE_KEY}), ""


def grade(item: QuizItem | str, chosen: object) -> QuizResult:
    """Grade one answer: which rules the learner thinks the pitch breaks.

    ``chosen`` is a set of rule keys; ``set()`` or ``{'none'}`` means 'breaks no rule'.
    """
    if isinstance(item, str):
        try:
            item = quiz_item(item)
        except KeyError as exc:
            return QuizResult("", frozenset(), frozenset(), problem=str(exc.args[0]))
    if not isinstance(item, QuizItem):
        return QuizResult(
            "",
            frozenset(),
            frozenset(),
            problem=say("quiz.not_an_item"),
        )
    keys, problem = _normalise(chosen)
    if problem:
        return QuizResult(item.id, keys, item.broken, explanation="", problem=problem)

    names = {k: r.name.lower() for k, r in rules().items()}
    verdicts = []
    for key in RULE_KEYS:
        is_broken = key in item.broken
        picked = key in keys
        name = names.get(key, key)
        if is_broken and picked:
            msg = say("quiz.spotted", name=name, why=say(f"quiz.broken_why.{key}"))
        elif is_broken:
            msg = say("quiz.missed", name=name, why=say(f"quiz.broken_why.{key}"))
        elif picked:
            msg = say("quiz.wrongly_picked", name=name, why=say(f"quiz.fine_why.{key}"))
        else:
            msg = say("quiz.rightly_left", name=name, why=say(f"quiz.fine_why.{key}"))
        verdicts.append(RuleVerdict(key, is_broken, picked, msg))
    return QuizResult(item.id, keys, item.broken, tuple(verdicts), item.explanation)
