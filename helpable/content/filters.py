"""A small filter language for picking rows of a table. It is never run as Python.

A filter is one or more conditions ``column operator value``, joined by ``and``
and ``or``; ``and`` binds tighter than ``or``, and brackets group::

    rules_broken >= 2 and channel == "email"
    (effort == 1 or risk == 1) and relationship == "stranger"

The operators are ``== != < <= > >=``. A value is a number (``1``, ``0.5``,
``-1``) or text in double or single quotes. :func:`parse` checks every column
and value against a table's :class:`Field` s and returns a tree of small frozen
dataclasses; ``tree.apply(frame)`` gives a boolean mask built from plain pandas
comparisons. No text is ever handed to ``eval``, ``exec``, ``DataFrame.query``
or numexpr.
"""

from __future__ import annotations

import difflib
import operator
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal, TypeAlias

import pandas as pd

from helpable.content.tables import Schema

OPERATORS: tuple[str, ...] = ("==", "!=", "<", "<=", ">", ">=")
MAX_DEPTH = 16
"""How deeply brackets may nest."""

_COMPARE: dict[str, Callable[[Any, Any], Any]] = {
    "==": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}

Value: TypeAlias = "str | int | float"


class FilterError(ValueError):
    """A filter cannot be read, or names a column or value the table does not have."""


@dataclass(frozen=True)
class Field:
    """What one column holds: numbers or text, and (when fixed) the values it may take.

    ``choices`` is checked for ``==`` and ``!=``; the ordering operators work on
    numbers only.
    """

    kind: Literal["number", "text"]
    choices: tuple[Value, ...] = ()


def fields_of(schema: Schema) -> dict[str, Field]:
    """The filterable columns of a table, from its schema."""
    fields: dict[str, Field] = {}
    for col in schema.columns:
        if col.kind == "flag":
            fields[col.name] = Field("number", (0, 1))
        elif col.kind == "int":
            fields[col.name] = Field("number")
        elif col.choices:
            blank: tuple[str, ...] = () if col.required else ("",)
            fields[col.name] = Field("text", col.choices + blank)
        else:
            fields[col.name] = Field("text")
    return fields


@dataclass(frozen=True)
class Condition:
    """``column operator value``."""

    column: str
    op: str
    value: Value

    def apply(self, frame: pd.DataFrame) -> pd.Series[bool]:
        if self.column not in frame.columns:
            raise FilterError(f"the table has no column {self.column!r}")
        mask = _COMPARE[self.op](frame[self.column], self.value)
        return pd.Series(mask, index=frame.index, dtype=bool)


@dataclass(frozen=True)
class AllOf:
    """Every part holds (``and``)."""

    parts: tuple[Filter, ...]

    def apply(self, frame: pd.DataFrame) -> pd.Series[bool]:
        mask = pd.Series(True, index=frame.index, dtype=bool)
        for part in self.parts:
            mask &= part.apply(frame)
        return mask


@dataclass(frozen=True)
class AnyOf:
    """At least one part holds (``or``)."""

    parts: tuple[Filter, ...]

    def apply(self, frame: pd.DataFrame) -> pd.Series[bool]:
        mask = pd.Series(False, index=frame.index, dtype=bool)
        for part in self.parts:
            mask |= part.apply(frame)
        return mask


Filter: TypeAlias = "Condition | AllOf | AnyOf"


@dataclass(frozen=True)
class _Token:
    kind: str  # "number", "string", "name", "op", "(", ")", "and", "or"
    text: str
    pos: int


_TOKEN = re.compile(
    r"""(?P<number>-?\d+(?:\.\d+)?)(?![\w.])
      | (?P<name>[A-Za-z_]\w*)
      | (?P<op>==|!=|<=|>=|<|>)
      | (?P<paren>[()])
      | (?P<string>"[^"]*"|'[^']*')""",
    re.VERBOSE | re.ASCII,
)
_ALLOWED = (
    "a filter holds only column names, the operators == != < <= > >=, numbers, "
    "quoted text, the words and / or, and brackets"
)


def _tokens(text: str) -> list[_Token]:
    found: list[_Token] = []
    pos = 0
    while pos < len(text):
        if text[pos].isspace():
            pos += 1
            continue
        match = _TOKEN.match(text, pos)
        if match is None:
            raise FilterError(_unreadable(text, pos))
        kind = match.lastgroup or ""
        word = match.group()
        if kind == "paren":
            kind = word
        elif kind == "name" and word in ("and", "or"):
            kind = word
        found.append(_Token(kind, word, pos))
        pos = match.end()
    return found


def _unreadable(text: str, pos: int) -> str:
    char = text[pos]
    if char in "\"'":
        return f"the quoted text starting at {text[pos : pos + 12]!r} is never closed with {char}"
    if char == "=":
        return "use == (two equals signs) to test whether a column equals a value"
    if char in "&|":
        return "join conditions with the words and / or, not & or |"
    return f"cannot read {text[pos : pos + 12]!r}: {_ALLOWED}"


def _show(value: Value) -> str:
    return f'"{value}"' if isinstance(value, str) else str(value)


class _Parser:
    def __init__(self, text: str, fields: Mapping[str, Field]) -> None:
        self.text = text
        self.fields = fields
        self.tokens = _tokens(text)
        self.i = 0

    def peek(self) -> _Token | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def take(self) -> _Token | None:
        token = self.peek()
        if token is not None:
            self.i += 1
        return token

    def after(self) -> str:
        return f" after {self.tokens[self.i - 1].text!r}" if self.i else ""

    def parse(self) -> Filter:
        if not self.tokens:
            raise FilterError("is empty; write a condition such as risk == 1")
        tree = self.any_of(0)
        extra = self.peek()
        if extra is not None:
            if extra.kind == ")":
                raise FilterError(f"has a ')'{self.after()} with no '(' to match it")
            raise FilterError(
                f"needs and / or between {self.tokens[self.i - 1].text!r} and {extra.text!r}"
            )
        return tree

    def any_of(self, depth: int) -> Filter:
        parts = [self.all_of(depth)]
        while (token := self.peek()) is not None and token.kind == "or":
            self.i += 1
            parts.append(self.all_of(depth))
        return parts[0] if len(parts) == 1 else AnyOf(tuple(parts))

    def all_of(self, depth: int) -> Filter:
        parts = [self.term(depth)]
        while (token := self.peek()) is not None and token.kind == "and":
            self.i += 1
            parts.append(self.term(depth))
        return parts[0] if len(parts) == 1 else AllOf(tuple(parts))

    def term(self, depth: int) -> Filter:
        token = self.take()
        if token is None:
            raise FilterError(
                f"ends too soon{self.after()}: a condition such as risk == 1 should follow"
            )
        if token.kind == "(":
            if depth >= MAX_DEPTH:
                raise FilterError(f"nests brackets more than {MAX_DEPTH} deep")
            inner = self.any_of(depth + 1)
            close = self.take()
            if close is None:
                raise FilterError("opens a '(' that is never closed")
            if close.kind != ")":
                raise FilterError(f"needs and / or before {close.text!r}")
            return inner
        if token.kind != "name":
            raise FilterError(f"needs a column name where it has {token.text!r}{self.after()}")
        return self.condition(token.text)

    def condition(self, column: str) -> Condition:
        field = self.fields.get(column)
        if field is None:
            near = difflib.get_close_matches(column, list(self.fields), n=1)
            guess = f" (did you mean {near[0]}?)" if near else ""
            known = ", ".join(sorted(self.fields))
            raise FilterError(f"{column!r} is not a column{guess}. The columns are: {known}")
        op = self.take()
        if op is None or op.kind != "op":
            got = f", not {op.text!r}" if op is not None else ""
            raise FilterError(f"needs an operator (== != < <= > >=) after {column!r}{got}")
        token = self.take()
        if token is None:
            raise FilterError(f"ends too soon: {column} {op.text} needs a value")
        return Condition(column, op.text, self.value(column, field, op.text, token))

    def value(self, column: str, field: Field, op: str, token: _Token) -> Value:
        value: Value
        if token.kind == "number":
            if field.kind != "number":
                raise FilterError(
                    f'{column} holds text; put the value in quotes, like {column} == "..."'
                )
            value = float(token.text) if "." in token.text else int(token.text)
        elif token.kind == "string":
            if field.kind != "text":
                raise FilterError(
                    f"{column} holds numbers; write the value without quotes, like {column} == 1"
                )
            if op not in ("==", "!="):
                raise FilterError(
                    f"{op} works only on numbers; {column} holds text, so use == or !="
                )
            value = token.text[1:-1]
        elif token.kind == "name" and field.kind == "text":
            raise FilterError(f'put text values in quotes: {column} {op} "{token.text}"')
        else:
            raise FilterError(
                f"needs a number or quoted text after {column} {op}, not {token.text!r}"
            )
        if field.choices and op in ("==", "!=") and value not in field.choices:
            listed = ", ".join(_show(c) for c in field.choices)
            raise FilterError(f"{column} is never {_show(value)}; it is one of: {listed}")
        return value


def parse(text: str, fields: Mapping[str, Field]) -> Filter:
    """Read a filter, checking its columns and values against ``fields``.

    Raises :class:`FilterError` with a plain message saying what is wrong.
    """
    return _Parser(text, fields).parse()
