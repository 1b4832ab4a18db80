#!/usr/bin/env python3
"""Execute the course's notebooks in place: the one way stored outputs are made.

Runs every notebook in notebooks/, solutions/ and exercises/ (or the paths
given) top to bottom in a fresh kernel, then normalises what would otherwise
vary: no widget state, no timing metadata, a fixed kernelspec and language
info. Running it twice on an unchanged tree changes no bytes. The logic is in
helpable.authoring.execute.

    python tools/execute_notebooks.py                  # everything
    python tools/execute_notebooks.py notebooks/02_rule1_effort.ipynb
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from helpable.authoring.conventions import course_notebooks
from helpable.authoring.execute import execute
from helpable.paths import COURSE_ROOT


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path, help="notebooks to run (default: all)")
    args = parser.parse_args(argv)
    paths = [p.resolve() for p in args.paths] or course_notebooks(COURSE_ROOT)
    if not paths:
        print("No notebooks found.", file=sys.stderr)
        return 1
    for path in paths:
        seconds = execute(path)
        print(f"{seconds:6.1f} s  {path.relative_to(COURSE_ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
