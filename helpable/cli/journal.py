"""``python -m helpable journal``: look at a learner's journal, or export it for an instructor.

    python -m helpable journal info [--journal PATH]
    python -m helpable journal export --csv OUT [--journal PATH] [--force]

``--csv -`` writes the CSV to standard output. Exit codes (see
:mod:`helpable.cli.exit_codes`): 0 ok, 1 no journal or an unwritable OUT, 2 usage
(such as an OUT that exists without ``--force``).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from helpable.cli.exit_codes import EXIT_DATA, EXIT_OK, EXIT_USAGE, fail
from helpable.journal.store import DEFAULT_FILENAME, ENV_VAR, Journal, JournalError, show_path

NAME = "journal"
JOURNAL_HELP = f"the journal file (default: ${ENV_VAR} if set, else notebooks/{DEFAULT_FILENAME})"


HELP = "look at a learner's journal, or export it as CSV"
DESCRIPTION = "Look at a learner's journal, or export it as CSV for an instructor."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The actions ``journal info`` and ``journal export``."""
    actions = parser.add_subparsers(dest="journal_action", metavar="ACTION")

    info = actions.add_parser(
        "info",
        help="say how many entries the journal has, where it is, and any problems",
        description="Say how many entries the journal has, where it is, and any problems.",
    )
    info.add_argument("--journal", type=Path, metavar="PATH", help=JOURNAL_HELP)

    export = actions.add_parser(
        "export",
        help="write every entry to a CSV file, one row per entry",
        description="Write every readable entry to a CSV file, one row per entry.",
    )
    export.add_argument("--csv", required=True, metavar="OUT", help="the CSV file to write, or -")
    export.add_argument("--journal", type=Path, metavar="PATH", help=JOURNAL_HELP)
    export.add_argument("--force", action="store_true", help="replace OUT if it already exists")


def run(args: argparse.Namespace) -> int:
    """Run ``journal info`` or ``journal export``."""
    if args.journal_action == "info":
        return run_info(args)
    if args.journal_action == "export":
        return run_export(args)
    return fail("journal needs an action: info or export (try --help)", EXIT_USAGE)


def run_info(args: argparse.Namespace) -> int:
    """Print the journal's status, its files, what kinds of entries it holds, and problems."""
    journal = Journal(args.journal)
    print(journal.status())
    for path in journal.files:
        print(f"  file: {show_path(path)}")
    kinds = Counter(str(entry.get("kind", "(no kind)")) for entry in journal.entries())
    if kinds:
        print("  kinds: " + ", ".join(f"{kind} {count}" for kind, count in kinds.most_common()))
    for problem in journal.problems:
        print(f"  problem: {problem}")
    return EXIT_OK


def run_export(args: argparse.Namespace) -> int:
    """Write the journal's entries to ``args.csv``; never replace a file without --force."""
    journal = Journal(args.journal)
    if not journal.files:
        return fail(
            f"there is no journal at {show_path(journal.requested)} yet, so there is nothing "
            f"to export (use --journal PATH, or set {ENV_VAR})",
            EXIT_DATA,
        )
    out: str = args.csv
    if out != "-" and Path(out).exists() and not args.force:
        return fail(f"{out} already exists; add --force to replace it", EXIT_USAGE)
    frame = journal.to_frame()
    for problem in journal.problems:
        print(f"helpable: note: {problem}", file=sys.stderr)
    noun = "entry" if len(frame) == 1 else "entries"
    if out == "-":
        frame.to_csv(sys.stdout, index=False)
        print(f"Wrote {len(frame)} {noun}.", file=sys.stderr)
        return EXIT_OK
    try:
        with open(out, "w" if args.force else "x", encoding="utf-8", newline="") as handle:
            frame.to_csv(handle, index=False)
    except FileExistsError:
        return fail(f"{out} already exists; add --force to replace it", EXIT_USAGE)
    except (OSError, JournalError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        return fail(f"could not write {out}: {reason}", EXIT_DATA)
    print(f"Wrote {len(frame)} {noun} to {out}.")
    return EXIT_OK
