"""Load and validate the course's CSV files.

Every table has a schema. A broken edit raises :class:`DataError`, whose
message names the file, the row (as a spreadsheet shows it: the header is
row 1) and the column, so that an instructor can find and fix it. A file
saved the wrong way (not UTF-8, UTF-16, semicolons, a NUL byte, a broken
double quote) gets a plain hint on how to save it again; a UTF-8 byte-order
mark and Windows line ends are fine.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from helpable.paths import data_file

_LONGEST_MESSAGE = 600


class DataError(ValueError):
    """A data file is missing, malformed or holds a bad value.

    A very long message (one that quotes a huge cell) is cut in the middle, so
    that its start and the advice at its end still show.
    """

    def __init__(
        self, path: Path | str, message: str, *, row: int | None = None, column: str | None = None
    ) -> None:
        if len(message) > _LONGEST_MESSAGE:
            cut = len(message) - _LONGEST_MESSAGE
            message = f"{message[:300]} … ({cut:,} characters left out) … {message[-300:]}"
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
    kind: str = "str"  # "str", "int", "number" (finite), "flag" (0/1) or "regex"
    #: A regular expression the whole cell must match, and what to show when it does not.
    pattern: str | None = None
    looks_like: str = ""
    #: Lowest and highest value of an "int" or "number" cell.
    between: tuple[float, float] | None = None


def plain(*names: str, kind: str = "str") -> tuple[Column, ...]:
    """A required column of ``kind`` for each name, in order, with no other check.

    ``*plain("name", "cost")`` in a schema stands for ``Column("name"), Column("cost")``;
    ``*plain(*RULE_KEYS, kind="flag")`` for the three 0/1 rule columns.
    """
    return tuple(Column(name, kind=kind) for name in names)


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


UTF8_HELP = (
    'Save the file again as "CSV UTF-8": in Excel, use File → Save As and pick '
    '"CSV UTF-8 (Comma delimited)"; in LibreOffice, pick the character set "Unicode (UTF-8)".'
)
_BOM = b"\xef\xbb\xbf"
_MAX_INT_DIGITS = 18
# One cell as the csv module reads it: a quoted part (which may span lines), or plain text.
_CELL = re.compile(r'"(?P<quoted>[^"]*(?:""[^"]*)*)(?P<close>"?)(?P<rest>[^,\r\n]*)|[^,\r\n]*')


def _shown(value: str, limit: int = 60) -> str:
    """A cell's value for a message: quoted, and cut short when it is long."""
    if len(value) <= limit:
        return repr(value)
    return f"{value[:limit]!r}… ({len(value):,} characters)"


_NUMBER = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]{1,3})?")


def finite_number(value: str) -> str | None:
    """None when ``value`` is a finite number written in plain digits, else what is wrong."""
    if not _NUMBER.fullmatch(value):
        return f"is {_shown(value)}; it must be a number, in digits (such as 0.25)"
    return None if math.isfinite(float(value)) else f"is {_shown(value)}; it is too large"


def _check_cell(col: Column, value: str) -> str | None:
    if value == "":
        return "is empty, but a value is required" if col.required else None
    if col.choices and value not in col.choices:
        return f"is {_shown(value)}; it must be one of: {', '.join(col.choices)}"
    if col.kind == "flag" and value not in ("0", "1"):
        return f"is {_shown(value)}; it must be 0 or 1"
    if col.kind == "int":
        if not re.fullmatch(r"[+-]?[0-9]+", value):
            return f"is {_shown(value)}; it must be a whole number, in digits (such as 12)"
        if len(value.lstrip("+-").lstrip("0")) > _MAX_INT_DIGITS:
            return f"is {_shown(value)}; it must be a whole number of at most 18 digits"
    if col.kind == "number":
        problem = finite_number(value)
        if problem:
            return problem
    if col.between is not None and col.kind in ("int", "number"):
        low, high = col.between
        if not low <= float(value) <= high:
            return f"is {_shown(value)}; it must be between {low:g} and {high:g}"
    if col.pattern is not None and not re.fullmatch(col.pattern, value):
        return f"is {_shown(value)}; it must look like {col.looks_like}"
    if col.kind == "regex":
        try:
            re.compile(value)
        except (re.error, RecursionError, OverflowError) as exc:
            return f"is not a valid regular expression ({exc})"
    if col.validate is not None:
        return col.validate(value)
    return None


def _scan(text: str, stop: int | None = None) -> tuple[int, int, str | None]:
    """Walk CSV text cell by cell, the way the csv module reads it.

    Returns (row, cell index, problem) of the cell that holds character
    ``stop``; with no ``stop``, of the first cell the csv module refuses (the
    problem says why; None when there is none). Rows count as a spreadsheet
    counts them (the header is row 1); cell indexes start at 0.
    """
    limit = csv.field_size_limit()
    row, index, pos, size = 1, 0, 0, len(text)
    while True:
        found = _CELL.match(text, pos)
        assert found is not None  # the plain branch matches the empty string
        end = found.end()
        if stop is not None and stop <= end:
            return row, index, None
        problem = None
        quoted = found.group("quoted")
        if quoted is not None and not found.group("close"):
            problem = (
                'this cell starts with a double quote (") that is never closed; '
                "add the closing quote, or remove the opening one"
            )
        elif quoted is not None and found.group("rest"):
            problem = (
                'this cell starts with a double quote ("), and text goes on after the quote '
                "that should close it. Make the quotes in this cell pairs: remove a stray "
                'quote, or write a double quote inside the cell twice ("")'
            )
        elif end - found.start() > limit:
            problem = (
                f"this cell holds more than {limit:,} characters, more than a CSV cell may hold "
                "(is a closing double quote missing?)"
            )
        if problem is not None and stop is None:
            return row, index, problem
        if end >= size:
            return row, index, None
        if text[end] == ",":
            index += 1
            pos = end + 1
        else:
            row, index = row + 1, 0
            pos = end + (2 if text.startswith("\r\n", end) else 1)


def _column(header: Sequence[str] | None, index: int) -> str | None:
    return header[index] if header is not None and index < len(header) else None


def _place(text: str, offset: int) -> tuple[int, str | None]:
    """The row and the column name of character ``offset`` in CSV ``text``."""
    row, index, _ = _scan(text, offset)
    header = next(csv.reader(io.StringIO(text, newline="")), None) if row > 1 else None
    return row, _column([h.strip() for h in header] if header else None, index)


def _read_bytes(path: Path) -> bytes:
    if path.is_dir():
        raise DataError(path, "is a folder, not a file; put the CSV file itself in its place")
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise DataError(path, "the file is missing") from None
    except OSError as exc:
        raise DataError(path, f"cannot be read ({exc.strerror or exc})") from None


def _utf16(path: Path, row: int | None = None, column: str | None = None) -> DataError:
    return DataError(
        path,
        'this file is saved as UTF-16 ("Unicode Text"), which the course cannot read. ' + UTF8_HELP,
        row=row,
        column=column,
    )


def read_text(path: Path) -> str:
    """The text of a data file, checked: UTF-8 (a byte-order mark is fine), no NUL, not empty.

    Anything else raises :class:`DataError` naming the file, and the row and
    column of the first character that cannot be read.
    """
    raw = _read_bytes(path)
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _utf16(path, row=1)
    while raw.startswith(_BOM):
        raw = raw[len(_BOM) :]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start].decode("utf-8")
        row, column = _place(before + raw[exc.start :].decode("utf-8", "replace"), len(before))
        byte = raw[exc.start : exc.start + 1]
        guess = byte.decode("cp1252", "replace")
        maybe = f", perhaps '{guess}'" if guess.isprintable() and guess != "\ufffd" else ""
        raise DataError(
            path,
            f"this file is not saved as UTF-8, so the course cannot read a character here "
            f"(the byte 0x{byte.hex().upper()}{maybe}). {UTF8_HELP}",
            row=row,
            column=column,
        ) from None
    nul = text.find("\x00")
    if nul >= 0:
        row, column = _place(text, nul)
        if text.count("\x00") * 4 > len(text):
            raise _utf16(path, row=row, column=column)
        raise DataError(
            path,
            "this cell holds a NUL character (an invisible zero byte), which a CSV file cannot "
            f"hold; retype the cell. If many cells have one: {UTF8_HELP}",
            row=row,
            column=column,
        )
    if not text.strip():
        raise DataError(path, "the file is empty; it needs a header row", row=1)
    return text


def _check_header(path: Path, header: list[str], schema: Schema) -> None:
    missing = [n for n in schema.names if n not in header]
    if missing:
        for mark, name in ((";", ";"), ("\t", "tabs")):
            parts = {p.strip() for h in header for p in h.split(mark)}
            if any(mark in h for h in header) and set(schema.names) <= parts | set(header):
                raise DataError(
                    path,
                    f"this file seems to use {name} between values; save it with commas. "
                    'In Excel: File → Save As → "CSV UTF-8 (Comma delimited)"; in LibreOffice: '
                    'field delimiter ",".',
                    row=1,
                )
        raise DataError(path, f"the header lacks column(s): {', '.join(missing)}", row=1)
    dupes = sorted({h for h in header if h and header.count(h) > 1})
    if dupes:
        raise DataError(path, f"the header repeats column(s): {', '.join(dupes)}", row=1)
    if not schema.extra_columns_ok:
        extra = [h for h in header if h not in schema.names]
        if extra:
            raise DataError(path, f"unknown column(s): {', '.join(extra)}", row=1)


def csv_rows(path: Path, schema: Schema | None = None) -> Iterator[tuple[int, list[str]]]:
    """Each row of a CSV data file as (row number, cells); the header comes first, as row 1.

    The header's names are stripped and, given a ``schema``, checked. A file
    that is not UTF-8, has a NUL byte, is empty, is a folder, uses semicolons
    or has a broken double quote raises :class:`DataError` naming the file, the
    row and (where it can) the column. Data cells are returned as they are.
    """
    text = read_text(path)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    header: list[str] | None = None
    try:
        for number, cells in enumerate(reader, start=1):
            if header is None:
                header = [h.strip() for h in cells]
                if schema is not None:
                    _check_header(path, header, schema)
                yield number, header
            else:
                yield number, cells
    except csv.Error as exc:
        row, index, problem = _scan(text)
        raise DataError(
            path,
            problem or f"cannot be read as CSV ({exc})",
            row=row if problem else reader.line_num,
            column=_column(header, index) if problem else None,
        ) from None
    if header is None:
        raise DataError(path, "the file is empty; it needs a header row", row=1)


def read_rows(path: Path, schema: Schema) -> list[dict[str, str]]:
    """Read and validate a CSV file; return its rows as dicts of stripped strings."""
    return [row for _, row in numbered_rows(path, schema)]


def numbered_rows(path: Path, schema: Schema) -> list[tuple[int, dict[str, str]]]:
    """Like :func:`read_rows`, with each row's spreadsheet row number (the header is row 1)."""
    records = csv_rows(path, schema)
    _, header = next(records)
    rows: list[tuple[int, dict[str, str]]] = []
    seen: dict[str, int] = {}
    for line_no, raw in records:
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
                    f"{_shown(key)} is already used on row {seen[key]}; each value must be unique",
                    row=line_no,
                    column=schema.unique,
                )
            seen[key] = line_no
        rows.append((line_no, row))
    if not rows:
        raise DataError(path, "has a header but no rows", row=2)
    return rows


def to_frame(rows: Sequence[dict[str, str]], schema: Schema) -> pd.DataFrame:
    """Turn validated rows into a DataFrame with flags and ints as integers.

    Only the schema's columns are kept: a column an instructor adds (such as
    ``notes``) is ignored, as ``data/README.md`` promises.
    """
    frame = pd.DataFrame(list(rows))
    frame = frame[[c for c in frame.columns if c in schema.names]]
    for col in schema.columns:
        if col.kind in ("flag", "int") and col.name in frame:
            frame[col.name] = frame[col.name].replace("", "0").astype(int)
    return frame


_cache: dict[tuple[str, str], tuple[tuple[int, int], pd.DataFrame]] = {}
"""One frame per table and path, with the modification time and size it was read at."""


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The rows of a frame as plain dicts with string keys."""
    return [{str(k): v for k, v in row.items()} for row in frame.to_dict(orient="records")]


def load_table(schema: Schema, path: Path | None = None) -> pd.DataFrame:
    """Load one table, validated, cached until the file changes on disk.

    A copy is returned so that a learner's edits never leak into the cache. A
    change is seen by a new modification time or a new size, so that an edit
    within the file system's clock tick is not missed.
    """
    path = Path(path) if path is not None else data_file(schema.filename)
    try:
        info = path.stat()
    except FileNotFoundError:
        raise DataError(path, "the file is missing") from None
    except OSError as exc:
        raise DataError(path, f"cannot be read ({exc.strerror or exc})") from None
    stamp = (info.st_mtime_ns, info.st_size)
    key = (schema.filename, str(path.resolve()))
    cached = _cache.get(key)
    if cached is None or cached[0] != stamp:
        cached = _cache[key] = (stamp, to_frame(read_rows(path, schema), schema))
    return cached[1].copy()
