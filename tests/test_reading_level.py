"""Every learner paragraph in the lessons, solutions and exercises reads at US grade 10 or
below (Flesch-Kincaid, via textstat)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpable.authoring.course_check import prose_paragraphs

from .conftest import ROOT

textstat = pytest.importorskip("textstat")

MAX_GRADE = 10.0
MIN_WORDS = 10
"""Shorter bits (headings, "Time: about 20 minutes") are left out: one long word decides
their grade, so the number says nothing about how easy they are to read."""

NOTEBOOKS = sorted(
    p for folder in ("notebooks", "solutions", "exercises") for p in (ROOT / folder).glob("*.ipynb")
)


def grade(paragraph: str) -> float:
    return float(textstat.flesch_kincaid_grade(paragraph))


def without_quoted_pitches(nb: dict) -> dict:
    """``nb`` without its block quotes (``> ...``): the example pitches a lesson quotes.

    They are specimens of how job seekers write, taken from the course's data; the
    course's own words around them are what must be easy to read.
    """
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown":
            text = "".join(cell["source"])
            cell["source"] = "\n".join(
                line for line in text.splitlines() if not line.lstrip().startswith(">")
            )
    return nb


def too_hard(path: Path) -> list[tuple[float, str]]:
    """Each paragraph of ``path`` over :data:`MAX_GRADE`, with its grade."""
    nb = without_quoted_pitches(json.loads(path.read_text(encoding="utf-8")))
    return [
        (round(grade(p), 1), p[:100])
        for p in prose_paragraphs(nb)
        if len(p.split()) >= MIN_WORDS and grade(p) > MAX_GRADE
    ]


def test_the_check_catches_a_hard_paragraph() -> None:
    hard = (
        "Organizational stakeholders systematically underestimate the reputational "
        "externalities associated with recommending insufficiently characterized candidates."
    )
    easy = "Ask for a short call. Keep it to twenty minutes. Thank them the same day, and mean it."
    assert grade(hard) > MAX_GRADE >= grade(easy)
    assert len(NOTEBOOKS) >= 14


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_every_paragraph_is_grade_10_or_below(path: Path) -> None:
    hard = too_hard(path)
    assert not hard, f"{path.parent.name}/{path.name}: {hard}"
