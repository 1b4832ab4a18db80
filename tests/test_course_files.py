"""The repository keeps its promises: README map, notebooks, requirements."""

from __future__ import annotations

import re

import nbformat
import pytest

from helpable.authoring.conventions import notebook_text
from helpable.content.course import lessons

from .conftest import ROOT


def test_readme_opens_with_the_two_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```bash\n(.*?)\n```", readme, flags=re.S)
    assert blocks[:2] == [
        "python -m pip install -r requirements.txt && jupyter lab notebooks/00_start_here.ipynb",
        "python -m pip install -r requirements-dev.txt && python -m pytest",
    ]


def test_ci_runs_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "python -m pip install -r requirements-dev.txt && python -m pytest" in ci
    assert "HELPABLE_REQUIRE_BROWSER=1" in ci


def test_readme_map_matches_course_csv() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for lesson in lessons():
        row = f"| {lesson.number:02d} | [{lesson.title}](notebooks/{lesson.filename}) |"
        assert row in readme, f"README map row missing or stale: {row}"
        assert f"| {lesson.minutes} min |" in readme


def test_requirements_pin_every_direct_dependency() -> None:
    lines = [
        line.strip()
        for line in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert lines[-1] == "-e ."
    for line in lines[:-1]:
        assert re.fullmatch(r"[A-Za-z0-9_.\-]+==[0-9][\w.]*", line), line
    names = {line.split("==")[0] for line in lines[:-1]}
    assert {"jupyterlab", "ipywidgets", "pandas", "matplotlib", "nbval", "pytest", "voila"} <= names


@pytest.mark.parametrize("lesson", lessons(), ids=lambda item: item.notebook)
def test_every_course_notebook_exists_and_is_stored_canonically(lesson) -> None:  # noqa: ANN001
    path = ROOT / "notebooks" / lesson.filename
    assert path.exists(), f"{lesson.filename} is in data/course.csv but not in notebooks/"
    raw = path.read_text(encoding="utf-8")
    nb = nbformat.reads(raw, as_version=4)
    nbformat.validate(nb)
    assert raw == notebook_text(nb), "not stored as tools/execute_notebooks.py writes it"
    assert "widgets" not in nb.metadata, "widget state must not be stored"


def test_notebooks_never_touch_sys_path_or_define_helpers() -> None:
    for path in sorted(ROOT.glob("*/[0-9][0-9]_*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            if cell.cell_type != "code":
                continue
            assert "sys.path" not in cell.source, f"{path.name} touches sys.path"
            assert not re.search(r"^\s*(def|class) ", cell.source, flags=re.M), (
                f"{path.name} defines a helper; put it in helpable/"
            )


def _commands(text: str) -> list[str]:
    """Every ``voila`` command line in a Markdown file's code blocks and inline code."""
    blocks = re.findall(r"```(?:bash|text)?\n(.*?)\n```", text, flags=re.S)
    lines = [line for block in blocks for line in block.splitlines()]
    return [
        command
        for command in [*lines, *re.findall(r"`([^`\n]+)`", text)]
        if re.match(r"(python -m )?voila(\s|$)", command.strip())
    ]


@pytest.mark.parametrize("doc", ["README.md", "instructors/guide.md"])
def test_voila_commands_serve_the_whole_course_folder(doc: str) -> None:
    """Lessons link to ``exercises/``: Voilà serving one notebook or ``notebooks/`` breaks that."""
    commands = _commands((ROOT / doc).read_text(encoding="utf-8"))
    assert commands, f"{doc} says nowhere how to start Voilà"
    for command in commands:
        assert ".ipynb" not in command and "notebooks" not in command, (
            f"{doc}: {command!r} serves less than the course folder, so links to exercises 404"
        )


LAB_WORDS = re.compile(
    r"shift\s*\+\s*enter|run the next cell|run this cell|✏️\s*cell|code cell", re.IGNORECASE
)


def test_start_here_fits_both_jupyterlab_and_voila() -> None:
    from helpable.authoring.conventions import HOW_TO_MARKER, cell_source, is_lab_only

    cells = nbformat.read(ROOT / "notebooks" / "00_start_here.ipynb", as_version=4).cells
    header = next(cell_source(c) for c in cells if cell_source(c).startswith("# "))
    assert HOW_TO_MARKER in header
    shared = [c for c in cells if c.cell_type == "markdown" and not is_lab_only(c)]
    lab_only = [cell_source(c) for c in cells if is_lab_only(c)]
    for cell in shared:
        assert not LAB_WORDS.search(cell_source(cell)), cell_source(cell)[:120]
    assert any(LAB_WORDS.search(text) for text in lab_only), "JupyterLab help is tagged lab-only"
    assert any("widget_check()" in cell_source(c) and not is_lab_only(c) for c in cells)
    for text in [cell_source(c) for c in cells]:
        if "model not found" in text:
            # A reopened notebook: the message only means "run the cells again".
            assert "Run ▸ Run All Cells" in text and "Nothing is broken" in text, text[:200]
    assert any("model not found" in text for text in lab_only)


@pytest.mark.parametrize(
    "call",
    [
        "rules_view()",
        'rule_card_view("effort")',
        "tie_strength_guess()",
        "approach_filter()",
        'rule_chart_view(approaches, by="setting")',
        "template_builder()",
        "plan_table()",
    ],
)
def test_menus_guesses_and_builders_count_as_learner_actions(call: str) -> None:
    """The widgets that replaced "edit this cell" are actions (``tools/check_course.py``)."""
    from helpable.authoring.conventions import is_action

    assert is_action({"cell_type": "code", "source": f"from helpable.lesson import x\n\n{call}"})
