"""The learner journal: saved rewrites and reflections, kept safe on disk.

``store`` is the locked store (:class:`Journal`, and :func:`journal_files`,
:func:`move_journal` and :func:`clear_journal`, which treat a journal and its
recovery files as one), ``lines`` reads and sorts a file's lines, ``session``
remembers what this session saved, ``entries`` says what an entry holds,
``messages`` words what a learner sees. May import ``helpable.content`` and
``helpable.paths`` only.
"""

from __future__ import annotations

from helpable.journal.entries import STANDARD_COLUMNS
from helpable.journal.store import (
    DEFAULT_FILENAME,
    ENV_VAR,
    Journal,
    JournalError,
    clear_journal,
    default_path,
    journal_files,
    move_journal,
    recovery_owner,
    show_path,
)

__all__ = [
    "DEFAULT_FILENAME",
    "ENV_VAR",
    "STANDARD_COLUMNS",
    "Journal",
    "JournalError",
    "clear_journal",
    "default_path",
    "journal_files",
    "move_journal",
    "recovery_owner",
    "show_path",
]
