"""``python -m helpable hub-link HUB``: print the nbgitpuller link that opens the course on a hub.

A learner who clicks the link gets a fresh copy of the course (or an update of
the copy they have) and lands in the start-here notebook. The hub needs
nbgitpuller installed. The links come from :mod:`helpable.instructor.links`.

    python -m helpable hub-link https://hub.example.edu
    python -m helpable hub-link https://hub.example.edu --path notebooks/07_action_plan.ipynb
    python -m helpable hub-link https://hub.example.edu --repo https://github.com/you/your-fork

``tools/hub_link.py`` runs this command. Exit codes: 0 ok; 2 a hub URL,
repository, path or app that cannot work (one line on stderr, starting ``hub_link:``).
"""

from __future__ import annotations

import argparse
import sys

from helpable.cli.exit_codes import EXIT_OK, EXIT_USAGE
from helpable.instructor.links import (
    APPS,
    COURSE_REPO,
    DEFAULT_BRANCH,
    START_PATH,
    LinkError,
    nbgitpuller_link,
)

NAME = "hub-link"
HELP = "print an nbgitpuller link that opens the course on a JupyterHub"
DESCRIPTION = "Print an nbgitpuller link that opens the course on a JupyterHub."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of ``hub-link``."""
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


def run(args: argparse.Namespace) -> int:
    """Print the link, or say in one line why it cannot work."""
    try:
        link = nbgitpuller_link(
            args.hub, repo=args.repo, branch=args.branch, path=args.path, app=args.app
        )
    except LinkError as exc:
        print(f"hub_link: {exc}", file=sys.stderr)
        return EXIT_USAGE
    print(link)
    return EXIT_OK
