"""The learner journal never loses work: round trips, crashes, two writers, damaged files."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import random
import signal
import subprocess
import sys
import threading
import uuid
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from filelock import FileLock
from hypothesis import given, settings
from hypothesis import strategies as st

from helpable.journal import (
    DEFAULT_FILENAME,
    STANDARD_COLUMNS,
    Journal,
    JournalError,
    default_path,
)
from helpable.journal import store as journal_module
from helpable.journal.lines import classify, looks_cut_off
from helpable.paths import NOTEBOOKS_DIR

TRICKY_TEXTS = [
    'Plain ASCII, with "quotes", a back\\slash and a\ttab',
    "Café, naïve, Zürich — “curly quotes” and … ellipsis",
    "Emoji 😀🤝🏽👩‍💻 and a flag 🇧🇷",
    "RTL: שלום, אני מחפש עבודה / مرحبا، هل يمكنني أن أسألك سؤالا؟",
    "<img src=x onerror=alert(1)> <script>alert('x')</script> &amp; &lt;",
    "Line one\nLine two\r\nLine three\u2028after a line separator",
    "",
]

# A writer process: appends N entries, printing "index count" after each append returns.
WRITER = """
import sys
from helpable.journal import Journal

path, tag, total = sys.argv[1], sys.argv[2], int(sys.argv[3])
journal = Journal(path)
if len(sys.argv) > 4:
    sys.stdin.readline()  # wait for "go", so that two writers start together
for i in range(total):
    count = journal.append({"writer": tag, "i": i, "text": "Merci 🙏 " * 20})
    print(i, count, flush=True)
"""


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def rewrite_entry(n: int = 0) -> dict:
    return {
        "kind": "rewrite",
        "pitch_id": f"p{n:03d}",
        "original": "Can you get me a job at your company?",
        "rewrite": "Could I ask you one quick question about your team?",
        "broken": ["big_ask"],
        "score": 70 + n,
        "original_broken": ["big_ask", "no_context"],
        "original_score": 20,
        "findings": [{"rule": "big_ask", "start": 0, "end": 3, "phrase": "Can"}],
    }


# --- Round trip ------------------------------------------------------------------------------


def test_round_trip_keeps_every_kind_of_text(tmp_path: Path) -> None:
    path = tmp_path / "journal.jsonl"
    journal = Journal(path)
    before = datetime.now().astimezone()
    counts = [journal.append({"text": text, "n": i}) for i, text in enumerate(TRICKY_TEXTS)]
    after = datetime.now().astimezone()

    assert counts == list(range(1, len(TRICKY_TEXTS) + 1))
    entries = Journal(path).entries()
    assert [e["text"] for e in entries] == TRICKY_TEXTS
    assert [e["n"] for e in entries] == list(range(len(TRICKY_TEXTS)))
    for entry in entries:
        stamp = datetime.fromisoformat(entry["timestamp"])
        assert stamp.utcoffset() == timedelta(0)
        assert stamp.microsecond == 0
        assert before.replace(microsecond=0) <= stamp <= after
        assert uuid.UUID(hex=entry["entry_id"]).version == 4
    assert len({e["entry_id"] for e in entries}) == len(entries)

    raw = path.read_bytes()
    assert raw.decode("utf-8").count("\n") == len(TRICKY_TEXTS)  # newlines inside text escaped
    assert "😀".encode() in raw and "שלום".encode() in raw  # not \\u escapes
    assert len(Journal(path)) == len(TRICKY_TEXTS)
    assert Journal(path).problems == []


def test_given_timestamp_and_id_are_kept(tmp_path: Path) -> None:
    journal = Journal(tmp_path / "j.jsonl")
    journal.append({"timestamp": "2024-01-02T03:04:05+00:00", "entry_id": "mine", "x": 1})
    (entry,) = journal.entries()
    assert entry == {"timestamp": "2024-01-02T03:04:05+00:00", "entry_id": "mine", "x": 1}


def test_entries_are_fresh_copies(tmp_path: Path) -> None:
    journal = Journal(tmp_path / "j.jsonl")
    journal.append({"broken": ["a"]})
    journal.entries()[0]["broken"].append("changed")
    assert journal.entries()[0]["broken"] == ["a"]


@pytest.mark.parametrize(
    ("entry", "named"),
    [
        ({"score": object()}, "'score'"),
        ({"findings": [{"span": {1, 2}}]}, "'findings'[0]['span'] holds a value of type set"),
        ({"score": float("nan")}, "'score'"),
        ({"text": "broken \ud800 half"}, "'text'"),
        ({3: "number key"}, "3"),
    ],
)
def test_unsafe_entry_is_a_clear_type_error(tmp_path: Path, entry: dict, named: str) -> None:
    path = tmp_path / "j.jsonl"
    journal = Journal(path)
    with pytest.raises(TypeError) as caught:
        journal.append(entry)
    assert named in str(caught.value)
    assert not path.exists()


def test_not_a_mapping_is_a_type_error(tmp_path: Path) -> None:
    with pytest.raises(TypeError, match="must be a dict"):
        Journal(tmp_path / "j.jsonl").append(["not", "a", "dict"])  # type: ignore[arg-type]


def test_numpy_numbers_from_pandas_are_saved_as_plain_numbers(tmp_path: Path) -> None:
    np = pytest.importorskip("numpy")
    journal = Journal(tmp_path / "j.jsonl")
    journal.append({"score": np.int64(42), "ratio": np.float64(0.5), "ok": np.bool_(True)})
    (entry,) = journal.entries()
    assert entry["score"] == 42 and entry["ratio"] == 0.5 and entry["ok"] is True
    assert type(entry["score"]) is int


def test_threads_sharing_one_journal(tmp_path: Path) -> None:
    journal = Journal(tmp_path / "j.jsonl")
    counts: list[int] = []

    def work(tag: str) -> None:
        for i in range(50):
            counts.append(journal.append({"tag": tag, "i": i}))

    threads = [threading.Thread(target=work, args=(t,)) for t in "abc"]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(counts) == list(range(1, 151))
    entries = journal.entries()
    for tag in "abc":
        assert [e["i"] for e in entries if e["tag"] == tag] == list(range(50))


# --- Where it lives --------------------------------------------------------------------------


def test_default_path_and_override(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    course = tmp_path / "course" / "notebooks"  # no older journal beside the lessons there
    monkeypatch.setattr(journal_module, "NOTEBOOKS_DIR", course)
    monkeypatch.delenv("HELPABLE_JOURNAL", raising=False)
    assert default_path() == course / ".helpable" / DEFAULT_FILENAME
    monkeypatch.setenv("HELPABLE_JOURNAL", "")
    assert default_path() == course / ".helpable" / DEFAULT_FILENAME

    target = tmp_path / "elsewhere" / "mine.jsonl"
    monkeypatch.setenv("HELPABLE_JOURNAL", str(target))
    assert default_path() == target
    journal = Journal()
    assert journal.path == target
    assert journal.append({"x": 1}) == 1  # the missing folder is made
    assert target.exists()
    assert not (NOTEBOOKS_DIR / DEFAULT_FILENAME).with_name("mine.jsonl").exists()

    monkeypatch.setenv("HELPABLE_JOURNAL", str(tmp_path))  # a folder: the journal goes inside
    assert default_path() == tmp_path / DEFAULT_FILENAME

    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("HELPABLE_JOURNAL", "~/tilde.jsonl")
    assert default_path() == tmp_path / "tilde.jsonl"


def test_journal_path_is_absolute(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    journal = Journal("relative.jsonl")
    assert journal.path == tmp_path / "relative.jsonl"


def test_reading_a_missing_journal_makes_no_files(tmp_path: Path) -> None:
    journal = Journal(tmp_path / "j.jsonl")
    assert journal.entries() == [] and len(journal) == 0 and journal.problems == []
    assert journal.files == []
    assert list(tmp_path.iterdir()) == []
    assert "empty" in journal.status()


# --- Crashes and two writers -----------------------------------------------------------------


def test_sigkill_mid_run_loses_no_returned_entry(tmp_path: Path) -> None:
    path = tmp_path / "journal.jsonl"
    kill_after = random.randint(50, 400)
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path), "solo", "1000"],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    head: list[str] = []
    for line in proc.stdout:
        head.append(line)
        if len(head) >= kill_after:
            break
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)
    rest = proc.stdout.read()  # what it printed before the kill is still in the pipe
    proc.stdout.close()
    assert proc.returncode == -signal.SIGKILL, "the writer finished before it was killed"

    lines = ("".join(head) + rest).splitlines(keepends=True)
    # A line cut short by the kill was not fully printed, so it does not count.
    printed = [int(line.split()[0]) for line in lines if line.endswith("\n")]
    assert printed == list(range(len(printed)))
    assert len(printed) < 1000

    journal = Journal(path)
    indexes = [e["i"] for e in journal.entries()]
    assert set(printed) <= set(indexes)
    assert indexes == list(range(len(indexes)))  # in order, none doubled
    assert len(indexes) - len(printed) in (0, 1)  # at most one saved but not yet printed
    assert journal.path == path  # a crash is not damage
    assert all("cut off" in p for p in journal.problems)
    assert journal.append({"after": "crash"}) == len(indexes) + 1


def test_two_processes_appending_at_once(tmp_path: Path) -> None:
    path = tmp_path / "journal.jsonl"
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(path), tag, "500", "gate"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for tag in ("a", "b")
    ]
    for proc in procs:  # both are running before either starts writing
        assert proc.stdin is not None
        proc.stdin.write("go\n")
        proc.stdin.flush()
    outputs = [proc.communicate(timeout=60)[0] for proc in procs]
    assert [proc.returncode for proc in procs] == [0, 0]

    counts = [int(line.split()[1]) for out in outputs for line in out.splitlines()]
    assert sorted(counts) == list(range(1, 1001))  # each append saw a distinct total

    lines = path.read_bytes().split(b"\n")
    assert lines[-1] == b""
    records = [json.loads(line) for line in lines[:-1]]
    assert len(records) == 1000
    for tag in ("a", "b"):
        assert [r["i"] for r in records if r["writer"] == tag] == list(range(500))
    journal = Journal(path)
    assert len(journal) == 1000 and journal.problems == []


# --- Cut-off lines ---------------------------------------------------------------------------


@pytest.mark.parametrize("cut", [0.5, "emoji"])
def test_torn_last_line_is_skipped_reported_and_kept(tmp_path: Path, cut: object) -> None:
    path = tmp_path / "my_journal.jsonl"
    journal = Journal(path)
    journal.append(rewrite_entry(1))
    journal.append(rewrite_entry(2))
    whole = json.dumps({"rewrite": "Thanks 😀 for your time", "score": 9}, ensure_ascii=False)
    data = whole.encode("utf-8")
    if cut == "emoji":
        half = data[: data.index("😀".encode()) + 2]  # in the middle of the emoji's bytes
    else:
        half = data[: int(len(data) * 0.5)]
    with path.open("ab") as handle:
        handle.write(half)
    old = path.read_bytes()

    reopened = Journal(path)
    assert [e["pitch_id"] for e in reopened.entries()] == ["p001", "p002"]
    (problem,) = reopened.problems
    assert "my_journal.jsonl" in problem and "line 3" in problem and "cut off" in problem
    assert reopened.path == path

    assert reopened.append({"note": "after the crash"}) == 3
    new = path.read_bytes()
    assert new.startswith(old)  # the old bytes are untouched
    added = new[len(old) :]
    assert added.startswith(b"\n{") and added.endswith(b"}\n") and added.count(b"\n") == 2

    later = Journal(path)  # the cut-off line is now in the middle: still not damage
    assert later.path == path
    assert [e.get("note") for e in later.entries()] == [None, None, "after the crash"]
    assert len(later.problems) == 1 and "line 3" in later.problems[0]
    assert list(tmp_path.glob("*recovered*")) == []


@settings(max_examples=30, deadline=None)
@given(
    st.dictionaries(
        st.text(max_size=5),
        st.recursive(
            st.none()
            | st.booleans()
            | st.integers()
            | st.floats(allow_nan=False, allow_infinity=False)
            | st.text(max_size=12),
            lambda inner: (
                st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3)
            ),
            max_leaves=8,
        ),
        min_size=1,
        max_size=4,
    )
)
def test_every_prefix_of_an_entry_counts_as_cut_off(entry: dict) -> None:
    data = json.dumps(entry, ensure_ascii=False).encode("utf-8")
    for end in range(1, len(data)):
        assert classify(data[:end], first=False)[0] == "cut", data[:end]
    assert classify(data, first=False) == ("entry", data.decode("utf-8"))


@pytest.mark.parametrize(
    "text",
    ["hello", '{"a": 1} trailing', '{"a": 1}{"b": 2}', "[1, 2", '"just text', '{"a": 1,}', "42"],
)
def test_stray_text_is_not_cut_off(text: str) -> None:
    assert not looks_cut_off(text)


# --- Damaged files ---------------------------------------------------------------------------


def _damage(path: Path, how: str) -> int:
    """Damage a three-entry journal; return the number of the line that was damaged."""
    lines = path.read_bytes().split(b"\n")
    damaged_line = 2
    if how == "garbage":
        lines.insert(1, b"I typed this in the editor by mistake")
    elif how == "bad-utf8":
        lines.insert(1, b'{"text": "caf\xe9"}')  # Latin-1, not UTF-8
    elif how == "not-an-object":
        lines.insert(1, b'["a", "list"]')
    elif how == "bad-utf8-last":
        lines[-1] = b"\xff\xfe\x00garbage"
        damaged_line = len(lines)
    path.write_bytes(b"\n".join(lines))
    return damaged_line


@pytest.mark.parametrize("how", ["garbage", "bad-utf8", "not-an-object", "bad-utf8-last"])
def test_damaged_file_is_kept_aside_byte_for_byte(tmp_path: Path, how: str) -> None:
    path = tmp_path / "my_journal.jsonl"
    journal = Journal(path)
    for n in range(3):
        journal.append(rewrite_entry(n))
    line = _damage(path, how)
    digest = sha256(path)
    size = path.stat().st_size
    fresh = tmp_path / "my_journal.recovered-1.jsonl"

    damaged = Journal(path)
    assert [e["pitch_id"] for e in damaged.entries()] == ["p000", "p001", "p002"]
    assert damaged.path == fresh
    messages = " ".join(damaged.problems)
    assert "my_journal.jsonl is damaged" in messages
    assert str(path) in messages and str(fresh) in messages
    assert f"line {line} " in messages

    assert damaged.append({"note": "after damage"}) == 4
    assert fresh.exists() and sha256(path) == digest and path.stat().st_size == size

    again = Journal(path)  # the next session finds the fresh file
    assert again.path == fresh
    assert again.append({"note": "next session"}) == 5
    assert [e.get("note") for e in again.entries()][-2:] == ["after damage", "next session"]
    assert again.files == [path, fresh]
    assert sha256(path) == digest
    assert "2 older" not in again.status() and "1 older file" in again.status()


def test_a_damaged_fresh_file_leads_to_the_next_number(tmp_path: Path) -> None:
    path = tmp_path / "my_journal.jsonl"
    path.write_bytes(b"garbage\n")
    first = Journal(path)
    first.append({"n": 1})
    fresh1 = tmp_path / "my_journal.recovered-1.jsonl"
    fresh1.write_bytes(fresh1.read_bytes() + b"more garbage\n")
    digests = {p: sha256(p) for p in (path, fresh1)}

    second = Journal(path)
    assert second.path == tmp_path / "my_journal.recovered-2.jsonl"
    assert second.append({"n": 2}) == 2
    assert [e["n"] for e in Journal(path).entries()] == [1, 2]
    assert {p: sha256(p) for p in digests} == digests
    assert len(Journal(path).problems) == 2


def test_unreadable_file_is_left_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "my_journal.jsonl"
    Journal(path).append({"n": 1})
    digest = sha256(path)
    real_open = os.open

    def fake_open(target: object, flags: int, *args: object, **kwargs: object) -> int:
        if Path(os.fsdecode(target)) == path:  # type: ignore[arg-type]
            raise PermissionError(errno.EACCES, "Permission denied", str(target))
        return real_open(target, flags, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", fake_open)
    journal = Journal(path)
    assert journal.entries() == []
    (problem,) = journal.problems
    assert "could not be opened (permission denied)" in problem and str(path) in problem
    assert journal.append({"n": 2}) == 1
    assert journal.path == tmp_path / "my_journal.recovered-1.jsonl"
    monkeypatch.setattr(os, "open", real_open)
    assert sha256(path) == digest
    assert [e["n"] for e in Journal(path).entries()] == [1, 2]


# --- Errors a learner can act on -------------------------------------------------------------


def test_lock_timeout_is_a_journal_error(tmp_path: Path) -> None:
    path = tmp_path / "j.jsonl"
    Journal(path).append({"n": 1})
    with FileLock(f"{path}.lock"):
        busy = Journal(path, lock_timeout=0.2)  # reading still works while the lock is held
        assert len(busy) == 1
        with pytest.raises(JournalError, match="busy"):
            busy.append({"n": 2})
    assert busy.append({"n": 2}) == 2


def test_full_disk_is_a_journal_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "j.jsonl"
    journal = Journal(path)
    journal.append({"n": 1})
    before = path.read_bytes()

    def no_space(fd: int, data: object) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(journal_module.os, "write", no_space)
    with pytest.raises(JournalError, match="disk is full"):
        journal.append({"n": 2})
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert journal.append({"n": 3}) == 2


def test_read_only_folder_is_a_journal_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "j.jsonl"
    real_open = os.open

    def read_only(target: object, flags: int, *args: object, **kwargs: object) -> int:
        if flags & os.O_CREAT and Path(os.fsdecode(target)).parent == tmp_path:  # type: ignore[arg-type]
            raise OSError(errno.EROFS, "Read-only file system", str(target))
        return real_open(target, flags, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", read_only)
    journal = Journal(path)
    with pytest.raises(JournalError) as caught:
        journal.append({"n": 1})
    message = str(caught.value)
    assert "not saved" in message and "HELPABLE_JOURNAL" in message
    assert "Traceback" not in message and "\n" not in message


# --- For the notebook and the instructor -----------------------------------------------------


def test_to_frame_columns(tmp_path: Path) -> None:
    empty = Journal(tmp_path / "j.jsonl").to_frame()
    assert list(empty.columns) == list(STANDARD_COLUMNS) and len(empty) == 0

    journal = Journal(tmp_path / "j.jsonl")
    journal.append(rewrite_entry(1))
    journal.append({"kind": "reflection", "notebook": "03", "text": "שלום 😀"})
    frame = journal.to_frame()
    assert list(frame.columns) == [*STANDARD_COLUMNS, "notebook", "text"]
    assert len(frame) == 2
    assert json.loads(frame.loc[0, "broken"]) == ["big_ask"]
    assert json.loads(frame.loc[0, "findings"])[0]["rule"] == "big_ask"
    assert frame.loc[0, "score"] == 71
    assert str(frame["timestamp"].dt.tz) == "UTC"
    assert frame.loc[1, "text"] == "שלום 😀"
    assert frame["entry_id"].is_unique


def test_status_lines(tmp_path: Path) -> None:
    path = tmp_path / "j.jsonl"
    journal = Journal(path)
    assert journal.status() == f"Your journal is empty. Your first saved entry will go to {path}"
    journal.append({"n": 1})
    assert journal.status() == f"Your journal has 1 entry in {path}"
    journal.append({"n": 2})
    assert journal.status() == f"Your journal has 2 entries in {path}"
    with path.open("ab") as handle:
        handle.write(b'{"n": ')
    assert journal.status().endswith("(1 problem: see .problems)")


def test_status_inside_the_course_is_relative(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HELPABLE_JOURNAL", raising=False)
    status = Journal().status()
    older = (NOTEBOOKS_DIR / DEFAULT_FILENAME).exists()  # a journal kept from an older version
    shown = f"notebooks/{DEFAULT_FILENAME}" if older else f"notebooks/.helpable/{DEFAULT_FILENAME}"
    assert shown in status and str(NOTEBOOKS_DIR) not in status


# --- Reading what others wrote ---------------------------------------------------------------


def test_a_live_journal_sees_what_others_append(tmp_path: Path) -> None:
    path = tmp_path / "j.jsonl"
    mine, theirs = Journal(path), Journal(path)
    mine.append({"by": "me"})
    assert theirs.append({"by": "them"}) == 2
    assert [e["by"] for e in mine.entries()] == ["me", "them"]
    assert mine.append({"by": "me"}) == 3


def test_a_replaced_file_is_read_again(tmp_path: Path) -> None:
    path = tmp_path / "j.jsonl"
    journal = Journal(path)
    for n in range(3):
        journal.append({"n": n})
    replacement = tmp_path / "new.jsonl"
    replacement.write_text('{"n": 10}\n', encoding="utf-8")
    os.replace(replacement, path)  # what an editor's "save" does
    assert [e["n"] for e in journal.entries()] == [10]


def test_blank_lines_and_a_byte_order_mark_are_fine(tmp_path: Path) -> None:
    path = tmp_path / "j.jsonl"
    path.write_bytes(b'\xef\xbb\xbf{"n": 1}\n\n   \n{"n": 2}\n\n')
    journal = Journal(path)
    assert [e["n"] for e in journal.entries()] == [1, 2]
    assert journal.problems == [] and journal.path == path


def test_a_folder_means_the_journal_inside_it(tmp_path: Path) -> None:
    journal = Journal(tmp_path)
    assert journal.path == tmp_path / DEFAULT_FILENAME
    journal.append({"n": 1})
    assert (tmp_path / DEFAULT_FILENAME).exists()
