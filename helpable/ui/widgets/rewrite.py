"""The rewrite box: write a pitch and see, as you type, which rules it breaks."""

from __future__ import annotations

import ipywidgets as widgets

from helpable.content.strings import say
from helpable.ui import html
from helpable.ui.state.pitch import Analyzer, pitch_result
from helpable.ui.widgets.common import LIVE_INTERVAL, LiveUpdater, button, pitch_box


class RewriteBox(widgets.VBox):
    """A labelled text box with live feedback. Parts: ``context``, ``text``, ``check``,
    ``feedback``."""

    def __init__(
        self,
        text: str = "",
        *,
        setting: str | None = None,
        relationship: str | None = None,
        analyzer: Analyzer | None = None,
        interval: float = LIVE_INTERVAL,
    ) -> None:
        self.setting = setting
        self.relationship = relationship
        self.analyzer = analyzer
        self.context = widgets.HTML(
            value=html.context_html(setting, relationship) or say("rewrite.intro")
        )
        self.text = pitch_box(say("rewrite.label"), say("rewrite.placeholder"), text)
        self.check = button(say("rewrite.check"), say("rewrite.check_tooltip"), "check")
        self.feedback = widgets.HTML(value=say("rewrite.waiting"))
        self.live = LiveUpdater(self._update, interval)
        self.text.observe(lambda change: self.live.submit(change["new"]), "value")
        self.check.on_click(lambda _: self.live.force(self.text.value))
        super().__init__([self.context, self.text, self.check, self.feedback])
        if text:
            self.live.submit(text)

    def _update(self, text: str) -> None:
        self.feedback.value = html.pitch_result_html(
            pitch_result(
                text, setting=self.setting, relationship=self.relationship, analyzer=self.analyzer
            )
        )


def rewrite_box(
    text: str = "",
    *,
    setting: str | None = None,
    relationship: str | None = None,
    analyzer: Analyzer | None = None,
) -> RewriteBox:
    """Write or rewrite a pitch and see, as you type, which rules it breaks."""
    return RewriteBox(text, setting=setting, relationship=relationship, analyzer=analyzer)
