"""The analyzer's figures: held-out sets, per family, and the cross-validation of training.

``python -m helpable evaluate`` prints :func:`standard_report`. Every set here
is one the model never learned from: the corpus ``test`` split (five authors
held out), the ``test`` split of ``approaches.csv`` and
``tests/data/unseen_pitches.csv`` (a separate author's pitches).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from helpable.analyzer.engine import analyze
from helpable.analyzer.learned import load_model
from helpable.analyzer.metrics import (
    Labels,
    format_report,
    labels_from_row,
    macro_f1,
    report,
    rule_metrics,
)
from helpable.content.approaches import load_approaches
from helpable.content.corpus import load_corpus
from helpable.content.tables import records
from helpable.paths import COURSE_ROOT

UNSEEN = COURSE_ROOT / "tests" / "data" / "unseen_pitches.csv"
Row = dict[str, object]


@dataclass(frozen=True)
class Predictions:
    """One labelled set and what the analyzer said about each row."""

    name: str
    rows: tuple[Row, ...]
    expected: tuple[Labels, ...]
    got: tuple[Labels, ...]
    ask_expected: tuple[int, ...]
    ask_got: tuple[int, ...]


def predict(name: str, rows: Sequence[Row]) -> Predictions:
    """Run the analyzer on every row (with its setting and relationship)."""
    expected, got, ask_e, ask_g = [], [], [], []
    for row in rows:
        setting = str(row.get("setting") or "") or None
        relationship = str(row.get("relationship") or "") or None
        feedback = analyze(str(row["text"]), setting=setting, relationship=relationship)
        expected.append(labels_from_row(row))
        got.append(frozenset(feedback.broken))
        ask_e.append(int(str(row.get("ask", 1)) in ("1", "1.0")))
        ask_g.append(int(feedback.has_ask))
    return Predictions(name, tuple(rows), tuple(expected), tuple(got), tuple(ask_e), tuple(ask_g))


def standard_sets() -> dict[str, list[Row]]:
    """The held-out sets, by name."""
    sets = {
        "corpus test split (5 authors the model never saw)": records(load_corpus("test")),
        "approaches.csv test split": records(load_approaches("test")),
    }
    if UNSEEN.exists():
        sets["tests/data/unseen_pitches.csv (a separate author)"] = records(pd.read_csv(UNSEEN))
    return sets


def family_lines(pred: Predictions) -> list[str]:
    """Macro-F1 and exact match per corpus family."""
    groups: dict[str, list[int]] = {}
    for i, row in enumerate(pred.rows):
        groups.setdefault(str(row.get("family", "")), []).append(i)
    lines = [f"  {'family':<16} {'pitches':>7} {'macro-F1':>8} {'exact':>6}"]
    for family in sorted(groups):
        idx = groups[family]
        exp = [pred.expected[i] for i in idx]
        got = [pred.got[i] for i in idx]
        exact = sum(e == g for e, g in zip(exp, got, strict=True)) / len(idx)
        lines.append(
            f"  {family:<16} {len(idx):>7} {macro_f1(rule_metrics(exp, got)):>8.3f} {exact:>6.3f}"
        )
    return lines


def ask_line(pred: Predictions) -> str:
    """How often the analyzer is right about whether a message asks anything."""
    right = sum(e == g for e, g in zip(pred.ask_expected, pred.ask_got, strict=True))
    no_ask = sum(1 for e in pred.ask_expected if e == 0)
    caught = sum(1 for e, g in zip(pred.ask_expected, pred.ask_got, strict=True) if e == 0 == g)
    return (
        f"  ask: right on {right} of {len(pred.rows)} ({right / max(1, len(pred.rows)):.3f}); "
        f"messages with no ask recognised: {caught} of {no_ask}"
    )


def cross_validation_line(settings: Mapping[str, str]) -> str:
    """Grouped 5-fold cross-validation over authors, as recorded when the model was trained."""
    folds = [float(x) for x in settings.get("fold_macro_f1", "").split(";") if x]
    if not folds:
        return "grouped cross-validation: not recorded (retrain with python -m helpable train)"
    mean = sum(folds) / len(folds)
    sd = (sum((x - mean) ** 2 for x in folds) / (len(folds) - 1)) ** 0.5 if len(folds) > 1 else 0.0
    return (
        f"grouped {len(folds)}-fold cross-validation over authors (training data): "
        f"macro-F1 {mean:.3f} ± {sd:.3f} (folds: {', '.join(f'{x:.3f}' for x in folds)})"
    )


def standard_report(misses: int = 10) -> str:
    """Every figure, as plain text."""
    blocks = [cross_validation_line(load_model().settings)]
    for name, rows in standard_sets().items():
        pred = predict(name, rows)
        ids = [str(r.get("id") or n) for n, r in enumerate(rows, start=2)]
        blocks.append(format_report(report(name, ids, list(pred.expected), list(pred.got), misses)))
        blocks.append(ask_line(pred))
        if any("family" in r for r in rows):
            blocks.append("\n".join(family_lines(pred)))
    return "\n\n".join(blocks)
