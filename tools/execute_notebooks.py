#!/usr/bin/env python3
"""Execute the course's notebooks in place: the one way stored outputs are made.

Runs every notebook in notebooks/, solutions/ and exercises/ (or the paths
given) top to bottom in a fresh kernel, then normalises what would otherwise
vary: no widget state, no timing metadata, a fixed kernelspec and language
info. Running it twice on an unchanged tree changes no bytes.

    python tools/execute_notebooks.py                  # everything
    python tools/execute_notebooks.py notebooks/02_rule1_effort.ipynb
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from helpable.authoring.conventions import write_notebook

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = ("notebooks", "solutions", "exercises")
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
LANGUAGE_INFO = {"name": "python", "pygments_lexer": "ipython3"}


def course_notebooks(root: Path = ROOT) -> list[Path]:
    """Every course notebook, in folder then name order."""
    found: list[Path] = []
    for folder in FOLDERS:
        found += sorted((root / folder).glob("*.ipynb"))
    return found


def kernel_env(scratch: Path) -> dict[str, str]:
    """The environment the kernel runs in: fixed seeds, a throwaway journal."""
    return {
        "PYTHONHASHSEED": "0",
        "HELPABLE_JOURNAL": str(scratch / "journal.jsonl"),
        "MPLCONFIGDIR": str(scratch / "mpl"),
    }


WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def normalise(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Strip what varies between runs and machines.

    Widget outputs are dropped: their state is not stored, so a stored view
    could only show an error or a text stand-in until the cell is run again.
    """
    nb.metadata.pop("widgets", None)
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    nb.metadata["language_info"] = dict(LANGUAGE_INFO)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        if cell.cell_type != "code":
            continue
        cell.outputs = [o for o in cell.get("outputs", []) if WIDGET_VIEW not in o.get("data", {})]
        for output in cell.outputs:
            output.get("metadata", {}).pop("execution", None)
    return nb


def execute(path: Path, timeout: int = 600) -> float:
    """Execute one notebook in place; return the seconds it took."""
    nb = nbformat.read(path, as_version=4)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="helpable-exec-") as scratch:
        saved = {k: os.environ.get(k) for k in kernel_env(Path(scratch))}
        os.environ.update(kernel_env(Path(scratch)))
        try:
            client = NotebookClient(
                nb,
                timeout=timeout,
                kernel_name="python3",
                resources={"metadata": {"path": str(path.parent)}},
                record_timing=False,
                store_widget_state=False,
            )
            client.execute()
        finally:
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value
    normalise(nb)
    nbformat.validate(nb)
    write_notebook(nb, path)
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path, help="notebooks to run (default: all)")
    args = parser.parse_args(argv)
    paths = [p.resolve() for p in args.paths] or course_notebooks()
    if not paths:
        print("No notebooks found.", file=sys.stderr)
        return 1
    for path in paths:
        seconds = execute(path)
        print(f"{seconds:6.1f} s  {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
