"""Widget unit tests, no browser: set .value, .click() buttons, read the HTML widgets."""

from __future__ import annotations

import asyncio
import html
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import ipywidgets as widgets
import pandas as pd
import pytest

from helpable.analyzer.feedback import Feedback, Finding, Strength
from helpable.journal.store import Journal, JournalError
from helpable.ui import widgets as hw
from helpable.ui.state import pitch as pitch_state
from helpable.ui.state.workshop import pitches_fixed, progress_text

XSS = ["<img src=x onerror=alert(1)>", "<script>alert(1)</script>"]

# --- fakes -------------------------------------------------------------------------------

PATTERNS = {
    "effort": ["review my resume", "an afternoon"],
    "risk": ["refer me", "who's hiring"],
    "commitment": ["let me know", "send me"],
}


class FakeAnalyzer:
    """Finds a few fixed phrases; counts its calls."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, Any, Any]] = []

    def __call__(self, text: str, *, setting: Any = None, relationship: Any = None) -> Feedback:
        self.calls.append((text, setting, relationship))
        low = text.lower()
        found = []
        for rule, phrases in PATTERNS.items():
            for p in phrases:
                i = low.find(p)
                if i >= 0:
                    found.append(
                        Finding(rule, i, i + len(p), text[i : i + len(p)], f"{rule} why", "do X")
                    )
        found.sort(key=lambda f: f.start)
        broken = frozenset(f.rule for f in found)
        words = len(text.split())
        strengths = (Strength("brevity", "Short and easy to read"),) if words < 40 else ()
        return Feedback(
            text=text,
            broken=broken,
            findings=tuple(found),
            strengths=strengths,
            score=max(0, 95 - 30 * len(broken)),
            word_count=words,
        )


class FakeJournal:
    """The Journal's methods, in memory."""

    def __init__(self, fail: bool = False) -> None:
        self.rows: list[dict] = []
        self.fail = fail
        self.problems: list[str] = []
        self.path = Path("fake.jsonl")

    def append(self, entry: dict) -> int:
        if self.fail:
            raise JournalError("The disk is full, so your entry was not saved.")
        self.rows.append(dict(entry))
        return len(self.rows)

    def entries(self) -> list[dict]:
        return [dict(r) for r in self.rows]

    def status(self) -> str:
        return f"{len(self.rows)} entries"


def approaches(extra: list[dict] | None = None) -> pd.DataFrame:
    rows = [
        dict(
            id="a1",
            channel="event",
            setting="social_gathering",
            relationship="stranger",
            text="Hi! Who's hiring at your firm? Could you refer me?",
            effort=0,
            risk=1,
            commitment=0,
            better_version="Could I call you next week to hear how you got started?",
        ),
        dict(
            id="a2",
            channel="email",
            setting="private",
            relationship="acquaintance",
            text="Could you review my resume and let me know what you think?",
            effort=1,
            risk=0,
            commitment=1,
            better_version="What is the one thing you'd change on a resume like mine?",
        ),
        dict(
            id="a3",
            channel="coffee",
            setting="private",
            relationship="close_friend",
            text="What do you like most about your job?",
            effort=0,
            risk=0,
            commitment=0,
            better_version="What do you like most about your job?",
        ),
    ]
    for row in extra or []:
        rows.append(row)
    frame = pd.DataFrame(rows)
    for col in ("field", "split", "hard_case"):
        frame[col] = ""
    return frame


@pytest.fixture
def fake() -> FakeAnalyzer:
    return FakeAnalyzer()


@pytest.fixture
def ws(fake: FakeAnalyzer) -> hw.PitchWorkshop:
    return hw.pitch_workshop(FakeJournal(), approaches=approaches(), analyzer=fake)


# --- helpers -----------------------------------------------------------------------------


def walk(w: widgets.Widget) -> Iterator[widgets.Widget]:
    yield w
    for child in getattr(w, "children", ()):
        yield from walk(child)


OUTPUTS = (widgets.HTML, widgets.HTMLMath, widgets.Label)


def unlabelled(root: widgets.Widget) -> list[str]:
    """Every widget needs a visible description, or a Label/HTML just before it."""
    problems = []

    def visit(w: widgets.Widget, before: widgets.Widget | None) -> None:
        if isinstance(w, widgets.Box):
            kids = list(w.children)
            for i, kid in enumerate(kids):
                visit(kid, kids[i - 1] if i else None)
            return
        name = type(w).__name__
        desc = (getattr(w, "description", "") or "").strip()
        if isinstance(w, OUTPUTS):
            if not desc and not str(w.value).strip():
                problems.append(f"{name} shows nothing and has no description")
            return
        if isinstance(w, widgets.Button):
            if not desc or not (w.tooltip or "").strip():
                problems.append(f"Button {desc!r} needs a description and a tooltip")
            return
        label_before = isinstance(before, OUTPUTS) and str(before.value).strip()
        if not desc and not label_before:
            problems.append(f"{name} has no description and no Label before it")

    visit(root, None)
    return problems


def html_values(root: widgets.Widget) -> list[str]:
    return [w.value for w in walk(root) if isinstance(w, widgets.HTML | widgets.HTMLMath)]


def text_of(markup: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", markup))


def assert_no_raw_markup(root: widgets.Widget) -> None:
    for value in html_values(root):
        low = value.lower()
        assert "<script" not in low and "<img" not in low, value


# --- widget_check ------------------------------------------------------------------------


def test_widget_check_updates_its_label_on_click():
    w = hw.widget_check()
    assert w.button.description == "Click me to test widgets"
    assert "Widgets work" not in w.label.value
    w.button.click()
    assert w.label.value == "✓ Widgets work. You are ready."
    assert unlabelled(w) == []


# --- rewrite_box -------------------------------------------------------------------------


def test_rewrite_box_gives_live_feedback_as_text_changes(fake):
    box = hw.rewrite_box(analyzer=fake)
    assert isinstance(box.text, widgets.Textarea) and box.text.continuous_update
    before = box.feedback.value
    box.text.value = "Could you refer me to your boss?"
    first = box.feedback.value
    assert first != before
    assert "[Risk]" in first and "Rule 2 · Risk" in first and "65 / 100" in text_of(first)
    box.text.value = "What got you into nursing?"
    second = box.feedback.value
    assert "No rules broken" in second and "95 / 100" in text_of(second)
    assert "Short and easy to read" in second


def test_rewrite_box_only_reanalyses_when_the_text_changed(fake):
    box = hw.rewrite_box(analyzer=fake)
    box.text.value = "Hello there"
    box.text.value = "Hello there"  # no change: traitlets sends nothing
    box.live.submit("Hello there")  # an echo from the browser
    assert len(fake.calls) == 1
    box.check.click()  # the button always runs
    assert len(fake.calls) == 2


def test_rewrite_box_prefills_and_passes_context(fake):
    box = hw.rewrite_box(
        "Let me know if you hear of anything.", setting="workplace", relationship="acquaintance"
    )
    assert box.text.value.startswith("Let me know")
    assert fake.calls == []  # the module analyzer was used, not this fake
    box2 = hw.rewrite_box(
        "send me a list", setting="private", relationship="stranger", analyzer=fake
    )
    assert fake.calls[-1] == ("send me a list", "private", "stranger")
    assert "[Commitment]" in box2.feedback.value
    assert "To a stranger" in text_of(box2.context.value)


def test_module_level_analyzer_can_be_swapped(monkeypatch, fake):
    monkeypatch.setattr(pitch_state.ANALYZER, "override", fake)
    box = hw.rewrite_box()
    box.text.value = "refer me please"
    assert fake.calls and "[Risk]" in box.feedback.value


@pytest.mark.parametrize("text", ["", "   "])
def test_empty_text_asks_for_a_pitch_first(fake, text):
    box = hw.rewrite_box("x y z", analyzer=fake)
    box.text.value = text
    box.check.click()
    assert "Write your pitch first" in box.feedback.value
    assert all(call[0] == "x y z" for call in fake.calls)


def test_a_very_long_pitch_gets_a_friendly_message(fake):
    box = hw.rewrite_box(analyzer=fake)
    box.text.value = "please refer me " * 400
    assert "characters" in box.feedback.value and "under 5,000" in box.feedback.value
    assert fake.calls == []


@pytest.mark.parametrize("bad", XSS)
def test_rewrite_box_escapes_markup_in_the_pitch(fake, bad):
    box = hw.rewrite_box(analyzer=fake)
    box.text.value = f"{bad} could you refer me? {bad}"
    value = box.feedback.value
    assert html.escape(bad) in value
    assert_no_raw_markup(box)


def test_emoji_and_rtl_text_are_fine(fake):
    box = hw.rewrite_box(analyzer=fake)
    box.text.value = "שלום 👋 could you refer me?"
    assert "שלום 👋" in box.feedback.value and "[Risk]" in box.feedback.value


def test_an_analyzer_error_shows_in_the_widget():
    def broken(text: str, **_: Any) -> Feedback:
        raise RuntimeError("boom")

    box = hw.rewrite_box(analyzer=broken)
    box.text.value = "hello"
    assert "snag (boom)" in box.feedback.value


def test_rewrite_box_is_labelled(fake):
    assert unlabelled(hw.rewrite_box(analyzer=fake)) == []


# --- throttling --------------------------------------------------------------------------


def test_live_updates_are_throttled_in_a_kernel_and_the_last_edit_always_runs():
    ran: list[str] = []

    async def typing() -> None:
        live = hw.LiveUpdater(ran.append, interval=0.05)
        for i in range(30):
            live.submit("x" * (i + 1))
            await asyncio.sleep(0.002)
        await asyncio.sleep(0.15)

    asyncio.run(typing())
    assert 1 < len(ran) < 30
    assert ran[-1] == "x" * 30
    assert len(ran) == len(set(ran))


def test_without_an_event_loop_every_new_text_runs_at_once():
    ran: list[str] = []
    live = hw.LiveUpdater(ran.append, interval=10)
    for t in ["a", "ab", "ab", "abc"]:
        live.submit(t)
    assert ran == ["a", "ab", "abc"]


# --- pitch_workshop ----------------------------------------------------------------------


def test_workshop_offers_only_bad_pitches_and_prefills_the_original(ws):
    assert [v for _, v in ws.picker.options] == ["a1", "a2"]
    assert ws.picker.value == "a1"
    assert ws.rewrite.value == approaches().loc[0, "text"]
    seen = text_of(ws.context.value)
    assert (
        "To a stranger" in seen and "social gathering" in seen and "in person at an event" in seen
    )
    assert "[Risk]" in ws.feedback.value  # feedback on the original, straight away


def test_workshop_filter_by_rule(ws):
    labels = [label for label, _ in ws.rule_filter.options]
    assert labels == ["All rules", "Rule 1 · Effort", "Rule 2 · Risk", "Rule 3 · Commitment"]
    ws.rule_filter.value = "effort"
    assert [v for _, v in ws.picker.options] == ["a2"]
    assert ws.rewrite.value.startswith("Could you review my resume")
    ws.rule_filter.value = "risk"
    assert [v for _, v in ws.picker.options] == ["a1"]
    ws.rule_filter.value = "all"
    assert len(ws.picker.options) == 2


def test_workshop_filter_with_no_matches_says_so(fake):
    frame = approaches()
    frame = frame[frame["id"] != "a2"]
    ws = hw.pitch_workshop(FakeJournal(), approaches=frame, analyzer=fake)
    ws.rule_filter.value = "commitment"
    assert ws.picker.options == ()
    assert "No pitches match" in ws.context.value
    ws.save.click()
    assert "Pick a pitch first" in ws.status.value
    assert unlabelled(ws) == []


def test_workshop_next_pitch_cycles_and_keeps_drafts(ws):
    ws.rewrite.value = "My own draft for a1."
    ws.next_pitch.click()
    assert ws.picker.value == "a2"
    assert ws.rewrite.value.startswith("Could you review my resume")
    ws.next_pitch.click()
    assert ws.picker.value == "a1"
    assert ws.rewrite.value == "My own draft for a1."


def test_workshop_live_feedback_changes_and_compares(ws):
    before = ws.feedback.value
    ws.rewrite.value = "I enjoyed your talk. Could I call you next week for 15 minutes?"
    after = ws.feedback.value
    assert after != before
    seen = text_of(after)
    assert "No rules broken" in seen and "95 / 100" in seen
    assert "The original broke 1 rule and scored 65" in seen and "progress" in seen


def test_workshop_highlights_phrases_in_the_rewrite(ws):
    ws.rewrite.value = "Nice to meet you. Send me your slides and refer me, please."
    value = ws.feedback.value
    assert re.search(r"<mark[^>]*>Send me</mark><span[^>]*>\[Commitment\]", value)
    assert re.search(r"<mark[^>]*>refer me</mark><span[^>]*>\[Risk\]", value)


def test_workshop_model_rewrite_toggles(ws):
    ws.model_button.click()
    assert "Could I call you next week" in ws.model.value
    assert "one good answer among many" in ws.model.value
    assert ws.model_button.description == "Hide the model rewrite"
    ws.model_button.click()
    assert "Could I call you next week" not in ws.model.value
    ws.model_button.click()
    ws.next_pitch.click()  # a new pitch hides the old model answer
    assert "resume like mine" not in ws.model.value
    assert ws.model_button.description == "Show a model rewrite"


def test_workshop_save_writes_an_entry_and_confirms_the_count(fake):
    journal = FakeJournal()
    ws = hw.pitch_workshop(journal, approaches=approaches(), analyzer=fake)
    assert "0 pitches rewritten to zero broken rules" in ws.progress.value
    ws.rewrite.value = "Could you refer me?"
    ws.save.click()
    assert "1 entry" in ws.status.value
    entry = journal.rows[-1]
    assert entry["kind"] == "rewrite" and entry["pitch_id"] == "a1"
    assert entry["original"] == approaches().loc[0, "text"]
    assert entry["rewrite"] == "Could you refer me?"
    assert entry["broken"] == ["risk"] and entry["score"] == 65
    assert entry["original_broken"] == ["risk"] and entry["original_score"] == 65
    assert entry["findings"][0]["phrase"] == "refer me"
    assert "0 pitches" in ws.progress.value

    ws.rewrite.value = "How did you get started in design?"
    ws.save.click()
    assert "2 entries" in ws.status.value
    assert journal.rows[-1]["broken"] == []
    assert "1 pitch rewritten to zero broken rules" in ws.progress.value

    ws.save.click()  # the same rewrite again is not saved twice, and says so
    assert "already saved" in ws.status.value and len(journal.rows) == 2
    ws.rewrite.value = "How did you get started in design work?"
    ws.save.click()  # the same pitch again does not count twice
    assert "3 entries" in ws.status.value and "1 pitch rewritten" in ws.progress.value
    ws.next_pitch.click()
    ws.rewrite.value = "What do you look for first on a resume?"
    ws.save.click()
    assert "2 pitches rewritten to zero broken rules" in ws.progress.value


def test_workshop_empty_rewrite_is_not_saved(ws):
    ws.rewrite.value = "  "
    ws.save.click()
    assert "Write your pitch first" in ws.status.value
    assert ws.journal().rows == []


def test_a_journal_error_shows_as_a_friendly_message(fake):
    ws = hw.pitch_workshop(FakeJournal(fail=True), approaches=approaches(), analyzer=fake)
    ws.rewrite.value = "What got you started?"
    ws.save.click()
    value = ws.status.value
    assert "Could not save to your journal" in value and "disk is full" in value
    assert "nothing is lost" in value
    assert ws.rewrite.value == "What got you started?"


def test_workshop_with_a_real_journal_file(tmp_path, fake):
    path = tmp_path / "journal.jsonl"
    ws = hw.pitch_workshop(Journal(path), approaches=approaches(), analyzer=fake)
    ws.rewrite.value = "What got you started?"
    ws.save.click()
    ws.rewrite.value = "What got you started in this work?"
    ws.save.click()
    assert "2 entries" in ws.status.value
    entries = Journal(path).entries()
    assert [e["pitch_id"] for e in entries] == ["a1", "a1"]
    assert entries[0]["broken"] == [] and "timestamp" in entries[0]
    assert "1 pitch rewritten" in ws.progress.value
    # a new workshop reads progress from the file
    again = hw.pitch_workshop(Journal(path), approaches=approaches(), analyzer=fake)
    assert "1 pitch rewritten" in again.progress.value


def test_workshop_uses_the_default_journal(journal_path, fake):
    ws = hw.pitch_workshop(approaches=approaches(), analyzer=fake)
    ws.save.click()
    assert "1 entry" in ws.status.value
    assert journal_path.exists()


@pytest.mark.parametrize("bad", XSS)
def test_workshop_escapes_markup_everywhere(fake, bad):
    evil = dict(
        id=f"x{bad}",
        channel="email",
        setting="private",
        relationship="stranger",
        text=f"{bad} refer me {bad}",
        effort=0,
        risk=1,
        commitment=0,
        better_version=f"{bad} better",
    )
    journal = FakeJournal()
    ws = hw.pitch_workshop(journal, approaches=approaches([evil]), analyzer=fake)
    ws.picker.value = f"x{bad}"
    assert html.escape(bad) in ws.context.value
    ws.rewrite.value = f"{bad} could you refer me"
    assert html.escape(bad) in ws.feedback.value
    ws.model_button.click()
    assert html.escape(bad) in ws.model.value
    ws.save.click()
    assert journal.rows[-1]["rewrite"] == f"{bad} could you refer me"  # stored as typed
    assert_no_raw_markup(ws)


def test_workshop_with_the_course_data(fake):
    ws = hw.pitch_workshop(FakeJournal(), analyzer=fake)
    assert len(ws.picker.options) >= 5
    assert "could not be loaded" not in ws.context.value
    for _ in range(3):
        ws.next_pitch.click()
        row = ws.row
        assert row is not None and row["rules_broken"] >= 1
        assert ws.rewrite.value == row["text"]


def test_workshop_is_labelled(ws):
    assert unlabelled(ws) == []
    ws.model_button.click()
    ws.rewrite.value = "refer me"
    ws.save.click()
    assert unlabelled(ws) == []


def test_pitches_fixed_counts_distinct_pitches_with_no_broken_rule():
    entries = [
        {"kind": "rewrite", "pitch_id": "a", "broken": []},
        {"kind": "rewrite", "pitch_id": "a", "broken": []},
        {"kind": "rewrite", "pitch_id": "b", "broken": ["risk"]},
        {"kind": "reflection", "pitch_id": "c", "broken": []},
        {"kind": "rewrite", "pitch_id": "d"},
        "junk",
        {"kind": "rewrite", "pitch_id": "e", "broken": []},
    ]
    assert pitches_fixed(entries) == 2
    assert progress_text(1).startswith("1 pitch rewritten")


# --- spot_the_sin ------------------------------------------------------------------------


@pytest.fixture
def quiz() -> hw.SpotTheSin:
    return hw.spot_the_sin("03_rule2_risk")


def tick(q: hw.SpotTheSin, keys: set[str]) -> None:
    for key, box in q.boxes.items():
        box.value = key in keys
    if not keys:
        q.none_box.value = True


def test_quiz_shows_the_first_pitch_and_labelled_choices(quiz):
    first = quiz.items[0]
    assert html.escape(first.text) in quiz.pitch.value
    assert "1 of 6" in quiz.counter.value
    assert [b.description for b in quiz.boxes.values()] == [
        "Rule 1 · Effort",
        "Rule 2 · Risk",
        "Rule 3 · Commitment",
    ]
    assert quiz.none_box.description.startswith("None of these")
    assert quiz.score.value == "0 of 6 right"
    assert unlabelled(quiz) == []


def test_quiz_right_answer_scores_and_explains(quiz):
    item = quiz.items[0]
    tick(quiz, set(item.broken))
    quiz.check.click()
    seen = text_of(quiz.feedback.value)
    assert "Right on all three rules" in seen
    assert item.explanation in seen
    assert quiz.score.value == "1 of 6 right"


def test_quiz_wrong_answer_says_why_and_scores_nothing(quiz):
    item = quiz.items[0]
    tick(quiz, {"effort", "risk", "commitment"} - set(item.broken))
    quiz.check.click()
    seen = text_of(quiz.feedback.value)
    assert "0 of 3 rules right" in seen and "Look again at" in seen
    assert quiz.score.value == "0 of 6 right"
    tick(quiz, set(item.broken))  # a second try shows feedback but does not count
    quiz.check.click()
    assert "Only your first answer counts" in quiz.feedback.value
    assert quiz.score.value == "0 of 6 right"


def test_quiz_none_of_these_is_exclusive(quiz):
    quiz.boxes["risk"].value = True
    quiz.none_box.value = True
    assert not quiz.boxes["risk"].value
    quiz.boxes["effort"].value = True
    assert not quiz.none_box.value
    assert quiz.chosen() == {"effort"}


def test_quiz_asks_for_a_tick_before_checking(quiz):
    quiz.check.click()
    assert "Tick at least one rule" in quiz.feedback.value
    assert quiz.score.value == "0 of 6 right"


def test_quiz_next_runs_through_every_item_and_starts_again(quiz):
    for i, item in enumerate(quiz.items):
        assert html.escape(item.text) in quiz.pitch.value
        assert f"{i + 1} of 6" in quiz.counter.value
        tick(quiz, set(item.broken))
        quiz.check.click()
        assert quiz.score.value == f"{i + 1} of 6 right"
        quiz.next.click()
        if i < len(quiz.items) - 1:
            assert not any(b.value for b in [*quiz.boxes.values(), quiz.none_box])
    assert "6 of 6 right" in text_of(quiz.feedback.value)
    assert quiz.next.description == "Start again"
    quiz.next.click()
    assert "1 of 6" in quiz.counter.value and quiz.score.value == "0 of 6 right"


@pytest.mark.parametrize("notebook", ["01_networking_is_relationships", "04_rule3_commitment"])
def test_quiz_for_each_lesson_is_labelled_and_escaped(notebook):
    q = hw.spot_the_sin(notebook)
    assert len(q.items) == 6 and all(i.notebook == notebook for i in q.items)
    assert unlabelled(q) == []
    assert_no_raw_markup(q)


def test_quiz_for_an_unknown_notebook_is_a_friendly_error():
    with pytest.raises(ValueError, match="Try one of"):
        hw.spot_the_sin("42_nope")


# --- the label checker itself can fail ---------------------------------------------------


def test_label_checker_catches_unlabelled_widgets():
    bad = widgets.VBox([widgets.Textarea(), widgets.Button(description="Go"), widgets.HTML()])
    assert len(unlabelled(bad)) == 3
    good = widgets.VBox([widgets.Label("Your pitch"), widgets.Textarea()])
    assert unlabelled(good) == []
