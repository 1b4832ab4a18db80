"""Kiosk mode: at a drop-in desk, each visitor's page keeps a private journal of its own.

Voilà gives each page load its own kernel (its own Python process). With
``HELPABLE_KIOSK=1`` in the environment, the first time a kernel needs the
journal it makes a fresh private folder with :func:`tempfile.mkdtemp`
(``helpable-kiosk-XXXXXXXX`` in the temporary folder, mode 0700: only the
user running Voilà can open it). The journal, its lock, any recovery file and
any plan files saved by :mod:`helpable.plan.export` go in ``journal/`` inside
it. The course journal (``notebooks/.helpable/my_journal.jsonl``) is never
read, and no other folder is ever listed: a kernel only knows the folder it
made itself. ``HELPABLE_JOURNAL`` is ignored in kiosk mode, because a journal
named there would be shared by every visitor again.

:func:`clear` ("Finish and clear") removes ``journal/`` and everything in it;
the kernel's own folder stays, empty and private, so that a later save in
the same page starts a new journal at the same place (widgets that already
opened the journal keep working). When the kernel exits, the folder itself
is removed (:mod:`atexit`). A kernel that is killed (``kill -9``, a power cut)
cannot clean up: its folder stays in the temporary folder until the machine
is restarted or the folder is removed by hand (see ``docs/kiosk.md``).

Each process has its own folder: a process made by ``fork`` makes its own and
never removes its parent's.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
import threading
from pathlib import Path

from helpable.journal import session

ENV_VAR = "HELPABLE_KIOSK"
"""Set to ``1`` (or ``true``, ``yes``, ``on``) to turn kiosk mode on."""
PREFIX = "helpable-kiosk-"
"""How each kernel's private folder's name starts (the rest is random)."""
JOURNAL_FOLDER = "journal"
"""The folder inside a kernel's private folder that holds the journal and its files."""
_ON = {"1", "true", "yes", "on"}

_GUARD = threading.Lock()
_FOLDERS: dict[int, Path] = {}  # process id -> the private folder it made
_CLEANUP: set[int] = set()  # processes that registered their atexit clean-up


def enabled() -> bool:
    """True when ``HELPABLE_KIOSK`` turns kiosk mode on."""
    return os.environ.get(ENV_VAR, "").strip().lower() in _ON


def private_folder() -> Path:
    """This process's private folder (mode 0700), made with ``mkdtemp`` on first use."""
    pid = os.getpid()
    with _GUARD:
        folder = _FOLDERS.get(pid)
        if folder is None or not folder.is_dir():
            folder = Path(tempfile.mkdtemp(prefix=PREFIX))
            _FOLDERS[pid] = folder
            if pid not in _CLEANUP:
                atexit.register(_remove_at_exit, pid)
                _CLEANUP.add(pid)
        return folder


def current_folder() -> Path | None:
    """This process's private folder if it made one (nothing is made here)."""
    with _GUARD:
        return _FOLDERS.get(os.getpid())


def journal_path(filename: str) -> Path:
    """Where this kernel's private journal goes: ``<private folder>/journal/<filename>``."""
    return private_folder() / JOURNAL_FOLDER / filename


def visitor_files() -> list[Path]:
    """Every file this kernel's visitor has on disk (in its private folder), sorted."""
    folder = current_folder()
    if folder is None:
        return []
    found: list[Path] = []
    for top, dirs, files in os.walk(folder):
        found.extend(Path(top) / name for name in files)
        found.extend(Path(top) / name for name in dirs if os.path.islink(Path(top) / name))
    return sorted(found)


_CLEARS = [0]  # how many times this process's visitor data was cleared


def times_cleared() -> int:
    """How many times :func:`clear` has run in this process (what a page remembers of the
    visitor's saves holds only until the next clear)."""
    return _CLEARS[0]


def clear() -> list[Path]:
    """Remove everything this kernel's visitor saved; return the files that were removed.

    Removes ``journal/`` in this process's private folder with all it holds
    (journal, lock, recovery files, plans) and anything else in that folder,
    and makes the session forget what it saved (see :mod:`helpable.journal.session`).
    Raises ``OSError`` if something could not be removed.
    """
    _CLEARS[0] += 1
    folder = current_folder()
    if folder is None or not folder.is_dir():
        return []
    removed = visitor_files()
    for name in os.listdir(folder):  # only our own folder, which we made
        path = folder / name
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            os.unlink(path)
    for journal in {p for p in removed if p.suffix == ".jsonl"} | {_default_journal(folder)}:
        session.forget(journal)
    return removed


def _default_journal(folder: Path) -> Path:
    from helpable.journal.store import DEFAULT_FILENAME  # store imports this module

    return Path(os.path.abspath(folder / JOURNAL_FOLDER / DEFAULT_FILENAME))


def _remove_at_exit(pid: int) -> None:
    """At exit: remove the folder this process made (never one made by another process)."""
    if os.getpid() != pid:
        return
    with _GUARD:
        folder = _FOLDERS.pop(pid, None)
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)
