"""Everything a lesson notebook uses, in one import: ``from helpable.lesson import ...``.

Notebooks import from this module only, so the package can be rearranged
without touching a lesson. Importing it also makes IPython show analyzer
feedback as its panel.
"""

from __future__ import annotations

from helpable.analyzer.engine import analyze
from helpable.content.approaches import RELATIONSHIPS, load_approaches
from helpable.content.course import course_map
from helpable.content.rules import rules
from helpable.journal import Journal
from helpable.model.decision import p_yes, place_pitch
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
from helpable.ui.html import feedback_html, pitch_feedback_html, show_feedback_as_html
from helpable.ui.setup_check import environment_report, python_summary
from helpable.ui.widgets import (
    pitch_workshop,
    reflection,
    rewrite_box,
    spot_the_sin,
    widget_check,
)
from helpable.ui.widgets.explorers import (
    predict_then_slide,
    simulation_explorer,
    trust_risk_explorer,
)

show_feedback_as_html()

__all__ = [
    "RELATIONSHIPS",
    "Journal",
    "analyze",
    "charts",
    "check",
    "check_plan",
    "compare",
    "course_map",
    "environment_report",
    "example_journal_frame",
    "example_plan",
    "feedback_html",
    "final_means",
    "journal_progress_chart",
    "load_approaches",
    "make_plan",
    "p_yes",
    "pitch_feedback_html",
    "pitch_workshop",
    "place_pitch",
    "plan_for_map",
    "predict_then_slide",
    "python_summary",
    "reflection",
    "rewrite_box",
    "rewrite_rows",
    "rules",
    "save_plan",
    "simulation_explorer",
    "spot_the_sin",
    "trust_risk_explorer",
    "validate_plan",
    "widget_check",
]
