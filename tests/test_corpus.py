"""The pitch corpus: well formed, split by author, and labelled with good agreement."""

from __future__ import annotations

import csv

import pandas as pd
import pytest

from helpable.content.corpus import FAMILIES, LABELS, SPLITS, load_corpus
from helpable.content.tables import DataError
from helpable.paths import data_file


@pytest.fixture(scope="module")
def corpus() -> pd.DataFrame:
    return load_corpus()


def cohen_kappa(a: pd.Series, b: pd.Series) -> float:
    agree = float((a == b).mean())
    pa, pb = float(a.mean()), float(b.mean())
    chance = pa * pb + (1 - pa) * (1 - pb)
    return (agree - chance) / (1 - chance)


def test_size_authors_and_families(corpus: pd.DataFrame) -> None:
    assert len(corpus) >= 3000
    assert corpus["author"].nunique() >= 20
    counts = corpus["family"].value_counts()
    assert set(counts.index) == set(FAMILIES)
    assert counts.min() >= 100


def test_splits_are_by_author(corpus: pd.DataFrame) -> None:
    per_author = corpus.groupby("author")["split"].nunique()
    assert (per_author == 1).all(), per_author[per_author > 1]
    assert set(corpus["split"]) == set(SPLITS)
    authors = corpus.groupby("split")["author"].nunique()
    assert authors["test"] >= 4 and authors["validation"] >= 3


def test_every_label_has_both_values_in_every_split(corpus: pd.DataFrame) -> None:
    for _, part in corpus.groupby("split"):
        for label in LABELS:
            assert 0 < part[label].sum() < len(part), label


def test_labels_record_matches_the_corpus_and_agreement_is_high(corpus: pd.DataFrame) -> None:
    record = pd.read_csv(data_file("corpus_labels.csv"))
    assert list(record["id"]) == list(corpus["id"])
    merged = corpus.merge(record, on="id")
    firsts = merged[[f"first_{k}" for k in LABELS]].to_numpy()
    seconds = merged[[f"second_{k}" for k in LABELS]].to_numpy()
    agreed = (firsts == seconds).all(axis=1)
    # Where the two labellers agreed on all four labels, the corpus keeps them;
    # every other item was settled by the third labeller.
    assert (merged.loc[agreed, list(LABELS)].to_numpy() == firsts[agreed]).all()
    assert (merged["adjudicated"] == (~agreed).astype(int)).all()
    for label in LABELS:
        assert cohen_kappa(merged[f"first_{label}"], merged[f"second_{label}"]) >= 0.8, label


def test_a_rule_broken_without_an_ask_names_the_row(data_copy) -> None:  # noqa: ANN001
    path = data_copy / "corpus.csv"
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    header = rows[0]
    rows[1][header.index("risk")], rows[1][header.index("ask")] = "1", "0"
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)
    with pytest.raises(DataError, match=r"corpus.csv, row 2, column 'ask'"):
        load_corpus()
