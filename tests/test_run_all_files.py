"""Run All in any lesson writes no file: nothing under the learner's names, nothing at all.

Each lesson in ``notebooks/`` runs top to bottom (nbclient, a fresh kernel) in a
temporary copy of the lessons folder, with the journal where the course keeps it
there (``notebooks/.helpable/my_journal.jsonl``), so that any file a lesson would
write beside itself (a plan, a journal, a copy of either) lands in the copy. The
test then lists every file in the copy and asks for the same list as before.

What a kernel always makes (IPython's and matplotlib's caches, the runtime's
connection files) goes to ``HOME``, ``IPYTHONDIR``, ``MPLCONFIGDIR`` and
``JUPYTER_RUNTIME_DIR``, all pointed outside the copy, so none of it is counted.
The real ``notebooks/`` folder is checked too, for files with a learner's name.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from .conftest import ROOT

LESSONS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
LEARNER_NAMES = ("my_*", ".helpable")
"""The names the course gives files it writes for a learner (plans, journal, copies)."""


def _files(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*") if not p.is_dir()}


def _learner_files(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for name in LEARNER_NAMES for p in folder.glob(name)}


@pytest.fixture
def lesson_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the lessons (and the exercises they link to) in a temp course folder."""
    course = tmp_path / "course"
    for folder in ("notebooks", "exercises"):
        (course / folder).mkdir(parents=True)
        for path in (ROOT / folder).glob("*.ipynb"):
            shutil.copy2(path, course / folder / path.name)
    outside = tmp_path / "kernel"
    for variable, name in (
        ("HOME", "home"),
        ("IPYTHONDIR", "ipython"),
        ("MPLCONFIGDIR", "mpl"),
        ("JUPYTER_RUNTIME_DIR", "runtime"),
    ):
        (outside / name).mkdir(parents=True)
        monkeypatch.setenv(variable, str(outside / name))
    monkeypatch.setenv("PYTHONHASHSEED", "0")
    journal = course / "notebooks" / ".helpable" / "my_journal.jsonl"
    monkeypatch.setenv("HELPABLE_JOURNAL", str(journal))
    monkeypatch.delenv("HELPABLE_OUTPUT_DIR", raising=False)
    return course


def test_the_copy_catches_a_file_a_lesson_writes(lesson_copy: Path) -> None:
    """The check can fail: a notebook that saves a plan beside itself is caught."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell(
            "from helpable.plan import example_plan, save_plan\nprint(save_plan(example_plan()))"
        )
    ]
    folder = lesson_copy / "notebooks"
    before = _files(lesson_copy)
    NotebookClient(
        nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(folder)}}
    ).execute()
    assert _files(lesson_copy) - before == {"notebooks/my_plan.ics", "notebooks/my_plan.csv"}


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.stem)
def test_run_all_writes_no_file(lesson: Path, lesson_copy: Path) -> None:
    folder = lesson_copy / "notebooks"
    nb = nbformat.read(folder / lesson.name, as_version=4)
    before, real_before = _files(lesson_copy), _learner_files(ROOT / "notebooks")
    client = NotebookClient(
        nb,
        timeout=600,  # a hang fails the test; no cell is timed
        kernel_name="python3",
        resources={"metadata": {"path": str(folder)}},
        record_timing=False,
        store_widget_state=False,
    )
    client.execute()
    made = sorted(_files(lesson_copy) - before)
    assert made == [], f"Run All in {lesson.name} wrote {made}"
    real_made = sorted(_learner_files(ROOT / "notebooks") - real_before)
    assert real_made == [], f"Run All in {lesson.name} wrote {real_made} in notebooks/"
