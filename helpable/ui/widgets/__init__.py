"""The course's widgets: thin ipywidgets shells over the pure state in :mod:`helpable.ui.state`.

Each widget is a class whose named parts are attributes (for example
``ws = pitch_workshop(); ws.rewrite.value = "…"; ws.save.click()``), so tests
can drive it without a browser.

Each name below is loaded from its module the first time it is asked for, so
a lesson that shows one widget does not import (and compile) all the others.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from helpable.ui.lazy import load_on_first_use

if TYPE_CHECKING:  # the names below, for type checkers and editors
    from helpable.ui.widgets.check import WidgetCheck, widget_check
    from helpable.ui.widgets.common import LiveUpdater
    from helpable.ui.widgets.data_filter import DataFilter, approach_filter
    from helpable.ui.widgets.download import JournalDownload, journal_download
    from helpable.ui.widgets.exercise import ExerciseBox, exercise_box
    from helpable.ui.widgets.quiz import SpotTheSin, spot_the_sin
    from helpable.ui.widgets.reflection import Reflection, reflection
    from helpable.ui.widgets.rewrite import RewriteBox, rewrite_box
    from helpable.ui.widgets.workshop import PitchWorkshop, pitch_workshop

_WHERE: dict[str, str] = {
    "WidgetCheck": "check",
    "widget_check": "check",
    "LiveUpdater": "common",
    "DataFilter": "data_filter",
    "approach_filter": "data_filter",
    "JournalDownload": "download",
    "journal_download": "download",
    "ExerciseBox": "exercise",
    "exercise_box": "exercise",
    "SpotTheSin": "quiz",
    "spot_the_sin": "quiz",
    "Reflection": "reflection",
    "reflection": "reflection",
    "RewriteBox": "rewrite",
    "rewrite_box": "rewrite",
    "PitchWorkshop": "workshop",
    "pitch_workshop": "workshop",
}

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


__getattr__, __dir__ = load_on_first_use(__name__, _WHERE, globals(), __all__)
