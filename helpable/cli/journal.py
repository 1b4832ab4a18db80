"""``python -m helpable journal``: look at a learner's journal, or export it for an instructor.

    python -m helpable journal info [--journal PATH]
    python -m helpable journal export --csv OUT [--journal PATH] [--force]
    python -m helpable journal move --to PLACE [--journal PATH]
    python -m helpable journal clear --yes [--journal PATH]

``move`` and ``clear`` treat the journal and its recovery files
(``my_journal.recovered-N.jsonl``) as one: at a shared desk, use them between
visitors so that nothing of one visitor is left for the next.

``--csv -`` writes the CSV to standard output. Text that a spreadsheet would
run as a formula (starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return) gets a leading ``'``. Exit codes (see :mod:`helpable.cli.exit_codes`):
0 ok, 1 no journal or an unwritable OUT, 2 usage (such as an OUT that is a
folder, or exists without ``--force``, or is the journal itself, even with
``--force``).
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import Counter
from pathlib import Path
from typing import TextIO

import pandas as pd

from helpable.cli.exit_codes import EXIT_DATA, EXIT_OK, EXIT_USAGE, fail
from helpable.cli.outputs import is_an_input
from helpable.content.spreadsheet import safe_frame
from helpable.content.strings import say
from helpable.journal.store import (
    DEFAULT_FILENAME,
    ENV_VAR,
    HIDDEN_FOLDER,
    Journal,
    JournalError,
    clear_journal,
    course_journal_paths,
    default_is_old_place,
    move_journal,
    show_path,
)

NAME = "journal"
JOURNAL_HELP = (
    f"the journal file (default: ${ENV_VAR} if set, else notebooks/{HIDDEN_FOLDER}/"
    f"{DEFAULT_FILENAME}, or notebooks/{DEFAULT_FILENAME} where an older journal is kept)"
)


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
    export.add_argument(
        "--csv",
        required=True,
        metavar="OUT",
        help="the CSV file to write, or - for standard output (text that a spreadsheet "
        "would run as a formula gets a leading ')",
    )
    export.add_argument("--journal", type=Path, metavar="PATH", help=JOURNAL_HELP)
    export.add_argument("--force", action="store_true", help="replace OUT if it already exists")

    move = actions.add_parser(
        "move",
        help="move the journal and its recovery files together (never replaces a file)",
        description="Move the journal and its recovery files as one: into a folder, or to a "
        "new journal name (the recovery files follow the new name). Nothing is replaced.",
    )
    move.add_argument(
        "--to", required=True, type=Path, metavar="PLACE", help="a folder or a .jsonl name"
    )
    move.add_argument("--journal", type=Path, metavar="PATH", help=JOURNAL_HELP)

    clear = actions.add_parser(
        "clear",
        help="delete the journal and its recovery files (asks for --yes)",
        description="Delete the journal and its recovery files, for example between visitors "
        "at a shared desk. Export or move it first if it should be kept.",
    )
    clear.add_argument("--yes", action="store_true", help="really delete them")
    clear.add_argument("--journal", type=Path, metavar="PATH", help=JOURNAL_HELP)


def run(args: argparse.Namespace) -> int:
    """Run ``journal info`` or ``journal export``."""
    if args.journal_action == "info":
        return run_info(args)
    if args.journal_action == "export":
        return run_export(args)
    if args.journal_action == "move":
        return run_move(args)
    if args.journal_action == "clear":
        return run_clear(args)
    return fail("journal needs an action: info, export, move or clear (try --help)", EXIT_USAGE)


def run_move(args: argparse.Namespace) -> int:
    """Move the journal's files as one, and say where each went."""
    try:
        moved = move_journal(args.journal, args.to)
    except JournalError as exc:
        return fail(str(exc), EXIT_DATA)
    if not moved:
        return fail(
            f"there is no journal at {show_path(Journal(args.journal).requested)}", EXIT_DATA
        )
    for dest in moved:
        print(f"moved to {show_path(dest)}")
    return EXIT_OK


def run_clear(args: argparse.Namespace) -> int:
    """Delete the journal's files, once ``--yes`` says so."""
    if not args.yes:
        return fail(
            "journal clear deletes the journal and its recovery files; add --yes", EXIT_USAGE
        )
    try:
        removed = clear_journal(args.journal)
    except JournalError as exc:
        return fail(str(exc), EXIT_DATA)
    print(f"deleted {len(removed)} file(s)" if removed else "there was no journal to delete")
    return EXIT_OK


def run_info(args: argparse.Namespace) -> int:
    """Print the journal's status, its files, what kinds of entries it holds, and problems."""
    journal = Journal(args.journal)
    print(journal.status())
    for path in journal.files:
        print(f"  file: {show_path(path)}")
    if args.journal is None and default_is_old_place():
        new, old = course_journal_paths()
        print("  note: " + say("journal.info.old_place", file=show_path(old), new=show_path(new)))
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
    if out != "-" and Path(out).is_dir():
        return fail(f"--csv {out} is a folder; give a file name", EXIT_USAGE)
    if out != "-" and is_an_input(out, journal.files):
        return fail(f"--csv {out} is the journal itself; give another name", EXIT_USAGE)
    if out != "-" and Path(out).exists() and not args.force:
        return fail(f"{out} already exists; add --force to replace it", EXIT_USAGE)
    frame = safe_frame(journal.to_frame())  # no cell runs as a formula in a spreadsheet
    for problem in journal.problems:
        print(f"helpable: note: {problem}", file=sys.stderr)
    noun = "entry" if len(frame) == 1 else "entries"
    if out == "-":
        write_frame(sys.stdout, frame)
        print(f"Wrote {len(frame)} {noun}.", file=sys.stderr)
        return EXIT_OK
    try:
        with open(out, "w" if args.force else "x", encoding="utf-8", newline="") as handle:
            write_frame(handle, frame)
    except FileExistsError:
        return fail(f"{out} already exists; add --force to replace it", EXIT_USAGE)
    except (OSError, JournalError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        return fail(f"could not write {out}: {reason}", EXIT_DATA)
    print(f"Wrote {len(frame)} {noun} to {out}.")
    return EXIT_OK


def write_frame(handle: TextIO, frame: pd.DataFrame) -> None:
    """Write an exported journal as CSV.

    If any cell holds a carriage return, every cell is quoted, so that no
    reader takes it for the end of a row (Python before 3.11.9 leaves a lone
    ``\\r`` unquoted).
    """
    text = frame.select_dtypes(include=["object", "string"])
    lone_cr = any("\r" in str(c) for c in frame.columns) or any(
        text[column].astype(str).str.contains("\r", regex=False).any() for column in text
    )
    if lone_cr:
        frame.to_csv(handle, index=False, quoting=csv.QUOTE_ALL)
    else:
        frame.to_csv(handle, index=False)
