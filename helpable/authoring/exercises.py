"""Build ``exercises/`` from ``solutions/``, the single source of the exercises.

Each exercise is its solution run through :func:`exercise_steps`: answers
become placeholders, hidden tests go, outputs and widget state are cleared,
and each check cell, which shows a live answer widget, is tagged
``nbval-ignore-output``.
``tools/build_exercises.py`` writes the result and executes what changed.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nbconvert.preprocessors import Preprocessor
from nbformat import NotebookNode

from helpable.authoring.conventions import as_notebook, read_notebook, write_notebook
from helpable.authoring.exercise_steps import IgnoreCheckOutputs
from helpable.authoring.preprocessors import (
    ClearSolutions,
    DropHiddenTests,
    ReplaceWidgetViews,
    apply,
    clear_outputs,
)
from helpable.paths import COURSE_ROOT

SOLUTIONS_DIR = COURSE_ROOT / "solutions"
EXERCISES_DIR = COURSE_ROOT / "exercises"


def exercise_steps() -> list[Preprocessor]:
    """The preprocessors that turn a solution into its exercise, in order."""
    return [
        ClearSolutions(),
        DropHiddenTests(),
        clear_outputs(),
        ReplaceWidgetViews(),
        IgnoreCheckOutputs(),
    ]


def build(solution: Mapping[str, Any], name: str = "notebook") -> NotebookNode:
    """Return the exercise version of a solution notebook (outputs cleared).

    ``name`` names the notebook in a preprocessors.LeakError. The solution is not changed.
    """
    nb = as_notebook(copy.deepcopy(dict(solution)))
    nb, _ = apply(nb, exercise_steps(), {"metadata": {"name": name}})
    return nb


def strip_outputs(nb: Mapping[str, Any]) -> NotebookNode:
    """A copy with outputs and execution counts removed, for comparisons."""
    stripped, _ = apply(as_notebook(copy.deepcopy(dict(nb))), [clear_outputs()])
    return stripped


def expected_exercises(
    solutions_dir: Path = SOLUTIONS_DIR, exercises_dir: Path = EXERCISES_DIR
) -> dict[Path, NotebookNode]:
    """What ``exercises/`` should hold: each solution's exercise, outputs cleared."""
    return {
        exercises_dir / path.name: build(
            read_notebook(path), name=f"{solutions_dir.name}/{path.name}"
        )
        for path in sorted(solutions_dir.glob("*.ipynb"))
    }


def is_current(path: Path, expected: NotebookNode) -> bool:
    """True when the stored exercise at ``path`` equals ``expected``, outputs aside."""
    return path.exists() and strip_outputs(read_notebook(path)) == expected


@dataclass
class ExerciseChanges:
    """What :func:`update_exercises` wrote and removed (or would)."""

    written: list[Path] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.written or self.removed)


def update_exercises(
    *,
    write: bool = True,
    solutions_dir: Path = SOLUTIONS_DIR,
    exercises_dir: Path = EXERCISES_DIR,
) -> ExerciseChanges:
    """Write each stale exercise and remove those with no solution.

    With ``write=False`` nothing changes on disk; the result says what would.
    Raises LeakError, before anything is written, if a solution would leak.
    """
    expected = expected_exercises(solutions_dir, exercises_dir)
    changes = ExerciseChanges()
    if write:
        exercises_dir.mkdir(exist_ok=True)
    for path, nb in expected.items():
        if is_current(path, nb):
            continue
        if write:
            write_notebook(nb, path)
        changes.written.append(path)
    for stale in sorted(set(exercises_dir.glob("*.ipynb")) - set(expected)):
        if write:
            stale.unlink()
        changes.removed.append(stale)
    return changes
