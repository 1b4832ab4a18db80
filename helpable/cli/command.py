"""What every command module provides, and the parser class.

A command module has ``NAME``, ``HELP`` (one line for ``--help``),
``DESCRIPTION``, ``add_arguments(parser)`` and ``run(args) -> int``.
"""

from __future__ import annotations

import argparse
from typing import NoReturn, Protocol

from helpable.cli.exit_codes import EXIT_USAGE


class Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line and exit 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"helpable: {message} (try --help)\n")


class Command(Protocol):
    """A command module of ``python -m helpable``."""

    NAME: str
    HELP: str
    DESCRIPTION: str

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        """Add the command's options to its parser."""

    def run(self, args: argparse.Namespace) -> int:
        """Run the command; return its exit code."""
