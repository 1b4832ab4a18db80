"""The command line: ``python -m helpable COMMAND``.

Each command is one module in :mod:`helpable.cli` (see :mod:`helpable.cli.command`);
its logic lives in the package that owns it. Exit codes are in
:mod:`helpable.cli.exit_codes`; every failure is one line on stderr, never a traceback:

* A reader that stops early (``python -m helpable check --csv class.csv | head``)
  is not an error: the command stops quietly and exits 0, as if it had finished.
* Text a terminal cannot show (an emoji on a cp1252 console) comes out as ``?``
  instead of stopping the command.
* A folder given where a file goes (or a file where a folder goes) that a command
  did not catch itself is one line naming it, exit 1.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
from collections.abc import Sequence

from helpable.cli import check, collect, evaluate, handouts, hub_link, journal, report, train
from helpable.cli.command import Command, Parser
from helpable.cli.exit_codes import (
    EXIT_DATA,
    EXIT_READER_GONE,
    EXIT_STOPPED,
    EXIT_USAGE,
    UsageError,
    fail,
)
from helpable.content.tables import DataError

COMMANDS: tuple[Command, ...] = (
    check,
    evaluate,
    train,
    journal,
    collect,
    report,
    handouts,
    hub_link,
)
"""The command modules, in the order ``--help`` lists them."""


def build_parser() -> argparse.ArgumentParser:
    """The parser with every command registered."""
    parser = Parser(
        prog="python -m helpable",
        description="Tools for the helpable networking course.",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    for command in COMMANDS:
        sub = subparsers.add_parser(
            command.NAME, help=command.HELP, description=command.DESCRIPTION
        )
        command.add_arguments(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; return its exit code."""
    forgive_unencodable_text()
    try:
        try:
            return _run(argv)
        finally:
            sys.stdout.flush()  # here, so that a closed pipe is caught below, not at exit
    except BrokenPipeError:
        silence_closed_streams()
        return EXIT_READER_GONE


def _run(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    by_name = {command.NAME: command for command in COMMANDS}
    if args.command not in by_name:
        parser.print_help()
        return EXIT_USAGE
    try:
        return by_name[args.command].run(args)
    except UsageError as exc:
        return fail(str(exc), EXIT_USAGE)
    except DataError as exc:
        return fail(f"data error: {exc}", EXIT_DATA)
    except IsADirectoryError as exc:
        return fail(f"{exc.filename} is a folder, but a file is needed there", EXIT_DATA)
    except NotADirectoryError as exc:
        return fail(f"{exc.filename}: part of that path is a file, not a folder", EXIT_DATA)
    except KeyboardInterrupt:
        return fail("stopped", EXIT_STOPPED)


def forgive_unencodable_text() -> None:
    """Let standard input and output replace what their encoding cannot hold.

    A Windows console or ``PYTHONIOENCODING=cp1252`` cannot show an emoji; the
    default ``errors="strict"`` would stop the command with a traceback.
    """
    for stream in (sys.stdin, sys.stdout, sys.stderr):
        if not isinstance(stream, io.TextIOWrapper) or stream.errors != "strict":
            continue
        try:
            stream.reconfigure(errors="replace")
        except (OSError, ValueError):  # a closed or unusual stream: leave it as it is
            continue


def silence_closed_streams() -> None:
    """Point stdout and stderr at the null device, so that Python's final flush is quiet.

    The advice of the Python docs (signal module, "Note on SIGPIPE").
    """
    devnull = os.open(os.devnull, os.O_WRONLY)
    for stream in (sys.stdout, sys.stderr):
        try:
            os.dup2(devnull, stream.fileno())
        except (OSError, ValueError):  # no real file (a test's capture): nothing to silence
            continue


if __name__ == "__main__":
    sys.exit(main())
