"""Everything a lesson notebook uses, in one import: ``from helpable.lesson import ...``.

Notebooks import from this module only, so the package can be rearranged
without touching a lesson. Each name is loaded the first time a notebook asks
for it, so a lesson holds in memory only the parts it uses. Importing the
module also makes IPython show analyzer feedback as its panel.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the names below, for type checkers and editors
    from helpable.analyzer.engine import analyze
    from helpable.analyzer.feedback import Feedback
    from helpable.content.approaches import RELATIONSHIPS, load_approaches
    from helpable.content.course import course_map
    from helpable.content.rules import rules
    from helpable.journal import Journal
    from helpable.model.decision import disclaimer, p_yes, place_pitch, trust_from
    from helpable.model.simulate import compare, final_means
    from helpable.plan import (
        check_plan,
        example_plan,
        make_plan,
        plan_for_map,
        save_plan,
        validate_plan,
    )
    from helpable.ui import charts
    from helpable.ui.answers import check
    from helpable.ui.charts.journal import (
        example_journal_frame,
        journal_progress_chart,
        rewrite_rows,
    )
    from helpable.ui.environment import environment_report, python_summary
    from helpable.ui.html import feedback_html, pitch_feedback_html
    from helpable.ui.state.plan import plan_view, rule_shares
    from helpable.ui.tables import relationship_table
    from helpable.ui.widgets import (
        journal_download,
        pitch_workshop,
        reflection,
        rewrite_box,
        spot_the_sin,
        widget_check,
    )
    from helpable.ui.widgets.data_filter import approach_filter
    from helpable.ui.widgets.explorers import (
        pitch_on_map,
        predict_then_slide,
        simulation_explorer,
        trust_risk_explorer,
    )
    from helpable.ui.widgets.lesson_views import (
        both_rules_view,
        examples_view,
        rule_card_view,
        rule_chart_view,
        rule_table_view,
        rules_view,
        setting_view,
        tie_strength_guess,
        with_word_count,
    )
    from helpable.ui.widgets.plan import plan_table
    from helpable.ui.widgets.templates import template_builder

_WHERE: dict[str, str] = {
    "pitch_on_map": "helpable.ui.widgets.explorers",
    "disclaimer": "helpable.model.decision",
    "rewrite_table": "helpable.ui.charts.journal",
    "show_journal_chart": "helpable.ui.charts.journal",
    "relationship_table": "helpable.ui.tables",
    "rules_view": "helpable.ui.widgets.lesson_views",
    "rule_card_view": "helpable.ui.widgets.lesson_views",
    "setting_view": "helpable.ui.widgets.lesson_views",
    "rule_table_view": "helpable.ui.widgets.lesson_views",
    "rule_chart_view": "helpable.ui.widgets.lesson_views",
    "examples_view": "helpable.ui.widgets.lesson_views",
    "both_rules_view": "helpable.ui.widgets.lesson_views",
    "tie_strength_guess": "helpable.ui.widgets.lesson_views",
    "with_word_count": "helpable.ui.widgets.lesson_views",
    "plan_table": "helpable.ui.widgets.plan",
    "plan_view": "helpable.ui.state.plan",
    "rule_shares": "helpable.ui.state.plan",
    "approach_filter": "helpable.ui.widgets.data_filter",
    "template_builder": "helpable.ui.widgets.templates",
    "analyze": "helpable.analyzer.engine",
    "RELATIONSHIPS": "helpable.content.approaches",
    "load_approaches": "helpable.content.approaches",
    "course_map": "helpable.content.course",
    "rules": "helpable.content.rules",
    "Journal": "helpable.journal",
    "p_yes": "helpable.model.decision",
    "place_pitch": "helpable.model.decision",
    "trust_from": "helpable.model.decision",
    "compare": "helpable.model.simulate",
    "final_means": "helpable.model.simulate",
    "check_plan": "helpable.plan",
    "example_plan": "helpable.plan",
    "make_plan": "helpable.plan",
    "plan_for_map": "helpable.plan",
    "save_plan": "helpable.plan",
    "validate_plan": "helpable.plan",
    "check": "helpable.ui.answers",
    "example_journal_frame": "helpable.ui.charts.journal",
    "journal_progress_chart": "helpable.ui.charts.journal",
    "rewrite_rows": "helpable.ui.charts.journal",
    "feedback_html": "helpable.ui.html",
    "pitch_feedback_html": "helpable.ui.html",
    "environment_report": "helpable.ui.environment",
    "python_summary": "helpable.ui.environment",
    "journal_download": "helpable.ui.widgets",
    "pitch_workshop": "helpable.ui.widgets",
    "reflection": "helpable.ui.widgets",
    "rewrite_box": "helpable.ui.widgets",
    "spot_the_sin": "helpable.ui.widgets",
    "widget_check": "helpable.ui.widgets",
    "predict_then_slide": "helpable.ui.widgets.explorers",
    "simulation_explorer": "helpable.ui.widgets.explorers",
    "trust_risk_explorer": "helpable.ui.widgets.explorers",
}
_MODULES: dict[str, str] = {"charts": "helpable.ui.charts"}

__all__ = sorted([*_WHERE, *_MODULES])


def __getattr__(name: str) -> Any:
    """Load a name the first time a notebook imports it."""
    if name in _MODULES:
        value: Any = importlib.import_module(_MODULES[name])
    elif name in _WHERE:
        value = getattr(importlib.import_module(_WHERE[name]), name)
    else:
        raise AttributeError(f"helpable.lesson has no {name!r}; it offers: {', '.join(__all__)}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__


def _feedback_panel(feedback: Feedback) -> str:
    from helpable.ui.html import feedback_html

    return feedback_html(feedback)


def _show_feedback_as_html() -> None:
    """Register the panel with IPython by type name, so nothing is imported until shown."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython comes with Jupyter
        return
    shell = get_ipython()
    if shell is not None:
        html = shell.display_formatter.formatters["text/html"]
        html.for_type_by_name("helpable.analyzer.feedback", "Feedback", _feedback_panel)


_show_feedback_as_html()
