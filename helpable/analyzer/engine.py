"""The pitch analyzer: which of the three rules a pitch breaks, where, and why.

``analyze(text, setting=None, relationship=None)`` returns a
:class:`~helpable.analyzer.feedback.Feedback`. It follows the labeling guide.

1. The learned classifiers (:mod:`helpable.analyzer.learned`, trained on the
   course's corpus) give each rule, and whether the message asks anything, a
   probability. A rule is broken at or above its threshold; close to the
   threshold the feedback says "might" instead of giving a verdict. A long
   message is also read piece by piece (:mod:`helpable.analyzer.spans`): a
   request that breaks a rule breaks it wherever it sits, however friendly the
   rest. A score made mostly of words the model does not know gives no verdict.
2. For each broken rule the clause that adds most to its probability (in the
   piece that broke it) is the one shown. A phrase row
   (:mod:`helpable.analyzer.phrases`) that matches there gives the exact
   words and a tailored why and try-instead; otherwise the clause's strongest
   n-gram is marked, with the rule's own words.
3. A message that surely asks nothing is "not a pitch yet" and never an easy yes,
   except a thank-you note (``purpose="thanks"``), where no ask is the goal.

Score (0-100, how easy it is to say yes), numbers in :data:`SCORING`: base,
minus a penalty per broken rule (less for risk asked of someone who knows your
work, half for a "might"), plus a bonus per strength. A message with no ask
scores 0 (a thank-you note with no ask: 100).
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np
from numpy.typing import NDArray

from helpable.analyzer.features import MAX_CHARS, Feature, document
from helpable.analyzer.feedback import Feedback, Finding, Strength
from helpable.analyzer.learned import RULES, Model, Scored, load_model, score
from helpable.analyzer.phrases import STRENGTH_KEYS, PhraseBook, phrase_book
from helpable.analyzer.reading import read_message, score_reads
from helpable.analyzer.segment import Clause, clauses
from helpable.analyzer.spans import Span, SpanReading, span_reading, trusted
from helpable.analyzer.text import normalize, word_count
from helpable.content.approaches import RELATIONSHIPS, SETTINGS
from helpable.content.parameters import Parameters, parameters
from helpable.content.rules import RULE_KEYS, rules
from helpable.content.strings import say, say_count

PURPOSES: tuple[str, ...] = ("ask", "thanks")
"""``ask``: a pitch, which should ask for something small. ``thanks``: a thank-you note."""


@dataclass(frozen=True)
class Scoring:
    """Every number the score uses: the ``score.`` rows of ``data/parameters.csv``."""

    base: float
    rule_penalty: float
    trusted_risk_penalty: float
    unsure_share: float
    strength_bonus: float
    strength_cap: float


def load_scoring(table: Parameters | None = None) -> Scoring:
    """The score's numbers from ``data/parameters.csv`` (a DataError names a missing row)."""
    table = table or parameters()
    return Scoring(*(table.number(f"score.{f.name}") for f in fields(Scoring)))


SCORING = load_scoring()
BRIEF_WORDS = 100
LONG_WORDS = 150
VERY_LONG_WORDS = 5_000
MAX_FINDINGS_PER_RULE = 2
TRUSTED = frozenset({"close_friend", "former_colleague"})
SOCIAL = "social_gathering"


def _context(name: str, value: object, allowed: tuple[str, ...]) -> str | None:
    """A checked setting or relationship: None and blank text mean "not given"."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if value not in allowed:
        raise ValueError(f"{name} must be one of {', '.join(allowed)}, or None; got {value!r}.")
    return str(value)


def _clause_scores(
    clause: NDArray[np.intp], contributions: NDArray[np.float64], count: int
) -> NDArray[np.float64]:
    """How much each clause adds to a rule's logit."""
    inside = clause >= 0
    return np.bincount(clause[inside], weights=contributions[inside], minlength=count).astype(float)


def _strongest_feature(
    scored: Scored, clause_of: NDArray[np.intp], contributions: NDArray[np.float64], clause: int
) -> Feature | None:
    """The feature in ``clause`` that adds most to the rule."""
    here = np.flatnonzero(clause_of == clause)
    if not len(here):
        return None
    best = int(here[int(np.argmax(contributions[here]))])
    return scored.features[best] if contributions[best] > 0 else None


def _by_span(p: dict[str, float], model: Model, pieces: SpanReading) -> dict[str, Span]:
    """The rules the whole message does not break but one span does, each with the span that
    breaks it most (see :mod:`helpable.analyzer.spans`)."""
    out: dict[str, Span] = {}
    for rule in RULES:
        if p[rule] >= model.thresholds[rule]:
            continue
        best = pieces.strongest(rule, model.span_thresholds[rule])
        if best is not None:
            out[rule] = best
    return out


def _why(rule: str, unsure: bool, base: str, setting: str | None, relationship: str | None) -> str:
    # What the setting and the relationship add is said once, in the notes.
    return say("analyzer.might", why=base) if unsure else base


def _findings_for(
    text: str,
    norm: str,
    spans: list[Clause],
    rule: str,
    unsure: bool,
    scored: Scored,
    model: Model,
    book: PhraseBook,
    setting: str | None,
    relationship: str | None,
) -> list[Finding]:
    if not spans:
        return []
    contributions = scored.occurrence_contributions(model, rule)
    clause_of = scored.features.clause_array()
    by_clause = _clause_scores(clause_of, contributions, len(spans))
    ranked = sorted(((float(v), i) for i, v in enumerate(by_clause)), reverse=True)
    top = ranked[0][0]
    chosen = [ranked[0][1]] + [
        index
        for value, index in ranked[1:MAX_FINDINGS_PER_RULE]
        if value > 0 and value >= 0.6 * top
    ]
    found: list[Finding] = []
    for index in chosen:
        clause = spans[index]
        # Job talk is risk only at a social gathering.
        matched = book.first_for(rule, norm[clause.start : clause.end], social=setting == SOCIAL)
        if matched:
            phrase, (start, end) = matched
            start, end = clause.start + start, clause.start + end
            why = _why(rule, unsure, phrase.why, setting, relationship)
            finding = Finding(rule, start, end, text[start:end], why, phrase.try_instead)
        else:
            feature = _strongest_feature(scored, clause_of, contributions, index)
            start, end = (feature.start, feature.end) if feature else (clause.start, clause.end)
            why = _why(rule, unsure, say(f"analyzer.why.{rule}"), setting, relationship)
            finding = Finding(rule, start, end, text[start:end], why, rules()[rule].do_instead)
        found.append(finding)
    return sorted(found, key=lambda f: f.start)


def _strengths(book: PhraseBook, text: str, norm: str, words: int) -> list[Strength]:
    found: dict[str, Strength] = {}
    if 0 < words <= BRIEF_WORDS:
        found["brevity"] = Strength(
            "brevity", say("analyzer.brevity_label"), say("analyzer.brevity_detail", words=words)
        )
    for phrase in book.strengths_in(norm):
        if phrase.rules[0] in found:
            continue
        hit = phrase.first(norm)
        if hit:
            start, end = hit
            quoted = text[start:end]
            found[phrase.rules[0]] = Strength(
                phrase.rules[0], phrase.why, say("analyzer.you_wrote", words=quoted), quoted
            )
    return [found[k] for k in ("brevity", *STRENGTH_KEYS) if k in found]


def _score(
    broken: frozenset[str],
    unsure: frozenset[str],
    strengths: list[Strength],
    relationship: str | None,
    has_ask: bool,
    purpose: str,
) -> int:
    s = SCORING
    if not has_ask:
        return 100 if purpose == "thanks" else 0
    total = float(s.base)
    for rule in broken:
        penalty = float(
            s.trusted_risk_penalty if rule == "risk" and relationship in TRUSTED else s.rule_penalty
        )
        total -= penalty * (s.unsure_share if rule in unsure else 1.0)
    total += min(s.strength_cap, s.strength_bonus * len(strengths))
    return int(round(min(100.0, max(0.0, total))))


def _hint(words: int, broken: frozenset[str], has_ask: bool, purpose: str) -> str:
    if words > VERY_LONG_WORDS:
        return say("analyzer.hint_very_long")
    if not has_ask:
        return say("analyzer.hint_thanks" if purpose == "thanks" else "analyzer.hint_no_ask")
    if purpose == "thanks":
        return say("analyzer.hint_thanks_with_ask")
    if words > LONG_WORDS:
        return say("analyzer.hint_long")
    if not broken:
        return say("analyzer.hint_easy_yes")
    names = ", ".join(rules()[k].name for k in RULE_KEYS if k in broken)
    return say_count(
        len(broken), "analyzer.hint_broken_one", "analyzer.hint_broken_many", names=names
    )


def _notes(broken: frozenset[str], setting: str | None, relationship: str | None) -> list[str]:
    """What the setting and the relationship change, said once for the whole pitch."""
    if "risk" not in broken:
        return []
    notes = []
    if setting == SOCIAL:
        notes.append(f"{say('analyzer.note_social')} {say('analyzer.why_social_gathering')}")
    if relationship in TRUSTED:
        who = say(f"relationship.{relationship}")
        notes.append(
            f"{say('analyzer.note_trusted', who=who)} {say(f'analyzer.why_{relationship}')}"
        )
    elif relationship in ("stranger", "referred"):
        notes.append(say(f"analyzer.why_{relationship}"))
    return notes


def analyze(
    text: str,
    *,
    setting: str | None = None,
    relationship: str | None = None,
    purpose: str = "ask",
) -> Feedback:
    """Which rules ``text`` breaks, where, why, what it does well, and a 0-100 score.

    ``setting`` (e.g. ``"social_gathering"``) and ``relationship`` (e.g.
    ``"former_colleague"``) are optional; see :mod:`helpable.content.approaches`.
    ``purpose="thanks"`` checks a thank-you note, where asking nothing is right.
    """
    if not isinstance(text, str):
        raise TypeError(f"analyze() needs the pitch as text (str), not {type(text).__name__}.")
    setting = _context("setting", setting, SETTINGS)
    relationship = _context("relationship", relationship, RELATIONSHIPS)
    purpose = _context("purpose", purpose, PURPOSES) or "ask"
    words = word_count(text)
    if not words:
        hint = say("analyzer.hint_empty")
        return Feedback(text=text, broken=frozenset(), word_count=0, hint=hint, has_ask=False)
    model, book = load_model(), phrase_book()
    spans = clauses(text[:MAX_CHARS])
    message = read_message(model, text, spans, setting, relationship)
    scored = score_reads(model, message, spans, message.reads)
    p, cut, margin = dict(scored.probabilities), model.thresholds, model.unsure_margin
    if not trusted(scored):  # mostly words the model does not know: no verdict from them
        p.update({r: min(p[r], cut[r] - margin) for r in RULES})
    decided = _by_span(p, model, span_reading(model, message))
    broken = frozenset(r for r in RULES if p[r] >= cut[r] or r in decided)
    unsure = frozenset(
        r
        for r in RULES
        if (
            decided[r].probabilities[r] - model.span_thresholds[r] < margin
            if r in decided
            else abs(p[r] - cut[r]) < margin
        )
    )
    # An ask needs the form of a request ("could you", a question, "I'd love to hear"), and
    # the model must not be sure there is none. A broken rule always asks something.
    has_ask = bool(broken) or (message.asks() and p["ask"] >= cut["ask"] - margin)
    norm = normalize(text)
    findings = [
        finding
        for rule in RULE_KEYS
        if rule in broken
        for finding in _findings_for(
            text,
            norm,
            decided[rule].clauses if rule in decided else spans,
            rule,
            rule in unsure,
            (
                score_reads(model, message, decided[rule].clauses, decided[rule].reads)
                if rule in decided
                else scored
            ),
            model,
            book,
            setting,
            relationship,
        )
    ]
    p.update({r: decided[r].probabilities[r] for r in decided})
    strengths = _strengths(book, text, norm, words) if has_ask or purpose == "thanks" else []
    return Feedback(
        text=text,
        broken=broken,
        findings=tuple(sorted(findings, key=lambda f: (f.start, RULE_KEYS.index(f.rule)))),
        strengths=tuple(strengths),
        score=_score(broken, unsure, strengths, relationship, has_ask, purpose),
        word_count=words,
        hint=_hint(words, broken, has_ask, purpose),
        notes=tuple(_notes(broken, setting, relationship)),
        has_ask=has_ask,
        unsure=unsure,
        chances=tuple((label, round(value, 3)) for label, value in p.items()),
    )


def labels(
    text: str, *, setting: str | None = None, relationship: str | None = None
) -> dict[str, int]:
    """The three 0/1 labels for ``text``, keyed by rule (handy for tables)."""
    broken = analyze(text, setting=setting, relationship=relationship).broken
    return {k: int(k in broken) for k in RULE_KEYS}


def evidence_share(
    text: str,
    rule: str,
    start: int,
    end: int,
    *,
    setting: str | None = None,
    relationship: str | None = None,
) -> float:
    """How much of what makes ``text`` break ``rule`` lies in ``text[start:end]`` (0 to 1).

    The share of the rule's positive evidence (feature contributions) carried by
    features whose words fall inside the span. An exercise uses it to check that
    a learner picked the words that carry a rule.
    """
    setting = _context("setting", setting, SETTINGS)
    relationship = _context("relationship", relationship, RELATIONSHIPS)
    spans = clauses(text[:MAX_CHARS])
    model = load_model()
    scored = score(model, document(text, setting, relationship), spans)
    contributions = scored.occurrence_contributions(model, rule)
    features = scored.features
    total = inside = 0.0
    for i, value in enumerate(contributions):
        if value <= 0 or features.clause[i] < 0:
            continue
        total += float(value)
        feature = features[i]
        if start <= feature.start and feature.end <= end:
            inside += float(value)
    return inside / total if total else 0.0
