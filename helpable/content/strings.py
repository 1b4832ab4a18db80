"""Every sentence the course shows a learner, from ``data/strings.csv``.

``say(key, **fields)`` returns one string with its ``{name}`` fields filled
in. Fields are plain names only, checked when the file loads, so an edited
string can never reach into Python objects.
"""

from __future__ import annotations

import re
import string
from functools import lru_cache
from pathlib import Path

from helpable.content.tables import Column, DataError, Schema, read_rows
from helpable.paths import data_file

_KEY = re.compile(r"[a-z][a-z0-9_]*(\.[a-z0-9_]+)+")
_FIELD = re.compile(r"[a-z][a-z0-9_]*")


def _check_key(value: str) -> str | None:
    if _KEY.fullmatch(value):
        return None
    return f"is {value!r}; a key is lower-case words joined by dots (widget.saved)"


def _check_text(value: str) -> str | None:
    try:
        parts = list(string.Formatter().parse(value))
    except ValueError as exc:
        return f"has a broken {{field}} ({exc}); write a literal brace twice: {{{{ or }}}}"
    for _, name, spec, conversion in parts:
        if name is None:
            continue
        if not _FIELD.fullmatch(name) or conversion or (spec and not re.fullmatch(r",?d?", spec)):
            return (
                f"has the field {{{name}}}; a field is a plain lower-case name such as "
                "{count}, optionally {count:,}"
            )
    return None


SCHEMA = Schema(
    filename="strings.csv",
    columns=(
        Column("key", validate=_check_key),
        Column("text", validate=_check_text),
    ),
    unique="key",
)


def fields_of(text: str) -> set[str]:
    """The {field} names in one string."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@lru_cache(maxsize=4)
def _load(path: str, stamp: int) -> dict[str, str]:
    return {row["key"]: row["text"] for row in read_rows(Path(path), SCHEMA)}


def strings(path: Path | None = None) -> dict[str, str]:
    """All strings, by key (re-read when the file changes)."""
    path = path or data_file(SCHEMA.filename)
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        raise DataError(path, "the file is missing") from None
    return _load(str(path), stamp)


def say_count(count: int, one: str, many: str, **fields: object) -> str:
    """The string ``one`` for a count of 1, else ``many`` with its ``{count}`` filled in."""
    return say(one, **fields) if count == 1 else say(many, count=count, **fields)


def say(key: str, **fields: object) -> str:
    """The string for ``key`` with its fields filled in.

    A key that is missing from the file, or a field the caller did not pass,
    raises :class:`DataError` naming ``strings.csv`` and the key.
    """
    table = strings()
    try:
        text = table[key]
    except KeyError:
        raise DataError(
            data_file(SCHEMA.filename), f"has no row with key {key!r}; add it back", column="key"
        ) from None
    if not fields:
        return text.replace("{{", "{").replace("}}", "}") if "{" in text else text
    try:
        return text.format(**fields)
    except (KeyError, ValueError, IndexError) as exc:
        raise DataError(
            data_file(SCHEMA.filename), f"the string {key!r} needs a field it was not given ({exc})"
        ) from None
