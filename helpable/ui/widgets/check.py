"""The start-here check that widgets work."""

from __future__ import annotations

import ipywidgets as widgets

from helpable.content.strings import say
from helpable.ui.widgets.common import button


class WidgetCheck(widgets.HBox):
    """A button that proves widgets work. Parts: ``button``, ``label``."""

    def __init__(self) -> None:
        self.button = button(say("check.button"), say("check.tooltip"), "check")
        self.label = widgets.Label(value=say("check.waiting"))
        self.button.on_click(self._clicked)
        super().__init__([self.button, self.label])

    def _clicked(self, _: widgets.Button) -> None:
        self.label.value = say("check.ready")


def widget_check() -> WidgetCheck:
    """The start-here check: click the button, and the label says you are ready."""
    return WidgetCheck()
