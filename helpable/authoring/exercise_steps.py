"""Build steps of the exercises that concern their answer widgets.

In an exercise, a check cell (``check("3.1", answer_3_1)``) shows a live
answer widget, since its ✏️ cell holds no answer yet. A widget's stored output
means nothing to nbval, so :class:`IgnoreCheckOutputs` tags each check cell
``nbval-ignore-output``, as the lessons tag their widget cells.
"""

from __future__ import annotations

import re

from nbformat import NotebookNode

from helpable.authoring.conventions import cell_source
from helpable.authoring.preprocessors import CoursePreprocessor, Resources

IGNORE_OUTPUT = "nbval-ignore-output"
"""The cell tag that tells nbval not to compare a cell's outputs."""

CHECK_CALL = re.compile(r"^\s*check\(\s*[\"'][\w.]+[\"']\s*,")
"""A line that calls the exercise check: ``check("3.1", answer_3_1)``."""


def is_check_cell(cell: NotebookNode) -> bool:
    """True for a code cell that calls ``check(...)``."""
    if cell.get("cell_type") != "code":
        return False
    return any(CHECK_CALL.match(line) for line in cell_source(cell).splitlines())


class IgnoreCheckOutputs(CoursePreprocessor):
    """Tag every check cell ``nbval-ignore-output`` (once; other tags are kept)."""

    def preprocess_cell(
        self, cell: NotebookNode, resources: Resources, index: int
    ) -> tuple[NotebookNode, Resources]:
        if is_check_cell(cell):
            tags = list(cell.metadata.get("tags", []))
            if IGNORE_OUTPUT not in tags:
                cell.metadata["tags"] = [*tags, IGNORE_OUTPUT]
        return cell, resources
