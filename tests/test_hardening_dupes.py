"""Issue 11 ("duplicates"): one helper where several places shared the same code.

Each test pins what the shared helper promises, so that the places that use it
cannot drift apart again.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from helpable.authoring import conventions
from helpable.cli import collect, report
from helpable.cli.command import Parser
from helpable.content import parameters, quiz, rules, templates
from helpable.content.rules import RULE_KEYS
from helpable.content.tables import Column
from helpable.instructor import links
from helpable.lesson import __all__ as lesson_names
from helpable.ui.widgets.plan import PlanTable, plan_table

# ---- content: a schema names its plain columns in one line


def test_plain_columns_are_required_columns_of_one_kind() -> None:
    from helpable.content.tables import plain

    assert plain("name", "cost") == (Column("name"), Column("cost"))
    assert plain(*RULE_KEYS, kind="flag") == tuple(Column(k, kind="flag") for k in RULE_KEYS)
    assert all(c.required and not c.choices and c.validate is None for c in plain("a", "b"))
    assert plain() == ()


def _kinds(schema: object) -> list[tuple[str, str, bool]]:
    return [(c.name, c.kind, c.required) for c in schema.columns]  # type: ignore[attr-defined]


def test_the_schemas_keep_their_columns_in_order() -> None:
    assert _kinds(rules.SCHEMA) == [
        ("key", "str", True),
        ("number", "int", True),
        *[(name, "str", True) for name in ("name", "cost", "rule", "question", "do_instead")],
        ("icon", "str", False),
    ]
    assert [c.name for c in quiz.SCHEMA.columns][5:8] == list(RULE_KEYS)
    assert [c.kind for c in quiz.SCHEMA.columns][5:8] == ["flag"] * 3
    assert _kinds(parameters.SCHEMA)[1:4] == [(n, "number", True) for n in ("value", "low", "high")]
    assert _kinds(templates.FIELDS_SCHEMA) == [
        (n, "str", True) for n in templates.FIELDS_SCHEMA.names
    ]


def test_both_template_tables_check_their_keys_the_same_way() -> None:
    first, second = templates.FIELDS_SCHEMA.columns[0], templates.SCHEMA.columns[0]
    assert first.pattern == second.pattern and first.name == second.name == "key"
    assert "their_name" in first.looks_like and "thank_you" in second.looks_like
    assert first.looks_like.replace("their_name", "X") == second.looks_like.replace(
        "thank_you", "X"
    )


# ---- cli: "one or more paths" and "--out" are one helper each


def _parser(command: object) -> argparse.ArgumentParser:
    parser = Parser(prog="helpable")
    command.add_arguments(parser)  # type: ignore[attr-defined]
    return parser


def test_collect_and_report_take_paths_and_out_the_same_way(tmp_path: Path) -> None:
    from helpable.cli.options import add_out, add_paths

    parser = Parser(prog="x")
    add_paths(parser, "things", "some things")
    add_out(parser, "where to write")
    args = parser.parse_args(["a", "b", "--out", str(tmp_path)])
    assert args.things == [Path("a"), Path("b")] and args.out == tmp_path
    assert "THINGS [THINGS ...]" in parser.format_usage()
    with pytest.raises(SystemExit):
        parser.parse_args(["a"])  # no default: --out is required
    assert _parser(report).parse_args(["j"]).out == Path("report.html")
    assert _parser(collect).parse_args(["/home", "--out", "o"]).homes == [Path("/home")]
    with pytest.raises(SystemExit):
        _parser(collect).parse_args(["/home"])
    with pytest.raises(SystemExit):
        _parser(report).parse_args([])


# ---- instructor: every link function takes the same course options


WHERE: list[dict[str, str]] = [
    {},
    {"branch": "fall"},
    {"repo": "https://github.com/you/fork.git", "path": "notebooks/07.ipynb", "app": "voila"},
]


@pytest.mark.parametrize("where", WHERE)
def test_a_hub_link_is_the_hub_plus_the_same_nbgitpuller_path(where: dict[str, str]) -> None:
    assert set(where) <= set(links.Where.__annotations__)  # one declaration of the options
    link = links.nbgitpuller_link("https://hub.example.edu/hub/home", **where)
    assert link == "https://hub.example.edu/hub/user-redirect/" + links.nbgitpuller_path(**where)
    assert links.binder_link(**where).startswith("https://mybinder.org/v2/")


@pytest.mark.parametrize("bad", [{"repo": ""}, {"branch": "-x"}, {"path": "../x"}, {"app": "vim"}])
def test_every_link_function_refuses_the_same_bad_options(bad: dict[str, str]) -> None:
    for make in (
        links.nbgitpuller_path,
        links.binder_link,
        lambda **w: links.nbgitpuller_link("https://hub.example.edu", **w),
    ):
        with pytest.raises(links.LinkError):
            make(**bad)


# ---- ui: the plan widget's factory cannot drift from the widget


def test_the_plan_widget_is_a_shell_over_the_state_plan_table_makes(tmp_path: Path) -> None:
    from datetime import date

    from helpable.ui.state.plan import PlanTableState

    state = PlanTableState(folder=tmp_path, name="mine", today=date(2026, 3, 2))
    table = PlanTable(state, [{"who": "Ana"}], practice=True)
    assert table.state is state and len(table.row_boxes) == 1 and table.practice
    made = plan_table(folder=tmp_path, name="mine", today=date(2026, 3, 2), practice=True)
    assert (made.state.folder, made.state.name, made.state.today) == (
        state.folder,
        state.name,
        state.today,
    )
    assert made.practice and "practice" in (plan_table.__doc__ or "")
    assert "plan_table" in lesson_names


# ---- authoring: the action calls are the widgets' names


def test_action_calls_are_the_action_widgets_called() -> None:
    assert conventions.ACTION_CALLS == tuple(f"{n}(" for n in conventions.ACTION_WIDGETS)
    assert len(set(conventions.ACTION_WIDGETS)) == len(conventions.ACTION_WIDGETS) == 22
    assert {"spot_the_sin", "check", "plan_table", "pitch_on_map"} <= set(
        conventions.ACTION_WIDGETS
    )
