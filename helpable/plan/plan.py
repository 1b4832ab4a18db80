"""The action plan (notebook 07): making a plan, and checking it row by row.

A plan is a DataFrame with one row per person and the :data:`COLUMNS`:
``name``, ``how_you_know`` (one of :data:`helpable.content.approaches.RELATIONSHIPS`),
``trust`` (worked out from ``how_you_know``), ``ask`` (the exact words),
``next_step`` (what *you* will do: "I will ...") and ``date`` (``YYYY-MM-DD``).
Everything here is pure. The messages come from ``data/strings.csv``
(see ``data/README.md``); the files are written by :mod:`helpable.plan.export`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import pandas as pd

from helpable.analyzer.engine import analyze
from helpable.analyzer.feedback import Feedback
from helpable.content.approaches import RELATIONSHIPS
from helpable.content.rules import RULE_KEYS, rules
from helpable.content.strings import say
from helpable.model.decision import trust_from

COLUMNS: tuple[str, ...] = ("name", "how_you_know", "trust", "ask", "next_step", "date")
"""The plan's columns, in order."""

INPUT_COLUMNS: tuple[str, ...] = ("name", "how_you_know", "ask", "next_step", "date")
"""The columns a learner fills in (``trust`` is worked out)."""

_OWNED = re.compile(r"^\s*i\s*(?:will|'ll|’ll)\b", re.IGNORECASE)
_WAITING = re.compile(
    r"\bwait(?:s|ing)?\b|\bhear back\b|\bhears back\b"
    r"|\b(?:for|until)\s+(?:her|him|them|she|he|they)\s+(?:to\s+)?"
    r"(?:call|reply|write|answer|get back)",
    re.IGNORECASE,
)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class PlanError(ValueError):
    """A plan that cannot be exported yet; the message lists what to fix."""


@dataclass(frozen=True)
class Problem:
    """One thing to fix in a plan. ``blocks_export`` problems stop the .ics export."""

    row: Hashable | None
    message: str
    blocks_export: bool = False


# --- making a plan --------------------------------------------------------------------------


def cell_text(value: Any) -> str:
    """A cell as stripped text; empty for None, NaN and NaT."""
    if value is None or value is pd.NaT:
        return ""
    if isinstance(value, float) and math.isnan(value):
        return ""
    return str(value).strip()


def _trust(how_you_know: Any) -> float:
    try:
        return trust_from(cell_text(how_you_know))
    except ValueError:
        return math.nan


def with_trust(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy with ``trust`` worked out from ``how_you_know`` (NaN when that is not a choice)."""
    out = frame.copy()
    if "how_you_know" in out.columns:
        out["trust"] = [_trust(v) for v in out["how_you_know"]]
    return out


def make_plan(rows: Iterable[Mapping[str, Any]]) -> pd.DataFrame:
    """A plan from a list of dicts, numbered from 1, with ``trust`` filled in.

    Missing fields become empty text, so :func:`validate_plan` can say what to add.
    """
    records = [{col: row.get(col, "") for col in INPUT_COLUMNS} for row in rows]
    frame = pd.DataFrame.from_records(records, columns=list(INPUT_COLUMNS))
    frame.index = pd.RangeIndex(1, len(frame) + 1)
    frame = with_trust(frame)
    return frame[list(COLUMNS)]


def example_plan(start: date | None = None) -> pd.DataFrame:
    """Three realistic rows to edit. Dates are ``start`` (default: next Monday) + 0, 2 and 7 days.

    Pass a fixed ``start`` when a notebook's stored output must not change.
    """
    if start is None:
        today = date.today()
        start = today + timedelta(days=7 - today.weekday())
    day = [(start + timedelta(days=n)).isoformat() for n in (0, 2, 7)]
    return make_plan(
        [
            {
                "name": "Maya Chen",
                "how_you_know": "former_colleague",
                "ask": (
                    "Could I ask you two quick questions about how you moved into product "
                    "design? Ten minutes by phone, at a time that suits you."
                ),
                "next_step": "I will text Maya on Monday morning and offer two short time slots.",
                "date": day[0],
            },
            {
                "name": "Luis Ortega",
                "how_you_know": "referred",
                "ask": (
                    "Would you be open to a 15-minute call next week? I would love to hear "
                    "what you enjoy most about working in city planning."
                ),
                "next_step": "I'll email Luis and mention that Priya suggested I reach out.",
                "date": day[1],
            },
            {
                "name": "Dana Brooks",
                "how_you_know": "acquaintance",
                "ask": (
                    "I saw your talk on data teams. What is one skill you would learn first "
                    "if you were starting in analytics today?"
                ),
                "next_step": "I will send Dana a thank-you note and share what I tried.",
                "date": day[2],
            },
        ]
    )


# --- checking a plan ------------------------------------------------------------------------


def parse_date(value: Any) -> date:
    """A plan date as a ``date``; ValueError with a plain message if it is not YYYY-MM-DD."""
    if isinstance(value, pd.Timestamp):
        if pd.isna(value):
            raise ValueError(say("plan.date.empty"))
        return value.date()
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = cell_text(value)
    if not text:
        raise ValueError(say("plan.date.empty"))
    if not _ISO_DATE.fullmatch(text):
        raise ValueError(say("plan.date.not_iso", value=repr(text)))
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(say("plan.date.not_real", value=repr(text))) from None


def owns_next_step(text: str) -> str | None:
    """None when the next step is the learner's own action; otherwise why it is not."""
    step = cell_text(text)
    if not step:
        return say("plan.step.empty")
    if not _OWNED.match(step):
        return say("plan.step.not_owned", step=repr(step))
    if _WAITING.search(step):
        return say("plan.step.waits", step=repr(step))
    return None


def ask_feedback(ask: str, how_you_know: str) -> Feedback:
    """The analyzer's feedback on one ask, given how the learner knows the person."""
    relationship = how_you_know if how_you_know in RELATIONSHIPS else None
    return analyze(ask, relationship=relationship)


def _ask_problem(ask: str, how_you_know: str) -> str | None:
    feedback = ask_feedback(ask, how_you_know)
    if not feedback.broken:
        return None
    names = ", ".join(rules()[k].label for k in RULE_KEYS if k in feedback.broken)
    first = feedback.findings[0] if feedback.findings else None
    if first is None:
        return say("plan.ask.breaks", rules=names)
    message = say("plan.ask.breaks_at", rules=names, phrase=repr(first.phrase))
    if first.try_instead:
        message += " " + say("plan.ask.try_instead", tip=first.try_instead)
    return message


def _table_date_problem(value: Any, today: date) -> str | None:
    """For the plan table: an empty or oddly written date, with an example a week from today."""
    text = cell_text(value)
    if text and _ISO_DATE.fullmatch(text):
        return None  # written right but not a real day: parse_date's message says so
    soon = today + timedelta(days=7)
    example, words = soon.isoformat(), f"{soon:%B} {soon.day}, {soon.year}"
    if not text:
        return say("plan.table.date_empty", example=example, words=words)
    return say("plan.table.date_not_iso", value=repr(text), example=example, words=words)


def row_problems(
    label: Hashable,
    row: Mapping[str, Any] | pd.Series,
    today: date | None = None,
    *,
    in_table: bool = False,
) -> list[Problem]:
    """What to fix in one row (``label`` is how the messages name it), in column order.

    ``in_table=True`` words the messages for the plan table widget, where the
    learner picks how they know the person from a list instead of typing a key.
    ``today`` defaults to the computer's date.
    """
    today = today or date.today()
    name = cell_text(row["name"])
    who = say("plan.row.named", row=label, name=name) if name else say("plan.row", row=label)
    found: list[Problem] = []

    def add(message: str, blocks_export: bool = False) -> None:
        found.append(Problem(label, message, blocks_export))

    if not name:
        add(say("plan.name.empty", who=who), True)
    how = cell_text(row["how_you_know"])
    if how not in RELATIONSHIPS:
        choices = ", ".join(RELATIONSHIPS)
        if in_table:
            add(say("plan.table.how_empty", who=who))
        elif how:
            add(say("plan.how.not_a_choice", who=who, value=repr(how), choices=choices))
        else:
            add(say("plan.how.empty", who=who, choices=choices))
    ask = cell_text(row["ask"])
    if not ask:
        add(say("plan.ask.empty", who=who))
    elif broken := _ask_problem(ask, how):
        add(say("plan.row.problem", who=who, problem=broken))
    step = owns_next_step(row["next_step"])
    if step:
        add(say("plan.row.problem", who=who, problem=step), not cell_text(row["next_step"]))
    try:
        when = parse_date(row["date"])
    except ValueError as exc:
        problem = _table_date_problem(row["date"], today) if in_table else None
        add(say("plan.row.problem", who=who, problem=problem or str(exc)), True)
    else:
        if when < today:
            add(say("plan.date.passed", who=who, date=when.isoformat(), today=today.isoformat()))
    return found


def plan_problems(
    frame: pd.DataFrame, *, today: date | None = None, in_table: bool = False
) -> list[Problem]:
    """Everything to fix in a plan, row by row (see :func:`validate_plan`, :func:`row_problems`)."""
    missing = [c for c in INPUT_COLUMNS if c not in frame.columns]
    if missing:
        message = say(
            "plan.columns.missing", missing=", ".join(missing), columns=", ".join(INPUT_COLUMNS)
        )
        return [Problem(None, message, True)]
    if frame.empty:
        return [Problem(None, say("plan.empty"), True)]
    today = today or date.today()
    return [
        found
        for label, row in frame.iterrows()
        for found in row_problems(label, row, today, in_table=in_table)
    ]


def validate_plan(frame: pd.DataFrame, *, today: date | None = None) -> list[str]:
    """Friendly messages about the plan; an empty list means it is ready.

    Checks: empty names, relationships that are not a choice, empty asks, asks
    that break a rule (with the analyzer), next steps that are not the
    learner's own ("I will ..."), and dates that are not YYYY-MM-DD, not real or
    already past (``today`` defaults to the computer's date).
    """
    return [problem.message for problem in plan_problems(frame, today=today)]


def check_plan(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy with the analyzer's verdict on each ask: ``broken``, ``score`` and ``easy_yes``.

    ``broken`` lists the rules the ask breaks ("risk, effort"; empty when none),
    ``score`` is the 0-100 ease-of-yes score and ``easy_yes`` is True when the
    ask breaks no rule. ``trust`` is worked out again from ``how_you_know``.
    """
    missing = [c for c in ("ask", "how_you_know") if c not in frame.columns]
    if missing:
        raise PlanError(say("plan.check.columns_missing", missing=", ".join(missing)))
    out = with_trust(frame)
    verdicts = [
        ask_feedback(cell_text(ask), cell_text(how))
        for ask, how in zip(out["ask"], out["how_you_know"], strict=True)
    ]
    out["broken"] = [", ".join(k for k in RULE_KEYS if k in fb.broken) for fb in verdicts]
    out["score"] = pd.Series([int(fb.score) for fb in verdicts], index=out.index, dtype="int64")
    out["easy_yes"] = [bool(fb.is_easy_yes) for fb in verdicts]
    return out


def plan_for_map(frame: pd.DataFrame) -> pd.DataFrame:
    """The plan's asks as a table that :func:`helpable.ui.charts.approaches_on_map` can place.

    Columns: ``id`` (the name), ``relationship``, ``text`` (the ask) and one 0/1
    column per rule, from the analyzer. Rows whose relationship is not a choice,
    or whose ask is empty, are left out.
    """
    rows = []
    for label, row in frame.iterrows():
        how, ask = cell_text(row.get("how_you_know")), cell_text(row.get("ask"))
        if how not in RELATIONSHIPS or not ask:
            continue
        broken = ask_feedback(ask, how).broken
        entry: dict[str, str | int] = {
            "id": cell_text(row.get("name")) or say("plan.row", row=label),
            "relationship": how,
            "text": ask,
        }
        entry.update({k: int(k in broken) for k in RULE_KEYS})
        rows.append(entry)
    return pd.DataFrame(rows, columns=["id", "relationship", "text", *RULE_KEYS])
