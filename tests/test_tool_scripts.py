"""The tools/ scripts are thin entry points: run as authors run them, they keep their output.

The logic is tested through helpable.authoring (test_tools.py, test_exercises.py,
test_preprocessors.py); these only check the command lines' wiring and exit codes.
"""

from __future__ import annotations

import subprocess
import sys

from helpable.authoring import exercises

from .conftest import ROOT


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, capture_output=True, text=True, timeout=120
    )


def test_update_navigation_check_is_silent_when_current() -> None:
    done = _run("tools/update_navigation.py", "--check")
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")


def test_check_course_reports_problems_with_exit_1() -> None:
    done = _run("tools/check_course.py", "--lesson", "solutions/02_rule1_effort.ipynb")
    assert done.returncode == 1
    assert "solutions/02_rule1_effort.ipynb: the top navigation is stale" in done.stdout
    assert done.stdout.splitlines()[-1].startswith("1 notebooks checked, ")


def test_build_exercises_check_lists_what_it_would_write() -> None:
    stale = exercises.update_exercises(write=False)
    done = _run("tools/build_exercises.py", "--check")
    expected = [f"would write exercises/{path.name}" for path in stale.written]
    expected += [f"would remove exercises/{path.name} (no solution)" for path in stale.removed]
    assert done.stdout.splitlines() == expected
    assert done.returncode == (1 if stale else 0)
