"""data/phrases.csv: every row is valid, useful and safe; a broken row gives a named error."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from helpable.analyzer.engine import KINDS, SCHEMA, STRENGTH_KEYS, analyze, phrase_book
from helpable.content.tables import DataError, read_rows
from helpable.paths import data_file
from helpable.content.rules import RULE_KEYS
from helpable.analyzer.text import normalize, split_alternatives

ROWS = read_rows(data_file("phrases.csv"), SCHEMA)
IDS = [row["id"] for row in ROWS]


def _rows(kind: str) -> list[dict[str, str]]:
    return [row for row in ROWS if row["kind"] == kind]


def test_phrases_csv_loads_and_covers_every_rule_and_strength() -> None:
    book = phrase_book()
    assert {p.kind for p in book.phrases} == set(KINDS)
    rules = {rule for row in _rows("request") for rule in row["rule"].split("+")}
    assert rules == set(RULE_KEYS)
    strengths = {row["rule"] for row in _rows("strength")}
    assert strengths == set(STRENGTH_KEYS) - {"brevity"}  # brevity is counted, not matched


@pytest.mark.parametrize("row", _rows("request"), ids=[r["id"] for r in _rows("request")])
def test_each_request_example_breaks_its_rules(row: dict[str, str]) -> None:
    assert row["example"], "every request row needs an example"
    broken = analyze(row["example"]).broken
    assert set(row["rule"].split("+")) <= broken


@pytest.mark.parametrize("row", _rows("context"), ids=[r["id"] for r in _rows("context")])
def test_each_context_example_is_risk_at_a_party_only(row: dict[str, str]) -> None:
    assert "risk" in analyze(row["example"], setting="social_gathering").broken


@pytest.mark.parametrize("row", _rows("strength"), ids=[r["id"] for r in _rows("strength")])
def test_each_strength_example_shows_its_strength(row: dict[str, str]) -> None:
    keys = {s.key for s in analyze(row["example"]).strengths}
    assert row["rule"] in keys


@pytest.mark.parametrize("row", _rows("gathering"), ids=[r["id"] for r in _rows("gathering")])
def test_each_gathering_example_is_read_as_a_social_event(row: dict[str, str]) -> None:
    assert any("social gathering" in n for n in analyze(row["example"]).notes)


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


@pytest.mark.parametrize("row", ROWS, ids=IDS)
def test_patterns_avoid_nested_unbounded_repeats(row: dict[str, str]) -> None:
    # A group that repeats something unbounded, and is itself repeated without
    # limit, is how a regex takes forever ("catastrophic backtracking").
    assert not re.search(r"[+*]\)[+*]|[+*]\)\{\d*,\}", row["pattern"])
    for piece in split_alternatives(row["pattern"]):
        assert piece, f"{row['id']} has an empty alternative"


def test_patterns_are_lower_case_and_match_their_examples() -> None:
    for row in ROWS:
        assert re.search(row["pattern"], normalize(row["example"] or "x")) or not row["example"]


# ----- a broken row gives an error that names the file, the row and the column --------------


def _write(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


BROKEN = [
    ("pattern", r"\brefer (me", "not a valid regular expression"),
    ("pattern", r"\bRefer me\b", "lower case"),
    ("pattern", r"\brefer me\b|", "empty text"),
    ("pattern", r"(?P<name>refer)", "named group"),
    ("rule", "riks", "use one of"),
    ("rule", "risk+risk", "use one of"),
    ("kind", "sin", "must be one of"),
    ("why", "", "is empty"),
    ("try_instead", "", "needs a better wording"),
    ("example", "Nothing to see here.", "does not match"),
    ("id", "Has Spaces", "lower-case letters"),
]


@pytest.mark.parametrize(
    ("column", "value", "message"), BROKEN, ids=[f"{c}={v!r}" for c, v, _ in BROKEN]
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


def test_an_instructor_can_add_a_row_for_two_rules(data_copy: Path) -> None:
    path = data_copy / "phrases.csv"
    rows = read_rows(path, SCHEMA)
    rows.append(
        {
            **rows[0],
            "id": "risk-tag-me",
            "kind": "request",
            "rule": "risk+commitment",
            "pattern": r"\btag me in\b",
            "why": "Tagging you in my posts ties my name to yours, and it is a job for later.",
            "try_instead": "What do you like to see in a good post?",
            "example": "Could you tag me in your next post about the opening?",
        }
    )
    _write(path, rows)
    feedback = analyze("Could you tag me in your next post about the opening?")
    assert feedback.broken == {"risk", "commitment"}
    assert {f.phrase for f in feedback.findings} == {"tag me in"}
