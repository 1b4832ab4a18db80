"""The learner journal: every saved rewrite and note, one JSON line each, never lost.

Where it lives
    ``notebooks/my_journal.jsonl``, beside the notebooks, so that a learner sees it
    in JupyterLab's file browser and can download it. Git ignores it. The
    ``HELPABLE_JOURNAL`` environment variable points somewhere else (a file, or a
    folder to hold ``my_journal.jsonl``).

Format
    JSON Lines: one JSON object per line, UTF-8, non-ASCII text kept as it is.
    :meth:`Journal.append` accepts any JSON-safe mapping and adds ``timestamp``
    (ISO 8601, UTC, whole seconds) and ``entry_id`` (a uuid4 hex string) when
    they are missing. The pitch workshop writes these fields:

    ``kind``             ``"rewrite"``
    ``pitch_id``         the approach's id in ``data/approaches.csv``
    ``original``         the pitch as the dataset gives it
    ``rewrite``          the learner's version
    ``broken``           rule keys the rewrite still breaks (a list of str)
    ``score``            the rewrite's ease-of-yes score (int)
    ``original_broken``  rule keys the original breaks (a list of str)
    ``original_score``   the original's score (int)
    ``findings``         the rewrite's findings (a list of dicts)
    ``note``             optional: the learner's own note

    Reflections (``helpable.ui.widgets.reflection``) write ``kind="reflection"``,
    ``notebook``, ``prompt`` and ``text``.

Durability
    Each append takes a file lock on ``<journal>.lock`` (so two kernels never mix
    their lines), opens the file with ``O_APPEND``, writes the whole line, calls
    ``fsync`` and closes it. Existing bytes are never changed. If the file ends
    without a newline (a save cut off by a crash), the new entry first gets a
    newline of its own, so it starts on a fresh line.

Problems, and what happens
    *Cut off*: a line that is the start of an entry but stops part-way, because a
    save was interrupted. It is skipped and listed in :attr:`Journal.problems`.
    The file is still healthy; new entries keep going to it.

    *Damaged*: the file is not UTF-8 text, holds a line that is neither an entry
    nor a cut-off entry (for example, stray text typed into it), or cannot be
    opened. A damaged file is never truncated, rewritten, moved or overwritten:
    it stays byte-for-byte as it is. Its readable entries are still read,
    :attr:`Journal.problems` says where it is, and new entries go to a fresh file
    beside it, ``my_journal.recovered-1.jsonl`` (then ``-2``, and so on: one more
    than the highest number there). Every later ``Journal()`` finds those files
    again, reads them in order after the original, and keeps writing to the
    newest one while it stays healthy.

Errors
    A problem a learner can act on (a read-only folder, a full disk, a journal
    busy for too long) raises :class:`JournalError` with a plain message. An entry
    that JSON cannot hold raises :class:`TypeError` naming the field.
"""

from __future__ import annotations

import errno
import json
import math
import os
import re
import stat
import threading
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from filelock import FileLock, Timeout

from helpable.paths import COURSE_ROOT, NOTEBOOKS_DIR

if TYPE_CHECKING:
    import pandas as pd

DEFAULT_FILENAME = "my_journal.jsonl"
ENV_VAR = "HELPABLE_JOURNAL"
LOCK_TIMEOUT = 10.0  # seconds an append waits for another writer before giving up
LOCK_POLL = 0.005  # seconds between tries while another writer holds the lock
READ_LOCK_TIMEOUT = 2.0  # a reader waits this long for a writer, then reads anyway

STANDARD_COLUMNS: tuple[str, ...] = (
    "timestamp",
    "entry_id",
    "kind",
    "pitch_id",
    "original",
    "rewrite",
    "broken",
    "score",
    "original_broken",
    "original_score",
    "findings",
    "note",
)
"""The columns :meth:`Journal.to_frame` always has, in this order; other fields follow."""

_BOM = b"\xef\xbb\xbf"
_O_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_MAX_LISTED = 5  # cut-off lines named one by one in `problems`, per file


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


# --- Reading -----------------------------------------------------------------------------


def _looks_cut_off(text: str) -> bool:
    """True if ``text`` is the start of a JSON object that stops part-way.

    That is what an interrupted save leaves behind. Stray text, a whole value
    with junk after it, or anything that is not an object is not "cut off".
    """
    i, n = 0, len(text)
    stack: list[str] = []
    expect = "top"  # top, value, value_or_close, key, key_or_close, colon, comma_or_close
    while i < n:
        ws = _WS.match(text, i)
        if ws.end() > i:
            i = ws.end()
            continue
        ch = text[i]
        if expect in ("key", "key_or_close") and _PARTIAL_STRING.fullmatch(text, i):
            return True  # stops inside a key
        if expect in ("value", "value_or_close") and _PARTIAL_VALUE.fullmatch(text, i):
            return True  # stops inside a string, number or true/false/null
        if ch == "{" and expect in ("top", "value", "value_or_close"):
            stack.append("{")
            expect = "key_or_close"
        elif ch == "[" and expect in ("value", "value_or_close"):
            stack.append("[")
            expect = "value_or_close"
        elif ch in "}]" and stack and stack[-1] == _OPENER[ch] and expect in _CLOSE_AFTER[ch]:
            stack.pop()
            if not stack:
                return False  # a whole object (with something after it, or it would have parsed)
            expect = "comma_or_close"
        elif ch == ":" and expect == "colon":
            expect = "value"
        elif ch == "," and expect == "comma_or_close":
            expect = "key" if stack[-1] == "{" else "value"
        elif ch == '"' and expect in ("key", "key_or_close", "value", "value_or_close"):
            match = _STRING.match(text, i)
            if match is None:
                return False
            i = match.end()
            expect = "colon" if expect.startswith("key") else "comma_or_close"
            continue
        elif expect in ("value", "value_or_close") and (match := _SCALAR.match(text, i)):
            i = match.end()
            expect = "comma_or_close"
            continue
        else:
            return False
        i += 1
    return bool(stack)


_OPENER = {"}": "{", "]": "["}
_CLOSE_AFTER = {"}": ("key_or_close", "comma_or_close"), "]": ("value_or_close", "comma_or_close")}
_WS = re.compile(r"[ \t\r]*")
_STRING_BODY = r'(?:[^"\\\x00-\x1f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*'
_STRING = re.compile(rf'"{_STRING_BODY}"')
_PARTIAL_STRING = re.compile(rf'"{_STRING_BODY}(?:\\(?:u[0-9a-fA-F]{{0,3}})?)?')
_SCALAR = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?|true|false|null")
_PARTIAL_VALUE = re.compile(
    rf'"{_STRING_BODY}(?:\\(?:u[0-9a-fA-F]{{0,3}})?)?'
    r"|-?(?:(?:0|[1-9][0-9]*)(?:\.[0-9]*)?(?:[eE][+-]?[0-9]*)?)?"
    r"|t(?:ru?)?|f(?:a(?:ls?)?)?|n(?:ul?)?|true|false|null"
)

_NOT_UTF8 = "is not UTF-8 text"
_NOT_ENTRY = "is not a journal entry"


def _classify(raw: bytes, *, first: bool) -> tuple[str, str]:
    """Sort one line (without its newline) into entry, blank, cut or bad.

    Returns ``("entry", json_text)``, ``("blank", "")``, ``("cut", "")`` or
    ``("bad", why)``.
    """
    if first and raw.startswith(_BOM):
        raw = raw[len(_BOM) :]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A save cut off in the middle of a character leaves a partial character at the end.
        if exc.end == len(raw) and exc.reason == "unexpected end of data":
            head = raw[: exc.start].decode("utf-8")
            return ("cut", "") if _looks_cut_off(head) else ("bad", _NOT_UTF8)
        return ("bad", _NOT_UTF8)
    if not text.strip():
        return ("blank", "")
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):
        return ("cut", "") if _looks_cut_off(text) else ("bad", _NOT_ENTRY)
    if not isinstance(value, dict):
        return ("bad", _NOT_ENTRY)
    return ("entry", text)


@dataclass
class _FileState:
    """What has been read from one journal file so far (appends only add to the end)."""

    path: Path
    exists: bool = False
    unreadable: str | None = None  # why the file could not be opened or read
    ident: tuple[int, int] | None = None  # (device, inode), to notice a replaced file
    offset: int = 0  # bytes of whole lines already read
    lines: int = 0  # whole lines already read
    texts: list[str] = field(default_factory=list)  # each entry's JSON text, in order
    cut: list[int] = field(default_factory=list)  # line numbers of cut-off lines
    bad_first: tuple[int, str] | None = None  # the first line that makes the file damaged
    bad_count: int = 0
    tail: tuple[str, str] | None = None  # the last line when it has no newline yet

    def reset(self) -> None:
        self.__init__(self.path)  # type: ignore[misc]

    @property
    def damaged(self) -> bool:
        tail_bad = self.tail is not None and self.tail[0] == "bad"
        return self.unreadable is not None or self.bad_count > 0 or tail_bad

    @property
    def entry_texts(self) -> list[str]:
        if self.tail is not None and self.tail[0] == "entry":
            return [*self.texts, self.tail[1]]
        return list(self.texts)

    def read(self) -> None:
        """Read whatever was added since last time (or everything, if the file changed)."""
        try:
            fd = os.open(self.path, os.O_RDONLY | _O_CLOEXEC)
        except FileNotFoundError:
            self.reset()
            return
        except OSError as exc:
            self.reset()
            self.exists, self.unreadable = True, _reason(exc)
            return
        try:
            info = os.fstat(fd)
            if stat.S_ISDIR(info.st_mode):
                raise IsADirectoryError(errno.EISDIR, "Is a directory", str(self.path))
            ident = (info.st_dev, info.st_ino)
            if ident != self.ident or info.st_size < self.offset or self.unreadable:
                self.reset()
                self.ident = ident
            self.exists = True
            data = _read_from(fd, self.offset)
        except OSError as exc:
            self.reset()
            self.exists, self.unreadable = True, _reason(exc)
            return
        finally:
            os.close(fd)
        end = data.rfind(b"\n") + 1
        for raw in data[:end].split(b"\n")[:-1]:
            self.lines += 1
            self._take(*_classify(raw, first=self.lines == 1), line=self.lines)
        self.offset += end
        tail = _classify(data[end:], first=self.lines == 0) if end < len(data) else None
        self.tail = None if tail is None or tail[0] == "blank" else tail

    def _take(self, kind: str, value: str, *, line: int) -> None:
        if kind == "entry":
            self.texts.append(value)
        elif kind == "cut":
            self.cut.append(line)
        elif kind == "bad":
            self.bad_count += 1
            if self.bad_first is None:
                self.bad_first = (line, value)


def _read_from(fd: int, offset: int) -> bytes:
    chunks = []
    while chunk := os.pread(fd, 1 << 20, offset):
        chunks.append(chunk)
        offset += len(chunk)
    return b"".join(chunks)


def _reason(exc: OSError) -> str:
    if isinstance(exc, IsADirectoryError):
        return "it is a folder, not a file"
    if isinstance(exc, PermissionError):
        return "permission denied"
    return (exc.strerror or str(exc)).lower()


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


def show_path(path: Path) -> str:
    """A path as a learner sees it: relative to the course folder when inside it."""
    try:
        return path.relative_to(COURSE_ROOT).as_posix()
    except ValueError:
        return str(path)


# --- Writing -----------------------------------------------------------------------------


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _json_default(value: Any) -> Any:
    """Let numpy numbers (from pandas) through as plain Python numbers."""
    if type(value).__module__ == "numpy" and hasattr(value, "item"):
        item = value.item()
        if isinstance(item, bool | int | float | str):
            return item
    raise TypeError(f"a {type(value).__name__} is not JSON-safe")


def _find_unsafe(value: Any, where: str, seen: frozenset[int] = frozenset()) -> str | None:
    """Describe the first part of ``value`` that JSON cannot hold, or None."""
    if value is None or isinstance(value, bool | int):
        return None
    if isinstance(value, float):
        return None if math.isfinite(value) else f"{where} is {value!r}, which JSON cannot hold"
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return f"{where} holds a broken character (a lone surrogate)"
        return None
    if id(value) in seen:
        return f"{where} contains itself"
    if isinstance(value, Mapping):
        for key, item in value.items():
            if not isinstance(key, str | int | float | bool) and key is not None:
                return f"{where} has a key of type {type(key).__name__}; keys must be text"
            found = _find_unsafe(item, f"{where}[{key!r}]", seen | {id(value)})
            if found:
                return found
        return None
    if isinstance(value, list | tuple):
        for index, item in enumerate(value):
            found = _find_unsafe(item, f"{where}[{index}]", seen | {id(value)})
            if found:
                return found
        return None
    try:
        return _find_unsafe(_json_default(value), where, seen)
    except TypeError:
        return f"{where} holds a value of type {type(value).__name__}"


def _encode_entry(entry: Mapping[str, Any]) -> tuple[dict[str, Any], bytes]:
    """Add ``timestamp`` and ``entry_id`` if missing; return the record and its line as bytes.

    Raises TypeError, naming the field, if JSON cannot hold the entry.
    """
    if not isinstance(entry, Mapping):
        raise TypeError(f"A journal entry must be a dict, not {type(entry).__name__}.")
    record: dict[str, Any] = {"timestamp": _now(), "entry_id": uuid.uuid4().hex}
    for key, value in entry.items():
        if not isinstance(key, str):
            raise TypeError(f"Journal field names must be text; {key!r} is not.")
        record[key] = value
    try:
        text = json.dumps(record, ensure_ascii=False, allow_nan=False, default=_json_default)
        line = (text + "\n").encode("utf-8")
    except (TypeError, ValueError) as exc:
        where = None
        for key, value in record.items():
            where = _find_unsafe(value, f"field {key!r}")
            if where:
                break
        raise TypeError(
            f"This journal entry cannot be saved: {where or exc}. Use only text, numbers, "
            "True/False, None, and lists or dicts of those."
        ) from exc
    return record, line


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _fsync_folder(folder: Path) -> None:
    """Make a new file's name durable too (best effort: not every system allows it)."""
    try:
        fd = os.open(folder, os.O_RDONLY | _O_CLOEXEC)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _explain(exc: BaseException, path: Path) -> str:
    """A plain sentence for an OS error met while saving to ``path``."""
    shown = show_path(path)
    code = getattr(exc, "errno", None)
    if code in (errno.ENOSPC, errno.EDQUOT):
        return (
            f"Your entry was not saved: the disk is full (saving to {shown}). "
            "Free some space, then save again."
        )
    if code in (errno.EACCES, errno.EPERM, errno.EROFS):
        return (
            f"Your entry was not saved: this computer does not allow saving in "
            f"{show_path(path.parent)}. Ask your instructor, or set {ENV_VAR} "
            "to a file in a folder you can save to."
        )
    if isinstance(exc, IsADirectoryError):
        return f"Your entry was not saved: {shown} is a folder, not a file."
    detail = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
    return f"Your entry was not saved to {shown}: {detail}. Try again in a moment."


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
        self._states: dict[Path, _FileState] = {}
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
        self._states = {p: self._states.get(p) or _FileState(p) for p in chain}
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
                messages.extend(self._problems_in(self._states[path]))
            return messages

    def _problems_in(self, state: _FileState) -> list[str]:
        shown, target = show_path(state.path), show_path(self.path)
        keep = (
            f"The file was left exactly as it is, and any entries that can be read are "
            f"still in your journal. New entries go to {target}."
        )
        if state.unreadable:
            return [f"{shown} could not be opened ({state.unreadable}). {keep}"]
        messages = []
        cut = list(state.cut)
        if state.tail is not None and state.tail[0] == "cut":
            cut.append(state.lines + 1)
        for line in cut[:_MAX_LISTED]:
            messages.append(
                f"{shown}, line {line}: this entry was cut off part-way, probably because a "
                "save was interrupted. It was skipped; the rest of the journal is fine."
            )
        if len(cut) > _MAX_LISTED:
            messages.append(f"{shown}: {len(cut) - _MAX_LISTED} more cut-off lines were skipped.")
        bad = state.bad_first
        count = state.bad_count
        if state.tail is not None and state.tail[0] == "bad":
            bad = bad or (state.lines + 1, state.tail[1])
            count += 1
        if bad is not None:
            more = f" ({count - 1} more lines cannot be read either)" if count > 1 else ""
            messages.append(f"{shown} is damaged: line {bad[0]} {bad[1]}{more}. {keep}")
        return messages

    def status(self) -> str:
        """One friendly line: how many entries, and where new ones go."""
        with self._guard:
            self._refresh_for_reading()
            count = self._count()
            older = [p for p in self._chain if self._states[p].exists and p != self.path]
            problems = self.problems
        where = show_path(self.path)
        if count == 0 and not older:
            line = f"Your journal is empty. Your first saved entry will go to {where}"
        else:
            noun = "entry" if count == 1 else "entries"
            line = f"Your journal has {count} {noun} in {where}"
            if older:
                line += f" and {len(older)} older file{'s' if len(older) > 1 else ''} beside it"
        if problems:
            line += f" ({len(problems)} problem{'s' if len(problems) > 1 else ''}: see .problems)"
        return line

    def to_frame(self) -> pd.DataFrame:
        """One row per entry. Lists and dicts become JSON text; ``timestamp`` becomes a UTC time.

        The standard columns (:data:`STANDARD_COLUMNS`) always come first, even
        when the journal is empty; any other fields follow in the order first seen.
        """
        import pandas as pd

        rows = self.entries()
        columns = list(STANDARD_COLUMNS)
        for row in rows:
            columns.extend(key for key in row if key not in columns)
        frame = pd.DataFrame.from_records(
            [{key: _cell(value) for key, value in row.items()} for row in rows],
            columns=columns,
        )
        if rows:
            try:
                frame["timestamp"] = pd.to_datetime(frame["timestamp"], utc=True, format="ISO8601")
            except (TypeError, ValueError):
                pass  # someone wrote their own timestamps; keep them as text
            for name in ("score", "original_score"):
                values = frame[name].dropna()
                if all(isinstance(v, int) and not isinstance(v, bool) for v in values):
                    frame[name] = frame[name].astype("Int64")
        return frame

    # Writing

    def append(self, entry: Mapping[str, Any]) -> int:
        """Save one entry; return how many entries the journal now holds.

        Adds ``timestamp`` and ``entry_id`` when missing. Raises TypeError if JSON
        cannot hold the entry, and :class:`JournalError` if it cannot be saved.
        """
        _, line = _encode_entry(entry)
        with self._guard:
            try:
                self.requested.parent.mkdir(parents=True, exist_ok=True)
                self._lock.acquire()
            except Timeout as exc:
                raise JournalError(
                    f"Your entry was not saved: the journal is busy (another notebook may be "
                    f"saving to it). Wait a moment and save again. If this keeps happening, "
                    f"restart the other notebooks. (Lock file: {show_path(self.lock_path)})",
                    self.requested,
                ) from exc
            except (OSError, RuntimeError) as exc:
                raise JournalError(_explain(exc, self.lock_path), self.requested) from exc
            try:
                self._refresh()
                target = self.path
                try:
                    self._append_line(target, line)
                except OSError as exc:
                    raise JournalError(_explain(exc, target), target) from exc
                self._refresh()
                return self._count()
            finally:
                self._lock.release()

    def _append_line(self, target: Path, line: bytes) -> None:
        """Append one line, fsync'd. Never touches bytes already in the file."""
        is_new = not target.exists()
        fd = os.open(target, os.O_RDWR | os.O_APPEND | os.O_CREAT | _O_CLOEXEC, 0o666)
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


def _cell(value: Any) -> Any:
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return value
