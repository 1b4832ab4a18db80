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
