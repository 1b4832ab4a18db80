"""The charts take their words from data/strings.csv and their colours from helpable.ui.style."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from collections.abc import Iterator

import helpable.ui.charts
from helpable.content.strings import strings

_KEY = re.compile(r"""["'](chart\.[a-z0-9_.]+)["']""")
_HEX_COLOUR = re.compile(r"#[0-9A-Fa-f]{6}\b")


def _chart_sources() -> Iterator[tuple[str, str]]:
    for info in pkgutil.iter_modules(helpable.ui.charts.__path__):
        module = importlib.import_module(f"helpable.ui.charts.{info.name}")
        yield info.name, inspect.getsource(module)
    yield "__init__", inspect.getsource(helpable.ui.charts)


def test_every_chart_string_is_in_the_strings_file_and_used() -> None:
    table = strings()
    used = {key for _, source in _chart_sources() for key in _KEY.findall(source)}
    assert len(used) > 50
    assert sorted(used - set(table)) == []
    unused = sorted(k for k in table if k.startswith("chart.") and k not in used)
    assert unused == []


def test_charts_write_no_colour_literals() -> None:
    for name, source in _chart_sources():
        assert _HEX_COLOUR.findall(source) == [], f"charts/{name}.py has a colour literal"


def test_the_package_offers_every_chart_name_the_notebooks_use() -> None:
    for name in (
        "trust_risk_map",
        "approaches_on_map",
        "place_approaches",
        "rule_breaks_by",
        "rule_counts",
        "simulation_chart",
        "alt_text",
        "ALT_TEXT",
        "show",
        "compact_png",
        "render_png",
        "LiveMap",
        "LiveSimulation",
        "journal_progress_chart",
        "journal_alt_text",
        "rewrite_rows",
        "example_journal_frame",
    ):
        assert name in helpable.ui.charts.__all__
        assert name in (helpable.ui.charts.__doc__ or ""), f"the docstring does not list {name}"
