"""The plan table (lesson 07): add, edit and remove rows, notes beside each row, Save my plan.

The widget is driven as the tests in test_widgets.py drive theirs: set a box's
``value``, ``click()`` a button, read the HTML parts.
"""

from __future__ import annotations

import csv
import re
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from icalendar import Calendar

from helpable.plan import export
from helpable.ui.state import plan as state
from helpable.ui.widgets.plan import PlanRowBox, PlanTable, plan_table

TODAY = date(2030, 3, 1)
GOOD = {
    "name": "Ana Costa",
    "how_you_know": "acquaintance",
    "ask": "I liked your post about hospital billing. What is one skill you would learn first?",
    "next_step": "I will send Ana a short message on LinkedIn.",
    "date": "2030-03-06",
}
SNAKE = re.compile(r"\b[a-z]+_[a-z_]+\b")


def fill(box: PlanRowBox, values: dict[str, str]) -> None:
    for field_name, value in values.items():
        box.fields[field_name].value = value


@pytest.fixture
def table(tmp_path: Path) -> PlanTable:
    return plan_table(folder=tmp_path, today=TODAY)


def test_add_edit_and_remove_rows_with_notes_beside_each(table: PlanTable) -> None:
    assert "no one in it yet" in table.summary.value
    table.add.click()
    table.add.click()
    first, second = table.row_boxes
    assert "name is empty" in first.notes.value and "Row 1" in first.heading.value
    fill(first, GOOD)
    assert "Ready" in first.notes.value and "Ana Costa" in first.heading.value
    fill(second, {**GOOD, "name": "Chris Park", "next_step": "Wait for him to call me."})
    assert "not in your hands yet" in second.notes.value
    assert "Row 2 (Chris Park)" in second.notes.value
    assert "People in your plan: 2. Ready: 1." in table.summary.value
    first.remove.click()
    assert table.row_boxes == [second] and list(table.rows_box.children) == [second]
    assert "Row 1 (Chris Park)" in second.notes.value, "the numbers move up"
    assert len(table.state.frame()) == 1
    assert table.state.frame().loc[1, "name"] == "Chris Park"


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        ("", "the date is empty"),
        ("next Friday", "is not written as year-month-day"),
        ("03/06/2030", "is not written as year-month-day"),
        ("2030-02-30", "is not a real date"),
        ("2030-02-01", "has already passed"),
    ],
)
def test_typed_dates_get_friendly_notes(table: PlanTable, typed: str, words: str) -> None:
    table.add.click()
    (box,) = table.row_boxes
    fill(box, {**GOOD, "date": typed})
    assert words in box.notes.value
    assert "YYYY" not in box.notes.value
    if words != "is not a real date" and words != "has already passed":
        assert "2030-03-08 is March 8, 2030" in box.notes.value  # an example a week on


def test_notes_show_no_code_names(table: PlanTable) -> None:
    table.add.click()
    (box,) = table.row_boxes
    fill(box, {"ask": "Could you keep me in mind?"})
    notes = box.notes.value
    assert "pick how you know them from the list" in notes
    assert not SNAKE.search(notes), notes
    assert "breaks Rule 3" in notes, "the pitch checker's verdict on the ask"
    options = [label for label, _ in box.how.options]
    assert "A former colleague" in options and "former_colleague" not in options


def test_every_part_is_labelled(table: PlanTable) -> None:
    table.add.click()
    (box,) = table.row_boxes
    for part in (box.name, box.how, box.ask, box.step, box.date, box.notes):
        assert part.description.strip(), part
    for button in (box.remove, table.add, table.example, table.save):
        assert button.description.strip() and button.tooltip.strip()
    assert table.save.description == "Save my plan"


def test_parts_wrap_on_a_narrow_screen(table: PlanTable) -> None:
    table.add.click()
    (box,) = table.row_boxes
    for part in box.fields.values():
        assert part.layout.flex_flow == "row wrap" and part.layout.width == "100%"
    (save_row,) = [part for part in table.children if table.save in getattr(part, "children", ())]
    assert table.save.layout.flex == "0 0 auto" and save_row.layout.flex_flow == "row wrap"
    assert table.status in save_row.children, "the result shows next to the button"


def test_save_writes_both_files_under_free_names_and_never_replaces(
    table: PlanTable, tmp_path: Path
) -> None:
    table.add.click()
    fill(table.row_boxes[0], GOOD)
    table.save.click()
    assert "my_plan.ics" in table.status.value and "my_plan.csv" in table.status.value
    assert 'download="my_plan.ics"' in table.status.value
    first = (tmp_path / "my_plan.ics").read_bytes()
    events = Calendar.from_ical(first).walk("VEVENT")
    assert [str(e["summary"]) for e in events] == ["Follow up: Ana Costa"]
    table.row_boxes[0].name.value = "Ana C."
    table.save.click()
    assert "my_plan-2.ics" in table.status.value and "kept as they were" in table.status.value
    assert (tmp_path / "my_plan.ics").read_bytes() == first
    assert (tmp_path / "my_plan-2.csv").exists()
    assert "validate_plan" not in table.status.value and "save_plan(" not in table.status.value


def test_a_plan_that_cannot_be_saved_says_what_to_fix(table: PlanTable, tmp_path: Path) -> None:
    table.save.click()
    assert "Not saved yet" in table.status.value and "empty" in table.status.value
    table.add.click()
    fill(table.row_boxes[0], {**GOOD, "date": "soon"})
    table.save.click()
    assert "click Save my plan again" in table.status.value
    assert "&#x27;soon&#x27; is not written as year-month-day" in table.status.value
    assert "2030-03-08 is March 8, 2030" in table.status.value
    assert "run this cell" not in table.status.value and "YYYY" not in table.status.value
    assert list(tmp_path.iterdir()) == []


def test_a_rule_breaking_ask_saves_with_a_plain_note(table: PlanTable, tmp_path: Path) -> None:
    table.add.click()
    fill(table.row_boxes[0], {**GOOD, "ask": "Could you keep me in mind?"})
    table.save.click()
    assert "See the notes under each person" in table.status.value
    assert (tmp_path / "my_plan.ics").exists()


def test_example_rows_are_marked_and_never_saved_unchanged(
    table: PlanTable, tmp_path: Path
) -> None:
    table.example.click()
    assert len(table.row_boxes) == 3
    assert all("an example to change" in b.heading.value for b in table.row_boxes)
    assert all("This row is an example" in b.notes.value for b in table.row_boxes)
    table.save.click()
    assert "still the example" in table.status.value
    assert list(tmp_path.iterdir()) == []
    table.row_boxes[0].name.value = "Sam Rivera"
    assert "an example" not in table.row_boxes[0].heading.value
    table.row_boxes[2].remove.click()
    table.row_boxes[1].fields["name"].value = "Jo Park"
    table.save.click()
    assert "✓ Saved your plan" in table.status.value, table.status.value
    back = export.read_plan(tmp_path / "my_plan.csv")
    assert list(back["name"]) == ["Sam Rivera", "Jo Park"]


def test_learner_text_is_escaped_and_neutralised(table: PlanTable, tmp_path: Path) -> None:
    table.add.click()
    evil = '<img src=x onerror="alert(1)">'
    fill(table.row_boxes[0], {**GOOD, "name": evil, "next_step": "=HYPERLINK(1)"})
    for markup in (table.row_boxes[0].heading.value, table.row_boxes[0].notes.value):
        assert "<img" not in markup and "&lt;img" in markup
    table.row_boxes[0].step.value = "I will =cmd|' /C calc'!A0"
    table.row_boxes[0].name.value = "=1+1"
    table.save.click()
    assert "<img" not in table.status.value
    with (tmp_path / "my_plan.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert rows[0]["name"] == "'=1+1"


def test_the_table_holds_at_most_max_rows(table: PlanTable) -> None:
    for _ in range(state.MAX_ROWS):
        table.add.click()
    assert table.add.disabled
    with pytest.raises(ValueError, match="the most this table holds"):
        table.state.add()
    table.row_boxes[0].remove.click()
    assert not table.add.disabled


def test_a_very_long_box_blocks_saving_with_a_note(table: PlanTable, tmp_path: Path) -> None:
    table.add.click()
    fill(table.row_boxes[0], {**GOOD, "ask": "word " * 500})
    assert "Keep each box under" in table.row_boxes[0].notes.value
    table.save.click()
    assert "Not saved yet" in table.status.value
    assert list(tmp_path.iterdir()) == []


def test_a_failed_save_is_a_plain_sentence(tmp_path: Path) -> None:
    blocker = tmp_path / "plans"
    blocker.write_text("a file, not a folder", encoding="utf-8")
    table = plan_table(folder=blocker, today=TODAY)
    table.add.click()
    fill(table.row_boxes[0], GOOD)
    table.save.click()
    assert table.status.value.startswith("⚠") and "folder" in table.status.value
    assert "download=" not in table.status.value


def test_practice_table_shows_only_the_rows_and_notes() -> None:
    bad = {
        "name": "",
        "how_you_know": "acquaintance",
        "ask": "Could you keep me in mind?",
        "next_step": "Wait for her to call me.",
        "date": "next Friday",
    }
    table = plan_table([bad], practice=True, today=TODAY)
    (box,) = table.row_boxes
    assert box.how.value == "acquaintance" and box.date.value == "next Friday"
    assert table.save not in table.children and "name is empty" in box.notes.value
    assert box.remove not in box.children, "the row to fix stays"
    fill(box, GOOD)
    assert "Ready" in box.notes.value


def test_read_only_tables_use_words_and_escape() -> None:
    frame = pd.DataFrame([{**GOOD, "name": "<b>Bo</b>", "trust": float("nan")}], index=[1])
    markup = state.plan_view(frame, "Example")._repr_html_()
    assert "&lt;b&gt;Bo" in markup and "<b>Bo" not in markup
    assert "An acquaintance" in markup and "<bdi>acquaintance<" not in markup
    assert "nan" not in markup.lower()
    assert markup.startswith('<div role="region" tabindex="0" aria-label="Example"'), (
        "a table that scrolls sideways on a phone can be reached by keyboard"
    )
    shares = state.rule_shares()
    text = repr(shares) + shares._repr_html_()
    assert "A close friend" in text and not SNAKE.search(text)
    assert all(cell.endswith("%") for row in shares.rows for cell in row[2:])


def test_the_map_shows_the_plan_with_alt_text(table: PlanTable) -> None:
    table.map_button.click()
    assert "Then click Show my plan on the map again" in table.map.value
    table.add.click()
    fill(table.row_boxes[0], GOOD)
    table.map_button.click()
    assert table.map.value.startswith('<img src="data:image/png;base64,')
    assert 'alt="The trust and risk map' in table.map.value
