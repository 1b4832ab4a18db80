"""The class summary: the numbers the class report shows, as a frozen :class:`ClassSummary`.

A *pitch* is one learner's work on one example pitch; a learner may save
several rewrites of it, and the **latest** one counts. A rewrite saved more than
once (an old journal may hold the same rewrite twice, from a double click)
counts once, where it was last saved (see :func:`distinct_rewrites`). "Before" is the
original pitch's score and rules, as saved with the rewrite. The problem
phrases come from the ``findings`` of each pitch's latest rewrite (words the
learners wrote themselves), tidied (see :func:`tidy_phrase`) and counted
once per rewrite.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

from helpable.content.rules import RULE_KEYS, rules
from helpable.instructor.collect import PARTLY_READ, SKIPPED, ClassData, Rewrite

EASY_YES_SCORE = 85
"""A rewrite that breaks no rule scores at least this much (see helpable.analyzer.engine)."""
TOP_PHRASES = 5
SCORE_BANDS: tuple[tuple[int, int], ...] = tuple((lo, lo + 9) for lo in range(0, 90, 10)) + (
    (90, 100),
)
_SPACES = re.compile(r"\s+")
_END_PUNCT = " \t\n.,;:!?\"'“”‘’()[]"


@dataclass(frozen=True)
class RuleRow:
    """How many pitches break one rule, before and after rewriting."""

    key: str
    label: str
    before: int  # original pitches that broke it
    after: int  # latest rewrites that still break it
    learners: int  # learners with such a rewrite


@dataclass(frozen=True)
class PhraseRow:
    """One of the most common problem phrases in the latest rewrites."""

    phrase: str  # tidied
    rule: str
    rule_label: str
    count: int  # rewrites
    learners: int


@dataclass(frozen=True)
class IssueRow:
    """A journal that was skipped or partly read, as the report lists it."""

    name: str
    file: str
    status: str
    reason: str


@dataclass(frozen=True)
class ClassSummary:
    """The report's numbers for one class (see the module docstring for what counts)."""

    title: str
    made_on: str | None
    files: int
    learners: int
    learners_with_pitches: int
    pitches: int
    rewrites: int
    reflections: int
    fixed: int  # pitches whose latest rewrite breaks no rule
    easy_yes_score: int
    rules: tuple[RuleRow, ...]
    pitches_with_before: int
    scores_before: tuple[int, ...]  # sorted
    scores_after: tuple[int, ...]  # sorted
    median_before: float | None
    median_after: float | None
    bands: tuple[str, ...]  # "0–9" ... "90–100"
    bands_before: tuple[int, ...]
    bands_after: tuple[int, ...]
    phrases: tuple[PhraseRow, ...]
    skipped: int
    partly_read: int
    issues: tuple[IssueRow, ...]  # skipped first, then by name

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe dict (tuples become lists)."""
        plain: dict[str, Any] = _lists(asdict(self))
        return plain


def _lists(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _lists(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_lists(v) for v in value]
    return value


def tidy_phrase(phrase: str) -> str:
    """A phrase in the form used to count it: lower case, single spaces, no end punctuation."""
    return _SPACES.sub(" ", phrase.lower()).strip(_END_PUNCT)


def band_counts(scores: Sequence[int]) -> tuple[int, ...]:
    """How many scores fall in each of :data:`SCORE_BANDS`."""
    return tuple(sum(lo <= s <= hi for s in scores) for lo, hi in SCORE_BANDS)


def _median(values: Sequence[int]) -> float | None:
    return float(statistics.median(values)) if values else None


def _rule_labels() -> dict[str, str]:
    try:
        return {key: rule.label for key, rule in rules().items()}
    except Exception:  # noqa: BLE001 - a broken rules.csv must not stop the report
        return {key: key.title() for key in RULE_KEYS}


Latest = tuple[str, Rewrite]  # (learner, latest rewrite of one pitch)


def _same_rewrite(rewrite: Rewrite) -> object:
    """What makes two saves the same rewrite: the pitch and the words, when known.

    A :class:`Rewrite` without its words compares as a whole (pitch, scores,
    rules and phrases): the same words always give the same verdict.
    """
    if rewrite.text is None:
        return rewrite
    return (rewrite.pitch, " ".join(rewrite.text.split()))


def distinct_rewrites(rewrites: Sequence[Rewrite]) -> list[Rewrite]:
    """``rewrites`` with each repeated rewrite kept once, at its last save, in order."""
    last = {_same_rewrite(r): i for i, r in enumerate(rewrites)}
    return [r for i, r in enumerate(rewrites) if last[_same_rewrite(r)] == i]


def _latest(rewrites: Sequence[Rewrite]) -> list[Rewrite]:
    """The last saved rewrite of each pitch, in the order the pitches were first saved."""
    found: dict[str, Rewrite] = {}
    for rewrite in rewrites:
        found[rewrite.pitch] = rewrite
    return list(found.values())


def _rule_rows(finals: Sequence[Latest], labels: dict[str, str]) -> tuple[RuleRow, ...]:
    with_before = [r for _, r in finals if r.original_broken is not None]
    rows = []
    for key in RULE_KEYS:
        after = [(name, r) for name, r in finals if key in r.broken]
        rows.append(
            RuleRow(
                key=key,
                label=labels.get(key, key),
                before=sum(key in (r.original_broken or ()) for r in with_before),
                after=len(after),
                learners=len({name for name, _ in after}),
            )
        )
    return tuple(rows)


def _phrase_rows(
    finals: Sequence[Latest], labels: dict[str, str], top: int
) -> tuple[PhraseRow, ...]:
    counts: Counter[tuple[str, str]] = Counter()
    learners: dict[tuple[str, str], set[str]] = {}
    for name, rewrite in finals:
        for found in {(tidy_phrase(p), rule) for rule, p in rewrite.phrases}:
            if found[0]:
                counts[found] += 1
                learners.setdefault(found, set()).add(name)
    ranked = sorted(counts, key=lambda k: (-counts[k], -len(learners[k]), k[0], k[1]))
    return tuple(
        PhraseRow(
            phrase=phrase,
            rule=rule,
            rule_label=labels.get(rule, rule),
            count=counts[(phrase, rule)],
            learners=len(learners[(phrase, rule)]),
        )
        for phrase, rule in ranked[:top]
    )


def summarise(
    data: ClassData,
    *,
    title: str = "Class report",
    made_on: str | None = None,
    top: int = TOP_PHRASES,
) -> ClassSummary:
    """The report's numbers for the journals in ``data``."""
    labels = _rule_labels()
    saved = {learner.name: distinct_rewrites(learner.rewrites) for learner in data.learners}
    finals: list[Latest] = [
        (name, rewrite) for name, rewrites in saved.items() for rewrite in _latest(rewrites)
    ]
    before = tuple(sorted(r.original_score for _, r in finals if r.original_score is not None))
    after = tuple(sorted(r.score for _, r in finals))
    issues = sorted(data.issues, key=lambda i: (i.status != SKIPPED, i.name.lower()))
    return ClassSummary(
        title=title,
        made_on=made_on,
        files=data.files,
        learners=len(data.learners),
        learners_with_pitches=sum(1 for learner in data.learners if learner.rewrites),
        pitches=len(finals),
        rewrites=sum(len(rewrites) for rewrites in saved.values()),
        reflections=sum(learner.reflections for learner in data.learners),
        fixed=sum(1 for _, r in finals if not r.broken),
        easy_yes_score=EASY_YES_SCORE,
        rules=_rule_rows(finals, labels),
        pitches_with_before=sum(1 for _, r in finals if r.original_broken is not None),
        scores_before=before,
        scores_after=after,
        median_before=_median(before),
        median_after=_median(after),
        bands=tuple(f"{lo}–{hi}" for lo, hi in SCORE_BANDS),
        bands_before=band_counts(before),
        bands_after=band_counts(after),
        phrases=_phrase_rows(finals, labels, top),
        skipped=sum(1 for i in data.issues if i.status == SKIPPED),
        partly_read=sum(1 for i in data.issues if i.status == PARTLY_READ),
        issues=tuple(IssueRow(i.name, i.path.name, i.status, i.reason) for i in issues),
    )
