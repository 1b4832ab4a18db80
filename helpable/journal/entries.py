"""Journal entries: their kinds and fields, one entry as a JSON line, and entries as a table.

An entry is any JSON-safe mapping; :func:`encode_entry` adds ``timestamp``
(ISO 8601, UTC, whole seconds) and ``entry_id`` (uuid4 hex) when missing.
The two kinds the course writes:

``rewrite`` (the pitch workshop)
    ``pitch_id`` (an id in ``data/approaches.csv``), ``original``, ``rewrite``,
    ``broken`` and ``original_broken`` (lists of rule keys), ``score`` and
    ``original_score`` (ints), ``findings`` (a list of dicts), optional ``note``.
``reflection`` (``helpable.ui.widgets.reflection``)
    ``notebook``, ``prompt``, ``text``.
"""

from __future__ import annotations

import json
import math
import uuid
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

REWRITE = "rewrite"
REFLECTION = "reflection"

REWRITE_FIELDS: tuple[str, ...] = (
    "pitch_id",
    "original",
    "rewrite",
    "broken",
    "score",
    "original_broken",
    "original_score",
    "findings",
    "note",
)
REFLECTION_FIELDS: tuple[str, ...] = ("notebook", "prompt", "text")

STANDARD_COLUMNS: tuple[str, ...] = ("timestamp", "entry_id", "kind", *REWRITE_FIELDS)
"""The columns :func:`entries_frame` always has, in this order; other fields follow."""


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _json_default(value: Any) -> Any:
    """Let numpy numbers (from pandas) through as plain Python numbers."""
    if type(value).__module__ == "numpy" and hasattr(value, "item"):
        item = value.item()
        if isinstance(item, bool | int | float | str):
            return item
    raise TypeError(f"a {type(value).__name__} is not JSON-safe")


def find_unsafe(value: Any, where: str, seen: frozenset[int] = frozenset()) -> str | None:
    """Describe the first part of ``value`` that JSON cannot hold, or None."""
    if value is None or isinstance(value, bool | int):
        return None
    if isinstance(value, float):
        return None if math.isfinite(value) else f"{where} is {value!r}, which JSON cannot hold"
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return f"{where} holds a broken character (a lone surrogate)"
        return None
    if id(value) in seen:
        return f"{where} contains itself"
    if isinstance(value, Mapping):
        for key, item in value.items():
            if not isinstance(key, str | int | float | bool) and key is not None:
                return f"{where} has a key of type {type(key).__name__}; keys must be text"
            found = find_unsafe(item, f"{where}[{key!r}]", seen | {id(value)})
            if found:
                return found
        return None
    if isinstance(value, list | tuple):
        for index, item in enumerate(value):
            found = find_unsafe(item, f"{where}[{index}]", seen | {id(value)})
            if found:
                return found
        return None
    try:
        return find_unsafe(_json_default(value), where, seen)
    except TypeError:
        return f"{where} holds a value of type {type(value).__name__}"


def encode_entry(entry: Mapping[str, Any]) -> tuple[dict[str, Any], bytes]:
    """Add ``timestamp`` and ``entry_id`` if missing; return the record and its line as bytes.

    Raises TypeError, naming the field, if JSON cannot hold the entry (a
    programming error, so the message is for the developer).
    """
    if not isinstance(entry, Mapping):
        raise TypeError(f"A journal entry must be a dict, not {type(entry).__name__}.")
    record: dict[str, Any] = {"timestamp": _now(), "entry_id": uuid.uuid4().hex}
    for key, value in entry.items():
        if not isinstance(key, str):
            raise TypeError(f"Journal field names must be text; {key!r} is not.")
        record[key] = value
    try:
        text = json.dumps(record, ensure_ascii=False, allow_nan=False, default=_json_default)
        line = (text + "\n").encode("utf-8")
    except (TypeError, ValueError) as exc:
        where = None
        for key, value in record.items():
            where = find_unsafe(value, f"field {key!r}")
            if where:
                break
        raise TypeError(
            f"This journal entry cannot be saved: {where or exc}. Use only text, numbers, "
            "True/False, None, and lists or dicts of those."
        ) from exc
    return record, line


def table_cell(value: Any) -> Any:
    """A field as a table (or CSV) cell: lists and dicts become JSON text."""
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return value


def entries_frame(rows: Sequence[Mapping[str, Any]]) -> pd.DataFrame:
    """One row per entry. Lists and dicts become JSON text; ``timestamp`` becomes a UTC time.

    The :data:`STANDARD_COLUMNS` always come first, even with no rows; any
    other fields follow in the order first seen.
    """
    import pandas as pd  # lazy: saving an entry never needs pandas

    columns = list(STANDARD_COLUMNS)
    for row in rows:
        columns.extend(key for key in row if key not in columns)
    frame = pd.DataFrame.from_records(
        [{key: table_cell(value) for key, value in row.items()} for row in rows],
        columns=columns,
    )
    if rows:
        try:
            frame["timestamp"] = pd.to_datetime(frame["timestamp"], utc=True, format="ISO8601")
        except (TypeError, ValueError):
            pass  # someone wrote their own timestamps; keep them as text
        for name in ("score", "original_score"):
            values = frame[name].dropna()
            if all(isinstance(v, int) and not isinstance(v, bool) for v in values):
                frame[name] = frame[name].astype("Int64")
    return frame
