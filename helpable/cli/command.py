"""What every command module provides (``NAME``, ``add_parser``, ``run``), and the parser class."""

from __future__ import annotations

import argparse
from typing import NoReturn, Protocol, TypeAlias

from helpable.cli.exit_codes import EXIT_USAGE


class Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line and exit 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"helpable: {message} (try --help)\n")


Subparsers: TypeAlias = "argparse._SubParsersAction[Parser]"
"""The object ``add_parser`` registers its command with."""


class Command(Protocol):
    """A command module of ``python -m helpable``."""

    NAME: str

    def add_parser(self, subparsers: Subparsers) -> None:
        """Register the command (and its options) under :attr:`NAME`."""

    def run(self, args: argparse.Namespace) -> int:
        """Run the command; return its exit code."""
