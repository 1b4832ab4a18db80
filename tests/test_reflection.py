"""Reflection prompts: answers are saved to the journal, bad input gets a friendly note."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpable.journal.store import Journal
from helpable.ui.state.reflection import MAX_CHARS, reflection_entry
from helpable.ui.widgets.reflection import reflection


def test_entry_is_trimmed_and_labelled() -> None:
    entry = reflection_entry("03_rule2_risk", "When?", "  Once, at a wedding.  ")
    assert entry == {
        "kind": "reflection",
        "notebook": "03_rule2_risk",
        "prompt": "When?",
        "text": "Once, at a wedding.",
    }


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Write a sentence"),
        ("   ", "Write a sentence"),
        ("x" * (MAX_CHARS + 1), "Keep it under"),
        (42, "should be text"),
    ],
)
def test_bad_answers_raise_friendly_errors(text: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        reflection_entry("01_networking_is_relationships", "Why?", text)  # type: ignore[arg-type]


def test_save_appends_to_the_journal_and_confirms(journal_path: Path) -> None:
    panel = reflection("02_rule1_effort", "What legwork is yours?")
    panel.text.value = "I will research companies myself. 😀 مرحبا"
    panel.save.click()
    assert "Your journal now has 1 entry." in panel.status.value
    entries = Journal(journal_path).entries()
    assert entries[-1]["text"] == "I will research companies myself. 😀 مرحبا"
    panel.save.click()
    assert "Your journal now has 2 entries." in panel.status.value
    assert len(Journal(journal_path).entries()) == 2


def test_empty_save_writes_nothing(journal_path: Path) -> None:
    panel = reflection("02_rule1_effort", "What legwork is yours?")
    panel.save.click()
    assert "Write a sentence" in panel.status.value
    assert not journal_path.exists() or Journal(journal_path).entries() == []


def test_prompt_and_errors_are_escaped(journal_path: Path) -> None:
    panel = reflection("02_rule1_effort", "<script>alert(1)</script>")
    assert "<script>" not in panel.children[0].value
    assert "&lt;script&gt;" in panel.children[0].value
    assert panel.text.description and panel.save.description
