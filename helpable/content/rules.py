"""The three networking rules, as data.

Each rule names a cost that a job seeker pushes onto the person they ask for
help. The wording lives in ``data/rules.csv`` so that an instructor can adapt
it. Based on the three networking rules of the "Networking 102: The 3 Deadly
Sins" series at whitehouse.coach.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from helpable.content.tables import Column, DataError, Schema, load_table, plain, records
from helpable.paths import data_file

RULE_KEYS: tuple[str, ...] = ("effort", "risk", "commitment")
"""The three rule keys, in course order. Every label in ``data/`` uses these."""

SCHEMA = Schema(
    filename="rules.csv",
    unique="key",
    columns=(
        Column("key", choices=RULE_KEYS),
        Column("number", kind="int"),
        *plain("name", "cost", "rule", "question", "do_instead"),
        Column("icon", required=False),
    ),
)


@dataclass(frozen=True)
class Rule:
    """One rule: what it costs the helper, and what to do instead."""

    key: str
    number: int
    name: str
    cost: str
    rule: str
    question: str
    do_instead: str
    icon: str = ""

    @property
    def label(self) -> str:
        """A short label that does not rely on colour: 'Rule 1 · Effort'."""
        return f"Rule {self.number} · {self.name}"


@cache
def _rules_cached(stamp: int) -> dict[str, Rule]:
    frame = load_table(SCHEMA)
    rules = {row["key"]: Rule(**row) for row in records(frame)}
    missing = [k for k in RULE_KEYS if k not in rules]
    if missing:
        raise DataError(data_file(SCHEMA.filename), f"no row for rule(s): {', '.join(missing)}")
    return {k: rules[k] for k in RULE_KEYS}


def rules() -> dict[str, Rule]:
    """Return the three rules by key, in course order."""
    path = data_file(SCHEMA.filename)
    stamp = path.stat().st_mtime_ns if path.exists() else 0
    return _rules_cached(stamp)


def rule(key: str) -> Rule:
    """Return one rule by key; a friendly error for an unknown key."""
    try:
        return rules()[key]
    except KeyError:
        raise KeyError(f"No rule called {key!r}. Try one of: {', '.join(RULE_KEYS)}.") from None
