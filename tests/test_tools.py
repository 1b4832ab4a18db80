"""The course tools: execution is reproducible; the course checker catches each rule."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import nbformat
import pytest

from helpable.authoring import course_check, execute, navigation
from helpable.authoring.conventions import ALT_TEXT_MARKER, NAV_MARKER
from helpable.content.course import navigation_markdown

from .conftest import ROOT


def test_executing_twice_changes_no_bytes(tmp_path: Path) -> None:
    copy = tmp_path / "00_start_here.ipynb"
    shutil.copy(ROOT / "notebooks" / "00_start_here.ipynb", copy)
    execute.execute(copy)
    first = copy.read_bytes()
    execute.execute(copy)
    assert copy.read_bytes() == first
    nb = nbformat.reads(first.decode("utf-8"), as_version=4)
    assert "widgets" not in nb.metadata
    assert all("execution" not in cell.metadata for cell in nb.cells)


def test_navigation_is_current() -> None:
    drift = navigation.refresh(write=False)
    assert drift == [], f"run python tools/update_navigation.py: {drift}"


def test_whole_course_passes_check_course() -> None:
    result = course_check.check_course()
    assert result.problems == [], "\n".join(map(str, result.problems))


# Fixture notebooks that break one rule each --------------------------------------------


def _good_lesson() -> nbformat.NotebookNode:
    """A small lesson that passes every structure rule (named like a real lesson)."""
    md, code = nbformat.v4.new_markdown_cell, nbformat.v4.new_code_cell
    nav = f"{NAV_MARKER}\n" + navigation_markdown("02_rule1_effort")
    cells = [
        md(nav),
        md(
            "# 02 · Effort\n\n**Time:** about 20 minutes\n\n## What you will learn\n- One thing."
            "\n\n**You will make:** a short ask."
        ),
        md("Ask for a little. Keep it short. Make it easy."),
        code('rewrite_box("Could you fix my resume?")'),
        md("Read the chart. It is short."),
        code("charts.show(fig)", outputs=[_png_output()]),
        md(f"{ALT_TEXT_MARKER} Bars show that most asks break one rule."),
        md("## Key takeaways\n\n- Keep it small."),
        md(nav),
    ]
    return nbformat.v4.new_notebook(cells=cells)


def _png_output() -> nbformat.NotebookNode:
    return nbformat.v4.new_output(
        "display_data", data={"image/png": "iVBORw0KGgo=", "text/plain": "<Figure>"}
    )


def _problems(nb: nbformat.NotebookNode, tmp_path: Path) -> list[str]:
    folder = tmp_path / "notebooks"
    folder.mkdir(exist_ok=True)
    path = folder / "02_rule1_effort.ipynb"
    nbformat.write(nb, path)
    problems, _ = course_check.check_notebook(path, lesson=True)
    return [p.message for p in problems]


def test_fixture_lesson_passes(tmp_path: Path) -> None:
    assert _problems(_good_lesson(), tmp_path) == []


def test_missing_time_estimate_fails(tmp_path: Path) -> None:
    nb = _good_lesson()
    nb.cells[1].source = nb.cells[1].source.replace("**Time:** about 20 minutes\n\n", "")
    assert any("time estimate" in p for p in _problems(nb, tmp_path))


def test_missing_objectives_fails(tmp_path: Path) -> None:
    nb = _good_lesson()
    nb.cells[1].source = nb.cells[1].source.replace("## What you will learn", "## Hello")
    assert any("learning objectives" in p for p in _problems(nb, tmp_path))


def test_missing_navigation_fails(tmp_path: Path) -> None:
    nb = _good_lesson()
    del nb.cells[-1]
    assert any("navigation" in p for p in _problems(nb, tmp_path))


def test_stale_navigation_fails(tmp_path: Path) -> None:
    nb = _good_lesson()
    nb.cells[0].source = f"{NAV_MARKER}\nNext: [Old title](old.ipynb)"
    assert any("stale" in p for p in _problems(nb, tmp_path))


def test_missing_takeaways_fails(tmp_path: Path) -> None:
    nb = _good_lesson()
    nb.cells[-2].source = "## The end"
    assert any("Key takeaways" in p for p in _problems(nb, tmp_path))


def test_too_many_cells_without_action_fails(tmp_path: Path) -> None:
    nb = _good_lesson()
    for _ in range(5):
        nb.cells.insert(4, nbformat.v4.new_markdown_cell("More words to read."))
    assert any("without a learner action" in p for p in _problems(nb, tmp_path))


def test_figure_without_alt_text_fails(tmp_path: Path) -> None:
    nb = _good_lesson()
    nb.cells[6].source = "A chart."
    assert any("Alt text" in p for p in _problems(nb, tmp_path))


def test_hard_prose_fails(tmp_path: Path) -> None:
    nb = _good_lesson()
    nb.cells[2].source = (
        "Notwithstanding considerable organisational heterogeneity, professional "
        "intermediaries systematically underestimate the reputational externalities "
        "accompanying institutionalised recommendation behaviours, consequently "
        "necessitating comprehensive reconsideration of interpersonal solicitation methodologies."
    )
    assert any("reading grade" in p for p in _problems(nb, tmp_path))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("saved to /home/ana/journal.jsonl", "absolute path"),
        ("<helpable.Thing at 0x7f3a2b1c9d40>", "memory address"),
    ],
)
def test_dirty_outputs_fail(tmp_path: Path, text: str, message: str) -> None:
    nb = _good_lesson()
    nb.cells[3].outputs = [nbformat.v4.new_output("stream", name="stdout", text=text)]
    assert any(message in p for p in _problems(nb, tmp_path))


def test_execution_counts_out_of_order_fail(tmp_path: Path) -> None:
    nb = _good_lesson()
    nb.cells[3].execution_count, nb.cells[5].execution_count = 5, 2
    assert any("execution count" in p for p in _problems(nb, tmp_path))


def test_authoring_doc_lists_every_tool_and_only_real_tests() -> None:
    """docs/authoring.md's task table names each author tool and tests that exist."""
    doc = (ROOT / "docs" / "authoring.md").read_text(encoding="utf-8")
    table = doc.split("## Every author task at a glance", 1)[1].split("\n## ", 1)[0]
    for tool in ("build_exercises", "check_course", "execute_notebooks", "update_navigation"):
        assert f"python tools/{tool}.py" in table, tool
    current = ""
    for name in re.findall(r"`(?:(tests/\w+\.py))?::(\w+)`", table):
        current = name[0] or current
        source = (ROOT / current).read_text(encoding="utf-8")
        assert f"def {name[1]}(" in source, f"{current}::{name[1]} does not exist"
