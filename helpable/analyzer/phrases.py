"""The phrase book, ``data/phrases.csv``: short, readable patterns that point at the
words carrying a rule, with why it costs the helper and what to try instead.

The learned model decides which rules a pitch breaks; a phrase row only says
*where* and *in whose words*. Patterns run on RE2, which takes linear time on
any input, so no edit to the file can make the analyzer slow. See
``data/README.md`` for the columns.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import re2

from helpable.analyzer.text import normalize
from helpable.content.rules import RULE_KEYS
from helpable.content.tables import Column, Schema, read_rows
from helpable.paths import data_file

KINDS: tuple[str, ...] = ("request", "context", "strength")
STRENGTH_KEYS: tuple[str, ...] = (
    "convenience",
    "short_time",
    "advice",
    "owns_follow_up",
    "easy_no",
    "gratitude",
)
MAX_PATTERN = 400
"""Longest pattern, in characters: a phrase row should be readable."""

_OPTIONS = re2.Options()
_OPTIONS.case_sensitive = False
_OPTIONS.max_mem = 8 << 20


def _compile(pattern: str) -> Any:
    return re2.compile(pattern, _OPTIONS)


def _check_pattern(value: str) -> str | None:
    if len(value) > MAX_PATTERN:
        return f"is {len(value)} characters long; keep a pattern under {MAX_PATTERN}"
    try:
        _compile(value)
    except Exception as exc:  # re2 raises its own error type
        return (
            f"is not a pattern RE2 can read ({exc}); lookarounds and backreferences are not allowed"
        )
    return None


def _check_rule(row: dict[str, str]) -> tuple[str, str] | None:
    if row["kind"] == "strength":
        if row["rule"] not in STRENGTH_KEYS:
            return "rule", f"is {row['rule']!r}; a strength is one of: {', '.join(STRENGTH_KEYS)}"
        return None
    parts = row["rule"].split("+")
    if any(p not in RULE_KEYS for p in parts) or len(set(parts)) != len(parts):
        return "rule", f"is {row['rule']!r}; use rule names joined by '+', such as risk+commitment"
    if not row["try_instead"]:
        return "try_instead", "is empty, but a request or context row needs a try-instead"
    return None


def _check_example(row: dict[str, str]) -> tuple[str, str] | None:
    if _check_pattern(row["pattern"]) is None and not _compile(row["pattern"]).search(
        normalize(row["example"])
    ):
        return "example", f"{row['example']!r} does not match the row's own pattern"
    return None


SCHEMA = Schema(
    filename="phrases.csv",
    unique="id",
    columns=(
        Column(
            "id",
            pattern=r"[a-z0-9][a-z0-9_-]*",
            looks_like="ask-time (lower-case letters, digits, - and _)",
        ),
        Column("kind", choices=KINDS),
        Column("rule"),
        Column("pattern", validate=_check_pattern),
        Column("why"),
        Column("try_instead", required=False),
        Column("example"),
    ),
    row_checks=(_check_rule, _check_example),
)


@dataclass(frozen=True)
class Phrase:
    """One row of the phrase book, compiled.

    ``rules`` holds the row's rules in the order written (``risk+commitment``
    names two); ``pattern`` is the compiled RE2 pattern, which matches
    normalised text (see :func:`helpable.analyzer.text.normalize`).
    """

    id: str
    kind: str
    rules: tuple[str, ...]
    pattern: Any
    why: str
    try_instead: str

    def first(self, norm: str) -> tuple[int, int] | None:
        """The first non-empty match in the normalised text, or None."""
        data = norm.encode("utf-8", "surrogatepass")
        match = self.pattern.search(data)  # bytes: RE2 need not convert text and offsets
        if match is None:
            return None
        if match.end() > match.start():
            if len(data) == len(norm):
                return int(match.start()), int(match.end())
            start = len(data[: match.start()].decode("utf-8", "surrogatepass"))
            size = len(data[match.start() : match.end()].decode("utf-8", "surrogatepass"))
            return start, start + size
        spans = self.spans(norm)
        return spans[0] if spans else None

    def spans(self, norm: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
        """Where the pattern matches in the normalised text, between ``start`` and ``end``."""
        stop = len(norm) if end is None else end
        return [m.span() for m in self.pattern.finditer(norm, start, stop) if m.end() > m.start()]


SET_CHARS = 4_000
"""Up to this length, a text is matched against all of a rule's patterns at once."""


@dataclass(frozen=True)
class PhraseBook:
    """The rows by kind, in file order."""

    requests: tuple[Phrase, ...]
    strengths: tuple[Phrase, ...]
    _sets: dict[tuple[str, bool], tuple[tuple[Phrase, ...], Any]] = field(
        default_factory=dict, compare=False, repr=False
    )

    def for_rule(self, rule: str) -> tuple[Phrase, ...]:
        return tuple(p for p in self.requests if rule in p.rules)

    def first_for(
        self, rule: str, norm: str, *, social: bool
    ) -> tuple[Phrase, tuple[int, int]] | None:
        """The first of ``rule``'s rows, in file order, that matches the normalised text,
        and where. Job-talk rows (kind ``context``) count only at a social gathering."""
        key = (rule, social)
        if key not in self._sets:
            rows = tuple(p for p in self.for_rule(rule) if social or p.kind != "context")
            self._sets[key] = (rows, _pattern_set(rows))
        for phrase in self._candidates(key, norm):
            hit = phrase.first(norm)
            if hit:
                return phrase, hit
        return None

    def strengths_in(self, norm: str) -> tuple[Phrase, ...]:
        """The strength rows, in file order, that may match the normalised text (a row
        left out surely does not)."""
        key = ("strength", False)
        if key not in self._sets:
            self._sets[key] = (self.strengths, _pattern_set(self.strengths))
        return self._candidates(key, norm)

    def _candidates(self, key: tuple[str, bool], norm: str) -> tuple[Phrase, ...]:
        rows, together = self._sets[key]
        if together is None or len(norm) > SET_CHARS:
            return rows
        # One pass finds which rows can match; each is then searched alone, in order.
        return tuple(rows[i] for i in sorted(together.Match(norm) or ()))


def _pattern_set(rows: tuple[Phrase, ...]) -> Any:
    """All the rows' patterns as one RE2 set (None when RE2 cannot build it)."""
    if not rows:
        return None
    try:
        together = re2.Set.SearchSet(_OPTIONS)
        for phrase in rows:
            together.Add(phrase.pattern.pattern)
        together.Compile()
    except Exception:  # re2 raises its own error type; the rows are then searched one by one
        return None
    return together


@lru_cache(maxsize=2)
def _book(path: str, stamp: int) -> PhraseBook:
    phrases = [
        Phrase(
            row["id"],
            row["kind"],
            tuple(row["rule"].split("+")),
            _compile(row["pattern"]),
            row["why"],
            row["try_instead"],
        )
        for row in read_rows(Path(path), SCHEMA)
    ]
    return PhraseBook(
        tuple(p for p in phrases if p.kind != "strength"),
        tuple(p for p in phrases if p.kind == "strength"),
    )


def phrase_book(path: Path | None = None) -> PhraseBook:
    """The phrase book, read again when the file changes."""
    path = path or data_file(SCHEMA.filename)
    return _book(str(path), path.stat().st_mtime_ns if path.exists() else 0)
