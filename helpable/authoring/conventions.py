"""The course's notebook conventions, as code that tools and tests share.

A lesson notebook:

* starts and ends with a navigation cell (``NAV_MARKER``), written by
  ``tools/update_navigation.py`` from ``data/course.csv``;
* has a header with the title, the time estimate (``**Time:**``), learning
  objectives (``## What you will learn``) and what you will make;
* ends with ``## Key takeaways`` just before the closing navigation;
* asks the learner to act at least every ``MAX_CELLS_WITHOUT_ACTION`` cells;
* has alt text (``**Alt text:**``) in a markdown cell next to every figure.
"""

from __future__ import annotations

import re

NAV_MARKER = "<!-- helpable:nav -->"
ALT_TEXT_MARKER = "**Alt text:**"
TIME_MARKER = "**Time:**"
OBJECTIVES_HEADING = "## What you will learn"
MAKE_MARKER = "**You will make:**"
TAKEAWAYS_HEADING = "## Key takeaways"
MAX_CELLS_WITHOUT_ACTION = 5

ACTION_MARKER = "✏️"
"""A code cell with this mark has a line the learner is asked to change."""

ACTION_CALLS: tuple[str, ...] = (
    "spot_the_sin(",
    "rewrite_box(",
    "pitch_workshop(",
    "check(",
    "reflection(",
    "trust_risk_explorer(",
    "simulation_explorer(",
    "predict_then_slide(",
    "widget_check(",
    "plan_editor(",
    "journal_review(",
)
"""Calls that put an answer box, quiz, slider or check in front of the learner."""

FIGURE_CALLS = re.compile(r"\bcharts\.\w+\(|\bshow\(|\.plot\(|\.hist\(|plt\.")


def is_action(cell: dict) -> bool:
    """True when a cell asks the learner to answer, rewrite, choose or move a slider."""
    if cell.get("cell_type") != "code":
        return False
    source = cell_source(cell)
    return ACTION_MARKER in source or any(call in source for call in ACTION_CALLS)


def makes_figure(cell: dict) -> bool:
    """True when a code cell shows a static image or draws a chart."""
    if cell.get("cell_type") != "code":
        return False
    for output in cell.get("outputs", []):
        if "image/png" in output.get("data", {}):
            return True
    return False


def cell_source(cell: dict) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def is_nav(cell: dict) -> bool:
    return cell.get("cell_type") == "markdown" and cell_source(cell).startswith(NAV_MARKER)


def notebook_text(nb: dict) -> str:
    """The exact bytes the course stores for a notebook (nbformat's layout, one final newline)."""
    import nbformat

    text = nbformat.writes(nbformat.from_dict(nb))
    return text if text.endswith("\n") else text + "\n"


def write_notebook(nb: dict, path) -> bool:  # noqa: ANN001 - a str or Path
    """Write a notebook only if its bytes change; return True when it did."""
    from pathlib import Path

    path = Path(path)
    text = notebook_text(nb)
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return False
    path.write_text(text, encoding="utf-8")
    return True
