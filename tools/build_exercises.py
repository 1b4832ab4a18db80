#!/usr/bin/env python3
"""Write exercises/ from solutions/, the single source of the exercises.

In a solution notebook, answers sit between nbgrader-style markers:

* code between ``### BEGIN SOLUTION`` and ``### END SOLUTION`` becomes a
  placeholder that runs: each name the solution assigns becomes
  ``name = ...  # ✏️ your answer here``, which a check reports as not answered;
* a markdown cell marked as a solution cell becomes "✏️ *Your answer here*";
* code between ``### BEGIN HIDDEN TESTS`` and ``### END HIDDEN TESTS`` is
  dropped.

A cell that holds a marker must carry nbgrader metadata with
``"solution": true`` (or ``"grade": true`` for hidden tests), as nbgrader's
``enforce_metadata`` demands; otherwise the build stops, so that no answer can
leak by accident. Each check cell (``check("3.1", answer_3_1)``), which shows
a live answer widget in an exercise, is tagged ``nbval-ignore-output``
(helpable.authoring.exercise_steps). Outputs are cleared, then the exercises that changed are
executed as tools/execute_notebooks.py does. The logic is in
helpable.authoring.exercises and helpable.authoring.preprocessors.

    python tools/build_exercises.py             # build and execute
    python tools/build_exercises.py --no-execute
    python tools/build_exercises.py --check     # exit 1 if exercises/ is stale
"""

from __future__ import annotations

import argparse
import sys

from helpable.authoring import execute, exercises
from helpable.authoring.preprocessors import LeakError
from helpable.paths import COURSE_ROOT


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build exercises/ from solutions/.")
    parser.add_argument("--no-execute", action="store_true", help="do not execute the exercises")
    parser.add_argument(
        "--check", action="store_true", help="only report; exit 1 if exercises/ is stale"
    )
    args = parser.parse_args(argv)
    try:
        changes = exercises.update_exercises(write=not args.check)
    except LeakError as exc:
        print(f"build_exercises: {exc}", file=sys.stderr)
        return 1
    wrote, removed = ("would write", "would remove") if args.check else ("wrote", "removed")
    for path in changes.written:
        print(f"{wrote} {path.relative_to(COURSE_ROOT)}")
    for path in changes.removed:
        print(f"{removed} {path.relative_to(COURSE_ROOT)} (no solution)")
    if args.check:
        return 1 if changes else 0
    if not args.no_execute:
        for path in changes.written:
            seconds = execute.execute(path)
            print(f"{seconds:6.1f} s  {path.relative_to(COURSE_ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
