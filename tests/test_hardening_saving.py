"""Hardening: every save path ends in a friendly message, and the plan's files hold any text.

* the reflection and workshop saves, and ``save_plan``, answer every OSError,
  UnicodeError, TypeError and ValueError with plain words (no errno, no traceback);
* a lone surrogate is saved as U+FFFD, and the learner is told;
* a cell with CR, LF or CRLF stays one cell in the plan's CSV;
* formula-like cells are neutralised in the CSV, and the plan's reader undoes it;
* the ``.ics`` holds no NUL or other forbidden control character;
* a failed journal save names its real cause (read-only file or folder, full disk,
  missing folder, something else).
"""

from __future__ import annotations

import csv
import errno
import io
import os
import re
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from icalendar import Calendar

from helpable.analyzer.feedback import Feedback
from helpable.journal import messages
from helpable.journal.store import Journal, JournalError
from helpable.plan import export, plan
from helpable.ui.state import workshop as workshop_state
from helpable.ui.state.pitch import pitch_result
from helpable.ui.state.reflection import ReflectionState
from helpable.ui.state.workshop import WorkshopState
from helpable.ui.widgets.reflection import reflection
from helpable.ui.widgets.workshop import pitch_workshop

START = date(2030, 3, 4)
ENV = "HELPABLE_JOURNAL"
RAW = re.compile(r"Errno|Traceback|\b\w*(?:Error|Exception)\b|surrogates not allowed|JSON")


def assert_friendly(message: str) -> None:
    """Plain words: no errno, no exception name, no traceback, nothing a widget cannot send."""
    assert message.strip()
    assert not RAW.search(message), message
    message.encode("utf-8")  # no lone surrogate: a widget could not send it to the browser


# --- doubles -----------------------------------------------------------------------------


class FailingJournal:
    """A journal whose saves fail with ``exc``."""

    def __init__(self, exc: BaseException) -> None:
        self.exc = exc
        self.problems: list[str] = []

    def append(self, entry: Any) -> int:
        raise self.exc

    def entries(self) -> list[dict[str, Any]]:
        return []


class MemoryJournal:
    def __init__(self) -> None:
        self.rows: list[dict[str, Any]] = []
        self.problems: list[str] = []

    def append(self, entry: Any) -> int:
        self.rows.append(dict(entry))
        return len(self.rows)

    def entries(self) -> list[dict[str, Any]]:
        return list(self.rows)


def fake_analyzer(text: str, *, setting: Any = None, relationship: Any = None) -> Feedback:
    return Feedback(text=text, broken=frozenset(), findings=(), strengths=(), score=90)


def approaches() -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "id": "a1",
                "channel": "event",
                "setting": "social_gathering",
                "relationship": "stranger",
                "text": "Hi! Who's hiring at your firm? Could you refer me?",
                "effort": 0,
                "risk": 1,
                "commitment": 0,
                "better_version": "Could I call you next week to hear how you got started?",
            }
        ]
    )


def workshop(journal: Any) -> WorkshopState:
    return WorkshopState(journal, approaches(), fake_analyzer)


FAILURES = [
    PermissionError(errno.EACCES, "Permission denied", "/nowhere/my_journal.jsonl"),
    OSError(errno.ENOSPC, "No space left on device"),
    OSError(errno.EIO, "Input/output error", "/nowhere/my_journal.jsonl"),
    FileNotFoundError(errno.ENOENT, "No such file or directory", "/nowhere/my_journal.jsonl"),
    OSError("something odd"),
    UnicodeEncodeError("utf-8", "\ud800", 0, 1, "surrogates not allowed"),
    TypeError("a set is not JSON-safe"),
    ValueError("Out of range float values are not JSON compliant"),
]
IDS = ["eacces", "enospc", "eio", "enoent", "bare-oserror", "unicode", "type", "value"]


# --- 7. the widgets' saves -----------------------------------------------------------------


@pytest.mark.parametrize("exc", FAILURES, ids=IDS)
def test_reflection_save_failures_are_friendly(exc: BaseException) -> None:
    result = ReflectionState("02_rule1_effort", "Why?", FailingJournal(exc)).save("My answer.")
    assert not result.ok
    assert_friendly(result.message)


@pytest.mark.parametrize("exc", FAILURES, ids=IDS)
def test_reflection_widget_shows_a_friendly_status(exc: BaseException) -> None:
    panel = reflection("02_rule1_effort", "Why?", journal=FailingJournal(exc))
    panel.text.value = "My answer."
    panel.save.click()
    assert panel.status.value.startswith("⚠")
    assert_friendly(panel.status.value)


@pytest.mark.parametrize("exc", FAILURES, ids=IDS)
def test_workshop_save_failures_are_friendly(exc: BaseException) -> None:
    result = workshop(FailingJournal(exc)).save("What got you started?")
    assert not result.ok
    assert_friendly(result.message)
    assert "nothing is lost" in result.message


@pytest.mark.parametrize("exc", FAILURES, ids=IDS)
def test_a_journal_that_cannot_be_opened_is_friendly(
    exc: BaseException, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: Any, **kwargs: Any) -> Journal:
        raise exc

    monkeypatch.setattr(workshop_state, "Journal", refuse)
    path = tmp_path / "my_journal.jsonl"
    saved = ReflectionState("02_rule1_effort", "Why?", path).save("My answer.")
    assert not saved.ok
    assert_friendly(saved.message)
    state = workshop(path)
    assert_friendly(state.save("What got you started?").message)
    line, notes = state.progress()
    assert_friendly(line)
    ws = pitch_workshop(path, approaches=approaches(), analyzer=fake_analyzer)
    assert_friendly(ws.progress.value)


def test_permission_denied_names_the_journal_not_the_errno() -> None:
    exc = PermissionError(errno.EACCES, "Permission denied", "/nowhere/my_journal.jsonl")
    message = ReflectionState("n", "p", FailingJournal(exc)).save("Text.").message
    assert "not saved" in message and "/nowhere" in message


def test_a_journal_error_keeps_its_own_words() -> None:
    exc = JournalError("Your entry was not saved: the journal is busy.")
    assert ReflectionState("n", "p", FailingJournal(exc)).save("Text.").message == str(exc)


def test_a_lone_surrogate_in_a_reflection_is_replaced_and_the_learner_told(
    tmp_path: Path,
) -> None:
    path = tmp_path / "my_journal.jsonl"
    result = ReflectionState("02_rule1_effort", "Why?", path).save("Once \ud800 at a wedding.")
    assert result.ok, result.message
    assert "�" in result.message and "1 entry" in result.message
    assert_friendly(result.message)
    assert Journal(path).entries()[-1]["text"] == "Once \ufffd at a wedding."


def test_a_split_surrogate_pair_is_joined_not_replaced(tmp_path: Path) -> None:
    path = tmp_path / "my_journal.jsonl"
    result = ReflectionState("n", "p", path).save("Thanks \ud83d\ude00")
    assert result.ok and "�" not in result.message
    assert Journal(path).entries()[-1]["text"] == "Thanks 😀"


def test_the_reflection_widget_saves_broken_text(tmp_path: Path) -> None:
    path = tmp_path / "my_journal.jsonl"
    panel = reflection("02_rule1_effort", "Why?", journal=path)
    panel.text.value = "Two \udc80 broken \udfff bits."
    panel.save.click()
    assert panel.status.value.startswith("✓") and "2 characters" in panel.status.value
    assert Journal(path).entries()[-1]["text"] == "Two \ufffd broken \ufffd bits."


def test_a_lone_surrogate_in_a_rewrite_is_replaced_and_the_learner_told() -> None:
    journal = MemoryJournal()
    result = workshop(journal).save("What \ud800 got you started?")
    assert result.ok, result.message
    assert "�" in result.message
    assert journal.rows[-1]["rewrite"] == "What \ufffd got you started?"


def test_pitch_feedback_never_holds_a_lone_surrogate() -> None:
    result = pitch_result("Could you \ud800 help?", analyzer=fake_analyzer)
    assert result.feedback is not None
    result.feedback.text.encode("utf-8")


# --- 7. save_plan never raises ---------------------------------------------------------------


@pytest.fixture
def good() -> pd.DataFrame:
    return plan.example_plan(START)


@pytest.mark.parametrize("exc", FAILURES, ids=IDS)
@pytest.mark.parametrize("step", ["to_ics", "to_csv"])
def test_save_plan_failures_are_friendly(
    exc: BaseException,
    step: str,
    good: pd.DataFrame,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real = getattr(export, step)

    def failing(*args: Any, **kwargs: Any) -> Path:
        real(*args, **kwargs)  # the file is made, then the error comes (as a full disk would)
        raise exc

    monkeypatch.setattr(export, step, failing)
    message = export.save_plan(good, tmp_path)
    assert message.startswith("⚠")
    assert_friendly(message)


@pytest.mark.parametrize("folder", [123, "bad\x00name", "bad\ud800name", ["plans"]])
def test_save_plan_explains_a_folder_that_cannot_be(
    folder: Any, good: pd.DataFrame, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    message = export.save_plan(good, folder)
    assert message.startswith("⚠ Not saved") and "cannot be a folder name" in message
    assert_friendly(message)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("frame", ["my plan", None, [{"name": "Maya"}]])
def test_save_plan_explains_something_that_is_not_a_plan(frame: Any, tmp_path: Path) -> None:
    message = export.save_plan(frame, tmp_path)
    assert message.startswith("⚠") and "save_plan(plan)" in message
    assert_friendly(message)
    assert list(tmp_path.iterdir()) == []


def test_save_plan_replaces_a_lone_surrogate_and_says_so(
    good: pd.DataFrame, tmp_path: Path
) -> None:
    good.loc[1, "ask"] = "Could I ask you \ud800 two quick questions about design?"
    good.loc[2, "name"] = "Luis \udcff Ortega"
    message = export.save_plan(good, tmp_path)
    assert message.startswith("✓"), message
    assert "2 characters" in message and "�" in message
    back = export.read_plan(tmp_path / "my_plan.csv")
    assert back.loc[1, "ask"] == "Could I ask you \ufffd two quick questions about design?"
    assert back.loc[2, "name"] == "Luis \ufffd Ortega"
    events = Calendar.from_ical((tmp_path / "my_plan.ics").read_bytes()).walk("VEVENT")
    assert str(events[1]["summary"]) == "Follow up: Luis \ufffd Ortega"


# --- 8. CR, LF and CRLF inside a cell ----------------------------------------------------------


def csv_rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


@pytest.mark.parametrize("newline", ["\r", "\n", "\r\n", "\r\r\n\n"])
@pytest.mark.parametrize("column", ["name", "ask", "next_step"])
def test_a_line_break_in_a_cell_stays_in_its_cell(
    newline: str, column: str, good: pd.DataFrame, tmp_path: Path
) -> None:
    text = f"First line{newline}second line"
    if column == "next_step":
        text = "I will " + text
    good.loc[2, column] = text
    path = export.to_csv(good, tmp_path / "plan.csv")
    rows = csv_rows(path)
    assert len(rows) == 1 + len(good)
    assert rows[2][list(plan.COLUMNS).index(column)] == text
    back = export.read_plan(path)
    assert back.loc[2, column] == text
    pd.testing.assert_frame_equal(back, good, check_dtype=False)


# --- 3. formulas in the plan's CSV -------------------------------------------------------------

FORMULAS = [
    '=HYPERLINK("http://x","click")',
    "+1+1",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1",
    "\r=1",
    "  =1+1",
    "＝1+1",
    "'=1+1",
    "''+1",
]


@pytest.mark.parametrize("text", FORMULAS)
@pytest.mark.parametrize("column", ["name", "how_you_know", "ask", "next_step", "date"])
def test_formula_cells_are_neutralised_and_read_back_as_typed(
    text: str, column: str, good: pd.DataFrame, tmp_path: Path
) -> None:
    good.loc[3, column] = text
    path = export.to_csv(good, tmp_path / "plan.csv")
    cell = csv_rows(path)[3][list(plan.COLUMNS).index(column)]
    assert cell == "'" + text
    assert export.read_plan(path).loc[3, column] == text


def test_ordinary_text_and_a_plain_quote_are_left_as_they_are(
    good: pd.DataFrame, tmp_path: Path
) -> None:
    good.loc[1, "ask"] = "'Quoted' words, and a - dash"
    path = export.to_csv(good, tmp_path / "plan.csv")
    assert csv_rows(path)[1][3] == "'Quoted' words, and a - dash"
    assert export.read_plan(path).loc[1, "ask"] == "'Quoted' words, and a - dash"


def test_csv_reader_sees_one_row_per_follow_up_whatever_the_text(
    good: pd.DataFrame, tmp_path: Path
) -> None:
    good.loc[1, "ask"] = "=cmd|' /C calc'!A0\rnext"
    good.loc[2, "ask"] = 'a, "quoted"\r\nthing'
    path = export.to_csv(good, tmp_path / "plan.csv")
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    assert len(rows) == 4 and all(len(r) == len(plan.COLUMNS) for r in rows)


# --- 14. control characters in the .ics --------------------------------------------------------

FORBIDDEN = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def test_ics_has_no_nul_or_other_forbidden_controls(good: pd.DataFrame, tmp_path: Path) -> None:
    good.loc[1, "ask"] = "Could\x00 I\x01 ask\x1b you\x7f two\x0b quick\x0c questions?"
    good.loc[2, "name"] = "Luis\x00 Ortega"
    good.loc[3, "next_step"] = "I will\tsend a note\r\nand then\rcall."
    data = export.to_ics(good, tmp_path / "plan.ics").read_bytes()
    assert not FORBIDDEN.search(data)
    assert not re.search(rb"\r(?!\n)", data) and not re.search(rb"(?<!\r)\n", data)
    events = Calendar.from_ical(data).walk("VEVENT")
    assert "Your ask: Could I ask you two quick questions?" in str(events[0]["description"])
    assert str(events[1]["summary"]) == "Follow up: Luis Ortega"
    assert "I will\tsend a note\nand then\ncall." in str(events[2]["description"])


# --- 14. why a journal save failed -------------------------------------------------------------


def test_save_failed_names_each_cause_in_its_own_words(tmp_path: Path) -> None:
    existing = tmp_path / "my_journal.jsonl"
    existing.write_text("", encoding="utf-8")
    existing.chmod(0o444)
    new = tmp_path / "new.jsonl"
    gone = tmp_path / "gone" / "my_journal.jsonl"
    denied = PermissionError(errno.EACCES, "Permission denied")
    said = {
        "file": messages.save_failed(denied, existing, env_var=ENV),
        "folder": messages.save_failed(denied, new, env_var=ENV),
        "read-only drive": messages.save_failed(
            OSError(errno.EROFS, "Read-only file system"), new, env_var=ENV
        ),
        "full": messages.save_failed(OSError(errno.ENOSPC, "No space"), existing, env_var=ENV),
        "gone": messages.save_failed(
            FileNotFoundError(errno.ENOENT, "No such file"), gone, env_var=ENV
        ),
        "other": messages.save_failed(OSError(errno.EIO, "Input/output error"), new, env_var=ENV),
        "no reason": messages.save_failed(OSError("odd"), new, env_var=ENV),
    }
    for message in said.values():
        assert_friendly(message)
        assert "not saved" in message
    assert len({said[k] for k in ("file", "folder", "full", "gone", "other")}) == 5
    assert "read-only" in said["file"] and "my_journal.jsonl" in said["file"]
    assert "folder" not in said["file"]
    assert "folder" in said["folder"] and ENV in said["folder"]
    assert said["read-only drive"] == said["folder"]
    assert "disk is full" in said["full"]
    assert "gone" in said["gone"] and "not there" in said["gone"]
    assert "Input/output error" in said["other"]


def test_a_read_only_journal_file_is_blamed_not_its_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "my_journal.jsonl"
    Journal(path).append({"n": 1})
    real_open = os.open

    def read_only(target: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if flags & os.O_APPEND and Path(os.fsdecode(target)) == path:
            raise PermissionError(errno.EACCES, "Permission denied", str(target))
        return real_open(target, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", read_only)
    with pytest.raises(JournalError) as caught:
        Journal(path).append({"n": 2})
    message = str(caught.value)
    assert "read-only" in message and "folder" not in message
    assert_friendly(message)
