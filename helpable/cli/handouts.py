"""``python -m helpable handouts OUT_DIR [--force] [--no-binder]``: read-only lesson pages.

:mod:`helpable.instructor.handouts` writes the pages. Exit codes: 0 ok; 1 a
lesson could not be converted (the rest are still written) or OUT_DIR cannot
be written; 2 usage (OUT_DIR is a file, or not empty without ``--force``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from helpable.cli.exit_codes import EXIT_DATA, EXIT_OK, EXIT_USAGE, fail
from helpable.instructor.handouts import HandoutError, export_handouts

NAME = "handouts"
HELP = "export each lesson to a read-only HTML page, for learners without a kernel"
DESCRIPTION = (
    "Export each lesson in notebooks/ to a static HTML page (stored outputs, no "
    "execution) plus index.html. Widgets need a live kernel, so each page says so."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of ``handouts``."""
    parser.add_argument("out_dir", type=Path, metavar="OUT_DIR", help="folder to write into")
    parser.add_argument(
        "--force", action="store_true", help="write into a folder that is not empty"
    )
    parser.add_argument(
        "--no-binder", dest="binder", action="store_false", help="leave out the Binder links"
    )


def run(args: argparse.Namespace) -> int:
    """Write the handouts and say what was written, and what was not."""
    try:
        result = export_handouts(args.out_dir, force=args.force, binder=args.binder)
    except HandoutError as exc:
        return fail(str(exc), EXIT_USAGE)
    except OSError as exc:
        return fail(f"cannot write to {args.out_dir}: {exc.strerror or exc}", EXIT_DATA)
    for name, why in result.failed:
        print(f"handouts: could not convert {name}: {why}", file=sys.stderr)
    for page, urls in result.external.items():
        print(f"handouts: {page} still loads {', '.join(urls)}", file=sys.stderr)
    if result.missing:
        print(f"handouts: no notebook yet for {', '.join(result.missing)}", file=sys.stderr)
    for page, href in result.dead_links:
        print(f"handouts: {page} links to {href}, which leads nowhere", file=sys.stderr)
    print(
        f"handouts: wrote {len(result.pages)} lessons, {len(result.exercises)} exercise pages "
        f"and index.html to {result.out_dir}"
    )
    return EXIT_DATA if result.failed else EXIT_OK
