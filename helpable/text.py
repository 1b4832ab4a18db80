"""Text helpers for the pitch analyzer.

The analyzer matches patterns against a *normalised* copy of the pitch that
has exactly the same length as the original, so every span found in the copy
is also a valid span of the original text. Normalising:

- lower-cases each character whose lower-case form is one character;
- turns curly quotes and apostrophes into ASCII ``'`` and ``"``;
- turns dashes into ``-``, the ellipsis into ``.`` and odd spaces into a
  plain space.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

_SAME_LENGTH: dict[int, str] = {
    **{ord(c): "'" for c in "\u2018\u2019\u201a\u201b\u2032\u02bc\u0060\u00b4"},
    **{ord(c): '"' for c in "\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb"},
    **{ord(c): "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"},
    ord("\u2026"): ".",
    **{ord(c): " " for c in "\u00a0\u1680\u202f\u205f\u3000\u2028\u2029"},
    **{cp: " " for cp in range(0x2000, 0x200B)},
}


_TABLE: dict[int, str] = {k: v for k, v in _SAME_LENGTH.items()}


def _lower_same_length(text: str) -> str:
    """Lower-case ``text`` one character at a time, keeping any that would grow."""
    return "".join(low if len(low := c.lower()) == 1 else c for c in text)


def normalize(text: str) -> str:
    """A same-length, lower-case, ASCII-punctuation copy of ``text`` for matching."""
    folded = text.lower()
    if len(folded) != len(text):
        folded = _lower_same_length(text)
    if not folded.isascii():
        folded = folded.translate(_TABLE)
    return folded


_WORD = re.compile(r"[^\W_]+(?:['\-][^\W_]+)*")


def word_count(text: str) -> int:
    """How many words the text has (``don't`` and ``follow-up`` count as one)."""
    return sum(1 for _ in _WORD.finditer(text))


_CLAUSE_BREAK = re.compile(
    r"[.!?;:\n]+|\s-+\s|\(|\)|,\s*(?:and|or|so)\b"
    r"|\b(?:but|however|though|although|instead|anyway|otherwise|rather)\b"
)
_SENTENCE_BREAK = re.compile(r"[.!?\n]+")


@dataclass(frozen=True)
class Segments:
    """Clause and sentence boundaries of one normalised text, for quick look-ups."""

    clause_starts: tuple[int, ...]
    sentence_starts: tuple[int, ...]
    length: int

    def clause_start(self, pos: int) -> int:
        """Where the clause holding ``pos`` begins."""
        return self.clause_starts[bisect.bisect_right(self.clause_starts, pos) - 1]

    def sentence_start(self, pos: int) -> int:
        """Where the sentence holding ``pos`` begins."""
        return self.sentence_starts[bisect.bisect_right(self.sentence_starts, pos) - 1]

    def sentence_end(self, pos: int) -> int:
        """Where the sentence holding ``pos`` ends (the index after its last character)."""
        i = bisect.bisect_right(self.sentence_starts, pos)
        return self.sentence_starts[i] if i < len(self.sentence_starts) else self.length


def segments(norm: str) -> Segments:
    """Clause and sentence starts of a normalised text."""
    clauses = [0] + [m.end() for m in _CLAUSE_BREAK.finditer(norm)]
    sentences = [0] + [m.end() for m in _SENTENCE_BREAK.finditer(norm)]
    return Segments(tuple(clauses), tuple(sentences), len(norm))


_QUOTED = re.compile(r'"[^"\n]{0,400}"|(?<!\w)\'[^\'\n]{1,400}?\'(?!\w)')


def quoted_spans(norm: str) -> list[tuple[int, int]]:
    """Spans of text inside double quotes, or single quotes used as quote marks."""
    return [(m.start(), m.end()) for m in _QUOTED.finditer(norm)]


def inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """True when ``start:end`` lies within one of the sorted, non-overlapping ``spans``."""
    i = bisect.bisect_right(spans, (start, float("inf"))) - 1
    return i >= 0 and spans[i][0] <= start and end <= spans[i][1]
