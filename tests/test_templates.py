"""Message templates (data/templates.csv): checked by the analyzer, filled safely, built live."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpable.analyzer.engine import analyze
from helpable.content.tables import DataError
from helpable.content.templates import (
    MAX_FIELD_CHARS,
    example_answers,
    fill,
    template_book,
)
from helpable.ui.state.templates import TemplateBuilderState, build_message
from helpable.ui.widgets.templates import template_builder

KINDS = {"outreach_email", "connection_note", "thank_you", "nudge", "close_the_loop", "reconnect"}


def test_the_course_has_the_six_kinds_of_message() -> None:
    assert KINDS <= set(template_book().templates)


@pytest.mark.parametrize("key", sorted(KINDS))
def test_each_template_filled_with_its_example_breaks_no_rule_and_asks_as_intended(
    key: str,
) -> None:
    template = template_book().templates[key]
    text = fill(template, example_answers(template))
    feedback = analyze(text, purpose=template.purpose)
    assert not feedback.broken, (key, sorted(feedback.broken), text)
    assert feedback.has_ask is template.expects_ask, (key, text)
    assert "{" not in text and "[" not in text


def test_thank_you_notes_ask_for_nothing_and_first_notes_ask() -> None:
    book = template_book().templates
    assert not book["thank_you"].expects_ask and book["thank_you"].purpose == "thanks"
    assert not book["close_the_loop"].expects_ask
    assert book["outreach_email"].expects_ask and book["nudge"].expects_ask


def test_a_learners_braces_are_kept_as_written_and_never_read_as_blanks() -> None:
    template = template_book().templates["thank_you"]
    text = fill(
        template, {"their_name": "{my_name} {0.__class__}", "my_name": "Ana", "advice": "x"}
    )
    assert "{my_name} {0.__class__}" in text
    assert text.endswith("Ana")


def test_an_empty_blank_shows_its_label_so_the_gap_is_plain() -> None:
    template = template_book().templates["thank_you"]
    assert "[Their name]" in fill(template, {})


def test_answers_are_one_line_and_cut_to_the_limit() -> None:
    template = template_book().templates["thank_you"]
    text = fill(template, {"their_name": "A\nB" + "x" * 1000})
    assert "A B" in text and "x" * (MAX_FIELD_CHARS + 1) not in text


def test_missing_blanks_are_named_and_not_checked_yet() -> None:
    built = build_message("outreach_email", {"their_name": "Sam"})
    assert not built.ready and built.feedback is None
    assert "Your name" in built.verdict and "Their name" not in built.verdict


def test_a_risky_ask_typed_into_a_blank_is_caught() -> None:
    answers = example_answers(template_book().templates["connection_note"])
    answers["my_goal"] = "nursing jobs. Could you refer me to your manager"
    built = build_message("connection_note", answers)
    assert not built.ready
    assert built.feedback is not None and "risk" in built.feedback.broken


def test_a_thank_you_that_asks_for_something_is_not_ready() -> None:
    answers = example_answers(template_book().templates["thank_you"])
    answers["advice"] = "networking. Could you keep me in mind if anything opens up"
    built = build_message("thank_you", answers)
    assert not built.ready


@pytest.mark.parametrize("odd", ["", "   ", "🙂" * 500, "مرحبا بالعالم", "\ud800", "x" * 100_000])
def test_odd_input_gives_a_message_never_a_traceback(odd: str) -> None:
    state = TemplateBuilderState.start("reconnect")
    for key in template_book().templates["reconnect"].blanks:
        state.answer(key, odd)
    built = state.build()
    assert built.verdict
    assert len(built.text) < 2_000


def test_the_builder_fills_the_example_and_says_it_is_ready() -> None:
    builder = template_builder("nudge", analyzer=None)
    assert "Fill in" in builder.verdict.value
    builder.example.click()
    assert "Ready" in builder.verdict.value
    assert builder.message.value.startswith("Hi ")
    assert all(box.description for box in builder.blanks.children)


def test_switching_message_keeps_the_blanks_they_share() -> None:
    builder = template_builder("outreach_email")
    builder.fields["their_name"].value = "Sam"
    builder.choice.value = "thank_you"
    assert [b.description for b in builder.blanks.children][0] == "Their name"
    assert builder.fields["their_name"].value == "Sam"
    assert builder.update().text.startswith("Hi Sam,")


def test_the_verdict_and_notes_escape_the_learners_words() -> None:
    builder = template_builder("connection_note")
    builder.example.click()
    builder.fields["my_goal"].value = "<script>x</script> jobs. Could you refer me to your boss"
    builder.update()
    assert "<script>" not in builder.notes.value + builder.verdict.value


def _edit(data: Path, name: str, old: str, new: str) -> None:
    path = data / name
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")


def test_an_unknown_blank_names_file_row_and_column(data_copy: Path) -> None:
    _edit(data_copy, "templates.csv", "{referrer}", "{referer}")
    with pytest.raises(DataError) as error:
        template_book()
    assert "templates.csv, row 2, column 'text'" in str(error.value)
    assert "{referer}" in str(error.value)


def test_a_stray_brace_names_file_row_and_column(data_copy: Path) -> None:
    _edit(data_copy, "templates.csv", '{my_name}"', '{my_name} }"')
    with pytest.raises(DataError) as error:
        template_book()
    assert "templates.csv, row 2, column 'text'" in str(error.value)
