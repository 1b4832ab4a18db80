"""data/phrases.csv: every row is valid, useful and safe; a broken row gives a named error."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from helpable.analyzer.engine import analyze
from helpable.analyzer.phrases import KINDS, SCHEMA, STRENGTH_KEYS, phrase_book
from helpable.analyzer.text import normalize
from helpable.content.rules import RULE_KEYS
from helpable.content.tables import DataError, read_rows
from helpable.paths import data_file

ROWS = read_rows(data_file("phrases.csv"), SCHEMA)
IDS = [row["id"] for row in ROWS]


def _rows(kind: str) -> list[dict[str, str]]:
    return [row for row in ROWS if row["kind"] == kind]


def test_phrases_csv_loads_and_covers_every_rule_and_strength() -> None:
    book = phrase_book()
    assert {p.kind for p in (*book.requests, *book.strengths)} == set(KINDS)
    rules = {rule for row in _rows("request") for rule in row["rule"].split("+")}
    assert rules == set(RULE_KEYS)
    assert {row["rule"] for row in _rows("strength")} == set(STRENGTH_KEYS)


@pytest.mark.parametrize("row", _rows("request"), ids=[r["id"] for r in _rows("request")])
def test_each_request_example_breaks_one_of_its_rules_and_is_pointed_at(row: dict[str, str]) -> None:
    feedback = analyze(row["example"])
    assert set(row["rule"].split("+")) & feedback.broken, row["example"]


@pytest.mark.parametrize("row", _rows("context"), ids=[r["id"] for r in _rows("context")])
def test_each_context_example_is_risk_at_a_party(row: dict[str, str]) -> None:
    assert "risk" in analyze(row["example"], setting="social_gathering").broken


@pytest.mark.parametrize("row", _rows("strength"), ids=[r["id"] for r in _rows("strength")])
def test_each_strength_example_shows_its_strength(row: dict[str, str]) -> None:
    keys = {s.key for s in analyze(row["example"]).strengths}
    assert row["rule"] in keys


@pytest.mark.parametrize("row", _rows("request") + _rows("context"), ids=lambda r: r["id"])
def test_learner_text_is_short_plain_and_one_sentence(row: dict[str, str]) -> None:
    why = row["why"]
    assert why[0].isupper() and why.endswith(".")
    assert len(re.findall(r"[.!?](?:\s|$)", why)) == 1, "why is one sentence"
    assert len(why.split()) <= 25
    assert row["try_instead"].strip()
    assert len(row["try_instead"].split()) <= 25
    long_words = [
        w for w in re.findall(r"[A-Za-z]+", why + " " + row["try_instead"]) if len(w) > 13
    ]
    assert not long_words, "keep the words plain"


def test_why_is_from_the_helpers_point_of_view() -> None:
    for row in _rows("request") + _rows("context"):
        assert re.search(r"\b(?:I|me|my)\b", row["why"]), row["id"]


def test_patterns_match_their_examples_and_stay_readable() -> None:
    for phrase, row in zip((*phrase_book().requests, *phrase_book().strengths), ROWS, strict=False):
        assert len(row["pattern"]) <= 400
    for row in ROWS:
        pattern = next(p for p in (*phrase_book().requests, *phrase_book().strengths) if p.id == row["id"])
        assert pattern.spans(normalize(row["example"])), row["id"]


def test_a_runaway_pattern_cannot_hang_the_analyzer(data_copy: Path) -> None:
    """RE2 runs in linear time, so a pattern that backtracks forever in Python's re is harmless."""
    path = data_copy / "phrases.csv"
    rows = read_rows(path, SCHEMA)
    rows[0]["pattern"], rows[0]["example"] = r"(a+)+$|\b(\w+\s?)+$", "aaaa"
    _write(path, rows)
    feedback = analyze("a" * 4_990 + "!" + " Could you review my resume? " * 2)
    assert feedback.word_count > 0


# ----- a broken row gives an error that names the file, the row and the column --------------


def _write(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


BROKEN = [
    ("pattern", r"\brefer (me", "not a pattern RE2 can read"),
    ("pattern", r"(?<=please )refer", "not a pattern RE2 can read"),
    ("pattern", "x" * 401, "keep a pattern under 400"),
    ("rule", "riks", "rule names joined by '+'"),
    ("rule", "risk+risk", "rule names joined by '+'"),
    ("kind", "sin", "must be one of"),
    ("why", "", "is empty"),
    ("try_instead", "", "needs a try-instead"),
    ("example", "Nothing to see here.", "does not match"),
    ("id", "Has Spaces", "lower-case letters"),
]


@pytest.mark.parametrize(
    ("column", "value", "message"), BROKEN, ids=[f"{c}={v[:20]!r}" for c, v, _ in BROKEN]
)
def test_a_broken_row_names_file_row_and_column(
    data_copy: Path, column: str, value: str, message: str
) -> None:
    path = data_copy / "phrases.csv"
    rows = read_rows(path, SCHEMA)
    index = next(i for i, r in enumerate(rows) if r["kind"] == "request")
    rows[index][column] = value
    _write(path, rows)
    with pytest.raises(DataError) as info:
        analyze("Could you refer me?")
    error = info.value
    assert error.path.name == "phrases.csv"
    assert error.row == index + 2  # the header is row 1
    assert error.column == column
    assert message in str(error)
    assert str(error).startswith(f"phrases.csv, row {index + 2}, column '{column}'")


def test_a_duplicate_id_is_named(data_copy: Path) -> None:
    path = data_copy / "phrases.csv"
    rows = read_rows(path, SCHEMA)
    rows[1]["id"] = rows[0]["id"]
    _write(path, rows)
    with pytest.raises(DataError, match=r"phrases\.csv, row 3, column 'id'.*already used"):
        analyze("hello there")


def test_a_missing_phrases_file_is_a_data_error(data_copy: Path) -> None:
    (data_copy / "phrases.csv").unlink()
    with pytest.raises(DataError, match=r"phrases\.csv: the file is missing"):
        analyze("hello there")


def test_an_edit_to_phrases_csv_is_picked_up(data_copy: Path) -> None:
    path = data_copy / "phrases.csv"
    rows = read_rows(path, SCHEMA)
    row = next(r for r in rows if r["id"] == "risk-refer")
    row["why"] = "Edited: a referral puts my name on the line for you."
    _write(path, rows)
    feedback = analyze("Would you refer me for the analyst role?")
    assert any(f.why.startswith("Edited:") for f in feedback.findings_for("risk"))
