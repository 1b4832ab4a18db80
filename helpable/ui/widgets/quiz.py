"""'Spot the sin': a quiz shell over :class:`helpable.ui.state.quiz.QuizState`."""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from helpable.content.quiz import NONE_KEY, QuizItem, QuizResult, load_quiz
from helpable.content.rules import RULE_KEYS, rule
from helpable.content.strings import say
from helpable.ui import html
from helpable.ui.state.quiz import HINT, REVEAL, QuizState, exclusive
from helpable.ui.style import esc
from helpable.ui.widgets.common import button, rule_options
from helpable.ui.wording import and_list


class SpotTheSin(widgets.VBox):
    """A quiz over one notebook's items.

    Parts: ``counter``, ``pitch``, ``prompt``, ``boxes`` (rule key → Checkbox),
    ``none_box``, ``check``, ``feedback``, ``next``, ``score``; the logic is ``state``.
    A first wrong answer gets a hint, a second different one the answer and why.
    """

    def __init__(self, items: list[QuizItem]) -> None:
        self.state = QuizState(items)
        self._syncing = False
        self.counter = widgets.HTML(description=say("quiz.counter_label"))
        self.pitch = widgets.HTML(description=say("quiz.pitch_label"))
        self.prompt = widgets.Label(value=say("quiz.prompt"))
        self.boxes = {
            key: widgets.Checkbox(
                value=False, description=label, indent=False, layout=widgets.Layout(width="auto")
            )
            for label, key in rule_options()
        }
        self.none_box = widgets.Checkbox(
            value=False,
            description=say("quiz.none_box"),
            indent=False,
            layout=widgets.Layout(width="auto"),
        )
        self.check = button(say("quiz.check"), say("quiz.check_tooltip"), "check", "primary")
        self.next = button(say("quiz.next"), say("quiz.next_tooltip"), "arrow-right")
        self.feedback = widgets.HTML(value=say("quiz.waiting"))
        self.score = widgets.HTML(description=say("quiz.score_label"))
        for key, box in self.boxes.items():
            box.observe(lambda change, key=key: self._ticked(key, change["new"]), "value")
        self.none_box.observe(lambda change: self._ticked(NONE_KEY, change["new"]), "value")
        self.check.on_click(self._on_check)
        self.next.on_click(self._on_next)
        super().__init__(
            [
                self.counter,
                self.pitch,
                self.prompt,
                widgets.VBox([*self.boxes.values(), self.none_box]),
                widgets.HBox([self.check, self.next]),
                self.feedback,
                self.score,
            ]
        )
        self._show()

    # Read-only views of the state, for tests and notebooks.
    @property
    def items(self) -> list[QuizItem]:
        return list(self.state.items)

    @property
    def index(self) -> int:
        return self.state.index

    @property
    def item(self) -> QuizItem:
        return self.state.item

    @property
    def right(self) -> int:
        return self.state.right

    def chosen(self) -> set[str]:
        """The ticked answer as grade() takes it ({'none'} for 'None of these')."""
        picked = {k for k, box in self.boxes.items() if box.value}
        return picked | ({NONE_KEY} if self.none_box.value else set())

    def _ticked(self, key: str, on: Any) -> None:
        if not on or self._syncing:
            return
        keep = exclusive(self.chosen(), key)
        self._syncing = True
        for k, box in self.boxes.items():
            box.value = k in keep
        self.none_box.value = NONE_KEY in keep
        self._syncing = False

    def _show(self) -> None:
        state = self.state
        item = state.item
        self.counter.value = html.bold(say("quiz.counter", n=state.index + 1, total=state.total))
        self.pitch.value = html.context_html(item.setting, item.relationship) + html.pitch_html(
            item.text
        )
        self._syncing = True
        for box in [*self.boxes.values(), self.none_box]:
            box.value = False
        self._syncing = False
        self.feedback.value = say("quiz.waiting")
        self.next.description = say("quiz.next")
        self._show_score()

    def _show_score(self) -> None:
        self.score.value = esc(say("quiz.score", right=self.right, total=self.state.total))

    def _on_check(self, _: widgets.Button) -> None:
        chosen = self.chosen()
        if not chosen:
            self.feedback.value = html.note_html(say("quiz.tick_first"))
            return
        result, counted = self.state.answer(chosen)
        panel = _panel(self.state.stage(result), result, self.item)
        if not result.problem and not counted:
            panel += html.small_note(say("quiz.first_counts"))
        self.feedback.value = panel
        self._show_score()

    def _on_next(self, _: widgets.Button) -> None:
        if self.state.next():
            self._show()
            return
        self.feedback.value = html.note_html(
            say("quiz.finished", right=self.right, total=self.state.total), icon="🎉"
        )
        self.next.description = say("quiz.again")


def _panel(stage: str, result: QuizResult, item: QuizItem) -> str:
    """The feedback for one answer: the problem; ✓ and why; a hint only; or the answer and why."""
    if stage not in (HINT, REVEAL):  # RIGHT or PROBLEM: the panel says it all
        return html.quiz_result_html(result)
    if stage == HINT:
        text = say("quiz.hint_first", right=result.right_rules)
        if item.hint:
            text = f"{text} {say('answers.hint', hint=item.hint)}"
        return html.note_html(text, icon="💡")
    broken = [rule(k).label for k in RULE_KEYS if k in result.answer]
    answer = say("quiz.answer_is", names=and_list(broken)) if broken else say("quiz.answer_none")
    head = f"{say('answers.reveal_head')} {answer}"
    return html.paragraph(html.bold(esc(head))) + html.quiz_result_html(result)


def spot_the_sin(notebook: str) -> SpotTheSin:
    """The 'spot the sin' quiz for one lesson notebook, e.g. '03_rule2_risk'."""
    return SpotTheSin(load_quiz(notebook))
