"""data/parameters.csv: the score's and the model's numbers, checked with file, row and column."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from helpable.analyzer.engine import SCORING, load_scoring
from helpable.content.parameters import parameters
from helpable.content.tables import DataError
from helpable.model.decision import DEFAULT, load_params
from helpable.paths import data_file


def _edited(tmp_path: Path, old: str, new: str) -> Path:
    path = tmp_path / "parameters.csv"
    shutil.copy(data_file("parameters.csv"), path)
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def _row_of(name: str) -> int:
    lines = data_file("parameters.csv").read_text(encoding="utf-8").splitlines()
    return 1 + next(i for i, line in enumerate(lines) if line.startswith(name + ","))


def test_the_shipped_numbers_load() -> None:
    assert DEFAULT == load_params()
    assert SCORING == load_scoring()
    assert 0 < DEFAULT.base_stranger < DEFAULT.base_trusted <= 1
    assert SCORING.base - 3 * SCORING.rule_penalty >= 0


def test_a_tuned_number_changes_the_model(tmp_path: Path) -> None:
    path = _edited(tmp_path, "model.risk_cut,0.85,", "model.risk_cut,0.7,")
    assert load_params(parameters(path)).risk_cut == 0.7


@pytest.mark.parametrize(
    ("old", "new", "name", "column"),
    [
        ("model.risk_cut,0.85,", "model.risk_cut,1.5,", "model.risk_cut", "value"),
        ("model.risk_cut,0.85,", "model.risk_cut,lots,", "model.risk_cut", "value"),
        ("model.risk_cut,0.85,", "model.risk_cut,nan,", "model.risk_cut", "value"),
        ("model.talks_per_week,6,", "model.talks_per_week,6.5,", "model.talks_per_week", "value"),
        # fine alone, wrong together: a stranger may not be likelier to say yes than a friend
        ("model.base_stranger,0.55,", "model.base_stranger,0.99,", "model.base_stranger", "value"),
        (
            "model.trust.referred,0.45,",
            "model.trust.referred,0.95,",
            "model.trust.former_colleague",
            "value",
        ),
        ("model.mix.referred,0.2,", "model.mix.referred,0.3,", "model.mix.stranger", "value"),
        ("score.base,85,0,100", "score.base,85,90,100", "score.base", "value"),
    ],
)
def test_a_broken_edit_names_file_row_and_column(
    tmp_path: Path, old: str, new: str, name: str | None, column: str | None
) -> None:
    path = _edited(tmp_path, old, new)
    with pytest.raises(DataError) as caught:
        table = parameters(path)
        load_params(table)
        load_scoring(table)
    error = caught.value
    assert error.path.name == "parameters.csv"
    if name is not None:
        assert (error.row, error.column) == (_row_of(name), column)
    assert "Traceback" not in str(error)


def test_a_missing_row_is_named(tmp_path: Path) -> None:
    path = _edited(
        tmp_path, "score.strength_cap,15,0,100,Most points all strengths together may add.\n", ""
    )
    with pytest.raises(DataError, match="score.strength_cap") as caught:
        load_scoring(parameters(path))
    assert caught.value.column == "name"
