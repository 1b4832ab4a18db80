#!/usr/bin/env python3
"""Check every course notebook against the course's conventions.

Lessons (notebooks/) must have their header, footer and navigation, a learner
action at least every five cells, alt text beside every figure, and
learner-facing prose at about US grade 8 (Flesch-Kincaid ≤ 9, via textstat).
Every notebook (lessons, solutions, exercises) must store clean outputs: no
absolute paths, no memory addresses, execution counts in order. The logic is
in helpable.authoring.course_check.

    python tools/check_course.py            # the whole course
    python tools/check_course.py PATH...    # some notebooks

Exit 0 when everything passes; 1 with one line per problem otherwise.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from helpable.authoring.course_check import check_course


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Check the course's notebooks.")
    parser.add_argument("paths", nargs="*", type=Path)
    parser.add_argument("--lesson", action="store_true", help="treat the given paths as lessons")
    args = parser.parse_args(argv)
    paths = [p.resolve() for p in args.paths] or None
    result = check_course(paths, lesson=True if args.lesson else None)
    for path, grade in result.grades:
        print(f"grade {grade:4.1f}  {path.name}")
    for problem in result.problems:
        print(problem)
    print(f"{len(result.checked)} notebooks checked, {len(result.problems)} problems")
    return 1 if result.problems else 0


if __name__ == "__main__":
    sys.exit(main())
