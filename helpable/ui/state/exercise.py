"""One exercise answered through its widget: what to ask for, and what a click on Check says.

:class:`ExerciseState` is the pure logic behind
:class:`helpable.ui.widgets.exercise.ExerciseBox`. It turns what the widget
holds (ticked boxes, typed text, a picked option) into the plain value the
✏️ cell would hold, and grades it with :func:`helpable.ui.answers.respond_result`,
the very function the printed check uses, with the same try counting (the
kernel's :data:`helpable.ui.state.tries.TRIES` unless given). Nothing ticked or
typed is not a try: it gets a friendly "tick or type something first".
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from helpable.content.checks import check_spec
from helpable.content.quiz import NONE_KEY
from helpable.content.rules import RULE_KEYS, rule
from helpable.content.strings import say
from helpable.ui.answers import CORRECT, NOT_ANSWERED, WRONG, choice_question, respond_result
from helpable.ui.state.tries import TRIES, Tries

EMPTY = "empty"
"""A :class:`Reply` status: nothing was ticked or typed, so nothing was graded."""

_WHOLE_NUMBER = re.compile(r"[+-]?\d+")

PROMPTS: dict[str, str] = {
    "classify": "exercise.prompt.classify",
    "find_phrase": "exercise.prompt.find_phrase",
    "rewrite": "exercise.prompt.rewrite",
    "count": "exercise.prompt.count",
    "choice": "exercise.prompt.choice",
}
"""What to do in the widget, by kind of check (keys of ``data/strings.csv``)."""

EMPTIES: dict[str, str] = {
    "classify": "exercise.empty.classify",
    "find_phrase": "exercise.empty.find_phrase",
    "rewrite": "exercise.empty.rewrite",
    "count": "exercise.empty.count",
    "choice": "exercise.empty.choice",
}
"""What Check says when nothing was ticked or typed, by kind of check."""


@dataclass(frozen=True)
class Reply:
    """What one click on Check says: ``status`` (CORRECT, WRONG, BAD_INPUT or EMPTY) and ``text``.

    ``tries`` is how many different wrong answers the check has had so far.
    """

    status: str
    text: str
    tries: int = 0

    @property
    def passed(self) -> bool:
        return self.status == CORRECT

    @property
    def counted(self) -> bool:
        """True when this answer was graded (right or wrong), not refused before grading."""
        return self.status in (CORRECT, WRONG)


class ExerciseState:
    """The answer widget's logic for one check of ``data/checks.csv``.

    Raises KeyError (naming the known checks) for an unknown ``check_id``.
    """

    def __init__(self, check_id: str, tries: Tries | None = None) -> None:
        spec = check_spec(check_id)
        self.check_id = check_id
        self.kind = spec["kind"]
        self.target = spec["target"]
        self.tries = TRIES if tries is None else tries

    def prompt(self) -> str:
        """What to do in the widget, in one line."""
        return say(PROMPTS[self.kind])

    def options(self) -> list[tuple[str, str]]:
        """(plain name, key) of each box to tick (classify) or option to pick (choice)."""
        if self.kind == "classify":
            return [(rule(key).name, key) for key in RULE_KEYS]
        if self.kind == "choice":
            question, _ = choice_question(self.target)
            return [(label, key) for key, label in question.options().items()]
        return []

    def answer_of(self, value: Any) -> Any:
        """The plain value the widget's ``value`` stands for, or None when it is empty.

        classify: the ticked keys (with ``"none"`` for "It breaks no rule"); find_phrase
        and rewrite: the text; count: the text of a whole number; choice: an option key.
        Raises ValueError when a count is not a whole number.
        """
        if self.kind == "classify":
            ticked = {str(key) for key in value or ()} if isinstance(value, Iterable) else set()
            if not ticked:
                return None
            return set() if NONE_KEY in ticked else ticked
        if self.kind == "choice":
            return value or None
        text = "" if value is None else str(value)
        if not text.strip():
            return None
        if self.kind == "count":
            said = text.strip().replace(",", "")
            if not _WHOLE_NUMBER.fullmatch(said):
                raise ValueError(text)
            return int(said)
        return text

    def check(self, value: Any) -> Reply:
        """Grade what the widget holds, as the printed check would, and say what to show."""
        try:
            answer = self.answer_of(value)
        except ValueError:
            return Reply(EMPTY, say("exercise.count.not_a_number"), self.tries.count(self.check_id))
        if answer is None:
            return self._empty()
        result, text = respond_result(self.check_id, answer, self.tries, plain=True)
        if result.status == NOT_ANSWERED:
            return self._empty()
        return Reply(result.status, text, self.tries.count(self.check_id))

    def _empty(self) -> Reply:
        return Reply(EMPTY, say(EMPTIES[self.kind]), self.tries.count(self.check_id))
