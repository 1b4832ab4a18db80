"""A look back at a learner's journal: their rewrites as a table and one chart.

* :func:`rewrite_rows`: the saved rewrites from ``Journal().to_frame()``, with the
  rule lists turned back into Python lists and the scores into numbers.
* :func:`example_journal_frame`: a small, made-up journal in the same shape as
  ``Journal().to_frame()``, marked as an example (``frame.attrs["example"]``),
  for showing what the look-back looks like before a learner has saved anything.
* :func:`journal_progress_chart`: each saved rewrite's ease-of-yes score next to
  the original pitch's score.
* :func:`journal_alt_text`: alt text for that chart, with its numbers; it says
  whose journal it is (the learner's own, or the made-up example).
* :func:`show_journal_chart`: shows the chart with that alt text, and the alt
  text under it in words (:func:`journal_alt_html`).
* :func:`rewrite_table`: the saved rewrites as a learner reads them: pitches named
  by their words, rules by their names, plain column headings.

The chart never relies on colour alone: the original is a hollow circle, the
rewrite a filled square, and each row says in words which rules the rewrite
still breaks. An empty journal gives a figure with a friendly message instead
of empty axes. Its words come from ``data/strings.csv`` (keys ``chart.journal.*``).
"""

from __future__ import annotations

import json
from typing import Any

import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from helpable.analyzer.engine import analyze
from helpable.content.approaches import load_approaches
from helpable.content.example_journal import load_example_journal
from helpable.content.rules import RULE_KEYS, rules
from helpable.content.strings import say
from helpable.journal import STANDARD_COLUMNS
from helpable.ui.charts.base import WHITE, chart_style, new_figure, point, show
from helpable.ui.state.workshop import pitch_name
from helpable.ui.style import BORDER, GRID, ORIGINAL_COLOUR, QUOTE_BG, REWRITE_COLOUR, esc


def empty_message() -> str:
    """What the chart and its alt text say when the journal has no saved rewrites."""
    return f"{say('chart.journal.empty')}\n{say('chart.journal.empty_next')}"


def example_label() -> str:
    """The words that mark a chart of :func:`example_journal_frame` as made up."""
    return say("chart.journal.example_label")


LAST = 12
"""The chart shows at most this many rewrites, the most recent ones."""


_COLUMNS = ("pitch_id", "original_broken", "original_score", "broken", "score")


def _as_rules(value: Any) -> list[str]:
    """A rule list from a journal cell: JSON text, a list, or nothing."""
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            value = [value]
    if isinstance(value, list | tuple):
        return [str(v) for v in value]
    return []


def _is_example(frame: pd.DataFrame) -> bool:
    return bool(frame.attrs.get("example", False))


def rewrite_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """The saved rewrites (``kind == "rewrite"``), oldest first, ready for pandas.

    ``broken`` and ``original_broken`` become lists of rule keys, ``score`` and
    ``original_score`` become whole numbers (missing stays missing), and ``save`` numbers
    the rewrites 1, 2, 3 … in the order they were saved. Works on an empty frame,
    keeps ``frame.attrs`` (so an example stays marked as one), and gives the same
    rows again when passed its own result (a filtered result keeps its numbers).
    """
    if frame is None or "kind" not in frame:
        rows = pd.DataFrame(columns=["save", *_COLUMNS])
    else:
        rows = frame[frame["kind"] == "rewrite"].copy()
        for name in _COLUMNS:
            if name not in rows:
                rows[name] = pd.Series(dtype="object")
        rows = rows.reset_index(drop=True)
        if "save" not in rows:  # rows from this function keep their numbers
            rows.insert(0, "save", range(1, len(rows) + 1))
    for name in ("broken", "original_broken"):
        rows[name] = [_as_rules(v) for v in rows[name]]
    for name in ("score", "original_score"):
        rows[name] = pd.to_numeric(rows[name], errors="coerce").round().astype("Int64")
    rows.attrs = dict(getattr(frame, "attrs", {}) or {})
    return rows


def example_journal_frame() -> pd.DataFrame:
    """A small, made-up journal in the shape of ``Journal().to_frame()``.

    The rewrites are ``data/example_journal.csv`` (written for this course);
    the originals come from ``data/approaches.csv``, and every score and rule
    is the analyzer's own verdict, worked out now. One reflection sits in the
    middle. ``frame.attrs["example"]`` is True, and charts of it say
    "Example journal (made up)" in their title.
    """
    originals = load_approaches().set_index("id")
    rows: list[dict[str, Any]] = []
    for n, item in enumerate(load_example_journal()):
        pitch = originals.loc[item.pitch_id]
        before = analyze(
            str(pitch["text"]),
            setting=str(pitch["setting"]),
            relationship=str(pitch["relationship"]),
        )
        after = analyze(
            item.rewrite, setting=str(pitch["setting"]), relationship=str(pitch["relationship"])
        )
        rows.append(
            {
                "timestamp": f"2025-01-{n // 3 + 6:02d}T{10 + n % 14}:00:00+00:00",
                "entry_id": f"example{n + 1}",
                "kind": "rewrite",
                "pitch_id": item.pitch_id,
                "original": str(pitch["text"]),
                "rewrite": item.rewrite,
                "broken": json.dumps([r for r in RULE_KEYS if r in after.broken]),
                "score": after.score,
                "original_broken": json.dumps([r for r in RULE_KEYS if r in before.broken]),
                "original_score": before.score,
                "findings": "[]",
                "note": None,
            }
        )
        if n == 3:
            rows.append(
                {
                    "timestamp": "2025-01-07T13:30:00+00:00",
                    "entry_id": "example-reflection",
                    "kind": "reflection",
                    "notebook": "06_pitch_workshop",
                    "prompt": say("chart.journal.example_prompt"),
                    "text": say("chart.journal.example_reflection"),
                }
            )
    columns = [*STANDARD_COLUMNS, "notebook", "prompt", "text"]
    frame = pd.DataFrame.from_records(rows, columns=columns)
    frame["timestamp"] = pd.to_datetime(frame["timestamp"], utc=True, format="ISO8601")
    for name in ("score", "original_score"):
        frame[name] = frame[name].astype("Int64")
    frame.attrs["example"] = True
    return frame


def _rule_names(keys: list[str]) -> list[str]:
    """Rule keys as the rules' names ('Effort'), in course order; unknown keys as written."""
    try:
        names = {key: rule.name for key, rule in rules().items()}
    except Exception:  # a broken rules.csv must not stop the chart
        names = {key: key.title() for key in RULE_KEYS}
    order = [r for r in RULE_KEYS if r in keys] + [r for r in keys if r not in RULE_KEYS]
    return [names.get(r, r) for r in order]


def _rules_words(keys: list[str]) -> str:
    if not keys:
        return say("chart.journal.no_rule")
    return say("chart.journal.still_breaks", rules=f" {say('chart.and')} ".join(_rule_names(keys)))


CHART_NAME_WIDTH = 30
"""A pitch's name on the chart keeps at most this many characters of its text."""


def _pitch_names(rows: pd.DataFrame, width: int = CHART_NAME_WIDTH) -> list[str]:
    """Each row's pitch named in words (see :func:`pitch_name`), never by its id.

    The words and setting come from ``data/approaches.csv``; a pitch not there is
    named by the original text saved with the rewrite.
    """
    try:
        known = load_approaches().set_index("id")
    except Exception:  # the course data could not be read: use what the journal saved
        known = pd.DataFrame()
    names = []
    for _, row in rows.iterrows():
        pid = row.get("pitch_id")
        if isinstance(pid, str) and pid in known.index:
            pitch = known.loc[pid]
            names.append(pitch_name(pitch["text"], pitch["setting"], width))
        else:
            original = row.get("original")
            names.append(pitch_name(original if isinstance(original, str) else "", None, width))
    return names


def _message_figure(message: str, title: str) -> Figure:
    with chart_style():
        fig, ax = new_figure((8.0, 2.6))
        ax.set_axis_off()
        ax.set_title(title, loc="left")
        ax.text(
            0.5,
            0.5,
            message,
            ha="center",
            va="center",
            fontsize=13,
            linespacing=1.6,
            transform=ax.transAxes,
            bbox={"boxstyle": "round,pad=0.8", "facecolor": QUOTE_BG, "edgecolor": BORDER},
        )
    return fig


def _title(frame: pd.DataFrame) -> str:
    title = say("chart.journal.title")
    return f"{example_label()}: {title[0].lower()}{title[1:]}" if _is_example(frame) else title


def journal_progress_chart(frame: pd.DataFrame, *, last: int = LAST) -> Figure:
    """Each saved rewrite's ease-of-yes score next to the original's, one row per save.

    ``frame`` is ``Journal().to_frame()`` (or :func:`rewrite_rows` of it). Only
    rewrites count; the most recent ``last`` are shown, oldest at the top. A hollow
    circle marks the original pitch's score, a filled square the rewrite's, and a
    line joins them; the words at the right say which rules the rewrite still
    breaks. With no saved rewrites the figure holds a friendly message instead.
    """
    rows = rewrite_rows(frame)
    if rows.empty:
        return _message_figure(empty_message(), _title(rows))
    shown = rows.tail(max(1, int(last))).reset_index(drop=True)
    n = len(shown)
    with chart_style():
        fig, ax = new_figure((9.5, 2.2 + 0.48 * n))
        ys = list(range(n))[::-1]  # oldest at the top
        for y, (_, row) in zip(ys, shown.iterrows(), strict=True):
            before, after = row["original_score"], row["score"]
            if pd.notna(before) and pd.notna(after):
                ax.plot([before, after], [y, y], color=BORDER, linewidth=2, zorder=1)
            if pd.notna(before):
                point(
                    ax,
                    before,
                    y,
                    "o",
                    10,
                    markerfacecolor=WHITE,
                    zorder=2,
                    markeredgecolor=ORIGINAL_COLOUR,
                    markeredgewidth=2.5,
                )
            if pd.notna(after):
                point(ax, after, y, "s", 9, color=REWRITE_COLOUR, zorder=3)
            ax.text(
                103,
                y,
                _rules_words(row["broken"]),
                va="center",
                ha="left",
                fontsize=11,
                clip_on=False,
            )
        ax.set_yticks(ys)
        ax.set_yticklabels(
            [
                say("chart.journal.save", number=number, pitch=name)
                for number, name in zip(shown["save"], _pitch_names(shown), strict=True)
            ]
        )
        ax.set_ylim(-0.7, n - 0.3)
        ax.set_xlim(0, 100)
        ax.set_xticks(range(0, 101, 20))
        ax.grid(axis="x", color=GRID, linewidth=0.8)
        ax.set_axisbelow(True)
        ax.set_xlabel(say("chart.journal.score_axis"))
        ax.set_ylabel(say("chart.journal.rewrites_axis"))
        title = _title(rows)
        if len(rows) > n:
            title += "\n" + say("chart.journal.last_of", shown=n, total=len(rows))
        ax.set_title(title, loc="left")
        handles = [
            Line2D(
                [],
                [],
                marker="o",
                markersize=10,
                markerfacecolor=WHITE,
                markeredgecolor=ORIGINAL_COLOUR,
                markeredgewidth=2.5,
                linestyle="none",
                label=say("chart.journal.original"),
            ),
            Line2D(
                [],
                [],
                marker="s",
                markersize=9,
                color=REWRITE_COLOUR,
                linestyle="none",
                label=say("chart.journal.rewrite"),
            ),
        ]
        fig.legend(handles=handles, loc="outside lower center", ncol=2, frameon=False)
    return fig


def journal_alt_text(frame: pd.DataFrame, *, last: int = LAST) -> str:
    """Alt text for :func:`journal_progress_chart` of ``frame``, with the numbers it shows.

    It says whose journal the chart shows: the learner's own, or (for
    :func:`example_journal_frame`) a made-up example that is not theirs.
    """
    rows = rewrite_rows(frame)
    if rows.empty:
        return say("chart.journal.alt_message", message=empty_message().replace("\n", " "))
    shown = rows.tail(max(1, int(last)))
    both = shown.dropna(subset=["score", "original_score"])
    fixed = int(sum(1 for b in shown["broken"] if not b))
    if _is_example(rows):
        parts = [f"{example_label()}.", say("chart.journal.alt_example_note")]
    else:
        parts = [say("chart.journal.alt_own")]
    parts.append(say("chart.journal.alt_intro", count=len(shown)))
    if len(both):
        before, after = both["original_score"].mean(), both["score"].mean()
        higher = int((both["score"] > both["original_score"]).sum())
        parts.append(say("chart.journal.alt_average", before=f"{before:.0f}", after=f"{after:.0f}"))
        parts.append(say("chart.journal.alt_higher", higher=higher, count=len(both)))
    parts.append(say("chart.journal.alt_fixed", fixed=fixed, count=len(shown)))
    return " ".join(parts)


def journal_alt_html(frame: pd.DataFrame, *, last: int = LAST) -> str:
    """The alt text of the chart of ``frame`` as a short paragraph (escaped)."""
    label = esc(say("chart.journal.alt_label"))
    return f"<p><b>{label}</b> {esc(journal_alt_text(frame, last=last))}</p>"


def show_journal_chart(frame: pd.DataFrame, *, last: int = LAST) -> None:
    """Show :func:`journal_progress_chart` of ``frame`` with its alt text, and the alt text
    under it in words (as the lessons show every chart's alt text).

    Both come from the same rows, so they always describe the chart on screen:
    the learner's own journal, or the made-up example, and then they say so.
    """
    alt = journal_alt_text(frame, last=last)
    show(journal_progress_chart(frame, last=last), alt=alt)
    try:
        from IPython.display import HTML, display
    except ImportError:  # pragma: no cover - outside Jupyter there is nothing to show
        return
    display(HTML(journal_alt_html(frame, last=last)))  # type: ignore[no-untyped-call]


def _rules_cell(keys: list[str]) -> str:
    return ", ".join(_rule_names(keys)) if keys else say("journal.table.no_rule")


def rewrite_table(frame: pd.DataFrame) -> pd.DataFrame:
    """The saved rewrites as a learner reads them, one row per save, by save number.

    Pitches are named by their words (never an id), rules by their names, and
    the columns have plain headings: the pitch, the rules the original broke,
    its score, the rules the rewrite still breaks, its score, and the change.
    """
    rows = rewrite_rows(frame)
    change = rows["score"] - rows["original_score"]
    table = pd.DataFrame(
        {
            say("journal.table.save"): rows["save"],
            say("journal.table.pitch"): _pitch_names(rows, 40),
            say("journal.table.original_broke"): [_rules_cell(r) for r in rows["original_broken"]],
            say("journal.table.original_score"): rows["original_score"],
            say("journal.table.rewrite_breaks"): [_rules_cell(r) for r in rows["broken"]],
            say("journal.table.score"): rows["score"],
            say("journal.table.change"): change,
        }
    )
    table = table.set_index(say("journal.table.save"))
    table.attrs = dict(rows.attrs)
    return table


__all__ = [
    "empty_message",
    "example_journal_frame",
    "example_label",
    "journal_alt_html",
    "journal_alt_text",
    "journal_progress_chart",
    "rewrite_rows",
    "rewrite_table",
    "show_journal_chart",
]
