"""The plan table (lesson 07): a shell over :class:`helpable.ui.state.plan.PlanTableState`.

Each person is a small card of labelled boxes (who, how you know them, the
ask, the next step, the date) with its notes under it and a Remove button.
Under the cards: Add a person, Start from the example, and Save my plan with
its result beside it. Cards and button rows wrap, so the table works on a
narrow phone screen. Every learner sentence is escaped.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import ipywidgets as widgets
import pandas as pd

from helpable.content.strings import say
from helpable.plan import DEFAULT_NAME, plan_for_map
from helpable.ui import html
from helpable.ui.charts.alt import alt_text
from helpable.ui.charts.approaches_map import approaches_on_map
from helpable.ui.charts.base import compact_png, png_html
from helpable.ui.state.plan import (
    PlanRow,
    PlanTableState,
    RowView,
    SaveView,
    example_date,
    relationship_options,
)
from helpable.ui.style import BORDER, esc
from helpable.ui.widgets.common import LABEL_STYLE, button

_WRAP = {"flex_flow": "row wrap", "width": "100%"}
"""A labelled box whose input drops below its label when the screen is narrow."""


def _box(kind: type[Any], description: str, placeholder: str = "", **extra: Any) -> Any:
    return kind(
        description=description,
        placeholder=placeholder,
        continuous_update=False,
        style=LABEL_STYLE,
        layout=widgets.Layout(**_WRAP, **extra),
    )


def notes_html(view: RowView) -> str:
    """A row's notes: one line each, escaped, with a mark that is not colour alone."""
    icon = "✓" if view.ready else "⚠"
    text = list(view.notes)
    if view.ready:
        return html.paragraph(esc(text[0]))
    return "".join(html.paragraph(f'<span aria-hidden="true">{icon}</span> {esc(t)}') for t in text)


def save_html(result: SaveView) -> str:
    """The result of a save: the message, then a download link for each file saved."""
    markup = html.lines(result.message.splitlines())
    if result.downloads:
        links = " · ".join(d.link_html() for d in result.downloads)
        markup += html.paragraph(esc(say("plan.table.downloads")) + " " + links)
    return markup


class PlanRowBox(widgets.VBox):
    """One person: ``heading``, ``name``, ``how``, ``ask``, ``step``, ``date``, ``notes``,
    ``remove``. ``key`` is the row's key in the table's state."""

    def __init__(self, row: PlanRow, today: date | None = None, *, removable: bool = True) -> None:
        self.key = row.key
        self.heading = widgets.HTML(value="")
        self.name = _box(
            widgets.Text, say("plan.table.name_label"), say("plan.table.name_placeholder")
        )
        self.how = widgets.Dropdown(
            options=relationship_options(),
            description=say("plan.table.how_label"),
            style=LABEL_STYLE,
            layout=widgets.Layout(**_WRAP),
        )
        self.ask = _box(
            widgets.Textarea,
            say("plan.table.ask_label"),
            say("plan.table.ask_placeholder"),
        )
        self.ask.rows = 3
        self.step = _box(
            widgets.Text, say("plan.table.step_label"), say("plan.table.step_placeholder")
        )
        self.date = _box(
            widgets.Text,
            say("plan.table.date_label"),
            say("plan.table.date_placeholder", example=example_date(today)),
        )
        self.notes = widgets.HTML(value="", description=say("plan.table.notes_label"))
        self.notes.layout = widgets.Layout(**_WRAP)
        self.notes.style = LABEL_STYLE
        self.remove = button(say("plan.table.remove"), say("plan.table.remove_tooltip"), "trash")
        self.remove.layout.align_self = "flex-start"
        self.fields: dict[str, Any] = {
            "name": self.name,
            "how_you_know": self.how,
            "ask": self.ask,
            "next_step": self.step,
            "date": self.date,
        }
        self.fill(row.values)
        parts = [self.heading, self.name, self.how, self.ask, self.step, self.date, self.notes]
        super().__init__(
            [*parts, self.remove] if removable else parts,
            layout=widgets.Layout(
                border=f"1px solid {BORDER}",
                padding="6px 8px",
                margin="6px 0",
                width="100%",
                max_width="760px",
            ),
        )

    def fill(self, values: Mapping[str, str]) -> None:
        """Put a row's values in the boxes (an unknown relationship shows as 'Pick one')."""
        for field_name, box in self.fields.items():
            value = values.get(field_name, "")
            if box is self.how:
                keys = [key for _, key in self.how.options]
                value = value if value in keys else ""
            box.value = value

    def show(self, view: RowView) -> None:
        self.heading.value = html.heading(view.heading, level=4)
        self.notes.value = notes_html(view)


class PlanTable(widgets.VBox):
    """The learner's plan as rows of boxes, over a :class:`PlanTableState` (lessons call
    :func:`plan_table`, which makes the state).

    Parts: ``rows_box`` (one :class:`PlanRowBox` a person, also listed in
    ``row_boxes``), ``add``, ``example``, ``summary``, ``save``, ``status``;
    the logic is ``state``.
    """

    def __init__(
        self,
        state: PlanTableState,
        rows: Sequence[Mapping[str, Any]] = (),
        *,
        practice: bool = False,
        title: str | None = None,
    ) -> None:
        self.state = state
        self.practice = practice
        self.row_boxes: list[PlanRowBox] = []
        self._loading = False
        self.rows_box = widgets.VBox([], layout=widgets.Layout(width="100%"))
        self.add = button(say("plan.table.add"), say("plan.table.add_tooltip"), "plus")
        self.example = button(say("plan.table.example"), say("plan.table.example_tooltip"), "copy")
        self.summary = widgets.HTML(value="")
        self.save = button(
            say("plan.table.save"), say("plan.table.save_tooltip"), "save", style="primary"
        )
        self.save.layout.flex = "0 0 auto"  # never squeeze the button's words
        self.status = widgets.HTML(
            value=esc(say("plan.table.save_hint")),
            layout=widgets.Layout(flex="1 1 240px", margin="0 0 0 8px"),
        )
        self.map_button = button(say("plan.table.map"), say("plan.table.map_tooltip"), "map")
        self.map = widgets.HTML(value="", layout=widgets.Layout(width="100%"))
        self.map_button.layout.align_self = "flex-start"
        self.map_button.on_click(lambda _: self._show_map())
        self.add.on_click(lambda _: self._add())
        self.example.on_click(lambda _: self._add_example())
        self.save.on_click(lambda _: self._save())
        wrap = widgets.Layout(flex_flow="row wrap", align_items="flex-start", width="100%")
        parts: list[Any] = [widgets.HTML(html.heading(title or say("plan.table.title")))]
        parts.append(self.rows_box)
        if not practice:
            parts += [
                widgets.HBox([self.add, self.example], layout=wrap),
                self.summary,
                widgets.HBox([self.save, self.status], layout=wrap),
                self.map_button,
                self.map,
            ]
        super().__init__(parts, layout=widgets.Layout(width="100%", max_width="780px"))
        for values in rows:
            self._add(values)
        self._refresh_summary()

    # ---- events

    def _add(self, values: Mapping[str, Any] | None = None, *, example: bool = False) -> None:
        try:
            row = self.state.add(values, example=example)
        except ValueError as exc:  # the table is full: its message is for the learner
            self.summary.value = esc(str(exc))
            return
        self._append_box(row)
        self._refresh_summary()

    def _add_example(self) -> None:
        for row in self.state.start_from_example():
            self._append_box(row)
        self._refresh_summary()

    def _append_box(self, row: PlanRow) -> None:
        box = PlanRowBox(row, self.state.today, removable=not self.practice)
        for field_name, part in box.fields.items():
            part.observe(self._edited(box.key, field_name), "value")
        box.remove.on_click(lambda _, key=box.key: self._remove(key))
        self.row_boxes.append(box)
        self.rows_box.children = tuple(self.row_boxes)
        box.show(self.state.view(box.key))
        self.add.disabled = self.state.full

    def _edited(self, key: int, field_name: str) -> Any:
        def changed(change: dict[str, Any]) -> None:
            self.state.edit(key, field_name, change["new"])
            for box in self.row_boxes:
                if box.key == key:
                    box.show(self.state.view(key))
            self._refresh_summary()

        return changed

    def _remove(self, key: int) -> None:
        self.state.remove(key)
        self.row_boxes = [box for box in self.row_boxes if box.key != key]
        self.rows_box.children = tuple(self.row_boxes)
        for box, view in zip(self.row_boxes, self.state.views(), strict=True):
            box.show(view)  # the numbers below the removed row move up
        self.add.disabled = self.state.full
        self._refresh_summary()

    def _save(self) -> None:
        result = self.state.save()
        self.status.value = save_html(result)

    def _show_map(self) -> None:
        placed = plan_for_map(self.state.frame())
        if placed.empty:
            self.map.value = html.paragraph(esc(say("plan.table.map_empty")))
            return
        try:
            fig = approaches_on_map(placed, annotate=3, source="analyzer")
            words = alt_text("approaches_on_map", frame=placed, annotate=3, source="analyzer")
            self.map.value = png_html(compact_png(fig), words)
        except Exception as exc:  # shown where the learner looks; the table is untouched
            self.map.value = html.paragraph(esc(say("plan.table.map_failed", problem=exc)))

    def frame(self) -> pd.DataFrame:
        """The plan as it is now: a table with one row a person (for JupyterLab users)."""
        return self.state.frame()

    def _refresh_summary(self) -> None:
        self.summary.value = esc(self.state.summary())


def plan_table(
    rows: Sequence[Mapping[str, Any]] = (),
    *,
    folder: str | Path | None = None,
    name: str = DEFAULT_NAME,
    today: date | None = None,
    practice: bool = False,
    title: str | None = None,
) -> PlanTable:
    """The plan table: add, change and remove people, see notes on each, save the plan.

    ``practice=True`` shows only the rows and their notes (no Add, no Save), for
    a row to fix. ``folder`` defaults to where :func:`helpable.plan.save_plan` saves.
    """
    state = PlanTableState(folder=folder, name=name, today=today)
    return PlanTable(state, rows, practice=practice, title=title)
