"""Cutting a pitch into sentences and clauses, with the spans they cover.

A sentence ends at ``.``, ``!``, ``?``, ``…`` or a line break; a clause also
ends at a semicolon, a colon, a dash, or before a contrast word ("but",
"however", "though") that starts a new thought. Spans index the text as given.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_SENTENCE_END = re.compile(r"[.!?\u2026]+(?=\s|$|[\"')\u201d\u2019])|\n+")
_ABBREVIATIONS = ("mr.", "ms.", "dr.", "st.", "mrs.", "prof.", "e.g.", "i.e.")
_CLAUSE_BREAK = re.compile(
    r"[;:](?=\s|$)|\s[-\u2013\u2014]+\s"
    r"|,?\s+(?=(?:but|however|though|although|instead|otherwise)\b)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Clause:
    """One clause: its span in the text, its sentence, and whether that sentence asks."""

    start: int
    end: int
    sentence: int
    question: bool


def clauses(text: str) -> list[Clause]:
    """The clauses of ``text`` in order; blank stretches are left out."""
    out: list[Clause] = []
    pos = 0
    sentence = 0
    for match in _SENTENCE_END.finditer(text):
        end = match.start()
        if match.group() == "." and _abbreviation(text, end):
            continue  # "Mr. Hughes" goes on
        if _sentence(out, text, pos, end, sentence, "?" in match.group()):
            sentence += 1
        pos = match.end()
    _sentence(out, text, pos, len(text), sentence, False)
    return out


def _abbreviation(text: str, dot: int) -> bool:
    word_start = max(text.rfind(" ", 0, dot), text.rfind("\n", 0, dot)) + 1
    return text[word_start : dot + 1].lower() in _ABBREVIATIONS


def _sentence(
    out: list[Clause], text: str, start: int, end: int, number: int, question: bool
) -> bool:
    before = len(out)
    pos = start
    for match in _CLAUSE_BREAK.finditer(text, start, end):
        _add(out, text, pos, match.start(), number, question)
        pos = match.end()
    _add(out, text, pos, end, number, question)
    return len(out) > before


def _add(out: list[Clause], text: str, start: int, end: int, number: int, question: bool) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Clause(start, end, number, question))
