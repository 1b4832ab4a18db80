"""The shipped analyzer model: text only, fresh, exact, small, and safe to edit."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest
import sklearn  # noqa: F401,E402 - the model tests need it; it is in requirements-dev.txt

from helpable.analyzer.engine import analyze
from helpable.analyzer.features import feature_names
from helpable.analyzer.learned import LABELS, SETTINGS, WEIGHTS, load_model, probabilities
from helpable.analyzer.train import data_fingerprint, documents, train
from helpable.content.corpus import load_corpus
from helpable.content.tables import DataError
from helpable.paths import data_file


def test_the_model_is_text_and_small() -> None:
    weights, settings = data_file(WEIGHTS.filename), data_file(SETTINGS.filename)
    assert weights.stat().st_size + settings.stat().st_size <= 5 * 1024 * 1024
    for path in (weights, settings):
        assert b"\x00" not in path.read_bytes()[:100_000]
        assert path.suffix == ".csv"
    assert not list(data_file("x").parent.glob("*.pkl")) and not list(
        data_file("x").parent.glob("*.joblib")
    )


def test_the_shipped_model_was_trained_on_the_current_data() -> None:
    """Fails when corpus.csv, contrast_pitches.csv, approaches.csv or the training
    settings changed since the model was written: run ``python -m helpable train``."""
    assert load_model().settings["corpus_sha256"] == data_fingerprint()


def test_numpy_inference_matches_scikit_learn_on_the_whole_corpus() -> None:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    model = load_model()
    docs = documents(load_corpus())
    ours = probabilities(model, docs)
    import csv

    with data_file(WEIGHTS.filename).open(encoding="utf-8", newline="") as handle:
        names = [row[0] for row in list(csv.reader(handle))[1:]]
    vocabulary = {name: model.index.get(name) for name in names}  # the shipped features only
    assert sorted(vocabulary.values()) == list(range(len(model.index)))
    vectorizer = TfidfVectorizer(analyzer=feature_names, sublinear_tf=True, vocabulary=vocabulary)
    vectorizer.idf_ = model.idf
    matrix = vectorizer.transform(docs)
    for i, label in enumerate(LABELS):
        theirs = LogisticRegression()
        theirs.classes_ = np.array([0, 1])
        theirs.coef_ = model.weights[i : i + 1]
        theirs.intercept_ = model.intercepts[i : i + 1]
        assert np.max(np.abs(theirs.predict_proba(matrix)[:, 1] - ours[:, i])) < 1e-9, label


def test_retraining_gives_the_same_files(tmp_path: Path) -> None:
    """Training is deterministic: the shipped files are exactly what the data gives."""
    result = train(tmp_path, progress=lambda _: None)
    for name in (WEIGHTS.filename, SETTINGS.filename):
        assert (tmp_path / name).read_bytes() == data_file(name).read_bytes(), name
    assert set(result.thresholds) == set(LABELS)
    assert len(result.fold_macro_f1) == 5 and min(result.fold_macro_f1) > 0.8


def test_a_broken_weight_names_file_row_and_column(data_copy: Path) -> None:
    path = data_copy / WEIGHTS.filename
    lines = path.read_text(encoding="utf-8").splitlines()
    cells = lines[3].rsplit(",", 1)
    lines[3] = cells[0] + ",lots"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"model_weights\.csv, row 4, column 'ask'.*number"):
        analyze("Could you refer me?")


def test_a_model_for_other_features_is_refused(data_copy: Path) -> None:
    path = data_copy / SETTINGS.filename
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("feature_version,", "feature_version,old-"), encoding="utf-8")
    with pytest.raises(DataError, match="retrain with: python -m helpable train"):
        analyze("Could you refer me?")


def test_a_missing_model_says_how_to_make_it(data_copy: Path) -> None:
    (data_copy / WEIGHTS.filename).unlink()
    with pytest.raises(DataError, match="python -m helpable train"):
        analyze("Could you refer me?")


def test_instructors_can_retrain_into_their_own_data_folder(
    data_copy: Path, tmp_path: Path
) -> None:
    """Add a row to the corpus, retrain: the model follows the instructor's data."""
    corpus = data_copy / "corpus.csv"
    with corpus.open("a", encoding="utf-8") as f:
        f.write(
            "c9999,w99,text,private,stranger,plain,"
            '"Could you hold a Saturday for my portfolio, line by line?",1,0,0,1,train\n'
        )
    out = tmp_path / "model"
    train(out, progress=lambda _: None)
    shutil.copy(out / WEIGHTS.filename, data_copy / WEIGHTS.filename)
    shutil.copy(out / SETTINGS.filename, data_copy / SETTINGS.filename)
    assert load_model().settings["corpus_sha256"] == data_fingerprint()


def test_the_vocabulary_finds_every_shipped_feature_and_no_other() -> None:
    """Fingerprints stand in for feature strings: each shipped one has its own column."""
    import csv

    model = load_model()
    with data_file(WEIGHTS.filename).open(encoding="utf-8", newline="") as handle:
        names = [row[0] for row in list(csv.reader(handle))[1:]]
    columns = model.index.columns(names)
    assert len(set(columns.tolist())) == len(names) == len(model.index)
    assert (columns >= 0).all()
    unseen = [f"zz-never-a-feature-{i}" for i in range(2000)]
    assert (model.index.columns(unseen) == -1).all()
    assert model.index.get("zz-never-a-feature") == -1


def test_two_features_sharing_a_quick_fingerprint_fall_back_to_blake2b(tmp_path: Path) -> None:
    """Python's string hash differs per process; a clash between two shipped features
    (about once in 10**10 loads) must not read as a repeated row."""
    from helpable.analyzer import learned

    path = tmp_path / WEIGHTS.filename
    path.write_text(
        "feature,idf,effort,risk,commitment,ask\n"
        "w:refer,1.5,0.1,2.0,0.0,0.3\nw:call,1.2,0.0,0.0,1.0,0.2\nw:coffee,1.1,0.0,0.0,0.0,0.4\n",
        encoding="utf-8",
    )

    def clashing(name: str) -> int:
        return 7 if name in ("w:refer", "w:call") else learned.quick_hash(name)

    index, idf, weights = learned._stream_weights(path, clashing)
    assert index.hasher is learned.feature_hash
    columns = index.columns(["w:refer", "w:call", "w:coffee", "w:never"]).tolist()
    assert columns[3] == -1 and sorted(columns[:3]) == [0, 1, 2]
    assert idf[columns[0]] == 1.5 and weights[1, columns[0]] == 2.0
    assert weights[2, columns[1]] == 1.0

    path.write_text(path.read_text(encoding="utf-8") + "w:refer,1.0,0,0,0,0\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"row 5, column 'feature'.*repeats the feature of row 2"):
        learned._stream_weights(path, clashing)
