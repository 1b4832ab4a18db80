"""Load and validate the course's CSV files.

Every table has a schema. A broken edit raises :class:`DataError`, whose
message names the file, the row (as a spreadsheet shows it: the header is
row 1) and the column, so that an instructor can find and fix it.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from helpable.paths import data_file


class DataError(ValueError):
    """A data file is missing, malformed or holds a bad value."""

    def __init__(
        self, path: Path | str, message: str, *, row: int | None = None, column: str | None = None
    ) -> None:
        self.path = Path(path)
        self.row = row
        self.column = column
        self.message = message
        where = self.path.name
        if row is not None:
            where += f", row {row}"
        if column is not None:
            where += f", column '{column}'"
        super().__init__(f"{where}: {message}")


Validator = Callable[[str], str | None]
"""Takes a cell's text; returns an error message, or None when it is fine."""


@dataclass(frozen=True)
class Column:
    """One column of a table: its name and what a cell may hold."""

    name: str
    required: bool = True
    choices: tuple[str, ...] = ()
    validate: Validator | None = None
    kind: str = "str"  # "str", "int", "flag" (0/1) or "regex"


@dataclass(frozen=True)
class Schema:
    """The columns of one CSV file, and the column that must be unique."""

    filename: str
    columns: tuple[Column, ...]
    unique: str | None = None
    extra_columns_ok: bool = True
    row_checks: tuple[Callable[[dict[str, str]], tuple[str, str] | None], ...] = field(
        default_factory=tuple
    )

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]


def _check_cell(col: Column, value: str) -> str | None:
    if value == "":
        return "is empty, but a value is required" if col.required else None
    if col.choices and value not in col.choices:
        return f"is {value!r}; it must be one of: {', '.join(col.choices)}"
    if col.kind == "flag" and value not in ("0", "1"):
        return f"is {value!r}; it must be 0 or 1"
    if col.kind == "int":
        try:
            int(value)
        except ValueError:
            return f"is {value!r}; it must be a whole number"
    if col.kind == "regex":
        try:
            re.compile(value)
        except re.error as exc:
            return f"is not a valid regular expression ({exc})"
    if col.validate is not None:
        return col.validate(value)
    return None


def read_rows(path: Path, schema: Schema) -> list[dict[str, str]]:
    """Read and validate a CSV file; return its rows as dicts of stripped strings."""
    if not path.exists():
        raise DataError(path, "the file is missing")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DataError(path, f"is not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    reader = csv.reader(text.splitlines())
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise DataError(path, "the file is empty; it needs a header row", row=1) from None
    missing = [n for n in schema.names if n not in header]
    if missing:
        raise DataError(path, f"the header lacks column(s): {', '.join(missing)}", row=1)
    dupes = sorted({h for h in header if header.count(h) > 1})
    if dupes:
        raise DataError(path, f"the header repeats column(s): {', '.join(dupes)}", row=1)
    if not schema.extra_columns_ok:
        extra = [h for h in header if h not in schema.names]
        if extra:
            raise DataError(path, f"unknown column(s): {', '.join(extra)}", row=1)

    rows: list[dict[str, str]] = []
    seen: dict[str, int] = {}
    for line_no, raw in enumerate(reader, start=2):
        if not raw or all(not c.strip() for c in raw):
            continue
        if len(raw) > len(header):
            raise DataError(
                path,
                f"has {len(raw)} cells but the header has {len(header)} "
                "(is there an unquoted comma? Put text with commas in double quotes)",
                row=line_no,
            )
        raw = raw + [""] * (len(header) - len(raw))
        row = {h: v.strip() for h, v in zip(header, raw, strict=True)}
        for col in schema.columns:
            problem = _check_cell(col, row[col.name])
            if problem:
                raise DataError(path, problem, row=line_no, column=col.name)
        for check in schema.row_checks:
            found = check(row)
            if found:
                column, problem = found
                raise DataError(path, problem, row=line_no, column=column)
        if schema.unique:
            key = row[schema.unique]
            if key in seen:
                raise DataError(
                    path,
                    f"{key!r} is already used on row {seen[key]}; each value must be unique",
                    row=line_no,
                    column=schema.unique,
                )
            seen[key] = line_no
        rows.append(row)
    if not rows:
        raise DataError(path, "has a header but no rows")
    return rows


def to_frame(rows: Sequence[dict[str, str]], schema: Schema) -> pd.DataFrame:
    """Turn validated rows into a DataFrame with flags and ints as integers."""
    frame = pd.DataFrame(list(rows))
    for col in schema.columns:
        if col.kind in ("flag", "int") and col.name in frame:
            frame[col.name] = frame[col.name].replace("", "0").astype(int)
    return frame


_cache: dict[tuple[str, str, int], pd.DataFrame] = {}


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The rows of a frame as plain dicts with string keys."""
    return [{str(k): v for k, v in row.items()} for row in frame.to_dict(orient="records")]


def load_table(schema: Schema, path: Path | None = None) -> pd.DataFrame:
    """Load one table, validated, cached until the file changes on disk.

    A copy is returned so that a learner's edits never leak into the cache.
    """
    path = Path(path) if path is not None else data_file(schema.filename)
    try:
        stamp = path.stat().st_mtime_ns
    except FileNotFoundError:
        raise DataError(path, "the file is missing") from None
    key = (schema.filename, str(path.resolve()), stamp)
    if key not in _cache:
        _cache[key] = to_frame(read_rows(path, schema), schema)
    return _cache[key].copy()
