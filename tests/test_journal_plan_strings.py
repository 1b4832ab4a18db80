"""The journal and plan packages: their public API, and their sentences as data.

That every key the code asks for is in data/strings.csv, with its fields, is
checked for the whole package in test_architecture.py.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

import helpable.journal
import helpable.plan
from helpable.journal import Journal, entries, store
from helpable.plan import export, plan


def test_packages_export_their_public_api() -> None:
    for package in (helpable.journal, helpable.plan):
        assert package.__doc__ and "TODO" not in package.__doc__
        for name in package.__all__:
            assert getattr(package, name) is not None, name
    assert helpable.journal.Journal is store.Journal
    assert helpable.journal.STANDARD_COLUMNS is entries.STANDARD_COLUMNS
    assert store.STANDARD_COLUMNS is entries.STANDARD_COLUMNS  # older imports keep working
    assert helpable.plan.save_plan is export.save_plan
    assert helpable.plan.validate_plan is plan.validate_plan


def test_an_edited_string_reaches_the_learner(data_copy: Path, tmp_path: Path) -> None:
    path = data_copy / "strings.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    for row in rows:
        if row[0] == "journal.status.empty":
            row[1] = "Nothing saved yet; it will go to {where}"
        if row[0] == "plan.empty":
            row[1] = "Add someone to your plan."
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    assert Journal(tmp_path / "j.jsonl").status().startswith("Nothing saved yet; it will go to ")
    empty = plan.example_plan().iloc[0:0]
    assert plan.validate_plan(empty) == ["Add someone to your plan."]


# --- Messages built from several strings -----------------------------------------------------


def test_many_damaged_and_cut_off_lines_are_summed_up(tmp_path: Path) -> None:
    path = tmp_path / "my_journal.jsonl"
    path.write_bytes(b'{"n": 1}\n' + b'{"n": \n' * 7 + b"junk\nmore junk\n")
    journal = Journal(path)
    problems = journal.problems
    assert len(problems) == 5 + 1 + 1
    assert problems[5].endswith("2 more cut-off lines were skipped.")
    assert "is damaged: line 9 is not a journal entry (1 more lines cannot be read" in problems[6]
    status = journal.status()
    assert status.startswith("Your journal has 1 entry in ")
    assert status.endswith(" and 1 older file beside it (7 problems: see .problems)")


def test_status_counts_older_files(tmp_path: Path) -> None:
    path = tmp_path / "my_journal.jsonl"
    path.write_bytes(b"junk\n")
    (tmp_path / "my_journal.recovered-1.jsonl").write_bytes(b"junk\n")
    status = Journal(path).status()
    assert status.startswith("Your journal has 0 entries in ")
    assert status.endswith("and 2 older files beside it (2 problems: see .problems)")


@pytest.mark.parametrize(("rows", "words"), [(1, "1 follow-up to"), (3, "3 follow-ups to")])
def test_save_message_counts_follow_ups(tmp_path: Path, rows: int, words: str) -> None:
    from datetime import date

    frame = plan.example_plan(date(2030, 3, 4)).iloc[:rows]
    message = export.save_plan(frame, tmp_path)
    assert message.splitlines()[1] == f"  my_plan.ics  {words} import into your calendar"
