"""The package's architecture: layers, strict types, one palette, small modules,
notebooks that import only helpable.lesson, and learner strings that exist."""

from __future__ import annotations

import ast
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from helpable.content.strings import fields_of, strings

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "helpable"
SOURCES = sorted(PACKAGE.rglob("*.py"))
COLOUR = re.compile(r"#[0-9A-Fa-f]{6}\b|#[0-9A-Fa-f]{3}\b(?![0-9A-Fa-f])")
PALETTE = PACKAGE / "ui" / "style.py"
ROLES = ("content", "analyzer", "model", "journal", "plan", "ui", "instructor", "authoring", "cli")


def _tool(name: str) -> str:
    found = shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)
    if not found:
        pytest.fail(f"{name} is not installed; it is in requirements-dev.txt")
    return found


def test_import_layers_hold() -> None:
    """import-linter's contracts in pyproject.toml: nothing imports upward, no cycles."""
    run = subprocess.run(
        [_tool("lint-imports"), "--no-cache"], cwd=ROOT, capture_output=True, text=True
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]


def test_mypy_strict_is_clean() -> None:
    run = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "helpable"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stdout[-4000:]


def test_no_colour_literal_outside_the_palette() -> None:
    found = []
    for path in SOURCES:
        if path == PALETTE:
            continue
        for no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if COLOUR.search(line):
                found.append(f"{path.relative_to(ROOT)}:{no}: {line.strip()}")
    assert not found, "colour literals belong in helpable/ui/style.py:\n" + "\n".join(found)


def test_one_escaper() -> None:
    defined = [
        str(p.relative_to(ROOT))
        for p in SOURCES
        for node in ast.walk(ast.parse(p.read_text(encoding="utf-8")))
        if isinstance(node, ast.FunctionDef) and node.name in ("esc", "escape", "_esc")
    ]
    assert defined == ["helpable/ui/style.py"], defined


def test_every_role_package_says_what_it_is_for() -> None:
    for role in ROLES:
        doc = ast.get_docstring(ast.parse((PACKAGE / role / "__init__.py").read_text()))
        assert doc and "TODO" not in doc and len(doc) > 40, role


def test_no_module_is_over_600_lines() -> None:
    long = {
        str(p.relative_to(ROOT)): n
        for p in SOURCES
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > 600
    }
    assert not long, long


def _notebook_imports(path: Path) -> list[str]:
    nb = json.loads(path.read_text(encoding="utf-8"))
    found = []
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            src = "".join(cell["source"])
            found += re.findall(r"^\s*(?:from|import)\s+(helpable[\w.]*)", src, re.M)
    return found


@pytest.mark.parametrize(
    "path",
    sorted([*ROOT.glob("notebooks/*.ipynb"), *ROOT.glob("solutions/*.ipynb"),
            *ROOT.glob("exercises/*.ipynb")]),
    ids=lambda p: f"{p.parent.name}/{p.name}",
)
def test_notebooks_import_only_the_lesson_module(path: Path) -> None:
    modules = _notebook_imports(path)
    assert modules, "a lesson imports the course through helpable.lesson"
    assert set(modules) == {"helpable.lesson"}, modules


def _said_keys() -> dict[str, set[str]]:
    """Every say("key", field=...) in the package, with the fields it passes."""
    keys: dict[str, set[str]] = {}
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", None) == "say"
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                keys.setdefault(node.args[0].value, set()).update(
                    k.arg for k in node.keywords if k.arg
                )
    return keys


def test_every_string_the_code_asks_for_exists_with_its_fields() -> None:
    table = strings()
    problems = []
    for key, passed in _said_keys().items():
        if key not in table:
            problems.append(f"{key}: not in data/strings.csv")
        elif not fields_of(table[key]) <= passed:
            problems.append(f"{key}: needs {sorted(fields_of(table[key]) - passed)}")
    assert not problems, problems


def test_every_string_in_the_data_is_used() -> None:
    """A row nobody shows is dead text. Keys built at run time are listed by prefix."""
    dynamic = ("setting.", "relationship.", "channel.", "quiz.broken_why.", "quiz.fine_why.",
               "analyzer.why_", "analyzer.why.", "explorer.prediction.")
    used = {
        node.value
        for path in SOURCES
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    }
    unused = [k for k in strings() if k not in used and not k.startswith(dynamic)]
    assert not unused, unused


def test_every_name_the_lesson_module_offers_loads() -> None:
    import helpable.lesson as lesson

    for name in lesson.__all__:
        assert getattr(lesson, name) is not None, name
    with pytest.raises(AttributeError, match="offers"):
        lesson.no_such_thing  # noqa: B018
