"""Reflection prompts: a short written answer, saved to the learner's journal."""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as widgets

MAX_CHARS = 5_000


def reflection_entry(notebook: str, prompt: str, text: str) -> dict[str, Any]:
    """The journal entry for one reflection. Raises ValueError with a friendly message."""
    if not isinstance(text, str):
        raise ValueError("Your reflection should be text.")
    cleaned = text.strip()
    if not cleaned:
        raise ValueError("Write a sentence or two first, then save.")
    if len(cleaned) > MAX_CHARS:
        raise ValueError(
            f"That is {len(cleaned):,} characters. "
            f"Keep it under {MAX_CHARS:,}: a few sentences is plenty."
        )
    return {"kind": "reflection", "notebook": notebook, "prompt": prompt, "text": cleaned}


def reflection(notebook: str, prompt: str, *, journal: Any = None) -> widgets.VBox:
    """A labelled text box and a Save button that stores the answer in the journal."""
    question = widgets.HTML(f"<b>✏️ {html.escape(prompt)}</b>")
    box = widgets.Textarea(
        placeholder="Write a sentence or two here…",
        description="Your answer",
        layout=widgets.Layout(width="95%", height="90px"),
        style={"description_width": "initial"},
    )
    save = widgets.Button(
        description="Save to my journal",
        tooltip="Adds your answer to your journal file",
        icon="save",
        layout=widgets.Layout(width="auto", align_self="flex-start"),
    )
    status = widgets.HTML(value="", description="Status")

    def on_save(_: widgets.Button) -> None:
        from helpable.journal.store import Journal, JournalError

        try:
            entry = reflection_entry(notebook, prompt, box.value)
            target = journal if journal is not None else Journal()
            count = target.append(entry)
        except (ValueError, JournalError) as exc:
            status.value = f"⚠ {html.escape(str(exc))}"
            return
        noun = "entry" if count == 1 else "entries"
        status.value = f"✓ Saved. Your journal now has {count} {noun}."

    save.on_click(on_save)
    panel = widgets.VBox([question, box, save, status])
    panel.text, panel.save, panel.status = box, save, status  # for tests
    return panel
