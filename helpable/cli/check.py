"""``python -m helpable check``: feedback on one pitch, or on every pitch in a CSV file.

The logic is in :mod:`helpable.analyzer.batch`. Exit codes: 0 ok; 2 usage,
which covers the files named on the command line (missing, unreadable, a
folder, not UTF-8 CSV, no such column, cannot write ``--out``, an ``--out``
that exists without ``--force``, an ``--out`` that is the input file, even with
``--force``); 1 a broken course data file.

Cells that a spreadsheet would run as a formula (text starting with ``=``,
``+``, ``-``, ``@``, a tab or a carriage return) are written with a leading
``'``. A ``setting`` or ``relationship`` cell the analyzer does not know is
checked without one, and said on stderr, one line per distinct value.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from helpable.analyzer import batch
from helpable.analyzer.engine import analyze
from helpable.cli.exit_codes import EXIT_OK, EXIT_USAGE, UsageError, fail
from helpable.cli.outputs import same_file
from helpable.content.approaches import RELATIONSHIPS, SETTINGS

NAME = "check"
HELP = "give feedback on a pitch, or on a CSV file of pitches"
DESCRIPTION = "Which of the three rules does a pitch break, and why?"
PROGRESS_MIN_ROWS = 200
"""Files with at least this many pitches show progress on stderr."""


def add_arguments(check: argparse.ArgumentParser) -> None:
    """The options of ``check``."""
    check.add_argument("text", nargs="?", help="the pitch, in quotes ('-' reads standard input)")
    check.add_argument("--json", action="store_true", help="print the feedback as JSON")
    check.add_argument("--csv", metavar="IN.csv", help="check every pitch in a CSV file")
    check.add_argument("--column", default="text", help="the CSV column with the pitches")
    check.add_argument("--out", metavar="OUT.csv", help="where to write results (default: stdout)")
    check.add_argument(
        "--force",
        action="store_true",
        help="replace --out if it already exists (never the input file)",
    )
    check.add_argument("--setting", choices=SETTINGS, help="where the pitch happens")
    check.add_argument("--relationship", choices=RELATIONSHIPS, help="who the helper is to you")


def run(args: argparse.Namespace) -> int:
    """Check one pitch, or a CSV file of them."""
    if args.csv and args.text is not None:
        raise UsageError("give either TEXT or --csv, not both")
    if args.csv:
        try:
            return _check_csv(args)
        except batch.InputError as exc:
            return fail(str(exc), EXIT_USAGE)
    if args.out:
        raise UsageError("--out only works with --csv")
    if args.text is None:
        raise UsageError('give a pitch to check, e.g.  check "Could we talk for 20 minutes?"')
    text = sys.stdin.read() if args.text == "-" else args.text
    feedback = analyze(text, setting=args.setting, relationship=args.relationship)
    print(batch.feedback_json(feedback) if args.json else batch.format_feedback(feedback))
    return EXIT_OK


def _check_csv(args: argparse.Namespace) -> int:
    if args.out:
        refuse_out(args.out, args.csv, force=args.force)
    table = batch.check_csv(
        args.csv,
        args.column,
        setting=args.setting,
        relationship=args.relationship,
        progress=_progress,
    )
    for warning in table.warnings:
        print(f"helpable: note: {warning}", file=sys.stderr)
    if not args.out:
        batch.write_csv(sys.stdout, table)
        return EXIT_OK
    batch.write_csv_file(args.out, table, replace=args.force)
    print(f"helpable: checked {len(table.rows)} pitches; wrote {args.out}", file=sys.stderr)
    return EXIT_OK


def refuse_out(out: str, source: str, *, force: bool) -> None:
    """Raise UsageError if ``--out`` is a folder, the input file, or exists without --force."""
    path = Path(out)
    if path.is_dir():
        raise UsageError(f"--out {out} is a folder; give a file name")
    if same_file(out, source):
        raise UsageError(f"--out {out} is the input file; give another name for the results")
    if path.exists() and not force:
        raise UsageError(f"{out} already exists; add --force to replace it")


def _progress(done: int, total: int) -> None:
    """A progress line on stderr about every tenth of a large file."""
    if total < PROGRESS_MIN_ROWS:
        return
    step = max(1, total // 10)
    if done % step == 0 or done == total:
        print(f"helpable: checked {done}/{total} pitches", file=sys.stderr, flush=True)
