"""The pitch workshop: a shell over :class:`helpable.ui.state.workshop.WorkshopState`."""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets
import pandas as pd

from helpable.content.strings import say
from helpable.ui import html
from helpable.ui.state.pitch import Analyzer
from helpable.ui.state.workshop import JournalLike, WorkshopState, compare_text
from helpable.ui.style import WIDGET_CSS, WORKSHOP_CLASS, esc
from helpable.ui.widgets.common import (
    LABEL_STYLE,
    LIVE_INTERVAL,
    LiveUpdater,
    button,
    pitch_box,
    rule_options,
)


def _beside() -> widgets.Layout:
    """The layout of a result beside its button: takes the rest of the row, or wraps under."""
    return widgets.Layout(flex="1 1 260px", min_width="0", max_width="100%")


def _row(*children: widgets.Widget, align: str = "center") -> widgets.HBox:
    """A row that wraps (a phone puts a result under its button, never clips the button)."""
    return widgets.HBox(
        list(children),
        layout=widgets.Layout(flex_flow="row wrap", align_items=align, width="100%"),
    )


class PitchWorkshop(widgets.VBox):
    """Rewrite bad pitches until they are easy to say yes to.

    Parts: ``rule_filter``, ``picker``, ``next_pitch``, ``context``, ``rewrite``,
    ``check``, ``feedback``, ``model_button``, ``model``, ``save``, ``status``,
    ``progress``; the logic is ``state``.
    """

    def __init__(
        self,
        journal: JournalLike | None = None,
        *,
        approaches: pd.DataFrame | None = None,
        analyzer: Analyzer | None = None,
        interval: float = LIVE_INTERVAL,
    ) -> None:
        self.state = WorkshopState(journal, approaches, analyzer)
        self._loading = False
        self.model_shown = False
        self.rule_filter = widgets.Dropdown(
            options=[(say("workshop.all_rules"), "all"), *rule_options()],
            value="all",
            description=say("workshop.filter_label"),
            style=LABEL_STYLE,
            layout=widgets.Layout(width="auto", max_width="100%"),
        )
        self.picker = widgets.Dropdown(
            options=[],
            description=say("workshop.picker_label"),
            style=LABEL_STYLE,
            layout=widgets.Layout(width="auto", flex="1 1 260px", max_width="100%"),
        )
        self.next_pitch = button(say("workshop.next"), say("workshop.next_tooltip"), "arrow-right")
        self.context = widgets.HTML(value="")
        self.rewrite = pitch_box(
            say("workshop.rewrite_label"), say("workshop.rewrite_placeholder"), height="120px"
        )
        self.check = button(say("rewrite.check"), say("workshop.check_tooltip"), "check")
        self.feedback = widgets.HTML(value=say("rewrite.waiting"))
        self.model_button = button(say("workshop.model_show"), say("workshop.model_tooltip"), "eye")
        self.model = widgets.HTML(value=say("workshop.model_hint"), layout=_beside())
        self.save = button(say("workshop.save"), say("workshop.save_tooltip"), "save")
        self.status = widgets.HTML(value=say("workshop.save_hint"), layout=_beside())
        self.progress = widgets.HTML(description=say("workshop.progress_label"))

        self.live = LiveUpdater(self._update, interval)
        self.rewrite.observe(self._edited, "value")
        self.check.on_click(lambda _: self.live.force(self.rewrite.value))
        self.rule_filter.observe(lambda _: self._apply_filter(), "value")
        self.picker.observe(self._picked, "value")
        self.next_pitch.on_click(lambda _: self._select(self.state.next_id()))
        self.model_button.on_click(self._on_model)
        self.save.on_click(self._on_save)
        # Each result sits next to the button that makes it (below it on a phone):
        # Check, then the feedback; Show a model rewrite and the model; Save and its note.
        super().__init__(
            [
                widgets.HTML(value=f"<style>{WIDGET_CSS}</style>", layout={"display": "none"}),
                widgets.HTML(value=html.heading(say("workshop.title"))),
                self.rule_filter,
                _row(self.picker, self.next_pitch),
                self.context,
                self.rewrite,
                _row(self.check),
                self.feedback,
                _row(self.model_button, self.model, align="flex-start"),
                _row(self.save, self.status),
                self.progress,
            ]
        )
        self.add_class(WORKSHOP_CLASS)
        self._apply_filter()
        if self.state.load_problem:
            self.context.value = html.note_html(self.state.load_problem, icon="⚠")
        self._refresh_progress()

    @property
    def row(self) -> pd.Series | None:
        """The pitch being rewritten, or None when the list is empty."""
        return self.state.row

    def journal(self) -> Any:
        """The journal in use (opened on first use)."""
        return self.state.journal()

    # ---- events

    def _apply_filter(self) -> None:
        self.state.filter(self.rule_filter.value)
        self._loading = True
        self.picker.options = self.state.options()
        self.picker.value = self.state.pitch_id
        self._loading = False
        self._load_pitch()

    def _select(self, pitch_id: str | None) -> None:
        if pitch_id is not None:
            self.picker.value = pitch_id

    def _picked(self, _: Any) -> None:
        if not self._loading:
            self.state.select(self.picker.value)
            self._load_pitch()

    def _set_rewrite(self, text: str) -> None:
        self._loading = True
        self.rewrite.value = text
        self._loading = False

    def _load_pitch(self) -> None:
        row = self.state.row
        self._hide_model()
        self.status.value = say("workshop.save_hint")
        self.live.reset()
        if row is None:
            self.context.value = html.note_html(say("workshop.no_match"), icon="🔎")
            self.feedback.value = say("workshop.pick_to_start")
            self._set_rewrite("")
            return
        channel = row.get("channel") if "channel" in row else None
        self.context.value = (
            html.context_html(row.get("setting"), row.get("relationship"), channel)
            + html.paragraph(html.bold(say("workshop.original_heading")))
            + html.pitch_html(str(row["text"]))
        )
        text = self.state.draft()
        self._set_rewrite(text)
        self.live.submit(text)

    def _edited(self, change: dict[str, Any]) -> None:
        if self._loading:
            return
        self.state.edit(change["new"])
        self.live.submit(change["new"])

    def _update(self, text: str) -> None:
        result = self.state.check(text)
        if result.feedback is None:
            self.feedback.value = html.pitch_result_html(result)
            return
        compare = compare_text(self.state.original_feedback(), result.feedback)
        self.feedback.value = (html.paragraph(esc(compare)) if compare else "") + (
            html.feedback_html(result.feedback)
        )

    def _on_model(self, _: widgets.Button) -> None:
        if self.state.row is None:
            return
        if self.model_shown:
            self._hide_model()
            return
        self.model.value = html.model_rewrite_html(self.state.model_rewrite())
        self.model_button.description = say("workshop.model_hide")
        self.model_shown = True

    def _hide_model(self) -> None:
        self.model.value = say("workshop.model_hint")
        self.model_button.description = say("workshop.model_show")
        self.model_shown = False

    def _on_save(self, _: widgets.Button) -> None:
        result = self.state.save(self.rewrite.value)
        icon = "✓" if result.ok else ("ℹ" if result.duplicate else "⚠")
        self.status.value = html.note_html(result.message, icon=icon)
        if result.ok:
            self._refresh_progress()

    def _refresh_progress(self) -> None:
        line, problems = self.state.progress()
        self.progress.value = html.lines([line, *(say("workshop.note", note=p) for p in problems)])


def pitch_workshop(
    journal: JournalLike | None = None,
    *,
    approaches: pd.DataFrame | None = None,
    analyzer: Analyzer | None = None,
) -> PitchWorkshop:
    """The capstone workshop: pick a bad pitch, rewrite it with live feedback, save it."""
    return PitchWorkshop(journal, approaches=approaches, analyzer=analyzer)
