"""The approach filter: dropdowns over the example approaches, a count and a small table.

A thin shell over :class:`helpable.ui.state.data_filter.ApproachFilter`, so a
learner can answer "how many approaches…" exercises without writing code.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets
import pandas as pd

from helpable.content.rules import RULE_KEYS, rule
from helpable.content.strings import say
from helpable.ui import html
from helpable.ui.state.data_filter import (
    ApproachFilter,
    at_least_options,
    broken_options,
    channel_options,
    relationship_options,
    setting_options,
)
from helpable.ui.style import esc
from helpable.ui.tables import table_markup
from helpable.ui.widgets.common import LABEL_STYLE

def _dropdown(label: str, options: list[tuple[str, Any]], value: Any) -> widgets.Dropdown:
    return widgets.Dropdown(
        options=options,
        value=value,
        description=label,
        style=LABEL_STYLE,
        layout=widgets.Layout(width="auto"),
    )


def table_html(rows: list[dict[str, str]]) -> str:
    """A small table of plain rows (every value escaped), in the course's one table style."""
    if not rows:
        return ""
    return table_markup(pd.DataFrame(rows), say("filter.caption"))


class DataFilter(widgets.VBox):
    """Dropdowns, a live count and a table.

    Parts: ``setting``, ``channel``, ``relationship``, ``broken`` (rule key →
    Dropdown), ``at_least``, ``count`` and ``table``; the logic is ``state``.
    """

    def __init__(self, frame: pd.DataFrame | None = None) -> None:
        self.state = ApproachFilter() if frame is None else ApproachFilter(frame)
        state = self.state
        self.setting = _dropdown(say("filter.setting"), setting_options(), state.setting)
        self.channel = _dropdown(say("filter.channel"), channel_options(), state.channel)
        self.relationship = _dropdown(
            say("filter.relationship"), relationship_options(), state.relationship
        )
        self.broken = {
            key: _dropdown(
                say("filter.breaks", name=rule(key).name), broken_options(), state.broken[key]
            )
            for key in RULE_KEYS
        }
        self.at_least = _dropdown(say("filter.at_least"), at_least_options(), state.at_least)
        self.count = widgets.HTML()
        self.table = widgets.HTML()
        for part in self._parts():
            part.observe(self._changed, "value")
        super().__init__(
            [
                widgets.HBox([self.setting, self.channel, self.relationship]),
                widgets.HBox([*self.broken.values(), self.at_least]),
                self.count,
                self.table,
            ]
        )
        self._show()

    def _parts(self) -> list[widgets.Dropdown]:
        return [self.setting, self.channel, self.relationship, *self.broken.values(), self.at_least]

    def _changed(self, _: Any) -> None:
        state = self.state
        state.setting = self.setting.value
        state.channel = self.channel.value
        state.relationship = self.relationship.value
        state.broken = {key: box.value for key, box in self.broken.items()}
        state.at_least = int(self.at_least.value)
        self._show()

    def _show(self) -> None:
        self.count.value = html.bold(esc(self.state.summary()))
        more = self.state.more()
        note = html.small_note(say("filter.more", count=more)) if more else ""
        self.table.value = table_html(self.state.rows()) + note


def approach_filter() -> DataFilter:
    """Count the example approaches by setting, channel, relationship and rules broken."""
    return DataFilter()
