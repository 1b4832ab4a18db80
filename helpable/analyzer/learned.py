"""The learned part of the analyzer: one linear classifier per rule, plus one for
whether a message asks anything, run in numpy from weights kept as text.

``data/model_weights.csv`` holds one row per feature (its idf and its weight in
each classifier); ``data/model_settings.csv`` holds the intercepts, the
decision thresholds and what the model was trained on. ``python -m helpable
train`` writes both. The arithmetic is scikit-learn's, step by step:
TF-IDF with sublinear term frequency and an L2 norm, then a logistic
function, so the probabilities match the training library's exactly.
"""

from __future__ import annotations

import csv
import dataclasses
import functools
import math
from array import array
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from hashlib import blake2b
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from helpable.analyzer.features import FEATURE_VERSION, FeatureSet, extract
from helpable.analyzer.segment import Clause
from helpable.content.tables import (
    Column,
    DataError,
    Schema,
    csv_rows,
    finite_number,
    numbered_rows,
)
from helpable.paths import data_file

LABELS: tuple[str, ...] = ("effort", "risk", "commitment", "ask")
RULES: tuple[str, ...] = LABELS[:3]


_MASK = (1 << 64) - 1


def quick_hash(name: str) -> int:
    """A feature's 64-bit fingerprint in this process: Python's own string hash, which
    each string computes once. It changes from process to process, so it is never stored."""
    return hash(name) & _MASK


def feature_hash(name: str) -> int:
    """A feature's 64-bit fingerprint (BLAKE2b), the same in every process: used when two
    features share a :func:`quick_hash` (about once in 10**10 loads)."""
    return int.from_bytes(blake2b(name.encode("utf-8", "surrogatepass"), digest_size=8).digest())


def _keys(hasher: Callable[[str], int], names: Sequence[str]) -> NDArray[np.uint64]:
    """The fingerprints of ``names``; for :func:`quick_hash`, straight from ``hash``."""
    if hasher is quick_hash:  # the same bits, without a Python call per name
        return np.fromiter(map(hash, names), dtype=np.int64, count=len(names)).view(np.uint64)
    return np.fromiter(map(hasher, names), dtype=np.uint64, count=len(names))


@dataclass(frozen=True)
class Vocabulary:
    """Feature name → column, kept as sorted 64-bit fingerprints instead of strings.

    Tens of thousands of feature strings in a dict cost about 5 MiB in every
    learner's kernel; the fingerprints cost 8 bytes each. Columns are in
    fingerprint order. Two of the shipped features never share a fingerprint
    (checked at load), and the chance that an unseen feature matches one is
    about 1 in 10**14.
    """

    hashes: NDArray[np.uint64]
    hasher: Callable[[str], int] = quick_hash

    def __len__(self) -> int:
        return len(self.hashes)

    def get(self, name: str, default: int = -1) -> int:
        """The column of ``name``, or ``default`` when the model has no such feature."""
        column = int(self.columns((name,))[0])
        return column if column >= 0 else default

    def columns(self, names: Sequence[str]) -> NDArray[np.intp]:
        """The column of each name (-1 where the model has no such feature)."""
        if not len(self.hashes):
            return np.full(len(names), -1, dtype=np.intp)
        keys = _keys(self.hasher, names)
        spots = np.minimum(np.searchsorted(self.hashes, keys), len(self.hashes) - 1)
        return np.where(self.hashes[spots] == keys, spots, -1).astype(np.intp)


WEIGHTS = Schema(
    filename="model_weights.csv",
    unique="feature",
    columns=(
        Column("feature"),
        Column("idf", kind="number"),
        *(Column(label, kind="number") for label in LABELS),
    ),
)
SETTINGS = Schema(
    filename="model_settings.csv",
    unique="name",
    columns=(Column("name"), Column("value")),
)
_REQUIRED_SETTINGS = (
    *(f"intercept_{label}" for label in LABELS),
    *(f"threshold_{label}" for label in LABELS),
    *(f"span_threshold_{rule}" for rule in RULES),
    "unsure_margin",
    "feature_version",
    "corpus_sha256",
)


@dataclass(frozen=True)
class Model:
    """The shipped classifiers: a vocabulary, idf weights and one weight row per label."""

    index: Vocabulary
    idf: NDArray[np.float64]
    weights: NDArray[np.float64]  # shape (labels, features)
    intercepts: NDArray[np.float64]
    thresholds: Mapping[str, float]
    unsure_margin: float
    settings: Mapping[str, str]
    span_thresholds: Mapping[str, float] = field(default_factory=dict)
    """Per rule: the chance one span of a message read alone needs to break it."""
    column_cache: dict[tuple[str, ...], ClauseColumns] = field(
        default_factory=dict, compare=False, repr=False
    )
    chance_cache: dict[tuple[object, ...], NDArray[np.float64]] = field(
        default_factory=dict, compare=False, repr=False
    )
    """Chances of clause groups read alone: (context columns, clause columns...) → row."""
    scored_cache: dict[tuple[object, ...], Scored] = field(
        default_factory=dict, compare=False, repr=False
    )
    """Scores of clause groups, as :func:`scored_from` keeps them when asked to."""
    read_cache: dict[tuple[str, bool, str], Any] = field(
        default_factory=dict, compare=False, repr=False
    )
    """Clause reads (:class:`helpable.analyzer.reading.ClauseRead`), remembered per model."""


@dataclass(frozen=True, eq=False)
class ClauseColumns:
    """One clause's features as vocabulary columns (-1: not in the model), and how many of
    its single words (``w:`` features) the model knows. Each clause text has one (see
    :func:`clause_columns`), so it is compared by identity."""

    columns: NDArray[np.intp]
    words: int
    known_words: int


@dataclass(frozen=True)
class Scored:
    """One document's features and what the model makes of them."""

    features: FeatureSet
    columns: NDArray[np.intp]  # vocabulary index of each feature (-1: not in the model)
    values: NDArray[np.float64]  # TF-IDF value, L2-normalised, of each distinct column
    distinct: NDArray[np.intp]
    probabilities: Mapping[str, float]
    words: int = 0  # single words read (``w:`` features)
    known_words: int = 0  # of them, words the model has a weight for

    def occurrence_contributions(self, model: Model, label: str) -> NDArray[np.float64]:
        """What each feature occurrence adds to ``label``'s logit (its column's share)."""
        out = np.zeros(len(self.columns))
        if not len(self.distinct):
            return out
        known, position, times = self._occurrences
        per_column = self.values * model.weights[LABELS.index(label)][self.distinct]
        out[known] = per_column[position] / times
        return out

    @functools.cached_property
    def _occurrences(self) -> tuple[NDArray[np.bool_], NDArray[np.intp], NDArray[np.float64]]:
        """Which features the model knows, each one's distinct column, and how often that
        column occurs: the same for every label."""
        known = self.columns >= 0
        position = np.searchsorted(self.distinct, self.columns[known])
        counts = np.bincount(position, minlength=len(self.distinct))
        return known, position, counts[position].astype(np.float64)


def _settings(path: Path) -> dict[str, str]:
    rows = numbered_rows(path, SETTINGS)
    found = {row["name"]: row["value"] for _, row in rows}
    for name in _REQUIRED_SETTINGS:
        if name not in found:
            raise DataError(path, f"has no row named {name!r}", column="name")
    for line, row in rows:
        if (
            row["name"].startswith(("intercept_", "threshold_", "span_threshold_"))
            or row["name"] == "unsure_margin"
        ):
            problem = finite_number(row["value"])
            if problem:
                raise DataError(path, problem, row=line, column="value")
    if found["feature_version"] != FEATURE_VERSION:
        raise DataError(
            path,
            f"was trained on features version {found['feature_version']!r}, but the analyzer "
            f"reads version {FEATURE_VERSION!r}; retrain with: python -m helpable train",
            column="value",
        )
    return found


def _weights(path: Path) -> tuple[Vocabulary, NDArray[np.float64], NDArray[np.float64]]:
    """Read model_weights.csv row by row (it is large), checking every cell.

    The file is streamed, so loading never holds its text in memory. A file
    the csv module cannot read (not UTF-8, a NUL byte, a folder, a cell that
    is too long) is read again by :func:`csv_rows`, whose error names the row
    and column.
    """
    try:
        return _stream_weights(path)
    except (OSError, UnicodeDecodeError, csv.Error):
        _check_whole_file(path)
        raise DataError(path, "cannot be read as CSV") from None


def _check_whole_file(path: Path) -> None:
    """Raise csv_rows' DataError if the file is not plain UTF-8 CSV (a NUL byte, say)."""
    for _ in csv_rows(path, WEIGHTS):
        pass


def _stream_weights(
    path: Path, hasher: Callable[[str], int] = quick_hash
) -> tuple[Vocabulary, NDArray[np.float64], NDArray[np.float64]]:
    keys = array("Q")
    lines = array("L")
    numbers = array("d")
    pending: list[str] = []  # number cells not parsed yet, five a row
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle, strict=True)
        header = [h.strip() for h in next(reader, [])]
        if header[: len(WEIGHTS.names)] != WEIGHTS.names:
            next(csv_rows(path, WEIGHTS))  # its message has hints (a ';' file, say)
            raise DataError(path, f"the header must be: {','.join(WEIGHTS.names)}", row=1)
        for cells in reader:
            line = reader.line_num
            if len(cells) < len(header):
                raise DataError(path, f"has {len(cells)} cells; it needs {len(header)}", row=line)
            if not cells[0] or "\x00" in cells[0]:
                _check_whole_file(path)  # a NUL byte: its own message
                problem = "is empty" if not cells[0] else "holds a NUL character"
                raise DataError(path, problem, row=line, column="feature")
            pending.extend(cells[1:6])
            keys.append(hasher(cells[0]))
            lines.append(line)
            if len(pending) >= _CHUNK:
                _parse_numbers(path, header, pending, lines, numbers)
        _parse_numbers(path, header, pending, lines, numbers)
    hashes = np.frombuffer(keys, dtype=np.uint64)
    order = np.argsort(hashes, kind="stable")
    hashes = hashes[order]
    twins = np.flatnonzero(hashes[1:] == hashes[:-1])
    if len(twins):
        first, second = sorted(int(lines[order[i]]) for i in (twins[0], twins[0] + 1))
        if hasher is not feature_hash and _names_at(path, (first, second)) != 1:
            return _stream_weights(path, feature_hash)  # two features, one quick fingerprint
        raise DataError(
            path,
            f"repeats the feature of row {first}; each value must be unique",
            row=second,
            column="feature",
        )
    table = np.frombuffer(numbers, dtype=np.float64).reshape(-1, 5)[order]
    return Vocabulary(hashes, hasher), table[:, 0].copy(), table[:, 1:].T.copy()


_CHUNK = 5 * 4096
"""Number cells parsed at once while the weights stream in (a few hundred kB at a time)."""


def _parse_numbers(
    path: Path, header: list[str], pending: list[str], lines: array[int], numbers: array[float]
) -> None:
    """Parse the pending number cells into ``numbers``; a cell that is not a finite number
    gets an error naming its row and column."""
    try:
        values = np.fromiter(map(float, pending), dtype=np.float64, count=len(pending))
    except ValueError:
        values = np.array([_number_or_nan(cell) for cell in pending])
    bad = np.flatnonzero(~np.isfinite(values))
    if len(bad):
        index = int(bad[0])
        _check_whole_file(path)
        row = int(lines[len(lines) - len(pending) // 5 + index // 5])
        raise DataError(
            path,
            f"is {pending[index]!r}; it must be a finite number",
            row=row,
            column=header[1 + index % 5],
        )
    numbers.frombytes(values.tobytes())
    pending.clear()


def _number_or_nan(cell: str) -> float:
    try:
        return float(cell)
    except ValueError:
        return math.nan


def _names_at(path: Path, lines: tuple[int, ...]) -> int:
    """How many different features the file's rows at ``lines`` name."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle, strict=True)
        return len({cells[0] for cells in reader if reader.line_num in lines})


@lru_cache(maxsize=2)
def _load(weights_path: str, settings_path: str, stamps: tuple[int, int]) -> Model:
    settings = _settings(Path(settings_path))
    index, idf, weights = _weights(Path(weights_path))
    intercepts = np.array([float(settings[f"intercept_{label}"]) for label in LABELS])
    thresholds = {label: float(settings[f"threshold_{label}"]) for label in LABELS}
    spans = {rule: float(settings[f"span_threshold_{rule}"]) for rule in RULES}
    return Model(
        index,
        idf,
        weights,
        intercepts,
        thresholds,
        float(settings["unsure_margin"]),
        settings,
        spans,
    )


def model_from(
    names: Sequence[str],
    idf: NDArray[np.float64],
    weights: NDArray[np.float64],
    intercepts: NDArray[np.float64],
) -> Model:
    """A model built in memory (training uses it to score held-out pitches as shipped)."""
    hasher: Callable[[str], int] = quick_hash
    hashes = _keys(hasher, names)
    if len(np.unique(hashes)) < len(set(names)):  # two features, one quick fingerprint
        hasher = feature_hash
        hashes = _keys(hasher, names)
    order = np.argsort(hashes, kind="stable")
    return Model(
        Vocabulary(hashes[order], hasher),
        np.asarray(idf, dtype=float)[order],
        np.asarray(weights, dtype=float)[:, order],
        np.asarray(intercepts, dtype=float),
        dict.fromkeys(LABELS, 0.5),
        0.0,
        {},
        dict.fromkeys(RULES, 1.0),
    )


def load_model(folder: Path | None = None) -> Model:
    """The shipped model, read again only when one of its files changes."""
    weights = (folder / WEIGHTS.filename) if folder else data_file(WEIGHTS.filename)
    settings = (folder / SETTINGS.filename) if folder else data_file(SETTINGS.filename)
    try:
        stamps = (weights.stat().st_mtime_ns, settings.stat().st_mtime_ns)
    except OSError as exc:
        missing = weights if not weights.exists() else settings
        raise DataError(
            missing, "the file is missing; make it with: python -m helpable train"
        ) from exc
    return _load(str(weights), str(settings), stamps)


def clause_columns(model: Model, names: tuple[str, ...]) -> ClauseColumns:
    """The vocabulary columns of one clause's features, remembered per model."""
    cache = model.column_cache
    found = cache.get(names)
    if found is None:
        found_columns = model.index.columns(names)
        # The single words come first (see features.clause_features): "w:" without a space.
        words = 0
        for name in names:
            if name[:2] != "w:" or " " in name:
                break
            words += 1
        known = int(np.count_nonzero(found_columns[:words] >= 0))
        found = ClauseColumns(found_columns, words, known)
        if len(cache) > 20_000:
            cache.clear()
        cache[names] = found
    return found


def _sigmoid(x: NDArray[np.float64]) -> NDArray[np.float64]:
    return np.asarray(1.0 / (1.0 + np.exp(-x)))


def score(model: Model, doc: str, spans: list[Clause] | None = None) -> Scored:
    """Extract a document's features and score it with every classifier."""
    features = extract(doc, spans)
    read = [clause_columns(model, names) for names in features.clause_names]
    head = model.index.columns(features.head).tolist() if features.head else []
    return scored_from(model, features, head, read)


def scored_from(
    model: Model,
    features: FeatureSet,
    head: Sequence[int],
    read: Sequence[ClauseColumns],
    *,
    remember: bool = False,
) -> Scored:
    """Score features whose columns are known: ``head`` for the context's, ``read`` for
    each clause's. With ``remember``, the numbers are kept for the next time the same
    clauses are scored in the same context (a span of a message, say)."""
    key = (tuple(head), *read) if remember else None
    if key is not None and key in model.scored_cache:
        return dataclasses.replace(model.scored_cache[key], features=features)
    found = _scored(model, features, head, read)
    if key is not None:
        if len(model.scored_cache) > 2_000:
            model.scored_cache.clear()
        model.scored_cache[key] = found
    return found


def _scored(
    model: Model, features: FeatureSet, head: Sequence[int], read: Sequence[ClauseColumns]
) -> Scored:
    parts = [np.asarray(head, dtype=np.intp)] if len(head) else []
    parts.extend(clause.columns for clause in read)
    columns = np.concatenate(parts) if parts else np.zeros(0, dtype=np.intp)
    known = columns[columns >= 0]
    distinct, counts = np.unique(known, return_counts=True)
    if len(distinct):
        tfidf = (1.0 + np.log(counts)) * model.idf[distinct]
        values = tfidf / float(np.sqrt(np.dot(tfidf, tfidf)))
        logits = model.weights[:, distinct] @ values + model.intercepts
    else:
        values = np.zeros(0)
        logits = model.intercepts.copy()
    chances = dict(zip(LABELS, (float(p) for p in _sigmoid(logits)), strict=True))
    words = sum(clause.words for clause in read)
    known_words = sum(clause.known_words for clause in read)
    return Scored(features, columns, values, distinct, chances, words, known_words)


def probabilities(model: Model, docs: Sequence[str]) -> NDArray[np.float64]:
    """Each document's probability per label (rows: documents, columns: :data:`LABELS`)."""
    return np.array([[score(model, doc).probabilities[label] for label in LABELS] for doc in docs])


def group_chances(
    model: Model, head: Sequence[int], groups: Sequence[Sequence[ClauseColumns]]
) -> NDArray[np.float64]:
    """Each group of clauses scored alone, as :func:`score` would (rows: groups, columns:
    :data:`LABELS`), in one pass: the context's columns ``head`` join every group."""
    out = np.zeros((len(groups), len(LABELS)))
    context = tuple(head)
    cache = model.chance_cache
    keys = [(context, *group) for group in groups]
    todo = []
    for i, key in enumerate(keys):
        known = cache.get(key)
        if known is None:
            todo.append(i)
        else:
            out[i] = known  # these clauses were read together before, in this context
    if todo:
        out[todo] = _chances_of(model, [groups[i] for i in todo], context)
        if len(cache) > 20_000:
            cache.clear()
        for i in todo:
            cache[keys[i]] = out[i].copy()
    return out


def _chances_of(
    model: Model, groups: Sequence[Sequence[ClauseColumns]], head: tuple[int, ...]
) -> NDArray[np.float64]:
    start = np.asarray(head, dtype=np.intp)
    lists = [np.concatenate([start, *(clause.columns for clause in group)]) for group in groups]
    columns = np.concatenate(lists).astype(np.int64)
    owner = np.repeat(np.arange(len(groups), dtype=np.int64), [len(c) for c in lists])
    known = columns >= 0
    size = max(len(model.idf), 1)
    keys, counts = np.unique(owner[known] * size + columns[known], return_counts=True)
    group, column = keys // size, keys % size
    tfidf = (1.0 + np.log(counts)) * model.idf[column]
    norms = np.sqrt(np.bincount(group, tfidf * tfidf, minlength=len(groups)))
    values = tfidf / norms[group] if len(group) else tfidf
    logits = np.stack(
        [
            np.bincount(group, model.weights[label, column] * values, minlength=len(groups))
            for label in range(len(LABELS))
        ],
        axis=1,
    )
    return _sigmoid(logits + model.intercepts)
