"""Hardening the journal: big cut-off tails, moving a journal with its recovery files,
saves cut before their newline, FIFOs and /dev/full, huge integers, and hand edits.

Each test names the item of the "Hardening" issue that it covers.
"""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
import textwrap
import tracemalloc
from pathlib import Path
from typing import Any

import pytest

from helpable.instructor.collect import find_journals
from helpable.journal import lines as lines_module
from helpable.journal import store
from helpable.journal.store import Journal, JournalError

HANG_TIMEOUT = 120  # seconds: generous, only so that a hang fails instead of blocking the run
MB = 1 << 20


def run_isolated(code: str, env: dict[str, str], *, memory_limit: int | None = None) -> str:
    """Run ``code`` in a fresh Python; a hang (or runaway memory) fails the test."""
    limit = None
    if memory_limit is not None:
        import resource

        def limit() -> None:
            resource.setrlimit(resource.RLIMIT_AS, (memory_limit, memory_limit))

    proc = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=HANG_TIMEOUT,
        env={**os.environ, **env},
        preexec_fn=limit,
    )
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stdout + proc.stderr
    return proc.stdout


# --- Item 4: a big cut-off tail is read in little memory, and classified once -------------


def _big_tail(shape: str, size: int) -> bytes:
    if shape == "text":
        return b'{"kind": "reflection", "text": "' + b"I asked a friend for a coffee. " * (
            size // 31
        )
    if shape == "emoji text":  # one emoji in plain text: Python would hold it as 4 bytes/char
        return b'{"kind": "reflection", "text": "' + "Merci \U0001f64f beaucoup ".encode() * (
            size // 20
        )
    if shape == "escapes":
        return b'{"kind": "reflection", "text": "' + b'caf\\u00e9 \\n\\"ok\\" ' * (size // 20)
    if shape == "findings":  # many small dicts in a list
        finding = b'{"rule": "risk", "start": 10, "end": 22, "phrase": "refer me for"}, '
        return b'{"kind": "rewrite", "findings": [' + finding * (size // len(finding))
    if shape == "stray text":  # a damaged tail, not a cut-off one
        return b"Notes I typed here by mistake: " + b"call Sam on Monday, " * (size // 20)
    raise AssertionError(shape)


@pytest.mark.parametrize("shape", ["text", "emoji text", "escapes", "findings", "stray text"])
def test_item4_a_big_tail_is_read_within_a_few_times_the_file_size(
    tmp_path: Path, shape: str
) -> None:
    path = tmp_path / "my_journal.jsonl"
    path.write_bytes(b'{"n": 1}\n{"n": 2}\n' + _big_tail(shape, 5 * MB))
    size = path.stat().st_size
    Journal(tmp_path / "warm-up.jsonl").status()  # load the sentences before measuring

    tracemalloc.start()
    try:
        journal = Journal(path)
        count, problems, status = len(journal), journal.problems, journal.status()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()

    assert peak < 4 * size, f"{peak / size:.1f} bytes of memory per byte of journal"
    assert count == 2 and [e["n"] for e in journal.entries()] == [1, 2]
    (problem,) = problems
    assert "line 3" in problem
    if shape == "stray text":
        assert "damaged" in problem and journal.path != path
    else:
        assert "cut off" in problem and journal.path == path
    assert "2 entries" in status


def test_item4_a_tail_is_classified_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "my_journal.jsonl"
    path.write_bytes(b'{"n": 1}\n{"n": 2, "text": "cut off her')
    journal = Journal(path)
    assert journal.problems and len(journal) == 1

    parsed: list[str] = []
    real_decode = json.JSONDecoder.decode

    def counting_decode(self: json.JSONDecoder, s: Any, *args: Any, **kwargs: Any) -> Any:
        parsed.append(s if isinstance(s, str) else str(s))
        return real_decode(self, s, *args, **kwargs)

    monkeypatch.setattr(json.JSONDecoder, "decode", counting_decode)
    for _ in range(3):
        assert len(journal) == 1
        assert len(journal.problems) == 1
        journal.status()
    assert parsed == [], "the unchanged file was parsed again"

    with path.open("ab") as handle:  # a change to the file is still seen
        handle.write(b'e"}\n{"n": 3}\n')
    assert [e["n"] for e in journal.entries()] == [1, 2, 3]
    assert journal.problems == []


def test_item4_the_lean_reader_sorts_every_prefix_like_the_quick_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Big lines are read a leaner way; it must sort lines exactly as small lines are sorted."""
    samples = [
        json.dumps(
            {
                "kind": "rewrite",
                "text": 'Caf\u00e9 \U0001f64f "quoted" \\ back\tslash \u2028 \ud7ff',
                "score": -12.5e-3,
                "big": 10**30,
                "ok": [True, False, None, {"a": []}],
            },
            ensure_ascii=False,
        ).encode(),
        json.dumps({"text": "\u00e9\U0001f600", "n": 0}).encode(),  # \u escapes, surrogate pair
    ]
    strays = [
        b"hello",
        b'{"a": 1} trailing',
        b'{"a": 1,}',
        b"[1, 2",
        b'"just text',
        b"42",
        b'{"a": 0123',
        b'{"a": 1.5.',
        b'{"a": "b\tc',
        b"\xff\xfe",
        b'{"a": "caf\xe9"}',
        b" \t ",
        b"\xc2\xa0",
        b'{"a": tru',
        b'{"a": -I',
        b'{"a": "\xed\xa0',
        b'{"a": "\xf4\x90',
        b'{"a": "\xe0\x80',
        b'{"a": "\xf0\x9f',
        b'{"a":' + b"[" * 3000,
    ]
    for cases in (samples, strays):
        for data in cases:
            prefixes = (
                [data[:end] for end in range(1, len(data) + 1)] if cases is samples else [data]
            )
            quick = [lines_module.classify(p, first=True) for p in prefixes]
            monkeypatch.setattr(lines_module, "LEAN_BYTES", 0)
            lean = [lines_module.classify(p, first=True) for p in prefixes]
            monkeypatch.undo()
            assert lean == quick, data
    assert [lines_module.classify(s, first=False)[0] for s in samples] == ["entry", "entry"]


# --- Item 5: a journal and its recovery files move and clear as one ----------------------


def _family(tmp_path: Path) -> tuple[Path, list[Path]]:
    """A journal whose first file was damaged twice: the journal and two recovery files."""
    path = tmp_path / "my_journal.jsonl"
    path.write_bytes(b'{"who": "visitor 1", "n": 0}\ngarbage\n')
    Journal(path).append({"who": "visitor 1", "n": 1})
    first = tmp_path / "my_journal.recovered-1.jsonl"
    first.write_bytes(first.read_bytes() + b"more garbage\n")
    Journal(path).append({"who": "visitor 1", "n": 2})
    second = tmp_path / "my_journal.recovered-2.jsonl"
    assert second.exists()
    return path, [path, first, second]


def test_item5_the_family_of_files_is_listed(tmp_path: Path) -> None:
    path, family = _family(tmp_path)
    for name in (
        "other.jsonl",
        "my_journal.recovered-x.jsonl",
        "my_journal.jsonl.lock",
        "my_journal.recovered-3.jsonl.bak",
        "my_journal.recovered-0.jsonl",
    ):
        (tmp_path / name).write_text("x\n", encoding="utf-8")
    assert store.journal_files(path) == family
    assert store.journal_files(tmp_path) == family  # a folder means the journal inside it
    assert Journal(path).files == family
    assert store.journal_files(tmp_path / "none.jsonl") == []


def test_item5_moving_to_a_folder_takes_the_recovery_files_too(tmp_path: Path) -> None:
    path, family = _family(tmp_path)
    desk = Journal(path)
    assert [e["n"] for e in desk.entries()] == [0, 1, 2]
    archive = tmp_path / "archive"
    archive.mkdir()

    moved = store.move_journal(path, archive)

    assert moved == [archive / p.name for p in family]
    assert [e["n"] for e in Journal(archive / path.name).entries()] == [0, 1, 2]
    assert store.journal_files(path) == []
    assert desk.entries() == [] and len(Journal(path)) == 0  # the next visitor starts fresh
    assert desk.append({"who": "visitor 2"}) == 1
    assert [e["who"] for e in Journal(path).entries()] == ["visitor 2"]
    assert "older file" not in Journal(path).status()


def test_item5_moving_to_a_new_name_renames_the_recovery_files(tmp_path: Path) -> None:
    path, _ = _family(tmp_path)
    target = tmp_path / "done" / "visitor-1.jsonl"  # a folder that is not there yet

    moved = store.move_journal(path, target)

    done = tmp_path / "done"
    assert moved == [
        target,
        done / "visitor-1.recovered-1.jsonl",
        done / "visitor-1.recovered-2.jsonl",
    ]
    assert [e["n"] for e in Journal(target).entries()] == [0, 1, 2]
    assert find_journals([done])[0] == [target.resolve()]  # the report reads them as one
    assert store.journal_files(path) == []


def test_item5_moving_never_replaces_a_file(tmp_path: Path) -> None:
    path, family = _family(tmp_path)
    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "my_journal.recovered-2.jsonl").write_text("someone else's\n", encoding="utf-8")
    before = {p: p.read_bytes() for p in family}

    with pytest.raises(JournalError, match="already"):
        store.move_journal(path, archive)

    assert {p: p.read_bytes() for p in family} == before  # nothing moved
    assert (archive / "my_journal.recovered-2.jsonl").read_text() == "someone else's\n"
    assert sorted(p.name for p in archive.iterdir()) == ["my_journal.recovered-2.jsonl"]


def test_item5_clearing_removes_the_whole_family(tmp_path: Path) -> None:
    path, family = _family(tmp_path)
    (tmp_path / "my_journal.jsonl.lock").write_text("", encoding="utf-8")  # an old lock name
    (tmp_path / "keep.jsonl").write_text('{"n": 9}\n', encoding="utf-8")

    assert store.clear_journal(path) == family

    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith(".")) == [
        "keep.jsonl"
    ]
    assert Journal(path).entries() == [] and Journal(path).problems == []
    assert store.clear_journal(path) == []  # nothing left: not an error


# --- Item 10: a save cut before its newline is either saved and counted, or neither -------


def test_item10_a_write_that_fails_on_the_newline_is_not_counted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "my_journal.jsonl"
    journal = Journal(path)
    journal.append({"n": 1})
    real_write = os.write

    def fails_on_the_last_byte(fd: int, data: Any) -> int:
        data = bytes(data)
        if len(data) > 1:
            return real_write(fd, data[:-1])  # a short write: all but the newline
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(store.os, "write", fails_on_the_last_byte)
    with pytest.raises(JournalError, match="not saved"):
        journal.append({"n": 2})
    monkeypatch.undo()

    assert len(journal) == 1 and len(Journal(path)) == 1  # "not saved", and not counted
    assert journal.append({"n": 2}) == 2  # the retry
    assert [e["n"] for e in Journal(path).entries()] == [1, 2]  # once, not twice
    assert Journal(path).problems == []
    assert path.read_bytes().endswith(b"}\n")


def test_item10_a_failed_fsync_is_not_counted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "my_journal.jsonl"
    journal = Journal(path)
    journal.append({"n": 1})
    calls = []

    def fsync_fails_once(fd: int) -> None:
        calls.append(fd)
        if len(calls) == 1:
            raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(store.os, "fsync", fsync_fails_once)
    with pytest.raises(JournalError, match="not saved"):
        journal.append({"n": 2})
    monkeypatch.undo()
    assert len(Journal(path)) == 1
    assert journal.append({"n": 2}) == 2
    assert [e["n"] for e in Journal(path).entries()] == [1, 2]


# --- Item 11: a FIFO or /dev/full never hangs, and says "not saved" ----------------------

SPECIAL = """
from helpable.journal import Journal, JournalError
journal = Journal()
print("count", len(journal), journal.entries())
print("problems", journal.problems)
print("status", journal.status())
try:
    journal.append({"n": 1})
except JournalError as exc:
    print("error", exc)
else:
    print("saved")
"""


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_item11_a_fifo_journal_does_not_hang(tmp_path: Path) -> None:
    fifo = tmp_path / "journal.jsonl"
    os.mkfifo(fifo)
    out = run_isolated(SPECIAL, {"HELPABLE_JOURNAL": str(fifo)})
    assert "count 0 []" in out
    (error,) = [line for line in out.splitlines() if line.startswith("error ")]
    assert "not saved" in error and "journal.jsonl" in error and "HELPABLE_JOURNAL" in error
    assert os.listdir(tmp_path) == ["journal.jsonl"]  # no lock or recovery file beside it


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full on this system")
def test_item11_dev_full_says_not_saved() -> None:
    before = set(os.listdir("/dev"))
    try:
        out = run_isolated(SPECIAL, {"HELPABLE_JOURNAL": "/dev/full"}, memory_limit=4 << 30)
    finally:
        made = set(os.listdir("/dev")) - before
        for name in made:  # never leave a lock or a recovery file in /dev, even on failure
            if "full" in name and Path("/dev", name).is_file():
                Path("/dev", name).unlink()
    assert not made, made  # nothing was made in /dev
    assert "count 0 []" in out
    (error,) = [line for line in out.splitlines() if line.startswith("error ")]
    assert "not saved" in error and "/dev/full" in error


# --- Item 14: an integer too long for Python's int() does not damage the journal ---------


@pytest.mark.parametrize("last", [False, True])
def test_item14_a_huge_integer_is_one_entry(tmp_path: Path, last: bool) -> None:
    path = tmp_path / "my_journal.jsonl"
    digits = "7" * 5000
    rows = [b'{"n": 1}', f'{{"n": 2, "score": {digits}}}'.encode(), b'{"n": 3}']
    if last:
        rows.append(rows.pop(1))
    path.write_bytes(b"\n".join(rows) + (b"" if last else b"\n"))

    journal = Journal(path)
    assert journal.path == path and journal.problems == []  # not damaged
    entries = journal.entries()
    assert sorted(e["n"] for e in entries) == [1, 2, 3]
    (big,) = [e for e in entries if e["n"] == 2]
    assert str(big["score"]) == digits  # kept, as its digits
    frame = journal.to_frame()
    assert len(frame) == 3
    frame.to_csv(tmp_path / "out.csv")
    assert journal.append({"n": 4}) == 4


# --- Item 15: a hand-edited journal keeps what the course said was saved -----------------


def _lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_bytes().splitlines() if line.strip()]


@pytest.mark.parametrize("how", ["in place", "replaced", "in place, longer"])
def test_item15_an_editor_save_does_not_lose_saved_entries(tmp_path: Path, how: str) -> None:
    path = tmp_path / "my_journal.jsonl"
    path.write_bytes(b'{"n": 0, "entry_id": "from-last-week"}\n')
    journal = Journal(path)
    journal.append({"n": 1})
    stale = path.read_bytes()  # what the editor opened
    journal.append({"n": 2})
    journal.append({"n": 3})

    edited = stale.replace(b'"n": 0', b'"n": 0, "note": "edited by hand"')
    if how == "in place, longer":
        edited += b'{"n": 10, "note": "typed in the editor, a long line ' + b"x" * 400 + b'"}\n'
    if how == "replaced":
        (tmp_path / "tmp.jsonl").write_bytes(edited)
        os.replace(tmp_path / "tmp.jsonl", path)  # a new file, as some editors save
    else:
        with path.open("wb") as handle:  # the same file, rewritten (JupyterLab's way)
            handle.write(edited)

    assert journal.append({"n": 4}) == (6 if how == "in place, longer" else 5)
    ns = [e["n"] for e in Journal(path).entries()]
    assert sorted(ns) == sorted([0, 1, 2, 3, 4] + ([10] if how == "in place, longer" else []))
    assert ns[-1] == 4 and ns.index(2) < ns.index(3)
    assert Journal(path).problems == [] and Journal(path).path == path
    assert _lines(path)[0]["note"] == "edited by hand"  # the learner's edit is kept

    notice = journal.take_notice()
    assert notice and "2" in notice and "Traceback" not in notice
    assert journal.take_notice() is None  # told once
    assert journal.append({"n": 5}) == len(ns) + 1  # nothing restored twice


def test_item15_a_new_journal_object_still_restores(tmp_path: Path) -> None:
    path = tmp_path / "my_journal.jsonl"
    Journal(path).append({"n": 1})
    stale = path.read_bytes()
    Journal(path).append({"n": 2})
    path.write_bytes(stale)
    assert Journal(path).append({"n": 3}) == 3
    assert [e["n"] for e in Journal(path).entries()] == [1, 2, 3]


def test_item15_a_journal_moved_away_is_not_brought_back(tmp_path: Path) -> None:
    """At a shared desk the file is moved (perhaps from another program): start fresh."""
    path = tmp_path / "my_journal.jsonl"
    journal = Journal(path)
    journal.append({"who": "visitor 1"})
    journal.append({"who": "visitor 1"})
    os.rename(path, tmp_path / "visitor-1.jsonl")

    assert journal.append({"who": "visitor 2"}) == 1
    assert [e["who"] for e in Journal(path).entries()] == ["visitor 2"]
    assert journal.take_notice() is None


def test_item15_someone_elses_new_journal_is_left_alone(tmp_path: Path) -> None:
    """Moved away and started again by another program: not an edit of our journal."""
    path = tmp_path / "my_journal.jsonl"
    journal = Journal(path)
    journal.append({"who": "visitor 1"})
    os.rename(path, tmp_path / "visitor-1.jsonl")
    run_isolated(  # another kernel: the next visitor's
        "from helpable.journal import Journal\n"
        f"Journal({str(path)!r}).append({{'who': 'visitor 2'}})",
        {},
    )

    assert journal.append({"who": "visitor 2"}) == 2
    assert [e["who"] for e in Journal(path).entries()] == ["visitor 2", "visitor 2"]


def test_item15_move_and_clear_forget_this_sessions_entries(tmp_path: Path) -> None:
    path = tmp_path / "my_journal.jsonl"
    journal = Journal(path)
    journal.append({"who": "visitor 1"})
    store.move_journal(path, tmp_path / "visitor-1.jsonl")
    journal.append({"who": "visitor 2"})
    path.write_bytes(b"")  # emptied by hand
    assert journal.append({"who": "visitor 2, again"}) == 2  # visitor 2's entry comes back
    assert [e["who"] for e in Journal(path).entries()] == ["visitor 2", "visitor 2, again"]
    store.clear_journal(path)
    assert journal.append({"who": "visitor 3"}) == 1


def test_item15_the_lock_file_is_hidden(tmp_path: Path) -> None:
    path = tmp_path / "my_journal.jsonl"
    Journal(path).append({"n": 1})
    visible = [p.name for p in tmp_path.iterdir() if not p.name.startswith(".")]
    assert visible == ["my_journal.jsonl"]
    assert Journal(path).lock_path.name.startswith(".")


def test_item15_an_old_lock_file_is_harmless(tmp_path: Path) -> None:
    path = tmp_path / "my_journal.jsonl"
    old = tmp_path / "my_journal.jsonl.lock"
    old.write_bytes(b"")
    journal = Journal(path)
    assert journal.append({"n": 1}) == 1 and journal.append({"n": 2}) == 2
    assert journal.files == [path] and store.journal_files(path) == [path]
    assert find_journals([tmp_path])[0] == [path.resolve()]


@pytest.mark.parametrize("kept", [True, False])
def test_item15_an_old_line_kept_by_the_editor_shows_it_is_our_journal(
    tmp_path: Path, kept: bool
) -> None:
    """Lines from before this session (with no entry_id) tell an edited copy from a new file."""
    path = tmp_path / "my_journal.jsonl"
    path.write_bytes(b'{"n": 0}\n')  # written by hand, or by an older version: no entry_id
    journal = Journal(path)
    journal.append({"n": 1})
    path.write_bytes(b'{"n": 0}\n' if kept else b'{"n": 10}\n')  # saved over from an editor

    journal.append({"n": 2})
    expected = [0, 1, 2] if kept else [10, 2]  # a journal that is not ours is left alone
    assert [e["n"] for e in Journal(path).entries()] == expected
