"""No lesson copies the source text: no run of 8 words in a row is shared with part 2 of
the Networking 102 series (case and punctuation do not count)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from .conftest import ROOT

SOURCE = ROOT.parent / "shared" / "source" / "rule2-seed.txt"
RUN = 8
"""The shortest run of shared words that counts as copying."""

NOTEBOOKS = sorted(
    p for folder in ("notebooks", "solutions", "exercises") for p in (ROOT / folder).glob("*.ipynb")
)


def words(text: str) -> list[str]:
    """Lower-case words with every mark taken out ("You've," and "youve" are one word)."""
    return [w for w in (re.sub(r"[\W_]+", "", t) for t in text.lower().split()) if w]


def runs(text: str, size: int = RUN) -> set[tuple[str, ...]]:
    """Every run of ``size`` words in a row in ``text``."""
    w = words(text)
    return {tuple(w[i : i + size]) for i in range(len(w) - size + 1)}


def shared_runs(text: str, source: str, size: int = RUN) -> list[str]:
    """The runs of ``size`` words that ``text`` and ``source`` share, as plain strings."""
    return sorted(" ".join(r) for r in runs(text, size) & runs(source, size))


def notebook_text(path: Path) -> list[str]:
    """The text of each cell (markdown and code), one string a cell."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    return [
        "".join(c["source"]) if isinstance(c["source"], list) else c["source"] for c in nb["cells"]
    ]


@pytest.fixture(scope="module")
def source() -> str:
    if not SOURCE.exists():
        pytest.skip(f"the source text is not here: {SOURCE}")
    return SOURCE.read_text(encoding="utf-8")


def test_the_check_finds_a_copied_sentence(source: str) -> None:
    copied = "As the series puts it: " + source.split("\n\n")[4][:200] + " The end."
    assert shared_runs(copied, source)
    assert not shared_runs("Never try to talk shop at a party with someone new.", source)
    # Case and marks do not hide a copy.
    assert shared_runs("NEVER, try to do business at a public GATHERING. The goal here!", source)


def test_there_are_notebooks_to_check() -> None:
    names = {p.parent.name for p in NOTEBOOKS}
    assert {"notebooks", "solutions"} <= names and len(NOTEBOOKS) >= 14


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_no_run_of_eight_words_from_the_source(path: Path, source: str) -> None:
    copied = shared_runs(" ".join(notebook_text(path)), source)
    assert not copied, f"{path.name} copies the source: {copied[:5]}"
