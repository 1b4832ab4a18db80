"""The 'spot the sin' quiz: which item is showing, what was ticked, the score."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from helpable.content.quiz import NONE_KEY, QuizItem, QuizResult, grade


@dataclass
class QuizState:
    """One pass through a lesson's quiz items. Only a first answer counts."""

    items: Sequence[QuizItem]
    index: int = 0
    first_try: dict[str, bool] = field(default_factory=dict)
    finished: bool = False

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

    def answer(self, chosen: Iterable[str]) -> tuple[QuizResult, bool]:
        """Grade a ticked answer. Returns the result and whether it counted for the score."""
        result = grade(self.item, set(chosen))
        counted = not result.problem and self.item.id not in self.first_try
        if counted:
            self.first_try[self.item.id] = result.correct
        return result, counted

    def next(self) -> bool:
        """Move on. Returns False at the last item (the quiz is then finished)."""
        if self.finished:
            self.index, self.first_try, self.finished = 0, {}, False
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
