"""Saving the action plan: the .ics and CSV exports, and save_plan's free names and messages."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import pytest
from icalendar import Calendar

from helpable.plan import export, plan

START = date(2030, 3, 4)  # a fixed Monday well in the future


@pytest.fixture
def good() -> pd.DataFrame:
    return plan.example_plan(START)


def read_calendar(path: Path) -> Calendar:
    return Calendar.from_ical(path.read_bytes())


def test_ics_parses_back_with_one_event_per_row(good: pd.DataFrame, tmp_path: Path) -> None:
    path = export.to_ics(good, tmp_path / "follow_ups.ics")
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
    first = export.to_ics(good, tmp_path / "a.ics").read_bytes()
    assert export.to_ics(good, tmp_path / "b.ics").read_bytes() == first
    changed = good.copy()
    changed.loc[1, "date"] = (START + timedelta(days=1)).isoformat()
    uids = [str(e["uid"]) for e in export.to_calendar(changed).walk("VEVENT")]
    before = [str(e["uid"]) for e in export.to_calendar(good).walk("VEVENT")]
    assert uids[0] != before[0] and uids[1:] == before[1:]


def test_ics_refuses_to_overwrite(good: pd.DataFrame, tmp_path: Path) -> None:
    path = tmp_path / "mine.ics"
    path.write_text("keep me", encoding="utf-8")
    with pytest.raises(FileExistsError, match="overwrite=True"):
        export.to_ics(good, path)
    assert path.read_text(encoding="utf-8") == "keep me"
    export.to_ics(good, path, overwrite=True)
    assert len(read_calendar(path).walk("VEVENT")) == len(good)


def test_ics_needs_names_and_dates(good: pd.DataFrame, tmp_path: Path) -> None:
    good.loc[1, "name"] = ""
    good.loc[2, "date"] = "next Tuesday"
    with pytest.raises(plan.PlanError) as caught:
        export.to_ics(good, tmp_path / "x.ics")
    assert "Row 1" in str(caught.value) and "Row 2" in str(caught.value)
    assert not (tmp_path / "x.ics").exists()


def test_csv_round_trip_and_no_overwrite(good: pd.DataFrame, tmp_path: Path) -> None:
    path = export.to_csv(good, tmp_path / "plan.csv")
    back = export.read_plan(path)
    pd.testing.assert_frame_equal(back, good, check_dtype=False)
    with pytest.raises(FileExistsError):
        export.to_csv(good, path)
    good.loc[1, "name"] = "Someone else"
    export.to_csv(good, path, overwrite=True)
    assert export.read_plan(path).loc[1, "name"] == "Someone else"


# --- save_plan: both files, free names, friendly messages ------------------------------------


def test_save_plan_writes_both_files_and_names_them(good: pd.DataFrame, tmp_path: Path) -> None:
    message = export.save_plan(good, tmp_path)
    assert message.startswith("✓") and "my_plan.ics" in message and "my_plan.csv" in message
    assert "3 follow-ups" in message and str(tmp_path) not in message
    assert len(read_calendar(tmp_path / "my_plan.ics").walk("VEVENT")) == len(good)
    pd.testing.assert_frame_equal(
        export.read_plan(tmp_path / "my_plan.csv"), good, check_dtype=False
    )


def test_save_plan_never_replaces_a_file(good: pd.DataFrame, tmp_path: Path) -> None:
    export.save_plan(good, tmp_path)
    first = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    (tmp_path / "my_plan-3.csv").write_text("someone else's", encoding="utf-8")
    second = export.save_plan(good, tmp_path)
    assert "my_plan-2.ics" in second and "my_plan-2.csv" in second and "kept" in second
    third = export.save_plan(good, tmp_path)  # my_plan-3.csv is taken, so the pair moves on
    assert "my_plan-4.ics" in third and "my_plan-4.csv" in third
    assert not (tmp_path / "my_plan-3.ics").exists()
    assert (tmp_path / "my_plan-3.csv").read_text(encoding="utf-8") == "someone else's"
    assert all((tmp_path / name).read_bytes() == data for name, data in first.items())


def test_free_name_keeps_the_pair_together(tmp_path: Path) -> None:
    assert export.free_name(tmp_path) == "my_plan"
    (tmp_path / "my_plan.csv").write_text("x", encoding="utf-8")
    assert export.free_name(tmp_path) == "my_plan-2"
    assert export.free_name(tmp_path, "week1") == "week1"


def test_save_plan_refuses_a_plan_that_cannot_be_exported(
    good: pd.DataFrame, tmp_path: Path
) -> None:
    good.loc[1, "name"] = ""
    good.loc[2, "date"] = "next Friday"
    message = export.save_plan(good, tmp_path)
    assert message.startswith("⚠ Not saved yet")
    assert "Row 1: the name is empty" in message and "'next Friday'" in message
    assert list(tmp_path.iterdir()) == []


def test_save_plan_counts_problems_that_do_not_block(good: pd.DataFrame, tmp_path: Path) -> None:
    good.loc[1, "ask"] = "Could you keep me in mind?"
    message = export.save_plan(good, tmp_path)
    assert message.startswith("✓") and "1 thing in your plan still needs work" in message


def test_save_plan_explains_bad_folders_and_names(good: pd.DataFrame, tmp_path: Path) -> None:
    a_file = tmp_path / "not_a_folder"
    a_file.write_text("", encoding="utf-8")
    assert "is a file, not a folder" in export.save_plan(good, a_file)
    for bad in ("../escape", "", "a/b"):
        assert "cannot be a file name" in export.save_plan(good, tmp_path, name=bad)
    assert [p.name for p in tmp_path.iterdir()] == ["not_a_folder"]


def test_output_dir_follows_the_env_then_the_journal(
    good: pd.DataFrame, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from helpable.paths import NOTEBOOKS_DIR

    monkeypatch.delenv(export.OUTPUT_DIR_ENV, raising=False)
    monkeypatch.delenv("HELPABLE_JOURNAL", raising=False)
    assert export.output_dir() == NOTEBOOKS_DIR  # learners: beside the lessons
    monkeypatch.setenv("HELPABLE_JOURNAL", str(tmp_path / "scratch" / "journal.jsonl"))
    assert export.output_dir() == tmp_path / "scratch"  # test runs: beside the throwaway journal
    monkeypatch.setenv(export.OUTPUT_DIR_ENV, str(tmp_path / "out"))
    assert export.output_dir() == tmp_path / "out"
    assert export.save_plan(good).startswith("✓")  # the folder is made when it is missing
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["my_plan.csv", "my_plan.ics"]


def test_save_plan_files_names_what_it_wrote(good: pd.DataFrame, tmp_path: Path) -> None:
    outcome = export.save_plan_files(good, tmp_path)
    assert outcome.ok and [p.name for p in outcome.files] == ["my_plan.ics", "my_plan.csv"]
    assert outcome.message.startswith("✓ Saved your plan")
    again = export.save_plan_files(good, tmp_path, in_table=True)
    assert [p.name for p in again.files] == ["my_plan-2.ics", "my_plan-2.csv"]
    broken = good.copy()
    broken.loc[1, "date"] = "soon"
    refused = export.save_plan_files(broken, tmp_path, in_table=True)
    assert not refused.ok and refused.files == ()
    assert "click Save my plan again" in refused.message and "run this cell" not in refused.message
    assert "run this cell again" in export.save_plan(broken, tmp_path)
