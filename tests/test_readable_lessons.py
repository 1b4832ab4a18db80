"""Lessons 01-04 read as words: plain tables, alt text in the page, widgets instead of edits."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import json  # noqa: E402
import re  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import ipywidgets as widgets  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from helpable.content import approaches as content  # noqa: E402
from helpable.content.approaches import load_approaches  # noqa: E402
from helpable.ui import charts, tables  # noqa: E402
from helpable.ui.widgets import lesson_views as views  # noqa: E402

from .conftest import ROOT  # noqa: E402
from .test_hardening_download import Tags, parsed  # noqa: E402

LESSONS = [
    "01_networking_is_relationships",
    "02_rule1_effort",
    "03_rule2_risk",
    "04_rule3_commitment",
]

CODE_WORDS = re.compile(
    r"\ba\d{3}\b|\bNaN\b|dtype:|\[\]|\['?(effort|risk|commitment)|"
    r"\b(rules_broken|social_gathering|professional_event|former_colleague|close_friend|"
    r"better_version|hard_case|break_the_rule)\b"
)
"""What a learner must never see: ids, NaN, dtype lines, lists and snake_case names."""


def _parse(markup: str) -> Tags:
    return parsed(markup)


def _words(markup: str) -> str:
    return " ".join("".join(_parse(markup).text).split())


@pytest.fixture(scope="module")
def approaches() -> pd.DataFrame:
    return load_approaches()


# --- showing a chart ------------------------------------------------------------------------


def test_show_writes_an_img_with_the_alt_text(monkeypatch: pytest.MonkeyPatch) -> None:
    import IPython.display

    shown: list[tuple[Any, dict[str, Any]]] = []
    monkeypatch.setattr(IPython.display, "display", lambda *a, **k: shown.append((a, k)))
    fig, ax = plt.subplots()
    ax.plot([0, 1], [0, 1])
    charts.show(fig, 'Bars: "risk" leads <at parties> & events')
    assert len(shown) == 1
    (bundle,), options = shown[0]
    assert options.get("raw") is True
    imgs = [a for t, a in _parse(bundle["text/html"]).tags if t == "img"]
    assert len(imgs) == 1
    assert imgs[0]["alt"] == 'Bars: "risk" leads <at parties> & events'
    assert (imgs[0]["src"] or "").startswith("data:image/png;base64,")
    assert "&lt;at parties&gt;" in bundle["text/html"]  # escaped, not markup
    assert "risk" in bundle["text/plain"]
    assert "image/png" not in bundle


def test_show_without_alt_still_describes_the_chart(monkeypatch: pytest.MonkeyPatch) -> None:
    import IPython.display

    shown: list[Any] = []
    monkeypatch.setattr(IPython.display, "display", lambda *a, **k: shown.append(a[0]))
    charts.show(charts.rule_breaks_by(by="setting"))
    alt = next(a for t, a in _parse(shown[0]["text/html"]).tags if t == "img")["alt"]
    assert alt and "setting" in alt.lower()


def test_figure_html_is_one_img_tag() -> None:
    markup = charts.figure_html(b"\x89PNG fake", "A chart")
    assert markup.startswith("<img ") and markup.count("<") == 1
    assert 'alt="A chart"' in markup


# --- readable tables --------------------------------------------------------------------------


def test_readable_frame_has_plain_headers_and_words(approaches: pd.DataFrame) -> None:
    frame = content.readable_frame(approaches.head(40))
    assert "id" not in frame.columns and "Id" not in frame.columns
    for header in frame.columns:
        assert "_" not in header and header[0].isupper(), header
    assert {"Setting", "Rules broken"} <= set(frame.columns)
    text = frame.to_string(index=False)
    assert not CODE_WORDS.search(text), CODE_WORDS.search(text)
    assert frame.notna().all().all()
    assert list(frame.index) == list(range(len(frame)))


def test_rules_in_words() -> None:
    assert content.rules_words([]) == "none"
    assert content.rules_words(["effort"]) == "effort"
    assert content.rules_words(["effort", "risk"]) == "effort and risk"
    assert content.rules_words(["effort", "risk", "commitment"]) == "effort, risk and commitment"
    assert content.plain_words("social_gathering") == "social gathering"
    assert content.plain_words("linkedin") == "LinkedIn"
    assert content.plain_words(float("nan")) == "none"


def test_html_table_is_escaped_and_has_no_index() -> None:
    frame = pd.DataFrame({"Ask": ["<b>hi</b> & bye"], "Rules broken": ["none"]}, index=[7])
    shown = tables.html_table(frame, caption="Two <cols>")
    markup = shown._repr_html_()
    parsed = _parse(markup)
    assert [t for t, _ in parsed.tags].count("th") == 2  # the headers only, no index column
    assert "<b>hi</b>" not in markup and "&lt;b&gt;hi&lt;/b&gt;" in markup
    assert "7" not in _words(markup)
    assert all(a.get("scope") == "col" for t, a in parsed.tags if t == "th")
    assert "Rules broken" in repr(shown) and "7" not in repr(shown)


def test_rule_share_table_in_words(approaches: pd.DataFrame) -> None:
    frame = content.rule_shares(approaches, "risk", "setting")
    assert list(frame.columns) == ["Setting", "Asks", "Break the rule", "Share"]
    first = frame.iloc[0]
    assert first["Setting"] == "social gathering" and first["Share"] == "71%"
    assert not CODE_WORDS.search(frame.to_string(index=False))


# --- widgets instead of edited arguments ------------------------------------------------------


def test_rule_table_view_redraws_when_a_menu_changes(approaches: pd.DataFrame) -> None:
    view = views.rule_table_view(approaches, rule="effort", by="channel")
    assert isinstance(view, widgets.Box)
    assert view.rule.description and view.by.description
    before = view.table.value
    assert "Channel" in before and "email" in before
    view.by.value = "setting"
    assert "Setting" in view.table.value and "social gathering" in view.table.value
    view.rule.value = "risk"
    assert "71%" in view.table.value
    assert not CODE_WORDS.search(_words(view.table.value))


def test_rule_chart_view_redraws_with_alt_text(approaches: pd.DataFrame) -> None:
    open_before = set(plt.get_fignums())
    view = views.rule_chart_view(approaches, by="setting")
    img = next(a for t, a in _parse(view.chart.value).tags if t == "img")
    assert "setting" in (img["alt"] or "").lower()
    view.by.value = "channel"
    img2 = next(a for t, a in _parse(view.chart.value).tags if t == "img")
    assert "channel" in (img2["alt"] or "").lower() and img2["src"] != img["src"]
    assert set(plt.get_fignums()) == open_before  # no figure left open in pyplot


def test_examples_view_shows_whole_words(approaches: pd.DataFrame) -> None:
    view = views.examples_view(approaches, rule="effort", channel="email")
    first = _words(view.examples.value)
    view.channel.value = "phone"
    assert _words(view.examples.value) != first
    assert "word-break:break-all" not in view.examples.value.replace(" ", "")
    assert "Better" in first and not CODE_WORDS.search(first)


def test_both_rules_view_counts_in_words(approaches: pd.DataFrame) -> None:
    view = views.both_rules_view(approaches, rule="commitment", others=("risk", "effort"))
    words = _words(view.table.value)
    both = int(((approaches["commitment"] == 1) & (approaches["risk"] == 1)).sum())
    assert str(both) in words and "Yes" in words
    view.other.value = "effort"
    assert _words(view.table.value) != words


def test_tie_guess_reveals_after_a_guess() -> None:
    view = views.tie_strength_guess()
    assert view.result.value == "" or "55.6%" not in view.result.value
    view.guess.value = "often"
    assert "55.6%" in view.result.value and "dtype" not in view.result.value


def test_word_count_follows_the_box() -> None:
    from helpable.ui.widgets import rewrite_box

    box = rewrite_box("one two three")
    counted = views.with_word_count(box)
    assert "3" in counted.count.value
    box.text.value = "one two three four five"
    assert "5" in counted.count.value


# --- the stored lessons -----------------------------------------------------------------------


def _cells(name: str) -> list[dict[str, Any]]:
    path = ROOT / "notebooks" / f"{name}.ipynb"
    cells: list[dict[str, Any]] = json.loads(Path(path).read_text(encoding="utf-8"))["cells"]
    return cells


def _src(cell: dict[str, Any]) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def _tags(cell: dict[str, Any]) -> list[str]:
    tags: list[str] = cell.get("metadata", {}).get("tags", [])
    return tags


@pytest.mark.parametrize("name", LESSONS)
def test_no_cell_asks_the_learner_to_edit_code(name: str) -> None:
    for cell in _cells(name):
        if cell["cell_type"] == "code" and "optional" not in _tags(cell):
            assert "✏️" not in _src(cell), _src(cell)[:80]


@pytest.mark.parametrize("name", LESSONS)
def test_shared_text_works_in_voila(name: str) -> None:
    banned = re.compile(r"shift\s*\+\s*enter|run (the|this) (next )?cell|run the cell", re.I)
    for cell in _cells(name):
        if cell["cell_type"] == "markdown" and "lab-only" not in _tags(cell):
            assert not banned.search(_src(cell)), _src(cell)[:120]


@pytest.mark.parametrize("name", LESSONS)
def test_first_screen_says_how_to_use_the_page(name: str) -> None:
    header = next(_src(c) for c in _cells(name) if _src(c).startswith("# "))
    assert "**Time:**" in header and "## What you will learn" in header
    assert "**How to use this page:**" in header


def _output_texts(cell: dict[str, Any]) -> list[str]:
    texts = []
    for output in cell.get("outputs", []):
        if "text" in output:
            texts.append("".join(output["text"]))
        for mime, value in output.get("data", {}).items():
            if mime in ("text/plain", "text/html"):
                texts.append("".join(value) if isinstance(value, list) else value)
    return texts


@pytest.mark.parametrize("name", LESSONS)
def test_stored_outputs_read_as_words(name: str) -> None:
    for cell in _cells(name):
        for text in _output_texts(cell):
            assert 'class="dataframe"' not in text, "a raw pandas table (index, code names)"
            shown = _words(text) if "<" in text else text
            found = CODE_WORDS.search(shown)
            assert not found, (found.group(0), shown[:200])


@pytest.mark.parametrize("name", LESSONS)
def test_every_stored_chart_is_an_img_with_alt_text(name: str) -> None:
    charts_seen = 0
    for cell in _cells(name):
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            assert "image/png" not in data, "a bare PNG has no alt text in Voilà"
            html = data.get("text/html", "")
            html = "".join(html) if isinstance(html, list) else html
            for tag, attrs in _parse(html).tags:
                if tag == "img":
                    charts_seen += 1
                    assert len((attrs.get("alt") or "").split()) > 10
    assert charts_seen >= (0 if name.startswith("01") else 1)


def test_rules_view_shows_the_part_picked() -> None:
    view = views.rules_view()
    assert "Does my ask" in _words(view.table.value)
    view.part.value = "do_instead"
    assert "Do this instead" in _words(view.table.value)
    assert "do_instead" not in view.table.value


def test_rule_card_view_peeks_at_other_rules() -> None:
    view = views.rule_card_view("effort")
    assert "Rule 1" in _words(view.card.value)
    view.rule.value = "risk"
    assert "Rule 2" in _words(view.card.value)


def test_setting_view_checks_the_pitch_again() -> None:
    pitch = "Hey, so who's hiring these days? Any leads and contacts would help."
    view = views.setting_view(pitch, relationship="referred")
    party = view.feedback.value
    view.setting.value = "private"
    assert view.feedback.value != party
    assert "social_gathering" not in _words(party)


def test_relationship_table_counts_every_ask(approaches: pd.DataFrame) -> None:
    shown = tables.relationship_table(approaches)
    words = _words(shown._repr_html_())
    assert "close friend" in words and "close_friend" not in words
    assert str(len(approaches[approaches["relationship"] == "stranger"])) in words
