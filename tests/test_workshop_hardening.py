"""Issue 14: the pitch workshop done right (no browser; see test_browser_workshop.py too).

Filters open a pitch that breaks the chosen rule, a duplicate save writes nothing
and says so, pitches are named in words, results sit next to their buttons, live
feedback is not held back by a throttle, the journal chart's alt text describes
the chart on screen, and lesson 06 works in Voilà.
"""

from __future__ import annotations

import asyncio
import html
import json
import re
from pathlib import Path
from typing import Any

import ipywidgets as widgets
import pytest

from helpable.content.approaches import load_approaches
from helpable.content.rules import RULE_KEYS, rules
from helpable.instructor.collect import collect
from helpable.instructor.summary import summarise
from helpable.journal.store import Journal
from helpable.ui import widgets as hw
from helpable.ui.charts.journal import (
    example_journal_frame,
    journal_alt_text,
    journal_progress_chart,
)
from helpable.ui.state.workshop import WorkshopState, pitch_name
from helpable.ui.widgets.common import LIVE_INTERVAL

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "notebooks" / "06_pitch_workshop.ipynb"
ID = re.compile(r"\ba\d{3}\b")


class Quiet:
    """An analyzer double: every text breaks nothing and scores 90."""

    def __call__(self, text: str, *, setting: Any = None, relationship: Any = None) -> Any:
        from helpable.analyzer.feedback import Feedback

        return Feedback(
            text=text,
            broken=frozenset(),
            findings=(),
            strengths=(),
            score=90,
            word_count=len(text.split()),
        )


def _text(markup: str) -> str:
    return re.sub(r"<[^>]+>", "", markup)


# --- 2. filters --------------------------------------------------------------------------


def test_each_filter_opens_a_pitch_that_breaks_its_rule_and_lists_only_those(
    tmp_path: Path,
) -> None:
    ws = hw.pitch_workshop(tmp_path / "j.jsonl", analyzer=Quiet())
    frame = load_approaches().set_index("id")
    opened = {}
    for rule in ("all", *RULE_KEYS):
        ws.rule_filter.value = rule
        pid = ws.picker.value
        opened[rule] = pid
        assert pid is not None
        listed = [v for _, v in ws.picker.options]
        if rule == "all":
            assert all(int(frame.loc[i, list(RULE_KEYS)].sum()) >= 1 for i in listed)
        else:
            assert all(int(frame.loc[i, rule]) == 1 for i in listed), rule
            assert int(frame.loc[pid, rule]) == 1
            # The first pitch shows the chosen rule on its own, so each filter differs.
            assert int(frame.loc[pid, list(RULE_KEYS)].sum()) == 1, (rule, pid)
        assert ws.rewrite.value == frame.loc[pid, "text"]
    assert len(set(opened.values())) == len(opened), opened


# --- 3. duplicate saves ------------------------------------------------------------------


def test_a_duplicate_save_says_so_and_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "journal.jsonl"
    ws = hw.pitch_workshop(path, analyzer=Quiet())
    ws.rewrite.value = "What do you enjoy most about your work?"
    ws.save.click()
    assert "1 entry" in ws.status.value
    ws.save.click()
    assert "already" in _text(ws.status.value).lower()
    assert len(Journal(path).entries()) == 1
    ws.rewrite.value = "What do you enjoy most about your work?  "  # only spaces differ
    ws.save.click()
    assert len(Journal(path).entries()) == 1
    ws.rewrite.value = "What got you started in this work?"
    ws.save.click()
    assert "2 entries" in ws.status.value
    # A new workshop (a new session) reads the journal and knows the old saves too.
    again = hw.pitch_workshop(path, analyzer=Quiet())
    again.rewrite.value = "What got you started in this work?"
    again.save.click()
    assert "already" in _text(again.status.value).lower()
    assert len(Journal(path).entries()) == 2
    # The same words for another pitch are a new save.
    again.next_pitch.click()
    again.rewrite.value = "What got you started in this work?"
    again.save.click()
    assert len(Journal(path).entries()) == 3


def _entry(pitch: str, text: str, score: int, broken: list[str]) -> dict[str, Any]:
    return {
        "kind": "rewrite",
        "pitch_id": pitch,
        "original": "Could you refer me?",
        "rewrite": text,
        "broken": broken,
        "score": score,
        "original_broken": ["risk"],
        "original_score": 30,
        "findings": [],
    }


def test_the_class_report_counts_an_identical_rewrite_once(tmp_path: Path) -> None:
    path = tmp_path / "ana.jsonl"
    entries = [
        _entry("a001", "How did you start?", 90, []),
        _entry("a001", "How did you start?", 90, []),  # an old double click
        _entry("a001", "How did you start?", 90, []),
        _entry("a002", "What do you enjoy?", 90, []),
    ]
    path.write_text("".join(json.dumps(e) + "\n" for e in entries), encoding="utf-8")
    summary = summarise(collect([path]))
    assert summary.rewrites == 2
    assert summary.pitches == 2


def test_two_different_rewrites_with_the_same_verdict_both_count(tmp_path: Path) -> None:
    path = tmp_path / "ana.jsonl"
    entries = [
        _entry("a001", "How did you start?", 90, []),
        _entry("a001", "What do you enjoy most?", 90, []),  # new words, same score
    ]
    path.write_text("".join(json.dumps(e) + "\n" for e in entries), encoding="utf-8")
    assert summarise(collect([path])).rewrites == 2


# --- 4. names, not ids -------------------------------------------------------------------


def test_pitches_are_named_by_their_words_and_setting() -> None:
    row = load_approaches().set_index("id").loc["a001"]
    name = pitch_name(row["text"], row["setting"])
    assert not ID.search(name)
    assert name.startswith("any chance u could")
    assert "one to one" in name
    start = name.split("…")[0]
    assert str(row["text"]).startswith(start)  # cut on a word boundary
    assert str(row["text"])[len(start)] == " "


def test_the_picker_shows_names_and_never_ids(tmp_path: Path) -> None:
    state = WorkshopState(tmp_path / "j.jsonl", analyzer=Quiet())
    labels = [label for label, _ in state.options()]
    assert labels and not any(ID.search(label) for label in labels)
    assert all(len(label) <= 80 for label in labels)


def test_the_journal_chart_names_pitches_and_rules_in_words(tmp_path: Path) -> None:
    j = Journal(tmp_path / "j.jsonl")
    j.append(_entry("a001", "How did you start?", 60, ["risk", "effort"]))
    fig = journal_progress_chart(j.to_frame())
    texts = [t.get_text() for ax in fig.axes for t in [*ax.texts, *ax.get_yticklabels()]]
    assert not any(ID.search(t) for t in texts), texts
    names = [r.name for r in rules().values()]
    assert any(names[0] in t and names[1] in t for t in texts), texts
    assert not any("effort" in t or "risk" in t for t in texts), texts


# --- 5. alt text -------------------------------------------------------------------------


def test_alt_text_describes_your_own_journal_or_says_it_is_the_example(tmp_path: Path) -> None:
    j = Journal(tmp_path / "j.jsonl")
    j.append(_entry("a001", "How did you start?", 90, []))
    own = journal_alt_text(j.to_frame())
    assert "your" in own.lower() and "example" not in own.lower()
    assert "1 saved rewrite" in own
    example = journal_alt_text(example_journal_frame())
    assert "example" in example.lower() and "made up" in example.lower()


def test_the_chart_is_shown_with_the_alt_text_of_the_same_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from helpable.ui.charts import journal as journal_charts

    shown: list[str | None] = []
    monkeypatch.setattr(journal_charts, "show", lambda fig, alt=None: shown.append(alt))
    j = Journal(tmp_path / "j.jsonl")
    j.append(_entry("a001", "How did you start?", 90, []))
    journal_charts.show_journal_chart(j.to_frame())
    journal_charts.show_journal_chart(example_journal_frame())
    assert shown == [journal_alt_text(j.to_frame()), journal_alt_text(example_journal_frame())]
    assert "example" not in str(shown[0]).lower() and "made up" in str(shown[1])
    caption = journal_charts.journal_alt_html(j.to_frame())
    assert "Alt text:" in caption and html.escape(journal_alt_text(j.to_frame())) in caption


def _cells() -> list[dict[str, Any]]:
    return json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]


def _source(cell: dict[str, Any]) -> str:
    src = cell["source"]
    return "".join(src) if isinstance(src, list) else str(src)


def test_lesson_06_alt_text_is_worked_out_from_the_chart_on_screen() -> None:
    cells = _cells()
    chart = next(i for i, c in enumerate(cells) if "show_journal_chart(" in _source(c))
    assert "journal_progress_chart(" not in _source(cells[chart])  # no chart without its alt
    beside = [_source(cells[j]) for j in (chart - 1, chart + 1)]
    alt = next(s for s in beside if "**Alt text:**" in s)
    # No fixed description of the example journal: the words come from the chart's data.
    for stale in ("made-up example journal", "Three of the six", "31 to 80"):
        assert stale not in alt


# --- 1. results next to their buttons; buttons never clipped -----------------------------


def _box_of(root: widgets.Widget, target: widgets.Widget) -> widgets.Box | None:
    for child in getattr(root, "children", ()):
        if child is target:
            return root  # type: ignore[return-value]
        found = _box_of(child, target)
        if found is not None:
            return found
    return None


def test_each_result_sits_in_the_row_of_the_button_that_made_it(tmp_path: Path) -> None:
    ws = hw.pitch_workshop(tmp_path / "j.jsonl", analyzer=Quiet())
    for button, result in ((ws.save, ws.status), (ws.model_button, ws.model)):
        box = _box_of(ws, button)
        assert box is not None and result in box.children, button.description
        assert box.layout.flex_flow == "row wrap"  # wraps on a phone, never clips
    check_box = _box_of(ws, ws.check)
    assert check_box is not None
    kids = list(ws.children)
    assert kids.index(ws.feedback) == kids.index(check_box) + 1  # feedback just below Check
    for b in (ws.check, ws.save, ws.model_button, ws.next_pitch):
        assert b.layout.flex == "0 0 auto" and b.layout.width == "auto"
        assert b.layout.max_width == "100%"
    assert _box_of(ws, ws.picker).layout.flex_flow == "row wrap"  # type: ignore[union-attr]


# --- 6. live feedback without a throttle -------------------------------------------------


def test_live_feedback_is_not_held_back_and_a_burst_runs_once_with_the_last_text() -> None:
    assert LIVE_INTERVAL <= 0.05
    ran: list[str] = []

    async def typing() -> None:
        live = hw.LiveUpdater(ran.append)
        live.submit("a")
        await asyncio.sleep(0)  # one turn of the loop, no timer
        await asyncio.sleep(0)
        assert ran == ["a"]
        for i in range(30):  # a burst of keystrokes that arrive together
            live.submit("a" + "b" * (i + 1))
        await asyncio.sleep(0)
        await asyncio.sleep(0)

    asyncio.run(asyncio.wait_for(typing(), timeout=10))
    assert ran == ["a", "a" + "b" * 30]


# --- 7. lesson 06 in Voilà ---------------------------------------------------------------

LAB_WORDS = re.compile(r"shift\s*\+\s*enter|run (the|this|each) (next )?cell|run all", re.I)


def test_lab_only_words_are_only_in_lab_only_cells() -> None:
    for cell in _cells():
        tags = cell.get("metadata", {}).get("tags", [])
        if cell["cell_type"] == "markdown" and "lab-only" not in tags:
            assert not LAB_WORDS.search(_source(cell)), _source(cell)
        if cell["cell_type"] == "code":
            assert not LAB_WORDS.search(_source(cell)), _source(cell)


def test_the_workshop_comes_soon_after_a_short_brief() -> None:
    cells = _cells()
    at = next(i for i, c in enumerate(cells) if "pitch_workshop()" in _source(c))
    before = [
        c
        for c in cells[:at]
        if c["cell_type"] == "markdown" and "lab-only" not in c["metadata"].get("tags", [])
    ]
    words = sum(len(re.sub(r"<!--.*?-->|\(.*?\)", "", _source(c)).split()) for c in before)
    assert words <= 170, words
    assert any("Your brief" in _source(c) or "What to do" in _source(c) for c in before)


def test_lesson_06_tables_show_words_not_code_names() -> None:
    code = "\n".join(_source(c) for c in _cells() if c["cell_type"] == "code")
    assert "pitch_table(" in code or "rewrite_table(" in code


@pytest.mark.parametrize(
    "setting", ["social_gathering", "professional_event", "workplace", "private"]
)
def test_every_setting_has_short_words(setting: str) -> None:
    name = pitch_name("Could you refer me to your manager at the bakery next week please?", setting)
    assert "_" not in name and setting not in name
    assert len(name) <= 80


def test_the_current_pitch_follows_every_select_and_filter() -> None:
    """The row is remembered between keystrokes; it must still follow the learner."""
    from helpable.ui.state.workshop import WorkshopState

    state = WorkshopState()
    first = state.row
    assert first is not None and str(first["id"]) == state.pitch_id
    assert state.row is first  # the same pitch, the same list: looked up once
    other = state.ids()[1]
    state.select(other)
    assert state.row is not None and str(state.row["id"]) == other
    state.filter("risk")
    row = state.row
    assert row is not None and str(row["id"]) == state.ids()[0]
    assert int(row["risk"]) == 1
    state.select("no-such-pitch")
    assert state.row is None
