"""The action plan: making it, friendly validation and the analyzer's check."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import pytest

from helpable.analyzer.engine import analyze
from helpable.content.approaches import RELATIONSHIPS
from helpable.content.rules import rules
from helpable.model.decision import trust_from
from helpable.plan import plan

START = date(2030, 3, 4)  # a fixed Monday well in the future


@pytest.fixture
def good() -> pd.DataFrame:
    return plan.example_plan(START)


def messages_for(frame: pd.DataFrame, today: date = START) -> list[str]:
    return plan.validate_plan(frame, today=today)


def test_example_plan_is_ready(good: pd.DataFrame) -> None:
    assert list(good.columns) == list(plan.COLUMNS)
    assert len(good) == 3 and list(good.index) == [1, 2, 3]
    assert messages_for(good) == []
    assert all(step.lower().startswith(("i will", "i'll")) for step in good["next_step"])
    assert [date.fromisoformat(d) for d in good["date"]][0] == START


def test_example_plan_defaults_to_upcoming_dates() -> None:
    dates = [date.fromisoformat(d) for d in plan.example_plan()["date"]]
    assert all(d > date.today() for d in dates)
    assert plan.validate_plan(plan.example_plan()) == []


def test_trust_comes_from_how_you_know(good: pd.DataFrame) -> None:
    for how, trust in zip(good["how_you_know"], good["trust"], strict=True):
        assert trust == trust_from(how)
    changed = good.copy()
    changed.loc[1, "how_you_know"] = "close_friend"
    assert plan.with_trust(changed).loc[1, "trust"] == trust_from("close_friend")
    changed.loc[2, "how_you_know"] = "my boss"
    assert pd.isna(plan.with_trust(changed).loc[2, "trust"])


@pytest.mark.parametrize("empty", ["", "   ", None, float("nan")])
def test_empty_name(good: pd.DataFrame, empty: object) -> None:
    good.loc[2, "name"] = empty
    found = messages_for(good)
    assert len(found) == 1
    assert found[0].startswith("Row 2") and "name is empty" in found[0]


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("14/03/2030", "YYYY-MM-DD"),
        ("March 14", "YYYY-MM-DD"),
        ("2030-02-30", "not a real date"),
        ("2030-13-01", "not a real date"),
        ("", "date is empty"),
    ],
)
def test_bad_dates(good: pd.DataFrame, value: str, words: str) -> None:
    good.loc[3, "date"] = value
    found = messages_for(good)
    assert len(found) == 1 and words in found[0] and "Dana Brooks" in found[0], found


def test_past_dates(good: pd.DataFrame) -> None:
    later = START + timedelta(days=3)
    found = messages_for(good, today=later)
    passed = [d for d in good["date"] if date.fromisoformat(d) < later]
    assert len(found) == len(passed) >= 1
    assert all("already passed" in m and later.isoformat() in m for m in found)


def test_dates_may_be_date_objects(good: pd.DataFrame) -> None:
    good["date"] = [date.fromisoformat(d) for d in good["date"]]
    assert messages_for(good) == []
    good["date"] = pd.to_datetime(good["date"])
    assert messages_for(good) == []


@pytest.mark.parametrize(
    "step",
    [
        "Maya will call me next week.",
        "Ask Maya to send my resume to her manager",
        "Hope she replies",
        "I will wait for her to call me back.",
        "I'll wait until they get back to me",
    ],
)
def test_next_step_must_be_the_learners_own(good: pd.DataFrame, step: str) -> None:
    good.loc[1, "next_step"] = step
    found = messages_for(good)
    assert len(found) == 1 and found[0].startswith("Row 1 (Maya Chen)")
    assert "I will" in found[0]


@pytest.mark.parametrize(
    "step", ["I will email Maya on Tuesday.", "I’ll text her at 9.", "i'll call"]
)
def test_owned_next_steps_pass(good: pd.DataFrame, step: str) -> None:
    good.loc[1, "next_step"] = step
    assert messages_for(good) == []


def test_asks_that_break_a_rule_are_named(good: pd.DataFrame) -> None:
    ask = "Can you refer me for the analyst job at your company?"
    feedback = analyze(ask, relationship=good.loc[3, "how_you_know"])
    assert feedback.broken  # the analyzer sees a problem, so the plan must too
    good.loc[3, "ask"] = ask
    found = messages_for(good)
    assert len(found) == 1 and found[0].startswith("Row 3 (Dana Brooks)")
    for key in feedback.broken:
        assert rules()[key].label in found[0]
    assert feedback.findings[0].phrase in found[0]


def test_other_problems(good: pd.DataFrame) -> None:
    good.loc[1, "how_you_know"] = "friend"
    good.loc[2, "ask"] = ""
    found = messages_for(good)
    assert len(found) == 2
    assert "'friend'" in found[0] and all(r in found[0] for r in RELATIONSHIPS)
    assert "ask is empty" in found[1]
    assert "needs the column(s): date" in messages_for(good.drop(columns=["date"]))[0]
    assert "empty" in messages_for(good.iloc[0:0])[0]


def test_check_plan_adds_the_analyzers_verdict(good: pd.DataFrame) -> None:
    good.loc[2, "ask"] = "Could you look over my resume and send me a list of openings?"
    checked = plan.check_plan(good)
    assert list(good.columns) == list(plan.COLUMNS)  # the input is not changed
    for label, row in checked.iterrows():
        feedback = analyze(row["ask"], relationship=row["how_you_know"])
        assert row["score"] == feedback.score
        assert set(filter(None, row["broken"].split(", "))) == set(feedback.broken)
        assert row["easy_yes"] == feedback.is_easy_yes, label
    assert not checked.loc[2, "easy_yes"] and checked.loc[1, "easy_yes"]
    with pytest.raises(plan.PlanError, match="ask"):
        plan.check_plan(good.drop(columns=["ask"]))


def test_plan_for_map_fits_the_chart(good: pd.DataFrame) -> None:
    from helpable.ui import charts

    good.loc[2, "ask"] = "Can you refer me for the analyst job?"
    table = plan.plan_for_map(good)
    assert list(table["id"]) == list(good["name"])
    assert table.loc[1, "risk"] == 1
    fig = charts.approaches_on_map(table, annotate=3)
    assert fig.axes


def test_row_problems_in_the_table_use_words_not_keys(good: pd.DataFrame) -> None:
    row = {**good.loc[1].to_dict(), "how_you_know": "", "date": "tomorrow"}
    code = [p.message for p in plan.row_problems(1, row, START)]
    table = [p.message for p in plan.row_problems(1, row, START, in_table=True)]
    assert any("former_colleague" in m for m in code), "typed code needs the keys"
    assert not any("former_colleague" in m or "YYYY" in m for m in table), table
    assert "pick how you know them from the list" in table[0]
    assert "2030-03-11 is March 11, 2030" in table[1]
    assert [p.blocks_export for p in plan.row_problems(1, row, START, in_table=True)] == [
        False,
        True,
    ]
