"""The course's widgets: thin ipywidgets shells over pure functions.

* :func:`widget_check`: the start-here test that widgets work.
* :func:`spot_the_sin`: a quiz, one pitch at a time, with feedback that explains why.
* :func:`rewrite_box`: write a pitch, get live feedback from the analyzer.
* :func:`pitch_workshop`: rewrite bad pitches from the dataset, compare, save to the journal.

Each returns a widget container whose named parts are attributes (for example
``ws = pitch_workshop(); ws.rewrite.value = "…"; ws.save.click()``), so tests
can drive them without a browser. All HTML comes from :mod:`helpable.ui.html`,
which escapes every piece of learner and data text.

The analyzer is looked up when it is needed: a function passed as ``analyzer=``
wins, then the module-level :data:`ANALYZER`, then ``helpable.analyzer.engine.analyze``.
"""

from __future__ import annotations

import asyncio
import math
import time
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import ipywidgets as widgets
import pandas as pd

from helpable.ui import html as render
from helpable.analyzer.feedback import Feedback
from helpable.content.rules import RULE_KEYS, rules

Analyzer = Callable[..., Feedback]

ANALYZER: Analyzer | None = None
"""Set this to use another analyzer everywhere (tests use a fake one)."""

LIVE_INTERVAL = 0.25
"""Live feedback runs at most once per this many seconds while the learner types."""

MAX_CHARS = render.MAX_PITCH_CHARS

_LABEL_STYLE = {"description_width": "initial"}


# --------------------------------------------------------------------------- pure helpers


def get_analyzer(analyzer: Analyzer | None = None) -> Analyzer:
    """The analyzer to use: the argument, else :data:`ANALYZER`, else ``helpable.analyzer.engine``."""
    if analyzer is not None:
        return analyzer
    if ANALYZER is not None:
        return ANALYZER
    from helpable.analyzer.engine import analyze

    return analyze


def analyse_pitch(
    text: object,
    *,
    setting: str | None = None,
    relationship: str | None = None,
    analyzer: Analyzer | None = None,
) -> tuple[Feedback | None, str]:
    """Run the analyzer on a pitch. Returns (feedback, "") or (None, a friendly message)."""
    if not isinstance(text, str):
        return None, "Your pitch should be text."
    if not text.strip():
        return None, render.EMPTY_MESSAGE
    if len(text) > MAX_CHARS:
        return None, render.too_long_message(len(text))
    try:
        fn = get_analyzer(analyzer)
    except ImportError:
        return None, "The pitch checker is not installed yet. Ask your instructor to update."
    try:
        return fn(text, setting=setting, relationship=relationship), ""
    except Exception as exc:  # show it in the widget, where the learner looks
        return None, f"Sorry, the pitch checker hit a snag ({exc}). Your text is safe."


def pitch_feedback_html(
    text: object,
    *,
    setting: str | None = None,
    relationship: str | None = None,
    analyzer: Analyzer | None = None,
) -> str:
    """Feedback on a pitch as HTML, or a friendly note (empty, too long, checker missing)."""
    fb, problem = analyse_pitch(text, setting=setting, relationship=relationship, analyzer=analyzer)
    if fb is None:
        return render.note_html(problem, icon="✏️" if problem == render.EMPTY_MESSAGE else "⚠")
    return render.feedback_html(fb)


def rewrite_entry(
    pitch_id: str, original: str, rewrite: str, fb: Feedback, original_fb: Feedback | None
) -> dict[str, Any]:
    """The journal entry for one saved rewrite."""
    return {
        "kind": "rewrite",
        "pitch_id": pitch_id,
        "original": original,
        "rewrite": rewrite,
        "broken": sorted(fb.broken),
        "score": fb.score,
        "original_broken": sorted(original_fb.broken) if original_fb else None,
        "original_score": original_fb.score if original_fb else None,
        "findings": fb.to_dict()["findings"],
    }


def pitches_fixed(entries: Iterable[Mapping[str, Any]]) -> int:
    """How many distinct pitches the journal shows rewritten to zero broken rules."""
    fixed = set()
    for entry in entries:
        if not isinstance(entry, Mapping) or entry.get("kind") != "rewrite":
            continue
        broken = entry.get("broken")
        if isinstance(broken, list | tuple) and len(broken) == 0 and entry.get("pitch_id"):
            fixed.add(str(entry["pitch_id"]))
    return len(fixed)


def progress_text(fixed: int) -> str:
    """'3 pitches rewritten to zero broken rules', with a nudge."""
    noun = "pitch" if fixed == 1 else "pitches"
    tail = " Keep going!" if fixed else " Save a rewrite that breaks no rule to count one."
    return f"{fixed} {noun} rewritten to zero broken rules.{tail}"


def saved_text(count: int) -> str:
    """The confirmation after a save."""
    noun = "entry" if count == 1 else "entries"
    return f"Saved. Your journal now has {count} {noun}."


def bad_pitches(frame: pd.DataFrame, rule: str = "all") -> pd.DataFrame:
    """Approaches that break at least one rule, optionally only those breaking ``rule``."""
    frame = frame.copy()
    if "rules_broken" not in frame:
        frame["rules_broken"] = frame[list(RULE_KEYS)].astype(int).sum(axis=1)
    frame = frame[frame["rules_broken"] >= 1]
    if rule != "all":
        if rule not in RULE_KEYS:
            raise ValueError(f"rule must be 'all' or one of {RULE_KEYS}, not {rule!r}")
        frame = frame[frame[rule].astype(int) == 1]
    return frame.reset_index(drop=True)


def compare_html(original_fb: Feedback | None, fb: Feedback) -> str:
    """One line comparing the rewrite with the original."""
    if original_fb is None:
        return ""

    def rules_word(n: int) -> str:
        return "no rule" if n == 0 else ("1 rule" if n == 1 else f"{n} rules")

    before, after = len(original_fb.broken), len(fb.broken)
    text = (
        f"The original broke {rules_word(before)} and scored {original_fb.score}. "
        f"Your version breaks {rules_word(after)} and scores {fb.score}."
    )
    if after < before or fb.score > original_fb.score:
        text += " That is progress!"
    return f'<p style="margin:4px 0">{render.esc(text)}</p>'


def _running_loop() -> asyncio.AbstractEventLoop | None:
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


class LiveUpdater:
    """Throttle live feedback: re-run only when the text changed, at most once per interval.

    Inside a kernel (a running event loop) the last edit of a burst is always
    run, after the interval. Without a loop (tests, scripts) each new text runs
    at once, so nothing is ever dropped.
    """

    def __init__(
        self,
        run: Callable[[str], None],
        interval: float = LIVE_INTERVAL,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._run = run
        self.interval = interval
        self._clock = clock
        self._last_text: str | None = None
        self._last_time = -math.inf
        self._latest = ""
        self._pending: asyncio.TimerHandle | None = None
        self.runs = 0

    def submit(self, text: str) -> None:
        """Ask for feedback on ``text``; it may run now, later, or not at all if unchanged."""
        self._latest = text
        if self._pending is not None:
            return  # the pending run will pick up the latest text
        if text == self._last_text:
            return
        wait = self._last_time + self.interval - self._clock()
        loop = _running_loop()
        if wait <= 0 or loop is None:
            self._fire()
        else:
            self._pending = loop.call_later(wait, self._fire)

    def force(self, text: str) -> None:
        """Run now, even if the text has not changed (the Check button)."""
        self._latest = text
        self._last_text = None
        self._cancel()
        self._fire()

    def reset(self) -> None:
        """Forget the last text, so that the next submit runs."""
        self._cancel()
        self._last_text = None

    def _cancel(self) -> None:
        if self._pending is not None:
            self._pending.cancel()
            self._pending = None

    def _fire(self) -> None:
        self._pending = None
        text = self._latest
        if text == self._last_text:
            return
        self._last_text = text
        self._last_time = self._clock()
        self.runs += 1
        self._run(text)


def _button(description: str, tooltip: str, icon: str = "", style: str = "") -> widgets.Button:
    return widgets.Button(
        description=description,
        tooltip=tooltip,
        icon=icon,
        button_style=style,
        layout=widgets.Layout(width="auto"),
    )


def _rule_options() -> list[tuple[str, str]]:
    return [(r.label, k) for k, r in rules().items()]


# --------------------------------------------------------------------------- widget_check


class WidgetCheck(widgets.HBox):
    """A button that proves widgets work. Parts: ``button``, ``label``."""

    READY = "✓ Widgets work. You are ready."

    def __init__(self) -> None:
        self.button = _button(
            "Click me to test widgets", "Click to check that widgets work here", "check"
        )
        self.label = widgets.Label(value="Waiting for your click…")
        self.button.on_click(self._clicked)
        super().__init__([self.button, self.label])

    def _clicked(self, _: widgets.Button) -> None:
        self.label.value = self.READY


def widget_check() -> WidgetCheck:
    """The start-here check: click the button, and the label says you are ready."""
    return WidgetCheck()


# --------------------------------------------------------------------------- spot the sin


class SpotTheSin(widgets.VBox):
    """A 'spot the sin' quiz over one notebook's items.

    Parts: ``counter``, ``pitch``, ``prompt``, ``boxes`` (rule key → Checkbox),
    ``none_box``, ``check``, ``feedback``, ``next``, ``score``.
    """

    def __init__(self, items: list[Any]) -> None:
        if not items:
            raise ValueError("A quiz needs at least one item.")
        self.items = items
        self.index = 0
        self.first_try: dict[str, bool] = {}
        self._syncing = False

        self.counter = widgets.HTML(description="Question")
        self.pitch = widgets.HTML(description="Pitch")
        self.prompt = widgets.Label(value="Which rules does this pitch break? Tick all that apply.")
        self.boxes = {
            key: widgets.Checkbox(
                value=False, description=label, indent=False, layout=widgets.Layout(width="auto")
            )
            for label, key in _rule_options()
        }
        self.none_box = widgets.Checkbox(
            value=False,
            description="None of these: it's an easy yes",
            indent=False,
            layout=widgets.Layout(width="auto"),
        )
        self.check = _button("Check", "See which rules you spotted, and why", "check", "primary")
        self.next = _button("Next", "Go to the next pitch", "arrow-right")
        self.feedback = widgets.HTML(value="Tick your answer, then click Check.")
        self.score = widgets.HTML(description="Score")

        for box in self.boxes.values():
            box.observe(self._rule_ticked, "value")
        self.none_box.observe(self._none_ticked, "value")
        self.check.on_click(self._on_check)
        self.next.on_click(self._on_next)

        super().__init__(
            [
                self.counter,
                self.pitch,
                self.prompt,
                widgets.VBox([*self.boxes.values(), self.none_box]),
                widgets.HBox([self.check, self.next]),
                self.feedback,
                self.score,
            ]
        )
        self._show()

    @property
    def item(self) -> Any:
        return self.items[self.index]

    @property
    def right(self) -> int:
        return sum(self.first_try.values())

    def chosen(self) -> set[str]:
        """The ticked answer as grade() takes it ({'none'} for 'None of these')."""
        picked = {k for k, box in self.boxes.items() if box.value}
        return picked | ({"none"} if self.none_box.value else set())

    def _rule_ticked(self, change: dict) -> None:
        if change["new"] and not self._syncing:
            self._syncing = True
            self.none_box.value = False
            self._syncing = False

    def _none_ticked(self, change: dict) -> None:
        if change["new"] and not self._syncing:
            self._syncing = True
            for box in self.boxes.values():
                box.value = False
            self._syncing = False

    def _show(self) -> None:
        item = self.item
        self.counter.value = f"<b>{self.index + 1} of {len(self.items)}</b>"
        self.pitch.value = render.context_html(item.setting, item.relationship) + render.pitch_html(
            item.text
        )
        self._syncing = True
        for box in [*self.boxes.values(), self.none_box]:
            box.value = False
        self._syncing = False
        self.feedback.value = "Tick your answer, then click Check."
        self.next.description = "Next"
        self._show_score()

    def _show_score(self) -> None:
        self.score.value = render.esc(f"{self.right} of {len(self.items)} right")

    def _on_check(self, _: widgets.Button) -> None:
        from helpable.content.quiz import grade

        chosen = self.chosen()
        if not chosen:
            self.feedback.value = render.note_html(
                "Tick at least one rule, or 'None of these', then click Check."
            )
            return
        result = grade(self.item, chosen)
        html = render.quiz_result_html(result)
        if not result.problem and self.item.id not in self.first_try:
            self.first_try[self.item.id] = result.correct
        elif not result.problem:
            html += (
                '<p style="margin:4px 0"><i>Only your first answer counts toward the score.</i></p>'
            )
        self.feedback.value = html
        self._show_score()

    def _on_next(self, _: widgets.Button) -> None:
        if self.index < len(self.items) - 1:
            self.index += 1
            self._show()
        elif self.next.description == "Start again":
            self.index = 0
            self.first_try = {}
            self._show()
        else:
            self.feedback.value = render.note_html(
                f"That was the last one. You got {self.right} of {len(self.items)} right. "
                "Click Start again to go round once more.",
                icon="🎉",
            )
            self.next.description = "Start again"


def spot_the_sin(notebook: str) -> SpotTheSin:
    """The 'spot the sin' quiz for one lesson notebook, e.g. '03_rule2_risk'."""
    from helpable.content.quiz import load_quiz

    return SpotTheSin(load_quiz(notebook))


# --------------------------------------------------------------------------- rewrite box


class RewriteBox(widgets.VBox):
    """A labelled text box with live feedback. Parts: ``text``, ``check``, ``feedback``."""

    def __init__(
        self,
        text: str = "",
        *,
        setting: str | None = None,
        relationship: str | None = None,
        analyzer: Analyzer | None = None,
        interval: float = LIVE_INTERVAL,
    ) -> None:
        self.setting = setting
        self.relationship = relationship
        self.analyzer = analyzer
        self.context = widgets.HTML(
            value=render.context_html(setting, relationship) or "Write the pitch in your own words."
        )
        self.text = widgets.Textarea(
            value=text,
            description="Your pitch",
            placeholder="Write your pitch here…",
            continuous_update=True,
            layout=widgets.Layout(width="95%", height="110px"),
            style=_LABEL_STYLE,
        )
        self.check = _button("Check my pitch", "Get feedback on the pitch in the box", "check")
        self.feedback = widgets.HTML(value="Feedback shows here as you type.")
        self.live = LiveUpdater(self._update, interval)
        self.text.observe(lambda change: self.live.submit(change["new"]), "value")
        self.check.on_click(lambda _: self.live.force(self.text.value))
        super().__init__([self.context, self.text, self.check, self.feedback])
        if text:
            self.live.submit(text)

    def _update(self, text: str) -> None:
        self.feedback.value = pitch_feedback_html(
            text, setting=self.setting, relationship=self.relationship, analyzer=self.analyzer
        )


def rewrite_box(
    text: str = "",
    *,
    setting: str | None = None,
    relationship: str | None = None,
    analyzer: Analyzer | None = None,
) -> RewriteBox:
    """Write or rewrite a pitch and see, as you type, which rules it breaks."""
    return RewriteBox(text, setting=setting, relationship=relationship, analyzer=analyzer)


# --------------------------------------------------------------------------- pitch workshop


class PitchWorkshop(widgets.VBox):
    """Rewrite bad pitches until they are easy to say yes to.

    Parts: ``rule_filter``, ``picker``, ``next_pitch``, ``context``, ``rewrite``,
    ``check``, ``feedback``, ``model_button``, ``model``, ``save``, ``status``,
    ``progress``.
    """

    MODEL_HINT = "Stuck? Click 'Show a model rewrite' to compare with one good answer."
    SAVE_HINT = "When you like your rewrite, save it to your journal."

    def __init__(
        self,
        journal: Any = None,
        *,
        approaches: pd.DataFrame | None = None,
        analyzer: Analyzer | None = None,
        interval: float = LIVE_INTERVAL,
    ) -> None:
        self._journal = journal
        self.analyzer = analyzer
        self._loading = False
        self._drafts: dict[str, str] = {}
        self._row_cache: tuple[str | None, pd.Series | None] = (None, None)
        self._original_fb: dict[str, Feedback | None] = {}
        self._last: tuple[tuple[str, Any, Any], Feedback | None] = (("\0", None, None), None)
        load_problem = ""
        if approaches is None:
            try:
                from helpable.content.approaches import load_approaches

                approaches = load_approaches()
            except Exception as exc:  # a missing or broken CSV shows in the widget
                load_problem = f"The practice pitches could not be loaded: {exc}"
                approaches = pd.DataFrame(columns=["id", *RULE_KEYS])
        self.all_pitches = bad_pitches(approaches)
        self.pitches = self.all_pitches

        self.rule_filter = widgets.Dropdown(
            options=[("All rules", "all"), *_rule_options()],
            value="all",
            description="Show pitches that break",
            style=_LABEL_STYLE,
            layout=widgets.Layout(width="auto"),
        )
        self.picker = widgets.Dropdown(
            options=[], description="Pitch", style=_LABEL_STYLE, layout=widgets.Layout(width="95%")
        )
        self.next_pitch = _button("Next pitch", "Go to the next pitch in the list", "arrow-right")
        self.picker.layout = widgets.Layout(width="auto", flex="1 1 auto")
        self.next_pitch.layout.flex = "0 0 auto"  # never squeeze the button's words
        self.context = widgets.HTML(value="")
        self.rewrite = widgets.Textarea(
            description="Your rewrite",
            placeholder="Rewrite the pitch here so it is easy to say yes to…",
            continuous_update=True,
            layout=widgets.Layout(width="95%", height="120px"),
            style=_LABEL_STYLE,
        )
        self.check = _button("Check my pitch", "Get feedback on your rewrite now", "check")
        self.feedback = widgets.HTML(value="Feedback shows here as you type.")
        self.model_button = _button(
            "Show a model rewrite", "Show one good rewrite to compare with yours", "eye"
        )
        self.model = widgets.HTML(value=self.MODEL_HINT)
        self.model_shown = False
        self.save = _button(
            "Save to my journal", "Save the original, your rewrite and the feedback", "save"
        )
        self.status = widgets.HTML(value=self.SAVE_HINT)
        self.progress = widgets.HTML(description="Progress")

        self.live = LiveUpdater(self._update, interval)
        self.rewrite.observe(self._edited, "value")
        self.check.on_click(lambda _: self.live.force(self.rewrite.value))
        self.rule_filter.observe(lambda _: self._apply_filter(), "value")
        self.picker.observe(self._picked, "value")
        self.next_pitch.on_click(self._on_next)
        self.model_button.on_click(self._on_model)
        self.save.on_click(self._on_save)

        super().__init__(
            [
                widgets.HTML(value="<h3 style='margin:4px 0'>Pitch workshop</h3>"),
                self.rule_filter,
                widgets.HBox([self.picker, self.next_pitch]),
                self.context,
                self.rewrite,
                widgets.HBox([self.check, self.model_button, self.save]),
                self.feedback,
                self.model,
                self.status,
                self.progress,
            ]
        )
        self._apply_filter()
        if load_problem:
            self.context.value = render.note_html(load_problem, icon="⚠")
        self._refresh_progress()

    # ---- state

    @property
    def row(self) -> pd.Series | None:
        """The pitch being rewritten, or None when the list is empty."""
        pid = self.picker.value
        if pid is None:
            return None
        if self._row_cache[0] != pid:
            match = self.pitches[self.pitches["id"] == pid]
            self._row_cache = (pid, None if match.empty else match.iloc[0])
        return self._row_cache[1]

    def journal(self) -> Any:
        """The journal in use (created on first use when none was passed)."""
        if self._journal is None:
            from helpable.journal.store import Journal

            self._journal = Journal()
        return self._journal

    def _analyse(self, text: str) -> tuple[Feedback | None, str]:
        row = self.row
        setting = row.get("setting") if row is not None else None
        rel = row.get("relationship") if row is not None else None
        key = (text, setting, rel)
        if self._last[0] == key and self._last[1] is not None:
            return self._last[1], ""
        fb, problem = analyse_pitch(text, setting=setting, relationship=rel, analyzer=self.analyzer)
        if fb is not None:
            self._last = (key, fb)
        return fb, problem

    def _original(self) -> Feedback | None:
        row = self.row
        if row is None:
            return None
        pid = str(row["id"])
        if pid not in self._original_fb:
            self._original_fb[pid] = self._analyse(str(row["text"]))[0]
        return self._original_fb[pid]

    # ---- events

    def _apply_filter(self) -> None:
        self.pitches = bad_pitches(self.all_pitches, self.rule_filter.value)
        self._row_cache = (None, None)
        options = [(self._option_label(r), str(r["id"])) for _, r in self.pitches.iterrows()]
        self._loading = True
        self.picker.options = options
        self.picker.value = options[0][1] if options else None
        self._loading = False
        self._load_pitch()

    @staticmethod
    def _option_label(row: pd.Series) -> str:
        text = " ".join(str(row.get("text", "")).split())
        return f"{row['id']} · {text[:60]}{'…' if len(text) > 60 else ''}"

    def _picked(self, _: dict) -> None:
        if not self._loading:
            self._load_pitch()

    def _on_next(self, _: widgets.Button) -> None:
        ids = [value for _, value in self.picker.options]
        if not ids:
            return
        here = ids.index(self.picker.value) if self.picker.value in ids else -1
        self.picker.value = ids[(here + 1) % len(ids)]

    def _load_pitch(self) -> None:
        row = self.row
        self._hide_model()
        self.status.value = self.SAVE_HINT
        self.live.reset()
        if row is None:
            self.context.value = render.note_html(
                "No pitches match this filter. Pick another rule.", icon="🔎"
            )
            self.feedback.value = "Feedback shows here once you pick a pitch."
            self._loading = True
            self.rewrite.value = ""
            self._loading = False
            return
        channel = row.get("channel") if "channel" in row else None
        self.context.value = (
            render.context_html(row.get("setting"), row.get("relationship"), channel)
            + '<p style="margin:2px 0"><b>The original pitch:</b></p>'
            + render.pitch_html(str(row["text"]))
        )
        pid = str(row["id"])
        text = self._drafts.get(pid, str(row["text"]))
        self._loading = True
        self.rewrite.value = text
        self._loading = False
        self.live.submit(text)

    def _edited(self, change: dict) -> None:
        if self._loading:
            return
        row = self.row
        if row is not None:
            self._drafts[str(row["id"])] = change["new"]
        self.live.submit(change["new"])

    def _update(self, text: str) -> None:
        fb, problem = self._analyse(text)
        if fb is None:
            icon = "✏️" if problem == render.EMPTY_MESSAGE else "⚠"
            self.feedback.value = render.note_html(problem, icon=icon)
            return
        self.feedback.value = compare_html(self._original(), fb) + render.feedback_html(fb)

    def _on_model(self, _: widgets.Button) -> None:
        row = self.row
        if row is None:
            return
        if self.model_shown:
            self._hide_model()
            return
        self.model.value = (
            '<div style="margin:6px 0"><h4 style="margin:4px 0">One model rewrite</h4>'
            + render.pitch_html(str(row.get("better_version", "")))
            + "<p style='margin:4px 0'>This is one good answer among many. Yours can be "
            "different and still be an easy yes.</p></div>"
        )
        self.model_button.description = "Hide the model rewrite"
        self.model_shown = True

    def _hide_model(self) -> None:
        self.model.value = self.MODEL_HINT
        self.model_button.description = "Show a model rewrite"
        self.model_shown = False

    def _on_save(self, _: widgets.Button) -> None:
        row = self.row
        if row is None:
            self.status.value = render.note_html("Pick a pitch first.", icon="⚠")
            return
        text = self.rewrite.value
        fb, problem = self._analyse(text)
        if fb is None:
            self.status.value = render.note_html(problem, icon="⚠")
            return
        entry = rewrite_entry(str(row["id"]), str(row["text"]), text, fb, self._original())
        try:
            count = self.journal().append(entry)
        except Exception as exc:
            self.status.value = render.note_html(
                f"Could not save to your journal. {exc} Your rewrite is still here, "
                "so nothing is lost.",
                icon="⚠",
            )
            return
        self.status.value = render.note_html(saved_text(int(count)), icon="✓")
        self._refresh_progress()

    def _refresh_progress(self) -> None:
        try:
            journal = self.journal()
            fixed = pitches_fixed(journal.entries())
            problems = list(getattr(journal, "problems", []) or [])
        except ImportError:
            self.progress.value = render.esc("Your progress shows here once the journal is ready.")
            return
        except Exception as exc:
            self.progress.value = render.esc(f"Your progress could not be read: {exc}")
            return
        html = render.esc(progress_text(fixed))
        if problems:
            html += "<br>" + "<br>".join(render.esc(f"Note: {p}") for p in problems)
        self.progress.value = html


def pitch_workshop(
    journal: Any = None,
    *,
    approaches: pd.DataFrame | None = None,
    analyzer: Analyzer | None = None,
) -> PitchWorkshop:
    """The capstone workshop: pick a bad pitch, rewrite it with live feedback, save it."""
    return PitchWorkshop(journal, approaches=approaches, analyzer=analyzer)
