"""Small views for the lessons' "What our examples show" parts: pick from a menu, see it redrawn.

Each view replaces a cell that once asked the learner to edit an argument:
a menu (``Dropdown`` or ``RadioButtons``) redraws a table of words, a chart
with alt text, or a few example asks. Every part is an attribute, so tests can
drive a view without a browser (``view.by.value = "setting"``). For picking
approaches in the exercises, see :mod:`helpable.ui.widgets.data_filter`.
"""

from __future__ import annotations

from collections.abc import Sequence

import ipywidgets as widgets
import pandas as pd

from helpable.content.approaches import (
    CHANNELS,
    RELATIONSHIPS,
    SETTINGS,
    both_rules,
    header,
    load_approaches,
    plain_words,
    rule_shares,
)
from helpable.content.rules import RULE_KEYS, rule, rules
from helpable.content.strings import say
from helpable.ui import html
from helpable.ui.charts.alt import alt_text
from helpable.ui.charts.bars import rule_breaks_by
from helpable.ui.charts.base import compact_png, give_back_memory, png_html
from helpable.ui.style import esc
from helpable.ui.tables import html_table, rule_card, table_markup
from helpable.ui.widgets.common import LABEL_STYLE, rule_options

_GROUPINGS: dict[str, tuple[str, ...]] = {
    "channel": CHANNELS,
    "setting": SETTINGS,
    "relationship": RELATIONSHIPS,
}


def _data(frame: pd.DataFrame | None) -> pd.DataFrame:
    return load_approaches() if frame is None else frame


def _menu(description: str, options: Sequence[tuple[str, str]], value: str) -> widgets.Dropdown:
    if value not in [v for _, v in options]:
        raise ValueError(f"{value!r} is not one of {[v for _, v in options]}")
    return widgets.Dropdown(
        options=list(options),
        value=value,
        description=description,
        style=LABEL_STYLE,
        layout=widgets.Layout(width="auto", max_width="480px"),
    )


def _grouping_options(groupings: Sequence[str]) -> list[tuple[str, str]]:
    for by in groupings:
        if by not in _GROUPINGS:
            raise ValueError(f"group by one of {list(_GROUPINGS)}, not {by!r}")
    return [(header(by), by) for by in groupings]


class RuleTableView(widgets.VBox):
    """How often one rule is broken in each group. Parts: ``rule``, ``by``, ``table``."""

    def __init__(
        self, frame: pd.DataFrame, rule_key: str, by: str, groupings: Sequence[str]
    ) -> None:
        self.frame = frame
        self.rule = _menu(say("view.rule_label"), rule_options(), rule_key)
        self.by = _menu(say("view.by_label"), _grouping_options(groupings), by)
        self.table = widgets.HTML()
        for menu in (self.rule, self.by):
            menu.observe(lambda _: self.redraw(), "value")
        self.redraw()
        super().__init__([widgets.HBox([self.rule, self.by]), self.table])

    def redraw(self) -> None:
        """Show the table for the rule and grouping now chosen."""
        shares = rule_shares(self.frame, self.rule.value, self.by.value)
        caption = say(
            "view.table_caption",
            rule=rule(self.rule.value).name.lower(),
            groups=header(self.by.value).lower(),
        )
        self.table.value = table_markup(shares, caption)


def rule_table_view(
    frame: pd.DataFrame | None = None,
    rule: str = "effort",
    by: str = "channel",
    groupings: Sequence[str] = ("channel", "setting", "relationship"),
) -> RuleTableView:
    """A table of how often ``rule`` is broken per group, with menus for the rule and group."""
    return RuleTableView(_data(frame), rule, by, groupings)


class RuleChartView(widgets.VBox):
    """The rule-breaks bar chart, grouped as the menu says. Parts: ``by``, ``chart``."""

    def __init__(self, frame: pd.DataFrame, by: str, groupings: Sequence[str]) -> None:
        self.frame = frame
        self.by = _menu(say("view.by_label"), _grouping_options(groupings), by)
        self.chart = widgets.HTML()
        self._drawn: dict[str, str] = {}
        self.by.observe(lambda _: self.redraw(), "value")
        self.redraw()
        super().__init__([self.by, self.chart])

    def redraw(self) -> None:
        """Show the chart for the grouping now chosen (each is drawn once, then kept)."""
        by = self.by.value
        if by not in self._drawn:
            fig = rule_breaks_by(self.frame, by=by)
            words = alt_text("rule_breaks_by", frame=self.frame, by=by)
            self._drawn[by] = png_html(compact_png(fig), words)
            del fig
            give_back_memory()
        self.chart.value = self._drawn[by]


def rule_chart_view(
    frame: pd.DataFrame | None = None,
    by: str = "setting",
    groupings: Sequence[str] = ("setting", "channel"),
) -> RuleChartView:
    """The bar chart of rule breaks, with a menu to group the asks by setting or channel."""
    if any(g not in ("channel", "setting") for g in groupings):
        raise ValueError("the chart groups by 'channel' or 'setting'")
    return RuleChartView(_data(frame), by, groupings)


_TEXT_STYLE = "white-space:normal;word-break:normal;overflow-wrap:normal;margin:4px 0"


class ExamplesView(widgets.VBox):
    """A few asks that break one rule, each with a better version. Parts: ``channel``,
    ``examples``."""

    def __init__(self, frame: pd.DataFrame, rule_key: str, channel: str, count: int) -> None:
        if rule_key not in RULE_KEYS:
            raise ValueError(f"rule must be one of {RULE_KEYS}, not {rule_key!r}")
        self.frame = frame
        self.rule_key = rule_key
        self.count = max(1, int(count))
        options = [(plain_words(c), c) for c in CHANNELS if c in set(frame["channel"])]
        self.channel = _menu(say("view.channel_label"), options, channel)
        self.examples = widgets.HTML()
        self.channel.observe(lambda _: self.redraw(), "value")
        self.redraw()
        super().__init__([self.channel, self.examples])

    def redraw(self) -> None:
        """Show the first few asks from the chosen channel that break the rule."""
        data = self.frame
        chosen = data[
            (data[self.rule_key].astype(int) == 1) & (data["channel"] == self.channel.value)
        ]
        if chosen.empty:
            self.examples.value = f'<p style="{_TEXT_STYLE}">{esc(say("view.no_examples"))}</p>'
            return
        parts = []
        for row in chosen.head(self.count).itertuples(index=False):
            parts.append(
                f'<div style="margin:8px 0">'
                f'<p style="{_TEXT_STYLE}"><b>{esc(say("view.before"))}</b> {esc(row.text)}</p>'
                f'<p style="{_TEXT_STYLE}"><b>{esc(say("view.better"))}</b> '
                f"{esc(row.better_version)}</p></div>"
            )
        self.examples.value = "".join(parts)


def examples_view(
    frame: pd.DataFrame | None = None, rule: str = "effort", channel: str = "email", count: int = 3
) -> ExamplesView:
    """Example asks that break ``rule``, with their better versions, and a channel menu."""
    return ExamplesView(_data(frame), rule, channel, count)


class BothRulesView(widgets.VBox):
    """How many asks break one rule, another, both or neither. Parts: ``other``, ``table``."""

    def __init__(self, frame: pd.DataFrame, rule_key: str, others: Sequence[str]) -> None:
        self.frame = frame
        self.rule_key = rule_key
        options = [(rules()[k].label, k) for k in others if k != rule_key]
        if not options:
            raise ValueError("give at least one other rule")
        self.other = _menu(say("view.other_label"), options, options[0][1])
        self.table = widgets.HTML()
        self.other.observe(lambda _: self.redraw(), "value")
        self.redraw()
        super().__init__([self.other, self.table])

    def redraw(self) -> None:
        """Show the counts for the second rule now chosen."""
        self.table.value = table_markup(both_rules(self.frame, self.rule_key, self.other.value))


def both_rules_view(
    frame: pd.DataFrame | None = None,
    rule: str = "commitment",
    others: Sequence[str] = ("risk", "effort"),
) -> BothRulesView:
    """A two-by-two count of ``rule`` against another rule, picked from a menu."""
    if rule not in RULE_KEYS:
        raise ValueError(f"rule must be one of {RULE_KEYS}, not {rule!r}")
    return BothRulesView(_data(frame), rule, others)


TIE_SHARES: dict[str, float] = {"often": 16.7, "occasionally": 55.6, "rarely": 27.8}
"""How often job changers saw the contact who led them to the job, in % (Granovetter, 1973)."""

_TIE_WORDS = {
    "often": "view.ties.often",
    "occasionally": "view.ties.occasionally",
    "rarely": "view.ties.rarely",
}


class TieStrengthGuess(widgets.VBox):
    """Guess first, then see Granovetter's answer. Parts: ``guess``, ``result``."""

    def __init__(self) -> None:
        self.guess = widgets.RadioButtons(
            options=[(say(key), name) for name, key in _TIE_WORDS.items()],
            value=None,
            description=say("view.ties.label"),
            style=LABEL_STYLE,
            layout=widgets.Layout(width="auto"),
        )
        self.result = widgets.HTML(value=esc(say("view.ties.waiting")))
        self.guess.observe(lambda _: self.reveal(), "value")
        super().__init__([self.guess, self.result])

    def reveal(self) -> None:
        """After a guess: say whether it was the most common answer, and show the table."""
        if self.guess.value is None:
            return
        top = max(TIE_SHARES, key=lambda k: TIE_SHARES[k])
        key = "view.ties.right" if self.guess.value == top else "view.ties.other"
        verdict = say(key, answer=say(_TIE_WORDS[top]).lower())
        frame = pd.DataFrame(
            {
                say("view.ties.column_how"): [say(_TIE_WORDS[k]) for k in TIE_SHARES],
                say("view.ties.column_share"): [f"{v:.1f}%" for v in TIE_SHARES.values()],
            }
        )
        self.result.value = f"<p>{esc(verdict)}</p>" + html_table(frame).html


def tie_strength_guess() -> TieStrengthGuess:
    """Guess how often job changers saw the contact who helped them; then see the answer."""
    return TieStrengthGuess()


class WordCount(widgets.VBox):
    """A rewrite box with a live word count under it. Parts: ``box``, ``count``."""

    def __init__(self, box: widgets.VBox, aim: int) -> None:
        self.box = box
        self.aim = aim
        self.count = widgets.HTML()
        box.text.observe(lambda change: self.recount(change["new"]), "value")
        self.recount(box.text.value)
        super().__init__([box, self.count])

    def recount(self, text: str) -> None:
        """Count the words now in the box."""
        n = len(str(text).split())
        self.count.value = esc(say("view.word_count", count=n, aim=self.aim))


def with_word_count(box: widgets.VBox, aim: int = 100) -> WordCount:
    """``box`` (a rewrite box) with its word count shown live, and the number to stay under."""
    return WordCount(box, aim)


_RULE_PARTS: dict[str, str] = {
    "question": "table.column.question",
    "rule": "table.column.says",
    "do_instead": "table.column.instead",
}


class RulesView(widgets.VBox):
    """The three rules, with a menu for what to show about each. Parts: ``part``, ``table``."""

    def __init__(self, part: str) -> None:
        options = [(say(key), name) for name, key in _RULE_PARTS.items()]
        self.part = _menu(say("view.part_label"), options, part)
        self.table = widgets.HTML()
        self.part.observe(lambda _: self.redraw(), "value")
        self.redraw()
        super().__init__([self.part, self.table])

    def redraw(self) -> None:
        """Show each rule, its cost, and the part now chosen."""
        chosen = self.part.value
        frame = pd.DataFrame(
            {
                say("table.column.rule"): [r.label for r in rules().values()],
                say("table.column.cost"): [r.cost for r in rules().values()],
                say(_RULE_PARTS[chosen]): [getattr(r, chosen) for r in rules().values()],
            }
        )
        self.table.value = table_markup(frame)


def rules_view(part: str = "question") -> RulesView:
    """The three rules and what each costs the helper; a menu picks what else to show."""
    return RulesView(part)


class RuleCardView(widgets.VBox):
    """One rule in a small table, with a menu to peek at the others. Parts: ``rule``,
    ``card``."""

    def __init__(self, rule_key: str) -> None:
        self.rule = _menu(say("view.rule_label"), rule_options(), rule_key)
        self.card = widgets.HTML()
        self.rule.observe(lambda _: self.redraw(), "value")
        self.redraw()
        super().__init__([self.rule, self.card])

    def redraw(self) -> None:
        """Show the rule now chosen."""
        self.card.value = rule_card(self.rule.value).html


def rule_card_view(rule: str = "effort") -> RuleCardView:
    """A rule, the question to ask yourself, and what to do instead; a menu shows the others."""
    return RuleCardView(rule)


class SettingView(widgets.VBox):
    """One pitch's feedback, said in the setting the menu picks. Parts: ``setting``,
    ``feedback``."""

    def __init__(self, text: str, settings: Sequence[str], relationship: str | None) -> None:
        for setting in settings:
            if setting not in SETTINGS:
                raise ValueError(f"setting must be one of {SETTINGS}, not {setting!r}")
        self.text = text
        self.relationship = relationship
        options = [(plain_words(s).capitalize(), s) for s in settings]
        self.setting = _menu(say("view.setting_label"), options, settings[0])
        self.feedback = widgets.HTML()
        self.setting.observe(lambda _: self.redraw(), "value")
        self.redraw()
        super().__init__([self.setting, self.feedback])

    def redraw(self) -> None:
        """Check the pitch again, as said in the setting now chosen."""
        setting = self.setting.value
        self.feedback.value = html.context_html(setting, self.relationship) + (
            html.pitch_feedback_html(self.text, setting=setting, relationship=self.relationship)
        )


def setting_view(
    text: str,
    settings: Sequence[str] = ("social_gathering", "private"),
    relationship: str | None = None,
) -> SettingView:
    """The pitch analyzer's feedback on ``text``, with a menu for where it is said."""
    if not settings:
        raise ValueError("give at least one setting")
    return SettingView(text, settings, relationship)


__all__ = [
    "BothRulesView",
    "ExamplesView",
    "RuleCardView",
    "RuleChartView",
    "RuleTableView",
    "RulesView",
    "SettingView",
    "TieStrengthGuess",
    "WordCount",
    "both_rules_view",
    "examples_view",
    "rule_card_view",
    "rule_chart_view",
    "rule_table_view",
    "rules_view",
    "setting_view",
    "tie_strength_guess",
    "with_word_count",
]
