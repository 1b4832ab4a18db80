"""The 'spot the sin' quiz: which item is showing, what was ticked, the score.

Second tries follow the exercises' rule (:mod:`helpable.ui.state.tries`): a
first wrong try gets the item's hint and never the answer; a second,
different wrong try gets the right answer and why. The same wrong answer
again (however it is ticked) is one try. Only a first answer counts for the
score.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from helpable.content.quiz import NONE_KEY, QuizItem, QuizResult, grade
from helpable.ui.state.tries import Tries

RIGHT, HINT, REVEAL, PROBLEM = "right", "hint", "reveal", "problem"
"""What to show for an answer: ✓ and why; the hint; the right answer and why; the problem."""


@dataclass
class QuizState:
    """One pass through a lesson's quiz items. Only a first answer counts."""

    items: Sequence[QuizItem]
    index: int = 0
    first_try: dict[str, bool] = field(default_factory=dict)
    finished: bool = False
    tries: Tries = field(default_factory=Tries)

    def __post_init__(self) -> None:
        if not self.items:
            raise ValueError("A quiz needs at least one item.")

    @property
    def item(self) -> QuizItem:
        return self.items[self.index]

    @property
    def right(self) -> int:
        return sum(self.first_try.values())

    @property
    def total(self) -> int:
        return len(self.items)

    @property
    def wrong_tries(self) -> int:
        """How many different wrong answers the showing item has had."""
        return self.tries.count(self.item.id)

    def answer(self, chosen: Iterable[str]) -> tuple[QuizResult, bool]:
        """Grade a ticked answer, counting a new wrong one as a try.

        Returns the result and whether it counted for the score.
        """
        result = grade(self.item, set(chosen))
        counted = not result.problem and self.item.id not in self.first_try
        if counted:
            self.first_try[self.item.id] = result.correct
        if not result.problem and not result.correct:
            self.tries.record_wrong(self.item.id, ",".join(sorted(result.chosen)))
        return result, counted

    def stage(self, result: QuizResult) -> str:
        """What to show for ``result``: RIGHT, HINT, REVEAL or PROBLEM."""
        if result.problem:
            return PROBLEM
        if result.correct:
            return RIGHT
        return REVEAL if self.wrong_tries >= 2 else HINT

    def next(self) -> bool:
        """Move on. Returns False at the last item (the quiz is then finished)."""
        if self.finished:
            self.index, self.first_try, self.finished = 0, {}, False
            self.tries.reset()
            return True
        if self.index < len(self.items) - 1:
            self.index += 1
            return True
        self.finished = True
        return False


def exclusive(picked: set[str], just_ticked: str) -> set[str]:
    """Ticking 'none' clears the rules; ticking a rule clears 'none'."""
    if just_ticked == NONE_KEY:
        return {NONE_KEY}
    return (picked - {NONE_KEY}) | {just_ticked}
