"""How well the analyzer agrees with labelled pitches: pure metric functions.

Labels are frozensets of rule keys (``{"risk", "commitment"}``). Every function
here takes plain sequences, so the same code scores ``data/approaches.csv``,
an instructor's own labelled file, or a test's handful of rows.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from helpable.content.approaches import RELATIONSHIPS, SETTINGS
from helpable.content.rules import RULE_KEYS

Labels = frozenset[str]


@dataclass(frozen=True)
class RuleMetrics:
    """Counts and scores for one rule."""

    rule: str
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        """Of the pitches flagged, the share that truly break the rule (1.0 when none flagged)."""
        flagged = self.tp + self.fp
        return self.tp / flagged if flagged else 1.0

    @property
    def recall(self) -> float:
        """Of the pitches that break the rule, the share flagged (1.0 when none do)."""
        actual = self.tp + self.fn
        return self.tp / actual if actual else 1.0

    @property
    def f1(self) -> float:
        """The harmonic mean of precision and recall (1.0 when the rule never occurs)."""
        if self.tp + self.fp + self.fn == 0:
            return 1.0
        return 2 * self.tp / (2 * self.tp + self.fp + self.fn)


@dataclass(frozen=True)
class Miss:
    """One pitch whose labels the analyzer got wrong."""

    id: str
    expected: Labels
    got: Labels

    @property
    def wrong(self) -> int:
        """How many of the three labels differ."""
        return len(self.expected ^ self.got)


@dataclass(frozen=True)
class Report:
    """The scores for one set of pitches (one split).

    ``exact`` is the share of pitches with all three labels right; ``misses``
    are the pitches with any label wrong, and ``mixups`` count each
    (expected, got) pair of label sets, most common first.
    """

    name: str
    size: int
    rules: tuple[RuleMetrics, ...]
    exact: float
    misses: tuple[Miss, ...]
    mixups: tuple[tuple[Labels, Labels, int], ...] = ()

    @property
    def macro_f1(self) -> float:
        """The mean F1 over the three rules."""
        return macro_f1(self.rules)


def _check_lengths(expected: Sequence[Labels], got: Sequence[Labels]) -> None:
    if len(expected) != len(got):
        raise ValueError(f"expected has {len(expected)} items but got has {len(got)}")


def rule_metrics(
    expected: Sequence[Labels], got: Sequence[Labels], rules: Iterable[str] = RULE_KEYS
) -> tuple[RuleMetrics, ...]:
    """True and false positives and false negatives per rule."""
    _check_lengths(expected, got)
    out = []
    for rule in rules:
        tp = sum(1 for e, g in zip(expected, got, strict=True) if rule in e and rule in g)
        fp = sum(1 for e, g in zip(expected, got, strict=True) if rule not in e and rule in g)
        fn = sum(1 for e, g in zip(expected, got, strict=True) if rule in e and rule not in g)
        out.append(RuleMetrics(rule, tp, fp, fn))
    return tuple(out)


def macro_f1(metrics: Sequence[RuleMetrics]) -> float:
    """The unweighted mean F1 of the rules (0.0 for no rules)."""
    return sum(m.f1 for m in metrics) / len(metrics) if metrics else 0.0


def exact_match(expected: Sequence[Labels], got: Sequence[Labels]) -> float:
    """The share of pitches whose three labels are all right (1.0 for no pitches)."""
    _check_lengths(expected, got)
    if not expected:
        return 1.0
    return sum(1 for e, g in zip(expected, got, strict=True) if e == g) / len(expected)


def worst_misses(
    ids: Sequence[str], expected: Sequence[Labels], got: Sequence[Labels], limit: int = 10
) -> tuple[Miss, ...]:
    """The wrong pitches, most labels wrong first, then by id."""
    _check_lengths(expected, got)
    misses = [Miss(i, e, g) for i, e, g in zip(ids, expected, got, strict=True) if e != g]
    misses.sort(key=lambda m: (-m.wrong, m.id))
    return tuple(misses[:limit])


def mixups(
    expected: Sequence[Labels], got: Sequence[Labels], limit: int = 5
) -> tuple[tuple[Labels, Labels, int], ...]:
    """The commonest (expected, got) label pairs among wrong pitches, with counts."""
    _check_lengths(expected, got)
    counts = Counter((e, g) for e, g in zip(expected, got, strict=True) if e != g)
    ordered = sorted(
        counts.items(), key=lambda kv: (-kv[1], format_labels(kv[0][0]), format_labels(kv[0][1]))
    )
    return tuple((e, g, n) for (e, g), n in ordered[:limit])


def report(
    name: str,
    ids: Sequence[str],
    expected: Sequence[Labels],
    got: Sequence[Labels],
    limit: int = 10,
) -> Report:
    """All the scores for one set of pitches."""
    return Report(
        name=name,
        size=len(expected),
        rules=rule_metrics(expected, got),
        exact=exact_match(expected, got),
        misses=worst_misses(ids, expected, got, limit),
        mixups=mixups(expected, got),
    )


def labels_from_row(row: Mapping[str, object]) -> Labels:
    """The rule keys a row marks with 1 (cells may be ints or strings)."""
    return frozenset(k for k in RULE_KEYS if str(row.get(k, "0")).strip() in ("1", "1.0"))


def context_from_row(row: Mapping[str, object]) -> dict[str, str | None]:
    """The ``setting`` and ``relationship`` of a row, or None when absent or unknown."""
    setting = str(row.get("setting") or "").strip()
    relationship = str(row.get("relationship") or "").strip()
    return {
        "setting": setting if setting in SETTINGS else None,
        "relationship": relationship if relationship in RELATIONSHIPS else None,
    }


def predict_rows(
    rows: Sequence[Mapping[str, object]],
    analyzer: Callable[..., object],
    text_column: str = "text",
) -> list[Labels]:
    """Run ``analyzer`` on each row's text with its setting and relationship."""
    out = []
    for row in rows:
        feedback = analyzer(str(row.get(text_column) or ""), **context_from_row(row))
        out.append(frozenset(feedback.broken))  # type: ignore[attr-defined]
    return out


def format_labels(labels: Labels) -> str:
    """``effort+risk``, or ``none``."""
    return "+".join(k for k in RULE_KEYS if k in labels) or "none"


def format_report(rep: Report) -> str:
    """A plain-text table for one report."""
    lines = [
        f"{rep.name}: {rep.size} pitches",
        f"  {'rule':<11} {'precision':>9} {'recall':>7} {'F1':>6}   tp  fp  fn",
    ]
    for m in rep.rules:
        lines.append(
            f"  {m.rule:<11} {m.precision:>9.3f} {m.recall:>7.3f} {m.f1:>6.3f}"
            f"  {m.tp:>3} {m.fp:>3} {m.fn:>3}"
        )
    lines.append(f"  macro-F1 {rep.macro_f1:.3f} · exact match {rep.exact:.3f}")
    if rep.mixups:
        lines.append("  commonest mix-ups (expected -> got: pitches):")
        for e, g, n in rep.mixups:
            lines.append(f"    {format_labels(e)} -> {format_labels(g)}: {n}")
    if rep.misses:
        lines.append("  worst misses (id: expected -> got):")
        for miss in rep.misses:
            lines.append(
                f"    {miss.id}: {format_labels(miss.expected)} -> {format_labels(miss.got)}"
            )
    return "\n".join(lines)
