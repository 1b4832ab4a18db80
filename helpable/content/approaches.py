"""The labelled dataset of example approaches, ``data/approaches.csv``.

Each row is one realistic way a job seeker asks someone for help, labelled by
the three rules following ``shared/labeling-guide.md``, with a rewrite that
breaks none. See ``data/README.md`` for every column.
"""

from __future__ import annotations

import pandas as pd

from helpable.content.rules import RULE_KEYS
from helpable.content.tables import Column, Schema, load_table

CHANNELS: tuple[str, ...] = ("event", "email", "linkedin", "phone", "coffee", "text")
SETTINGS: tuple[str, ...] = ("social_gathering", "professional_event", "workplace", "private")
RELATIONSHIPS: tuple[str, ...] = (
    "stranger",
    "acquaintance",
    "referred",
    "former_colleague",
    "close_friend",
)
SPLITS: tuple[str, ...] = ("dev", "test")
HARD_CASES: tuple[str, ...] = (
    "negation",
    "own_promise",
    "permission",
    "reported_speech",
    "several_sins",
)

SCHEMA = Schema(
    filename="approaches.csv",
    unique="id",
    columns=(
        Column("id"),
        Column("channel", choices=CHANNELS),
        Column("setting", choices=SETTINGS),
        Column("relationship", choices=RELATIONSHIPS),
        Column("field"),
        Column("text"),
        Column("effort", kind="flag"),
        Column("risk", kind="flag"),
        Column("commitment", kind="flag"),
        Column("better_version"),
        Column("split", choices=SPLITS),
        Column("hard_case", required=False, choices=HARD_CASES),
    ),
)


def load_approaches(split: str | None = None) -> pd.DataFrame:
    """Return the approaches, optionally one split, with a ``rules_broken`` count column."""
    frame = load_table(SCHEMA)
    frame["rules_broken"] = frame[list(RULE_KEYS)].sum(axis=1)
    if split is not None:
        if split not in SPLITS:
            raise ValueError(f"split must be one of {SPLITS}, not {split!r}")
        frame = frame[frame["split"] == split].reset_index(drop=True)
    return frame


def labels_of(row: pd.Series) -> frozenset[str]:
    """The set of rule keys a row is labelled as breaking."""
    return frozenset(k for k in RULE_KEYS if int(row[k]) == 1)
