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
from dataclasses import dataclass

from helpable.analyzer.asking import clause_asks
from helpable.analyzer.features import MAX_CHARS, document
from helpable.analyzer.learned import LABELS, Model, Scored, score
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
    """One piece of a message scored alone: its clauses (spans in the whole text) and scores."""

    clauses: list[Clause]
    scored: Scored
    trusted: bool  # it asks something, in words the model knows


def known_share(scored: Scored) -> float:
    """The share of single words read that the model has a weight for (1.0 for no words)."""
    words = [i for i, name in enumerate(scored.features.names) if name.startswith("w:")]
    words = [i for i in words if " " not in scored.features.names[i]]
    if not words:
        return 1.0
    return sum(1 for i in words if scored.columns[i] >= 0) / len(words)


def trusted(scored: Scored) -> bool:
    """True when the model knows enough of the words it scored to give a verdict."""
    return known_share(scored) > MIN_KNOWN_SHARE


def _comma_pieces(text: str, clause: Clause) -> list[Clause]:
    pieces: list[Clause] = []
    pos = clause.start
    body = text[clause.start : clause.end]
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
    in its context. A span that asks nothing is never trusted, so it is not scored."""
    doc = document(text, setting, relationship)
    norm = normalize(text[:MAX_CHARS]).replace("`", "'")
    out = []
    for group in span_groups(text[:MAX_CHARS], spans):
        if not any(clause_asks(norm[c.start : c.end].strip(), c.question) for c in group):
            continue
        scored = score(model, doc, group)
        out.append(Span(group, scored, trusted(scored)))
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
                best[label] = max(best[label], span.scored.probabilities[label])
    return best
