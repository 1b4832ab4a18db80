"""Execute course notebooks in place: the one way stored outputs are made.

Each notebook runs top to bottom in a fresh kernel with fixed seeds and a
throwaway journal, then goes through :func:`normalise`, so running it twice
on an unchanged tree changes no bytes.
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbformat import NotebookNode

from helpable.authoring.conventions import read_notebook, write_notebook
from helpable.authoring.preprocessors import NormaliseOutputs, ReplaceWidgetViews, apply


def kernel_env(scratch: Path) -> dict[str, str]:
    """The environment the kernel runs in: fixed seeds, a throwaway journal."""
    return {
        "PYTHONHASHSEED": "0",
        "HELPABLE_JOURNAL": str(scratch / "journal.jsonl"),
        "MPLCONFIGDIR": str(scratch / "mpl"),
    }


@contextmanager
def _environment(values: dict[str, str]) -> Iterator[None]:
    """Set environment variables for the duration, then put the old values back."""
    saved = {key: os.environ.get(key) for key in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def normalise(nb: NotebookNode) -> NotebookNode:
    """Strip what varies between runs and machines (widget views and state, timings, kernel).

    Widget outputs are dropped: their state is not stored, so a stored view
    could only show an error or a text stand-in until the cell is run again.
    """
    nb, _ = apply(nb, [ReplaceWidgetViews(), NormaliseOutputs()])
    return nb


def execute(path: Path, timeout: int = 600) -> float:
    """Execute one notebook in place; return the seconds it took."""
    nb = read_notebook(path)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="helpable-exec-") as scratch:
        with _environment(kernel_env(Path(scratch))):
            client = NotebookClient(
                nb,
                timeout=timeout,
                kernel_name="python3",
                resources={"metadata": {"path": str(path.parent)}},
                record_timing=False,
                store_widget_state=False,
            )
            client.execute()
    normalise(nb)
    nbformat.validate(nb)
    write_notebook(nb, path)
    return time.perf_counter() - started
