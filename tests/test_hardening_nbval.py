"""A lesson's kernel loads only what the lesson uses (issue 11: whole-course nbval time).

Every notebook runs in a fresh kernel, so each module a lesson imports but
never uses is paid for by every learner at every kernel start (and by every
nbval run, 25 times). These tests start a fresh Python, import what one kind
of lesson imports, and look at what got loaded.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from helpable.paths import COURSE_ROOT

PNG_HEADER = b"\x89PNG\r\n\x1a\n"


def _loaded(code: str) -> set[str]:
    """The modules loaded after running ``code`` in a fresh Python."""
    program = f"{code}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))\n"
    done = subprocess.run(
        [sys.executable, "-c", program],
        capture_output=True,
        text=True,
        cwd=COURSE_ROOT,
        env={**os.environ, "MPLBACKEND": "Agg"},
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    names: list[str] = json.loads(done.stdout.splitlines()[-1])
    return set(names)


def test_an_exercise_notebook_loads_only_the_widgets_it_shows() -> None:
    # What every exercise and solution notebook imports in its first cell.
    loaded = _loaded("from helpable.lesson import approach_filter, check")
    assert "helpable.ui.widgets.data_filter" in loaded
    unused = {
        "helpable.ui.widgets.check",
        "helpable.ui.widgets.download",
        "helpable.ui.widgets.quiz",
        "helpable.ui.widgets.reflection",
        "helpable.ui.widgets.rewrite",
        "helpable.ui.widgets.workshop",
        "helpable.ui.state.download",
    }
    assert not unused & loaded


def test_the_plan_lesson_draws_no_chart_so_it_imports_no_matplotlib() -> None:
    # Lesson 07's imports: its plan table can draw a map, but only when asked.
    loaded = _loaded(
        "from helpable.lesson import example_plan, plan_view, plan_table, rule_shares, "
        "reflection, journal_download\n"
        "plan_table()\n"
        "plan_view(example_plan())\n"
        "rule_shares()\n"
    )
    assert "helpable.ui.widgets.plan" in loaded
    assert "matplotlib" not in loaded
    assert "PIL" not in loaded


@pytest.mark.parametrize(
    "name", ["rules_view", "rule_card_view", "rule_table_view", "both_rules_view"]
)
def test_the_word_tables_of_a_lesson_import_no_matplotlib(name: str) -> None:
    loaded = _loaded(f"from helpable.lesson import {name}\n{name}()")
    assert "matplotlib" not in loaded


def test_the_chart_words_import_no_matplotlib() -> None:
    loaded = _loaded(
        "from helpable.ui import charts\n"
        "charts.alt_text('rule_breaks_by', by='channel')\n"
        "charts.alt_text('trust_risk_map', effort=0.3)\n"
        "charts.rule_counts(by='setting')\n"
        "charts.place_approaches()\n"
    )
    assert "matplotlib" not in loaded


def test_a_chart_still_draws_once_it_is_asked_for() -> None:
    loaded = _loaded(
        "from helpable.lesson import charts, rule_chart_view\n"
        "png = charts.compact_png(charts.rule_breaks_by(by='setting'))\n"
        f"assert png.startswith({PNG_HEADER!r})\n"
        "view = rule_chart_view()\n"
        "assert 'data:image/png;base64,' in view.chart.value\n"
    )
    assert "matplotlib.figure" in loaded


def test_the_lazy_packages_still_offer_every_name_and_their_submodules() -> None:
    from helpable.ui import charts, widgets

    for package in (charts, widgets):
        for name in package.__all__:
            assert getattr(package, name) is not None, name
            assert name in dir(package)
        with pytest.raises(AttributeError):
            package.no_such_name  # noqa: B018
    from helpable.ui.widgets import explorers

    assert explorers.trust_risk_explorer is not None
    assert charts.show is charts.base.show


def _old_compact_png(fig: object) -> bytes:
    """compact_png as it was: a full PNG from matplotlib, read back, then made a palette PNG."""
    import io

    from PIL import Image

    from helpable.ui.charts.base import release_pixels

    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=fig.dpi, bbox_inches="tight")  # type: ignore[attr-defined]
    release_pixels(fig)  # type: ignore[arg-type]
    with Image.open(io.BytesIO(buf.getvalue())) as image:
        palette = image.convert("RGB").quantize(
            colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE
        )
        out = io.BytesIO()
        palette.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _course_charts() -> list[object]:
    import matplotlib

    matplotlib.use("Agg")
    from helpable.ui import charts

    return [
        charts.rule_breaks_by(by="channel"),
        charts.rule_breaks_by(by="setting", share=True),
        charts.trust_risk_map(effort=0.3),
        charts.approaches_on_map(),
        charts.journal_progress_chart(charts.rewrite_rows(charts.example_journal_frame())),
    ]


def test_a_static_chart_is_compressed_once_not_twice(monkeypatch: pytest.MonkeyPatch) -> None:
    # matplotlib's own PNG (a deflate of the whole RGBA picture) was only read back at
    # once: the palette PNG is now made from the drawn pixels directly.
    from PIL import PngImagePlugin

    from helpable.ui.charts.base import compact_png

    figures = _course_charts()
    saves: list[str] = []
    real_save = PngImagePlugin._save

    def counting_save(im: object, fp: object, filename: object, *args: object) -> None:
        saves.append(getattr(im, "mode", "?"))
        real_save(im, fp, filename, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(PngImagePlugin, "_save", counting_save)
    monkeypatch.setitem(PngImagePlugin.Image.SAVE, "PNG", counting_save)
    for fig in figures:
        saves.clear()
        assert compact_png(fig).startswith(PNG_HEADER)  # type: ignore[arg-type]
        assert saves == ["P"]


def test_a_static_chart_is_the_same_picture_byte_for_byte() -> None:
    from helpable.ui.charts.base import compact_png

    for new, old in zip(_course_charts(), _course_charts(), strict=True):
        assert compact_png(new) == _old_compact_png(old)  # type: ignore[arg-type]
