"""Message templates a learner fills in: ``data/templates.csv`` and ``data/template_fields.csv``.

Each template is one message for one moment of networking (a first email, a
connection note, a thank-you, one nudge, closing the loop, reconnecting). Its
text holds blanks such as ``{their_name}``; every blank must be a field of
``template_fields.csv``, which gives the label a learner sees, an example and a
short help line.

:func:`fill` puts a learner's words into the blanks. It is plain text
substitution, done once, left to right: a learner's ``{`` or ``}`` is kept as
it is and is never read as another blank, and nothing is ever formatted or
run (so no ``str.format`` and no attribute look-ups).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from helpable.content.approaches import CHANNELS
from helpable.content.tables import Column, DataError, Schema, load_table, plain, records
from helpable.paths import data_file

PURPOSES: tuple[str, ...] = ("ask", "thanks")
"""What a template is for: asking for something, or thanking (asking for nothing)."""

MAX_FIELD_CHARS = 200
"""A learner's answer for one blank is cut to this many characters."""

_BLANK = re.compile(r"\{([a-z][a-z0-9_]*)\}")
_KEY = r"[a-z][a-z0-9_]*"


def _braces_are_blanks(text: str) -> str | None:
    """None when every ``{`` and ``}`` in ``text`` belongs to a ``{blank}``."""
    rest = _BLANK.sub("", text)
    if "{" in rest or "}" in rest:
        return "has a { or } that is not part of a blank such as {their_name}"
    if not _BLANK.search(text):
        return "has no blank to fill in, such as {their_name}"
    return None


def _key(example: str) -> Column:
    """The ``key`` column of both tables: a name such as ``example``."""
    return Column("key", pattern=_KEY, looks_like=f"{example} (lower-case words joined by _)")


FIELDS_SCHEMA = Schema(
    filename="template_fields.csv",
    unique="key",
    columns=(_key("their_name"), *plain("label", "example", "help")),
)

SCHEMA = Schema(
    filename="templates.csv",
    unique="key",
    columns=(
        _key("thank_you"),
        Column("title"),
        Column("channel", choices=CHANNELS),
        Column("purpose", choices=PURPOSES),
        Column("expects_ask", kind="flag"),
        Column("when"),
        Column("text", validate=_braces_are_blanks),
    ),
)


@dataclass(frozen=True)
class Field:
    """One blank a learner fills in."""

    key: str
    label: str
    example: str
    help: str


@dataclass(frozen=True)
class Template:
    """One message with blanks, and what the analyzer should find in it once filled."""

    key: str
    title: str
    channel: str
    purpose: str
    expects_ask: bool
    when: str
    text: str

    @property
    def blanks(self) -> tuple[str, ...]:
        """The template's blanks, each once, in the order they appear."""
        return tuple(dict.fromkeys(_BLANK.findall(self.text)))


@dataclass(frozen=True)
class TemplateBook:
    """Every template and every field, as loaded and checked."""

    templates: dict[str, Template]
    fields: dict[str, Field]

    def fields_of(self, template: Template) -> list[Field]:
        """The fields a template asks for, in order."""
        return [self.fields[key] for key in template.blanks]


def _stamp(filename: str) -> int:
    path = data_file(filename)
    return path.stat().st_mtime_ns if path.exists() else 0


@cache
def _book_cached(template_stamp: int, field_stamp: int) -> TemplateBook:
    fields = {row["key"]: Field(**row) for row in records(load_table(FIELDS_SCHEMA))}
    frame = load_table(SCHEMA)
    templates: dict[str, Template] = {}
    for number, row in enumerate(records(frame), start=2):
        template = Template(**{**row, "expects_ask": bool(row["expects_ask"])})
        unknown = [key for key in template.blanks if key not in fields]
        if unknown:
            raise DataError(
                data_file(SCHEMA.filename),
                f"the blank {{{unknown[0]}}} is not a field in {FIELDS_SCHEMA.filename}; "
                f"use one of: {', '.join(fields)}",
                row=number,
                column="text",
            )
        templates[template.key] = template
    return TemplateBook(templates=templates, fields=fields)


def template_book() -> TemplateBook:
    """Load ``templates.csv`` and ``template_fields.csv``; reloaded after an edit."""
    return _book_cached(_stamp(SCHEMA.filename), _stamp(FIELDS_SCHEMA.filename))


def tidy_answer(value: object) -> str:
    """A learner's answer for one blank: one line, trimmed, at most :data:`MAX_FIELD_CHARS`."""
    text = value if isinstance(value, str) else ""
    return " ".join(text.split())[:MAX_FIELD_CHARS].strip()


def fill(
    template: Template,
    answers: Mapping[str, str],
    *,
    missing: str = "[{label}]",
    fields: Mapping[str, Field] | None = None,
) -> str:
    """The template's text with each blank replaced by the learner's answer.

    A blank with no answer becomes ``missing`` (by default the field's label in
    square brackets, so the gap shows). Each blank is replaced once, and the
    learner's words are never searched for more blanks.
    """
    known = fields if fields is not None else template_book().fields

    def one(match: re.Match[str]) -> str:
        key = match.group(1)
        answer = tidy_answer(answers.get(key, ""))
        if answer:
            return answer
        label = known[key].label if key in known else key
        return missing.replace("{label}", label)

    return _BLANK.sub(one, template.text)


def example_answers(
    template: Template, fields: Mapping[str, Field] | None = None
) -> dict[str, str]:
    """The example answer for each of the template's blanks."""
    known = fields if fields is not None else template_book().fields
    return {key: known[key].example for key in template.blanks}
