#!/usr/bin/env python3
"""Write exercises/ from solutions/, the single source of the exercises.

In a solution notebook, answers sit between nbgrader-style markers:

* code between ``### BEGIN SOLUTION`` and ``### END SOLUTION`` becomes a
  placeholder that runs: each name the solution assigns becomes
  ``name = ...  # ✏️ your answer here``, which a check reports as not answered;
* a markdown cell holding the markers (or marked as a solution cell) becomes
  "✏️ *Your answer here*";
* code between ``### BEGIN HIDDEN TESTS`` and ``### END HIDDEN TESTS`` is
  dropped.

A cell that holds a marker must carry nbgrader metadata with
``"solution": true`` (or ``"grade": true`` for hidden tests), as nbgrader's
``enforce_metadata`` demands; otherwise the build stops, so that no answer can
leak by accident. Outputs are cleared, then the exercises are executed with
tools/execute_notebooks.py.

    python tools/build_exercises.py             # build and execute
    python tools/build_exercises.py --no-execute
"""

from __future__ import annotations

import argparse
import copy
import re
import subprocess
import sys
from pathlib import Path

import nbformat

from helpable.authoring.conventions import write_notebook

ROOT = Path(__file__).resolve().parent.parent
SOLUTIONS, EXERCISES = ROOT / "solutions", ROOT / "exercises"

BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"
BEGIN_HIDDEN, END_HIDDEN = "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"
MARKERS = (BEGIN, END, BEGIN_HIDDEN, END_HIDDEN)
MARKDOWN_PLACEHOLDER = "✏️ *Your answer here*"
ASSIGNMENT = re.compile(r"^(\s*)([A-Za-z_]\w*)\s*(?::[^=]+)?=(?!=)")


class LeakError(ValueError):
    """A solution marker is in a cell that is not marked as a solution cell."""


def _nbgrader(cell: dict) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {})


def _code_placeholder(region: list[str]) -> list[str]:
    """Runnable placeholder lines for a solution region."""
    indent = min((len(line) - len(line.lstrip()) for line in region if line.strip()), default=0)
    names: list[str] = []
    for line in region:
        match = ASSIGNMENT.match(line)
        if match and len(match.group(1)) == indent and match.group(2) not in names:
            names.append(match.group(2))
    pad = " " * indent
    if not names:
        return [f"{pad}pass  # ✏️ your answer here"]
    return [f"{pad}{name} = ...  # ✏️ your answer here" for name in names]


def strip_code(source: str, where: str) -> str:
    """Replace solution regions with placeholders and drop hidden tests."""
    out: list[str] = []
    mode, region = None, []
    for line in source.splitlines():
        marker = line.strip()
        if marker == BEGIN and mode is None:
            mode, region = "solution", []
        elif marker == END and mode == "solution":
            out += _code_placeholder(region)
            mode = None
        elif marker == BEGIN_HIDDEN and mode is None:
            mode = "hidden"
        elif marker == END_HIDDEN and mode == "hidden":
            mode = None
        elif marker in MARKERS:
            raise LeakError(f"{where}: {marker!r} out of order")
        elif mode == "solution":
            region.append(line)
        elif mode is None:
            out.append(line)
    if mode is not None:
        raise LeakError(f"{where}: a {mode} region is never closed")
    return "\n".join(out).rstrip()


def build(solution: dict, name: str = "notebook") -> dict:
    """Return the exercise version of a solution notebook (outputs cleared)."""
    nb = copy.deepcopy(solution)
    for i, cell in enumerate(nb["cells"]):
        source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        where = f"{name}, cell {i + 1}"
        has_marker = any(m in source for m in MARKERS)
        meta = _nbgrader(cell)
        marked = bool(meta.get("solution") or meta.get("grade"))
        if has_marker and not marked:
            raise LeakError(
                f"{where} has a solution marker but no nbgrader metadata "
                '("solution": true); refusing to build so that no answer leaks'
            )
        if cell["cell_type"] == "markdown" and meta.get("solution"):
            cell["source"] = MARKDOWN_PLACEHOLDER
        elif cell["cell_type"] == "code":
            if has_marker:
                cell["source"] = strip_code(source, where)
            cell["outputs"] = []
            cell["execution_count"] = None
    nb.get("metadata", {}).pop("widgets", None)
    return nb


def strip_outputs(nb: dict) -> dict:
    """A copy with outputs and execution counts removed, for comparisons."""
    nb = copy.deepcopy(nb)
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            cell["outputs"], cell["execution_count"] = [], None
    return nb


def expected_exercises() -> dict[Path, dict]:
    """What exercises/ should hold: each solution's exercise, outputs cleared."""
    result = {}
    for path in sorted(SOLUTIONS.glob("*.ipynb")):
        solution = nbformat.read(path, as_version=4)
        result[EXERCISES / path.name] = build(solution, name=f"solutions/{path.name}")
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build exercises/ from solutions/.")
    parser.add_argument("--no-execute", action="store_true", help="do not execute the exercises")
    args = parser.parse_args(argv)
    try:
        expected = expected_exercises()
    except LeakError as exc:
        print(f"build_exercises: {exc}", file=sys.stderr)
        return 1
    EXERCISES.mkdir(exist_ok=True)
    changed = []
    for path, nb in expected.items():
        if path.exists():
            current = nbformat.read(path, as_version=4)
            if strip_outputs(current) == nbformat.from_dict(nb):
                continue
        write_notebook(nb, path)
        changed.append(path)
        print(f"wrote {path.relative_to(ROOT)}")
    for stale in sorted(set(EXERCISES.glob("*.ipynb")) - set(expected)):
        stale.unlink()
        print(f"removed {stale.relative_to(ROOT)} (no solution)")
    if changed and not args.no_execute:
        tool = ROOT / "tools" / "execute_notebooks.py"
        subprocess.run([sys.executable, str(tool), *map(str, changed)], check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
