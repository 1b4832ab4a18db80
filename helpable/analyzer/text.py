"""Text helpers for the pitch analyzer: a normalised copy of a pitch, and its word count.

The analyzer reads and matches a *normalised* copy of the pitch that
has exactly the same length as the original, so every span found in the copy
is also a valid span of the original text. Normalising:

- lower-cases each character whose lower-case form is one character;
- turns curly quotes and apostrophes into ASCII ``'`` and ``"``;
- turns hyphens and the minus sign into ``-`` (en and em dashes stay, as they
  end a clause), the ellipsis into ``.`` and odd spaces into a plain space.

Clauses and the cue marks (negation, reported speech, the seeker's own
promise) are in :mod:`helpable.analyzer.segment` and
:mod:`helpable.analyzer.features`.
"""

from __future__ import annotations

import re

from helpable.content.mending import REPLACEMENT, SURROGATE

_SAME_LENGTH: dict[int, str] = {
    **{ord(c): "'" for c in "\u2018\u2019\u201a\u201b\u2032\u02bc\u0060\u00b4"},
    **{ord(c): '"' for c in "\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb"},
    **{ord(c): "-" for c in "\u2010\u2011\u2012\u2212"},
    ord("\u2026"): ".",
    **{ord(c): " " for c in "\u00a0\u1680\u202f\u205f\u3000\u2028\u2029"},
    **{cp: " " for cp in range(0x2000, 0x200B)},
}


def _lower_same_length(text: str) -> str:
    """Lower-case ``text`` one character at a time, keeping any that would grow."""
    return "".join(low if len(low := c.lower()) == 1 else c for c in text)


_REPLACEMENTS: tuple[tuple[str, str], ...] = tuple((chr(k), v) for k, v in _SAME_LENGTH.items())


def normalize(text: str) -> str:
    """A same-length, lower-case, ASCII-punctuation copy of ``text`` for matching."""
    folded = text.lower()
    if len(folded) != len(text):
        folded = _lower_same_length(text)
    if not folded.isascii():
        for char, ascii_char in _REPLACEMENTS:  # a few str.replace calls beat str.translate
            if char in folded:
                folded = folded.replace(char, ascii_char)
        if SURROGATE.search(folded):  # a lone surrogate cannot be encoded: mark it in place
            folded = SURROGATE.sub(REPLACEMENT, folded)
    return folded


_NO_WORD = re.compile(r"\s[^\w\s]+(?!\S)")
_NO_WORD_FIRST = re.compile(r"[^\w\s]+(?!\S)")


def word_count(text: str) -> int:
    """How many words the text has: runs between spaces with a letter or digit in them.

    ``don't`` and ``follow-up`` count as one word; a lone dash or emoji counts as none.
    """
    tokens = len(text.split())
    if tokens:
        tokens -= len(_NO_WORD.findall(text))
        tokens -= not text[0].isspace() and _NO_WORD_FIRST.match(text) is not None
    return tokens
