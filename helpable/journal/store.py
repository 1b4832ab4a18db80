"""The journal store: one JSON line per entry, appended under a file lock and fsync'd, never lost.

Where it lives: ``notebooks/my_journal.jsonl``, or what ``HELPABLE_JOURNAL``
names (a file, or a folder to hold ``my_journal.jsonl``).

Each append locks ``<journal>.lock``, writes the whole line with ``O_APPEND``
and fsyncs; bytes already in the file are never changed. A line cut off by a
crash is skipped and listed in :attr:`Journal.problems`. A *damaged* file
(not UTF-8, stray text, unreadable) is left byte-for-byte as it is, and new
entries go to a fresh file beside it, ``my_journal.recovered-1.jsonl``
(then ``-2``, ...), which every later :class:`Journal` reads after the
original. The sentences a learner sees are in :mod:`helpable.journal.messages`.
"""

from __future__ import annotations

import json
import os
import re
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from filelock import FileLock, Timeout

from helpable.journal.entries import STANDARD_COLUMNS as STANDARD_COLUMNS  # for old imports
from helpable.journal.entries import encode_entry, entries_frame
from helpable.journal.lines import O_CLOEXEC, FileLines
from helpable.journal.messages import file_problems, save_failed, say, status_line
from helpable.journal.messages import show_path as show_path  # part of the public API
from helpable.paths import NOTEBOOKS_DIR

if TYPE_CHECKING:
    import pandas as pd

DEFAULT_FILENAME = "my_journal.jsonl"
ENV_VAR = "HELPABLE_JOURNAL"
LOCK_TIMEOUT = 10.0  # seconds an append waits for another writer before giving up
LOCK_POLL = 0.005  # seconds between tries while another writer holds the lock
READ_LOCK_TIMEOUT = 2.0  # a reader waits this long for a writer, then reads anyway


class JournalError(Exception):
    """A journal problem with a plain message that a learner can act on."""

    def __init__(self, message: str, path: Path | None = None) -> None:
        super().__init__(message)
        self.path = path


def default_path() -> Path:
    """Return the journal file: ``HELPABLE_JOURNAL`` if set, else ``notebooks/my_journal.jsonl``.

    If ``HELPABLE_JOURNAL`` names an existing folder, the journal is
    ``my_journal.jsonl`` inside it.
    """
    override = os.environ.get(ENV_VAR, "").strip()
    if not override:
        return NOTEBOOKS_DIR / DEFAULT_FILENAME
    path = Path(override).expanduser()
    return path / DEFAULT_FILENAME if path.is_dir() else path


# --- Recovery files ----------------------------------------------------------------------


def _recovered_files(requested: Path) -> list[tuple[int, Path]]:
    """The fresh files made beside ``requested``, as (number, path), lowest number first."""
    pattern = re.compile(
        re.escape(requested.stem) + r"\.recovered-([1-9][0-9]{0,8})" + re.escape(requested.suffix)
    )
    try:
        names = os.listdir(requested.parent)
    except OSError:
        return []
    found = [
        (int(m.group(1)), requested.parent / name)
        for name in names
        if (m := pattern.fullmatch(name))
    ]
    return sorted(found)


def _recovered_name(requested: Path, number: int) -> Path:
    return requested.with_name(f"{requested.stem}.recovered-{number}{requested.suffix}")


# --- Durable writes ----------------------------------------------------------------------


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _fsync_folder(folder: Path) -> None:
    """Make a new file's name durable too (best effort: not every system allows it)."""
    try:
        fd = os.open(folder, os.O_RDONLY | O_CLOEXEC)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _append_line(target: Path, line: bytes) -> None:
    """Append one line, fsync'd. Never touches bytes already in the file."""
    is_new = not target.exists()
    fd = os.open(target, os.O_RDWR | os.O_APPEND | os.O_CREAT | O_CLOEXEC, 0o666)
    try:
        size = os.fstat(fd).st_size
        if size and os.pread(fd, 1, size - 1) != b"\n":
            line = b"\n" + line  # the last save was cut off: start on a line of our own
        _write_all(fd, line)
        os.fsync(fd)
    finally:
        os.close(fd)
    if is_new:
        _fsync_folder(target.parent)


# --- The journal -------------------------------------------------------------------------


class Journal:
    """A learner's journal file, read and appended safely. See the module docstring."""

    def __init__(
        self, path: Path | str | None = None, *, lock_timeout: float = LOCK_TIMEOUT
    ) -> None:
        requested = Path(path).expanduser() if path is not None else default_path()
        if requested.is_dir():
            requested = requested / DEFAULT_FILENAME
        self.requested: Path = Path(os.path.abspath(requested))
        """The file asked for. New entries go to :attr:`path`, which may be a fresh file."""
        self.lock_path: Path = Path(f"{self.requested}.lock")
        self.lock_timeout = lock_timeout
        self._lock = FileLock(self.lock_path, timeout=lock_timeout, poll_interval=LOCK_POLL)
        self._guard = threading.RLock()
        self._states: dict[Path, FileLines] = {}
        self._chain: list[Path] = [self.requested]
        self.path: Path = self.requested
        """Where new entries go now."""
        self._refresh_for_reading()

    def __repr__(self) -> str:
        return f"Journal({str(self.requested)!r})"

    # Reading

    @contextmanager
    def _read_lock(self) -> Iterator[None]:
        """Hold the lock while reading, when we can, so no half-written line shows up.

        Reading never fails for want of the lock (a read-only folder, say): it
        goes ahead without it.
        """
        held = False
        if self.lock_path.exists():  # no lock file: nobody has saved with this code yet
            try:
                self._lock.acquire(timeout=min(self.lock_timeout, READ_LOCK_TIMEOUT))
                held = True
            except (OSError, RuntimeError):  # includes filelock.Timeout
                held = False
        try:
            yield
        finally:
            if held:
                self._lock.release()

    def _refresh(self) -> None:
        """Re-read every file in the journal (only new bytes) and choose :attr:`path`."""
        recovered = _recovered_files(self.requested)
        chain = [self.requested, *(p for _, p in recovered)]
        self._states = {p: self._states.get(p) or FileLines(p) for p in chain}
        for state in self._states.values():
            state.read()
        self._chain = chain
        newest = self._states[chain[-1]]
        if newest.damaged:
            self.path = _recovered_name(
                self.requested, max((n for n, _ in recovered), default=0) + 1
            )
        else:
            self.path = chain[-1]

    def _refresh_for_reading(self) -> None:
        with self._guard, self._read_lock():
            self._refresh()

    def _count(self) -> int:
        return sum(len(state.entry_texts) for state in self._states.values())

    def entries(self) -> list[dict[str, Any]]:
        """All readable entries, oldest first, across the original file and any fresh ones."""
        with self._guard:
            self._refresh_for_reading()
            texts = [t for p in self._chain for t in self._states[p].entry_texts]
        return [json.loads(text) for text in texts]

    def __len__(self) -> int:
        with self._guard:
            self._refresh_for_reading()
            return self._count()

    @property
    def files(self) -> list[Path]:
        """The journal's files that exist, oldest first."""
        with self._guard:
            self._refresh_for_reading()
            return [p for p in self._chain if self._states[p].exists]

    @property
    def problems(self) -> list[str]:
        """Plain messages about cut-off lines and damaged files, naming file and line."""
        with self._guard:
            self._refresh_for_reading()
            messages: list[str] = []
            for path in self._chain:
                messages.extend(file_problems(self._states[path], self.path))
            return messages

    def status(self) -> str:
        """One friendly line: how many entries, and where new ones go."""
        with self._guard:
            self._refresh_for_reading()
            count = self._count()
            older = [p for p in self._chain if self._states[p].exists and p != self.path]
            problems = self.problems
        return status_line(count, len(older), len(problems), show_path(self.path))

    def to_frame(self) -> pd.DataFrame:
        """One row per entry (see :func:`helpable.journal.entries.entries_frame`)."""
        return entries_frame(self.entries())

    # Writing

    def append(self, entry: Mapping[str, Any]) -> int:
        """Save one entry; return how many entries the journal now holds.

        Adds ``timestamp`` and ``entry_id`` when missing. Raises TypeError if JSON
        cannot hold the entry, and :class:`JournalError` if it cannot be saved.
        """
        _, line = encode_entry(entry)
        with self._guard:
            try:
                self.requested.parent.mkdir(parents=True, exist_ok=True)
                self._lock.acquire()
            except Timeout as exc:
                message = say("journal.save.busy", lock_file=show_path(self.lock_path))
                raise JournalError(message, self.requested) from exc
            except (OSError, RuntimeError) as exc:
                raise JournalError(
                    save_failed(exc, self.lock_path, env_var=ENV_VAR), self.requested
                ) from exc
            try:
                self._refresh()
                target = self.path
                try:
                    _append_line(target, line)
                except OSError as exc:
                    raise JournalError(save_failed(exc, target, env_var=ENV_VAR), target) from exc
                self._refresh()
                return self._count()
            finally:
                self._lock.release()
