"""Plain-word pieces for the exercise checks' feedback: lists, quotes, sentences, filters.

Every word comes from ``data/strings.csv``. The sentence helpers quote the
part of a pitch that the analyzer flagged, so a learner sees the words in
their place.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from helpable.analyzer.segment import clauses
from helpable.content.filters import AllOf, AnyOf, Condition, Filter, Value
from helpable.content.strings import say


def and_list(items: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    if len(items) < 2:
        return "".join(items)
    return say("answers.and", items=", ".join(items[:-1]), last=items[-1])


def quoted(text: str) -> str:
    """``text`` in curly quotes, its spaces and line breaks made single spaces."""
    return say("answers.quoted", text=" ".join(text.split()))


def sentence_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Where the sentence (or sentences) of ``text`` that hold ``text[start:end]`` begin and end."""
    parts = clauses(text)
    hit = {c.sentence for c in parts if c.start < end and start < c.end}
    spans = [(c.start, c.end) for c in parts if c.sentence in hit]
    if not spans:
        return start, end
    first, last = min(a for a, _ in spans), max(b for _, b in spans)
    while last < len(text) and text[last] in ".!?…":
        last += 1
    return first, last


def sentence(text: str, start: int, end: int) -> str:
    """The sentence (or sentences) of ``text`` that hold ``text[start:end]``."""
    first, last = sentence_span(text, start, end)
    return text[first:last]


SHORT_SENTENCE = 15
"""A sentence of at most this many words is quoted whole; a longer one around the words."""
AROUND = 4
"""How many words either side of a finding to quote from a long sentence."""


def words_around(text: str, start: int, end: int) -> str:
    """The sentence that holds ``text[start:end]``, or a few words either side of it."""
    first, last = sentence_span(text, start, end)
    words = [(first + m.start(), first + m.end()) for m in re.finditer(r"\S+", text[first:last])]
    if len(words) <= SHORT_SENTENCE:
        return text[first:last]
    before = [w for w in words if w[1] <= start]
    after = [w for w in words if w[0] >= end]
    left = min(start, before[-min(AROUND, len(before))][0]) if before else start
    right = max(end, after[min(AROUND, len(after)) - 1][1]) if after else max(end, last)
    lead = "…" if len(before) > AROUND else ""
    tail = "…" if len(after) > AROUND else ""
    return f"{lead}{text[left:right]}{tail}"


def _value(value: Value) -> str:
    if isinstance(value, str):
        return quoted(value.replace("_", " "))
    return str(int(value)) if float(value).is_integer() else str(value)


_OP_WORDS: dict[str, Callable[[str, str], str]] = {
    "==": lambda column, value: say("answers.filter.eq", column=column, value=value),
    "!=": lambda column, value: say("answers.filter.ne", column=column, value=value),
    "<": lambda column, value: say("answers.filter.lt", column=column, value=value),
    "<=": lambda column, value: say("answers.filter.le", column=column, value=value),
    ">": lambda column, value: say("answers.filter.gt", column=column, value=value),
    ">=": lambda column, value: say("answers.filter.ge", column=column, value=value),
}


def _joined(tree: AllOf | AnyOf, left: str, right: str) -> str:
    if isinstance(tree, AllOf):
        return say("answers.filter.and", left=left, right=right)
    return say("answers.filter.or", left=left, right=right)


def filter_words(tree: Filter, nested: bool = False) -> str:
    """A count filter in plain words: ``risk is 1 and setting is “social gathering”``.

    No column or value keeps its underscores (``rules broken is 2 or more``),
    and a group inside another (``(a or b) and c``) is put in brackets.
    """
    if isinstance(tree, Condition):
        return _OP_WORDS[tree.op](tree.column.replace("_", " "), _value(tree.value))
    words = filter_words(tree.parts[0], True)
    for part in tree.parts[1:]:
        words = _joined(tree, words, filter_words(part, True))
    return say("answers.filter.group", inner=words) if nested and len(tree.parts) > 1 else words
