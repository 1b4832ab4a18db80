"""The made-up journal that lesson 06 shows before a learner has saved anything,
``data/example_journal.csv``: one row per example rewrite, oldest first."""

from __future__ import annotations

from dataclasses import dataclass

from helpable.content.approaches import load_approaches
from helpable.content.tables import Column, Schema, load_table, records


def _known_pitch(row: dict[str, str]) -> tuple[str, str] | None:
    if row["pitch_id"] not in set(load_approaches()["id"]):
        return "pitch_id", f"is {row['pitch_id']!r}, which is not an id in approaches.csv"
    return None


SCHEMA = Schema(
    filename="example_journal.csv",
    columns=(Column("pitch_id"), Column("rewrite")),
    row_checks=(_known_pitch,),
)


@dataclass(frozen=True)
class ExampleRewrite:
    """One example save: which pitch was rewritten, and the rewrite."""

    pitch_id: str
    rewrite: str


def load_example_journal() -> list[ExampleRewrite]:
    """The example rewrites, oldest first."""
    return [
        ExampleRewrite(str(r["pitch_id"]), str(r["rewrite"])) for r in records(load_table(SCHEMA))
    ]
