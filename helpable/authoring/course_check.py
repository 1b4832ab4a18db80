"""Check course notebooks against the course's conventions.

Lessons (``notebooks/``) must have their header, footer and navigation, a
learner action at least every five cells, alt text beside every figure, and
learner-facing prose at about US grade 8 (Flesch-Kincaid ≤ 9, via textstat).
Every notebook must store clean outputs: no absolute paths, no memory
addresses, execution counts in order.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from helpable.authoring.conventions import (
    ALT_TEXT_MARKER,
    MAKE_MARKER,
    MAX_CELLS_WITHOUT_ACTION,
    NAV_MARKER,
    OBJECTIVES_HEADING,
    TAKEAWAYS_HEADING,
    TIME_MARKER,
    cell_source,
    course_notebooks,
    is_action,
    is_nav,
    makes_figure,
)
from helpable.content.course import navigation_markdown
from helpable.paths import COURSE_ROOT

MAX_GRADE = 9.0
ABSOLUTE_PATH = re.compile(r"(?<![\w.])(/home/|/root/|/tmp/|/work/|/Users/|[A-Z]:\\\\)")
MEMORY_ADDRESS = re.compile(r"\b0x[0-9a-fA-F]{6,}\b")

Notebook = Mapping[str, Any]
"""A notebook as read with ``json`` (the checks look at the stored file as it is)."""


@dataclass(frozen=True)
class Problem:
    """One broken convention in one notebook."""

    path: Path
    message: str

    def __str__(self) -> str:
        try:
            shown = self.path.relative_to(COURSE_ROOT)
        except ValueError:
            shown = self.path
        return f"{shown}: {self.message}"


def load(path: Path) -> dict[str, Any]:
    """A notebook file as plain JSON."""
    nb: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return nb


def check_structure(path: Path, nb: Notebook) -> list[Problem]:
    """Header, footer, navigation, learner actions and alt text of a lesson."""
    cells = nb.get("cells", [])
    if len(cells) < 4:
        return [Problem(path, "has fewer than four cells; a lesson needs a header and a footer")]
    return (
        _navigation(path, cells)
        + _header_and_footer(path, cells)
        + _actions(path, cells)
        + _alt_text(path, cells)
    )


def _navigation(path: Path, cells: list[Any]) -> list[Problem]:
    out: list[Problem] = []
    expected_nav = f"{NAV_MARKER}\n{navigation_markdown(path.stem)}"
    for where, cell in (("top", cells[0]), ("bottom", cells[-1])):
        if not is_nav(cell):
            out.append(
                Problem(path, f"no navigation cell at the {where} (run tools/update_navigation.py)")
            )
        elif cell_source(cell).strip() != expected_nav.strip():
            out.append(
                Problem(path, f"the {where} navigation is stale (run tools/update_navigation.py)")
            )
    return out


def _header_and_footer(path: Path, cells: list[Any]) -> list[Problem]:
    out: list[Problem] = []
    header = "\n".join(cell_source(c) for c in cells[1:3] if c.get("cell_type") == "markdown")
    for marker, what in (
        (TIME_MARKER, "a time estimate"),
        (OBJECTIVES_HEADING, "learning objectives"),
        (MAKE_MARKER, "what you will make"),
    ):
        if marker not in header:
            out.append(Problem(path, f"the header lacks {what} ({marker!r})"))
    if not re.search(r"\*\*Time:\*\*[^\n]*\d+\s*(–|-|to)?\s*\d*\s*min", header):
        out.append(Problem(path, "the time estimate should read like '**Time:** about 20 minutes'"))
    footer = "\n".join(cell_source(c) for c in cells[-3:-1])
    if TAKEAWAYS_HEADING not in footer:
        out.append(Problem(path, f"no {TAKEAWAYS_HEADING!r} just before the closing navigation"))
    return out


def _actions(path: Path, cells: list[Any]) -> list[Problem]:
    out: list[Problem] = []
    run_start, run = 0, 0
    for i, cell in enumerate(cells):
        if is_nav(cell):
            continue  # navigation is not lesson content
        if is_action(cell):
            run = 0
            continue
        if run == 0:
            run_start = i
        run += 1
        if run == MAX_CELLS_WITHOUT_ACTION + 1:
            out.append(
                Problem(
                    path,
                    f"cells {run_start + 1}-{i + 1} go more than {MAX_CELLS_WITHOUT_ACTION} cells "
                    "without a learner action",
                )
            )
    return out


def _alt_text(path: Path, cells: list[Any]) -> list[Problem]:
    out: list[Problem] = []
    for i, cell in enumerate(cells):
        if makes_figure(cell):
            beside = [cells[j] for j in (i - 1, i + 1) if 0 <= j < len(cells)]
            if not any(
                c.get("cell_type") == "markdown" and ALT_TEXT_MARKER in cell_source(c)
                for c in beside
            ):
                out.append(
                    Problem(
                        path, f"cell {i + 1} shows a figure with no {ALT_TEXT_MARKER!r} beside it"
                    )
                )
    return out


def check_outputs(path: Path, nb: Notebook) -> list[Problem]:
    """Stored outputs: no absolute paths or addresses; execution counts in order."""
    out: list[Problem] = []
    last = 0
    for i, cell in enumerate(nb.get("cells", [])):
        if cell.get("cell_type") != "code":
            continue
        count = cell.get("execution_count")
        if count is not None:
            if count <= last:
                out.append(Problem(path, f"cell {i + 1} has execution count {count} after {last}"))
            last = count
        for output in cell.get("outputs", []):
            texts = [output.get("text", "")]
            texts += [v for k, v in output.get("data", {}).items() if k.startswith("text/")]
            blob = "".join("".join(t) if isinstance(t, list) else str(t) for t in texts)
            if ABSOLUTE_PATH.search(blob):
                out.append(Problem(path, f"cell {i + 1} output shows an absolute path"))
            if MEMORY_ADDRESS.search(blob):
                out.append(Problem(path, f"cell {i + 1} output shows a memory address"))
            if output.get("output_type") == "error":
                out.append(Problem(path, f"cell {i + 1} stored an error"))
    return out


def prose_paragraphs(nb: Notebook) -> list[str]:
    """The learner-facing prose of a notebook's markdown, one string a paragraph."""
    paragraphs: list[str] = []
    for cell in nb.get("cells", []):
        if cell.get("cell_type") != "markdown" or is_nav(cell):
            continue
        text = cell_source(cell)
        text = re.sub(r"```.*?```", " ", text, flags=re.S)
        text = re.sub(r"<!--.*?-->", " ", text, flags=re.S)
        text = re.sub(r"`[^`]*`", "it", text)
        text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)
        text = re.sub(r"https?://\S+", " ", text)
        text = re.sub(r"<[^>]+>", " ", text)
        for block in re.split(r"\n\s*\n", text):
            lines = []
            for line in block.splitlines():
                line = re.sub(r"^\s*(#+|[-*+]|\d+\.|>|\|)\s*", "", line).replace("|", " ")
                line = re.sub(r"[*_]{1,3}", "", line).strip()
                if line and not re.fullmatch(r"[-: ]+", line):
                    lines.append(line if line[-1] in ".!?:" else line + ".")
            if lines:
                paragraphs.append(" ".join(lines))
    return paragraphs


def readability(path: Path, nb: Notebook, *, show_worst: int = 3) -> tuple[list[Problem], float]:
    """Flesch-Kincaid grade of the notebook's prose; a problem if it is over MAX_GRADE."""
    try:
        import textstat
    except ImportError:
        return [Problem(path, "textstat is missing: pip install -r requirements-dev.txt")], 0.0
    paragraphs = prose_paragraphs(nb)
    if not paragraphs:
        return [], 0.0
    grade = float(textstat.flesch_kincaid_grade(" ".join(paragraphs)))
    if grade <= MAX_GRADE:
        return [], grade
    scored = sorted(
        ((float(textstat.flesch_kincaid_grade(p)), p) for p in paragraphs if len(p.split()) >= 12),
        reverse=True,
    )
    worst = "; ".join(f"[grade {g:.1f}] {p[:90]}…" for g, p in scored[:show_worst])
    return [Problem(path, f"reading grade {grade:.1f} > {MAX_GRADE:g}. Hardest: {worst}")], grade


def check_notebook(path: Path, *, lesson: bool | None = None) -> tuple[list[Problem], float]:
    """Every check for one notebook. Returns the problems and its reading grade.

    ``lesson=None`` treats notebooks in a ``notebooks/`` folder as lessons.
    """
    nb = load(path)
    lesson = path.parent.name == "notebooks" if lesson is None else lesson
    problems = check_outputs(path, nb)
    grade = 0.0
    if lesson:
        problems += check_structure(path, nb)
        found, grade = readability(path, nb)
        problems += found
    return problems, grade


@dataclass
class CourseCheck:
    """What :func:`check_course` found: every problem, and each lesson's reading grade."""

    checked: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    grades: list[tuple[Path, float]] = field(default_factory=list)


def check_course(paths: Iterable[Path] | None = None, *, lesson: bool | None = None) -> CourseCheck:
    """Check ``paths`` (default: every course notebook); see :func:`check_notebook`."""
    result = CourseCheck()
    for path in course_notebooks(COURSE_ROOT) if paths is None else paths:
        found, grade = check_notebook(path, lesson=lesson)
        result.checked.append(path)
        result.problems += found
        if grade:
            result.grades.append((path, grade))
    return result
