#!/usr/bin/env python3
"""Print the nbgitpuller link that opens the course on a JupyterHub.

A learner who clicks the link gets a fresh copy of the course (or an update of
the copy they have) and lands in the start-here notebook. The hub needs
nbgitpuller installed. The link logic lives in ``helpable.instructor.links``.

    python tools/hub_link.py https://hub.example.edu
    python tools/hub_link.py https://hub.example.edu --path notebooks/07_action_plan.ipynb
    python tools/hub_link.py https://hub.example.edu --repo https://github.com/you/your-fork

Exit codes: 0 ok, 2 a hub URL, repository, path or app that cannot work.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from helpable.instructor.links import (
    APPS,
    COURSE_REPO,
    DEFAULT_BRANCH,
    START_PATH,
    LinkError,
    nbgitpuller_link,
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python tools/hub_link.py",
        description="Print an nbgitpuller link that opens the course on a JupyterHub.",
    )
    parser.add_argument("hub", help="the hub's address, like https://hub.example.edu")
    parser.add_argument(
        "--repo", default=COURSE_REPO, help=f"Git repository (default {COURSE_REPO})"
    )
    parser.add_argument(
        "--branch", default=DEFAULT_BRANCH, help=f"branch (default {DEFAULT_BRANCH})"
    )
    parser.add_argument(
        "--path", default=START_PATH, help=f"file to open, in the repository (default {START_PATH})"
    )
    parser.add_argument("--app", default="lab", choices=list(APPS), help="app to open it in")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        link = nbgitpuller_link(args.hub, args.repo, args.branch, args.path, args.app)
    except LinkError as exc:
        print(f"hub_link: {exc}", file=sys.stderr)
        return 2
    print(link)
    return 0


if __name__ == "__main__":
    sys.exit(main())
