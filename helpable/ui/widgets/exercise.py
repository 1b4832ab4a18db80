"""The answer widget of one exercise: a thin shell over :class:`ExerciseState`.

``check("3.1", ...)`` shows it when the ✏️ cell holds no answer (and always in
Voilà), so that every exercise can be answered by ticking, typing or picking,
with no code. The result appears right under the Check button.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from helpable.content.quiz import NONE_KEY
from helpable.content.strings import say
from helpable.ui import html
from helpable.ui.state.exercise import EMPTY, ExerciseState, Reply
from helpable.ui.state.quiz import exclusive
from helpable.ui.state.tries import Tries
from helpable.ui.widgets.common import LABEL_STYLE, button, pitch_box

_AUTO = {"width": "auto"}


class ExerciseBox(widgets.VBox):
    """One check's answer widget.

    Parts: ``prompt``; for classify ``boxes`` (rule key → Checkbox) and ``none_box``;
    for find_phrase, rewrite and count ``text``; for choice ``options``
    (RadioButtons); then ``check`` and ``result``. The logic is ``state``.
    """

    def __init__(self, check_id: str, tries: Tries | None = None) -> None:
        self.state = ExerciseState(check_id, tries)
        self._syncing = False
        self.prompt = widgets.Label(value=self.state.prompt())
        self.boxes: dict[str, widgets.Checkbox] = {}
        self.none_box: widgets.Checkbox | None = None
        self.text: widgets.Text | widgets.Textarea | None = None
        self.options: widgets.RadioButtons | None = None
        answer = self._answer_part()
        self.check = button(
            say("exercise.check"), say("exercise.check_tooltip", id=check_id), "check", "primary"
        )
        self.result = widgets.HTML(value=html.small_note(say("exercise.waiting")))
        self.check.on_click(self._on_check)
        super().__init__([self.prompt, answer, self.check, self.result])
        self.add_class("helpable-exercise")

    def _answer_part(self) -> widgets.Widget:
        kind = self.state.kind
        if kind == "classify":
            self.boxes = {
                key: widgets.Checkbox(
                    value=False, description=name, indent=False, layout=widgets.Layout(**_AUTO)
                )
                for name, key in self.state.options()
            }
            self.none_box = widgets.Checkbox(
                value=False,
                description=say("exercise.none_box"),
                indent=False,
                layout=widgets.Layout(**_AUTO),
            )
            for key, box in self.boxes.items():
                box.observe(lambda change, key=key: self._ticked(key, change["new"]), "value")
            self.none_box.observe(lambda change: self._ticked(NONE_KEY, change["new"]), "value")
            return widgets.VBox([*self.boxes.values(), self.none_box])
        if kind == "choice":
            self.options = widgets.RadioButtons(
                options=self.state.options(),
                index=None,
                description=say("exercise.choice_label"),
                style=LABEL_STYLE,
                layout=widgets.Layout(**_AUTO),
            )
            return self.options
        if kind == "rewrite":
            self.text = pitch_box(
                say("exercise.rewrite_label"), say("exercise.rewrite_placeholder"), height="90px"
            )
            return self.text
        label, placeholder = (
            ("exercise.count_label", "exercise.count_placeholder")
            if kind == "count"
            else ("exercise.phrase_label", "exercise.phrase_placeholder")
        )
        self.text = widgets.Text(
            value="",
            description=say(label),
            placeholder=say(placeholder),
            style=LABEL_STYLE,
            layout=widgets.Layout(width="60%" if kind == "find_phrase" else "auto"),
        )
        return self.text

    def value(self) -> Any:
        """What the widget holds now, as :meth:`ExerciseState.check` takes it."""
        if self.state.kind == "classify":
            picked = {key for key, box in self.boxes.items() if box.value}
            none = self.none_box is not None and bool(self.none_box.value)
            return picked | ({NONE_KEY} if none else set())
        if self.options is not None:
            return self.options.value
        return self.text.value if self.text is not None else None

    def _ticked(self, key: str, on: Any) -> None:
        if not on or self._syncing:
            return
        keep = exclusive(self.value(), key)
        self._syncing = True
        for k, box in self.boxes.items():
            box.value = k in keep
        if self.none_box is not None:
            self.none_box.value = NONE_KEY in keep
        self._syncing = False

    def _on_check(self, _: widgets.Button) -> None:
        self.show(self.state.check(self.value()))

    def show(self, reply: Reply) -> None:
        """Put a reply under the Check button."""
        if reply.status == EMPTY:
            self.result.value = html.note_html(reply.text, icon="✏️")
            return
        self.result.value = html.paragraph(html.lines(reply.text.splitlines()))


def exercise_box(check_id: str, *, tries: Tries | None = None) -> ExerciseBox:
    """The answer widget for one exercise check, e.g. ``exercise_box("3.1")``."""
    return ExerciseBox(check_id, tries)
