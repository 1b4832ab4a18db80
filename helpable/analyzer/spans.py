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

import re
from collections.abc import Mapping
from dataclasses import dataclass

from helpable.analyzer.asking import clause_asks
from helpable.analyzer.features import (
    MAX_CHARS,
    clause_features,
    context_names,
    event_prefix,
    feature_text,
)
from helpable.analyzer.learned import (
    LABELS,
    ClauseColumns,
    Model,
    Scored,
    clause_columns,
    group_chances,
)
from helpable.analyzer.segment import Clause, clauses
from helpable.analyzer.text import normalize

MIN_KNOWN_SHARE = 0.5
"""A score counts only when more than this share of its words are words the model knows."""
MIN_SPAN_WORDS = 3
"""A comma stretch shorter than this is read only inside its sentence."""
_COMMA = re.compile(r",\s*")
_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)?")


@dataclass(frozen=True)
class Span:
    """One piece of a message scored alone: its clauses (spans in the whole text), the
    chance of each label, and whether the verdict can be trusted."""

    clauses: list[Clause]
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


def _comma_pieces(text: str, clause: Clause) -> list[Clause]:
    body = text[clause.start : clause.end]
    if "," not in body:
        return []
    pieces: list[Clause] = []
    pos = clause.start
    cuts = [(m.start(), m.end()) for m in _COMMA.finditer(body)] + [(len(body), len(body))]
    for start, end in cuts:
        piece = text[pos : clause.start + start]
        if len(_WORD.findall(piece)) >= MIN_SPAN_WORDS:
            pieces.append(Clause(pos, clause.start + start, clause.sentence, clause.question))
        pos = clause.start + end
    return pieces if len(pieces) > 1 or (pieces and len(cuts) > 1) else []


def span_groups(text: str, spans: list[Clause]) -> list[list[Clause]]:
    """The spans to score alone: each sentence (when there are several), and each comma
    stretch of a clause that has more than one."""
    sentences: dict[int, list[Clause]] = {}
    for clause in spans:
        sentences.setdefault(clause.sentence, []).append(clause)
    groups = list(sentences.values()) if len(sentences) > 1 else []
    for clause in spans:
        groups.extend([piece] for piece in _comma_pieces(text, clause))
    return groups


def span_scores(
    model: Model, text: str, setting: str | None, relationship: str | None, spans: list[Clause]
) -> list[Span]:
    """Every span of ``text`` (see :func:`span_groups`) that asks something, scored alone,
    in its context, all in one pass. A span that asks nothing is never trusted, so it is
    not scored."""
    text = text[:MAX_CHARS]
    norm = normalize(text).replace("`", "'")
    read, event = feature_text(text), event_prefix(setting or "")

    def columns(clause: Clause) -> ClauseColumns:
        names = clause_features(read[clause.start : clause.end], clause.question, event)[0]
        return clause_columns(model, names)

    groups = [
        group
        for group in span_groups(text, spans)
        if any(clause_asks(norm[c.start : c.end].strip(), c.question) for c in group)
    ]
    read_groups = [[columns(clause) for clause in group] for group in groups]
    head = model.index.columns(context_names(setting or "", relationship or "")).tolist()
    chances = group_chances(model, head, read_groups)
    out = []
    for group, parts, row in zip(groups, read_groups, chances, strict=True):
        share = _share(sum(p.words for p in parts), sum(p.known_words for p in parts))
        probabilities = dict(zip(LABELS, (float(x) for x in row), strict=True))
        out.append(Span(group, probabilities, share > MIN_KNOWN_SHARE))
    return out


def best_span_chances(
    model: Model, text: str, setting: str | None = None, relationship: str | None = None
) -> dict[str, float]:
    """The highest chance any trusted span gives each label (0.0 when none is read)."""
    spans = clauses(text[:MAX_CHARS])
    best = dict.fromkeys(LABELS, 0.0)
    for span in span_scores(model, text, setting, relationship, spans):
        if span.trusted:
            for label in LABELS:
                best[label] = max(best[label], span.probabilities[label])
    return best
