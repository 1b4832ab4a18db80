"""What this Python session saved to each journal, so that an editor's "save" cannot lose it.

A learner may open ``my_journal.jsonl`` in an editor, and save it after the
course added entries: the file then lacks entries the course said were
saved. :class:`helpable.journal.store.Journal` asks :func:`missing` before
each save, adds back what it returns, and :func:`tell` keeps one sentence
for :meth:`Journal.take_notice`.

Only an *edited* journal gets entries back: one that still holds an entry
this session saved, or the journal's first or last entry from before this
session, or no entries at all. A journal that was moved away or removed
(:func:`helpable.journal.store.move_journal`, :func:`clear_journal`, or by
hand), or one that now holds only someone else's entries, makes the session
forget instead: at a shared desk the next visitor never gets the last one's
entries.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path

from helpable.journal.lines import entry_id

MAX_REMEMBERED = 1000  # entries kept per journal: the newest, in the order saved


@dataclass
class _Session:
    saved: dict[str, bytes] = field(default_factory=dict)  # entry_id -> its line
    anchors: set[str] = field(default_factory=set)  # ids in the journal before our first save
    anchor_lines: set[bytes] = field(default_factory=set)  # its first and last line then
    notice: str | None = None


_SESSIONS: dict[Path, _Session] = {}
_GUARD = threading.Lock()


def _id(text: bytes) -> str | None:
    try:
        return entry_id(text)
    except (ValueError, RecursionError):
        return None


def remember(journal: Path, saved_id: object, line: bytes, before: list[bytes]) -> None:
    """Note a saved entry; ``before`` is the journal's first and last entry before it."""
    if not isinstance(saved_id, str):
        return
    with _GUARD:
        session = _SESSIONS.setdefault(journal, _Session())
        if not session.saved and not session.anchors and not session.anchor_lines:
            session.anchors = {i for i in map(_id, before) if i}
            session.anchor_lines = set(before)
        session.saved.pop(saved_id, None)
        session.saved[saved_id] = line
        while len(session.saved) > MAX_REMEMBERED:
            del session.saved[next(iter(session.saved))]


def missing(journal: Path, texts: list[bytes], *, exists: bool) -> list[bytes]:
    """The lines this session saved that ``texts`` (the journal's entries) lack, to add back."""
    with _GUARD:
        session = _SESSIONS.get(journal)
        if session is None or not session.saved:
            return []
        known = set(session.saved)
        if not exists:  # moved away or removed: start afresh
            del _SESSIONS[journal]
            return []
    present = {i for i in map(_id, texts) if i}
    with _GUARD:
        if _SESSIONS.get(journal) is not session:
            return []
        lost = [line for i, line in session.saved.items() if i not in present]
        ours = present & (known | session.anchors) or any(t in session.anchor_lines for t in texts)
        if lost and texts and not ours:
            del _SESSIONS[journal]  # someone else's journal now: leave it alone
            return []
        return lost


def tell(journal: Path, sentence: str) -> None:
    """Keep one sentence for the learner (the latest replaces any not yet shown)."""
    with _GUARD:
        _SESSIONS.setdefault(journal, _Session()).notice = sentence


def take_notice(journal: Path) -> str | None:
    """The sentence kept by :func:`tell`, once; then None."""
    with _GUARD:
        session = _SESSIONS.get(journal)
        if session is None:
            return None
        notice, session.notice = session.notice, None
        return notice


def forget(journal: Path) -> None:
    """Forget what this session saved to ``journal`` (it was moved or cleared)."""
    with _GUARD:
        _SESSIONS.pop(journal, None)
