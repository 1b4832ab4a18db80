"""Fuzz the data loaders: random edits to each CSV in data/ never give a traceback.

Each case copies one edit into a private copy of ``data/`` (``HELPABLE_DATA``
points at it) and then loads every table and runs the analyzer once. The only
acceptable failure is a :class:`DataError` that names the file, the row and
the column (see :func:`_names_place` for the few problems that have no single
cell); anything else (or a hang) fails the test with the file, the edit and
the traceback. The edits come from a seeded ``random.Random`` and a fixed
number of cases per file, so every run tries the same cases.
"""

from __future__ import annotations

import csv
import io
import os
import random
import re
import shutil
import signal
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from types import FrameType

import pytest

from helpable.content.tables import DataError

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
FILES = sorted(p.name for p in DATA.glob("*.csv"))
SEED = 20_24_13
ROUNDS = 2
"""Each edit is tried this many times per file (each time on another random cell)."""
HANG_SECONDS = 30
PITCH = "Could you spare 15 minutes for a call?"

Table = list[list[str]]
Edit = Callable[[str, Table, bytes, random.Random], tuple[bytes, str]]


def _load_everything() -> None:
    """Every table's loader, then one analysis: what "a working course" needs."""
    from helpable.analyzer.engine import analyze
    from helpable.analyzer.learned import load_model
    from helpable.analyzer.phrases import phrase_book
    from helpable.content import checks
    from helpable.content.approaches import load_approaches
    from helpable.content.corpus import load_contrast, load_corpus
    from helpable.content.course import lessons
    from helpable.content.example_journal import load_example_journal
    from helpable.content.parameters import parameters
    from helpable.content.quiz import load_quiz
    from helpable.content.rules import rules
    from helpable.content.strings import strings
    from helpable.content.tables import load_table

    strings()
    parameters()
    rules()
    lessons()
    load_approaches()
    load_table(checks.SCHEMA)
    load_corpus()
    load_contrast()
    load_example_journal()
    load_quiz()
    phrase_book()
    load_model()
    analyze(PITCH, setting="private", relationship="stranger")


# --- the edits ---------------------------------------------------------------


@cache
def _original(name: str) -> tuple[bytes, Table]:
    raw = (DATA / name).read_bytes()
    rows = csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""))
    return raw, [list(row) for row in rows]


def _write(table: Table) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(table)
    return out.getvalue().encode("utf-8")


def _with_row(raw: bytes, table: Table, row: int, cells: list[str]) -> bytes:
    """The file with one row replaced; only that line is rewritten when rows are lines."""
    lines = raw.split(b"\n")
    if len(lines) != len(table) + 1 or raw.startswith(b"\xef\xbb\xbf"):
        return _write([*table[:row], cells, *table[row + 1 :]])
    lines[row] = _write([cells]).rstrip(b"\n")
    return b"\n".join(lines)


def _cell(table: Table, rng: random.Random, numeric: bool = False) -> tuple[int, int]:
    """A random data cell (row index, column index); a numeric one when asked and found."""
    row = rng.randrange(1, len(table))
    columns = list(range(len(table[row])))
    if numeric:
        numbers = [c for c in columns if _is_number(table[row][c])]
        columns = numbers or columns
    return row, rng.choice(columns)


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _set_cell(
    value: Callable[[str, random.Random], str], numeric: bool = False, column: str | None = None
) -> Edit:
    def edit(name: str, table: Table, raw: bytes, rng: random.Random) -> tuple[bytes, str]:
        row, col = _cell(table, rng, numeric)
        if column is not None and column in table[0]:
            col = table[0].index(column)
        cells = list(table[row])
        old = cells[col]
        cells[col] = new = value(old, rng)
        shown = repr(new) if len(new) < 60 else f"{new[:20]!r}... ({len(new):,} characters)"
        where = f"row {row + 1}, column {table[0][col]!r}: {old[:40]!r} -> {shown}"
        return _with_row(raw, table, row, cells), where

    return edit


def _insert(piece: str) -> Callable[[str, random.Random], str]:
    def value(old: str, rng: random.Random) -> str:
        at = rng.randint(0, len(old))
        return old[:at] + piece + old[at:]

    return value


_REGEX_BITS = ("(", ")", "[", "*", "+?", "\\", "(?=x)", "(a|", ".*", "^$", "a{99999}", "\\1", "|")


def _regex(old: str, rng: random.Random) -> str:
    bit = rng.choice(_REGEX_BITS)
    return bit if rng.random() < 0.3 else _insert(bit)(old, rng)


def _delete_column(name: str, table: Table, raw: bytes, rng: random.Random) -> tuple[bytes, str]:
    col = rng.randrange(len(table[0]))
    rows = [row[:col] + row[col + 1 :] for row in table]
    return _write(rows), f"column {table[0][col]!r} deleted"


def _duplicate_id(name: str, table: Table, raw: bytes, rng: random.Random) -> tuple[bytes, str]:
    first, second = rng.sample(range(1, len(table)), 2) if len(table) > 2 else (1, 1)
    cells = [table[first][0], *table[second][1:]]
    where = f"row {second + 1} gets row {first + 1}'s {table[0][0]!r}"
    return _with_row(raw, table, second, cells), where


def _stray_cell(name: str, table: Table, raw: bytes, rng: random.Random) -> tuple[bytes, str]:
    row = rng.randrange(1, len(table))
    cells = [*table[row], "stray"]
    return _with_row(raw, table, row, cells), f"row {row + 1} gets a stray extra cell"


def _stray_column(name: str, table: Table, raw: bytes, rng: random.Random) -> tuple[bytes, str]:
    at = rng.randint(0, len(table[0]))
    rows = [
        [*row[:at], "notes" if i == 0 else rng.choice(["", "x", "1"]), *row[at:]]
        for i, row in enumerate(table)
    ]
    return _write(rows), f"a 'notes' column inserted at position {at + 1}"


def _line_spans(raw: bytes) -> list[tuple[int, int]]:
    """(start, end) of each data line longer than one byte (the header is left alone)."""
    ends = [m.start() for m in re.finditer(b"\n", raw)]
    return [(a + 1, b) for a, b in zip(ends, ends[1:], strict=False) if b - a > 2]


def _truncate(name: str, table: Table, raw: bytes, rng: random.Random) -> tuple[bytes, str]:
    start, end = rng.choice(_line_spans(raw))
    cut = rng.randrange(start + 1, end)
    return raw[:cut], f"file cut at byte {cut:,}, in the middle of a row"


def _raw_quote(name: str, table: Table, raw: bytes, rng: random.Random) -> tuple[bytes, str]:
    """An opening double quote that is never closed, typed in a text editor."""
    start, end = rng.choice(_line_spans(raw))
    commas = [i for i in range(start, end) if raw[i] == 0x2C] or [start - 1]
    at = rng.choice(commas) + 1
    return raw[:at] + b'"' + raw[at:], f"a bare double quote typed at byte {at:,}"


def _raw_newline(name: str, table: Table, raw: bytes, rng: random.Random) -> tuple[bytes, str]:
    start, end = rng.choice(_line_spans(raw))
    at = rng.randrange(start + 1, end)
    return raw[:at] + b"\n" + raw[at:], f"a line break typed at byte {at:,}"


def _saved_as(how: str) -> Edit:
    """The whole file saved the way a spreadsheet program might save it."""

    def edit(name: str, table: Table, raw: bytes, rng: random.Random) -> tuple[bytes, str]:
        text = raw.decode("utf-8")
        if how == "Windows-1252":
            return text.encode("cp1252", "replace"), "saved as Windows-1252 (plain Excel CSV)"
        if how == "semicolons":
            out = io.StringIO()
            csv.writer(out, delimiter=";", lineterminator="\r\n").writerows(table)
            return out.getvalue().encode("utf-8"), "saved with ; between values"
        excel = b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8")
        return excel, "saved as CSV UTF-8 (a byte-order mark and CRLF line ends)"

    return edit


EDITS: dict[str, Edit] = {
    "empty a cell": _set_cell(lambda old, rng: ""),
    "number to text": _set_cell(lambda old, rng: "twelve", numeric=True),
    "huge number": _set_cell(lambda old, rng: rng.choice(["9" * 40, "1e309", "1" * 5000]), True),
    "negative number": _set_cell(lambda old, rng: rng.choice(["-1", "-" + old, "-0"]), True),
    "NaN": _set_cell(lambda old, rng: rng.choice(["nan", "NaN", "-nan"]), numeric=True),
    "inf": _set_cell(lambda old, rng: rng.choice(["inf", "-Infinity", "1e999"]), numeric=True),
    "quote in a cell": _set_cell(_insert('"')),
    "bare quote": _raw_quote,
    "newline in a cell": _set_cell(_insert("\n")),
    "bare newline": _raw_newline,
    "NUL in a cell": _set_cell(_insert("\x00")),
    "very long string": _set_cell(
        lambda old, rng: rng.choice(["x" * 100_000, "é" * 100_000, "ab " * 70_000])
    ),
    "emoji": _set_cell(_insert("🙂👍🏽")),
    "RTL text": _set_cell(lambda old, rng: rng.choice(["\u202e", "שלום ", "مرحبا "]) + old),
    "odd line separators": _set_cell(_insert("\u2028\x85\u200b")),
    "regex metacharacters": _set_cell(_regex),
    "regex in the pattern column": _set_cell(_regex, column="pattern"),
    "delete a column": _delete_column,
    "duplicate an id": _duplicate_id,
    "stray cell": _stray_cell,
    "stray column": _stray_column,
    "truncate mid-row": _truncate,
    "Windows-1252 save": _saved_as("Windows-1252"),
    "semicolon save": _saved_as("semicolons"),
    "CSV UTF-8 save": _saved_as("CSV UTF-8"),
}


# --- the test -----------------------------------------------------------------


@pytest.fixture(scope="module")
def fuzz_data(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    target = tmp_path_factory.mktemp("fuzz") / "data"
    shutil.copytree(DATA, target)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HELPABLE_DATA", str(target))
        yield target


class Hang(Exception):
    """A load took longer than HANG_SECONDS."""


@contextmanager
def _hang_guard() -> Iterator[None]:
    if not hasattr(signal, "SIGALRM"):  # Windows: no alarm clock, so no hang guard
        yield
        return

    def alarm(signum: int, frame: FrameType | None) -> None:
        raise Hang(f"no answer after {HANG_SECONDS} s")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, HANG_SECONDS)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


_stamp = [1_900_000_000 * 10**9]


def _put(path: Path, data: bytes) -> None:
    """Write a file with a fresh, never-repeated modification time (caches see every edit)."""
    path.write_bytes(data)
    _stamp[0] += 1_000_000
    os.utime(path, ns=(_stamp[0], _stamp[0]))


def _names_place(error: DataError) -> bool:
    """The message starts with a data file's name, then the row and column where they exist.

    A problem in one cell names its row and its column. A few problems have no
    single cell: a row with too many cells names the row, a missing header
    column names row 1 (and the column in the words), and a missing row names
    the column it should be in. Every problem names at least a row or a column.
    """
    name = error.path.name
    if name not in FILES or (error.row is None and error.column is None):
        return False
    where = name + (f", row {error.row}" if error.row is not None else "")
    where += f", column '{error.column}'" if error.column is not None else ""
    return str(error).startswith(where + ": ")


def _cases(name: str) -> Iterator[tuple[str, random.Random]]:
    for round_ in range(ROUNDS):
        for edit in EDITS:
            yield edit, random.Random(f"{SEED}:{name}:{edit}:{round_}")


@pytest.mark.parametrize("name", FILES)
def test_random_edits_give_a_named_data_error_or_a_working_course(
    fuzz_data: Path, name: str
) -> None:
    raw, rows = _original(name)
    pristine = [list(row) for row in rows]
    path = fuzz_data / name
    failures: list[str] = []
    try:
        for edit, rng in _cases(name):
            data, where = EDITS[edit](name, rows, raw, rng)
            _put(path, data)
            try:
                with _hang_guard():
                    _load_everything()
            except DataError as error:
                if not _names_place(error):
                    failures.append(
                        f"{name} / {edit} / {where}:\n  DataError without file, row and "
                        f"column: {error}"
                    )
            except Exception:
                failures.append(f"{name} / {edit} / {where}:\n{traceback.format_exc(limit=-6)}")
    finally:
        _put(path, raw)
    assert rows == pristine, "an edit changed the shared copy of the table"
    assert not failures, f"{len(failures)} failing edit(s):\n\n" + "\n\n".join(failures)


def test_the_fuzz_cases_are_the_same_every_run() -> None:
    name = "course.csv"
    raw, rows = _original(name)

    def run() -> list[str]:
        return [EDITS[e](name, rows, raw, rng)[1] for e, rng in _cases(name)]

    assert run() == run()
    assert len(run()) == ROUNDS * len(EDITS)


def test_the_fuzz_copy_is_really_used(fuzz_data: Path) -> None:
    from helpable.content.course import lessons

    raw, _ = _original("course.csv")
    _put(fuzz_data / "course.csv", raw.replace(b"Start here", b"Fuzz start", 1))
    try:
        assert lessons()[0].title == "Fuzz start"
    finally:
        _put(fuzz_data / "course.csv", raw)
    assert lessons()[0].title == "Start here"
