"""A reflection answer: checked, then saved to the journal."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from helpable.content.strings import say
from helpable.ui.state.workshop import (
    JournalLike,
    JournalStore,
    SaveResult,
    append_entry,
    as_journal,
)

MAX_CHARS = 5_000


def reflection_entry(notebook: str, prompt: str, text: object) -> dict[str, Any]:
    """The journal entry for one reflection. Raises ValueError with a friendly message."""
    if not isinstance(text, str):
        raise ValueError(say("reflection.not_text"))
    cleaned = text.strip()
    if not cleaned:
        raise ValueError(say("reflection.empty"))
    if len(cleaned) > MAX_CHARS:
        raise ValueError(say("reflection.too_long", length=len(cleaned), limit=MAX_CHARS))
    return {"kind": "reflection", "notebook": notebook, "prompt": prompt, "text": cleaned}


@dataclass
class ReflectionState:
    """One reflection prompt and where its answers go."""

    notebook: str
    prompt: str
    journal_source: JournalLike | None = None
    _journal: JournalStore | None = None

    def journal(self) -> JournalStore:
        """The journal in use (opened on first use)."""
        if self._journal is None:
            self._journal = as_journal(self.journal_source)
        return self._journal

    def save(self, text: object) -> SaveResult:
        """Save an answer. Never raises: every problem becomes a friendly message.

        A lone surrogate (half a character) is saved as U+FFFD, and the message
        says so; see :func:`helpable.ui.state.workshop.append_entry`.
        """
        try:
            entry = reflection_entry(self.notebook, self.prompt, text)
        except ValueError as exc:  # its message is written for the learner
            return SaveResult(False, str(exc))
        return append_entry(self.journal, entry, self._journal or self.journal_source)
