"""The message builder: pick a template, fill in your details, and see it checked as you type."""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from helpable.content.strings import say
from helpable.content.templates import MAX_FIELD_CHARS, template_book
from helpable.ui import html
from helpable.ui.state.pitch import Analyzer
from helpable.ui.state.templates import BuiltMessage, TemplateBuilderState
from helpable.ui.style import esc
from helpable.ui.widgets.common import LABEL_STYLE, LIVE_INTERVAL, LiveUpdater, button


class TemplateBuilder(widgets.VBox):
    """Parts: ``choice`` (which message), ``when``, ``blanks`` (one text box per blank),
    ``example`` (fill with the example), ``verdict``, ``message`` (the text to copy) and
    ``notes`` (the analyzer's notes when a rule is broken); the logic is ``state``."""

    def __init__(
        self,
        key: str | None = None,
        *,
        analyzer: Analyzer | None = None,
        interval: float = LIVE_INTERVAL,
    ) -> None:
        self.state = TemplateBuilderState.start(key)
        self.analyzer = analyzer
        book = template_book()
        self.choice = widgets.Dropdown(
            options=[(t.title, t.key) for t in book.templates.values()],
            value=self.state.key,
            description=say("templates.choice_label"),
            style=LABEL_STYLE,
            layout=widgets.Layout(width="auto", max_width="100%"),
        )
        self.when = widgets.HTML()
        self.fields: dict[str, widgets.Text] = {}
        self.blanks = widgets.VBox()
        self.example = button(say("templates.example"), say("templates.example_tooltip"), "magic")
        self.verdict = widgets.HTML()
        self.message = widgets.Textarea(
            description=say("templates.message_label"),
            style=LABEL_STYLE,
            layout=widgets.Layout(width="95%", height="150px"),
        )
        self.notes = widgets.HTML()
        self.live = LiveUpdater(self._live_update, interval)
        self.choice.observe(self._on_choice, "value")
        self.example.on_click(self._on_example)
        self._show_blanks()
        super().__init__(
            [
                self.choice,
                self.when,
                self.blanks,
                self.example,
                self.verdict,
                self.message,
                self.notes,
            ]
        )
        self.update()

    def _field(self, key: str) -> widgets.Text:
        if key not in self.fields:
            field = template_book().fields[key]
            box = widgets.Text(
                value=self.state.answers.get(key, ""),
                description=field.label,
                placeholder=field.example,
                tooltip=field.help,
                continuous_update=True,
                style=LABEL_STYLE,
                layout=widgets.Layout(width="95%"),
            )
            box.observe(lambda change, k=key: self._on_typed(k, change["new"]), "value")
            self.fields[key] = box
        return self.fields[key]

    def _show_blanks(self) -> None:
        book = template_book()
        template = book.templates[self.state.key]
        self.when.value = html.small_note(template.when)
        self.blanks.children = [self._field(key) for key in template.blanks]

    def _on_choice(self, change: dict[str, Any]) -> None:
        self.state.choose(change["new"])
        self._show_blanks()
        self.update()

    def _on_typed(self, key: str, value: str) -> None:
        self.state.answer(key, value[:MAX_FIELD_CHARS])
        self.live.submit("\x1f".join(f"{k}={v}" for k, v in sorted(self.state.answers.items())))

    def _live_update(self, _: str) -> None:
        self.update()

    def _on_example(self, _: Any) -> None:
        book = template_book()
        for field in book.fields_of(book.templates[self.state.key]):
            self._field(field.key).value = field.example
        self.update()

    def update(self) -> BuiltMessage:
        """Show the message as it stands now, and its check."""
        built = self.state.build(self.analyzer)
        self.verdict.value = html.paragraph(html.bold(esc(built.verdict)))
        self.message.value = built.text
        needs_notes = built.feedback is not None and not built.ready
        self.notes.value = (
            html.feedback_html(built.feedback) if needs_notes and built.feedback else ""
        )
        return built


def template_builder(
    key: str | None = None, *, analyzer: Analyzer | None = None
) -> TemplateBuilder:
    """Fill in a message template with your own details, and see it checked as you type."""
    return TemplateBuilder(key, analyzer=analyzer)
