"""Checking one pitch: the analyzer's feedback, or a friendly message instead."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from helpable.analyzer.feedback import Feedback
from helpable.content.mending import mend_text
from helpable.content.strings import say

Analyzer = Callable[..., Feedback]

MAX_PITCH_CHARS = 5_000
"""Longer text gets a friendly note instead of feedback."""


@dataclass
class AnalyzerChoice:
    """Which analyzer the widgets use. Tests set ``ANALYZER.override`` to a fake one."""

    override: Analyzer | None = None

    def get(self, analyzer: Analyzer | None = None) -> Analyzer:
        """The argument, else the override, else the course's analyzer.

        The analyzer (its phrase book and model) is imported here, when a pitch
        is first checked: a lesson that only shows answers never loads it.
        """
        chosen = analyzer or self.override
        if chosen is not None:
            return chosen
        from helpable.analyzer.engine import analyze

        return analyze


ANALYZER = AnalyzerChoice()


@dataclass(frozen=True)
class PitchResult:
    """The result of checking a pitch: feedback, or a message saying why there is none."""

    feedback: Feedback | None
    message: str = ""
    empty: bool = False


def pitch_result(
    text: object,
    *,
    setting: str | None = None,
    relationship: str | None = None,
    analyzer: Analyzer | None = None,
) -> PitchResult:
    """Run the analyzer on a pitch; never raises.

    A lone surrogate is checked (and so shown) as U+FFFD: a widget cannot send
    half a character to the browser.
    """
    if not isinstance(text, str):
        return PitchResult(None, say("pitch.not_text"))
    text = mend_text(text)[0]
    if not text.strip():
        return PitchResult(None, say("pitch.empty"), empty=True)
    if len(text) > MAX_PITCH_CHARS:
        return PitchResult(None, say("pitch.too_long", length=len(text), limit=MAX_PITCH_CHARS))
    try:
        return PitchResult(ANALYZER.get(analyzer)(text, setting=setting, relationship=relationship))
    except Exception as exc:  # shown in the widget, where the learner looks
        return PitchResult(None, say("pitch.checker_failed", problem=str(exc)))
