"""The journal download link's state: what it shows, built from the journal's own bytes.

The link is an ``<a download="my_journal.jsonl" href="data:...;base64,...">``:
the browser saves the file in one click, and the Jupyter server never serves
a file (Voilà refuses file links, and does not show the hidden folder that
holds the journal). The bytes are the journal's files as they are on disk,
oldest first (a recovery file follows its journal, on a line of its own), so
an instructor's report reads the download exactly as it reads the journal.

Nothing learner-written reaches the markup as markup: the bytes are base64
in the ``href``, and every sentence is escaped with :func:`helpable.ui.style.esc`.
No widgets here.
"""

from __future__ import annotations

import base64
import errno
import json
import os
import shlex
import stat
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from helpable.content.strings import say, say_count
from helpable.journal import kiosk, show_path
from helpable.journal.store import HIDDEN_FOLDER
from helpable.ui.state.workshop import JournalLike, JournalStore, as_journal, reading_problem
from helpable.ui.style import esc

DOWNLOAD_NAME = "my_journal.jsonl"
"""The name the browser saves the journal under."""
MEDIA_TYPE = "application/x-ndjson"
MAX_BYTES = 20 * 1024 * 1024
"""Above this size no data URI is built: the learner is told where the file is instead."""
COPY_SUFFIX = "_copy"

READY, EMPTY, LARGE, UNREADABLE = "ready", "empty", "large", "unreadable"
CLEARED = "cleared"
"""Kiosk mode: the visitor clicked "Finish and clear" and has saved nothing since."""
IDLE, ASKING, DONE = "idle", "asking", "done"
"""The steps of "Finish and clear" (see :class:`FinishState`)."""


@dataclass(frozen=True)
class DownloadView:
    """What the download widget shows: a link, or a plain sentence saying why there is none."""

    status: str  # READY, EMPTY, LARGE, UNREADABLE or CLEARED
    html: str
    count: int = 0
    size: int = 0


def _read_file(path: Path) -> bytes:
    """A journal file's bytes; a FIFO or a device is never opened for reading (it could hang)."""
    if not stat.S_ISREG(os.stat(path).st_mode):
        raise OSError(errno.EINVAL, say("journal.download.not_a_file"), str(path))
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(path, flags)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):  # replaced since we looked
            raise OSError(errno.EINVAL, say("journal.download.not_a_file"), str(path))
        with os.fdopen(fd, "rb", closefd=False) as handle:
            return handle.read()
    finally:
        os.close(fd)


def journal_bytes(files: Sequence[Path]) -> bytes:
    """The journal's files joined, oldest first: one file's bytes exactly as they are.

    A file that does not end its last line gets a newline before the next
    file starts, so that two files' lines never run together.
    """
    parts: list[bytes] = []
    for path in files:
        if parts and parts[-1] and not parts[-1].endswith(b"\n"):
            parts.append(b"\n")
        parts.append(_read_file(path))
    return b"".join(parts)


def data_uri(data: bytes) -> str:
    """``data:application/x-ndjson;base64,...``: only ``A-Z a-z 0-9 + / =`` after the comma."""
    return f"data:{MEDIA_TYPE};base64,{base64.b64encode(data).decode('ascii')}"


def link_html(data: bytes, count: int) -> str:
    """The download link: clear words, the bytes base64 in its ``href``."""
    text = say_count(count, "journal.download.link_one", "journal.download.link_many")
    return (
        f'<a download="{esc(DOWNLOAD_NAME)}" href="{esc(data_uri(data))}" '
        f'title="{esc(say("journal.download.link_title"))}">{esc(text)}</a>'
    )


def visible_copies(files: Sequence[Path]) -> list[tuple[Path, Path]]:
    """(file, copy) for each journal file: a copy where the file browser shows it.

    The copies go in the folder above the hidden ``.helpable`` folder (or beside
    the journal), named ``my_journal_copy.jsonl``, ``my_journal_copy.recovered-1.jsonl``...
    """
    if not files:
        return []
    first = files[0]
    stem = first.stem.split(".recovered-")[0]
    folder = first.parent.parent if first.parent.name == HIDDEN_FOLDER else first.parent
    pairs = []
    for path in files:
        rest = path.name[len(stem) :] if path.name.startswith(stem) else path.suffix
        pairs.append((path, folder / f"{stem}{COPY_SUFFIX}{rest}"))
    return pairs


def large_html(files: Sequence[Path], size: int) -> str:
    """Too large for a link: where the journal is, and a command that copies it into view."""
    pairs = visible_copies(files)
    command = "; ".join(f"cp {shlex.quote(str(a))} {shlex.quote(str(b))}" for a, b in pairs)
    where = say(
        "journal.download.large",
        size=f"{size / (1024 * 1024):.1f}",
        file=show_path(files[0]),
    )
    then = say("journal.download.large_then", copy=show_path(pairs[0][1]))
    return f"{esc(where)} <code>{esc(command)}</code> {esc(then)}"


def _entry_bytes(journal: JournalStore) -> bytes:
    """For a journal object that has no files (a test double): its entries as JSON lines."""
    lines = (json.dumps(entry, ensure_ascii=False) + "\n" for entry in journal.entries())
    return "".join(lines).encode("utf-8")


def restart_html() -> str:
    """A link that loads the lesson again: a fresh page (in Voilà, a fresh kernel)."""
    return f'<a href="">{esc(say("journal.finish.restart"))}</a>'


@dataclass
class FinishState:
    """Kiosk mode's "Finish and clear": offer the download, ask, then delete. Never raises.

    :meth:`ask` offers the download (the link stays) and asks to confirm;
    :meth:`confirm` deletes everything of the visitor's (``remove``:
    :func:`helpable.journal.kiosk.clear`); :meth:`saved` starts over after a
    later save, which goes to a new private journal.
    """

    remove: Callable[[], object] = kiosk.clear
    step: str = IDLE
    message: str = ""

    def ask(self) -> None:
        self.step, self.message = ASKING, say("journal.finish.offer")

    def cancel(self) -> None:
        if self.step == ASKING:
            self.step, self.message = IDLE, ""

    def confirm(self) -> bool:
        """Delete everything; True when it worked. A failure is a plain sentence."""
        if self.step != ASKING:
            return False
        try:
            self.remove()
        except Exception as exc:  # a sentence, never a traceback; the visitor may try again
            self.message = say("journal.finish.failed", problem=reading_problem(exc))
            return False
        self.step, self.message = DONE, say("journal.finish.done")
        return True

    def saved(self) -> None:
        """A save after clearing: the new journal is offered as usual again."""
        if self.step == DONE:
            self.step, self.message = IDLE, ""


def finish_for(journal_source: JournalLike | None) -> FinishState | None:
    """A "Finish and clear" step in kiosk mode for the default journal; else None."""
    return FinishState() if journal_source is None and kiosk.enabled() else None


@dataclass
class DownloadState:
    """The journal to offer, and the view of it now. ``view()`` never raises.

    ``finish`` is the "Finish and clear" step (kiosk mode only, see
    :func:`finish_for`); None: no such step, as outside kiosk mode.
    """

    journal_source: JournalLike | None = None
    max_bytes: int = MAX_BYTES
    _journal: JournalStore | None = None
    finish: FinishState | None = field(default=None)

    def journal(self) -> JournalStore:
        """The journal in use (opened on first use)."""
        if self._journal is None:
            self._journal = as_journal(self.journal_source)
        return self._journal

    def view(self) -> DownloadView:
        """A link to the journal as it is now, or a plain sentence: empty, too large, unreadable."""
        if self.finish is not None and self.finish.step == DONE:
            return DownloadView(CLEARED, esc(say("journal.finish.cleared")))
        where = "my_journal.jsonl"
        try:
            journal = self.journal()
            files: list[Path] | None = getattr(journal, "files", None)
            if files is None:
                data = _entry_bytes(journal)
            else:
                if files:
                    where = show_path(files[0])
                size = sum(os.stat(path).st_size for path in files)
                if size > self.max_bytes:
                    return DownloadView(LARGE, large_html(files, size), size=size)
                data = journal_bytes(files)
            if not data:
                return DownloadView(EMPTY, esc(say("journal.download.empty")))
            if len(data) > self.max_bytes and files:  # it grew while we looked
                return DownloadView(LARGE, large_html(files, len(data)), size=len(data))
            count = len(journal.entries())
        except Exception as exc:  # every problem becomes a sentence; never a dead link
            message = say("journal.download.unreadable", file=where, problem=reading_problem(exc))
            return DownloadView(UNREADABLE, esc(message))
        return DownloadView(READY, link_html(data, count), count, len(data))
