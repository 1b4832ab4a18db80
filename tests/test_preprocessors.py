"""Each author-tool preprocessor on its own: what it changes, what it leaves, when it refuses."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from helpable.authoring.conventions import MARKDOWN_PLACEHOLDER
from helpable.authoring.preprocessors import (
    KERNELSPEC,
    LANGUAGE_INFO,
    WIDGET_VIEW,
    WIDGET_VIEWS_KEY,
    ClearSolutions,
    DropHiddenTests,
    LeakError,
    NormaliseOutputs,
    ReplaceWidgetViews,
    apply,
    clear_outputs,
)

SOLUTION = {"nbgrader": {"solution": True, "grade": False, "grade_id": "x", "locked": False}}
GRADE = {"nbgrader": {"solution": False, "grade": True, "grade_id": "t", "locked": True}}
BOTH = (
    "x = 1\n### BEGIN SOLUTION\nanswer = {'risk'}\n### END SOLUTION\n"
    "### BEGIN HIDDEN TESTS\nassert answer\n### END HIDDEN TESTS\nprint(x)\n"
)


def _nb(*cells: nbformat.NotebookNode) -> nbformat.NotebookNode:
    return nbformat.v4.new_notebook(cells=list(cells))


def _code(source: str, metadata: dict | None = None) -> nbformat.NotebookNode:
    return nbformat.v4.new_code_cell(source, metadata=metadata or {})


def _widget_output() -> nbformat.NotebookNode:
    return nbformat.v4.new_output(
        "display_data",
        data={WIDGET_VIEW: {"model_id": "abc"}, "text/plain": "VBox(children=(...))"},
        metadata={"isolated": True},
    )


def _stream(text: str = "hello\n") -> nbformat.NotebookNode:
    return nbformat.v4.new_output("stream", name="stdout", text=text)


# ClearSolutions ---------------------------------------------------------------------------


def test_clear_solutions_replaces_the_region_and_leaves_hidden_tests() -> None:
    nb, _ = ClearSolutions().preprocess(_nb(_code(BOTH, SOLUTION)), {})
    assert nb.cells[0].source == (
        "x = 1\nanswer = ...  # ✏️ your answer here\n"
        "### BEGIN HIDDEN TESTS\nassert answer\n### END HIDDEN TESTS\nprint(x)"
    )


def test_clear_solutions_keeps_the_indent_and_runs_without_names() -> None:
    source = "if True:\n    ### BEGIN SOLUTION\n    print('the answer')\n    ### END SOLUTION"
    nb, _ = ClearSolutions().preprocess(_nb(_code(source, SOLUTION)), {})
    assert nb.cells[0].source == "if True:\n    pass  # ✏️ your answer here"
    compile(nb.cells[0].source, "<exercise>", "exec")


def test_clear_solutions_replaces_a_markdown_solution_cell() -> None:
    cell = nbformat.v4.new_markdown_cell("Risk: the referral.", metadata=SOLUTION)
    plain = nbformat.v4.new_markdown_cell("Read this first.")
    nb, _ = ClearSolutions().preprocess(_nb(plain, cell), {})
    assert [c.source for c in nb.cells] == ["Read this first.", MARKDOWN_PLACEHOLDER]


def test_clear_solutions_refuses_a_marker_in_an_unmarked_cell() -> None:
    nb = _nb(_code("x = 1"), _code("### BEGIN SOLUTION\nanswer = 3\n### END SOLUTION"))
    resources = {"metadata": {"name": "solutions/02_rule1_effort.ipynb"}}
    with pytest.raises(LeakError, match=r"solutions/02_rule1_effort.ipynb, cell 2 .*nbgrader"):
        ClearSolutions().preprocess(nb, resources)


@pytest.mark.parametrize(
    "source",
    [
        "### END SOLUTION\nanswer = 3",
        "### BEGIN SOLUTION\n### BEGIN HIDDEN TESTS\nassert 1\n"
        "### END HIDDEN TESTS\n### END SOLUTION",
        "### BEGIN HIDDEN TESTS\n### BEGIN SOLUTION\nx = 1\n### END SOLUTION\n### END HIDDEN TESTS",
    ],
)
def test_clear_solutions_refuses_markers_out_of_order(source: str) -> None:
    with pytest.raises(LeakError, match="out of order"):
        ClearSolutions().preprocess(_nb(_code(source, SOLUTION)), {})


# DropHiddenTests --------------------------------------------------------------------------


def test_drop_hidden_tests_drops_only_the_hidden_region() -> None:
    nb, _ = DropHiddenTests().preprocess(_nb(_code(BOTH, SOLUTION)), {})
    assert nb.cells[0].source == (
        "x = 1\n### BEGIN SOLUTION\nanswer = {'risk'}\n### END SOLUTION\nprint(x)"
    )


def test_drop_hidden_tests_leaves_cells_without_hidden_tests_alone() -> None:
    source = "x = 1   \n\n"
    nb, _ = DropHiddenTests().preprocess(_nb(_code(source, GRADE)), {})
    assert nb.cells[0].source == source


def test_drop_hidden_tests_refuses_an_unclosed_region() -> None:
    cell = _code("### BEGIN HIDDEN TESTS\nassert answer", GRADE)
    with pytest.raises(LeakError, match="hidden region is never closed"):
        DropHiddenTests().preprocess(_nb(cell), {})


def test_drop_hidden_tests_refuses_an_unmarked_cell() -> None:
    cell = _code("### BEGIN HIDDEN TESTS\nassert answer\n### END HIDDEN TESTS")
    with pytest.raises(LeakError, match="no nbgrader metadata"):
        DropHiddenTests().preprocess(_nb(cell), {})


def test_both_steps_together_leave_neither_answer_nor_test() -> None:
    nb, _ = apply(_nb(_code(BOTH, SOLUTION)), [ClearSolutions(), DropHiddenTests()])
    assert nb.cells[0].source == "x = 1\nanswer = ...  # ✏️ your answer here\nprint(x)"


# NormaliseOutputs -------------------------------------------------------------------------


def test_normalise_outputs_strips_timings_and_fixes_the_kernel() -> None:
    cell = _code("print('hello')", {"execution": {"iopub.status.busy": "2026"}, "tags": ["a"]})
    output = nbformat.v4.new_output(
        "display_data", data={"text/plain": "hi"}, metadata={"execution": {"x": 1}, "keep": True}
    )
    cell.outputs = [output]
    nb = _nb(cell, nbformat.v4.new_markdown_cell("Hi", metadata={"execution": {"x": 1}}))
    nb.metadata = {"kernelspec": {"name": "other"}, "language_info": {"version": "3.9"}, "k": 1}
    nb, _ = NormaliseOutputs().preprocess(nb, {})
    assert nb.metadata == {"kernelspec": KERNELSPEC, "language_info": LANGUAGE_INFO, "k": 1}
    assert nb.cells[0].metadata == {"tags": ["a"]}
    assert nb.cells[0].outputs[0].metadata == {"keep": True}
    assert nb.cells[1].metadata == {}


# ReplaceWidgetViews -----------------------------------------------------------------------


def _widget_notebook() -> nbformat.NotebookNode:
    cell = _code("pitch_workshop()")
    cell.outputs = [_stream(), _widget_output()]
    nb = _nb(cell, nbformat.v4.new_markdown_cell("Text"))
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}}}
    return nb


def test_replace_widget_views_drops_views_and_state_by_default() -> None:
    nb, resources = ReplaceWidgetViews().preprocess(_widget_notebook(), {})
    assert nb.cells[0].outputs == [_stream()]
    assert "widgets" not in nb.metadata
    assert resources[WIDGET_VIEWS_KEY] == 1


def test_replace_widget_views_swaps_in_the_replacement() -> None:
    note = {"text/html": "<div>Widgets need a live kernel.</div>"}
    nb, resources = ReplaceWidgetViews(replacement=note).preprocess(_widget_notebook(), {})
    first, second = nb.cells[0].outputs
    assert first == _stream()
    assert second.output_type == "display_data"
    assert second.data == note and second.metadata == {}
    assert "widgets" not in nb.metadata
    assert resources[WIDGET_VIEWS_KEY] == 1


# nbconvert's own step, as the exercise build uses it --------------------------------------


def test_clear_outputs_keeps_cell_metadata() -> None:
    cell = _code("print(1)", {"collapsed": True, "scrolled": True})
    cell.outputs, cell.execution_count = [_stream()], 3
    nb, _ = apply(_nb(cell), [clear_outputs()])
    assert nb.cells[0].outputs == [] and nb.cells[0].execution_count is None
    assert nb.cells[0].metadata == {"collapsed": True, "scrolled": True}


# --- Lab-only cells: dropped when a lesson runs in Voilà ----------------------------------


def _lab_only_notebook() -> nbformat.NotebookNode:
    return _nb(
        nbformat.v4.new_markdown_cell("# Title", metadata={}),
        nbformat.v4.new_markdown_cell("Press **Shift + Enter**.", metadata={"tags": ["lab-only"]}),
        _code("widget_check()", {"tags": ["nbval-ignore-output"]}),
        _code("print('lab')", {"tags": ["lab-only", "nbval-ignore-output"]}),
        nbformat.v4.new_markdown_cell("Click **Check**."),
    )


def test_drop_lab_only_removes_exactly_the_tagged_cells() -> None:
    from helpable.authoring.preprocessors import drop_lab_only

    nb, _ = apply(_lab_only_notebook(), [drop_lab_only()])
    assert [c.source for c in nb.cells] == ["# Title", "widget_check()", "Click **Check**."]
    assert nb.cells[1].metadata == {"tags": ["nbval-ignore-output"]}


def _voila_json() -> dict[str, object]:
    import json

    from helpable.paths import COURSE_ROOT

    config: dict[str, object] = json.loads((COURSE_ROOT / "voila.json").read_text("utf-8"))
    return config


def test_voila_json_drops_lab_only_cells_with_nbconvert() -> None:
    """``voila`` in the course folder reads voila.json; its exporter runs TagRemovePreprocessor."""
    from nbconvert.preprocessors import TagRemovePreprocessor
    from traitlets.config import Config

    from helpable.authoring.conventions import LAB_ONLY_TAG

    config = Config(_voila_json())
    step = TagRemovePreprocessor(config=config)
    assert step.remove_cell_tags == {LAB_ONLY_TAG}
    nb, _ = step.preprocess(_lab_only_notebook(), {})
    assert [c.source for c in nb.cells] == ["# Title", "widget_check()", "Click **Check**."]


def test_voila_exporter_takes_the_setting_from_voila_json() -> None:
    """Voilà's own exporter (HTML, template "lab") drops the cells: nothing else turns it off."""
    from traitlets.config import Config
    from voila.exporter import VoilaExporter

    exporter = VoilaExporter(config=Config(_voila_json()))
    removers = [p for p in exporter._preprocessors if type(p).__name__ == "TagRemovePreprocessor"]
    assert [(p.enabled, p.remove_cell_tags) for p in removers] == [(True, {"lab-only"})]
    nb, _ = removers[0](_lab_only_notebook(), {})
    assert [c.source for c in nb.cells] == ["# Title", "widget_check()", "Click **Check**."]


def test_binder_gives_jupyter_server_the_same_settings(tmp_path: Path) -> None:
    """Binder runs postBuild: Voilà inside JupyterLab reads nbconvert settings from the server."""
    import os
    import shutil
    import subprocess

    from helpable.paths import COURSE_ROOT

    script = COURSE_ROOT / "postBuild"
    assert os.access(script, os.X_OK), "postBuild must be executable for Binder"
    env = dict(os.environ, JUPYTER_CONFIG_DIR=str(tmp_path / "config"))
    subprocess.run(
        ["bash", str(script)],
        check=True,
        env=env,
        timeout=120,
        cwd=tmp_path,
        executable=shutil.which("bash"),
    )
    written = (tmp_path / "config" / "jupyter_server_config.json").read_text("utf-8")
    assert written == (COURSE_ROOT / "voila.json").read_text("utf-8")


def test_neighbouring_stream_outputs_are_joined_so_a_rerun_stores_the_same_bytes() -> None:
    from nbformat.v4 import new_output

    from helpable.authoring.preprocessors import coalesce_streams

    split = [
        new_output("stream", name="stdout", text="one\n"),
        new_output("stream", name="stdout", text="two\n"),
        new_output("stream", name="stderr", text="warn\n"),
        new_output("stream", name="stdout", text="three\n"),
    ]
    joined = coalesce_streams(split)
    assert [(o["name"], "".join(o["text"])) for o in joined] == [
        ("stdout", "one\ntwo\n"),
        ("stderr", "warn\n"),
        ("stdout", "three\n"),
    ]
