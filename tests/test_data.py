"""Data loading: every broken edit names the file, row and column."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpable.content.approaches import SCHEMA as APPROACHES
from helpable.content.course import lessons, navigation_markdown
from helpable.content.rules import RULE_KEYS, rule, rules
from helpable.content.tables import DataError, load_table


def _replace_cell(path: Path, row: int, column: str, value: str) -> None:
    """Set one cell (spreadsheet row numbering) of a CSV file."""
    import csv

    with path.open(encoding="utf-8", newline="") as handle:
        table = list(csv.reader(handle))
    table[row - 1][table[0].index(column)] = value
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(table)


def test_rules_load_in_course_order() -> None:
    assert list(rules()) == list(RULE_KEYS)
    assert rule("risk").number == 2
    assert "Risk" in rule("risk").label


def test_unknown_rule_key_gives_friendly_error() -> None:
    with pytest.raises(KeyError, match="Try one of"):
        rule("laziness")


@pytest.mark.parametrize(
    ("filename", "row", "column", "value", "message"),
    [
        ("rules.csv", 3, "key", "rsik", "must be one of"),
        ("rules.csv", 2, "number", "one", "whole number"),
        ("rules.csv", 4, "rule", "", "is empty"),
        ("course.csv", 3, "notebook", "1_intro", "two digits"),
        ("course.csv", 2, "minutes", "900", "between 1 and 180"),
    ],
)
def test_broken_cell_names_file_row_and_column(
    data_copy: Path, filename: str, row: int, column: str, value: str, message: str
) -> None:
    _replace_cell(data_copy / filename, row, column, value)
    from helpable.content import course
    from helpable.content import rules as rules_module

    schema = {"rules.csv": rules_module.SCHEMA, "course.csv": course.SCHEMA}[filename]
    with pytest.raises(DataError) as info:
        load_table(schema)
    text = str(info.value)
    assert text.startswith(f"{filename}, row {row}, column '{column}'")
    assert message in text


def test_duplicate_key_names_both_rows(data_copy: Path) -> None:
    _replace_cell(data_copy / "rules.csv", 3, "key", "effort")
    from helpable.content.rules import SCHEMA

    with pytest.raises(DataError, match=r"rules.csv, row 3, column 'key'.*already used on row 2"):
        load_table(SCHEMA)


def test_unquoted_comma_is_explained(data_copy: Path) -> None:
    path = data_copy / "course.csv"
    row = len(path.read_text(encoding="utf-8").splitlines()) + 1  # the row added below
    path.write_text(path.read_text(encoding="utf-8") + "99_extra,Extra,10,one, two\n", "utf-8")
    from helpable.content.course import SCHEMA

    with pytest.raises(DataError, match=rf"course.csv, row {row}: .*unquoted comma"):
        load_table(SCHEMA)


def test_missing_file_and_missing_column(data_copy: Path) -> None:
    (data_copy / "approaches.csv").unlink(missing_ok=True)
    with pytest.raises(DataError, match="approaches.csv: the file is missing"):
        load_table(APPROACHES)
    (data_copy / "course.csv").write_text("notebook,title\n00_a,A\n", encoding="utf-8")
    from helpable.content.course import SCHEMA

    with pytest.raises(
        DataError, match=r"course.csv, row 1: the header lacks column\(s\): minutes"
    ):
        load_table(SCHEMA)


def test_edit_is_picked_up_without_restart(data_copy: Path) -> None:
    import os

    path = data_copy / "course.csv"
    _replace_cell(path, 2, "title", "Begin here")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10_000_000))
    assert lessons()[0].title == "Begin here"


def test_navigation_links_neighbours() -> None:
    order = [lesson.notebook for lesson in lessons()]
    middle = navigation_markdown(order[2])
    assert f"({order[1]}.ipynb)" in middle and f"({order[3]}.ipynb)" in middle
    assert "Previous" not in navigation_markdown(order[0])
    assert "Next" not in navigation_markdown(order[-1])
