"""The author tools' notebook transformations, one nbconvert ``Preprocessor`` each.

The model is nbgrader (``ClearSolutions``, ``ClearHiddenTests``) and nbconvert
(``ClearOutputPreprocessor``, ``ClearMetadataPreprocessor``). Apply a list of
them with :func:`apply`, which calls each one's ``preprocess``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from nbconvert.preprocessors import ClearOutputPreprocessor, Preprocessor, TagRemovePreprocessor
from nbformat import NotebookNode

from helpable.authoring.conventions import (
    BEGIN,
    BEGIN_HIDDEN,
    CODE_PLACEHOLDER,
    END,
    END_HIDDEN,
    LAB_ONLY_TAG,
    MARKDOWN_PLACEHOLDER,
    MARKERS,
    cell_source,
    nbgrader_metadata,
)

Resources = dict[str, Any]
"""nbconvert's resources: ``resources["metadata"]["name"]`` names the notebook in errors."""

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
LANGUAGE_INFO = {"name": "python", "pygments_lexer": "ipython3"}
WIDGET_VIEWS_KEY = "widget_views"
"""``resources[WIDGET_VIEWS_KEY]``: how many widget outputs ReplaceWidgetViews changed."""

_ASSIGNMENT = re.compile(r"^(\s*)([A-Za-z_]\w*)\s*(?::[^=]+)?=(?!=)")
_REGIONS = {BEGIN: ("solution", END), BEGIN_HIDDEN: ("hidden", END_HIDDEN)}


class LeakError(ValueError):
    """A solution marker is in a cell that is not marked as a solution cell, or out of order."""


class CoursePreprocessor(Preprocessor):
    """nbconvert's ``Preprocessor`` with typed signatures (nbconvert is unannotated)."""

    def __init__(self, **kw: Any) -> None:
        super().__init__(**kw)  # type: ignore[no-untyped-call]

    def preprocess(self, nb: NotebookNode, resources: Resources) -> tuple[NotebookNode, Resources]:
        """Apply :meth:`preprocess_cell` to every cell (nbconvert's loop)."""
        done: tuple[NotebookNode, Resources] = super().preprocess(  # type: ignore[no-untyped-call]
            nb, resources
        )
        return done

    def preprocess_cell(
        self, cell: NotebookNode, resources: Resources, index: int
    ) -> tuple[NotebookNode, Resources]:
        """Leave the cell as it is; subclasses change it."""
        return cell, resources


def apply(
    nb: NotebookNode, steps: Iterable[Preprocessor], resources: Resources | None = None
) -> tuple[NotebookNode, Resources]:
    """Run each preprocessor's ``preprocess`` on ``nb`` in turn (it changes ``nb`` in place)."""
    resources = {} if resources is None else resources
    for step in steps:
        nb, resources = step.preprocess(nb, resources)  # type: ignore[no-untyped-call]
    return nb, resources


def clear_outputs() -> Preprocessor:
    """nbconvert's ClearOutputPreprocessor, keeping every cell metadata field."""
    step: Preprocessor = ClearOutputPreprocessor(  # type: ignore[no-untyped-call]
        remove_metadata_fields=set()
    )
    return step


def drop_lab_only() -> Preprocessor:
    """nbconvert's TagRemovePreprocessor, removing every cell tagged ``lab-only``.

    Voilà runs the same preprocessor, configured by ``voila.json`` at the course
    root, so that "press Shift + Enter" and code meant for JupyterLab are
    neither shown nor run there. Use this one wherever else a lesson is shown
    outside JupyterLab.
    """
    step: Preprocessor = TagRemovePreprocessor(  # type: ignore[no-untyped-call]
        remove_cell_tags={LAB_ONLY_TAG}, enabled=True
    )
    return step


def _where(resources: Resources, index: int) -> str:
    name = resources.get("metadata", {}).get("name") or "notebook"
    return f"{name}, cell {index + 1}"


def refuse_unmarked(cell: NotebookNode, where: str) -> None:
    """Raise LeakError if a cell holds a marker but no nbgrader solution or grade metadata.

    nbgrader's ``enforce_metadata``: an answer in an unmarked cell would otherwise leak.
    """
    meta = nbgrader_metadata(cell)
    if any(m in cell_source(cell) for m in MARKERS) and not (
        meta.get("solution") or meta.get("grade")
    ):
        raise LeakError(
            f"{where} has a solution marker but no nbgrader metadata "
            '("solution": true); refusing to build so that no answer leaks'
        )


Rewrite = Callable[[list[str]], list[str]]


def rewrite_regions(source: str, where: str, kind: str, rewrite: Rewrite) -> str:
    """Replace each ``kind`` region ("solution" or "hidden") with ``rewrite(its lines)``.

    Regions of the other kind stay as they are, markers included. A marker out
    of order (an END with no BEGIN, one region inside another) or a region that
    is never closed raises LeakError.
    """
    out: list[str] = []
    mode: str | None = None
    closing, region = "", []
    for line in source.splitlines():
        marker = line.strip()
        if mode is None and marker in _REGIONS:
            mode, closing = _REGIONS[marker]
            region = [line]
        elif mode is not None and marker == closing:
            out += rewrite(region[1:]) if mode == kind else [*region, line]
            mode = None
        elif marker in MARKERS:
            raise LeakError(f"{where}: {marker!r} out of order")
        elif mode is not None:
            region.append(line)
        else:
            out.append(line)
    if mode is not None:
        raise LeakError(f"{where}: a {mode} region is never closed")
    return "\n".join(out).rstrip()


def code_placeholder(region: list[str]) -> list[str]:
    """Runnable placeholder lines for a solution region: ``name = ...`` per name it assigns."""
    indent = min((len(line) - len(line.lstrip()) for line in region if line.strip()), default=0)
    names: list[str] = []
    for line in region:
        match = _ASSIGNMENT.match(line)
        if match and len(match.group(1)) == indent and match.group(2) not in names:
            names.append(match.group(2))
    pad = " " * indent
    if not names:
        return [f"{pad}pass  {CODE_PLACEHOLDER}"]
    return [f"{pad}{name} = ...  {CODE_PLACEHOLDER}" for name in names]


class MarkedRegions(CoursePreprocessor):
    """Rewrite one kind of marked region in code cells, after :func:`refuse_unmarked`."""

    kind = ""
    markers: tuple[str, ...] = ()

    def rewrite(self, region: list[str]) -> list[str]:
        """The lines that replace a region (its lines without the markers)."""
        return region

    def preprocess_cell(
        self, cell: NotebookNode, resources: Resources, index: int
    ) -> tuple[NotebookNode, Resources]:
        where = _where(resources, index)
        refuse_unmarked(cell, where)
        source = cell_source(cell)
        if cell.cell_type == "code" and any(marker in source for marker in self.markers):
            cell.source = rewrite_regions(source, where, self.kind, self.rewrite)
        return cell, resources


class ClearSolutions(MarkedRegions):
    """Replace each answer with a placeholder (nbgrader's ClearSolutions).

    Code between ``### BEGIN SOLUTION`` and ``### END SOLUTION`` becomes
    :func:`code_placeholder` lines, which run, so that a check reports "not
    answered". A markdown cell with nbgrader ``"solution": true`` becomes
    ``MARKDOWN_PLACEHOLDER``. A marker in a cell without nbgrader metadata
    raises LeakError (:func:`refuse_unmarked`). Hidden tests are left to
    DropHiddenTests.
    """

    kind, markers = "solution", (BEGIN, END)

    def rewrite(self, region: list[str]) -> list[str]:
        return code_placeholder(region)

    def preprocess_cell(
        self, cell: NotebookNode, resources: Resources, index: int
    ) -> tuple[NotebookNode, Resources]:
        cell, resources = super().preprocess_cell(cell, resources, index)
        if cell.cell_type == "markdown" and nbgrader_metadata(cell).get("solution"):
            cell.source = MARKDOWN_PLACEHOLDER
        return cell, resources


class DropHiddenTests(MarkedRegions):
    """Drop the code between ``### BEGIN HIDDEN TESTS`` and ``### END HIDDEN TESTS``.

    nbgrader's ClearHiddenTests: the learner's copy runs without them. A marker
    in a cell without nbgrader metadata raises LeakError, as in ClearSolutions.
    """

    kind, markers = "hidden", (BEGIN_HIDDEN, END_HIDDEN)

    def rewrite(self, region: list[str]) -> list[str]:
        return []


class NormaliseOutputs(CoursePreprocessor):
    """Strip what varies between runs and machines, after a notebook is executed.

    No ``execution`` timing metadata on cells or outputs, a fixed
    ``kernelspec`` and ``language_info`` (:data:`KERNELSPEC`, :data:`LANGUAGE_INFO`),
    and neighbouring stream outputs joined (:func:`coalesce_streams`).
    """

    def preprocess(self, nb: NotebookNode, resources: Resources) -> tuple[NotebookNode, Resources]:
        nb.metadata["kernelspec"] = dict(KERNELSPEC)
        nb.metadata["language_info"] = dict(LANGUAGE_INFO)
        return super().preprocess(nb, resources)

    def preprocess_cell(
        self, cell: NotebookNode, resources: Resources, index: int
    ) -> tuple[NotebookNode, Resources]:
        cell.metadata.pop("execution", None)
        if cell.cell_type == "code":
            for output in cell.get("outputs", []):
                output.get("metadata", {}).pop("execution", None)
            cell.outputs = coalesce_streams(cell.get("outputs", []))
        return cell, resources


def coalesce_streams(outputs: list[NotebookNode]) -> list[NotebookNode]:
    """Join neighbouring stdout (or stderr) outputs into one, as the kernel's timing
    splits them differently from run to run."""
    joined: list[NotebookNode] = []
    for output in outputs:
        last = joined[-1] if joined else None
        if (
            last is not None
            and output.get("output_type") == "stream"
            and last.get("output_type") == "stream"
            and output.get("name") == last.get("name")
        ):
            text = "".join(last["text"]) + "".join(output["text"])
            last["text"] = text
        else:
            joined.append(output)
    return joined


class ReplaceWidgetViews(CoursePreprocessor):
    """Drop each widget-view output, or swap it for ``replacement``; drop the widget state.

    The course stores no widget state, so a stored view could only show an
    error, or its text form (``VBox(children=(...))``) in nbconvert. With
    ``replacement=None`` (the default) the outputs go; with a MIME bundle such
    as ``{"text/html": note}`` each becomes that bundle with empty metadata.
    ``resources[WIDGET_VIEWS_KEY]`` counts the outputs dropped or swapped.
    """

    def __init__(self, replacement: Mapping[str, str] | None = None, **kw: Any) -> None:
        super().__init__(**kw)
        self.replacement = dict(replacement) if replacement is not None else None

    def preprocess(self, nb: NotebookNode, resources: Resources) -> tuple[NotebookNode, Resources]:
        nb.get("metadata", {}).pop("widgets", None)
        resources.setdefault(WIDGET_VIEWS_KEY, 0)
        return super().preprocess(nb, resources)

    def preprocess_cell(
        self, cell: NotebookNode, resources: Resources, index: int
    ) -> tuple[NotebookNode, Resources]:
        if cell.cell_type != "code":
            return cell, resources
        outputs = cell.get("outputs", [])
        views = [o for o in outputs if WIDGET_VIEW in o.get("data", {})]
        resources[WIDGET_VIEWS_KEY] += len(views)
        if self.replacement is None:
            cell.outputs = [o for o in outputs if WIDGET_VIEW not in o.get("data", {})]
        else:
            for output in views:
                output["data"] = dict(self.replacement)
                output["metadata"] = {}
        return cell, resources
