"""Options that several commands share, declared once so that they read the same in ``--help``."""

from __future__ import annotations

import argparse
from pathlib import Path


def add_paths(parser: argparse.ArgumentParser, name: str, help: str) -> None:
    """One or more files or folders, as the list ``args.<name>`` of paths (``NAME`` in --help)."""
    parser.add_argument(name, nargs="+", type=Path, metavar=name.upper(), help=help)


def add_out(parser: argparse.ArgumentParser, help: str, default: Path | None = None) -> None:
    """``--out PATH``, as ``args.out``: required when there is no ``default``."""
    parser.add_argument("--out", type=Path, default=default, required=default is None, help=help)
