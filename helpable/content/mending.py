"""Mend broken text before it is saved: lone surrogates become U+FFFD.

A Python string can hold a *lone surrogate* (``"\\ud800"``): half of a
character, as a browser or a copy and paste can leave behind. UTF-8 cannot
hold one, so a file write, a JSON line or a widget update would fail on it.
:func:`mend_text` joins a split surrogate pair into its character and
replaces each lone half with U+FFFD (�), and says how many it replaced, so
the caller can tell the learner.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

REPLACEMENT = "\ufffd"
SURROGATE = re.compile("[\ud800-\udfff]")
"""Half of a UTF-16 pair, which UTF-8 cannot hold."""


def mend_text(text: str) -> tuple[str, int]:
    """``text`` that UTF-8 can hold, and how many broken characters were replaced.

    A high and a low surrogate side by side become the one character they
    stand for (not counted); each lone one becomes U+FFFD (counted).
    """
    if not SURROGATE.search(text):
        return text, 0
    mended = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    return mended, mended.count(REPLACEMENT) - text.count(REPLACEMENT)


def mend_value(value: Any) -> tuple[Any, int]:
    """:func:`mend_text` on every string in ``value`` (dict keys, lists and tuples too)."""
    if isinstance(value, str):
        return mend_text(value)
    if isinstance(value, Mapping):
        out: dict[Any, Any] = {}
        count = 0
        for key, item in value.items():
            new_key, n_key = mend_value(key)
            new_item, n_item = mend_value(item)
            out[new_key] = new_item
            count += n_key + n_item
        return out, count
    if isinstance(value, list | tuple):
        items = [mend_value(item) for item in value]
        mended = [item for item, _ in items]
        return (tuple(mended) if isinstance(value, tuple) else mended), sum(n for _, n in items)
    return value, 0
