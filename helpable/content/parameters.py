"""Every number an instructor may tune in the score and the illustrative model.

They live in ``data/parameters.csv`` (one row a number: its name, value, the
range it must stay in, and what it does). :func:`parameters` reads them; the
analyzer's score and the model's ``ModelParams`` are built from them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from helpable.content.tables import Column, DataError, Schema, numbered_rows, plain
from helpable.paths import data_file


def _name(value: str) -> str | None:
    parts = value.split(".")
    if len(parts) >= 2 and all(p.isidentifier() and p.islower() for p in parts):
        return None
    return f"is {value!r}; a name is lower-case words joined by dots (model.risk_cut)"


def _in_range(row: dict[str, str]) -> tuple[str, str] | None:
    value, low, high = float(row["value"]), float(row["low"]), float(row["high"])
    if low > high:
        return "low", f"is {row['low']}, above high ({row['high']})"
    if not low <= value <= high:
        return "value", f"is {row['value']}; it must be between {row['low']} and {row['high']}"
    return None


SCHEMA = Schema(
    filename="parameters.csv",
    unique="name",
    columns=(
        Column("name", validate=_name),
        *plain("value", "low", "high", kind="number"),
        Column("meaning"),
    ),
    row_checks=(_in_range,),
)


@dataclass(frozen=True)
class Parameters:
    """The rows of ``parameters.csv``: each name's value and spreadsheet row."""

    path: Path
    rows: Mapping[str, tuple[str, int]]

    def number(self, name: str) -> float:
        """The value named ``name``, or a DataError saying the row is missing."""
        return float(self._cell(name))

    def whole(self, name: str) -> int:
        """The whole-number value named ``name``, or a DataError naming its row."""
        text = self._cell(name)
        number = float(text)
        if not number.is_integer():
            raise DataError(
                self.path, f"is {text}; it must be a whole number", row=self.row(name),
                column="value",
            )
        return int(number)

    def row(self, name: str) -> int | None:
        """The spreadsheet row of ``name`` (None when there is none)."""
        found = self.rows.get(name)
        return found[1] if found else None

    def refused(self, prefix: str, exc: ValueError) -> DataError:
        """A DataError for values that are fine alone but not together (``exc`` says why).

        It names the row of the first parameter the message mentions.
        """
        message = str(exc)
        named = [n for n in self.rows if n.startswith(prefix) and n[len(prefix) :] in message]
        first = min(named, key=lambda n: message.find(n[len(prefix) :]), default=None)
        row = self.row(first) if first else None
        return DataError(self.path, message, row=row, column="value" if row else None)

    def _cell(self, name: str) -> str:
        found = self.rows.get(name)
        if found is None:
            raise DataError(self.path, f"has no row named {name!r}; add it back", column="name")
        return found[0]


@lru_cache(maxsize=4)
def _load(path: str, stamp: int) -> Parameters:
    rows = numbered_rows(Path(path), SCHEMA)
    return Parameters(Path(path), {r["name"]: (r["value"], line) for line, r in rows})


def parameters(path: Path | None = None) -> Parameters:
    """``data/parameters.csv``, read again only when it changes."""
    path = path or data_file(SCHEMA.filename)
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        stamp = 0  # read_rows says what is wrong
    return _load(str(path), stamp)
