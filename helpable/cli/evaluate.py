"""``python -m helpable evaluate``: score the analyzer against labelled pitches.

The logic is in :mod:`helpable.analyzer.batch` and :mod:`helpable.analyzer.metrics`.
Exit codes: 0 ok; 2 usage (a bad ``--misses``, or a ``--file`` that is
missing, unreadable, a folder, lacks label columns, or has a label that is not
0 or 1, named by row and column); 1 a broken ``data/approaches.csv``. An
unknown ``setting`` or ``relationship`` in ``--file`` is said on stderr.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from helpable.analyzer import batch
from helpable.analyzer.evaluation import standard_report
from helpable.cli.exit_codes import EXIT_OK, EXIT_USAGE, UsageError, fail
from helpable.content.approaches import SPLITS

NAME = "evaluate"
HELP = "score the analyzer on the held-out pitches (or on a labelled file)"
DESCRIPTION = (
    "Per-rule precision, recall and F1, macro-F1, exact match, per family, the grouped "
    "cross-validation of training, and the worst misses, on pitches the model never saw."
)


def add_arguments(ev: argparse.ArgumentParser) -> None:
    """The options of ``evaluate``."""
    ev.add_argument(
        "--split",
        choices=(*SPLITS, "all"),
        help="score one split of data/approaches.csv instead (dev was trained on)",
    )
    ev.add_argument(
        "--file",
        metavar="LABELLED.csv",
        help="score another labelled CSV file (columns text, effort, risk, commitment; "
        "labels 0 or 1)",
    )
    ev.add_argument("--misses", type=int, default=10, help="how many misses to list (default 10)")


def run(args: argparse.Namespace) -> int:
    """Print the analyzer's scores for each split (or for ``--file``)."""
    if args.misses < 0:
        raise UsageError("--misses must be 0 or more")
    if not args.file and args.split is None:
        print(standard_report(args.misses))
        return EXIT_OK
    try:
        groups = _file_groups(args) if args.file else batch.approach_groups(args.split)
    except batch.InputError as exc:
        return fail(str(exc), EXIT_USAGE)
    print(batch.evaluation_text(groups, args.misses))
    return EXIT_OK


def _file_groups(args: argparse.Namespace) -> dict[str, list[batch.Row]]:
    header, rows = batch.read_labelled(args.file)
    for warning in batch.context_warnings(args.file, rows):
        print(f"helpable: note: {warning}", file=sys.stderr)
    if "split" in header:
        return batch.by_split(rows, args.split or "all")
    if args.split not in (None, "all"):
        raise UsageError(f"--split {args.split} needs a 'split' column in {args.file}")
    return {Path(args.file).name: rows}
