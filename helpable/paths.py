"""Where the course's files live.

The package is installed in editable mode (``-e .``), so the course folders
sit next to it. ``HELPABLE_DATA`` points at another data folder, for an
instructor who keeps a tuned copy elsewhere.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
COURSE_ROOT = PACKAGE_DIR.parent
NOTEBOOKS_DIR = COURSE_ROOT / "notebooks"


def data_dir() -> Path:
    """Return the data folder (``HELPABLE_DATA`` overrides the default)."""
    return _data_dir(os.environ.get("HELPABLE_DATA"))


def data_file(name: str) -> Path:
    """Return the path of one CSV file in the data folder."""
    return _data_file(os.environ.get("HELPABLE_DATA"), name)


@lru_cache(maxsize=8)
def _data_dir(override: str | None) -> Path:
    return Path(override).expanduser() if override else COURSE_ROOT / "data"


@lru_cache(maxsize=256)
def _data_file(override: str | None, name: str) -> Path:
    return _data_dir(override) / name
