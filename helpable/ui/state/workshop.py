"""The pitch workshop's state: the list of bad pitches, the one being rewritten,
drafts, feedback and saving to the journal. No widgets here."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import pandas as pd

from helpable.analyzer.feedback import Feedback
from helpable.content.approaches import load_approaches
from helpable.content.mending import mend_text, mend_value
from helpable.content.rules import RULE_KEYS
from helpable.content.strings import say
from helpable.journal import (
    DEFAULT_FILENAME,
    ENV_VAR,
    Journal,
    JournalError,
    default_path,
    kiosk,
)
from helpable.journal.messages import save_failed, unreadable_reason
from helpable.ui.state.pitch import Analyzer, PitchResult, pitch_result


class JournalStore(Protocol):
    """What the widgets need of a journal (a :class:`Journal`, or a test double)."""

    def append(self, entry: Mapping[str, Any]) -> int: ...

    def entries(self) -> list[dict[str, Any]]: ...


JournalLike = JournalStore | str | Path
"""A journal, or the path of one."""


def as_journal(journal: JournalLike | None) -> JournalStore:
    """The journal to use: the one given, one at the path given, or the default."""
    if journal is None:
        return Journal()
    if isinstance(journal, str | Path):
        return Journal(journal)
    return journal


def bad_pitches(frame: pd.DataFrame, rule: str = "all") -> pd.DataFrame:
    """Approaches that break at least one rule, optionally only those breaking ``rule``."""
    frame = frame.copy()
    if "rules_broken" not in frame:
        frame["rules_broken"] = frame[list(RULE_KEYS)].astype(int).sum(axis=1)
    frame = frame[frame["rules_broken"] >= 1]
    if rule != "all":
        if rule not in RULE_KEYS:
            raise ValueError(f"rule must be 'all' or one of {RULE_KEYS}, not {rule!r}")
        frame = frame[frame[rule].astype(int) == 1]
    return frame.reset_index(drop=True)


def rewrite_entry(
    pitch_id: str, original: str, rewrite: str, fb: Feedback, original_fb: Feedback | None
) -> dict[str, Any]:
    """The journal entry for one saved rewrite."""
    return {
        "kind": "rewrite",
        "pitch_id": pitch_id,
        "original": original,
        "rewrite": rewrite,
        "broken": sorted(fb.broken),
        "score": fb.score,
        "original_broken": sorted(original_fb.broken) if original_fb else None,
        "original_score": original_fb.score if original_fb else None,
        "findings": fb.to_dict()["findings"],
    }


def pitches_fixed(entries: Iterable[Mapping[str, Any]]) -> int:
    """How many distinct pitches the journal shows rewritten to zero broken rules."""
    fixed = set()
    for entry in entries:
        if not isinstance(entry, Mapping) or entry.get("kind") != "rewrite":
            continue
        broken = entry.get("broken")
        if isinstance(broken, list | tuple) and len(broken) == 0 and entry.get("pitch_id"):
            fixed.add(str(entry["pitch_id"]))
    return len(fixed)


def progress_text(fixed: int) -> str:
    """'3 pitches rewritten to zero broken rules', with a nudge."""
    key = (
        "workshop.progress_none"
        if not fixed
        else ("workshop.progress_one" if fixed == 1 else "workshop.progress_many")
    )
    return say(key, count=fixed)


def saved_text(count: int) -> str:
    """The confirmation after a save."""
    return say("journal.saved_one" if count == 1 else "journal.saved_many", count=count)


_WHERE_WORDS: dict[str, str] = {
    "social_gathering": "workshop.where.social_gathering",
    "professional_event": "workshop.where.professional_event",
    "workplace": "workshop.where.workplace",
    "private": "workshop.where.private",
}
"""The strings key of a few words for each setting, as a pitch's name uses them."""

NAME_WIDTH = 42
"""A pitch's name keeps at most this many characters of its text."""


def pitch_start(text: object, width: int = NAME_WIDTH) -> str:
    """The first words of ``text``, cut on a word boundary, with '…' when cut."""
    words = " ".join(str("" if text is None else text).split())
    if len(words) <= width:
        return words
    cut = words[: width + 1]
    cut = cut.rsplit(" ", 1)[0] if " " in cut else words[:width]
    return cut.rstrip(" ,;:-–—") + "…"


def pitch_name(text: object, setting: object = None, width: int = NAME_WIDTH) -> str:
    """A pitch as learners see it named: its first words and, in words, where it is made.

    'any chance u could give me a tour of ur… (one to one)'. Never an id.
    """
    start = pitch_start(text, width) or say("workshop.unnamed_pitch")
    key = _WHERE_WORDS.get(str(setting))
    return say("workshop.pitch_name", start=start, where=say(key)) if key else start


def option_label(row: Mapping[str, Any] | pd.Series) -> str:
    """A pitch as a menu entry: its name (see :func:`pitch_name`)."""
    return pitch_name(row.get("text", ""), row.get("setting"))


def same_words(text: object) -> str:
    """``text`` as a duplicate check compares it: mended, spaces collapsed."""
    return " ".join(mend_text(str(text))[0].split())


def already_saved(entries: Iterable[Mapping[str, Any]], pitch_id: str, text: str) -> bool:
    """True when ``entries`` hold a rewrite of ``pitch_id`` with the same words as ``text``."""
    words = same_words(text)
    return any(
        isinstance(e, Mapping)
        and e.get("kind") == "rewrite"
        and str(e.get("pitch_id")) == pitch_id
        and same_words(e.get("rewrite", "")) == words
        for e in entries
    )


@dataclass(frozen=True)
class SaveResult:
    """What happened when the learner clicked Save."""

    ok: bool
    message: str
    count: int = 0
    duplicate: bool = False  # nothing was written: the journal already holds this rewrite


# ---- saving to the journal: every failure becomes a plain sentence


def _failed_file(exc: BaseException, journal: object) -> Path:
    """The file a failed save was about: the error's own, the journal's, or the default."""
    name = getattr(exc, "filename", None)
    if isinstance(name, str | bytes | os.PathLike):
        return Path(os.fsdecode(name))
    where = getattr(journal, "path", None)
    if isinstance(where, Path):
        return where
    if isinstance(journal, str | Path):
        return Path(journal).expanduser()
    try:
        return default_path()
    except (OSError, ValueError):
        return Path(DEFAULT_FILENAME)


def save_problem(exc: BaseException, journal: object = None) -> str:
    """A friendly sentence for a failed save: never an errno, an exception's name or a traceback.

    A :class:`JournalError` already speaks plainly; an ``OSError`` is worded by
    :func:`helpable.journal.messages.save_failed`; anything else (a TypeError or
    ValueError from an entry JSON cannot hold, say) is a fault in the course's
    code, and the learner is told so.
    """
    if isinstance(exc, JournalError):
        message = str(exc)
    elif isinstance(exc, OSError):
        message = save_failed(exc, _failed_file(exc, journal), env_var=ENV_VAR)
    else:
        message = say("journal.save.unexpected")
    return mend_text(message)[0]


def reading_problem(exc: BaseException) -> str:
    """A few plain words on why the journal could not be read."""
    if isinstance(exc, JournalError):
        return mend_text(str(exc))[0]
    if isinstance(exc, OSError):
        return mend_text(unreadable_reason(exc))[0]
    return say("journal.read.unexpected")


def mended_note(replaced: int) -> str:
    """The note after a save that replaced broken characters ('' when none were)."""
    if not replaced:
        return ""
    if replaced == 1:
        return say("journal.mended_one")
    return say("journal.mended_many", count=replaced)


SaveListener = Callable[[SaveResult], None]
"""Told about each save that worked in this kernel (see :func:`on_save`)."""

_SAVE_LISTENERS: list[SaveListener] = []


def on_save(listener: SaveListener) -> Callable[[], None]:
    """Call ``listener(result)`` after every successful :func:`append_entry`; return a stop.

    Calling the returned function stops it. A listener that raises is ignored:
    it never turns a saved entry into a failure.
    """
    _SAVE_LISTENERS.append(listener)

    def stop() -> None:
        if listener in _SAVE_LISTENERS:
            _SAVE_LISTENERS.remove(listener)

    return stop


def _tell_listeners(result: SaveResult) -> SaveResult:
    for listener in list(_SAVE_LISTENERS):
        try:
            listener(result)
        except Exception:  # the entry is saved: a listener's fault must not say otherwise
            pass
    return result


def append_entry(
    open_journal: Callable[[], JournalStore], entry: Mapping[str, Any], where: object = None
) -> SaveResult:
    """Save ``entry`` to the journal ``open_journal()`` gives; never raises.

    Lone surrogates anywhere in the entry are saved as U+FFFD (see
    :mod:`helpable.content.mending`) and the message says so. ``where`` (the
    journal, or its path) names the file in a failure message. After a save
    that worked, each listener of :func:`on_save` is told.
    """
    mended, replaced = mend_value(dict(entry))
    try:
        journal = open_journal()
        where = journal
        count = int(journal.append(mended))
    except Exception as exc:  # every failure becomes a sentence the learner can act on
        return SaveResult(False, save_problem(exc, where))
    # The store may have something to say once, e.g. that it added back entries
    # a hand edit of the file had dropped (test doubles need not have it).
    told = getattr(journal, "take_notice", lambda: None)()
    notes = [n for n in (mended_note(replaced), told) if n]
    return _tell_listeners(SaveResult(True, " ".join([saved_text(count), *notes]), count))


@dataclass
class WorkshopState:
    """Everything the workshop knows, and what each learner action does to it."""

    journal_source: JournalLike | None = None
    approaches: pd.DataFrame | None = None
    analyzer: Analyzer | None = None
    rule: str = "all"
    pitch_id: str | None = None
    load_problem: str = ""
    drafts: dict[str, str] = field(default_factory=dict)
    _original_fb: dict[str, Feedback | None] = field(default_factory=dict)
    _last: tuple[tuple[str, Any, Any], Feedback] | None = None
    _journal: JournalStore | None = None
    _saved: set[tuple[str, str]] = field(default_factory=set)
    _row: tuple[str, pd.DataFrame, pd.Series | None] | None = None  # (pitch id, list, row)
    _clears: int = field(default_factory=lambda: kiosk.times_cleared())  # see _saved_before

    def __post_init__(self) -> None:
        if self.approaches is None:
            try:
                self.approaches = load_approaches()
            except Exception as exc:  # a missing or broken CSV shows in the widget
                self.load_problem = say("workshop.load_failed", problem=str(exc))
                self.approaches = pd.DataFrame(columns=["id", *RULE_KEYS])
        self.all_pitches = bad_pitches(self.approaches)
        self.pitches = self.all_pitches
        self.filter(self.rule)

    # ---- the list of pitches

    def filter(self, rule: str) -> None:
        """Show only pitches that break ``rule`` ('all' for any); select the first."""
        self.rule = rule
        pitches = bad_pitches(self.all_pitches, rule)
        if rule != "all":  # pitches that break only this rule first, so it shows clearly
            pitches = pitches.sort_values("rules_broken", kind="stable").reset_index(drop=True)
        self.pitches = pitches
        ids = self.ids()
        self.pitch_id = ids[0] if ids else None

    def ids(self) -> list[str]:
        return [str(i) for i in self.pitches["id"]]

    def options(self) -> list[tuple[str, str]]:
        """(label, id) for each pitch in the list."""
        return [(option_label(r), str(r["id"])) for _, r in self.pitches.iterrows()]

    def select(self, pitch_id: str | None) -> None:
        self.pitch_id = pitch_id if pitch_id in self.ids() else None

    def next_id(self) -> str | None:
        """The id after the current one, wrapping round."""
        ids = self.ids()
        if not ids:
            return None
        here = ids.index(self.pitch_id) if self.pitch_id in ids else -1
        return ids[(here + 1) % len(ids)]

    @property
    def row(self) -> pd.Series | None:
        """The pitch being rewritten, or None when the list is empty (looked up once per
        pitch and list: every keystroke asks for it)."""
        if self.pitch_id is None:
            return None
        found = self._row
        if found is not None and found[0] == self.pitch_id and found[1] is self.pitches:
            return found[2]
        match = self.pitches[self.pitches["id"].astype(str) == self.pitch_id]
        row = None if match.empty else match.iloc[0]
        self._row = (self.pitch_id, self.pitches, row)
        return row

    def draft(self) -> str:
        """The learner's draft for the current pitch (the original until they edit it)."""
        row = self.row
        if row is None:
            return ""
        return self.drafts.get(str(row["id"]), str(row["text"]))

    def edit(self, text: str) -> None:
        if self.pitch_id is not None:
            self.drafts[self.pitch_id] = text

    # ---- feedback

    def check(self, text: str) -> PitchResult:
        """Feedback on a rewrite of the current pitch, in its setting (cached per text)."""
        row = self.row
        setting = row.get("setting") if row is not None else None
        rel = row.get("relationship") if row is not None else None
        key = (text, setting, rel)
        if self._last is not None and self._last[0] == key:
            return PitchResult(self._last[1])
        result = pitch_result(text, setting=setting, relationship=rel, analyzer=self.analyzer)
        if result.feedback is not None:
            self._last = (key, result.feedback)
        return result

    def original_feedback(self) -> Feedback | None:
        row = self.row
        if row is None:
            return None
        pid = str(row["id"])
        if pid not in self._original_fb:
            self._original_fb[pid] = self.check(str(row["text"])).feedback
        return self._original_fb[pid]

    def model_rewrite(self) -> str:
        row = self.row
        return "" if row is None else str(row.get("better_version", ""))

    # ---- the journal

    def journal(self) -> JournalStore:
        """The journal in use (opened on first use)."""
        if self._journal is None:
            self._journal = as_journal(self.journal_source)
        return self._journal

    def save(self, text: str) -> SaveResult:
        """Save the current rewrite with its feedback. Never raises.

        A lone surrogate in the rewrite is saved as U+FFFD, and the message says so.
        """
        row = self.row
        if row is None:
            return SaveResult(False, say("workshop.pick_first"))
        result = self.check(text)
        if result.feedback is None:
            return SaveResult(False, result.message)
        pid = str(row["id"])
        if self._saved_before(pid, text):
            return SaveResult(False, say("workshop.save_duplicate"), duplicate=True)
        entry = rewrite_entry(
            pid, str(row["text"]), text, result.feedback, self.original_feedback()
        )
        saved = append_entry(self.journal, entry, self._journal or self.journal_source)
        if not saved.ok:
            return SaveResult(False, say("workshop.save_failed", problem=saved.message))
        self._saved.add((pid, same_words(text)))
        return saved

    def _saved_before(self, pitch_id: str, text: str) -> bool:
        """True when this kernel or the journal already holds this rewrite of this pitch.
        What this page saved is forgotten when a kiosk visitor's data is cleared."""
        if self._clears != kiosk.times_cleared():
            self._saved.clear()
            self._clears = kiosk.times_cleared()
        if (pitch_id, same_words(text)) in self._saved:
            return True
        try:
            return already_saved(self.journal().entries(), pitch_id, text)
        except Exception:  # an unreadable journal: the save itself will say what is wrong
            return False

    def progress(self) -> tuple[str, list[str]]:
        """The progress line and any notes about the journal file. Never raises."""
        try:
            journal = self.journal()
            fixed = pitches_fixed(journal.entries())
            problems = [str(p) for p in (getattr(journal, "problems", []) or [])]
        except Exception as exc:
            return say("workshop.progress_unreadable", problem=reading_problem(exc)), []
        return progress_text(fixed), [mend_text(p)[0] for p in problems]


def _rules_word(n: int) -> str:
    return (
        say("words.no_rule")
        if n == 0
        else say("words.one_rule" if n == 1 else "words.n_rules", n=n)
    )


def compare_text(original_fb: Feedback | None, fb: Feedback) -> str:
    """One sentence comparing the rewrite with the original ('' with no original)."""
    if original_fb is None:
        return ""
    before, after = len(original_fb.broken), len(fb.broken)
    text = say(
        "workshop.compare",
        before=_rules_word(before),
        before_score=original_fb.score,
        after=_rules_word(after),
        after_score=fb.score,
    )
    if after < before or fb.score > original_fb.score:
        text += " " + say("workshop.progress_cheer")
    return text
