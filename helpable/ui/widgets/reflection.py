"""Reflection prompts: a short written answer, saved to the learner's journal."""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from helpable.content.strings import say
from helpable.ui import html
from helpable.ui.state.reflection import ReflectionState
from helpable.ui.state.workshop import JournalLike
from helpable.ui.style import esc
from helpable.ui.widgets.common import LABEL_STYLE, button


class Reflection(widgets.VBox):
    """A labelled text box and a Save button. Parts: ``question``, ``text``, ``save``,
    ``status``; the logic is ``state``."""

    def __init__(self, notebook: str, prompt: str, *, journal: JournalLike | None = None) -> None:
        self.state = ReflectionState(notebook, prompt, journal)
        self.question = widgets.HTML(html.bold(esc("✏️ " + prompt)))
        self.text = widgets.Textarea(
            placeholder=say("reflection.placeholder"),
            description=say("reflection.label"),
            layout=widgets.Layout(width="95%", height="90px"),
            style=LABEL_STYLE,
        )
        self.save = button(say("workshop.save"), say("reflection.save_tooltip"), "save")
        self.save.layout.align_self = "flex-start"
        self.status = widgets.HTML(value="", description=say("reflection.status_label"))
        self.save.on_click(self._on_save)
        super().__init__([self.question, self.text, self.save, self.status])

    def _on_save(self, _: Any) -> None:
        result = self.state.save(self.text.value)
        self.status.value = esc(("✓ " if result.ok else "⚠ ") + result.message)


def reflection(notebook: str, prompt: str, *, journal: JournalLike | None = None) -> Reflection:
    """A labelled text box and a Save button that stores the answer in the journal."""
    return Reflection(notebook, prompt, journal=journal)
