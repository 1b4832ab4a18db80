"""exercises/ is generated from solutions/, never stale, and never leaks an answer."""

from __future__ import annotations

import re

import nbformat
import pytest

from helpable.authoring import exercises
from helpable.authoring.conventions import BEGIN, END, MARKDOWN_PLACEHOLDER, MARKERS
from helpable.authoring.preprocessors import LeakError
from helpable.content.tables import load_table
from helpable.ui.answers import NOT_ANSWERED
from helpable.ui.answers import grade_answer as evaluate

from .conftest import ROOT

SOLUTION_META = {"nbgrader": {"solution": True, "grade": False, "grade_id": "x", "locked": False}}


def _nb(*cells: nbformat.NotebookNode) -> nbformat.NotebookNode:
    return nbformat.v4.new_notebook(cells=list(cells))


def _solution_lines(source: str) -> list[str]:
    lines, inside = [], False
    for line in source.splitlines():
        if line.strip() == BEGIN:
            inside = True
        elif line.strip() == END:
            inside = False
        elif inside and len(line.strip()) >= 8 and not line.strip().startswith("#"):
            lines.append(line.strip())
    return lines


def test_solution_region_becomes_a_runnable_placeholder() -> None:
    cell = nbformat.v4.new_code_cell(
        "x = 1\n### BEGIN SOLUTION\nanswer = {'risk'}\nextra = len(answer)\n### END SOLUTION\n"
        "### BEGIN HIDDEN TESTS\nassert answer\n### END HIDDEN TESTS",
        metadata=SOLUTION_META,
    )
    out = exercises.build(_nb(cell))["cells"][0]["source"]
    assert "answer = ...  # ✏️ your answer here" in out
    assert "extra = ...  # ✏️ your answer here" in out
    assert "{'risk'}" not in out and "assert answer" not in out and "###" not in out
    compile(out, "<exercise>", "exec")


def test_markdown_solution_cell_is_replaced() -> None:
    cell = nbformat.v4.new_markdown_cell("The risk is the referral.", metadata=SOLUTION_META)
    assert exercises.build(_nb(cell))["cells"][0]["source"] == MARKDOWN_PLACEHOLDER


def test_marker_in_unmarked_cell_is_refused() -> None:
    cell = nbformat.v4.new_code_cell("### BEGIN SOLUTION\nanswer = 3\n### END SOLUTION")
    with pytest.raises(LeakError, match="no nbgrader metadata"):
        exercises.build(_nb(cell))


def test_unclosed_region_is_refused() -> None:
    cell = nbformat.v4.new_code_cell("### BEGIN SOLUTION\nanswer = 3", metadata=SOLUTION_META)
    with pytest.raises(LeakError, match="never closed"):
        exercises.build(_nb(cell))


def test_every_solution_has_an_exercise_and_no_extra_exercises() -> None:
    solution_names = {p.name for p in (ROOT / "solutions").glob("*.ipynb")}
    exercise_names = {p.name for p in (ROOT / "exercises").glob("*.ipynb")}
    assert solution_names, "no solution notebooks yet"
    assert solution_names == exercise_names


def test_exercises_are_not_stale() -> None:
    for path, expected in exercises.expected_exercises().items():
        current = nbformat.read(path, as_version=4)
        assert exercises.strip_outputs(current) == nbformat.from_dict(expected), (
            f"{path.name} is stale: run python tools/build_exercises.py"
        )


def test_no_solution_text_leaks_into_exercises() -> None:
    for solution_path in sorted((ROOT / "solutions").glob("*.ipynb")):
        solution = nbformat.read(solution_path, as_version=4)
        exercise_text = (ROOT / "exercises" / solution_path.name).read_text(encoding="utf-8")
        exercise = nbformat.reads(exercise_text, as_version=4)
        sources = "\n".join(cell.source for cell in exercise.cells)
        for marker in MARKERS:
            assert marker not in exercise_text, f"{solution_path.name}: marker {marker!r} leaked"
        for cell in solution.cells:
            for line in _solution_lines(cell.source):
                assert line not in sources, f"{solution_path.name}: solution line leaked: {line}"
            if cell.cell_type == "markdown" and cell.metadata.get("nbgrader", {}).get("solution"):
                assert cell.source.strip() not in sources


def _check_ids(nb: nbformat.NotebookNode) -> list[str]:
    return [
        m.group(1)
        for cell in nb.cells
        if cell.cell_type == "code"
        for m in re.finditer(r"check\(\"([\d.]+)\"", cell.source)
    ]


def _outputs(cell: nbformat.NotebookNode) -> str:
    return "".join(o.get("text", "") for o in cell.get("outputs", []))


def test_every_check_in_an_exercise_reports_not_answered() -> None:
    """nbgrader's `validate --invert` idea: a placeholder never passes a check."""
    seen = 0
    for path in sorted((ROOT / "exercises").glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            for check_id in _check_ids(nbformat.v4.new_notebook(cells=[cell])):
                seen += 1
                result = evaluate(check_id, ...)
                assert result.status == NOT_ANSWERED
                assert f"[{check_id}] {result.message}" in _outputs(cell), (
                    f"{path.name}: stored output of check {check_id} is not 'not answered yet' "
                    "(run python tools/execute_notebooks.py)"
                )
                assert "Hint:" not in _outputs(cell), f"{path.name}: check {check_id} shows a hint"
    assert seen > 0


def test_every_check_in_a_solution_passes() -> None:
    seen = 0
    for path in sorted((ROOT / "solutions").glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            for check_id in _check_ids(nbformat.v4.new_notebook(cells=[cell])):
                seen += 1
                assert f"[{check_id}] ✓" in _outputs(cell), f"{path.name}: check {check_id}"
    assert seen > 0


def test_every_check_row_is_used_by_a_solution() -> None:
    table = load_table(__import__("helpable.ui.answers", fromlist=["SCHEMA"]).SCHEMA)
    used = {
        check_id
        for path in (ROOT / "solutions").glob("*.ipynb")
        for check_id in _check_ids(nbformat.read(path, as_version=4))
    }
    assert set(table["id"]) == used
