"""Lessons 01-04 are honest about their evidence, fair to their sources, kind in tone,
varied in their stories, and never show the same chart twice (issue 15)."""

from __future__ import annotations

import ast
import csv
import json
import re
from pathlib import Path

import pytest

from helpable.authoring.course_check import check_notebook, prose_paragraphs

from .conftest import ROOT

LESSONS = {
    "01": "01_networking_is_relationships",
    "02": "02_rule1_effort",
    "03": "03_rule2_risk",
    "04": "04_rule3_commitment",
}


def _nb(name: str) -> dict:
    return json.loads((ROOT / "notebooks" / f"{name}.ipynb").read_text(encoding="utf-8"))


def _src(cell: dict) -> str:
    s = cell["source"]
    return "".join(s) if isinstance(s, list) else s


def prose(key: str) -> list[str]:
    return prose_paragraphs(_nb(LESSONS[key]))


def text(key: str) -> str:
    return "\n\n".join(prose(key))


def all_text() -> str:
    return "\n\n".join(text(k) for k in LESSONS)


def section(key: str, heading: str) -> str:
    """The markdown from the heading ``## heading`` up to the next ``## `` heading."""
    md = "\n\n".join(_src(c) for c in _nb(LESSONS[key])["cells"] if c["cell_type"] == "markdown")
    found = re.search(rf"^## {re.escape(heading)}\n(.*?)(?=^## |\Z)", md, flags=re.M | re.S)
    assert found, f"{key} has no section {heading!r}"
    return found.group(1)


# 1. The example asks were written for this course.


@pytest.mark.parametrize("key", LESSONS)
def test_the_examples_are_never_called_real(key: str) -> None:
    found = [m.group(0) for m in re.finditer(r"[^.]*\breal(istic)?\b[^.]*", text(key), re.I)]
    assert not found, found
    assert "written for this course" in text(key)


def test_course_summary_and_readme_say_written_for_this_course() -> None:
    with (ROOT / "data" / "course.csv").open(encoding="utf-8") as f:
        rows = {r["notebook"]: r for r in csv.DictReader(f)}
    row = " ".join(rows["06_pitch_workshop"].values())
    assert "real pitches" not in row and "written for this course" in row
    line = next(
        ln
        for ln in (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
        if ln.startswith("| 06 |")
    )
    assert "real pitches" not in line and "written for this course" in line


# 2. "What our examples show" describes our examples, not the world.


@pytest.mark.parametrize("key", ["02", "03", "04"])
def test_what_our_examples_show_claims_nothing_about_the_world(key: str) -> None:
    assert "What the data says" not in all_text()
    part = section(key, "What our examples show")
    assert "written for this course" in part
    assert re.search(r"not (tell you|proof|evidence)", part), part[:300]
    assert "worse?" not in part


# 3. Sources say what they say.


def test_granovetter_is_not_read_as_how_likely_someone_is_to_help() -> None:
    t = text("01")
    assert not re.search(r"most likely to help|best bet|actually helps", t, flags=re.I)
    cited = [p for p in prose("01") if "Granovetter, 1973" in p and "16.7" in p]
    assert cited and "saw" in cited[0]


def test_smith_is_one_author_and_the_loyalty_view_is_the_series() -> None:
    smith = [p for p in prose("03") if "Smith, 2005" in p]
    assert smith and not any(re.search(r"researchers", p, flags=re.I) for p in smith)
    assert any("sociologist" in p.lower() for p in smith)
    loyalty = [p for p in prose("03") if re.search(r"loyal", p, flags=re.I)]
    assert loyalty and all("series" in p for p in loyalty), loyalty
    assert any(re.search(r"the series (argues|says)", p) for p in loyalty)


# 4. Tone and the people in the stories.


def test_no_line_blames_the_learner() -> None:
    t = all_text()
    for bad in ("Deep down", "do the hard part", "hope someone else", "wish you had never"):
        assert bad.lower() not in t.lower(), bad


def test_layoffs_are_fine_to_mention_and_norms_differ_once() -> None:
    t = all_text()
    assert re.search(r"fine to (say|mention)[^.]*(laid off|layoff)", t), "layoff"
    assert len(re.findall(r"differ by culture", t)) == 1


@pytest.mark.parametrize(
    "who, pattern",
    [
        ("a new graduate", r"just (graduated|finished (a|my|her|his) \w+)"),
        ("a returning parent", r"home with (her|his|their|my) (kids|children)"),
        ("foreign credentials", r"trained (as a \w+ )?in (the )?[A-Z]"),
        ("an hourly or trade job", r"\b(shift|welding|welder|electrician|crew|warehouse)\b"),
    ],
)
def test_the_stories_include(who: str, pattern: str) -> None:
    assert re.search(pattern, all_text()), who


# 5. Lesson 03 tells its own story, in its own order.


def test_03_does_not_follow_part_2_beat_by_beat() -> None:
    t = text("03")
    for beat in ("knot", "stomach", "point by point", "leads and contacts"):
        assert beat not in t.lower(), beat
    # The series goes: the scene at a gathering, then loyalty, then the resume sent to HR.
    # Ours names the loyalty view and HR before the scene.
    scene = t.find("sidelines")
    assert 0 < t.find("loyal") < scene and 0 < t.find("HR") < scene
    assert "based on the rules of the networking 102 series at whitehouse.coach" in t.lower()


# 6. No chart is shown twice.


def _chart_calls(name: str) -> list[tuple[str, str]]:
    """(grouping, counts or shares) of each bar chart a lesson draws."""
    calls = []
    for cell in _nb(name)["cells"]:
        if cell["cell_type"] != "code":
            continue
        for node in ast.walk(ast.parse(_src(cell))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            fn = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if fn not in ("rule_breaks_by", "rule_chart_view"):
                continue
            kw = {k.arg: ast.literal_eval(k.value) for k in node.keywords if k.arg}
            by = kw.get("by", "setting" if fn == "rule_chart_view" else "channel")
            calls.append((by, "share" if kw.get("share") else "count"))
    return calls


def test_no_chart_appears_twice_across_the_lessons() -> None:
    seen: dict[tuple[str, str], str] = {}
    for key, name in LESSONS.items():
        for call in _chart_calls(name):
            assert call not in seen, f"{key} repeats the chart of {seen[call]}: {call}"
            seen[call] = key
    assert len(seen) >= 4


@pytest.mark.parametrize("key", ["03", "04"])
def test_share_charts_have_alt_text_in_shares(key: str) -> None:
    cells = _nb(LESSONS[key])["cells"]
    for i, cell in enumerate(cells):
        if cell["cell_type"] == "code" and "share=True" in _src(cell):
            alt = _src(cells[i + 1])
            assert alt.startswith("**Alt text:**") and "%" in alt and "share" in alt
            break
    else:
        pytest.fail("no share chart")


# 7. Structure still holds.


@pytest.mark.parametrize("key", LESSONS)
def test_structure_checks_pass(key: str) -> None:
    problems, _ = check_notebook(Path(ROOT / "notebooks" / f"{LESSONS[key]}.ipynb"))
    assert not problems, [str(p) for p in problems]
