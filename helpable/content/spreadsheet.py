"""Make learner text safe to open in a spreadsheet (CSV formula injection).

A cell whose text starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return can run as a formula in Excel, LibreOffice or Google Sheets. Following
the OWASP rule (as defusedcsv does), such a cell gets a leading ``'`` so the
spreadsheet shows it as text. Every CSV the course writes goes through here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TypeVar

import pandas as pd

#: First characters that make a spreadsheet read a cell as a formula
#: (with their full-width forms, which some spreadsheets fold to the same).
FORMULA_STARTS = frozenset("=+-@\t\r\uff1d\uff0b\uff0d\uff20")

T = TypeVar("T")


def safe_cell(value: T) -> T | str:
    """``value`` itself, or, for text that could run as a formula, the text after a ``'``.

    Numbers stay numbers. Leading spaces are looked through, because an
    importer may trim them.
    """
    if not isinstance(value, str) or not value:
        return value
    first = value.lstrip(" \u00a0")[:1]
    if value[0] in FORMULA_STARTS or first in FORMULA_STARTS:
        return "'" + value
    return value


def safe_row(row: Mapping[str, object]) -> dict[str, object]:
    """A copy of one CSV row with every text cell made safe."""
    return {key: safe_cell(value) for key, value in row.items()}


def safe_rows(rows: Iterable[Iterable[object]]) -> list[list[object]]:
    """Rows for ``csv.writer`` with every text cell made safe."""
    return [[safe_cell(value) for value in row] for row in rows]


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells (and column names) are safe to open."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(safe_cell)
    out.columns = [safe_cell(str(c)) for c in out.columns]
    return out
