"""The exercise checks table, ``data/checks.csv``: one row per instant check.

How each kind of check is graded lives in :mod:`helpable.ui.answers`; see
``data/README.md`` for the columns.
"""

from __future__ import annotations

from functools import lru_cache

from helpable.content import approaches, filters
from helpable.content.rules import RULE_KEYS
from helpable.content.tables import Column, Schema, load_table, plain

KINDS: tuple[str, ...] = ("classify", "find_phrase", "rewrite", "count", "choice")
CHOICE_QUESTIONS: tuple[str, ...] = ("risk_cut_helps_most", "busier_at_the_end")
"""The ``choice`` questions a row may name (before any colon in ``target``)."""


def _choice_target(row: dict[str, str]) -> tuple[str, str] | None:
    if row.get("kind") == "choice" and row["target"].partition(":")[0] not in CHOICE_QUESTIONS:
        return "target", f"names no choice question; use one of: {', '.join(CHOICE_QUESTIONS)}"
    return None


COUNT_FIELDS: dict[str, filters.Field] = {
    **filters.fields_of(approaches.SCHEMA),
    "rules_broken": filters.Field("number", tuple(range(len(RULE_KEYS) + 1))),
}
"""The columns a ``count`` target may filter on: those of
:func:`helpable.content.approaches.load_approaches`, with ``rules_broken``."""


@lru_cache(maxsize=256)
def count_filter(target: str) -> filters.Filter:
    """The parsed filter of a ``count`` target, read once and kept.

    Raises :class:`helpable.content.filters.FilterError` when it cannot be read.
    """
    return filters.parse(target, COUNT_FIELDS)


def _count_target(row: dict[str, str]) -> tuple[str, str] | None:
    if row.get("kind") != "count":
        return None
    try:
        count_filter(row["target"])
    except filters.FilterError as exc:
        return "target", (
            f"{row['target']!r} is not a filter we can read: {exc}. A count target is "
            'conditions like risk == 1 and channel == "email", joined by and / or '
            "(see data/README.md, checks.csv)"
        )
    return None


SCHEMA = Schema(
    filename="checks.csv",
    unique="id",
    columns=(*plain("id", "notebook"), Column("kind", choices=KINDS), *plain("target", "hint")),
    row_checks=(_choice_target, _count_target),
)


def check_spec(check_id: str) -> dict[str, str]:
    """The row for one check. Raises KeyError naming the known checks."""
    table = load_table(SCHEMA)
    found = table[table["id"] == check_id]
    if found.empty:
        known = ", ".join(table["id"].tolist())
        raise KeyError(f"There is no check called {check_id!r}. Known checks: {known}.")
    return {str(k): str(v) for k, v in found.iloc[0].to_dict().items()}
