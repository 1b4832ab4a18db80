#!/usr/bin/env python3
"""Insert or refresh the navigation cells of every lesson and exercise.

Lessons get a navigation cell at the top and the bottom (previous, course map,
next), written from data/course.csv between ``<!-- helpable:nav -->`` markers,
so links never drift. Solutions get one at the top that links back to their
lesson; tools/build_exercises.py copies it into exercises/. The logic is in
helpable.authoring.navigation.

    python tools/update_navigation.py          # rewrite in place
    python tools/update_navigation.py --check  # exit 1 if anything would change
"""

from __future__ import annotations

import argparse
import sys

from helpable.authoring.navigation import refresh
from helpable.paths import COURSE_ROOT


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Refresh navigation cells.")
    parser.add_argument("--check", action="store_true", help="only report; exit 1 on drift")
    args = parser.parse_args(argv)
    drift = refresh(write=not args.check)
    for item in drift:
        shown = item.path.relative_to(COURSE_ROOT)
        if not item.in_course:
            print(f"{shown}: not in data/course.csv", file=sys.stderr)
        else:
            print(("would update " if args.check else "updated ") + str(shown))
    return 1 if (args.check and drift) else 0


if __name__ == "__main__":
    sys.exit(main())
