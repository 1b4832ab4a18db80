"""The ``choice`` checks: answers worked out from the model and the simulation."""

from __future__ import annotations

import pytest

from helpable.content.approaches import RELATIONSHIPS
from helpable.content.tables import DataError, load_table, read_rows
from helpable.model.decision import p_yes, trust_from
from helpable.model.simulate import STRATEGIES, compare
from helpable.ui.answers import (
    BAD_INPUT,
    CHOICES,
    CORRECT,
    NOT_ANSWERED,
    SCHEMA,
    WRONG,
    choice_question,
)
from helpable.ui.answers import grade_answer as evaluate


def _choice_rows() -> list[tuple[str, str]]:
    table = load_table(SCHEMA)
    rows = table[table["kind"] == "choice"]
    assert not rows.empty, "no choice checks in data/checks.csv"
    return list(rows[["id", "target"]].itertuples(index=False, name=None))


def test_every_choice_row_names_a_registered_question() -> None:
    for _, target in _choice_rows():
        question, arg = choice_question(target)
        options = question.options()
        assert len(options) >= 2
        assert question.solve(arg) in options


def test_each_choice_row_accepts_only_its_computed_answer() -> None:
    for check_id, target in _choice_rows():
        question, arg = choice_question(target)
        options = question.options()
        right = question.solve(arg)
        assert evaluate(check_id, right).status == CORRECT
        assert evaluate(check_id, options[right]).status == CORRECT  # the plain name
        assert evaluate(check_id, f"  {options[right].upper()} ").status == CORRECT
        for key in options:
            if key != right:
                result = evaluate(check_id, key)
                assert result.status == WRONG
                verdict = result.message.split("Hint:")[0].lower()
                assert right not in verdict and options[right].lower() not in verdict


@pytest.mark.parametrize("answer", [3, {"stranger"}, ["leads_first"], "the moon"])
def test_choice_bad_input_lists_the_options(answer: object) -> None:
    for check_id, target in _choice_rows():
        result = evaluate(check_id, answer)
        assert result.status == BAD_INPUT
        for key in choice_question(target)[0].options():
            assert f'"{key}"' in result.message


def test_choice_placeholders_are_not_answered() -> None:
    for check_id, _ in _choice_rows():
        assert evaluate(check_id, ...).status == NOT_ANSWERED


def test_risk_cut_helps_strangers_most() -> None:
    """The lesson's point: risk costs most at low trust, so removing it helps strangers most."""
    question = CHOICES["risk_cut_helps_most"]
    gains = {r: p_yes(trust_from(r), 0.0) - p_yes(trust_from(r), 0.6) for r in RELATIONSHIPS}
    assert question.solve("") == max(gains, key=gains.__getitem__) == "stranger"
    assert question.solve("0.9") == "stranger"
    assert set(question.options()) == set(RELATIONSHIPS)


def test_busier_at_the_end_follows_the_simulation() -> None:
    question = CHOICES["busier_at_the_end"]
    assert set(question.options()) == set(STRATEGIES)
    results = compare(seeds=range(40), weeks=12)
    for metric in ("conversations", "contacts_burned", "trust_built"):
        means = {
            key: frame.loc[(frame["metric"] == metric) & (frame["week"] == 12), "mean"].iloc[0]
            for key, frame in results.items()
        }
        assert question.solve(metric) == max(means, key=means.__getitem__)
    assert question.solve("contacts_burned") == "leads_first"
    with pytest.raises(KeyError):
        question.solve("happiness")


def test_an_unknown_choice_question_is_a_data_error(tmp_path) -> None:  # noqa: ANN001
    path = tmp_path / "checks.csv"
    path.write_text(
        "id,notebook,kind,target,hint\n9.1,05_trust_and_risk,choice,who_knows,Think.\n",
        encoding="utf-8",
    )
    with pytest.raises(DataError, match="row 2, column 'target'"):
        read_rows(path, SCHEMA)
    with pytest.raises(KeyError):
        choice_question("who_knows")
