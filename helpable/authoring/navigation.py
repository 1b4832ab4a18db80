"""The navigation cells of lessons and solutions, written from ``data/course.csv``.

A lesson gets a navigation cell at the top and the bottom (previous, course
map, next); a solution gets one at the top that links back to its lesson,
which the exercise build copies into ``exercises/``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from nbformat import NotebookNode

from helpable.authoring.conventions import (
    NAV_MARKER,
    is_nav,
    new_markdown_cell,
    read_notebook,
    write_notebook,
)
from helpable.content.course import lessons, navigation_markdown
from helpable.paths import COURSE_ROOT

FOLDERS = ("notebooks", "solutions")
"""The folders whose notebooks carry navigation (exercises get theirs from solutions)."""


def nav_cell_text(notebook: str) -> str:
    """A lesson's navigation cell: the marker, then previous, course map and next."""
    return f"{NAV_MARKER}\n{navigation_markdown(notebook)}"


def exercise_nav_text(notebook: str) -> str:
    """A solution's (and so its exercise's) navigation cell: back to the lesson."""
    lesson = {item.notebook: item for item in lessons()}[notebook]
    return (
        f"{NAV_MARKER}\n📘 Lesson: [{lesson.title}](../notebooks/{lesson.filename}) · "
        "🏠 [Course map](../notebooks/00_start_here.ipynb)"
    )


def set_nav(nb: NotebookNode, index: int, text: str) -> bool:
    """Make cell ``index`` (0 or -1) a navigation cell with ``text``; True if it changed."""
    cells = nb.cells
    if cells and is_nav(cells[index]):
        if cells[index].source == text:
            return False
        cells[index].source = text
        return True
    new = new_markdown_cell(text)
    new.id = "nav-top" if index == 0 else "nav-bottom"
    if index == 0:
        cells.insert(0, new)
    else:
        cells.append(new)
    return True


def update(path: Path, *, write: bool) -> bool:
    """Refresh one notebook's navigation; return True if it changed (or would)."""
    nb = read_notebook(path)
    name = path.stem
    if path.parent.name == "notebooks":
        changed = set_nav(nb, 0, nav_cell_text(name))
        changed |= set_nav(nb, -1, nav_cell_text(name))
    else:
        changed = set_nav(nb, 0, exercise_nav_text(name))
    if changed and write:
        write_notebook(nb, path)
    return changed


@dataclass(frozen=True)
class Drift:
    """A notebook whose navigation changed (or would), or that the course map lacks."""

    path: Path
    in_course: bool = True


def refresh(*, write: bool, root: Path = COURSE_ROOT) -> list[Drift]:
    """Refresh every lesson's and solution's navigation; return what drifted, in order.

    A notebook that is not in ``data/course.csv`` is reported (``in_course``
    False) and left alone. With ``write=False`` nothing is written.
    """
    known = {lesson.notebook for lesson in lessons()}
    drift: list[Drift] = []
    for folder in FOLDERS:
        for path in sorted((root / folder).glob("*.ipynb")):
            if path.stem not in known:
                drift.append(Drift(path, in_course=False))
            elif update(path, write=write):
                drift.append(Drift(path))
    return drift
