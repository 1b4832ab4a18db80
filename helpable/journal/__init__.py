"""The learner journal: saved rewrites and reflections, kept safe on disk.

``store`` is the locked store (:class:`Journal`), ``lines`` reads and sorts
a file's lines, ``entries`` says what an entry holds, ``messages`` words what
a learner sees. May import ``helpable.content`` and ``helpable.paths`` only.
"""

from __future__ import annotations

from helpable.journal.entries import STANDARD_COLUMNS
from helpable.journal.store import (
    DEFAULT_FILENAME,
    ENV_VAR,
    Journal,
    JournalError,
    default_path,
    show_path,
)

__all__ = [
    "DEFAULT_FILENAME",
    "ENV_VAR",
    "STANDARD_COLUMNS",
    "Journal",
    "JournalError",
    "default_path",
    "show_path",
]
