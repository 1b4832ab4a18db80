"""The journal store: one JSON line per entry, appended under a file lock and fsync'd, never lost.

Where it lives: ``notebooks/.helpable/my_journal.jsonl`` (a hidden folder, made
on the first save, so that the journal is not opened and edited by accident from
JupyterLab's file browser), or what ``HELPABLE_JOURNAL`` names (a file, or a
folder to hold ``my_journal.jsonl``). A journal that older versions saved as
``notebooks/my_journal.jsonl`` stays in use there while no new one exists:
nothing a learner saved is moved behind their back.

Each append locks ``.<journal name>.lock`` (hidden, so that it does not look
like the journal in a file browser; a ``<journal>.lock`` left by older
versions is locked too while it is there), writes the whole line with
``O_APPEND`` and fsyncs; bytes already in the file are never changed. A save
that fails part-way is taken back (the file is cut back to its old size), so
an entry reported "not saved" is never counted. A line cut off by a crash is
skipped and listed in :attr:`Journal.problems`. A *damaged* file (not UTF-8,
stray text, unreadable) is left byte-for-byte as it is, and new entries go to
a fresh file beside it, ``my_journal.recovered-1.jsonl`` (then ``-2``, ...),
which every later :class:`Journal` reads after the original. A FIFO or a
device is never read nor written: saving says why.

A journal and its recovery files are one unit: :func:`journal_files` lists
them, :func:`move_journal` moves them and :func:`clear_journal` removes them.

Entries saved by this Python session survive the journal being saved over
from an editor: the next save adds back any that went missing, and
:meth:`Journal.take_notice` says so once (see :mod:`helpable.journal.session`).
The sentences a learner sees are in :mod:`helpable.journal.messages`.
"""

from __future__ import annotations

import errno
import os
import re
import stat
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from filelock import FileLock, Timeout

from helpable.journal import kiosk, session
from helpable.journal.entries import STANDARD_COLUMNS as STANDARD_COLUMNS  # for old imports
from helpable.journal.entries import encode_entry, entries_frame
from helpable.journal.lines import O_CLOEXEC, O_NONBLOCK, FileLines, NotAFile, load_entry
from helpable.journal.messages import file_problems, save_failed, say, status_line
from helpable.journal.messages import show_path as show_path  # part of the public API
from helpable.paths import NOTEBOOKS_DIR

if TYPE_CHECKING:
    import pandas as pd

DEFAULT_FILENAME = "my_journal.jsonl"
HIDDEN_FOLDER = ".helpable"
"""The folder beside the lessons that holds the journal (JupyterLab and Voilà hide it)."""
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
    """Return the journal file: ``HELPABLE_JOURNAL`` if set, else the course's journal.

    If ``HELPABLE_JOURNAL`` names an existing folder, the journal is
    ``my_journal.jsonl`` inside it. The course's journal is
    ``notebooks/.helpable/my_journal.jsonl``, unless only an older
    ``notebooks/my_journal.jsonl`` (or a recovery file of it) exists: then that
    one, so that nothing is lost (see :func:`default_is_old_place`). With
    ``HELPABLE_KIOSK=1`` it is this kernel's private journal instead, and
    ``HELPABLE_JOURNAL`` is ignored (see :mod:`helpable.journal.kiosk`).
    """
    if kiosk.enabled():  # a private journal per kernel, never the course's: see kiosk.py
        return kiosk.journal_path(DEFAULT_FILENAME)
    override = os.environ.get(ENV_VAR, "").strip()
    if not override:
        new, old = course_journal_paths()
        return old if journal_files(old) and not journal_files(new) else new
    path = Path(override).expanduser()
    return path / DEFAULT_FILENAME if path.is_dir() else path


def course_journal_paths() -> tuple[Path, Path]:
    """The course's journal: (where it goes now, where older versions saved it)."""
    return NOTEBOOKS_DIR / HIDDEN_FOLDER / DEFAULT_FILENAME, NOTEBOOKS_DIR / DEFAULT_FILENAME


def default_is_old_place() -> bool:
    """True when the default journal is still the older ``notebooks/my_journal.jsonl``."""
    return not os.environ.get(ENV_VAR, "").strip() and default_path() == course_journal_paths()[1]


def _requested(path: Path | str | None) -> Path:
    """The journal file meant by ``path`` (None: the default; a folder: the file inside it)."""
    requested = Path(path).expanduser() if path is not None else default_path()
    if requested.is_dir():
        requested = requested / DEFAULT_FILENAME
    return Path(os.path.abspath(requested))


def lock_file(requested: Path) -> Path:
    """The lock beside a journal: ``.my_journal.jsonl.lock``, hidden in a file browser."""
    return requested.with_name(f".{requested.name}.lock")


def _old_lock_file(requested: Path) -> Path:
    """The lock's name before it was hidden: locked too while it exists (older code uses it)."""
    return Path(f"{requested}.lock")


# --- A journal's family of files ---------------------------------------------------------


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


_RECOVERY = re.compile(r"(?P<stem>.+)\.recovered-[1-9][0-9]{0,8}(?P<suffix>(?:\.[^.]*)?)")


def recovery_owner(path: Path | str) -> Path | None:
    """The journal that ``path`` is a recovery file of (``x.recovered-2.jsonl``: ``x.jsonl``)."""
    path = Path(path)
    match = _RECOVERY.fullmatch(path.name)
    return path.with_name(match["stem"] + match["suffix"]) if match else None


def journal_files(path: Path | str | None = None) -> list[Path]:
    """The journal's files that exist: the journal, then its recovery files, oldest first.

    ``path`` is a journal file or its folder (None: :func:`default_path`). Lock
    files are not part of it. Export, move or clear these together.
    """
    requested = _requested(path)
    family = [requested, *(p for _, p in _recovered_files(requested))]
    return [p for p in family if os.path.lexists(p)]


def _targets(requested: Path, to: Path) -> list[tuple[Path, Path]]:
    """(from, to) for each file of the journal: into a folder, or under a new journal name."""
    pairs = [(requested, requested)] if os.path.lexists(requested) else []
    pairs += [(p, p) for _, p in _recovered_files(requested)]
    if to.is_dir() or (not os.path.lexists(to) and to.suffix.lower() != ".jsonl"):
        return [(p, to / p.name) for p, _ in pairs]  # a folder (made if it is new)
    numbers = dict((p, n) for n, p in _recovered_files(requested))
    return [(p, to if p == requested else _recovered_name(to, numbers[p])) for p, _ in pairs]


def _move_file(source: Path, target: Path) -> None:
    """Move one file without ever replacing ``target`` (FileExistsError if it is there)."""
    try:
        os.link(source, target)
    except FileExistsError:
        raise
    except OSError:  # another disk, or no hard links there: copy, then remove
        with open(source, "rb") as inside, open(target, "xb") as outside:
            try:
                while chunk := inside.read(1 << 20):
                    outside.write(chunk)
                outside.flush()
                os.fsync(outside.fileno())
            except BaseException:
                os.unlink(target)  # ours, half-written: never leave it behind
                raise
    os.unlink(source)


def move_journal(path: Path | str | None, to: Path | str) -> list[Path]:
    """Move a journal and its recovery files as one; return where they went (in order).

    ``to`` is a folder (names kept; a new name without ``.jsonl`` is made as a
    folder) or a new journal file (``done/ana.jsonl``: the
    recovery files become ``done/ana.recovered-1.jsonl``, ...). Nothing is ever
    replaced: if any target exists, nothing moves. A failure part-way moves back
    what was moved. Raises :class:`JournalError` with a plain message.
    """
    requested = _requested(path)
    target = Path(os.path.abspath(Path(to).expanduser()))
    with _holding(requested):
        pairs = _targets(requested, target)
        for _, dest in pairs:
            if os.path.lexists(dest):
                raise JournalError(say("journal.move.taken", file=show_path(dest)), dest)
        moved: list[tuple[Path, Path]] = []
        try:
            for source, dest in reversed(pairs):  # the journal itself goes last
                dest.parent.mkdir(parents=True, exist_ok=True)
                _move_file(source, dest)
                moved.append((source, dest))
        except OSError as exc:
            for source, dest in reversed(moved):
                try:
                    _move_file(dest, source)
                except OSError:
                    pass
            detail = exc.strerror or say("journal.save.no_detail")
            raise JournalError(
                say("journal.move.failed", file=show_path(requested), detail=detail), requested
            ) from exc
        _tidy(requested, {dest.parent for _, dest in pairs})
    return [dest for _, dest in pairs]


def clear_journal(path: Path | str | None = None) -> list[Path]:
    """Remove a journal and its recovery files (at a shared desk, between visitors).

    Returns the files removed. Recovery files go first, so that a failure
    part-way never leaves them without their journal.
    """
    requested = _requested(path)
    with _holding(requested):
        family = journal_files(requested)
        for file in reversed(family):
            try:
                os.unlink(file)
            except FileNotFoundError:
                pass
            except OSError as exc:
                detail = exc.strerror or say("journal.save.no_detail")
                raise JournalError(
                    say("journal.clear.failed", file=show_path(file), detail=detail), file
                ) from exc
        _tidy(requested, set())
    return family


def _tidy(requested: Path, folders: set[Path]) -> None:
    """After a move or clear: drop an old-style lock file, make the names durable, forget."""
    try:
        os.unlink(_old_lock_file(requested))
    except OSError:
        pass
    for folder in {requested.parent, *folders}:
        _fsync_folder(folder)
    session.forget(requested)


def _acquire_all(locks: list[FileLock], requested: Path) -> list[FileLock]:
    """Take a journal's lock, and the old-style one too while that file exists.

    Raises :class:`JournalError` (busy, or not allowed) holding none of them.
    """
    held: list[FileLock] = []
    try:
        for lock in locks:
            if held and not os.path.exists(lock.lock_file):
                continue  # never make an old-style lock file
            lock.acquire()
            held.append(lock)
    except Timeout as exc:
        _release_all(held)
        message = say("journal.save.busy", lock_file=show_path(Path(exc.lock_file)))
        raise JournalError(message, requested) from exc
    except (OSError, RuntimeError) as exc:
        _release_all(held)
        where = Path(getattr(exc, "filename", None) or lock_file(requested))
        raise JournalError(save_failed(exc, where, env_var=ENV_VAR), requested) from exc
    return held


def _release_all(held: list[FileLock]) -> None:
    for lock in reversed(held):
        lock.release()


def _locks_for(requested: Path, timeout: float) -> list[FileLock]:
    return [
        FileLock(p, timeout=timeout, poll_interval=LOCK_POLL)
        for p in (lock_file(requested), _old_lock_file(requested))
    ]


@contextmanager
def _holding(requested: Path, timeout: float = LOCK_TIMEOUT) -> Iterator[None]:
    """Hold the journal's locks while its files are moved or removed."""
    try:
        requested.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise JournalError(save_failed(exc, requested, env_var=ENV_VAR), requested) from exc
    held = _acquire_all(_locks_for(requested, timeout), requested)
    try:
        yield
    finally:
        _release_all(held)


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


def _check_is_file(path: Path) -> None:
    """Raise :class:`NotAFile` for a FIFO, a device or a socket (nothing there is fine)."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return
    if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
        raise NotAFile(errno.EINVAL, "not a regular file", str(path))


def _take_back(fd: int, size: int) -> None:
    """Cut a failed save off again, so that what was reported "not saved" is not counted."""
    try:
        if os.fstat(fd).st_size > size:
            os.ftruncate(fd, size)
            os.fsync(fd)
    except OSError:
        pass  # the reader still skips an unfinished line


def _append_line(target: Path, line: bytes) -> None:
    """Append one line, fsync'd. Never touches bytes already in the file.

    If writing or fsync fails, the file is cut back to its old size (we hold
    the lock, so those bytes are ours) and the error is raised.
    """
    is_new = not target.exists()
    flags = os.O_RDWR | os.O_APPEND | os.O_CREAT | O_CLOEXEC | O_NONBLOCK
    fd = os.open(target, flags, 0o666)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise NotAFile(errno.EINVAL, "not a regular file", str(target))
        if O_NONBLOCK:
            os.set_blocking(fd, True)
        size = info.st_size
        if size and os.pread(fd, 1, size - 1) != b"\n":
            line = b"\n" + line  # the last save was cut off: start on a line of our own
        try:
            _write_all(fd, line)
            os.fsync(fd)
        except OSError:
            _take_back(fd, size)
            raise
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
        self.requested: Path = _requested(path)
        """The file asked for. New entries go to :attr:`path`, which may be a fresh file."""
        self.lock_path: Path = lock_file(self.requested)
        self.lock_timeout = lock_timeout
        self._locks = _locks_for(self.requested, lock_timeout)
        self._guard = threading.RLock()
        self._states: dict[Path, FileLines] = {}
        self._chain: list[Path] = [self.requested]
        self._checked: tuple[tuple[Path, ...], int] | None = None
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
        held = []
        for lock in self._locks:
            if os.path.exists(lock.lock_file):  # no lock file: nobody saved with it
                try:
                    lock.acquire(timeout=min(self.lock_timeout, READ_LOCK_TIMEOUT))
                    held.append(lock)
                except (OSError, RuntimeError):  # includes filelock.Timeout
                    pass
        try:
            yield
        finally:
            for lock in reversed(held):
                lock.release()

    def _refresh(self) -> None:
        """Re-read every file in the journal (only what changed) and choose :attr:`path`."""
        recovered = _recovered_files(self.requested)
        chain = [self.requested, *(p for _, p in recovered)]
        self._states = {p: self._states.get(p) or FileLines(p) for p in chain}
        for state in self._states.values():
            state.read()
        self._chain = chain
        newest = self._states[chain[-1]]
        if newest.damaged and not newest.not_a_file:
            self.path = _recovered_name(
                self.requested, max((n for n, _ in recovered), default=0) + 1
            )
        else:
            self.path = chain[-1]

    def _refresh_for_reading(self) -> None:
        with self._guard, self._read_lock():
            self._refresh()

    def _count(self) -> int:
        return sum(state.count for state in self._states.values())

    def _texts(self) -> list[bytes]:
        return [t for p in self._chain for t in self._states[p].entry_texts]

    def entries(self) -> list[dict[str, Any]]:
        """All readable entries, oldest first, across the original file and any fresh ones."""
        with self._guard:
            self._refresh_for_reading()
            texts = self._texts()
        return [load_entry(text) for text in texts]

    def __len__(self) -> int:
        with self._guard:
            self._refresh_for_reading()
            return self._count()

    @property
    def files(self) -> list[Path]:
        """The journal's files that exist, oldest first (see :func:`journal_files`)."""
        return journal_files(self.requested)

    @property
    def problems(self) -> list[str]:
        """Plain messages about cut-off lines and damaged files, naming file and line."""
        with self._guard:
            self._refresh_for_reading()
            messages: list[str] = []
            for path in self._chain:
                state = self._states[path]
                if state.not_a_file:
                    messages.append(
                        say("journal.problem.not_a_file", file=show_path(path), env_var=ENV_VAR)
                    )
                else:
                    messages.extend(file_problems(state, self.path))
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

    def take_notice(self) -> str | None:
        """A sentence to show the learner once, such as "entries were added back", or None."""
        return session.take_notice(self.requested)

    # Writing

    def _not_a_file(self, target: Path) -> JournalError:
        return JournalError(
            say("journal.save.not_a_file", file=show_path(target), env_var=ENV_VAR), target
        )

    def append(self, entry: Mapping[str, Any]) -> int:
        """Save one entry; return how many entries the journal now holds.

        Adds ``timestamp`` and ``entry_id`` when missing. Raises TypeError if JSON
        cannot hold the entry, and :class:`JournalError` if it cannot be saved.
        """
        record, line = encode_entry(entry)
        with self._guard:
            try:
                _check_is_file(self.requested)  # before making a lock file beside a device
                self.requested.parent.mkdir(parents=True, exist_ok=True)
            except NotAFile as exc:
                raise self._not_a_file(self.requested) from exc
            except OSError as exc:
                raise JournalError(
                    save_failed(exc, self.requested, env_var=ENV_VAR), self.requested
                ) from exc
            held = _acquire_all(self._locks, self.requested)
            try:
                self._refresh()
                target = self.path
                try:
                    if self._states[self._chain[-1]].not_a_file:
                        raise NotAFile(errno.EINVAL, "not a regular file", str(target))
                    ends = self._restore_missing()
                    target = self.path
                    _append_line(target, line)
                except NotAFile as exc:
                    raise self._not_a_file(target) from exc
                except OSError as exc:
                    raise JournalError(save_failed(exc, target, env_var=ENV_VAR), target) from exc
                self._refresh()
                session.remember(self.requested, record.get("entry_id"), line, ends)
                self._checked = self._check_key()
                return self._count()
            finally:
                _release_all(held)

    # Entries saved by this session, kept safe from an editor's "save"

    def _check_key(self) -> tuple[tuple[Path, ...], int]:
        return tuple(self._chain), sum(s.resets for s in self._states.values())

    def _restore_missing(self) -> list[bytes]:
        """Add back entries this session saved that are gone from the file; see :mod:`session`.

        Returns the journal's first and last entry lines, for a session's first save.
        Called with the lock held, after :meth:`_refresh`.
        """
        states = [self._states[p] for p in self._chain]
        texts = self._texts()
        ends = [texts[0], texts[-1]] if texts else []
        if self._checked == self._check_key() or any(s.unreadable for s in states):
            return ends  # nothing was replaced since we last looked (or we cannot look)
        missing = session.missing(self.requested, texts, exists=any(s.exists for s in states))
        for old_line in missing:
            _append_line(self.path, old_line)
        if missing:
            session.tell(
                self.requested,
                say("journal.restored_one")
                if len(missing) == 1
                else say("journal.restored_many", count=len(missing)),
            )
            self._refresh()
        self._checked = self._check_key()
        return ends
