"""The journal look-back: rewrite rows, the example journal and the progress chart."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

from pathlib import Path  # noqa: E402

import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from helpable.content.approaches import load_approaches  # noqa: E402
from helpable.journal.store import STANDARD_COLUMNS, Journal  # noqa: E402
from helpable.ui import charts  # noqa: E402
from helpable.ui.charts.journal import (  # noqa: E402
    empty_message,
    example_journal_frame,
    example_label,
    journal_alt_text,
    journal_progress_chart,
    rewrite_rows,
)
from helpable.ui.state.workshop import pitch_name  # noqa: E402

PNG_HEADER = b"\x89PNG\r\n\x1a\n"
EMPTY_MESSAGE = empty_message()
EXAMPLE_LABEL = example_label()


def _texts(fig: Figure) -> list[str]:
    found = [t.get_text() for t in fig.texts]
    for ax in fig.axes:
        found += [t.get_text() for t in ax.texts]
        found += [ax.get_title(loc="left"), ax.get_xlabel(), ax.get_ylabel()]
        found += [t.get_text() for t in ax.get_yticklabels()]
    for legend in fig.legends:
        found += [t.get_text() for t in legend.get_texts()]
    return found


def _entry(pid: str, broken: list[str], score: int, o_broken: list[str], o_score: int) -> dict:
    return {
        "kind": "rewrite",
        "pitch_id": pid,
        "original": "Could you refer me?",
        "rewrite": "What do you enjoy about your work?",
        "broken": broken,
        "score": score,
        "original_broken": o_broken,
        "original_score": o_score,
        "findings": [],
    }


@pytest.fixture
def journal(tmp_path: Path) -> Journal:
    j = Journal(tmp_path / "journal.jsonl")
    j.append({"kind": "reflection", "notebook": "06_pitch_workshop", "prompt": "p", "text": "t"})
    j.append(_entry("a074", ["risk"], 68, ["effort", "risk", "commitment"], 8))
    j.append(_entry("a074", [], 93, ["effort", "risk", "commitment"], 8))
    return j


def test_rewrite_rows_parses_lists_and_numbers(journal: Journal) -> None:
    rows = rewrite_rows(journal.to_frame())
    assert list(rows["save"]) == [1, 2]
    assert list(rows["pitch_id"]) == ["a074", "a074"]
    assert rows["broken"].tolist() == [["risk"], []]
    assert rows["original_broken"].iloc[0] == ["effort", "risk", "commitment"]
    assert rows["score"].tolist() == [68, 93]
    assert rows.explode("original_broken")["original_broken"].value_counts()["risk"] == 2
    again = rewrite_rows(rows)
    pd.testing.assert_frame_equal(again, rows)


def test_rewrite_rows_of_an_empty_journal(tmp_path: Path) -> None:
    rows = rewrite_rows(Journal(tmp_path / "none.jsonl").to_frame())
    assert rows.empty
    for name in ("save", "pitch_id", "broken", "score", "original_broken", "original_score"):
        assert name in rows
    # the notebook's pandas steps work on it and give empty results, not errors
    assert rows.explode("original_broken")["original_broken"].value_counts().empty
    assert (rows["score"] - rows["original_score"]).empty


def test_rewrite_rows_tolerates_missing_and_odd_values() -> None:
    frame = pd.DataFrame(
        {
            "kind": ["rewrite", "rewrite", "note"],
            "pitch_id": ["a1", "a2", None],
            "broken": ['["risk"]', None, None],
            "score": [50, None, None],
            "original_broken": [None, "not json", None],
            "original_score": [None, 30, None],
        }
    )
    rows = rewrite_rows(frame)
    assert len(rows) == 2
    assert rows["broken"].tolist() == [["risk"], []]
    assert rows["original_broken"].tolist() == [[], ["not json"]]
    assert rows["original_score"].isna().tolist() == [True, False]
    fig = journal_progress_chart(frame)
    assert render_ok(fig)


def render_ok(fig: Figure) -> bool:
    return charts.render_png(fig).startswith(PNG_HEADER)


def test_example_has_the_journal_shape_and_is_marked() -> None:
    frame = example_journal_frame()
    assert list(frame.columns[: len(STANDARD_COLUMNS)]) == list(STANDARD_COLUMNS)
    assert frame.attrs["example"] is True
    assert set(frame["kind"]) == {"rewrite", "reflection"}
    rows = rewrite_rows(frame)
    assert rows.attrs["example"] is True
    assert len(rows) >= 4
    assert (rows["score"] > rows["original_score"]).all()
    assert any(not b for b in rows["broken"]) and any(rows["broken"])


def test_chart_draws_one_row_per_rewrite_with_shapes_and_words(journal: Journal) -> None:
    fig = journal_progress_chart(journal.to_frame())
    assert isinstance(fig, Figure)
    texts = _texts(fig)
    assert "How much easier your rewrites are to say yes to" in texts
    assert any("Ease-of-yes score" in t for t in texts)
    assert any("oldest at the top" in t for t in texts)
    name = pitch_name(load_approaches().set_index("id").loc["a074", "text"], "private", 30)
    assert f"Save 1: {name}" in texts and f"Save 2: {name}" in texts  # words, never an id
    assert "still breaks Risk" in texts and "✓ breaks no rule" in texts
    assert {"Original pitch", "Your rewrite"} <= set(texts)
    markers = {line.get_marker() for line in fig.axes[0].get_lines() if line.get_marker() != "None"}
    assert {"o", "s"} <= markers  # shape, not colour alone
    assert render_ok(fig)


def test_chart_of_the_example_says_it_is_an_example() -> None:
    fig = journal_progress_chart(example_journal_frame())
    assert any(t.startswith(EXAMPLE_LABEL) for t in _texts(fig))
    assert journal_alt_text(example_journal_frame()).startswith(EXAMPLE_LABEL)


def test_empty_journal_gives_a_friendly_message_figure(tmp_path: Path) -> None:
    fig = journal_progress_chart(Journal(tmp_path / "none.jsonl").to_frame())
    assert EMPTY_MESSAGE in _texts(fig)
    assert render_ok(fig)
    assert "no saved rewrites yet" in journal_alt_text(pd.DataFrame(columns=["kind"]))


def test_chart_shows_only_the_last_rewrites(tmp_path: Path) -> None:
    j = Journal(tmp_path / "many.jsonl")
    for n in range(15):
        j.append(_entry(f"a{n:03d}", [], 90, ["risk"], 40))
    fig = journal_progress_chart(j.to_frame(), last=5)
    ax = fig.axes[0]
    top_down = sorted(zip(ax.get_yticks(), ax.get_yticklabels(), strict=True), reverse=True)
    labels = [label.get_text() for _, label in top_down]
    known = load_approaches().set_index("id")
    names = [
        pitch_name(known.loc[f"a{n - 1:03d}", "text"], known.loc[f"a{n - 1:03d}", "setting"], 30)
        for n in range(11, 16)
    ]
    assert labels == [f"Save {n}: {name}" for n, name in zip(range(11, 16), names, strict=True)]
    assert any("your last 5 of 15" in t for t in _texts(fig))


def test_alt_text_gives_the_numbers(journal: Journal) -> None:
    text = journal_alt_text(journal.to_frame())
    assert "2 saved rewrites" in text
    assert "from 8 to 80" in text  # (68 + 93) / 2 = 80.5 rounds to 80
    assert "1 of 2 rewrites break no rule" in text
