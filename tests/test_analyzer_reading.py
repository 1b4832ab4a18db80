"""Reading a message once (helpable.analyzer.reading) gives what reading it afresh gives.

The clause reads are remembered, so these tests read the same messages twice in
different company and compare with the plain, uncached path: features, scores,
the span verdicts and whether the message asks.
"""

from __future__ import annotations

import random

import numpy as np
import pytest

from helpable.analyzer.asking import asks_something, clause_asks
from helpable.analyzer.features import MAX_CHARS, clause_features, document, extract
from helpable.analyzer.learned import LABELS, clause_columns, load_model, score
from helpable.analyzer.reading import comma_stretches, read_message, score_reads
from helpable.analyzer.segment import clauses
from helpable.analyzer.spans import span_reading
from helpable.content.approaches import load_approaches

CONTEXTS = [
    (None, None),
    ("social_gathering", None),
    ("professional_event", "stranger"),
    (None, "former_colleague"),
]


def _messages() -> list[str]:
    frame = load_approaches("dev")
    pitches = [*frame["text"].tolist(), *frame["better_version"].tolist()]
    rng = random.Random(11)
    joined = [" ".join(rng.choice(pitches) for _ in range(4)) for _ in range(60)]
    odd = [
        "Could you, if you have time, refer me to your manager, and maybe your team lead?",
        "I'll call him myself; don't worry. Would you keep me in mind?",
        "Quick one \u2014 what\u2019s it like? `Could you` pass on my CV, por favor \U0001f600",
        "Caf\u00e9 d\u00e9j\u00e0 vu, could you r\u00e9f\u00e9rer me?",
        "no comma here at all just words",
        "",
    ]
    return [*pitches[:80], *joined, *odd]


@pytest.mark.parametrize("setting,relationship", CONTEXTS)
def test_a_read_message_scores_as_a_fresh_extraction_does(
    setting: str | None, relationship: str | None
) -> None:
    model = load_model()
    for text in _messages():
        spans = clauses(text[:MAX_CHARS])
        message = read_message(model, text, spans, setting, relationship)
        fresh = score(model, document(text, setting, relationship), spans)
        read = score_reads(model, message, spans, message.reads)
        assert read.features.names == fresh.features.names, text
        assert read.features.clause == fresh.features.clause
        assert read.features.start == fresh.features.start
        assert (read.features.clause_array() == np.asarray(fresh.features.clause)).all()
        assert (read.columns == fresh.columns).all()
        assert (read.words, read.known_words) == (fresh.words, fresh.known_words)
        for label in LABELS:
            assert read.probabilities[label] == pytest.approx(fresh.probabilities[label], abs=1e-12)
        assert message.asks() == asks_something(text), text


def test_each_span_scores_as_its_own_clauses_scored_afresh() -> None:
    model = load_model()
    checked = 0
    for text in _messages():
        spans = clauses(text[:MAX_CHARS])
        for setting, relationship in CONTEXTS[:2]:
            message = read_message(model, text, spans, setting, relationship)
            reading = span_reading(model, message)
            doc = document(text, setting, relationship)
            for group, row in zip(reading.groups, reading.chances, strict=True):
                fresh = score(model, doc, group)
                assert row == pytest.approx([fresh.probabilities[x] for x in LABELS], abs=1e-12)
                checked += 1
    assert checked > 200


def test_a_span_is_scored_only_when_it_asks_something() -> None:
    model = load_model()
    text = "I moved to Denver last spring, I love the trails, and I started a new course. Hi!"
    message = read_message(model, text, clauses(text), None, None)
    assert not message.asks()
    assert span_reading(model, message).groups == []
    asking = "I moved to Denver, I love the trails, could you refer me to your manager? Thanks."
    message = read_message(model, asking, clauses(asking), None, None)
    groups = span_reading(model, message).groups
    assert any("refer me" in asking[g[0].start : g[-1].end] for g in groups)


def test_comma_stretches_need_three_words_and_a_comma() -> None:
    assert comma_stretches("no comma in this clause") == []
    body = "I am new here, could you refer me, thanks"
    assert [body[a:b] for a, b in comma_stretches(body)] == ["I am new here", "could you refer me"]
    assert comma_stretches("Hi, Dana") == []


def test_a_clauses_single_words_are_counted_where_they_are() -> None:
    """The word counts rest on single words coming first among a clause's features."""
    model = load_model()
    for text in _messages():
        for clause in clauses(text):
            piece = text[clause.start : clause.end].lower()
            for event in ("", "g:"):
                names = clause_features(piece, clause.question, event)[0]
                found = clause_columns(model, names)
                single = [i for i, n in enumerate(names) if n.startswith("w:") and " " not in n]
                assert single == list(range(len(single)))
                assert found.words == len(single)
                assert found.known_words == sum(1 for i in single if found.columns[i] >= 0)


def test_remembered_clause_answers_match_fresh_ones() -> None:
    """clause_asks is cached; the cache must not change an answer."""
    for text in _messages():
        for clause in clauses(text):
            piece = text[clause.start : clause.end].lower().strip()
            assert clause_asks(piece, clause.question) == clause_asks.__wrapped__(
                piece, clause.question
            )


def test_features_of_a_read_message_match_extract_for_every_context() -> None:
    model = load_model()
    text = "At the party: could you put in a word for me? I'll follow up myself."
    for setting, relationship in CONTEXTS:
        spans = clauses(text)
        message = read_message(model, text, spans, setting, relationship)
        read = score_reads(model, message, spans, message.reads).features
        assert read.names == extract(document(text, setting, relationship), spans).names


def test_one_feature_is_the_same_from_the_flat_views_and_alone() -> None:
    text = "Could you refer me, please? I'll call Dev myself tomorrow."
    features = extract(document(text, "social_gathering", "stranger"))
    names, clause, start, end = (features.names, features.clause, features.start, features.end)
    fresh = extract(document(text, "social_gathering", "stranger"))
    for i in range(len(features)):
        offset = features.clause_starts[clause[i]] if clause[i] >= 0 else 0
        assert fresh[i] == (names[i], clause[i], offset + start[i], offset + end[i])
    assert fresh[-1] == fresh[len(fresh) - 1]
    with pytest.raises(IndexError):
        fresh[len(fresh)]
