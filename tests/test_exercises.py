"""exercises/ is generated from solutions/, never stale, and never leaks an answer."""

from __future__ import annotations

import ast
import re

import nbformat
import pytest

from helpable.authoring import exercises
from helpable.authoring.conventions import BEGIN, END, MARKDOWN_PLACEHOLDER, MARKERS
from helpable.authoring.exercise_steps import IGNORE_OUTPUT
from helpable.authoring.preprocessors import LeakError
from helpable.content.tables import load_table
from helpable.ui.answers import NOT_ANSWERED, check
from helpable.ui.answers import grade_answer as evaluate
from helpable.ui.state.tries import Tries
from helpable.ui.widgets.exercise import ExerciseBox

from .conftest import ROOT

SOLUTION_META = {"nbgrader": {"solution": True, "grade": False, "grade_id": "x", "locked": False}}


def _nb(*cells: nbformat.NotebookNode) -> nbformat.NotebookNode:
    return nbformat.v4.new_notebook(cells=list(cells))


def _solution_lines(source: str) -> list[str]:
    """The solution's lines long enough to recognise, without comments."""
    lines = (line.strip() for line in _solution_code(source).splitlines())
    return [line for line in lines if len(line) >= 8 and not line.startswith("#")]


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
    """nbgrader's `validate --invert` idea: a placeholder never passes a check.

    Each check cell of an exercise shows a live answer widget, so the build tags
    it ``nbval-ignore-output`` and its stored output holds no printed verdict or hint.
    """
    seen = 0
    for path in sorted((ROOT / "exercises").glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            for check_id in _check_ids(nbformat.v4.new_notebook(cells=[cell])):
                seen += 1
                result = evaluate(check_id, ...)
                assert result.status == NOT_ANSWERED
                assert IGNORE_OUTPUT in cell.metadata.get("tags", []), (path.name, check_id)
                assert "✓" not in _outputs(cell) and "Hint:" not in _outputs(cell), (
                    f"{path.name}: check {check_id} has a stored verdict or hint"
                )
                assert isinstance(check(check_id, ..., tries=Tries()), ExerciseBox)
    assert seen > 0


def test_the_build_tags_check_cells_and_only_them() -> None:
    check_cell = nbformat.v4.new_code_cell('check("3.1", answer_3_1)', metadata={"tags": ["x"]})
    other = nbformat.v4.new_code_cell("print('check(1)')")
    built = exercises.build(_nb(check_cell, other))
    assert built.cells[0].metadata["tags"] == ["x", IGNORE_OUTPUT]
    assert "tags" not in built.cells[1].metadata
    again = exercises.build(built)
    assert again.cells[0].metadata["tags"] == ["x", IGNORE_OUTPUT]


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


# --- plain values, widget-friendly text -------------------------------------------------------

PLAIN_NODES = (ast.Constant, ast.Set, ast.List, ast.Tuple)


def _plain(node: ast.expr) -> bool:
    """A string, a number, or a set/list/tuple of them (``set()`` is the empty set)."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str | int | float) and not isinstance(node.value, bool)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        return _plain(node.operand)
    if isinstance(node, ast.Set | ast.List | ast.Tuple):
        return all(isinstance(e, ast.Constant) and _plain(e) for e in node.elts)
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "set"
        and not node.args
        and not node.keywords
    )


def _solution_code(source: str) -> str:
    lines, inside = [], False
    for line in source.splitlines():
        if line.strip() == BEGIN:
            inside = True
        elif line.strip() == END:
            inside = False
        elif inside:
            lines.append(line)
    return "\n".join(lines)


def plain_value_problems(source: str) -> list[str]:
    """Why a solution region is not only ``name = plain value`` lines."""
    problems = []
    for stmt in ast.parse(_solution_code(source)).body:
        if not (
            isinstance(stmt, ast.Assign)
            and len(stmt.targets) == 1
            and isinstance(stmt.targets[0], ast.Name)
            and _plain(stmt.value)
        ):
            problems.append(ast.unparse(stmt))
    return problems


def test_the_plain_value_checker_catches_code() -> None:
    assert (
        plain_value_problems(f"{BEGIN}\na = 3\nb = set()\nc = {{'risk'}}\nd = ('x',)\n{END}") == []
    )
    for bad in ("a = len(x)", "a = x.query('risk == 1')", "a = b", "a = {'k': 1}", "f(1)"):
        assert plain_value_problems(f"{BEGIN}\n{bad}\n{END}"), bad


def test_every_solution_assigns_a_plain_value() -> None:
    problems = {}
    seen = 0
    for path in sorted((ROOT / "solutions").glob("*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type == "code" and BEGIN in cell.source:
                seen += 1
                found = plain_value_problems(cell.source)
                if found:
                    problems[f"{path.name} {cell.get('id')}"] = found
    assert seen >= 38
    assert not problems, problems


LAB_ONLY_WORDS = re.compile(
    r"shift\s*\+\s*enter|run (this|the next|the first|that) (code )?cell"
    r"|\brun it\b|\brun a check cell\b",
    re.IGNORECASE,
)


@pytest.mark.parametrize("folder", ["solutions", "exercises"])
def test_lab_words_only_in_lab_only_cells(folder: str) -> None:
    problems = []
    for path in sorted((ROOT / folder).glob("*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type != "markdown" or "lab-only" in cell.metadata.get("tags", []):
                continue
            if LAB_ONLY_WORDS.search(cell.source) or "`" in cell.source:
                problems.append(f"{path.name} {cell.get('id')}: {cell.source[:80]!r}")
    assert not problems, problems


def test_every_notebook_with_a_count_shows_the_filter_above_it() -> None:
    table = load_table(__import__("helpable.ui.answers", fromlist=["SCHEMA"]).SCHEMA)
    counts = set(table.loc[table["kind"] == "count", "id"])
    for path in sorted((ROOT / "solutions").glob("*.ipynb")):
        cells = nbformat.read(path, as_version=4).cells
        filters = [i for i, c in enumerate(cells) if c.source.strip() == "approach_filter()"]
        for i, cell in enumerate(cells):
            for check_id in _check_ids(nbformat.v4.new_notebook(cells=[cell])):
                if check_id in counts:
                    assert any(f < i for f in filters), f"{path.name}: no filter above {check_id}"
