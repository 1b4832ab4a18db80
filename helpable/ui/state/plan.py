"""The plan table's state (lesson 07): its rows, the notes beside each row, and saving.

A learner adds, edits and removes rows; each row's notes are the plan's own
checks (:func:`helpable.plan.row_problems`, which include the pitch checker's
verdict on the ask), worded for the table. Saving writes ``my_plan.ics`` and
``my_plan.csv`` with :func:`helpable.plan.save_plan_files`, which never
replaces a file. Rows from the example stay marked as an example until the
learner changes them, and are never saved as they are.

Also here: :class:`TableView`, a read-only table that a notebook cell shows
as HTML (the example plan, the rule shares), with every cell escaped.
No widgets here.
"""

from __future__ import annotations

import base64
import itertools
import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pandas as pd

from helpable.content.approaches import RELATIONSHIPS, load_approaches
from helpable.content.rules import RULE_KEYS, rules
from helpable.content.strings import say
from helpable.plan import (
    DEFAULT_NAME,
    INPUT_COLUMNS,
    example_plan,
    make_plan,
    row_problems,
    save_plan_files,
)
from helpable.plan.plan import cell_text
from helpable.ui.style import esc, isolated, percent
from helpable.ui.tables import table_markup

FIELDS: tuple[str, ...] = INPUT_COLUMNS
"""The boxes of one row: name, how_you_know, ask, next_step, date."""

MAX_ROWS = 25
"""The most rows the table holds."""
MAX_CHARS = 2_000
"""The most characters a box may hold before the row cannot be saved."""

MEDIA_TYPES = {".ics": "text/calendar", ".csv": "text/csv"}


def relationship_words(key: str) -> str:
    """'A former colleague' for ``former_colleague`` (capitalised, for a list)."""
    words = say(f"relationship.{key}")
    return words[:1].upper() + words[1:]


def relationship_options() -> list[tuple[str, str]]:
    """(words, key) for the 'How you know them' list, with an empty first choice."""
    return [(say("plan.table.how_pick"), ""), *((relationship_words(k), k) for k in RELATIONSHIPS)]


def example_date(today: date | None = None) -> str:
    """A date a week from ``today``, as the date box's example."""
    return ((today or date.today()) + timedelta(days=7)).isoformat()


def _text(value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value)


@dataclass
class PlanRow:
    """One person in the plan. ``key`` never changes, even when rows above are removed."""

    key: int
    values: dict[str, str]
    example: bool = False


@dataclass(frozen=True)
class RowView:
    """What the table shows for one row: its heading and its notes, in plain words."""

    key: int
    number: int
    heading: str
    notes: tuple[str, ...]
    ready: bool
    example: bool


@dataclass(frozen=True)
class Download:
    """A file just saved, to offer as a download link (Voilà has no file browser)."""

    name: str
    data: bytes

    def link_html(self) -> str:
        media = MEDIA_TYPES.get(Path(self.name).suffix, "application/octet-stream")
        href = f"data:{media};base64,{base64.b64encode(self.data).decode('ascii')}"
        text = say("plan.table.download", file=self.name)
        return (
            f'<a download="{esc(self.name)}" href="{esc(href)}" style="text-decoration:underline" '
            f'title="{esc(say("plan.table.download_title"))}">{esc(text)}</a>'
        )


@dataclass(frozen=True)
class SaveView:
    """What a click on Save my plan did: ok or not, the message and the files to download."""

    ok: bool
    message: str
    downloads: tuple[Download, ...] = ()


@dataclass
class PlanTableState:
    """The rows of the plan table, and what saving them does. Never raises for learner input."""

    folder: str | Path | None = None
    name: str = DEFAULT_NAME
    today: date | None = None
    rows: list[PlanRow] = field(default_factory=list)
    _keys: Iterator[int] = field(default_factory=itertools.count)

    # --- rows -------------------------------------------------------------------------

    def add(self, values: Mapping[str, Any] | None = None, *, example: bool = False) -> PlanRow:
        """Add a row (empty unless ``values`` are given); ValueError when the table is full."""
        if len(self.rows) >= MAX_ROWS:
            raise ValueError(say("plan.table.full", limit=MAX_ROWS))
        given = values or {}
        row = PlanRow(next(self._keys), {f: _text(given.get(f, "")) for f in FIELDS}, example)
        self.rows.append(row)
        return row

    def find(self, key: int) -> PlanRow:
        """The row with this key (KeyError if it was removed)."""
        for row in self.rows:
            if row.key == key:
                return row
        raise KeyError(key)

    def edit(self, key: int, field_name: str, value: object) -> None:
        """Change one box of one row. A changed example row is the learner's own."""
        if field_name not in FIELDS:
            raise ValueError(f"a plan row has the boxes {FIELDS}, not {field_name!r}")
        row = self.find(key)
        text = _text(value)
        if row.values[field_name] != text:
            row.values[field_name] = text
            row.example = False

    def remove(self, key: int) -> None:
        """Take a row out (nothing happens if it is not there)."""
        self.rows = [row for row in self.rows if row.key != key]

    def start_from_example(self, start: date | None = None) -> list[PlanRow]:
        """Add the example's rows, marked as an example; returns the rows added."""
        added = []
        for _, values in example_plan(start).iterrows():
            if len(self.rows) >= MAX_ROWS:
                break
            added.append(self.add({str(k): v for k, v in values.items()}, example=True))
        return added

    @property
    def full(self) -> bool:
        return len(self.rows) >= MAX_ROWS

    def frame(self) -> pd.DataFrame:
        """The rows as a plan (the table :func:`helpable.plan.save_plan` takes)."""
        return make_plan(row.values for row in self.rows)

    # --- notes ------------------------------------------------------------------------

    def _who(self, number: int, row: PlanRow) -> str:
        name = cell_text(row.values["name"])
        return say("plan.row.named", row=number, name=name) if name else say("plan.row", row=number)

    def _too_long(self, number: int, row: PlanRow) -> str | None:
        longest = max(len(v) for v in row.values.values())
        if longest <= MAX_CHARS:
            return None
        return say(
            "plan.table.too_long", who=self._who(number, row), length=longest, limit=MAX_CHARS
        )

    def views(self) -> list[RowView]:
        """Every row's heading and notes, numbered from 1 as they are now."""
        return [self._view(number, row) for number, row in enumerate(self.rows, start=1)]

    def view(self, key: int) -> RowView:
        """One row's heading and notes."""
        for number, row in enumerate(self.rows, start=1):
            if row.key == key:
                return self._view(number, row)
        raise KeyError(key)

    def _view(self, number: int, row: PlanRow) -> RowView:
        who = self._who(number, row)
        too_long = self._too_long(number, row)
        if too_long:
            notes = [too_long]
        else:
            series = pd.Series(row.values)
            notes = [p.message for p in row_problems(number, series, self.today, in_table=True)]
        if row.example:
            notes.insert(0, say("plan.table.example_note"))
        ready = not notes
        heading = say("plan.table.example_heading", row=who) if row.example else who
        return RowView(
            row.key,
            number,
            heading,
            tuple(notes or [say("plan.table.row_ready")]),
            ready,
            row.example,
        )

    def summary(self) -> str:
        """A line under the table: how many people, how many ready."""
        if not self.rows:
            return say("plan.table.empty")
        ready = sum(view.ready for view in self.views())
        return say("plan.table.summary", count=len(self.rows), ready=ready)

    # --- saving -----------------------------------------------------------------------

    def save(self) -> SaveView:
        """Save the plan as ``.ics`` and ``.csv`` under a free name; never replaces a file."""
        blocking = [
            say("plan.table.example_blocks", who=self._who(number, row))
            for number, row in enumerate(self.rows, start=1)
            if row.example
        ]
        blocking += [m for n, row in enumerate(self.rows, 1) if (m := self._too_long(n, row))]
        if blocking:
            header = say("plan.table.save_blocked")
            return SaveView(False, header + "\n- " + "\n- ".join(blocking))
        outcome = save_plan_files(
            self.frame(), self.folder, name=self.name, in_table=True, today=self.today
        )
        downloads = []
        for path in outcome.files:
            try:
                downloads.append(Download(path.name, path.read_bytes()))
            except OSError:  # saved, but not readable back: the message still names it
                continue
        return SaveView(outcome.ok, outcome.message, tuple(downloads) if outcome.ok else ())


# --- read-only tables -------------------------------------------------------------------------


_LEFT = ' style="text-align:left;vertical-align:top"'
"""Jupyter right-aligns table cells; words read better from the left."""


@dataclass(frozen=True)
class TableView:
    """A small read-only table: a notebook cell that ends with one shows it as HTML.

    With ``by_row=True`` each row is shown as its own short block (the first two
    cells as its heading, then one line a column), which reads well on a phone.
    """

    caption: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    by_row: bool = False

    def _grid(self) -> str:
        frame = pd.DataFrame(list(self.rows), columns=list(self.headers))
        return table_markup(frame, self.caption)

    def _blocks(self) -> str:
        parts = [f"<p><strong>{esc(self.caption)}</strong></p>"]
        for row in self.rows:
            title = f"{esc(self.headers[0])} {isolated(row[0])} · {isolated(row[1])}"
            lines = "".join(
                f'<tr><th scope="row"{_LEFT}>{esc(h)}</th><td{_LEFT}>{isolated(cell)}</td></tr>'
                for h, cell in zip(self.headers[2:], row[2:], strict=True)
            )
            parts.append(f"<h4>{title}</h4><table><tbody>{lines}</tbody></table>")
        return "".join(parts)

    def _repr_html_(self) -> str:
        # If it is still too wide for the screen, it scrolls sideways inside its own
        # region, which a keyboard can reach (tabindex) and a screen reader names.
        return (
            f'<div role="region" tabindex="0" aria-label="{esc(self.caption)}" '
            'style="overflow-x:auto;max-width:100%">'
            f"{self._blocks() if self.by_row else self._grid()}</div>"
        )

    def __repr__(self) -> str:
        lines = [self.caption, " | ".join(self.headers)]
        lines += [" | ".join(row) for row in self.rows]
        return "\n".join(lines)


def _trust_text(value: object) -> str:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return ""
    return "" if math.isnan(number) else f"{number:.2f}"


def plan_view(frame: pd.DataFrame, caption: str = "") -> TableView:
    """A plan as a readable table: words for how you know each person, no code names."""
    headers = (
        say("plan.view.row"),
        say("plan.view.name"),
        say("plan.view.how"),
        say("plan.view.trust"),
        say("plan.view.ask"),
        say("plan.view.step"),
        say("plan.view.date"),
    )
    rows = []
    for number, (_, row) in enumerate(frame.iterrows(), start=1):
        how = cell_text(row.get("how_you_know"))
        rows.append(
            (
                str(number),
                cell_text(row.get("name")),
                relationship_words(how) if how in RELATIONSHIPS else how,
                _trust_text(row.get("trust")),
                cell_text(row.get("ask")),
                cell_text(row.get("next_step")),
                cell_text(row.get("date")),
            )
        )
    return TableView(caption, headers, tuple(rows), by_row=True)


def rule_shares(approaches: pd.DataFrame | None = None) -> TableView:
    """For each kind of person asked, the share of the course's example asks breaking each rule."""
    frame = load_approaches() if approaches is None else approaches
    headers = (
        say("plan.shares.who"),
        say("plan.shares.asks"),
        *(say("plan.shares.breaks", rule=rules()[k].label) for k in RULE_KEYS),
    )
    rows: list[tuple[str, ...]] = []
    for key in RELATIONSHIPS:
        part = frame[frame["relationship"] == key]
        if part.empty:
            continue
        shares = tuple(percent(float(part[k].mean())) for k in RULE_KEYS)
        rows.append((relationship_words(key), str(len(part)), *shares))
    return TableView(say("plan.shares.caption"), headers, tuple(rows))
