"""The command line: ``python -m helpable COMMAND``.

Each command lives in the module that owns its logic; that module exposes
``add_parser(subparsers)``, which registers the command and sets ``func``.
Exit codes: 0 ok, 1 data error, 2 usage error, each with a one-line message.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from helpable.content.tables import DataError

EXIT_OK, EXIT_DATA, EXIT_USAGE = 0, 1, 2

# Modules that register commands, in the order `--help` lists them.
COMMAND_MODULES: tuple[str, ...] = (
    "helpable.cli.commands_analyzer",
    "helpable.cli.journal",
    "helpable.instructor.report",
    "helpable.instructor.handouts",
)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, exit 2
        self.exit(EXIT_USAGE, f"helpable: {message} (try --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="python -m helpable",
        description="Tools for the helpable networking course.",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:
                continue  # a command not built yet
            raise
        module.add_parser(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return EXIT_USAGE
    try:
        return int(args.func(args) or EXIT_OK)
    except DataError as exc:
        print(f"helpable: data error: {exc}", file=sys.stderr)
        return EXIT_DATA
    except KeyboardInterrupt:
        print("helpable: stopped", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
