#!/usr/bin/env python3
"""Insert or refresh the navigation cells of every lesson and exercise.

Lessons get a navigation cell at the top and the bottom (previous, course map,
next), written from data/course.csv between ``<!-- helpable:nav -->`` markers,
so links never drift. Solutions get one at the top that links back to their
lesson; tools/build_exercises.py copies it into exercises/.

    python tools/update_navigation.py          # rewrite in place
    python tools/update_navigation.py --check  # exit 1 if anything would change
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import nbformat

from helpable.content.course import lessons, navigation_markdown
from helpable.authoring.conventions import NAV_MARKER, is_nav, write_notebook

ROOT = Path(__file__).resolve().parent.parent


def nav_cell_text(notebook: str) -> str:
    return f"{NAV_MARKER}\n{navigation_markdown(notebook)}"


def exercise_nav_text(notebook: str) -> str:
    lesson = {item.notebook: item for item in lessons()}[notebook]
    return (
        f"{NAV_MARKER}\n📘 Lesson: [{lesson.title}](../notebooks/{lesson.filename}) · "
        "🏠 [Course map](../notebooks/00_start_here.ipynb)"
    )


def _set_nav(nb: nbformat.NotebookNode, index: int, text: str) -> bool:
    """Make cell `index` (0 or -1) a nav cell with `text`; return True if changed."""
    cells = nb.cells
    if cells and is_nav(cells[index]):
        if cells[index].source == text:
            return False
        cells[index].source = text
        return True
    new = nbformat.v4.new_markdown_cell(text)
    new.id = "nav-top" if index == 0 else "nav-bottom"
    if index == 0:
        cells.insert(0, new)
    else:
        cells.append(new)
    return True


def update(path: Path, *, write: bool) -> bool:
    """Refresh one notebook's navigation; return True if it changed (or would)."""
    nb = nbformat.read(path, as_version=4)
    name = path.stem
    if path.parent.name == "notebooks":
        changed = _set_nav(nb, 0, nav_cell_text(name))
        changed |= _set_nav(nb, -1, nav_cell_text(name))
    else:
        changed = _set_nav(nb, 0, exercise_nav_text(name))
    if changed and write:
        write_notebook(nb, path)
    return changed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Refresh navigation cells.")
    parser.add_argument("--check", action="store_true", help="only report; exit 1 on drift")
    args = parser.parse_args(argv)
    known = {lesson.notebook for lesson in lessons()}
    drift = []
    for folder in ("notebooks", "solutions"):
        for path in sorted((ROOT / folder).glob("*.ipynb")):
            if path.stem not in known:
                print(f"{path.relative_to(ROOT)}: not in data/course.csv", file=sys.stderr)
                drift.append(path)
                continue
            if update(path, write=not args.check):
                drift.append(path)
                print(("would update " if args.check else "updated ") + str(path.relative_to(ROOT)))
    return 1 if (args.check and drift) else 0


if __name__ == "__main__":
    sys.exit(main())
