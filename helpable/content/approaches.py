"""The labelled dataset of example approaches, ``data/approaches.csv``.

Each row is one realistic way a job seeker asks someone for help, labelled by
the three rules following ``shared/labeling-guide.md``, with a rewrite that
breaks none. See ``data/README.md`` for every column.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import pandas as pd

from helpable.content.rules import RULE_KEYS, rules
from helpable.content.strings import say
from helpable.content.tables import Column, Schema, load_table, plain

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
        *plain("field", "text"),
        *plain(*RULE_KEYS, kind="flag"),
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


# --- the table as words, for learners ------------------------------------------------------

_HEADERS: dict[str, str] = {
    "channel": "table.column.channel",
    "setting": "table.column.setting",
    "relationship": "table.column.relationship",
    "field": "table.column.field",
    "text": "table.column.text",
    "rules": "table.column.rules",
    "better_version": "table.column.better",
}
"""Each column a learner may see -> the strings key of its plain header."""

_NAMES = {"linkedin": "LinkedIn"}


def _missing(value: object) -> bool:
    if value is None:
        return True
    try:
        return bool(pd.isna(value))  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return False


def plain_words(value: object) -> str:
    """A data value as words: ``social_gathering`` -> "social gathering"; missing -> "none"."""
    if _missing(value) or str(value).strip() == "":
        return say("table.value.none")
    text = str(value)
    return _NAMES.get(text, text.replace("_", " "))


def rules_words(keys: Iterable[str]) -> str:
    """Rule keys as words in course order: "none", "effort", "effort and risk", …"""
    wanted = set(keys)
    names = [rules()[k].name.lower() for k in RULE_KEYS if k in wanted]
    if not names:
        return say("table.value.none")
    if len(names) == 1:
        return names[0]
    return say("answers.and", items=", ".join(names[:-1]), last=names[-1])


def header(column: str) -> str:
    """The plain header of a column (``rules_broken`` is "Rules broken")."""
    key = _HEADERS.get(column)
    return say(key) if key else plain_words(column).capitalize()


def readable_frame(
    frame: pd.DataFrame,
    columns: Sequence[str] = ("channel", "setting", "relationship", "text", "rules"),
) -> pd.DataFrame:
    """Approaches as a learner reads them: plain headers, words for values, no ids or NaN.

    ``columns`` are data columns, plus ``"rules"`` for the rules each ask breaks
    in words ("effort and risk", "none"). The index is a plain 0, 1, 2, …
    """
    out: dict[str, list[str]] = {}
    records = frame.to_dict("records")
    for column in columns:
        if column == "rules":
            values = [rules_words(k for k in RULE_KEYS if int(r.get(k, 0) or 0)) for r in records]
        elif column in ("channel", "setting", "relationship"):
            values = [plain_words(r.get(column)) for r in records]
        else:
            values = [
                say("table.value.none") if _missing(r.get(column)) else str(r.get(column))
                for r in records
            ]
        out[header(column)] = values
    return pd.DataFrame(out, index=range(len(records)))


def _percent(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}%" if whole else "0%"


def rule_shares(frame: pd.DataFrame, rule: str, by: str) -> pd.DataFrame:
    """How many asks in each group break ``rule``, as words, most often broken first."""
    if rule not in RULE_KEYS:
        raise ValueError(f"rule must be one of {RULE_KEYS}, not {rule!r}")
    if by not in frame.columns:
        raise ValueError(f"The table has no {by!r} column")
    grouped = frame.groupby(by)[rule]
    counted = pd.DataFrame({"asks": grouped.count(), "breaks": grouped.sum()})
    counted["share"] = counted["breaks"] / counted["asks"].clip(lower=1)
    groups = counted.reset_index().sort_values(["share", by], ascending=[False, True])
    return pd.DataFrame(
        {
            header(by): [plain_words(g) for g in groups[by]],
            say("table.column.asks"): [str(int(n)) for n in groups["asks"]],
            say("table.column.breaks"): [str(int(n)) for n in groups["breaks"]],
            say("table.column.share"): [
                _percent(int(b), int(n))
                for b, n in zip(groups["breaks"], groups["asks"], strict=True)
            ],
        }
    )


_BROKEN_COUNTS = ("table.broken.none", "table.broken.one", "table.broken.two", "table.broken.three")


def rules_broken_by(frame: pd.DataFrame, by: str = "relationship") -> pd.DataFrame:
    """For each group, how many asks break no rule, one, two or all three, as words."""
    order = {"relationship": RELATIONSHIPS, "channel": CHANNELS, "setting": SETTINGS}.get(by, ())
    broken = frame[list(RULE_KEYS)].astype(int).sum(axis=1)
    found = [g for g in order if g in set(frame[by])] or sorted(set(frame[by]), key=str)
    rows = []
    for group in found:
        part = broken[frame[by] == group]
        row = {header(by): plain_words(group), say("table.column.asks"): str(len(part))}
        for n, key in enumerate(_BROKEN_COUNTS):
            row[say(key)] = str(int((part == n).sum()))
        rows.append(row)
    return pd.DataFrame(rows)


def both_rules(frame: pd.DataFrame, rule: str, other: str) -> pd.DataFrame:
    """How many asks break ``rule``, ``other``, both or neither, as a small table of words."""
    for key in (rule, other):
        if key not in RULE_KEYS:
            raise ValueError(f"rules must be from {RULE_KEYS}, not {key!r}")
    first = frame[rule].astype(int) == 1
    second = frame[other].astype(int) == 1
    name, other_name = rules()[rule].name.lower(), rules()[other].name.lower()
    rows = []
    for value in (False, True):
        rows.append(
            {
                say("table.both.row_header", rule=name): say(
                    "table.value.yes" if value else "table.value.no"
                ),
                say("table.both.other_no", rule=other_name): str(
                    int(((first == value) & ~second).sum())
                ),
                say("table.both.other_yes", rule=other_name): str(
                    int(((first == value) & second).sum())
                ),
            }
        )
    return pd.DataFrame(rows)
