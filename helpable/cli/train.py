"""``python -m helpable train``: retrain the analyzer on the corpus and report its figures.

Needs scikit-learn (``pip install -r requirements-dev.txt``). Writes
``data/model_weights.csv`` and ``data/model_settings.csv``; run it after adding
or relabelling rows in ``data/corpus.csv``, then run the tests. Exit codes: 0
ok; 2 usage (no scikit-learn, or an ``--out`` that is a file).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from helpable.cli.exit_codes import EXIT_OK, UsageError

NAME = "train"
HELP = "retrain the pitch analyzer on data/corpus.csv and print its figures"
DESCRIPTION = (
    "Train the analyzer's classifiers on the corpus (fixed seed, same result every time), "
    "choose thresholds on author-held-out predictions, write the model as text, and print "
    "the held-out figures."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of ``train``."""
    parser.add_argument(
        "--out", type=Path, metavar="FOLDER", help="write the model here instead of data/"
    )
    parser.add_argument("--no-report", action="store_true", help="skip the held-out figures")


def run(args: argparse.Namespace) -> int:
    """Train, write, and report."""
    try:
        import sklearn  # noqa: F401
    except ImportError:
        raise UsageError(
            "training needs scikit-learn: python -m pip install -r requirements-dev.txt"
        ) from None
    if args.out is not None and args.out.exists() and not args.out.is_dir():
        raise UsageError(f"--out {args.out} is a file, not a folder; give a folder for the model")
    from helpable.analyzer.train import train

    result = train(args.out, progress=lambda line: print(line, file=sys.stderr, flush=True))
    print(f"{result.pitches} pitches, {result.features} features.")
    print("Thresholds (chosen on author-held-out predictions): " + ", ".join(
        f"{k} {v:.2f}" for k, v in result.thresholds.items()))
    folds = ", ".join(f"{x:.3f}" for x in result.fold_macro_f1)
    print(f"Grouped {len(result.fold_macro_f1)}-fold macro-F1 by held-out authors: {folds}")
    if not args.no_report and args.out is None:
        from helpable.analyzer.evaluation import standard_report

        print()
        print(standard_report(misses=5))
    return EXIT_OK
