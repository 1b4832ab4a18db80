"""The course's notebook conventions, as code that the author tools and tests share.

A lesson notebook:

* starts and ends with a navigation cell (``NAV_MARKER``), written by
  ``tools/update_navigation.py`` from ``data/course.csv``;
* has a header with the title, the time estimate (``**Time:**``), learning
  objectives (``## What you will learn``) and what you will make;
* ends with ``## Key takeaways`` just before the closing navigation;
* asks the learner to act at least every ``MAX_CELLS_WITHOUT_ACTION`` cells;
* has alt text (``**Alt text:**``) in a markdown cell next to every figure;
* says how to use the page (``**How to use this page:**``) in its header, in
  words that fit both JupyterLab and Voilà;
* tags each cell that only makes sense in JupyterLab ("press Shift + Enter")
  with ``lab-only`` (``LAB_ONLY_TAG``): Voilà drops those cells, with nbconvert's
  TagRemovePreprocessor as ``voila.json`` at the course root configures it
  (``postBuild`` gives Binder's Jupyter Server the same setting).

A solution notebook marks its answers with nbgrader's markers (``BEGIN`` ...
``END``, ``BEGIN_HIDDEN`` ... ``END_HIDDEN``). Every notebook is stored as
:func:`notebook_text` writes it. Most of nbformat is unannotated: the
authoring modules read, convert and write notebooks only through the typed
wrappers here.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import nbformat
from nbformat import NotebookNode

NAV_MARKER = "<!-- helpable:nav -->"
ALT_TEXT_MARKER = "**Alt text:**"
TIME_MARKER = "**Time:**"
OBJECTIVES_HEADING = "## What you will learn"
MAKE_MARKER = "**You will make:**"
TAKEAWAYS_HEADING = "## Key takeaways"
HOW_TO_MARKER = "**How to use this page:**"
MAX_CELLS_WITHOUT_ACTION = 5

LAB_ONLY_TAG = "lab-only"
"""The cell tag for text or code that only makes sense in JupyterLab; Voilà drops the cell."""

ACTION_MARKER = "✏️"
"""A code cell with this mark has a line the learner is asked to change."""

ACTION_WIDGETS: tuple[str, ...] = tuple(
    """
    spot_the_sin rewrite_box pitch_workshop check reflection trust_risk_explorer
    simulation_explorer predict_then_slide widget_check rules_view rule_card_view
    setting_view rule_table_view rule_chart_view examples_view both_rules_view
    tie_strength_guess with_word_count approach_filter template_builder plan_table
    pitch_on_map
    """.split()
)
"""The functions that put an answer box, quiz, slider, menu or check in front of the learner."""

ACTION_CALLS: tuple[str, ...] = tuple(f"{name}(" for name in ACTION_WIDGETS)
"""A code cell that calls one of them asks the learner to act."""

BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"
BEGIN_HIDDEN, END_HIDDEN = "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"
MARKERS = (BEGIN, END, BEGIN_HIDDEN, END_HIDDEN)
MARKDOWN_PLACEHOLDER = "✏️ *Your answer here*"
CODE_PLACEHOLDER = "# ✏️ your answer here"
"""Ends each placeholder line of an exercise: ``name = ...  # ✏️ your answer here``."""

COURSE_FOLDERS = ("notebooks", "solutions", "exercises")
"""Lessons, solutions and exercises: the folders of course notebooks, in order."""

Cell = Mapping[str, Any]
"""A notebook cell: a NotebookNode, or a plain dict read with ``json``."""


def course_notebooks(root: Path) -> list[Path]:
    """Every course notebook under ``root``, in folder then name order."""
    return [path for folder in COURSE_FOLDERS for path in sorted((root / folder).glob("*.ipynb"))]


def is_action(cell: Cell) -> bool:
    """True when a cell asks the learner to answer, rewrite, choose or move a slider."""
    if cell.get("cell_type") != "code":
        return False
    source = cell_source(cell)
    return ACTION_MARKER in source or any(call in source for call in ACTION_CALLS)


def makes_figure(cell: Cell) -> bool:
    """True when a code cell shows a static image or draws a chart."""
    if cell.get("cell_type") != "code":
        return False
    return any("image/png" in output.get("data", {}) for output in cell.get("outputs", []))


def cell_source(cell: Cell) -> str:
    """A cell's source as one string (nbformat allows a list of lines)."""
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def is_nav(cell: Cell) -> bool:
    """True for a navigation cell (a markdown cell that starts with ``NAV_MARKER``)."""
    return cell.get("cell_type") == "markdown" and cell_source(cell).startswith(NAV_MARKER)


def cell_tags(cell: Cell) -> list[str]:
    """A cell's tags (``metadata.tags``; empty when it has none)."""
    tags = cell.get("metadata", {}).get("tags", [])
    return [str(tag) for tag in tags] if isinstance(tags, list) else []


def is_lab_only(cell: Cell) -> bool:
    """True for a cell tagged ``lab-only``: Voilà drops it."""
    return LAB_ONLY_TAG in cell_tags(cell)


def nbgrader_metadata(cell: Cell) -> Mapping[str, Any]:
    """The cell's ``nbgrader`` metadata (empty when it has none)."""
    meta: Mapping[str, Any] = cell.get("metadata", {}).get("nbgrader", {})
    return meta


# --- reading and writing (typed wrappers around nbformat) --------------------------------


def as_notebook(nb: Mapping[str, Any]) -> NotebookNode:
    """A NotebookNode made from a plain dict (or a copy of the containers of a node)."""
    node: NotebookNode = nbformat.from_dict(nb)  # type: ignore[no-untyped-call]
    return node


def read_notebook(path: str | Path) -> NotebookNode:
    """Read a notebook file as nbformat 4."""
    nb: NotebookNode = nbformat.read(path, as_version=4)  # type: ignore[no-untyped-call]
    return nb


def new_markdown_cell(text: str) -> NotebookNode:
    """A new markdown cell (with a fresh cell id)."""
    cell: NotebookNode = nbformat.v4.new_markdown_cell(text)  # type: ignore[no-untyped-call]
    return cell


def notebook_text(nb: Mapping[str, Any]) -> str:
    """The exact bytes the course stores for a notebook (nbformat's layout, one final newline)."""
    text: str = nbformat.writes(as_notebook(nb))  # type: ignore[no-untyped-call]
    return text if text.endswith("\n") else text + "\n"


def write_notebook(nb: Mapping[str, Any], path: str | Path) -> bool:
    """Write a notebook only if its bytes change; return True when it did."""
    path = Path(path)
    text = notebook_text(nb)
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return False
    path.write_text(text, encoding="utf-8")
    return True
