"""instructors/guide.md: the session timings add up, and everything it names exists."""

from __future__ import annotations

import re

import pytest

from helpable.instructor.links import binder_link, nbgitpuller_link

from .conftest import ROOT

GUIDE = ROOT / "instructors" / "guide.md"
COLUMNS = ["Minutes", "Activity", "Notebook / section", "What to say or ask"]
NACE_2021 = (
    "Career & Self-Development",
    "Communication",
    "Critical Thinking",
    "Equity & Inclusion",
    "Leadership",
    "Professionalism",
    "Teamwork",
    "Technology",
)
NOTEBOOK = re.compile(r"(?:(notebooks|solutions|exercises)/)?\b(\d{2}_[a-z0-9_]+\.ipynb)")
RELATIVE_LINK = re.compile(r"\]\((\.\./[^)#\s]+)")


@pytest.fixture(scope="module")
def guide() -> str:
    return GUIDE.read_text(encoding="utf-8")


def section(text: str, heading: str) -> str:
    """The text under a level-2 heading, up to the next level-2 heading."""
    match = re.search(rf"^{re.escape(heading)}[ \t]*\n(.*?)(?=^## |\Z)", text, re.M | re.S)
    assert match, f"the guide has no {heading!r} heading"
    return match.group(1)


def table(text: str) -> list[list[str]]:
    """The first markdown table in ``text``, as rows of stripped cells (header first)."""
    rows: list[list[str]] = []
    for line in text.splitlines():
        if line.startswith("|"):
            rows.append([cell.strip() for cell in line.strip().strip("|").split("|")])
        elif rows:
            break
    assert len(rows) >= 3, "no table with a header, a separator and at least one row"
    assert all(set(cell) <= set("-: ") for cell in rows[1]), "the second row must be |---|"
    return [rows[0], *rows[2:]]


@pytest.mark.parametrize("length", [60, 90])
def test_session_minutes_add_up(guide: str, length: int) -> None:
    header, *rows = table(section(guide, f"## {length}-minute session"))
    assert header == COLUMNS
    minutes = []
    for row in rows:
        assert len(row) == len(COLUMNS), f"row {row} has {len(row)} cells, not {len(COLUMNS)}"
        assert re.fullmatch(r"\d+", row[0]), f"Minutes must be a whole number, not {row[0]!r}"
        assert int(row[0]) > 0 and row[1] and row[3], f"row {row} is incomplete"
        minutes.append(int(row[0]))
    assert sum(minutes) == length, f"the {length}-minute plan adds up to {sum(minutes)}"


def _check_exist(paths: list[str], what: str) -> None:
    missing = [p for p in paths if not (ROOT / p).exists()]
    assert not missing, f"the guide {what} that do not exist: {missing}"


def test_every_notebook_the_guide_names_exists(guide: str) -> None:
    named = sorted({f"{folder or 'notebooks'}/{name}" for folder, name in NOTEBOOK.findall(guide)})
    assert "notebooks/07_action_plan.ipynb" in named
    _check_exist(named, "names notebooks")


def test_relative_links_resolve(guide: str) -> None:
    links = RELATIVE_LINK.findall(guide)
    assert links
    targets = sorted({str((GUIDE.parent / link).resolve().relative_to(ROOT)) for link in links})
    _check_exist(targets, "links to files")


def test_binder_badges_match_the_link_builder_and_the_readme(guide: str) -> None:
    lab = binder_link()
    app = binder_link(path="notebooks/06_pitch_workshop.ipynb", app="voila")
    assert f"]({lab})" in guide and f"]({app})" in guide  # both badges
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert lab in readme
    for url in re.findall(r"https://mybinder\.org/v2/[^)\s]+", readme):
        if "voila/" in url:
            assert url == app


def test_hub_link_example_is_what_the_tool_prints(guide: str) -> None:
    assert "python -m helpable hub-link https://hub.example.edu" in guide
    assert nbgitpuller_link("https://hub.example.edu") in guide


def test_objectives_cover_the_nace_competencies(guide: str) -> None:
    mapping = section(guide, "## Learning objectives and the NACE competencies")
    for competency in NACE_2021:
        assert competency in mapping, competency


def test_guide_names_its_commands(guide: str) -> None:
    for needed in (
        "python -m helpable report FOLDER --out report.html",
        "python -m helpable handouts OUT_DIR",
        "cull_idle_timeout",
    ):
        assert needed in guide, needed


def test_learners_per_8_gb_matches_the_measured_figure(guide: str) -> None:
    results = (ROOT / "benchmarks" / "results.md").read_text(encoding="utf-8")
    measured = re.search(r"\| Learners per 8 GB[^|]*\| (\d+) \|", results)
    assert measured, "benchmarks/results.md has no learners-per-8-GB row"
    assert f"Learners per 8 GB: **about {measured.group(1)}**" in guide


def test_every_section_a_session_plan_names_is_a_heading_of_that_lesson(guide: str) -> None:
    import json

    missing = []
    for match in re.finditer(r"\]\(\.\./notebooks/([^)]+\.ipynb)\): ([^|]+)\|", guide):
        nb = json.loads((ROOT / "notebooks" / match.group(1)).read_text(encoding="utf-8"))
        headings = {
            line.lstrip("#").strip()
            for cell in nb["cells"]
            if cell["cell_type"] == "markdown"
            for line in "".join(cell["source"]).splitlines()
            if line.startswith("#")
        }
        missing += [
            (match.group(1), name)
            for name in re.findall(r'"([^"]+)"', match.group(2))
            if name not in headings
        ]
    assert not missing, missing
