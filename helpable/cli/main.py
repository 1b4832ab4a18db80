"""The command line: ``python -m helpable COMMAND``.

Each command is one module in :mod:`helpable.cli` (see :mod:`helpable.cli.command`);
its logic lives in the package that owns it. Exit codes are in
:mod:`helpable.cli.exit_codes`; every failure is one line on stderr.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from helpable.cli import check, evaluate, handouts, hub_link, journal, report, train
from helpable.cli.command import Command, Parser
from helpable.cli.exit_codes import EXIT_DATA, EXIT_STOPPED, EXIT_USAGE, UsageError, fail
from helpable.content.tables import DataError

COMMANDS: tuple[Command, ...] = (check, evaluate, train, journal, report, handouts, hub_link)
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
    except KeyboardInterrupt:
        return fail("stopped", EXIT_STOPPED)


if __name__ == "__main__":
    sys.exit(main())
