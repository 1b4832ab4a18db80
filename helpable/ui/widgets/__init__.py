"""The course's widgets: thin ipywidgets shells over the pure state in :mod:`helpable.ui.state`.

Each widget is a class whose named parts are attributes (for example
``ws = pitch_workshop(); ws.rewrite.value = "…"; ws.save.click()``), so tests
can drive it without a browser.
"""

from helpable.ui.widgets.check import WidgetCheck, widget_check
from helpable.ui.widgets.common import LiveUpdater
from helpable.ui.widgets.data_filter import DataFilter, approach_filter
from helpable.ui.widgets.download import JournalDownload, journal_download
from helpable.ui.widgets.exercise import ExerciseBox, exercise_box
from helpable.ui.widgets.quiz import SpotTheSin, spot_the_sin
from helpable.ui.widgets.reflection import Reflection, reflection
from helpable.ui.widgets.rewrite import RewriteBox, rewrite_box
from helpable.ui.widgets.workshop import PitchWorkshop, pitch_workshop

__all__ = [
    "DataFilter",
    "ExerciseBox",
    "approach_filter",
    "exercise_box",
    "JournalDownload",
    "LiveUpdater",
    "PitchWorkshop",
    "Reflection",
    "RewriteBox",
    "SpotTheSin",
    "WidgetCheck",
    "journal_download",
    "pitch_workshop",
    "reflection",
    "rewrite_box",
    "spot_the_sin",
    "widget_check",
]
