"""Reading a long message piece by piece, so one bad request is not averaged away.

The classifiers score a whole message as one bag of features, L2-normalised:
in a long, friendly email a single "could you refer me to your manager" is a
small share of the evidence and its rule's chance falls under the threshold.
So :func:`span_chances` also scores each *span* of the message alone: every
sentence, and every comma-separated stretch of a sentence that has more than
one ("I am exploring a role, could you refer me to your manager, and ...").
A rule is broken when the whole message reaches its threshold, or when one
span reaches the rule's *span threshold* (``span_threshold_<rule>`` in
``data/model_settings.csv``), chosen like the others on author-held-out
predictions over the training pool (:mod:`helpable.analyzer.train`).

A span counts only when it has the form of a request (:mod:`helpable.analyzer.asking`):
the point is to find a request wherever it sits, not to read news as one. A
score is trusted only when the model knows most of the words it read
(:func:`known_share`): "Muchas gracias por tu ayuda." has one word the model
knows ("gracias") and that word alone must not make a verdict.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from helpable.analyzer.features import MAX_CHARS
from helpable.analyzer.learned import LABELS, Model, Scored, group_chances
from helpable.analyzer.reading import (
    MIN_SPAN_WORDS,
    ClauseRead,
    MessageRead,
    read_message,
)
from helpable.analyzer.segment import Clause, clauses

__all__ = ["MIN_KNOWN_SHARE", "MIN_SPAN_WORDS", "Span", "SpanReading", "span_reading"]

MIN_KNOWN_SHARE = 0.5
"""A score counts only when more than this share of its words are words the model knows."""


@dataclass(frozen=True)
class Span:
    """One piece of a message scored alone: its clauses (spans in the whole text) and their
    reads, the chance of each label, and whether the verdict can be trusted."""

    clauses: list[Clause]
    reads: list[ClauseRead]
    probabilities: Mapping[str, float]
    trusted: bool  # it asks something, in words the model knows


def _share(words: int, known: int) -> float:
    return known / words if words else 1.0


def known_share(scored: Scored) -> float:
    """The share of single words read that the model has a weight for (1.0 for no words)."""
    return _share(scored.words, scored.known_words)


def trusted(scored: Scored) -> bool:
    """True when the model knows enough of the words it scored to give a verdict."""
    return known_share(scored) > MIN_KNOWN_SHARE


@dataclass(frozen=True)
class SpanReading:
    """The spans of a message that ask something, each scored alone: their clauses and
    reads, the chance of each label (rows: spans, columns: :data:`LABELS`), and which
    are trusted."""

    groups: list[list[Clause]]
    reads: list[list[ClauseRead]]
    chances: NDArray[np.float64]
    trusted: NDArray[np.bool_]

    def strongest(self, label: str, bar: float) -> Span | None:
        """The trusted span that gives ``label`` its highest chance, if that reaches ``bar``
        (the first such span on a tie)."""
        if not self.groups:
            return None
        column = self.chances[:, LABELS.index(label)]
        allowed = self.trusted & (column >= bar)
        if not allowed.any():
            return None
        best = int(np.argmax(np.where(allowed, column, -np.inf)))
        chances = dict(zip(LABELS, (float(x) for x in self.chances[best]), strict=True))
        return Span(self.groups[best], self.reads[best], chances, True)

    def best_chances(self) -> dict[str, float]:
        """The highest chance any trusted span gives each label (0.0 when none is read)."""
        rows = self.chances[self.trusted]
        top = rows.max(axis=0) if len(rows) else np.zeros(len(LABELS))
        return {label: max(0.0, float(x)) for label, x in zip(LABELS, top, strict=True)}


def span_reading(model: Model, message: MessageRead) -> SpanReading:
    """Every span of a message that asks something, scored alone in its context, all in
    one pass: each sentence (when there are several), then each comma stretch of a clause
    that has more than one. A span that asks nothing is never trusted, so it is not
    scored."""
    groups: list[list[Clause]] = []
    reads: list[list[ClauseRead]] = []
    sentences: dict[int, list[int]] = {}
    for index, clause in enumerate(message.spans):
        sentences.setdefault(clause.sentence, []).append(index)
    if len(sentences) > 1:
        for members in sentences.values():
            found = [message.reads[i] for i in members]
            if any(read.asks for read in found):
                groups.append([message.spans[i] for i in members])
                reads.append(found)
    for clause, read in zip(message.spans, message.reads, strict=True):
        for piece in read.pieces:
            if piece.read.asks:
                start, end = clause.start + piece.start, clause.start + piece.end
                groups.append([Clause(start, end, clause.sentence, clause.question)])
                reads.append([piece.read])
    columns = [[read.columns for read in found] for found in reads]
    trusted = np.array(
        [
            _share(sum(c.words for c in parts), sum(c.known_words for c in parts)) > MIN_KNOWN_SHARE
            for parts in columns
        ],
        dtype=bool,
    )
    return SpanReading(groups, reads, group_chances(model, message.head_columns, columns), trusted)


def best_span_chances(
    model: Model, text: str, setting: str | None = None, relationship: str | None = None
) -> dict[str, float]:
    """The highest chance any trusted span gives each label (0.0 when none is read)."""
    message = read_message(model, text, clauses(text[:MAX_CHARS]), setting, relationship)
    return span_reading(model, message).best_chances()
