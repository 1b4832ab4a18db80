"""The action plan (notebook 07): who you will ask, what you will ask, and what you will do next.

A plan is a pandas DataFrame with one row per person and these columns
(:data:`COLUMNS`):

``name``         who you will ask
``how_you_know`` one of :data:`helpable.content.approaches.RELATIONSHIPS`
``trust``        derived from ``how_you_know`` (:func:`helpable.model.decision.trust_from`)
``ask``          the exact easy-yes words you will use
``next_step``    what *you* will do, starting with "I will" or "I'll"
``date``         when, as ``YYYY-MM-DD``

Everything here is pure except the two exports, which refuse to replace an
existing file unless ``overwrite=True``. The ``.ics`` export is reproducible:
each event's UID is a hash of its row and its DTSTAMP is the row's date, so the
same plan always gives the same bytes.

In a notebook::

    plan = example_plan()
    plan.loc[1, "ask"] = "..."              # ✏️ your own words
    validate_plan(plan)                     # friendly messages; [] means ready
    check_plan(plan)                        # adds broken, score, easy_yes
    charts.approaches_on_map(plan_for_map(plan), annotate=3)
    to_ics(plan, "my_follow_ups.ics"); to_csv(plan, "my_plan.csv")
    print(save_plan(plan))                  # both files, under free names, with a message
"""

from __future__ import annotations

import hashlib
import math
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pandas as pd

from helpable.content.approaches import RELATIONSHIPS
from helpable.content.rules import RULE_KEYS

COLUMNS: tuple[str, ...] = ("name", "how_you_know", "trust", "ask", "next_step", "date")
"""The plan's columns, in order."""

INPUT_COLUMNS: tuple[str, ...] = ("name", "how_you_know", "ask", "next_step", "date")
"""The columns a learner fills in (``trust`` is worked out)."""

CALENDAR_NAME = "My networking follow-ups"
PRODID = "-//helpable//action plan//EN"

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

    row: Any
    message: str
    blocks_export: bool = False


# --- building a plan ----------------------------------------------------------------------


def _text(value: Any) -> str:
    """A cell as stripped text; empty for None, NaN and NaT."""
    if value is None or value is pd.NaT:
        return ""
    if isinstance(value, float) and math.isnan(value):
        return ""
    return str(value).strip()


def _trust(how_you_know: Any) -> float:
    from helpable.model.decision import trust_from

    try:
        return trust_from(_text(how_you_know))
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
            raise ValueError("the date is empty. Write it as YYYY-MM-DD, like 2026-03-14.")
        return value.date()
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value)
    if not text:
        raise ValueError("the date is empty. Write it as YYYY-MM-DD, like 2026-03-14.")
    if not _ISO_DATE.fullmatch(text):
        raise ValueError(
            f"{text!r} is not written as YYYY-MM-DD. Use year-month-day, like 2026-03-14."
        )
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{text!r} is not a real date. Check the month and the day.") from None


def owns_next_step(text: str) -> str | None:
    """None when the next step is the learner's own action; otherwise why it is not."""
    step = _text(text)
    if not step:
        return "the next step is empty. Write what you will do, starting with 'I will'."
    if not _OWNED.match(step):
        return (
            f"the next step {step!r} is not in your hands yet. Start it with 'I will' or "
            "'I'll' and make it something you do, like 'I will email Maya on Tuesday.' "
            "That way you never wait on someone else."
        )
    if _WAITING.search(step):
        return (
            f"the next step {step!r} waits on the other person. Make it something you do, "
            "like 'I will send a short thank-you on Friday.'"
        )
    return None


def _who(label: Any, name: str) -> str:
    return f"Row {label} ({name})" if name else f"Row {label}"


def _ask_problem(ask: str, how_you_know: str) -> str | None:
    from helpable.analyzer.engine import analyze
    from helpable.content.rules import rules

    relationship = how_you_know if how_you_know in RELATIONSHIPS else None
    feedback = analyze(ask, relationship=relationship)
    if not feedback.broken:
        return None
    names = ", ".join(rules()[k].label for k in RULE_KEYS if k in feedback.broken)
    first = feedback.findings[0] if feedback.findings else None
    where = f" at {first.phrase!r}" if first else ""
    tip = f" Try instead: {first.try_instead}" if first and first.try_instead else ""
    return f"the ask breaks {names}{where}.{tip}"


def plan_problems(frame: pd.DataFrame, *, today: date | None = None) -> list[Problem]:
    """Everything to fix in a plan, row by row (see :func:`validate_plan`)."""
    missing = [c for c in INPUT_COLUMNS if c not in frame.columns]
    if missing:
        return [
            Problem(
                None,
                f"Your table needs the column(s): {', '.join(missing)}. "
                f"A plan has these columns: {', '.join(INPUT_COLUMNS)}.",
                True,
            )
        ]
    if frame.empty:
        return [Problem(None, "Your plan is empty. Add at least one person to ask.", True)]
    today = today or date.today()
    found: list[Problem] = []
    for label, row in frame.iterrows():
        name = _text(row["name"])
        who = _who(label, name)
        if not name:
            found.append(Problem(label, f"{who}: the name is empty. Write who you will ask.", True))
        how = _text(row["how_you_know"])
        if how not in RELATIONSHIPS:
            shown = f"{how!r} is not one of the choices" if how else "how you know them is empty"
            found.append(Problem(label, f"{who}: {shown}. Use one of: {', '.join(RELATIONSHIPS)}."))
        ask = _text(row["ask"])
        if not ask:
            found.append(
                Problem(label, f"{who}: the ask is empty. Write the exact words you will use.")
            )
        else:
            broken = _ask_problem(ask, how)
            if broken:
                found.append(Problem(label, f"{who}: {broken}"))
        step = owns_next_step(row["next_step"])
        if step:
            found.append(Problem(label, f"{who}: {step}", not _text(row["next_step"])))
        try:
            when = parse_date(row["date"])
        except ValueError as exc:
            found.append(Problem(label, f"{who}: {exc}", True))
        else:
            if when < today:
                found.append(
                    Problem(
                        label,
                        f"{who}: the date {when.isoformat()} has already passed. "
                        f"Pick a day from {today.isoformat()} on.",
                    )
                )
    return found


def validate_plan(frame: pd.DataFrame, *, today: date | None = None) -> list[str]:
    """Friendly messages about the plan; an empty list means it is ready.

    Checks: empty names, relationships that are not a choice, empty asks, asks
    that break a rule (with the analyzer), next steps that are not the
    learner's own ("I will ..."), and dates that are not YYYY-MM-DD, not real or
    already past (``today`` defaults to the computer's date).
    """
    return [problem.message for problem in plan_problems(frame, today=today)]


def _ask_feedback(ask: str, how_you_know: str) -> Any:
    from helpable.analyzer.engine import analyze

    relationship = how_you_know if how_you_know in RELATIONSHIPS else None
    return analyze(ask, relationship=relationship)


def check_plan(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy with the analyzer's verdict on each ask: ``broken``, ``score`` and ``easy_yes``.

    ``broken`` lists the rules the ask breaks ("risk, effort"; empty when none),
    ``score`` is the 0-100 ease-of-yes score and ``easy_yes`` is True when the
    ask breaks no rule. ``trust`` is worked out again from ``how_you_know``.
    """
    missing = [c for c in ("ask", "how_you_know") if c not in frame.columns]
    if missing:
        raise PlanError(f"Your table needs the column(s): {', '.join(missing)}.")
    out = with_trust(frame)
    verdicts = [
        _ask_feedback(_text(ask), _text(how))
        for ask, how in zip(out["ask"], out["how_you_know"], strict=True)
    ]
    out["broken"] = [", ".join(k for k in RULE_KEYS if k in fb.broken) for fb in verdicts]
    out["score"] = pd.Series([int(fb.score) for fb in verdicts], index=out.index, dtype="int64")
    out["easy_yes"] = [bool(fb.is_easy_yes) for fb in verdicts]
    return out


def plan_for_map(frame: pd.DataFrame) -> pd.DataFrame:
    """The plan's asks as a table that :func:`helpable.ui.charts.maps.approaches_on_map` can place.

    Columns: ``id`` (the name), ``relationship``, ``text`` (the ask) and one 0/1
    column per rule, from the analyzer. Rows whose relationship is not a choice,
    or whose ask is empty, are left out.
    """
    rows = []
    for label, row in frame.iterrows():
        how, ask = _text(row.get("how_you_know")), _text(row.get("ask"))
        if how not in RELATIONSHIPS or not ask:
            continue
        broken = _ask_feedback(ask, how).broken
        entry = {"id": _text(row.get("name")) or f"Row {label}", "relationship": how, "text": ask}
        entry.update({k: int(k in broken) for k in RULE_KEYS})
        rows.append(entry)
    return pd.DataFrame(rows, columns=["id", "relationship", "text", *RULE_KEYS])


# --- exporting ------------------------------------------------------------------------------


def _refuse_overwrite(path: Path, overwrite: bool) -> None:
    if path.exists() and not overwrite:
        raise FileExistsError(
            f"{path} already exists. Pass overwrite=True to replace it, or choose another name."
        )


def _write(path: Path, data: bytes, overwrite: bool) -> None:
    with path.open("wb" if overwrite else "xb") as handle:
        handle.write(data)


def event_uid(row: Mapping[str, Any]) -> str:
    """A stable UID for one follow-up: the same row always gets the same UID."""
    when = parse_date(row["date"]).isoformat()
    key = "\x1f".join(_text(row[c]) for c in ("name", "how_you_know", "ask", "next_step"))
    digest = hashlib.sha256(f"{key}\x1f{when}".encode()).hexdigest()[:32]
    return f"{digest}@helpable"


def to_calendar(frame: pd.DataFrame) -> Any:
    """The plan as an ``icalendar.Calendar``: one all-day VEVENT per row.

    Raises :class:`PlanError` listing what to fix when a row has no name, no
    next step or no usable date.
    """
    from icalendar import Calendar, Event

    blocking = [p.message for p in plan_problems(frame) if p.blocks_export]
    if blocking:
        raise PlanError("Fix these first, then export again:\n- " + "\n- ".join(blocking))
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", CALENDAR_NAME)
    for _, row in frame.iterrows():
        when = parse_date(row["date"])
        name, how = _text(row["name"]), _text(row["how_you_know"]).replace("_", " ")
        event = Event()
        event.add("uid", event_uid(row))
        event.add("dtstamp", datetime(when.year, when.month, when.day, tzinfo=UTC))
        event.add("dtstart", when)
        event.add("dtend", when + timedelta(days=1))
        event.add("summary", f"Follow up: {name}")
        lines = [f"Next step: {_text(row['next_step'])}", f"Your ask: {_text(row['ask'])}"]
        if how:
            lines.append(f"How you know them: {how}")
        event.add("description", "\n".join(lines))
        event.add("transp", "TRANSPARENT")
        cal.add_component(event)
    return cal


def to_ics(frame: pd.DataFrame, path: str | Path, *, overwrite: bool = False) -> Path:
    """Write each next step as an all-day calendar event; return the path.

    Refuses to replace an existing file unless ``overwrite=True``
    (``FileExistsError``), and raises :class:`PlanError` when a row cannot
    become an event yet.
    """
    path = Path(path)
    _refuse_overwrite(path, overwrite)
    data = to_calendar(frame).to_ical()
    _write(path, data, overwrite)
    return path


def _csv_date(value: Any) -> str:
    try:
        return parse_date(value).isoformat()
    except ValueError:
        return _text(value)


def to_csv(frame: pd.DataFrame, path: str | Path, *, overwrite: bool = False) -> Path:
    """Write the plan's columns as UTF-8 CSV (dates as YYYY-MM-DD); return the path.

    Works for an unfinished plan too. Refuses to replace an existing file unless
    ``overwrite=True``.
    """
    path = Path(path)
    _refuse_overwrite(path, overwrite)
    out = with_trust(frame)
    for col in COLUMNS:
        if col not in out.columns:
            out[col] = ""
    out = out[list(COLUMNS)].copy()
    out["date"] = [_csv_date(v) for v in out["date"]]
    _write(path, out.to_csv(index=False, lineterminator="\n").encode("utf-8"), overwrite)
    return path


def read_plan(path: str | Path) -> pd.DataFrame:
    """Read a plan saved by :func:`to_csv` (``trust`` is worked out again)."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    return make_plan(frame.to_dict("records"))


# --- saving both files from a notebook ------------------------------------------------------

OUTPUT_DIR_ENV = "HELPABLE_OUTPUT_DIR"
"""Set this to a folder to make :func:`save_plan` write there by default."""

DEFAULT_NAME = "my_plan"
"""The file name :func:`save_plan` starts from: ``my_plan.ics`` and ``my_plan.csv``."""

_SAFE_NAME = re.compile(r"[\w][\w .-]*")


def output_dir() -> Path:
    """The folder :func:`save_plan` writes to when it is not given one.

    ``HELPABLE_OUTPUT_DIR`` when it is set. Otherwise the folder that holds the
    learner's journal (:func:`helpable.journal.store.default_path`): ``notebooks/``,
    beside the lessons, where JupyterLab's file browser shows the files, unless
    ``HELPABLE_JOURNAL`` moves the journal. Test runs (``conftest.py``) and
    ``tools/execute_notebooks.py`` point ``HELPABLE_JOURNAL`` at a scratch
    folder, so automated runs leave no plan files in ``notebooks/``.
    """
    override = os.environ.get(OUTPUT_DIR_ENV, "").strip()
    if override:
        return Path(override).expanduser()
    from helpable.journal.store import default_path

    return default_path().parent


def free_name(
    folder: str | Path, name: str = DEFAULT_NAME, suffixes: Iterable[str] = (".ics", ".csv")
) -> str:
    """The first of ``name``, ``name-2``, ``name-3``, ... that no file in ``folder`` uses yet.

    A name counts as used when a file with *any* of ``suffixes`` has it, so the
    calendar and the table saved together always share one name.
    """
    folder, ends = Path(folder), tuple(suffixes)
    number = 1
    while True:
        stem = name if number == 1 else f"{name}-{number}"
        if not any((folder / f"{stem}{end}").exists() for end in ends):
            return stem
        number += 1


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def save_plan(
    frame: pd.DataFrame, folder: str | Path | None = None, *, name: str = DEFAULT_NAME
) -> str:
    """Save the follow-ups as ``NAME.ics`` and the table as ``NAME.csv``; return a message.

    For notebooks: it never raises for a problem a learner can fix, and it
    never replaces a file. When ``my_plan.ics`` or ``my_plan.csv`` is already
    there, both files get the next free name (``my_plan-2``, ``my_plan-3``,
    ...), and the message says so. A plan with a row that cannot become a
    calendar event (no name, no next step, no usable date) is not saved: the
    message lists what to fix. Other problems (an ask that breaks a rule, a
    date that has passed) do not stop the save; the message counts them.

    ``folder`` defaults to :func:`output_dir`. The message names the files, not
    the folder, so stored notebook outputs hold no machine's paths.
    """
    name = str(name).strip()
    if not _SAFE_NAME.fullmatch(name):
        return (
            f"⚠ {name!r} cannot be a file name. Use letters, numbers, '-' or '_', "
            f"like {DEFAULT_NAME!r}."
        )
    problems = plan_problems(frame)
    blocking = [p.message for p in problems if p.blocks_export]
    if blocking:
        return "⚠ Not saved yet. Fix these first, then run this cell again:\n- " + "\n- ".join(
            blocking
        )
    where = Path(folder).expanduser() if folder is not None else output_dir()
    if where.exists() and not where.is_dir():
        return f"⚠ Not saved: {where.name!r} is a file, not a folder. Give a folder instead."
    saved_ics: Path | None = None
    try:
        where.mkdir(parents=True, exist_ok=True)
        for _ in range(1000):  # another kernel may take a name between our look and our write
            stem = free_name(where, name)
            try:
                saved_ics = to_ics(frame, where / f"{stem}.ics")
                to_csv(frame, where / f"{stem}.csv")
                break
            except FileExistsError:
                if saved_ics is not None:
                    saved_ics.unlink(missing_ok=True)
                    saved_ics = None
        else:  # pragma: no cover - a thousand names taken at once
            return "⚠ Not saved: every file name was taken. Try another name."
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        kept = f" {saved_ics.name} was saved; the table was not." if saved_ics else ""
        return (
            f"⚠ Could not save your plan there ({reason}).{kept} "
            'Try another folder, for example save_plan(plan, folder=".").'
        )
    lines = [
        "✓ Saved your plan:",
        f"  {stem}.ics  {_plural(len(frame), 'follow-up')} to import into your calendar",
        f"  {stem}.csv  your table",
    ]
    if stem != name:
        lines.append(f"Files from an earlier save ({name}.ics, ...) are kept as they were.")
    lines.append("Saving again makes new files. It never replaces these.")
    if problems:
        lines.append(
            f"Note: {_plural(len(problems), 'thing')} in your plan still "
            f"{'needs' if len(problems) == 1 else 'need'} work. See validate_plan(plan)."
        )
    return "\n".join(lines)
