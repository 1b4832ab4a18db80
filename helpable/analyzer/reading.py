"""Reading a message once, clause by clause.

Each clause is read into a :class:`ClauseRead`: its features, their columns in
the model, whether it has the form of a request (:mod:`helpable.analyzer.asking`),
and its comma stretches, read the same way. Reads are remembered per model and
per clause, so as a learner types only the clause that changed is read again.
The whole message, each sentence and each comma stretch are then scored from
these reads (:func:`score_reads`, :mod:`helpable.analyzer.spans`), exactly as
:func:`helpable.analyzer.learned.score` scores a document.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from helpable.analyzer.asking import clause_asks
from helpable.analyzer.features import (
    MAX_CHARS,
    FeatureSet,
    clause_features,
    context_names,
    event_prefix,
    feature_text,
)
from helpable.analyzer.learned import ClauseColumns, Model, Scored, clause_columns, scored_from
from helpable.analyzer.segment import Clause

MIN_SPAN_WORDS = 3
"""A comma stretch shorter than this is read only inside its sentence."""
READS_KEPT = 20_000
"""How many clause reads a model remembers before it starts again."""
_COMMA = re.compile(r",\s*")
_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)?")


class Piece(NamedTuple):
    """A comma stretch of a clause: where it starts and ends in the clause, and its read."""

    start: int
    end: int
    read: ClauseRead


@dataclass(frozen=True, slots=True)
class ClauseRead:
    """What the analyzer reads in one clause (offsets count from the clause's start)."""

    names: tuple[str, ...]
    offsets: tuple[int, ...]
    ends: tuple[int, ...]
    columns: ClauseColumns
    asks: bool  # it has the form of a request
    pieces: tuple[Piece, ...] = ()  # its comma stretches, when it has more than one


def comma_stretches(body: str) -> list[tuple[int, int]]:
    """The comma-separated stretches of a clause with at least :data:`MIN_SPAN_WORDS`
    words, when the clause has a comma (empty otherwise)."""
    if "," not in body:
        return []
    found: list[tuple[int, int]] = []
    pos = 0
    cuts = [(m.start(), m.end()) for m in _COMMA.finditer(body)] + [(len(body), len(body))]
    for start, end in cuts:
        if len(_WORD.findall(body[pos:start])) >= MIN_SPAN_WORDS:
            found.append((pos, start))
        pos = end
    return found if len(found) > 1 or (found and len(cuts) > 1) else []


_NOTHING = ClauseColumns(np.zeros(0, dtype=np.intp), 0, 0)


def _read(model: Model, raw: str, norm: str, question: bool, event: str, split: bool) -> ClauseRead:
    """A clause's read; a comma stretch (``split`` False) that asks nothing is never scored,
    so its features are left out."""
    asking = norm.replace("`", "'").strip()
    asks = bool(asking) and clause_asks(asking, question)
    if not split and not asks:
        return ClauseRead((), (), (), _NOTHING, False)
    names, offsets, ends = clause_features(norm, question, event)
    pieces = (
        tuple(
            Piece(a, b, _read(model, raw[a:b], norm[a:b], question, event, False))
            for a, b in comma_stretches(raw)
        )
        if split
        else ()
    )
    return ClauseRead(names, offsets, ends, clause_columns(model, names), asks, pieces)


@dataclass(frozen=True)
class MessageRead:
    """A whole message read: its clauses, each clause's read, and its context."""

    spans: list[Clause]
    reads: list[ClauseRead]
    head: list[str]  # the context's feature names
    head_columns: list[int]

    def asks(self) -> bool:
        """True when some clause has the form of a request."""
        return any(read.asks for read in self.reads)


def read_message(
    model: Model, text: str, spans: list[Clause], setting: str | None, relationship: str | None
) -> MessageRead:
    """Read every clause of ``text`` (``spans``: the clauses of ``text[:MAX_CHARS]``)."""
    text = text[:MAX_CHARS]
    norm = feature_text(text)
    event = event_prefix(setting or "")
    cache = model.read_cache
    reads = []
    for clause in spans:
        raw = text[clause.start : clause.end]
        key = (raw, clause.question, event)
        found = cache.get(key)
        if found is None:
            found = _read(model, raw, norm[clause.start : clause.end], clause.question, event, True)
            if len(cache) > READS_KEPT:
                cache.clear()
            cache[key] = found
        reads.append(found)
    head = context_names(setting or "", relationship or "")
    return MessageRead(spans, reads, head, model.index.columns(head).tolist() if head else [])


def score_reads(
    model: Model, message: MessageRead, spans: Sequence[Clause], reads: Sequence[ClauseRead]
) -> Scored:
    """Score some clauses of a message (all of them, a sentence, a comma stretch) in its
    context, as :func:`helpable.analyzer.learned.score` would."""
    features = FeatureSet()
    features.head = list(message.head)
    for clause, read in zip(spans, reads, strict=True):
        features.clause_starts.append(clause.start)
        features.clause_names.append(read.names)
        features.clause_offsets.append(read.offsets)
        features.clause_ends.append(read.ends)
    span = len(reads) < len(message.reads)  # a span recurs as the learner types on elsewhere
    columns = [read.columns for read in reads]
    return scored_from(model, features, message.head_columns, columns, remember=span)
