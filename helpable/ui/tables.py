"""Tables a learner reads: plain headers, words for values, no index, escaped HTML.

:func:`html_table` turns a small frame of words (for example from
:func:`helpable.content.approaches.readable_frame`) into an :class:`HtmlTable`,
which a notebook shows as an HTML table, with a plain-text version for
anywhere HTML is not shown. Text wraps between words, never inside one.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass

import pandas as pd

from helpable.content.approaches import load_approaches, rules_broken_by
from helpable.content.rules import rule
from helpable.content.strings import say
from helpable.ui.style import BORDER, HEADER_BG, INK, SURFACE, esc

_NUMBER = re.compile(r"-?\d+(\.\d+)?%?")

_TABLE_STYLE = (
    f"border-collapse:collapse;table-layout:auto;margin:8px 0;color:{INK};"
    f"background:{SURFACE};max-width:100%"
)
_CELL_STYLE = (  # each cell sets its own colours: JupyterLab's themes stripe table rows
    f"border:1px solid {BORDER};padding:4px 8px;vertical-align:top;color:{INK};background:{SURFACE};"
    "white-space:normal;word-break:normal;overflow-wrap:normal;hyphens:none"
)
TEXT_WIDTH = 76
"""Plain-text lines wrap at this many characters, between words."""


@dataclass(frozen=True)
class HtmlTable:
    """A table as HTML (``_repr_html_``) and as plain text (``repr``)."""

    html: str
    text: str

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return self.text


def _is_number(value: str) -> bool:
    return bool(_NUMBER.fullmatch(value.strip()))


def _cell(tag: str, value: object, *, header: bool = False) -> str:
    text = "" if value is None else str(value)
    align = "right" if not header and _is_number(text) else "left"
    scope = ' scope="col"' if header else ""
    background = f";background:{HEADER_BG}" if header else ""
    return f'<{tag}{scope} style="{_CELL_STYLE};text-align:{align}{background}">{esc(text)}</{tag}>'


def table_markup(frame: pd.DataFrame, caption: str | None = None) -> str:
    """``frame`` as an HTML table: its column headers and values, escaped, and no index."""
    parts = [f'<table style="{_TABLE_STYLE}">']
    if caption:
        parts.append(f'<caption style="text-align:left;padding:2px 0">{esc(caption)}</caption>')
    parts.append("<thead><tr>")
    parts += [_cell("th", column, header=True) for column in frame.columns]
    parts.append("</tr></thead><tbody>")
    for row in frame.itertuples(index=False):
        parts.append("<tr>" + "".join(_cell("td", value) for value in row) + "</tr>")
    parts.append("</tbody></table>")
    return "".join(parts)


def table_text(frame: pd.DataFrame, caption: str | None = None) -> str:
    """``frame`` as plain text: one block per row, each value wrapped between words."""
    lines = [caption] if caption else []
    for row in frame.itertuples(index=False):
        if lines:
            lines.append("")
        for column, value in zip(frame.columns, row, strict=True):
            lines += textwrap.wrap(
                f"{column}: {value}",
                width=TEXT_WIDTH,
                subsequent_indent="    ",
                break_long_words=False,
                break_on_hyphens=False,
            )
    return "\n".join(lines)


def html_table(frame: pd.DataFrame, caption: str | None = None) -> HtmlTable:
    """A table to show in a notebook: HTML with no index, and its plain-text version."""
    return HtmlTable(table_markup(frame, caption), table_text(frame, caption))


# --- the course's static tables ------------------------------------------------------------


def rule_card(key: str) -> HtmlTable:
    """One rule in a small table: the rule, the question to ask, and what to do instead."""
    r = rule(key)
    frame = pd.DataFrame(
        {
            say("table.column.rule"): [r.label],
            say("table.column.says"): [r.rule],
            say("table.column.question"): [r.question],
            say("table.column.instead"): [r.do_instead],
        }
    )
    return html_table(frame)


def relationship_table(frame: pd.DataFrame | None = None) -> HtmlTable:
    """For each relationship, how many example asks break no rule, one, two or all three."""
    data = load_approaches() if frame is None else frame
    return html_table(rules_broken_by(data, "relationship"))


__all__ = [
    "HtmlTable",
    "html_table",
    "relationship_table",
    "rule_card",
    "table_markup",
    "table_text",
]
