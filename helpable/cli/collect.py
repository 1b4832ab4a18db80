"""``python -m helpable collect HOMES... --out FOLDER``: copy a class's journals into one folder.

Give the hub's home folders (``/home/*``, or ``/home`` itself), or a shared
folder learners dropped their journals in. Each learner's journal and its
recovery files are copied to FOLDER, ready for ``python -m helpable report
FOLDER``; the learners' own files are never moved or changed. Every folder or
file skipped is named on stderr, with why.

    python -m helpable collect /home --out class-2026-12-01
    python -m helpable collect /home --out week2 --pseudonymise --key ~/private/class-key.csv

``--pseudonymise`` names the copies ``learner-xxxxx`` instead of the learners'
names; the key file (default ``helpable-key.csv`` in the current folder) links
each pseudonym to its learner, is kept and added to from run to run (so the
pseudonyms stay the same), and must not be inside FOLDER or a learner's folder.

Exit codes: 0 ok; 1 no journal found, or nothing could be copied; 2 usage
(FOLDER is not new or empty, is inside a home, or the key file cannot be used).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from helpable.cli.exit_codes import EXIT_DATA, EXIT_OK, EXIT_USAGE, fail
from helpable.cli.options import add_out, add_paths
from helpable.instructor.gather import GatherError, gather

NAME = "collect"
HELP = "copy a class's journals from hub home folders into one folder for report"
DESCRIPTION = (
    "Copy every learner's journal (with its recovery files) from JupyterHub home "
    "folders, or a shared drop folder, into one new folder ready for report. "
    "Learner files are only read, never moved or changed."
)
DEFAULT_KEY = Path("helpable-key.csv")
PROGRESS_EVERY = 10


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of ``collect``."""
    add_paths(
        parser,
        "homes",
        "home folders (or the folder that holds them), a drop folder, or journal files",
    )
    add_out(parser, "a new (or empty) folder for the copies")
    parser.add_argument(
        "--pseudonymise",
        "--pseudonymize",
        action="store_true",
        help="name the copies by stable pseudonyms instead of learner names",
    )
    parser.add_argument(
        "--key",
        type=Path,
        default=None,
        help=f"the key file that links pseudonyms to learners (default {DEFAULT_KEY}); "
        "keep it private",
    )


def _progress(done: int, total: int, _name: str) -> None:
    if done % PROGRESS_EVERY == 0 or done == total:
        print(f"collect: copied {done} of {total} learners", file=sys.stderr, flush=True)


def run(args: argparse.Namespace) -> int:
    """Copy the journals; name what was skipped; say where the copies and the key are."""
    if args.key is not None and not args.pseudonymise:
        return fail("--key goes with --pseudonymise", EXIT_USAGE)
    key: Path | None = (args.key or DEFAULT_KEY) if args.pseudonymise else None
    try:
        result = gather(args.homes, args.out, key=key, progress=_progress)
    except GatherError as exc:
        return fail(str(exc), EXIT_USAGE)
    for item in result.skipped:
        print(f"collect: skipped {item.where}: {item.reason}", file=sys.stderr)
    if not result.copied:
        return fail("found no journal to copy there (see the skipped folders above)", EXIT_DATA)
    files = sum(len(c.copies) for c in result.copied)
    noun = "learner" if len(result.copied) == 1 else "learners"
    print(
        f"collect: {len(result.copied)} {noun} ({files} files) copied to {args.out}; "
        f"{len(result.skipped)} skipped. Next: python -m helpable report {args.out}"
    )
    if result.key is not None:
        print(
            f"collect: pseudonyms are in the key file {result.key} "
            f"({result.new_pseudonyms} new); keep it private and do not share it"
        )
    return EXIT_OK
