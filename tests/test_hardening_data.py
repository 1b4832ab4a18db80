"""Data files saved the wrong way give a plain DataError naming the file, row and column.

Instructors edit ``data/*.csv`` in Excel, LibreOffice or a text editor. A file
saved as plain "CSV" (Windows-1252), with semicolons, as UTF-16, with a NUL
byte, or replaced by a folder must never give a traceback; a UTF-8 byte-order
mark must simply work.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from helpable.content.tables import DataError

ROOT = Path(__file__).resolve().parent.parent


def _loaders() -> dict[str, Callable[[], object]]:
    """One loader per CSV file that the package reads."""
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

    return {
        "approaches.csv": load_approaches,
        "checks.csv": lambda: load_table(checks.SCHEMA),
        "contrast_pitches.csv": load_contrast,
        "corpus.csv": load_corpus,
        "course.csv": lessons,
        "example_journal.csv": load_example_journal,
        "model_settings.csv": load_model,
        "model_weights.csv": load_model,
        "parameters.csv": parameters,
        "phrases.csv": phrase_book,
        "quiz.csv": load_quiz,
        "rules.csv": rules,
        "strings.csv": strings,
    }


LOADED = sorted(_loaders())
# The model's files are read by helpable/analyzer/learned.py's own streaming reader.
STREAMED = ("model_settings.csv", "model_weights.csv")


def _table(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def _csv(table: list[list[str]], delimiter: str = ",") -> str:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\n").writerows(table)
    return out.getvalue()


def _touch(path: Path) -> None:
    """Move the modification time on, so that no cache can miss the edit."""
    stamp = path.stat().st_mtime_ns + 10_000_000_000
    os.utime(path, ns=(stamp, stamp))


def _put_bytes_in_cell(path: Path, row: int, column: str, cell: bytes) -> None:
    """Set one cell (spreadsheet numbering) to raw bytes; the rest of the file stays UTF-8."""
    table = _table(path)
    table[row - 1][table[0].index(column)] = "@@CELL@@"
    path.write_bytes(_csv(table).encode("utf-8").replace(b"@@CELL@@", cell))
    _touch(path)


def _snapshot(found: object) -> object:
    """A comparable picture of what a loader returned."""
    import dataclasses

    import numpy as np
    import pandas as pd

    if isinstance(found, pd.DataFrame):
        return found.to_csv()
    if isinstance(found, (list, tuple)):
        return [_snapshot(item) for item in found]
    if isinstance(found, dict):
        return {key: _snapshot(value) for key, value in found.items()}
    if isinstance(found, np.ndarray):
        return found.tobytes()
    if dataclasses.is_dataclass(found) and not isinstance(found, type):
        return {
            f.name: _snapshot(getattr(found, f.name))
            for f in dataclasses.fields(found)
            if f.compare and f.name != "column_cache"  # caches filled as the analyzer runs
        }
    if hasattr(found, "pattern") and not isinstance(found, str):
        return str(found.pattern)
    return found


def _load(data_copy: Path, name: str) -> DataError:
    with pytest.raises(DataError) as info:
        _loaders()[name]()
    return info.value


# --- a file saved as plain "CSV" (Windows-1252 / Latin-1) ----------------------

# (file, row, column) of one cell in each loaded file that can hold text.
CELLS = {
    "approaches.csv": (5, "text"),
    "checks.csv": (4, "hint"),
    "contrast_pitches.csv": (3, "text"),
    "corpus.csv": (6, "text"),
    "course.csv": (4, "title"),
    "example_journal.csv": (3, "rewrite"),
    "model_settings.csv": (6, "name"),
    "model_weights.csv": (5, "feature"),
    "parameters.csv": (3, "meaning"),
    "phrases.csv": (3, "why"),
    "quiz.csv": (4, "text"),
    "rules.csv": (3, "name"),
    "strings.csv": (7, "text"),
}


@pytest.mark.parametrize("name", LOADED)
def test_a_windows_1252_save_says_save_as_csv_utf8_and_names_the_cell(
    data_copy: Path, name: str
) -> None:
    row, column = CELLS[name]
    _put_bytes_in_cell(data_copy / name, row, column, "Caf\u00e9 \u2019s".encode("cp1252"))
    error = _load(data_copy, name)
    assert (error.path.name, error.row, error.column) == (name, row, column), str(error)
    text = str(error)
    assert text.startswith(f"{name}, row {row}, column '{column}': ")
    assert "CSV UTF-8" in text
    assert "'é'" in text, "the message shows what the byte probably was"
    assert "\ufffd" not in text and "UnicodeDecodeError" not in text


@pytest.mark.parametrize("line_end", ["\n", "\r\n"])
def test_a_whole_file_saved_as_windows_1252_points_at_its_first_accented_letter(
    data_copy: Path, line_end: str
) -> None:
    path = data_copy / "course.csv"
    table = _table(path)
    table[2][3] = "Two\nlines, in quotes."
    table[5][3] = "Say \u201cthank you\u201d \u2013 and mean it."
    path.write_bytes(_csv(table).replace("\n", line_end).encode("cp1252"))
    _touch(path)
    error = _load(data_copy, "course.csv")
    assert str(error).startswith("course.csv, row 6, column 'summary': ")
    assert "CSV UTF-8" in str(error) and "'\u201c'" in str(error)


def test_a_utf16_unicode_text_save_is_explained(data_copy: Path) -> None:
    path = data_copy / "course.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode("utf-16"))
    _touch(path)
    error = _load(data_copy, "course.csv")
    assert error.path.name == "course.csv"
    assert "UTF-16" in str(error) and "CSV UTF-8" in str(error)


# --- a file saved with semicolons (European Excel) ---------------------------


@pytest.mark.parametrize("name", LOADED)
def test_a_semicolon_file_gets_a_hint_to_save_with_commas(data_copy: Path, name: str) -> None:
    path = data_copy / name
    path.write_text(_csv(_table(path), delimiter=";"), encoding="utf-8")
    _touch(path)
    error = _load(data_copy, name)
    assert str(error).startswith(f"{name}, row 1")
    assert "this file seems to use ; between values; save it with commas" in str(error)


# --- byte-order mark, folder, empty file, NUL byte ------------------------------


@pytest.mark.parametrize("line_end", ["\n", "\r\n"])
def test_a_utf8_byte_order_mark_is_accepted_in_every_file(data_copy: Path, line_end: str) -> None:
    """What Excel's "CSV UTF-8" writes: a byte-order mark and Windows line ends."""
    before = {name: _snapshot(load()) for name, load in _loaders().items()}
    for name in LOADED:
        path = data_copy / name
        text = path.read_text(encoding="utf-8").replace("\n", line_end)
        path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
        _touch(path)
    from helpable.analyzer.engine import analyze

    for name, load in _loaders().items():
        assert _snapshot(load()) == before[name], name
    assert analyze("Could you spare 15 minutes for a call?").score > 0


@pytest.mark.parametrize("name", LOADED)
def test_a_folder_in_place_of_the_file_is_named(data_copy: Path, name: str) -> None:
    path = data_copy / name
    path.unlink()
    path.mkdir()
    error = _load(data_copy, name)
    assert error.path.name == name and str(error).startswith(name)
    assert "folder" in str(error)


@pytest.mark.parametrize("content", [b"", b"\xef\xbb\xbf", b"\n\n  \n"])
@pytest.mark.parametrize("name", LOADED)
def test_an_empty_file_is_named(data_copy: Path, name: str, content: bytes) -> None:
    path = data_copy / name
    path.write_bytes(content)
    _touch(path)
    error = _load(data_copy, name)
    assert str(error).startswith(f"{name}, row 1: ")
    assert "empty" in str(error)


@pytest.mark.parametrize("name", LOADED)
def test_a_nul_byte_is_named_with_its_row_and_column(data_copy: Path, name: str) -> None:
    row, column = CELLS[name]
    _put_bytes_in_cell(data_copy / name, row, column, b"ab\x00cd")
    error = _load(data_copy, name)
    assert (error.path.name, error.row, error.column) == (name, row, column), str(error)
    assert "NUL" in str(error)


# --- quotes, long cells, line separators, numbers, extra columns --------------------


def test_a_quote_that_opens_a_cell_but_never_closes_is_found(data_copy: Path) -> None:
    path = data_copy / "course.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[2] = lines[2].replace(",Networking", ',"Networking', 1)
    path.write_text("".join(lines), encoding="utf-8")
    _touch(path)
    error = _load(data_copy, "course.csv")
    assert str(error).startswith("course.csv, row 3, column 'title': "), str(error)
    assert "double quote" in str(error)


def test_a_quote_left_open_at_the_end_of_the_file_is_found(data_copy: Path) -> None:
    path = data_copy / "course.csv"
    row = len(path.read_text(encoding="utf-8").splitlines()) + 1  # the row added below
    with path.open("a", encoding="utf-8") as handle:
        handle.write('99_extra,"Extra,10,Something more.\n')
    _touch(path)
    error = _load(data_copy, "course.csv")
    assert str(error).startswith(f"course.csv, row {row}, column 'title': "), str(error)
    assert "never closed" in str(error)


@pytest.mark.parametrize("name", ["strings.csv", "model_weights.csv"])
def test_a_cell_longer_than_the_csv_limit_is_named(data_copy: Path, name: str) -> None:
    column = "text" if name == "strings.csv" else "feature"
    _put_bytes_in_cell(data_copy / name, 4, column, b"x" * 200_000)
    error = _load(data_copy, name)
    assert (error.row, error.column) == (4, column), str(error)
    assert "characters" in str(error)


def test_a_unicode_line_separator_inside_a_cell_stays_in_its_cell(data_copy: Path) -> None:
    from helpable.content.course import lessons

    path = data_copy / "course.csv"
    table = _table(path)
    table[3][3] = "One line\u2028and another\x85and a third."
    path.write_text(_csv(table), encoding="utf-8")
    _touch(path)
    found = lessons()
    assert len(found) == len(table) - 1
    assert found[2].summary == "One line\u2028and another\x85and a third."


@pytest.mark.parametrize("value", ["9" * 40, "1_000", "\u0663", "12.0"])
def test_a_number_cell_must_be_a_plain_whole_number(data_copy: Path, value: str) -> None:
    path = data_copy / "rules.csv"
    table = _table(path)
    table[1][1] = value
    path.write_text(_csv(table), encoding="utf-8")
    _touch(path)
    error = _load(data_copy, "rules.csv")
    assert str(error).startswith("rules.csv, row 2, column 'number': ")
    assert "whole number" in str(error)


@pytest.mark.parametrize("name", ["course.csv", "rules.csv", "quiz.csv", "example_journal.csv"])
def test_an_extra_notes_column_is_ignored_as_the_readme_promises(
    data_copy: Path, name: str
) -> None:
    before = _snapshot(_loaders()[name]())
    path = data_copy / name
    table = _table(path)
    for i, row in enumerate(table):
        row.insert(1, "notes" if i == 0 else "my note, with a comma")
    path.write_text(_csv(table), encoding="utf-8")
    _touch(path)
    assert _snapshot(_loaders()[name]()) == before


def test_an_edit_that_keeps_the_modification_time_is_still_seen(data_copy: Path) -> None:
    """Some file systems keep coarse times; a same-time edit of another size is still read."""
    from helpable.content.course import lessons

    path = data_copy / "course.csv"
    stamp = path.stat().st_mtime_ns
    assert lessons()[0].title == "Start here"
    path.write_text(path.read_text(encoding="utf-8").replace("Start here", "Begin"), "utf-8")
    os.utime(path, ns=(stamp, stamp))
    assert lessons()[0].title == "Begin"


def test_a_very_long_bad_value_gives_a_short_message(data_copy: Path) -> None:
    path = data_copy / "course.csv"
    table = _table(path)
    table[2][0] = "x" * 100_000
    path.write_text(_csv(table), encoding="utf-8")
    _touch(path)
    error = _load(data_copy, "course.csv")
    assert str(error).startswith("course.csv, row 3, column 'notebook': ")
    assert len(str(error)) < 1_000
    assert str(error).endswith("(two digits, then a slug)"), "the advice at the end is kept"


def test_empty_columns_that_a_spreadsheet_adds_at_the_right_are_ignored(data_copy: Path) -> None:
    from helpable.content.course import lessons

    before = lessons()
    path = data_copy / "course.csv"
    path.write_text(_csv([[*row, "", ""] for row in _table(path)]), encoding="utf-8")
    _touch(path)
    assert lessons() == before
