"""Reading a journal file's lines and sorting each one: an entry, blank, cut off or damaged.

A save cut off by a crash leaves the start of an entry; :func:`looks_cut_off`
tells that apart from stray text with a small scanner for partial JSON.
Nothing here writes, and nothing here raises for a bad file: it only records.
"""

from __future__ import annotations

import errno
import json
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

LineKind = Literal["entry", "blank", "cut", "bad"]
Line = tuple[LineKind, str]
"""A sorted line: ``("entry", json)``, ``("blank", "")``, ``("cut", "")`` or ``("bad", why)``."""

NOT_UTF8 = "journal.line.not_utf8"
NOT_ENTRY = "journal.line.not_entry"
"""Why a line is damaged, as the key of its sentence in ``data/strings.csv``."""

BOM = b"\xef\xbb\xbf"
O_CLOEXEC: int = getattr(os, "O_CLOEXEC", 0)

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


def looks_cut_off(text: str) -> bool:
    """True if ``text`` is the start of a JSON object that stops part-way.

    That is what an interrupted save leaves behind. Stray text, a whole value
    with junk after it, or anything that is not an object is not "cut off".
    """
    i, n = 0, len(text)
    stack: list[str] = []
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


def classify(raw: bytes, *, first: bool) -> Line:
    """Sort one line (without its newline). The ``first`` line of a file may start with a BOM."""
    if first and raw.startswith(BOM):
        raw = raw[len(BOM) :]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A save cut off in the middle of a character leaves a partial character at the end.
        if exc.end == len(raw) and exc.reason == "unexpected end of data":
            head = raw[: exc.start].decode("utf-8")
            return ("cut", "") if looks_cut_off(head) else ("bad", NOT_UTF8)
        return ("bad", NOT_UTF8)
    if not text.strip():
        return ("blank", "")
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):
        return ("cut", "") if looks_cut_off(text) else ("bad", NOT_ENTRY)
    if not isinstance(value, dict):
        return ("bad", NOT_ENTRY)
    return ("entry", text)


@dataclass
class FileLines:
    """What has been read from one journal file so far (appends only add at the end)."""

    path: Path
    exists: bool = False
    unreadable: OSError | None = None  # why the file could not be opened or read
    ident: tuple[int, int] | None = None  # (device, inode), to notice a replaced file
    offset: int = 0  # bytes of whole lines already read
    lines: int = 0  # whole lines already read
    texts: list[str] = field(default_factory=list)  # each entry's JSON text, in order
    cut: list[int] = field(default_factory=list)  # line numbers of cut-off lines
    bad_first: tuple[int, str] | None = None  # the first line that makes the file damaged
    bad_count: int = 0
    tail: Line | None = None  # the last line when it has no newline yet

    def reset(self) -> None:
        """Forget everything read so far."""
        vars(self).update(vars(FileLines(self.path)))

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
            fd = os.open(self.path, os.O_RDONLY | O_CLOEXEC)
        except FileNotFoundError:
            self.reset()
            return
        except OSError as exc:
            self._unreadable(exc)
            return
        try:
            info = os.fstat(fd)
            if stat.S_ISDIR(info.st_mode):
                raise IsADirectoryError(errno.EISDIR, "Is a directory", str(self.path))
            ident = (info.st_dev, info.st_ino)
            if ident != self.ident or info.st_size < self.offset or self.unreadable is not None:
                self.reset()
                self.ident = ident
            self.exists = True
            data = _read_from(fd, self.offset)
        except OSError as exc:
            self._unreadable(exc)
            return
        finally:
            os.close(fd)
        end = data.rfind(b"\n") + 1
        for raw in data[:end].split(b"\n")[:-1]:
            self.lines += 1
            self._take(classify(raw, first=self.lines == 1), line=self.lines)
        self.offset += end
        tail = classify(data[end:], first=self.lines == 0) if end < len(data) else None
        self.tail = None if tail is None or tail[0] == "blank" else tail

    def _unreadable(self, exc: OSError) -> None:
        self.reset()
        self.exists, self.unreadable = True, exc

    def _take(self, sorted_line: Line, *, line: int) -> None:
        kind, value = sorted_line
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
