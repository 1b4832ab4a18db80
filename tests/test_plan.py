"""The action plan: friendly validation, the analyzer's check, and the .ics and CSV exports."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import pytest
from icalendar import Calendar

from helpable.plan import plan
from helpable.analyzer.engine import analyze
from helpable.content.approaches import RELATIONSHIPS
from helpable.model.decision import trust_from
from helpable.content.rules import rules

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
    from helpable.ui.charts import maps as charts

    good.loc[2, "ask"] = "Can you refer me for the analyst job?"
    table = plan.plan_for_map(good)
    assert list(table["id"]) == list(good["name"])
    assert table.loc[1, "risk"] == 1
    fig = charts.approaches_on_map(table, annotate=3)
    assert fig.axes


def read_calendar(path: Path) -> Calendar:
    return Calendar.from_ical(path.read_bytes())


def test_ics_parses_back_with_one_event_per_row(good: pd.DataFrame, tmp_path: Path) -> None:
    path = plan.to_ics(good, tmp_path / "follow_ups.ics")
    events = read_calendar(path).walk("VEVENT")
    assert len(events) == len(good)
    for event, (_, row) in zip(events, good.iterrows(), strict=True):
        start = event.decoded("dtstart")
        assert start == date.fromisoformat(row["date"]) and not hasattr(start, "hour")
        assert event.decoded("dtend") == start + timedelta(days=1)
        assert str(event["summary"]) == f"Follow up: {row['name']}"
        description = str(event["description"])
        assert row["ask"] in description and row["next_step"] in description
        assert event.decoded("dtstamp").date() == start
    assert len({str(e["uid"]) for e in events}) == len(events)


def test_ics_is_reproducible_and_uids_follow_the_row(good: pd.DataFrame, tmp_path: Path) -> None:
    first = plan.to_ics(good, tmp_path / "a.ics").read_bytes()
    assert plan.to_ics(good, tmp_path / "b.ics").read_bytes() == first
    changed = good.copy()
    changed.loc[1, "date"] = (START + timedelta(days=1)).isoformat()
    uids = [str(e["uid"]) for e in plan.to_calendar(changed).walk("VEVENT")]
    before = [str(e["uid"]) for e in plan.to_calendar(good).walk("VEVENT")]
    assert uids[0] != before[0] and uids[1:] == before[1:]


def test_ics_refuses_to_overwrite(good: pd.DataFrame, tmp_path: Path) -> None:
    path = tmp_path / "mine.ics"
    path.write_text("keep me", encoding="utf-8")
    with pytest.raises(FileExistsError, match="overwrite=True"):
        plan.to_ics(good, path)
    assert path.read_text(encoding="utf-8") == "keep me"
    plan.to_ics(good, path, overwrite=True)
    assert len(read_calendar(path).walk("VEVENT")) == len(good)


def test_ics_needs_names_and_dates(good: pd.DataFrame, tmp_path: Path) -> None:
    good.loc[1, "name"] = ""
    good.loc[2, "date"] = "next Tuesday"
    with pytest.raises(plan.PlanError) as caught:
        plan.to_ics(good, tmp_path / "x.ics")
    assert "Row 1" in str(caught.value) and "Row 2" in str(caught.value)
    assert not (tmp_path / "x.ics").exists()


def test_csv_round_trip_and_no_overwrite(good: pd.DataFrame, tmp_path: Path) -> None:
    path = plan.to_csv(good, tmp_path / "plan.csv")
    back = plan.read_plan(path)
    pd.testing.assert_frame_equal(back, good, check_dtype=False)
    with pytest.raises(FileExistsError):
        plan.to_csv(good, path)
    good.loc[1, "name"] = "Someone else"
    plan.to_csv(good, path, overwrite=True)
    assert plan.read_plan(path).loc[1, "name"] == "Someone else"


# --- save_plan: both files, free names, friendly messages ------------------------------------


def test_save_plan_writes_both_files_and_names_them(good: pd.DataFrame, tmp_path: Path) -> None:
    message = plan.save_plan(good, tmp_path)
    assert message.startswith("✓") and "my_plan.ics" in message and "my_plan.csv" in message
    assert "3 follow-ups" in message and str(tmp_path) not in message
    assert len(read_calendar(tmp_path / "my_plan.ics").walk("VEVENT")) == len(good)
    pd.testing.assert_frame_equal(plan.read_plan(tmp_path / "my_plan.csv"), good, check_dtype=False)


def test_save_plan_never_replaces_a_file(good: pd.DataFrame, tmp_path: Path) -> None:
    plan.save_plan(good, tmp_path)
    first = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    (tmp_path / "my_plan-3.csv").write_text("someone else's", encoding="utf-8")
    second = plan.save_plan(good, tmp_path)
    assert "my_plan-2.ics" in second and "my_plan-2.csv" in second and "kept" in second
    third = plan.save_plan(good, tmp_path)  # my_plan-3.csv is taken, so the pair moves on
    assert "my_plan-4.ics" in third and "my_plan-4.csv" in third
    assert not (tmp_path / "my_plan-3.ics").exists()
    assert (tmp_path / "my_plan-3.csv").read_text(encoding="utf-8") == "someone else's"
    assert all((tmp_path / name).read_bytes() == data for name, data in first.items())


def test_free_name_keeps_the_pair_together(tmp_path: Path) -> None:
    assert plan.free_name(tmp_path) == "my_plan"
    (tmp_path / "my_plan.csv").write_text("x", encoding="utf-8")
    assert plan.free_name(tmp_path) == "my_plan-2"
    assert plan.free_name(tmp_path, "week1") == "week1"


def test_save_plan_refuses_a_plan_that_cannot_be_exported(
    good: pd.DataFrame, tmp_path: Path
) -> None:
    good.loc[1, "name"] = ""
    good.loc[2, "date"] = "next Friday"
    message = plan.save_plan(good, tmp_path)
    assert message.startswith("⚠ Not saved yet")
    assert "Row 1: the name is empty" in message and "'next Friday'" in message
    assert list(tmp_path.iterdir()) == []


def test_save_plan_counts_problems_that_do_not_block(good: pd.DataFrame, tmp_path: Path) -> None:
    good.loc[1, "ask"] = "Could you keep me in mind?"
    message = plan.save_plan(good, tmp_path)
    assert message.startswith("✓") and "1 thing in your plan still needs work" in message


def test_save_plan_explains_bad_folders_and_names(good: pd.DataFrame, tmp_path: Path) -> None:
    a_file = tmp_path / "not_a_folder"
    a_file.write_text("", encoding="utf-8")
    assert "is a file, not a folder" in plan.save_plan(good, a_file)
    for bad in ("../escape", "", "a/b"):
        assert "cannot be a file name" in plan.save_plan(good, tmp_path, name=bad)
    assert [p.name for p in tmp_path.iterdir()] == ["not_a_folder"]


def test_output_dir_follows_the_env_then_the_journal(
    good: pd.DataFrame, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from helpable.paths import NOTEBOOKS_DIR

    monkeypatch.delenv(plan.OUTPUT_DIR_ENV, raising=False)
    monkeypatch.delenv("HELPABLE_JOURNAL", raising=False)
    assert plan.output_dir() == NOTEBOOKS_DIR  # learners: beside the lessons
    monkeypatch.setenv("HELPABLE_JOURNAL", str(tmp_path / "scratch" / "journal.jsonl"))
    assert plan.output_dir() == tmp_path / "scratch"  # test runs: beside the throwaway journal
    monkeypatch.setenv(plan.OUTPUT_DIR_ENV, str(tmp_path / "out"))
    assert plan.output_dir() == tmp_path / "out"
    assert plan.save_plan(good).startswith("✓")  # the folder is made when it is missing
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["my_plan.csv", "my_plan.ics"]
