"""The pitch analyzer: which of the three rules does a pitch break, and why?

``analyze(text, setting=None, relationship=None)`` returns a
:class:`~helpable.analyzer.feedback.Feedback`. It follows ``shared/labeling-guide.md``.

How it works
------------
1. The pitch is normalised to a same-length, lower-case copy (see
   :mod:`helpable.analyzer.text`), so spans found in the copy fit the original text.
2. The patterns in ``data/phrases.csv`` are compiled once (and again only when
   the file changes on disk) into one fast "finder" regex that spots candidate
   positions in a single pass, plus each pattern's own regex, which decides at
   a candidate. A row may name two rules (``risk+commitment``).
3. A match of a ``request`` pattern counts only when it is really asked of the
   helper. It is skipped when it is inside quotes, negated in its clause ("I'm
   not asking you to refer me"), the seeker's own action or promise ("I'll send
   it myself", "could I use your name"), a question about the helper's past
   ("how did you find ..."), or reported advice that the seeker sets aside ("my
   coach said to ask for a referral, but...").
4. ``context`` patterns (job talk) count as risk only at a social gathering:
   the ``setting`` argument, or words such as "great party!" (``gathering``
   patterns) when no setting is given. ``relationship`` changes the wording of
   ``why`` and, for a close friend or former colleague, the risk penalty.
5. ``strength`` patterns, plus brevity, give the strengths.

Score (0-100, how easy it is to say yes)
----------------------------------------
All the numbers live in :data:`SCORING`::

    score = base
            - rule_penalty for each broken rule
              (trusted_risk_penalty instead, for risk asked of a close friend
              or former colleague, who knows your work)
            - extra findings: the n-th extra finding of a rule costs
              extra_step / n, and all extras together at most extra_cap
            + strength_bonus for each strength, at most strength_cap
    then clamped to 0-100 and rounded. Empty text scores 0.

With the default numbers a pitch that breaks no rule scores at least 85, and
one that breaks all three scores at most 85 - 75 + 15 = 25 (85 - 70 + 15 = 30
when the risk is asked of a close friend or former colleague).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from helpable.analyzer.feedback import Feedback, Finding, Strength
from helpable.analyzer.text import (
    Breaks,
    asks_about_their_past,
    fast_union,
    inside,
    is_negated,
    is_reported,
    is_seeker_future,
    is_seeker_promise,
    leading_prefixes,
    normalize,
    quoted_spans,
    split_alternatives,
    word_count,
)
from helpable.content.approaches import RELATIONSHIPS, SETTINGS
from helpable.content.rules import RULE_KEYS
from helpable.content.strings import say
from helpable.content.tables import Column, Schema, load_table
from helpable.paths import data_file

# ----- numbers and words in one place -------------------------------------------------------


@dataclass(frozen=True)
class Scoring:
    """Every number the score uses (see the module docstring for the formula)."""

    base: int = 85
    rule_penalty: int = 25
    trusted_risk_penalty: int = 20
    extra_step: float = 4.0
    extra_cap: float = 10.0
    strength_bonus: int = 4
    strength_cap: int = 15


SCORING = Scoring()

BRIEF_WORDS = 100
"""At most this many words earns the brevity strength."""
LONG_WORDS = 150
"""More words than this earns a hint to cut."""
VERY_LONG_WORDS = 5_000
MAX_FINDINGS_PER_RULE = 20
"""Findings kept per rule; a huge text stops scanning a rule once it has this many."""

TRUSTED = frozenset({"close_friend", "former_colleague"})
SOCIAL = "social_gathering"

KINDS: tuple[str, ...] = ("request", "context", "gathering", "strength")
STRENGTH_KEYS: tuple[str, ...] = (
    "brevity",
    "convenience",
    "short_time",
    "advice",
    "owns_follow_up",
    "easy_no",
    "gratitude",
)

CONTEXT_WHY_KEYS: tuple[str, ...] = (SOCIAL, *TRUSTED, "stranger", "referred")
"""Settings and relationships that add a sentence to a risk finding's ``why``
(``analyzer.why_<name>`` in ``data/strings.csv``, from the helper's point of view)."""

# ----- phrases.csv ----------------------------------------------------------------------------

_ESCAPE = re.compile(r"\\.")
_BAD_SYNTAX = re.compile(r"\(\?P[<=]|\(\?[aiLmsux]+\)|\\[1-9]")


def _check_pattern(pattern: str) -> str | None:
    """Extra rules for a pattern, beyond compiling (returns a problem or None)."""
    if _BAD_SYNTAX.search(pattern):
        return "uses a named group, a back-reference or a global flag; please remove it"
    if any(c.isupper() for c in _ESCAPE.sub("", pattern)):
        return "has capital letters; write patterns in lower case (the pitch is lower-cased)"
    if any(re.fullmatch(piece, "") for piece in split_alternatives(pattern)):
        return "can match empty text; every alternative must need at least one character"
    return None


def _check_rule(row: dict[str, str]) -> tuple[str, str] | None:
    strength = row["kind"] == "strength"
    allowed = STRENGTH_KEYS if strength else RULE_KEYS
    parts = row["rule"].split("+")
    if (
        any(p not in allowed for p in parts)
        or len(set(parts)) != len(parts)
        or (strength and len(parts) > 1)
    ):
        joiner = "" if strength else " (join two rules with '+', e.g. risk+commitment)"
        return "rule", f"is {row['rule']!r}; for kind {row['kind']!r} use one of: " + ", ".join(
            allowed
        ) + joiner
    return None


def _check_try_instead(row: dict[str, str]) -> tuple[str, str] | None:
    if row["kind"] in ("request", "context") and not row["try_instead"]:
        return "try_instead", "is empty, but a request or context row needs a better wording"
    return None


def _check_example(row: dict[str, str]) -> tuple[str, str] | None:
    if row["example"] and not re.search(row["pattern"], normalize(row["example"])):
        return "example", "does not match this row's pattern; fix the pattern or the example"
    return None


def _check_id(value: str) -> str | None:
    if not re.fullmatch(r"[a-z0-9][a-z0-9_-]*", value):
        return f"is {value!r}; use lower-case letters, digits, '-' and '_'"
    return None


SCHEMA = Schema(
    filename="phrases.csv",
    unique="id",
    columns=(
        Column("id", validate=_check_id),
        Column("kind", choices=KINDS),
        Column("rule"),
        Column("pattern", kind="regex", validate=_check_pattern),
        Column("why"),
        Column("try_instead", required=False),
        Column("example", required=False),
    ),
    row_checks=(_check_rule, _check_try_instead, _check_example),
)


@dataclass(frozen=True)
class Phrase:
    """One row of ``phrases.csv`` for one rule (a ``risk+commitment`` row gives two)."""

    id: str
    kind: str
    rule: str
    pattern: str
    why: str
    try_instead: str
    example: str


@dataclass(frozen=True)
class _Check:
    """One distinct pattern, the phrases that use it, and the text a match can start with."""

    regex: re.Pattern[str]
    phrases: tuple[Phrase, ...]
    prefixes: frozenset[str] | None
    slots: frozenset[tuple[str, str]]

    def may_start(self, pair: str) -> bool:
        """Could a match start with these two characters?"""
        return self.prefixes is None or pair in self.prefixes or pair[:1] in self.prefixes


Slot = tuple[str, str]
"""A (kind, rule) pair: where a hit is filed."""


@dataclass(frozen=True)
class _Group:
    """Phrases scanned together: one fast regex finds candidates, then each pattern decides.

    ``finder`` matches wherever any phrase may match. At a candidate position the
    patterns are tried in file order; per (kind, rule), the first that matches wins.
    """

    finder: re.Pattern[str]
    checks: tuple[_Check, ...]
    slots: frozenset[Slot]
    by_pair: dict[str, tuple[_Check, ...]] = field(default_factory=dict)  # filled on use

    def checks_for(self, pair: str) -> tuple[_Check, ...]:
        """The checks that could match text starting with ``pair``, in file order."""
        found = self.by_pair.get(pair)
        if found is None:
            found = self.by_pair[pair] = tuple(c for c in self.checks if c.may_start(pair))
        return found

    def hits_at(
        self, norm: str, pos: int, checks: tuple[_Check, ...] | list[_Check]
    ) -> dict[Slot, tuple[Phrase, int]]:
        """Per (kind, rule), the first phrase of ``checks`` matching at ``pos``, and its end."""
        hits: dict[Slot, tuple[Phrase, int]] = {}
        for check in checks:
            m = check.regex.match(norm, pos)
            if m is None or m.end() <= pos:
                continue
            for phrase in check.phrases:
                hits.setdefault((phrase.kind, phrase.rule), (phrase, m.end()))
        return hits


def _group(phrases: list[Phrase]) -> _Group:
    by_pattern: dict[str, list[Phrase]] = {}
    for p in phrases:
        by_pattern.setdefault(p.pattern, []).append(p)
    checks = tuple(
        _Check(
            re.compile(pattern),
            tuple(group),
            leading_prefixes(pattern),
            frozenset((p.kind, p.rule) for p in group),
        )
        for pattern, group in by_pattern.items()
    )
    finder = re.compile(fast_union(list(by_pattern)))
    slots = frozenset((p.kind, p.rule) for p in phrases)
    return _Group(finder, checks, slots)


SCAN_GROUPS: dict[str, tuple[str, ...]] = {
    "main": ("request", "gathering", "strength"),
    "context": ("context",),
}
"""Kinds scanned together; context (job talk) is scanned only at a social gathering."""


@dataclass(frozen=True)
class PhraseBook:
    """All phrases, compiled into scan groups (see :data:`SCAN_GROUPS`)."""

    phrases: tuple[Phrase, ...]
    groups: dict[str, _Group]


def _build(phrases: tuple[Phrase, ...]) -> PhraseBook:
    groups = {}
    for name, kinds in SCAN_GROUPS.items():
        members = [p for p in phrases if p.kind in kinds]
        if members:
            groups[name] = _group(members)
    return PhraseBook(phrases, groups)


@lru_cache(maxsize=8)
def _book_cached(path: str, stamp: int) -> PhraseBook:
    frame = load_table(SCHEMA, Path(path))
    fields = [f for f in Phrase.__dataclass_fields__ if f != "rule"]
    phrases = tuple(
        Phrase(rule=rule, **{f: str(row[f]) for f in fields})
        for _, row in frame.iterrows()
        for rule in str(row["rule"]).split("+")
    )
    return _build(phrases)


@lru_cache(maxsize=8)
def _phrases_path(data_override: str | None) -> str:
    return str(data_file(SCHEMA.filename))


def phrase_book(path: Path | None = None) -> PhraseBook:
    """The compiled phrases, reloaded only when ``phrases.csv`` changes on disk."""
    where = str(path) if path is not None else _phrases_path(os.environ.get("HELPABLE_DATA"))
    try:
        stamp = os.stat(where).st_mtime_ns
    except OSError:
        stamp = -1  # load_table raises the named "missing" error
    return _book_cached(where, stamp)


# ----- matching --------------------------------------------------------------------------------

Hit = tuple[int, int, Phrase]


class _Doc:
    """A pitch prepared for matching: its normalised copy, quotes and (lazily) clauses."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.norm = normalize(text)
        self.quotes = quoted_spans(self.norm)
        self._breaks: Breaks | None = None
        self._asked: dict[tuple[int, int, str], bool] = {}

    @property
    def breaks(self) -> Breaks:
        """Clause and sentence ends, found on first use."""
        if self._breaks is None:
            self._breaks = Breaks(self.norm)
        return self._breaks


def _is_asked(doc: _Doc, start: int, end: int, kind: str = "request") -> bool:
    """True when the words at ``start:end`` really count against the helper (cached).

    For a ``request``: not quoted, not negated, not the seeker's own action or promise,
    not a question about the helper's past, not reported advice set aside. For
    ``context`` (job talk), only quotes, negation, reported speech and "I'll ..." count.
    """
    key = (start, end, kind)
    if key not in doc._asked:
        doc._asked[key] = _really_asked(doc, start, end, kind)
    return doc._asked[key]


def _really_asked(doc: _Doc, start: int, end: int, kind: str) -> bool:
    if inside(doc.quotes, start, end):
        return False
    breaks = doc.breaks
    clause = breaks.clause_before(start)
    if is_negated(clause):
        return False
    if kind == "context":
        if is_seeker_future(clause):
            return False
    elif is_seeker_promise(clause) or asks_about_their_past(clause):
        return False
    before = breaks.sentence_before(start) + doc.norm[start:end]
    return not is_reported(before, lambda: breaks.through_next_sentence(end))


CAPS: dict[str, int] = {
    "request": MAX_FINDINGS_PER_RULE,
    "context": MAX_FINDINGS_PER_RULE,
    "gathering": 1,
    "strength": 1,
}
"""How many hits each kind keeps per rule."""
ASKED_KINDS = frozenset({"request", "context"})
"""Kinds whose hits count only when really asked of the helper (not negated, quoted...)."""


def _scan(group: _Group | None, doc: _Doc) -> dict[Slot, list[Hit]]:
    """One pass over the pitch: hits per (kind, rule), left to right.

    A ``request`` or ``context`` hit counts only if it is really asked of the helper
    (checked now, so that a skipped phrase does not hide a later one); hits of one
    slot never overlap. A slot stops at its cap; the scan stops when all are full.
    """
    if group is None:
        return {}
    found: dict[Slot, list[Hit]] = {slot: [] for slot in group.slots}
    free: dict[Slot, int] = dict.fromkeys(found, 0)
    full: set[Slot] = set()
    live: dict[str, list[_Check]] = {}  # per two letters, the checks whose slots are not full
    pos, search, norm = 0, group.finder.search, doc.norm
    while len(full) < len(found) and (m := search(norm, pos)) is not None:
        start = m.start()
        pos = start + 1
        pair = norm[start : start + 2]
        checks = live.get(pair)
        if checks is None:
            checks = live[pair] = [c for c in group.checks_for(pair) if not c.slots <= full]
        if not checks:
            continue  # only full slots could match here: skip fast (matters for huge texts)
        for slot, (phrase, end) in group.hits_at(norm, start, checks).items():
            if start < free[slot] or slot in full:
                continue
            if slot[0] in ASKED_KINDS and not _is_asked(doc, start, end, slot[0]):
                continue
            hits = found[slot]
            hits.append((start, end, phrase))
            free[slot] = end
            if len(hits) >= CAPS[slot[0]]:
                full.add(slot)
                live.clear()
    return found


def _why(phrase: Phrase, rule: str, setting: str | None, relationship: str | None) -> str:
    """The phrase's why, plus one sentence on the setting or relationship when it matters."""
    parts = [phrase.why]
    if rule == "risk":
        if phrase.kind == "request" and setting == SOCIAL:
            parts.append(say("analyzer.why_social_gathering"))
        if relationship in CONTEXT_WHY_KEYS:
            parts.append(say(f"analyzer.why_{relationship}"))
    return " ".join(parts)


def _findings(
    book: PhraseBook,
    found: dict[Slot, list[Hit]],
    doc: _Doc,
    setting: str | None,
    relationship: str | None,
) -> tuple[list[Finding], list[str]]:
    findings: list[Finding] = []
    notes: list[str] = []
    social = setting == SOCIAL
    guess = [h for slot, hits in found.items() if slot[0] == "gathering" for h in hits]
    if setting is None and guess:
        social = True
        guessed = doc.text[guess[0][0] : guess[0][1]]
        notes.append(say("analyzer.note_social_guessed", phrase=guessed))
    elif social:
        notes.append(say("analyzer.note_social"))
    context = _scan(book.groups.get("context"), doc) if social else {}
    for rule in RULE_KEYS:
        hits = found.get(("request", rule), []) + context.get(("context", rule), [])
        kept = _without_overlaps(hits)
        if len(kept) > MAX_FINDINGS_PER_RULE or len(hits) >= MAX_FINDINGS_PER_RULE:
            notes.append(say("analyzer.note_capped", n=MAX_FINDINGS_PER_RULE, rule=rule))
        for start, end, phrase in kept[:MAX_FINDINGS_PER_RULE]:
            why = _why(phrase, rule, SOCIAL if social else setting, relationship)
            findings.append(Finding(rule, start, end, doc.text[start:end], why, phrase.try_instead))
    if relationship in TRUSTED and any(f.rule == "risk" for f in findings):
        notes.append(say("analyzer.note_trusted", who=say(f"relationship.{relationship}")))
    findings.sort(key=lambda f: (f.start, RULE_KEYS.index(f.rule), f.end))
    return findings, notes


def _without_overlaps(hits: list[tuple[int, int, Phrase]]) -> list[tuple[int, int, Phrase]]:
    """Hits sorted by position, dropping any that overlaps one already kept."""
    kept: list[tuple[int, int, Phrase]] = []
    for hit in sorted(hits, key=lambda h: (h[0], -h[1])):
        if not kept or hit[0] >= kept[-1][1]:
            kept.append(hit)
    return kept


def _strengths(found_hits: dict[Slot, list[Hit]], doc: _Doc, words: int) -> list[Strength]:
    found: dict[str, Strength] = {}
    if 0 < words <= BRIEF_WORDS:
        found["brevity"] = Strength(
            "brevity", say("analyzer.brevity_label"), say("analyzer.brevity_detail", words=words)
        )
    for (kind, key), hits in found_hits.items():
        if kind != "strength" or not hits:
            continue
        start, end, phrase = hits[0]
        if not inside(doc.quotes, start, end):
            found[key] = Strength(key, phrase.why, f'You wrote "{doc.text[start:end]}".')
    return [found[k] for k in STRENGTH_KEYS if k in found]


# ----- score and hint ---------------------------------------------------------------------------


def score(findings: list[Finding], strengths: list[Strength], relationship: str | None) -> int:
    """How easy it is to say yes, 0-100 (formula in the module docstring)."""
    s = SCORING
    total = float(s.base)
    for rule in RULE_KEYS:
        count = sum(1 for f in findings if f.rule == rule)
        if not count:
            continue
        trusted = rule == "risk" and relationship in TRUSTED
        total -= s.trusted_risk_penalty if trusted else s.rule_penalty
        total -= min(s.extra_cap, sum(s.extra_step / n for n in range(1, count)))
    total += min(s.strength_cap, s.strength_bonus * len(strengths))
    return int(round(min(100.0, max(0.0, total))))


def _hint(words: int, broken: frozenset[str]) -> str:
    if words > VERY_LONG_WORDS:
        return say("analyzer.hint_very_long")
    if words > LONG_WORDS:
        return say("analyzer.hint_long")
    if not broken:
        return say("analyzer.hint_easy_yes")
    names = ", ".join(k for k in RULE_KEYS if k in broken)
    return f"Breaks {len(broken)} rule{'s' if len(broken) > 1 else ''}: {names}. See each finding."


# ----- the entry point ------------------------------------------------------------------------


def _context(name: str, value: object, allowed: tuple[str, ...]) -> str | None:
    """A checked setting or relationship: None and blank text mean "not given"."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if value not in allowed:
        raise ValueError(f"{name} must be one of {', '.join(allowed)}, or None; got {value!r}.")
    return str(value)


def analyze(text: str, *, setting: str | None = None, relationship: str | None = None) -> Feedback:
    """Which rules ``text`` breaks, where, why, what it does well, and a 0-100 score.

    ``setting`` (e.g. ``"social_gathering"``) and ``relationship`` (e.g.
    ``"former_colleague"``) are optional; see ``helpable.content.approaches`` for the values.
    """
    if not isinstance(text, str):
        raise TypeError(f"analyze() needs the pitch as text (str), not {type(text).__name__}.")
    setting = _context("setting", setting, SETTINGS)
    relationship = _context("relationship", relationship, RELATIONSHIPS)
    words = word_count(text)
    if not words:
        hint = say("analyzer.hint_empty")
        return Feedback(text=text, broken=frozenset(), score=0, word_count=0, hint=hint)
    book = phrase_book()
    doc = _Doc(text)
    found = _scan(book.groups.get("main"), doc)
    findings, notes = _findings(book, found, doc, setting, relationship)
    strengths = _strengths(found, doc, words)
    broken = frozenset(f.rule for f in findings)
    return Feedback(
        text=text,
        broken=broken,
        findings=tuple(findings),
        strengths=tuple(strengths),
        score=score(findings, strengths, relationship),
        word_count=words,
        hint=_hint(words, broken),
        notes=tuple(notes),
    )


def labels(
    text: str, *, setting: str | None = None, relationship: str | None = None
) -> dict[str, int]:
    """The three 0/1 labels for ``text``, keyed by rule (handy for tables)."""
    broken = analyze(text, setting=setting, relationship=relationship).broken
    return {k: int(k in broken) for k in RULE_KEYS}
