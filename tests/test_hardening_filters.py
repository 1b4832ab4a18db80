"""Hardening: ``count`` targets in checks.csv are a small filter language, never Python.

A target is parsed and checked when ``checks.csv`` loads, so a typo or a crafted
target is a :class:`DataError` naming the file, row and column, and nothing in it
is ever run.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from helpable.content import checks, filters
from helpable.content.approaches import load_approaches
from helpable.content.tables import DataError, load_table, read_rows
from helpable.ui.answers import CORRECT, SCHEMA, WRONG
from helpable.ui.answers import grade_answer as evaluate

HEADER = "id,notebook,kind,target,hint\n"
LESSON = "03_rule2_risk"


def _cell(text: str) -> str:
    """A CSV cell holding ``text``, quoted."""
    return '"' + text.replace('"', '""') + '"'


def _write_one(path: Path, target: str) -> Path:
    """A checks.csv with one good row (row 2) and one count row (row 3) holding ``target``."""
    path.write_text(
        HEADER
        + f"9.1,{LESSON},classify,a074,Read it again.\n"
        + f"9.2,{LESSON},count,{_cell(target)},Filter and count.\n",
        encoding="utf-8",
    )
    return path


def _append(data_copy: Path, check_id: str, target: str) -> int:
    """Append a count row to the copied checks.csv; return its row number (header is row 1)."""
    path = data_copy / "checks.csv"
    with open(path, "a", encoding="utf-8") as f:
        f.write(f"{check_id},{LESSON},count,{_cell(target)},Filter and count.\n")
    return len(path.read_text(encoding="utf-8").splitlines())


def _count_rows() -> list[tuple[str, str]]:
    table = load_table(SCHEMA)
    rows = table[table["kind"] == "count"]
    assert not rows.empty, "no count checks in data/checks.csv"
    return list(rows[["id", "target"]].itertuples(index=False, name=None))


# --- a typo is a DataError at load, not a SyntaxError in the learner's cell ---------------


@pytest.mark.parametrize(
    "target",
    [
        "risk == 1 and",
        "risk == 1 and and effort == 0",
        "risk = 1",
        "risk == ",
        "(risk == 1 or effort == 1",
        "risk == 1)",
        'channel == "email',
        "risk 1",
        "risk == 1 effort == 0",
    ],
)
def test_a_typo_target_is_a_data_error_naming_file_row_and_column(
    tmp_path: Path, target: str
) -> None:
    path = _write_one(tmp_path / "checks.csv", target)
    with pytest.raises(DataError) as caught:
        read_rows(path, SCHEMA)
    err = caught.value
    assert err.path.name == "checks.csv" and err.row == 3 and err.column == "target"
    assert str(err).startswith("checks.csv, row 3, column 'target': ")


def test_a_typo_target_fails_when_the_file_loads_not_in_the_learners_cell(
    data_copy: Path,
) -> None:
    row = _append(data_copy, "9.50", "risk == 1 and")
    with pytest.raises(DataError, match=rf"checks\.csv, row {row}, column 'target'"):
        evaluate("9.50", 3)
    with pytest.raises(DataError, match=rf"row {row}, column 'target'"):
        load_table(SCHEMA)


# --- a crafted target is rejected at load and never runs ---------------------------------


def _crafted(marker: Path) -> list[str]:
    touch = f"touch {marker}"
    return [
        # This one runs a shell command through DataFrame.query on the old code.
        f"@np._pytesttester.os.system('{touch}') == 0",
        f"@pd.io.common.os.system('{touch}')",
        f"__import__('os').system('{touch}')",
        f"risk == 1 and __import__('os').system('{touch}') == 0",
        "risk.__class__",
        "risk.__class__ == 1",
        "channel.str.len() > 0",
        "risk == 1 & effort == 1",
        "risk == 1 if True else 0",
        "`risk` == 1",
        "risk == [1, 2]",
        "risk == 1; import os",
        "risk == 0x1",
        "risk == 1e3",
    ]


@pytest.mark.parametrize("index", range(14))
def test_a_crafted_target_is_rejected_at_load_and_never_runs(tmp_path: Path, index: int) -> None:
    marker = tmp_path / "pwned"
    target = _crafted(marker)[index]
    path = _write_one(tmp_path / "checks.csv", target)
    with pytest.raises(DataError) as caught:
        read_rows(path, SCHEMA)
    assert (caught.value.row, caught.value.column) == (3, "target")
    assert not marker.exists()


def test_a_crafted_target_never_runs_when_a_learner_checks_an_answer(
    data_copy: Path, tmp_path: Path
) -> None:
    marker = tmp_path / "pwned"
    _append(data_copy, "9.51", f"@np._pytesttester.os.system('touch {marker}') == 0")
    with pytest.raises(DataError, match="column 'target'"):
        evaluate("9.51", 3)
    assert not marker.exists()


def test_count_checks_never_reach_pandas_query_or_eval(monkeypatch: pytest.MonkeyPatch) -> None:
    """Grading works with every Python-evaluating pandas door shut."""
    oracle = load_approaches()
    truths = {check_id: len(oracle.query(target)) for check_id, target in _count_rows()}

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("a count check evaluated text as Python")

    monkeypatch.setattr(pd.DataFrame, "query", refuse)
    monkeypatch.setattr(pd.DataFrame, "eval", refuse)
    monkeypatch.setattr(pd, "eval", refuse)
    for check_id, truth in truths.items():
        assert evaluate(check_id, truth).status == CORRECT
        assert evaluate(check_id, truth + 1).status == WRONG


# --- unknown columns and values outside a column's choices -------------------------------


@pytest.mark.parametrize(
    ("target", "words"),
    [
        ("salary == 1", ["salary", "not a column"]),
        ("Risk == 1", ["Risk", "not a column"]),
        ('risk == 1 and chanel == "email"', ["chanel", "channel"]),
        ('channel == "fax"', ["fax", "email", "linkedin"]),
        ('relationship == "Stranger"', ["Stranger", "close_friend"]),
        ('setting != "party"', ["party", "social_gathering"]),
        ("risk == 2", ["2", "0, 1"]),
        ('risk == "1"', ["risk", "number"]),
        ("channel == 1", ["channel", "quotes"]),
        ("channel == email", ["channel", "quotes"]),
        ('channel < "email"', ["channel", "<"]),
    ],
)
def test_bad_columns_and_values_are_named(tmp_path: Path, target: str, words: list[str]) -> None:
    path = _write_one(tmp_path / "checks.csv", target)
    with pytest.raises(DataError) as caught:
        read_rows(path, SCHEMA)
    err = caught.value
    assert err.path.name == "checks.csv" and err.row == 3 and err.column == "target"
    for word in words:
        assert word in err.message


def test_good_targets_of_every_shape_load(tmp_path: Path) -> None:
    for target in (
        'rules_broken == 0 and relationship == "stranger"',
        "rules_broken >= 2",
        "effort != 1 or risk < 1",
        "(effort == 1 or risk == 1) and commitment == 0",
        "((effort == 1))",
        "channel == 'email'",
        'hard_case == ""',
        'hard_case == "negation" or split == "test"',
        "rules_broken > 0.5",
    ):
        assert len(read_rows(_write_one(tmp_path / "checks.csv", target), SCHEMA)) == 2


# --- the same counts as before ------------------------------------------------------------


def test_every_current_count_target_gives_the_same_count_as_before() -> None:
    approaches = load_approaches()
    for check_id, target in _count_rows():
        oracle = len(approaches.query(target))  # the old way, as the oracle only
        mask = checks.count_filter(target).apply(approaches)
        assert mask.dtype == bool and list(mask.index) == list(approaches.index)
        assert int(mask.sum()) == oracle, (check_id, target)
        assert evaluate(check_id, oracle).status == CORRECT


@pytest.mark.parametrize(
    "target",
    [
        'effort == 1 or risk == 1 and channel == "email"',
        '(effort == 1 or risk == 1) and channel == "email"',
        'effort == 1 and risk == 0 or commitment == 1 and channel != "text"',
        "rules_broken < 2 or rules_broken > 2",
        'rules_broken <= 1 and (relationship == "stranger" or relationship == "referred")',
        "commitment >= 1 or effort != 0 or risk == 1",
        "rules_broken >= -1",
    ],
)
def test_other_targets_match_pandas_query(target: str) -> None:
    approaches = load_approaches()
    assert int(checks.count_filter(target).apply(approaches).sum()) == len(approaches.query(target))


# --- and binds tighter than or ------------------------------------------------------------


def _fields() -> dict[str, filters.Field]:
    return {name: filters.Field("number") for name in ("a", "b", "c")}


def test_and_binds_tighter_than_or() -> None:
    frame = pd.DataFrame({"a": [1, 0, 0, 1], "b": [0, 1, 1, 0], "c": [0, 0, 1, 0]})
    loose = filters.parse("a == 1 or b == 1 and c == 1", _fields())
    left = filters.parse("a == 1 or (b == 1 and c == 1)", _fields())
    right = filters.parse("(a == 1 or b == 1) and c == 1", _fields())
    assert loose == left
    assert list(loose.apply(frame)) == [True, False, True, True]
    assert list(right.apply(frame)) == [False, False, True, False]
    tail = filters.parse("a == 1 and b == 0 or c == 1", _fields())
    assert list(tail.apply(frame)) == [True, False, True, True]


def test_the_tree_is_small_frozen_data() -> None:
    tree = filters.parse("a == 1 or b >= 2 and c != 0", _fields())
    assert tree == filters.AnyOf(
        (
            filters.Condition("a", "==", 1),
            filters.AllOf((filters.Condition("b", ">=", 2), filters.Condition("c", "!=", 0))),
        )
    )
    with pytest.raises(AttributeError):
        tree.parts = ()  # type: ignore[misc]


def test_parsing_is_cached(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    real = filters.parse

    def counting(text: str, fields: object) -> object:
        calls.append(text)
        return real(text, fields)  # type: ignore[arg-type]

    checks.count_filter.cache_clear()
    monkeypatch.setattr(filters, "parse", counting)
    check_id, target = _count_rows()[0]
    truth = len(load_approaches().query(target))
    for _ in range(3):
        assert evaluate(check_id, truth).status == CORRECT
    assert calls.count(target) == 1
