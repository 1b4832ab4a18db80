"""Filling in a message template and checking the result (the logic under the builder widget)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from helpable.analyzer.feedback import Feedback
from helpable.content.mending import mend_text
from helpable.content.rules import rules
from helpable.content.strings import say
from helpable.content.templates import Template, fill, template_book, tidy_answer
from helpable.ui.state.pitch import ANALYZER, Analyzer
from helpable.ui.wording import and_list


@dataclass(frozen=True)
class BuiltMessage:
    """A filled-in template: its text, what is still blank, and the analyzer's verdict."""

    template: Template
    text: str
    missing: tuple[str, ...]
    feedback: Feedback | None
    verdict: str
    ready: bool


def _verdict(template: Template, feedback: Feedback) -> tuple[str, bool]:
    if feedback.broken:
        names = [rules()[key].name for key in rules() if key in feedback.broken]
        return say("templates.verdict.broken", rules=and_list(names)), False
    if template.expects_ask and not feedback.has_ask:
        return say("templates.verdict.no_ask"), False
    if not template.expects_ask and feedback.has_ask:
        return say("templates.verdict.asks_in_thanks"), False
    if template.expects_ask:
        return say("templates.verdict.ready_ask"), True
    return say("templates.verdict.ready_thanks"), True


def build_message(
    key: str, answers: Mapping[str, object], *, analyzer: Analyzer | None = None
) -> BuiltMessage:
    """Fill template ``key`` with a learner's answers and check it; never raises on their words."""
    book = template_book()
    template = book.templates[key]
    tidy = {k: mend_text(tidy_answer(v))[0] for k, v in answers.items()}
    missing = tuple(f.label for f in book.fields_of(template) if not tidy.get(f.key))
    text = fill(template, tidy, fields=book.fields)
    if missing:
        return BuiltMessage(
            template,
            text,
            missing,
            None,
            say("templates.verdict.missing", fields=and_list(list(missing))),
            False,
        )
    try:
        feedback = ANALYZER.get(analyzer)(text, purpose=template.purpose)
    except Exception as exc:  # shown in the widget, where the learner looks
        return BuiltMessage(
            template, text, (), None, say("pitch.checker_failed", problem=str(exc)), False
        )
    verdict, ready = _verdict(template, feedback)
    return BuiltMessage(template, text, (), feedback, verdict, ready)


@dataclass
class TemplateBuilderState:
    """Which template is chosen and what the learner has typed for each blank."""

    key: str
    answers: dict[str, str]

    @classmethod
    def start(cls, key: str | None = None) -> TemplateBuilderState:
        """Begin with ``key`` (or the first template) and every blank empty."""
        book = template_book()
        chosen = key if key in book.templates else next(iter(book.templates))
        return cls(chosen, {})

    def choose(self, key: str) -> None:
        """Pick another template; answers typed so far are kept for blanks it shares."""
        if key in template_book().templates:
            self.key = key

    def answer(self, field: str, value: object) -> None:
        """Record the learner's words for one blank."""
        self.answers[field] = value if isinstance(value, str) else ""

    def build(self, analyzer: Analyzer | None = None) -> BuiltMessage:
        """The message as it stands, checked."""
        return build_message(self.key, self.answers, analyzer=analyzer)
