"""Checking many pitches at once, and the text, JSON and CSV forms of the results.

The logic behind ``python -m helpable check`` and ``evaluate``. A file the user
names that cannot be used raises :class:`InputError`; a broken course data
file raises ``DataError`` as everywhere else.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from helpable.analyzer.engine import analyze
from helpable.analyzer.feedback import Feedback, Finding
from helpable.analyzer.metrics import (
    context_from_row,
    format_report,
    labels_from_row,
    predict_rows,
    report,
)
from helpable.content.approaches import RELATIONSHIPS, SETTINGS, SPLITS, load_approaches
from helpable.content.rules import RULE_KEYS, rules
from helpable.content.spreadsheet import safe_cell, safe_row

RESULT_COLUMNS: tuple[str, ...] = (*RULE_KEYS, "score", "findings", "strengths", "hint")
"""The columns ``check --csv`` adds to each row."""
LABEL_COLUMNS: tuple[str, ...] = ("text", *RULE_KEYS)
"""The columns a labelled file needs before it can be scored."""
LABEL_VALUES = frozenset({"0", "1", "0.0", "1.0"})
"""What a label cell may hold (after trimming spaces): 0 or 1, as a spreadsheet may write them."""
CONTEXT_COLUMNS: dict[str, tuple[str, ...]] = {"setting": SETTINGS, "relationship": RELATIONSHIPS}
"""The context columns a pitch file may have, and the values the analyzer knows."""

Row = dict[str, Any]
Progress = Callable[[int, int], None]
"""Called after each row is checked: (done, total)."""


class InputError(ValueError):
    """A file the user named cannot be read, written or used (a usage error, exit 2)."""


@dataclass(frozen=True)
class CheckedTable:
    """The input rows with the result columns added, and the column order to write."""

    fields: list[str]
    rows: list[Row]
    warnings: tuple[str, ...] = ()
    """One line per distinct unknown setting or relationship (see :func:`context_warnings`)."""


# ----- one pitch ------------------------------------------------------------------------------


def format_feedback(feedback: Feedback) -> str:
    """Readable feedback for a terminal."""
    labels = {k: r.label for k, r in rules().items()}
    broken = ", ".join(labels[k] for k in RULE_KEYS if k in feedback.broken) or "none"
    lines = [f"Score: {feedback.score}/100 · {feedback.word_count} words · breaks: {broken}"]
    groups: dict[tuple[int, int], list[Finding]] = {}
    for f in feedback.findings:  # one block per phrase, even when it breaks two rules
        groups.setdefault((f.start, f.end), []).append(f)
    for (start, end), found in groups.items():
        names = " + ".join(labels[f.rule] for f in found)
        why = max((f.why for f in found), key=len)  # the one with the context sentence
        lines += [
            f'  ✗ {names}: "{feedback.text[start:end]}"',
            f"      Why: {why}",
            f"      Try: {found[0].try_instead}",
        ]
    strengths = feedback.strengths
    if strengths:
        lines.append("Strengths:")
        lines += [f"  ✓ {s.label}" + (f" ({s.detail})" if s.detail else "") for s in strengths]
    lines += [f"Note: {n}" for n in feedback.notes]
    if feedback.hint:
        lines.append(f"Hint: {feedback.hint}")
    return "\n".join(lines)


def feedback_json(feedback: Feedback) -> str:
    """The feedback as indented JSON."""
    return json.dumps(feedback.to_dict(), ensure_ascii=False, indent=2)


def result_row(feedback: Feedback) -> Row:
    """The result columns for one pitch."""
    return {
        **{k: int(k in feedback.broken) for k in RULE_KEYS},
        "score": feedback.score,
        "findings": "; ".join(f'{f.rule}: "{f.phrase}"' for f in feedback.findings),
        "strengths": "; ".join(s.key for s in feedback.strengths),
        "hint": feedback.hint,
    }


# ----- CSV files ------------------------------------------------------------------------------


def _reason(exc: OSError | UnicodeDecodeError) -> str:
    """Why a file could not be read or written, in a few plain words."""
    if isinstance(exc, UnicodeDecodeError):
        return "it is not UTF-8 text"
    if isinstance(exc, IsADirectoryError):
        return "it is a folder; give a file name"
    if isinstance(exc, FileNotFoundError):
        return "no such file"
    if isinstance(exc, PermissionError):
        return "permission denied"
    return str(exc.strerror or exc)


def read_csv(path_text: str) -> tuple[list[str], list[dict[str, str]]]:
    """The header and rows of a CSV file the user named; problems raise InputError."""
    path = Path(path_text)
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:  # keep a \r in a cell
            text = handle.read()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read {path_text}: {_reason(exc)}") from None
    try:
        reader = csv.DictReader(io.StringIO(text, newline=""))  # the csv module finds the rows
        rows = [dict(r) for r in reader]
    except csv.Error as exc:
        raise InputError(f"cannot read {path_text} as CSV: {exc}") from None
    return list(reader.fieldnames or []), rows


def result_names(header: Sequence[str]) -> dict[str, str]:
    """Output column names; prefixed with ``check_`` if the input already uses them."""
    clash = any(c in header for c in RESULT_COLUMNS)
    return {c: f"check_{c}" if clash else c for c in RESULT_COLUMNS}


def row_context(
    row: Mapping[str, object], setting: str | None = None, relationship: str | None = None
) -> dict[str, str | None]:
    """The setting and relationship for one row: the given ones win over the row's own."""
    found = context_from_row(row)
    return {
        "setting": setting or found["setting"],
        "relationship": relationship or found["relationship"],
    }


def context_warnings(
    path_text: str,
    rows: Sequence[Mapping[str, object]],
    *,
    setting: str | None = None,
    relationship: str | None = None,
) -> tuple[str, ...]:
    """One line per distinct unknown ``setting`` or ``relationship`` value in a file's rows.

    Such a row is checked with no setting (or relationship), so the line names
    the first row (the header is row 1) and column, and how many rows have it.
    A column that ``setting`` or ``relationship`` overrides is not looked at.
    """
    given = {"setting": setting, "relationship": relationship}
    lines = []
    for column, known in CONTEXT_COLUMNS.items():
        if given[column]:
            continue
        seen: dict[str, list[int]] = {}
        for number, row in enumerate(rows, start=2):
            value = str(row.get(column) or "").strip()
            if value and value not in known:
                seen.setdefault(value, []).append(number)
        for value, numbers in seen.items():
            count = f"{len(numbers)} row was" if len(numbers) == 1 else f"{len(numbers)} rows were"
            lines.append(
                f"{path_text}, row {numbers[0]}, column {column!r}: {value!r} is not a known "
                f"{column}, so {count} checked with no {column} (known: {', '.join(known)})"
            )
    return tuple(lines)


def check_csv(
    path_text: str,
    column: str = "text",
    *,
    setting: str | None = None,
    relationship: str | None = None,
    progress: Progress | None = None,
) -> CheckedTable:
    """Analyse the pitch in ``column`` of every row of a CSV file."""
    header, rows = read_csv(path_text)
    if column not in header:
        shown = ", ".join(header) or "none"
        raise InputError(f"{path_text} has no column {column!r} (its columns: {shown})")
    names = result_names(header)
    out_rows: list[Row] = []
    for done, row in enumerate(rows, start=1):
        context = row_context(row, setting, relationship)
        feedback = analyze(
            row.get(column) or "",
            setting=context["setting"],
            relationship=context["relationship"],
        )
        out_rows.append({**row, **{names[k]: v for k, v in result_row(feedback).items()}})
        if progress is not None:
            progress(done, len(rows))
    warnings = context_warnings(path_text, rows, setting=setting, relationship=relationship)
    return CheckedTable([*header, *names.values()], out_rows, warnings)


def write_csv(handle: TextIO, table: CheckedTable) -> None:
    """Write a checked table as CSV, every cell safe to open in a spreadsheet.

    Text that a spreadsheet would run as a formula gets a leading ``'``
    (:mod:`helpable.content.spreadsheet`); numbers stay numbers. If any cell
    holds a carriage return, every cell is quoted, so that no reader takes it
    for the end of a row (Python before 3.11.9 leaves a lone ``\\r`` unquoted).
    """
    header = {field: safe_cell(field) for field in table.fields}
    rows = [safe_row(row) for row in table.rows]
    cells = [*header.values(), *(value for row in rows for value in row.values())]
    lone_cr = any(isinstance(value, str) and "\r" in value for value in cells)
    writer = csv.DictWriter(
        handle,
        fieldnames=table.fields,
        extrasaction="ignore",
        lineterminator="\n",
        quoting=csv.QUOTE_ALL if lone_cr else csv.QUOTE_MINIMAL,
    )
    writer.writerow(header)
    writer.writerows(rows)


def write_csv_file(path_text: str, table: CheckedTable, *, replace: bool = False) -> None:
    """Write a checked table to a file the user named; problems raise InputError.

    An existing file is replaced only when ``replace`` is true.
    """
    try:
        with open(path_text, "w" if replace else "x", encoding="utf-8", newline="") as handle:
            write_csv(handle, table)
    except FileExistsError:
        raise InputError(f"{path_text} already exists; add --force to replace it") from None
    except OSError as exc:
        raise InputError(f"cannot write {path_text}: {_reason(exc)}") from None


# ----- scoring labelled pitches ---------------------------------------------------------------


def by_split(rows: Sequence[Row], split: str = "all") -> dict[str, list[Row]]:
    """Rows grouped by their ``split`` value, in SPLITS order; one split unless ``all``."""
    names = sorted({str(r.get("split", "")) for r in rows}, key=_split_order)
    if split != "all":
        names = [n for n in names if n == split]
    return {n: [r for r in rows if str(r.get("split", "")) == n] for n in names}


def _split_order(name: str) -> tuple[int, str]:
    return (SPLITS.index(name) if name in SPLITS else len(SPLITS), name)


def approach_groups(split: str = "all") -> dict[str, list[Row]]:
    """The course's labelled pitches (``data/approaches.csv``), by split."""
    rows = [{str(k): v for k, v in r.items()} for r in load_approaches().to_dict("records")]
    return by_split(rows, split) or {split: []}


def read_labelled(path_text: str) -> tuple[list[str], list[Row]]:
    """A labelled CSV file the user named.

    InputError if it lacks the label columns, or if a label cell holds anything
    but 0 or 1 (naming the first such row and column, and how many more).
    """
    header, rows = read_csv(path_text)
    missing = [c for c in LABEL_COLUMNS if c not in header]
    if missing:
        raise InputError(f"{path_text} lacks column(s): {', '.join(missing)}")
    bad = [
        (number, key, row.get(key) or "")
        for number, row in enumerate(rows, start=2)
        for key in RULE_KEYS
        if (row.get(key) or "").strip() not in LABEL_VALUES
    ]
    if bad:
        number, key, value = bad[0]
        more = f" ({len(bad) - 1} more label cells are not 0 or 1 either)" if len(bad) > 1 else ""
        raise InputError(
            f"{path_text}, row {number}, column {key!r}: {value!r} is not a label; "
            f"a label is 0 or 1 (1: the pitch breaks the rule){more}"
        )
    return header, [dict(r) for r in rows]


def evaluation_text(groups: Mapping[str, Sequence[Row]], misses: int = 10) -> str:
    """The analyzer's scores for each group of labelled pitches, as plain-text tables."""
    blocks = []
    for name, rows in groups.items():
        ids = [str(r.get("id") or n) for n, r in enumerate(rows, start=2)]
        expected = [labels_from_row(r) for r in rows]
        got = predict_rows(rows, analyze)
        blocks.append(format_report(report(name, ids, expected, got, misses)))
    return "\n\n".join(blocks)
