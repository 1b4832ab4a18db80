"""The pitch corpus, ``data/corpus.csv``: approaches written for this course by 22
independent authors and labelled blind by two labellers, with a third settling
disagreements. The analyzer learns from it. See ``data/README.md`` and
``docs/corpus/README.md``.
"""

from __future__ import annotations

import pandas as pd

from helpable.content.approaches import CHANNELS, RELATIONSHIPS, SETTINGS
from helpable.content.rules import RULE_KEYS
from helpable.content.tables import Column, Schema, load_table

CORPUS_CHANNELS: tuple[str, ...] = (*CHANNELS, "video")
FAMILIES: tuple[str, ...] = (
    "plain",
    "paraphrase",
    "indirect",
    "negation",
    "own_promise",
    "reported_speech",
    "long_email",
    "informal",
    "no_ask",
    "offer_response",
    "gathering",
)
SPLITS: tuple[str, ...] = ("train", "validation", "test")
LABELS: tuple[str, ...] = (*RULE_KEYS, "ask")


def _no_rule_without_an_ask(row: dict[str, str]) -> tuple[str, str] | None:
    if row["ask"] == "0" and any(row[k] == "1" for k in RULE_KEYS):
        return "ask", "is 0, but the row breaks a rule: a message that breaks a rule asks something"
    return None


_WHO_AND_WHERE = (
    Column("author", pattern=r"[a-z]\w{1,30}", looks_like="w07 (a short lower-case code)"),
    Column("channel", choices=CORPUS_CHANNELS),
    Column("setting", choices=SETTINGS),
    Column("relationship", choices=RELATIONSHIPS),
)
_LABEL_COLUMNS = tuple(Column(k, kind="flag") for k in LABELS)

SCHEMA = Schema(
    filename="corpus.csv",
    unique="id",
    columns=(
        Column("id", pattern=r"c\d{4,}", looks_like="c0042"),
        *_WHO_AND_WHERE,
        Column("family", choices=FAMILIES),
        Column("text"),
        *_LABEL_COLUMNS,
        Column("split", choices=SPLITS),
    ),
    row_checks=(_no_rule_without_an_ask,),
)


def load_corpus(split: str | None = None) -> pd.DataFrame:
    """The corpus, optionally one split (``train``, ``validation`` or ``test``)."""
    frame = load_table(SCHEMA)
    if split is not None:
        if split not in SPLITS:
            raise ValueError(f"split must be one of {SPLITS}, not {split!r}")
        frame = frame[frame["split"] == split].reset_index(drop=True)
    return frame


CONTRAST = Schema(
    filename="contrast_pitches.csv",
    unique="id",
    columns=(
        Column("id", pattern=r"k\d{4,}", looks_like="k0042"),
        *_WHO_AND_WHERE,
        Column("point"),
        Column("text"),
        *_LABEL_COLUMNS,
    ),
    row_checks=(_no_rule_without_an_ask,),
)


def load_contrast() -> pd.DataFrame:
    """Short approaches that each test one point of the guide (training data only)."""
    return load_table(CONTRAST)
