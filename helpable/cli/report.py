"""``python -m helpable report JOURNALS... [--out report.html]``: one HTML page for a class.

The instructor collects the journal files a class hands in (``*.jsonl``, or
folders of them); :mod:`helpable.instructor.report` makes the page. Bad
journals are listed in the page and skipped. Exit codes: 0 ok; 1 no journal
files found, or the report cannot be written; 2 usage (a missing input, or
``--out`` is a folder, exists without ``--force``, or is one of the journals,
even with ``--force``).
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from helpable.cli.exit_codes import EXIT_DATA, EXIT_OK, EXIT_USAGE, fail
from helpable.cli.options import add_out, add_paths
from helpable.cli.outputs import is_an_input
from helpable.instructor.collect import find_journals
from helpable.instructor.report import build_report, write_page

NAME = "report"
HELP = "write one HTML report from a class's journal files"
DESCRIPTION = (
    "Read the journal files a class hands in (files, or folders of *.jsonl) and "
    "write one self-contained HTML report. Bad journals are listed and skipped."
)
PROGRESS_EVERY = 10
"""Say how far the reading has got after every this many journals."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of ``report``."""
    add_paths(parser, "journals", "journal files, or folders that hold them")
    add_out(parser, "where to write the report (default: report.html)", Path("report.html"))
    parser.add_argument("--force", action="store_true", help="replace --out if it exists")
    parser.add_argument("--title", default="Class report", help="the report's title")


def _progress(done: int, total: int, _path: Path) -> None:
    if done % PROGRESS_EVERY == 0 or (done == total and total >= PROGRESS_EVERY):
        print(f"report: read {done} of {total} journals", file=sys.stderr, flush=True)


def run(args: argparse.Namespace) -> int:
    """Read the journals, write the page, and say what was in it."""
    out: Path = args.out
    missing = [str(p) for p in args.journals if not p.exists()]
    if missing:
        return fail(f"no such file or folder: {', '.join(missing)}", EXIT_USAGE)
    if out.is_dir():
        return fail(f"--out {out} is a folder; give a file name", EXIT_USAGE)
    files, _ = find_journals(args.journals)
    if is_an_input(out, [*args.journals, *files]):
        return fail(f"--out {out} is one of the journals; give another name", EXIT_USAGE)
    if out.exists() and not args.force:
        return fail(f"{out} already exists; add --force to replace it", EXIT_USAGE)
    if not files:
        return fail("found no journal files (*.jsonl) there", EXIT_DATA)
    page, summary = build_report(
        files, title=args.title, made_on=date.today().isoformat(), progress=_progress
    )
    try:
        write_page(out, page)
    except OSError as exc:
        return fail(f"cannot write {out}: {exc.strerror or exc}", EXIT_DATA)
    print(
        f"report: {summary.learners} learners, {summary.pitches} pitches; "
        f"{summary.skipped} journals skipped, {summary.partly_read} partly read. "
        f"Wrote {out}"
    )
    return EXIT_OK
