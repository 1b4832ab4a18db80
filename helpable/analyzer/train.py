"""Train the analyzer's classifiers on the corpus and write them as text.

``python -m helpable train`` runs :func:`train`. It needs scikit-learn
(``requirements-dev.txt``); the course itself runs the result in numpy.

* **Data:** the corpus's ``train`` and ``validation`` splits, the short
  contrast pitches (``contrast_pitches.csv``) and the ``dev`` split of
  ``approaches.csv``. The corpus ``test`` split, the approaches ``test``
  split and ``tests/data/unseen_pitches.csv`` are never trained or tuned on.
* **Thresholds** are chosen on author-held-out predictions: grouped 5-fold
  cross-validation in which each author's items are predicted by a model that
  never saw that author. Each rule's *span threshold* (for one piece of a
  long message read alone, :mod:`helpable.analyzer.spans`) is chosen on the
  same predictions, each fold's model scoring its held-out pitches piece by
  piece with the course's own numpy code.
* **Deterministic:** the same data gives the same files, byte for byte.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from helpable.analyzer.features import (
    FEATURE_VERSION,
    document,
    feature_names,
    is_function_feature,
)
from helpable.analyzer.learned import LABELS, RULES, SETTINGS, WEIGHTS, model_from, score
from helpable.analyzer.spans import MIN_KNOWN_SHARE, MIN_SPAN_WORDS, best_span_chances, trusted
from helpable.content.approaches import load_approaches
from helpable.content.corpus import load_contrast, load_corpus
from helpable.paths import data_file

C = 10.0
"""Inverse regularisation strength of every classifier (chosen by grouped cross-validation)."""
MIN_DF = 2
"""A feature must occur in at least this many training pitches."""
FUNCTION_SCALE = 0.5
"""Weight of features made only of function words ("could you"), against 1 for the rest."""
FOLDS = 5
CONTRAST_WEIGHT = 1.0
HIDDEN_FROM: dict[str, tuple[str, ...]] = {"effort": ("self",), "risk": ("self",)}
"""Feature kinds a classifier may not use: what the seeker promises to do never makes
the helper go out of their way or stake their name (the labeling guide)."""
"""How much one contrast pitch counts against one corpus pitch (it isolates one rule)."""
UNSURE_MARGIN = 0.12
"""Within this distance of a threshold, the feedback says "might" instead of giving a verdict."""
THRESHOLD_GRID = np.round(np.arange(0.20, 0.81, 0.01), 2)
SPAN_GRID = np.round(np.arange(0.50, 1.0, 0.01), 2)
"""Span thresholds tried (at or above the rule's own threshold); 1.0 means spans are not read."""

Progress = Callable[[str], None]


TRAINING_DATA = "corpus.csv train and validation, contrast_pitches.csv, approaches.csv dev"


CONTRAST_AUTHORS = ("x01", "x02", "x03", "x04", "x05", "x06", "x07", "x08")


def training_pool() -> pd.DataFrame:
    """The pitches the model learns from, each with the author who wrote it (``group``)."""
    corpus = load_corpus()
    corpus = corpus[corpus["split"] != "test"].assign(group=lambda f: f["author"])
    contrast = load_contrast().assign(group=lambda f: f["author"])
    approaches = load_approaches("dev").assign(ask=1, group="approaches")
    columns = ["text", "setting", "relationship", *LABELS, "group"]
    return pd.concat([corpus[columns], contrast[columns], approaches[columns]], ignore_index=True)


def documents(frame: pd.DataFrame) -> list[str]:
    return [
        document(str(t), str(s), str(r))
        for t, s, r in zip(frame["text"], frame["setting"], frame["relationship"], strict=True)
    ]


def data_fingerprint() -> str:
    """A hash of everything the model depends on: the data, the features and the settings."""
    digest = hashlib.sha256()
    for name in ("corpus.csv", "contrast_pitches.csv", "approaches.csv"):
        digest.update(data_file(name).read_bytes())
    digest.update(
        f"{FEATURE_VERSION}|{C}|{MIN_DF}|{FOLDS}|{UNSURE_MARGIN}|{FUNCTION_SCALE}|{CONTRAST_WEIGHT}".encode()
    )
    digest.update(f"|spans:{MIN_KNOWN_SHARE}|{MIN_SPAN_WORDS}|{SPAN_GRID[0]}".encode())
    return digest.hexdigest()


def _fit(docs: list[str], frame: pd.DataFrame) -> tuple[Any, dict[str, Any]]:
    from scipy import sparse
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    vectorizer = TfidfVectorizer(analyzer=feature_names, sublinear_tf=True, min_df=MIN_DF)
    vectorizer.fit(docs)
    names = sorted(vectorizer.vocabulary_, key=vectorizer.vocabulary_.__getitem__)
    scale = np.array([FUNCTION_SCALE if is_function_feature(n) else 1.0 for n in names])
    vectorizer.idf_ = vectorizer.idf_ * scale  # how people ask weighs less than what they ask
    matrix = vectorizer.transform(docs)
    weights = np.where(frame["group"].isin(CONTRAST_AUTHORS), CONTRAST_WEIGHT, 1.0)
    models = {}
    for label in LABELS:
        hidden = [
            j for j, n in enumerate(names) if n.split(":", 1)[0] in HIDDEN_FROM.get(label, ())
        ]
        seen = matrix
        if hidden:
            keep = np.ones(len(names))
            keep[hidden] = 0.0
            seen = matrix @ sparse.diags(keep)
        models[label] = LogisticRegression(C=C, max_iter=5000, class_weight="balanced").fit(
            seen, frame[label].to_numpy(), sample_weight=weights
        )
    return vectorizer, models


@dataclass(frozen=True)
class HeldOut:
    """Author-held-out predictions for every training pitch."""

    whole: dict[str, NDArray[np.float64]]  # the whole message's chance, per label
    span: dict[str, NDArray[np.float64]]  # the best trusted span's chance, per label
    trusted: NDArray[np.bool_]  # whether the model knew enough of the message's words
    fold_of: NDArray[np.intp]


def _spans_held_out(
    vectorizer: Any,
    models: dict[str, Any],
    frame: pd.DataFrame,
    held: NDArray[np.intp],
    out: HeldOut,
) -> None:
    """Score each held-out pitch span by span with the fold's model, as analyze() does."""
    names = sorted(vectorizer.vocabulary_, key=vectorizer.vocabulary_.__getitem__)
    model = model_from(
        names,
        vectorizer.idf_,
        np.vstack([models[label].coef_[0] for label in LABELS]),
        np.array([models[label].intercept_[0] for label in LABELS]),
    )
    for i in held:
        text, setting, relationship = (
            str(frame[c].iloc[i]) for c in ("text", "setting", "relationship")
        )
        setting_or_none, rel_or_none = setting or None, relationship or None
        out.trusted[i] = trusted(score(model, document(text, setting_or_none, rel_or_none)))
        best = best_span_chances(model, text, setting_or_none, rel_or_none)
        for label in LABELS:
            out.span[label][i] = best[label]


def held_out(frame: pd.DataFrame, docs: list[str], progress: Progress) -> HeldOut:
    """Each pitch's chances from a model that never saw its author: whole and span by span."""
    from sklearn.model_selection import GroupKFold

    out = {label: np.zeros(len(frame)) for label in LABELS}
    fold_of = np.zeros(len(frame), dtype=np.intp)
    found = HeldOut(
        out, {label: np.zeros(len(frame)) for label in LABELS}, np.ones(len(frame), bool), fold_of
    )
    folds = GroupKFold(n_splits=FOLDS).split(frame, groups=frame["group"])
    for number, (train, held) in enumerate(folds, start=1):
        progress(
            f"  fold {number} of {FOLDS}: {len(train)} pitches to learn from, {len(held)} held out"
        )
        vectorizer, models = _fit([docs[i] for i in train], frame.iloc[train])
        matrix = vectorizer.transform([docs[i] for i in held])
        for label, model in models.items():
            out[label][held] = model.predict_proba(matrix)[:, 1]
        fold_of[held] = number
        _spans_held_out(vectorizer, models, frame, held, found)
    return found


def f1(truth: NDArray[Any], predicted: NDArray[Any]) -> float:
    tp = float(np.sum((truth == 1) & (predicted == 1)))
    fp = float(np.sum((truth == 0) & (predicted == 1)))
    fn = float(np.sum((truth == 1) & (predicted == 0)))
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def best_span_threshold(
    truth: NDArray[Any], whole_says: NDArray[np.bool_], span: NDArray[np.float64], floor: float
) -> float:
    """The span threshold with the best F1 when a span can also break the rule (the highest,
    on a tie; never under the rule's own threshold)."""
    grid = [float(t) for t in SPAN_GRID if t >= floor] + [1.0]
    scores = [f1(truth, (whole_says | (span >= t)).astype(int)) for t in grid]
    best = max(scores)
    return max(t for t, value in zip(grid, scores, strict=True) if value == best)


def best_threshold(truth: NDArray[Any], probability: NDArray[np.float64]) -> float:
    """The threshold with the best F1 (the lowest, on a tie)."""
    scores = [f1(truth, (probability >= t).astype(int)) for t in THRESHOLD_GRID]
    return float(THRESHOLD_GRID[int(np.argmax(scores))])


@dataclass(frozen=True)
class TrainingResult:
    """What training measured, and where it wrote the model."""

    pitches: int
    features: int
    thresholds: dict[str, float]
    fold_macro_f1: tuple[float, ...]
    held_out_f1: dict[str, float]
    folder: Path


def _write(folder: Path, vectorizer: Any, models: dict[str, Any], settings: dict[str, str]) -> None:
    import csv

    folder.mkdir(parents=True, exist_ok=True)
    names = sorted(vectorizer.vocabulary_, key=vectorizer.vocabulary_.__getitem__)
    idf = vectorizer.idf_
    coefs = {label: models[label].coef_[0] for label in LABELS}
    with (folder / WEIGHTS.filename).open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(WEIGHTS.names)
        for j, name in enumerate(names):
            writer.writerow(
                [name, repr(float(idf[j])), *(repr(float(coefs[k][j])) for k in LABELS)]
            )
    with (folder / SETTINGS.filename).open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(SETTINGS.names)
        writer.writerows(settings.items())


def train(folder: Path | None = None, progress: Progress = print) -> TrainingResult:
    """Train, choose thresholds on author-held-out predictions, and write the model files."""
    folder = folder or data_file(WEIGHTS.filename).parent
    frame = training_pool()
    docs = documents(frame)
    progress(f"Training on {len(frame)} pitches by {frame['group'].nunique()} authors.")
    progress("Predicting each author's pitches with a model that never saw that author:")
    found = held_out(frame, docs, progress)
    held, fold_of = found.whole, found.fold_of
    thresholds = {label: best_threshold(frame[label].to_numpy(), held[label]) for label in LABELS}
    says = {
        label: (held[label] >= thresholds[label]) & (found.trusted | (label not in RULES))
        for label in LABELS
    }
    spans = {
        rule: best_span_threshold(
            frame[rule].to_numpy(), says[rule], found.span[rule], thresholds[rule]
        )
        for rule in RULES
    }
    for rule in RULES:
        says[rule] = says[rule] | (found.span[rule] >= spans[rule])
    held_f1 = {label: f1(frame[label].to_numpy(), says[label].astype(int)) for label in LABELS}
    fold_macro = tuple(
        float(
            np.mean(
                [
                    f1(
                        frame[label].to_numpy()[fold_of == n],
                        says[label][fold_of == n].astype(int),
                    )
                    for label in RULES
                ]
            )
        )
        for n in range(1, FOLDS + 1)
    )
    progress("Training the final model on every training pitch.")
    vectorizer, models = _fit(docs, frame)
    settings = {
        **{f"intercept_{label}": repr(float(models[label].intercept_[0])) for label in LABELS},
        **{f"threshold_{label}": repr(thresholds[label]) for label in LABELS},
        **{f"span_threshold_{rule}": repr(spans[rule]) for rule in RULES},
        "unsure_margin": repr(UNSURE_MARGIN),
        "feature_version": FEATURE_VERSION,
        "corpus_sha256": data_fingerprint(),
        "regularisation_c": repr(C),
        "min_df": str(MIN_DF),
        "fold_macro_f1": ";".join(f"{x:.4f}" for x in fold_macro),
        **{f"held_out_f1_{label}": f"{held_f1[label]:.4f}" for label in LABELS},
        "trained_on": f"{len(frame)} pitches: {TRAINING_DATA}",
    }
    _write(folder, vectorizer, models, settings)
    progress(
        f"Wrote {folder / WEIGHTS.filename} ({len(vectorizer.vocabulary_)} features) and "
        f"{folder / SETTINGS.filename}."
    )
    return TrainingResult(
        len(frame), len(vectorizer.vocabulary_), thresholds, fold_macro, held_f1, folder
    )
