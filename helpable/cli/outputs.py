"""Checks that commands share before they write a file the user named.

No command replaces one of its own inputs, not even with ``--force``: a learner's
journal or a class's pitch file is the one thing that cannot be made again.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path


def same_file(first: str | Path, second: str | Path) -> bool:
    """Whether two names reach one file (through ``..``, a symbolic link or a hard link)."""
    try:
        return os.path.samefile(first, second)
    except (OSError, ValueError):  # one does not exist (yet), or cannot be looked at
        pass
    try:
        return Path(first).resolve() == Path(second).resolve()
    except (OSError, RuntimeError):  # a loop of links: not a file anything could read
        return False


def is_an_input(out: str | Path, inputs: Iterable[str | Path]) -> bool:
    """Whether ``out`` is the same file as one of ``inputs``."""
    return any(same_file(out, source) for source in inputs)
