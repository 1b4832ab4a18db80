"""Reading a journal file's lines and sorting each one: an entry, blank, cut off or damaged.

A save cut off by a crash leaves the start of an entry; :func:`looks_cut_off`
tells that apart from stray text. It asks Python's own JSON reader where the
text goes wrong: text that is cut off goes wrong only at its very end.
Nothing here writes, and nothing here raises for a bad file: it only records.

Memory stays within a few times the file's size, however long a line is: a
line of :data:`LEAN_BYTES` or more is checked in pieces, and its JSON is read
as Latin-1 (one byte, one character), which keeps the structure exactly.
A file that has not changed since the last read (same inode, size and
modification time) is not read again.
"""

from __future__ import annotations

import codecs
import errno
import json
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

LineKind = Literal["entry", "blank", "cut", "bad"]
Line = tuple[LineKind, str]
"""A sorted line: ``("entry", json)``, ``("blank", "")``, ``("cut", "")`` or ``("bad", why)``."""

NOT_UTF8 = "journal.line.not_utf8"
NOT_ENTRY = "journal.line.not_entry"
"""Why a line is damaged, as the key of its sentence in ``data/strings.csv``."""

BOM = b"\xef\xbb\xbf"
O_CLOEXEC: int = getattr(os, "O_CLOEXEC", 0)
O_NONBLOCK: int = getattr(os, "O_NONBLOCK", 0)  # so that opening a FIFO never waits

LEAN_BYTES = 256 * 1024
"""Lines this long or longer are sorted the lean way (see the module docstring)."""
_PIECE = 1 << 20
_MARK = 64  # bytes before the read offset kept to notice a file rewritten in place

Structure = Literal["whole", "cut", "bad"]


def _drop(_: object) -> bool:
    return True


# Reads JSON to check its structure only: every object, number and constant becomes True,
# so a long line never turns into millions of Python objects (and no int() is ever called).
_SHAPE = json.JSONDecoder(
    object_hook=_drop, parse_int=_drop, parse_float=_drop, parse_constant=_drop
)
_SPACE = re.compile(r"[ \t\n\r]*")
_NEVER_CUT = ("Extra data", "Invalid control character", "Invalid \\escape", "Illegal")
_PARTIAL_LITERAL = re.compile(r"(?:-|t(?:ru?)?|f(?:a(?:ls?)?)?|n(?:ul?)?)?")
_PARTIAL_ESCAPE = re.compile(r"u[0-9a-fA-F]{0,4}")
_PARTIAL_NUMBER = re.compile(
    r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]*|\.[0-9]+[eE][+-]?[0-9]*|[eE][+-]?[0-9]*)?"
)


def _stops_part_way(text: str, message: str, pos: int) -> bool:
    """True if the JSON error at ``pos`` is only the end of the text arriving too soon."""
    if message.startswith("Unterminated string"):
        return True  # every character up to the end was fine
    if message.startswith("Invalid \\uXXXX escape"):
        pos += text.startswith("\\", pos)
        return _PARTIAL_ESCAPE.fullmatch(text, pos) is not None
    if message == "Expecting value":
        return _PARTIAL_LITERAL.fullmatch(text, pos) is not None
    if message.startswith("Expecting"):  # a property name, ':' or ','
        if _SPACE.fullmatch(text, pos):
            return True
        if message == "Expecting ',' delimiter":  # stopped inside a number: 1. 1e 1e-
            begin = max(text.rfind(c, 0, pos) for c in ":[, \t\r\n") + 1
            return 0 < begin < pos and _PARTIAL_NUMBER.fullmatch(text, begin) is not None
        return False
    if message.startswith(_NEVER_CUT):
        return False
    return _scan_cut_off(text)  # a message this code does not know: ask the slow scanner


def _structure(text: str) -> Structure:
    """Whether ``text`` is a whole JSON object, one cut off part-way, or something else."""
    leading = _SPACE.match(text)
    if not text.startswith("{", leading.end() if leading else 0):
        return "bad"
    try:
        _SHAPE.decode(text)
    except json.JSONDecodeError as exc:
        return "cut" if _stops_part_way(text, exc.msg, exc.pos) else "bad"
    except RecursionError:
        return "cut" if _scan_cut_off(text) else "bad"
    return "whole"


def looks_cut_off(text: str) -> bool:
    """True if ``text`` is the start of a JSON object that stops part-way.

    That is what an interrupted save leaves behind. Stray text, a whole value
    with junk after it, or anything that is not an object is not "cut off".
    """
    return _structure(text) == "cut"


# --- The slow scanner, for objects nested too deep for Python's JSON reader ---------------

_OPENER = {"}": "{", "]": "["}
_CLOSE_AFTER = {"}": ("key_or_close", "comma_or_close"), "]": ("value_or_close", "comma_or_close")}
_WS = re.compile(r"[ \t\r]+")
_STRING_BODY = r'(?:[^"\\\x00-\x1f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*'
_STRING = re.compile(rf'"{_STRING_BODY}"')
_PARTIAL_STRING = re.compile(rf'"{_STRING_BODY}(?:\\(?:u[0-9a-fA-F]{{0,3}})?)?')
_SCALAR = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?|true|false|null")
_PARTIAL_VALUE = re.compile(
    rf'"{_STRING_BODY}(?:\\(?:u[0-9a-fA-F]{{0,3}})?)?'
    r"|-?(?:(?:0|[1-9][0-9]*)(?:\.[0-9]*)?(?:[eE][+-]?[0-9]*)?)?"
    r"|t(?:ru?)?|f(?:a(?:ls?)?)?|n(?:ul?)?|true|false|null"
)


def _scan_cut_off(text: str) -> bool:
    """:func:`looks_cut_off` one token at a time (slow, but any depth of nesting)."""
    i, n = 0, len(text)
    stack = bytearray()  # one byte per level of nesting
    expect = "top"  # top, value, value_or_close, key, key_or_close, colon, comma_or_close
    while i < n:
        if ws := _WS.match(text, i):
            i = ws.end()
            continue
        ch = text[i]
        if expect in ("key", "key_or_close") and _PARTIAL_STRING.fullmatch(text, i):
            return True  # stops inside a key
        if expect in ("value", "value_or_close") and _PARTIAL_VALUE.fullmatch(text, i):
            return True  # stops inside a string, number or true/false/null
        if ch == "{" and expect in ("top", "value", "value_or_close"):
            stack.append(ord("{"))
            expect = "key_or_close"
        elif ch == "[" and expect in ("value", "value_or_close"):
            stack.append(ord("["))
            expect = "value_or_close"
        elif ch in "}]" and stack and stack[-1] == ord(_OPENER[ch]) and expect in _CLOSE_AFTER[ch]:
            stack.pop()
            if not stack:
                return False  # a whole object (with something after it, or it would have parsed)
            expect = "comma_or_close"
        elif ch == ":" and expect == "colon":
            expect = "value"
        elif ch == "," and expect == "comma_or_close":
            expect = "key" if stack[-1] == ord("{") else "value"
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


# --- Sorting one line -------------------------------------------------------------------

Sorted = tuple[LineKind, str, bytes]
"""A sorted line as the reader keeps it: kind, why (if bad), and an entry's UTF-8 bytes."""


def _sort_quick(view: memoryview) -> Sorted:
    cut_at = None
    try:
        text = str(view, "utf-8")
    except UnicodeDecodeError as exc:
        # A save cut off in the middle of a character leaves a partial character at the end.
        cut_at = (
            exc.start if exc.end == len(view) and exc.reason == "unexpected end of data" else -1
        )
    if cut_at is not None:
        if cut_at < 0:
            return ("bad", NOT_UTF8, b"")
        head = str(view[:cut_at], "utf-8")  # whole characters only: it decodes
        return ("cut", "", b"") if _structure(head) == "cut" else ("bad", NOT_UTF8, b"")
    if not text or text.isspace():
        return ("blank", "", b"")
    kind = _structure(text)
    if kind == "whole":
        return ("entry", "", bytes(view))
    return ("cut", "", b"") if kind == "cut" else ("bad", NOT_ENTRY, b"")


def _check_utf8(view: memoryview) -> tuple[int, bool]:
    """Check UTF-8 a piece at a time: (bytes of whole characters or -1 if not UTF-8, all blank)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    blank = True
    try:
        for start in range(0, len(view), _PIECE):
            piece = decoder.decode(view[start : start + _PIECE])
            blank = blank and (not piece or piece.isspace())
    except UnicodeDecodeError:
        return -1, False
    pending = len(decoder.getstate()[0])  # the start of a character, cut off at the end?
    if pending:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError as exc:
            if exc.end != pending or exc.reason != "unexpected end of data":
                return -1, False  # not the start of any character
    return len(view) - pending, blank


def _sort_lean(view: memoryview) -> Sorted:
    whole, blank = _check_utf8(view)
    if whole < 0:
        return ("bad", NOT_UTF8, b"")
    if whole < len(view):
        head = str(view[:whole], "latin-1")
        kind = _structure(head)
        del head
        return ("cut", "", b"") if kind == "cut" else ("bad", NOT_UTF8, b"")
    if blank:
        return ("blank", "", b"")
    text = str(view, "latin-1")  # one character per byte: the JSON structure is the same
    kind = _structure(text)
    del text
    if kind == "whole":
        return ("entry", "", bytes(view))
    return ("cut", "", b"") if kind == "cut" else ("bad", NOT_ENTRY, b"")


def sort_line(raw: bytes | memoryview, *, first: bool) -> Sorted:
    """Sort one line (without its newline); an entry comes with its bytes (no BOM)."""
    view = memoryview(raw)
    if first and view[: len(BOM)] == BOM:
        view = view[len(BOM) :]
    return _sort_lean(view) if len(view) >= LEAN_BYTES else _sort_quick(view)


def classify(raw: bytes | memoryview, *, first: bool) -> Line:
    """Sort one line (without its newline). The ``first`` line of a file may start with a BOM."""
    kind, why, data = sort_line(raw, first=first)
    return (kind, data.decode("utf-8")) if kind == "entry" else (kind, why)


# --- Reading entries ----------------------------------------------------------------------


def _int_or_digits(digits: str) -> int | str:
    """An integer, or its digits as text when it is too long for Python's int()."""
    try:
        return int(digits)
    except ValueError:
        return digits


def load_entry(data: bytes) -> dict[str, Any]:
    """An entry line (as sorted by :func:`sort_line`) as a dict."""
    try:
        value = json.loads(data)
    except json.JSONDecodeError:
        raise
    except ValueError:  # an integer of thousands of digits: keep it, as its digits
        value = json.loads(data, parse_int=_int_or_digits)
    if not isinstance(value, dict):
        raise ValueError("not a journal entry")
    return value


def entry_id(data: bytes) -> str | None:
    """An entry's ``entry_id``, or None."""
    value = load_entry(data).get("entry_id")
    return value if isinstance(value, str) else None


# --- One file -----------------------------------------------------------------------------


class NotAFile(OSError):
    """The journal's path is a FIFO, a device or a socket: it is never read nor written."""


@dataclass
class FileLines:
    """What has been read from one journal file so far (appends only add at the end)."""

    path: Path
    exists: bool = False
    unreadable: OSError | None = None  # why the file could not be opened or read
    ident: tuple[int, int] | None = None  # (device, inode), to notice a replaced file
    seen: tuple[int, int, int, int] | None = None  # (device, inode, size, mtime_ns) last read
    offset: int = 0  # bytes of whole lines already read
    lines: int = 0  # whole lines already read
    texts: list[bytes] = field(default_factory=list)  # each entry's UTF-8 JSON, in order
    cut: list[int] = field(default_factory=list)  # line numbers of cut-off lines
    bad_first: tuple[int, str] | None = None  # the first line that makes the file damaged
    bad_count: int = 0
    tail: Line | None = None  # the last line when it has no newline yet (an entry: no text)
    tail_entry: bytes | None = None  # that line's bytes, when it is a whole entry
    mark: bytes = b""  # the last bytes before ``offset``, to notice a file rewritten in place
    resets: int = 0  # times a file already read was found changed, replaced or gone

    def reset(self) -> None:
        """Forget everything read so far (but count that it happened)."""
        resets = self.resets + (1 if self.exists else 0)
        vars(self).update(vars(FileLines(self.path)))
        self.resets = resets

    @property
    def not_a_file(self) -> bool:
        """True for a FIFO, a device or a socket."""
        return isinstance(self.unreadable, NotAFile)

    @property
    def damaged(self) -> bool:
        tail_bad = self.tail is not None and self.tail[0] == "bad"
        return self.unreadable is not None or self.bad_count > 0 or tail_bad

    @property
    def entry_texts(self) -> list[bytes]:
        """Each entry's UTF-8 JSON, in order (a whole last line without its newline too)."""
        if self.tail_entry is not None:
            return [*self.texts, self.tail_entry]
        return list(self.texts)

    @property
    def count(self) -> int:
        return len(self.texts) + (self.tail_entry is not None)

    def read(self) -> None:
        """Read whatever was added since last time (or everything, if the file changed)."""
        try:
            fd = os.open(self.path, os.O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        except FileNotFoundError:
            if self.exists:
                self.reset()
            return
        except OSError as exc:
            if exc.errno == errno.ENXIO:  # a socket, or a device with nothing behind it
                exc = NotAFile(errno.ENXIO, "not a regular file", str(self.path))
            self._unreadable(exc)
            return
        try:
            info = os.fstat(fd)
            if stat.S_ISDIR(info.st_mode):
                raise IsADirectoryError(errno.EISDIR, "Is a directory", str(self.path))
            if not stat.S_ISREG(info.st_mode):
                raise NotAFile(errno.EINVAL, "not a regular file", str(self.path))
            seen = (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns)
            if seen == self.seen and self.unreadable is None:
                return  # not changed since the last read: nothing to sort again
            if (
                seen[:2] != self.ident
                or info.st_size < self.offset
                or self.unreadable is not None
                or os.pread(fd, len(self.mark), self.offset - len(self.mark)) != self.mark
            ):
                self.reset()
                self.ident = seen[:2]
            self.exists = True
            data = _read_from(fd, self.offset, info.st_size - self.offset)
        except OSError as exc:
            self._unreadable(exc)
            return
        finally:
            os.close(fd)
        self.seen = seen if len(data) == info.st_size - self.offset else None
        self._sort(data)

    def _sort(self, data: bytes) -> None:
        view = memoryview(data)
        start = 0
        while (end := data.find(b"\n", start)) >= 0:
            self.lines += 1
            self._take(sort_line(view[start:end], first=self.lines == 1), line=self.lines)
            start = end + 1
        self.offset += start
        if start:
            self.mark = (self.mark + bytes(view[max(0, start - _MARK) : start]))[-_MARK:]
        # The last line is sorted in place: no second copy of a long one.
        tail = sort_line(view[start:], first=self.lines == 0) if start < len(view) else None
        self.tail = self.tail_entry = None
        if tail is not None and tail[0] != "blank":
            self.tail = (tail[0], tail[1])
            self.tail_entry = tail[2] if tail[0] == "entry" else None

    def _unreadable(self, exc: OSError) -> None:
        self.reset()
        self.exists, self.unreadable = True, exc

    def _take(self, sorted_line: Sorted, *, line: int) -> None:
        kind, why, data = sorted_line
        if kind == "entry":
            self.texts.append(data)
        elif kind == "cut":
            self.cut.append(line)
        elif kind == "bad":
            self.bad_count += 1
            if self.bad_first is None:
                self.bad_first = (line, why)


def _read_from(fd: int, offset: int, size: int) -> bytes:
    """``size`` bytes from ``offset`` (fewer if the file shrank meanwhile), in one buffer."""
    if size <= 0:
        return b""
    data = os.pread(fd, size, offset)
    if len(data) == size or not data:
        return data
    chunks = [data]  # a short read: rare, but allowed
    got = len(data)
    while got < size and (chunk := os.pread(fd, size - got, offset + got)):
        chunks.append(chunk)
        got += len(chunk)
    return b"".join(chunks)
