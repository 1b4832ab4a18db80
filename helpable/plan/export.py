"""Saving an action plan: the follow-ups as ``.ics``, the table as CSV, under free file names.

The ``.ics`` export is reproducible (each event's UID hashes its row, its
DTSTAMP is the row's date). :func:`to_ics` and :func:`to_csv` refuse to
replace a file unless ``overwrite=True``; :func:`save_plan` never replaces
one and answers with a message instead of raising. The messages come from
``data/strings.csv`` (see ``data/README.md``).

Any text can go in a cell. A lone surrogate (half a character, which UTF-8
cannot hold) is written as U+FFFD in both files. The ``.ics`` leaves out the
control characters RFC 5545 does not allow (NUL and the rest of C0 but tab;
a CR or CRLF becomes a line break). The CSV quotes any cell with a CR or LF,
so it stays one cell, and neutralises cells a spreadsheet would run as a
formula (see :func:`to_csv` and :func:`read_plan`).
"""

from __future__ import annotations

import csv
import errno
import hashlib
import os
import re
import reprlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from helpable.content.mending import mend_text
from helpable.content.spreadsheet import safe_cell
from helpable.content.strings import say, say_count
from helpable.journal import default_path
from helpable.journal.store import HIDDEN_FOLDER
from helpable.plan.plan import (
    COLUMNS,
    INPUT_COLUMNS,
    PlanError,
    cell_text,
    make_plan,
    parse_date,
    plan_problems,
    with_trust,
)

if TYPE_CHECKING:
    from icalendar import Calendar

PRODID = "-//helpable//action plan//EN"

OUTPUT_DIR_ENV = "HELPABLE_OUTPUT_DIR"
"""Set this to a folder to make :func:`save_plan` write there by default."""

DEFAULT_NAME = "my_plan"
"""The file name :func:`save_plan` starts from: ``my_plan.ics`` and ``my_plan.csv``."""

_SAFE_NAME = re.compile(r"[\w][\w .-]*")
_ICS_FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f]")
"""RFC 5545's CONTROL characters (all of C0 and DEL but tab), once line breaks are LF."""


def _fix_first(header: str, messages: list[str]) -> str:
    return header + "\n- " + "\n- ".join(messages)


def _refuse_overwrite(path: Path, overwrite: bool) -> None:
    if path.exists() and not overwrite:
        raise FileExistsError(say("plan.file.exists", path=path))


def _write(path: Path, data: bytes, overwrite: bool) -> None:
    with path.open("wb" if overwrite else "xb") as handle:
        handle.write(data)


def _mended(frame: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """A copy whose text cells UTF-8 can hold, and how many broken characters were replaced."""
    out, count = frame.copy(), 0
    for column in out.columns:
        cells = [mend_text(v) if isinstance(v, str) else (v, 0) for v in out[column]]
        replaced = sum(n for _, n in cells)
        if replaced:
            out[column] = pd.Series([v for v, _ in cells], index=out.index, dtype=object)
            count += replaced
    return out, count


# --- .ics ---------------------------------------------------------------------------------


def event_uid(row: Mapping[str, Any] | pd.Series) -> str:
    """A stable UID for one follow-up: the same row always gets the same UID."""
    when = parse_date(row["date"]).isoformat()
    key = "\x1f".join(cell_text(row[c]) for c in ("name", "how_you_know", "ask", "next_step"))
    digest = hashlib.sha256(f"{key}\x1f{when}".encode("utf-8", "surrogatepass")).hexdigest()[:32]
    return f"{digest}@helpable"


def _ics_text(value: Any) -> str:
    """A cell as ``.ics`` text: mended, CR and CRLF as LF, no control RFC 5545 forbids."""
    text = mend_text(cell_text(value))[0].replace("\r\n", "\n").replace("\r", "\n")
    return _ICS_FORBIDDEN.sub("", text)


def to_calendar(frame: pd.DataFrame) -> Calendar:
    """The plan as an ``icalendar.Calendar``: one all-day VEVENT per row.

    Raises :class:`PlanError` listing what to fix when a row has no name, no
    next step or no usable date. The text is mended and cleaned for the
    format (see the module docstring); it is folded and escaped by icalendar.
    """
    from icalendar import Calendar, Event  # lazy: only an export needs it

    blocking = [p.message for p in plan_problems(frame) if p.blocks_export]
    if blocking:
        raise PlanError(_fix_first(say("plan.export.blocked"), blocking))
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", say("plan.ics.calendar_name"))
    for _, row in frame.iterrows():
        when = parse_date(row["date"])
        name, how = _ics_text(row["name"]), _ics_text(row["how_you_know"]).replace("_", " ")
        event = Event()
        event.add("uid", event_uid(row))
        event.add("dtstamp", datetime(when.year, when.month, when.day, tzinfo=UTC))
        event.add("dtstart", when)
        event.add("dtend", when + timedelta(days=1))
        event.add("summary", say("plan.ics.summary", name=name))
        lines = [
            say("plan.ics.next_step", step=_ics_text(row["next_step"])),
            say("plan.ics.ask", ask=_ics_text(row["ask"])),
        ]
        if how:
            lines.append(say("plan.ics.how_you_know", how=how))
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


# --- CSV ----------------------------------------------------------------------------------


def _csv_date(value: Any) -> Any:
    """A date as YYYY-MM-DD; anything else as it was typed, so it reads back the same."""
    try:
        return parse_date(value).isoformat()
    except ValueError:
        return value if isinstance(value, str) else cell_text(value)


_NEUTRALISED = INPUT_COLUMNS
"""The columns of learner text that :func:`to_csv` neutralises and :func:`read_plan` restores."""


def _formula_like(text: str) -> bool:
    return safe_cell(text) != text


def _neutralise(value: Any) -> Any:
    """:func:`helpable.content.spreadsheet.safe_cell`, made reversible.

    A cell a spreadsheet would run as a formula gets a leading ``'``. So that
    :func:`_restore` can tell that ``'`` from one the learner typed, text that
    already starts with ``'`` in front of a formula-like start gets one more.
    """
    if isinstance(value, str) and value.startswith("'") and _formula_like(value.lstrip("'")):
        return "'" + value
    return safe_cell(value)


def _restore(value: Any) -> Any:
    """Undo :func:`_neutralise`: drop the one ``'`` it added, and only that."""
    if isinstance(value, str) and value.startswith("'") and _formula_like(value.lstrip("'")):
        return value[1:]
    return value


def to_csv(frame: pd.DataFrame, path: str | Path, *, overwrite: bool = False) -> Path:
    """Write the plan's columns as UTF-8 CSV (dates as YYYY-MM-DD); return the path.

    Works for an unfinished plan too. Refuses to replace an existing file unless
    ``overwrite=True``. Safe to open in a spreadsheet: rows end in CRLF (RFC
    4180), so a cell with a CR, an LF or a CRLF is quoted and stays one cell,
    and a learner's cell that starts like a formula (``=``, ``+``, ``-``,
    ``@``, a tab or a CR) gets a leading ``'`` (``helpable.content.spreadsheet``).
    Lone surrogates are written as U+FFFD.
    """
    path = Path(path)
    _refuse_overwrite(path, overwrite)
    out = with_trust(_mended(frame)[0])
    for col in COLUMNS:
        if col not in out.columns:
            out[col] = ""
    out = out[list(COLUMNS)].copy()
    out["date"] = pd.Series([_csv_date(v) for v in out["date"]], index=out.index, dtype=object)
    for col in _NEUTRALISED:
        out[col] = pd.Series([_neutralise(v) for v in out[col]], index=out.index, dtype=object)
    text = out.to_csv(index=False, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    _write(path, text.encode("utf-8"), overwrite)
    return path


def read_plan(path: str | Path) -> pd.DataFrame:
    """Read a plan saved by :func:`to_csv` (``trust`` is worked out again).

    The round trip keeps the learner's text: the one ``'`` that :func:`to_csv`
    put in front of formula-like text is taken off again, on the columns it
    neutralises (all but ``trust``). A ``'`` the learner typed is kept, because
    :func:`to_csv` marks such text with one more. (A file written some other
    way, with a learner's own ``'`` in front of ``=``, ``+``, ``-``, ``@``, a
    tab or a CR, loses that ``'``.)
    """
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    for col in _NEUTRALISED:
        if col in frame.columns:
            frame[col] = frame[col].map(_restore)
    return make_plan({str(k): v for k, v in row.items()} for row in frame.to_dict("records"))


# --- saving both files from a notebook ------------------------------------------------------


def output_dir() -> Path:
    """The folder :func:`save_plan` writes to when it is not given one.

    ``HELPABLE_OUTPUT_DIR`` when it is set. Otherwise the folder that holds the
    learner's journal (:func:`helpable.journal.default_path`), or the folder above
    it when that is the journal's hidden folder: ``notebooks/``, beside the
    lessons, unless ``HELPABLE_JOURNAL`` moves the journal (as test runs and
    ``tools/execute_notebooks.py`` do, so they leave no plan files there).
    """
    override = os.environ.get(OUTPUT_DIR_ENV, "").strip()
    if override:
        return Path(override).expanduser()
    folder = default_path().parent
    # The journal sits in a hidden folder; plans go beside it, where a learner sees them.
    return folder.parent if folder.name == HIDDEN_FOLDER else folder


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


_WORDS: dict[bool, dict[str, str]] = {
    False: {
        "blocked": "plan.save.blocked",
        "needs_work_one": "plan.save.needs_work_one",
        "needs_work_many": "plan.save.needs_work_many",
        "failed": "plan.save.failed",
        "failed_half": "plan.save.failed_half",
    },
    True: {
        "blocked": "plan.table.save_blocked",
        "needs_work_one": "plan.table.needs_work_one",
        "needs_work_many": "plan.table.needs_work_many",
        "failed": "plan.table.save_failed",
        "failed_half": "plan.table.save_failed_half",
    },
}
"""The sentences that tell a learner what to do next: in code (``save_plan``) or in the table."""


@dataclass(frozen=True)
class SaveOutcome:
    """What :func:`save_plan_files` did: the message, and the files it wrote (none if it failed)."""

    ok: bool
    message: str
    files: tuple[Path, ...] = ()


def _saved_message(
    stem: str, name: str, rows: int, problems: int, replaced: int, words: Mapping[str, str]
) -> str:
    if rows == 1:
        ics = say("plan.save.ics_one", stem=stem)
    else:
        ics = say("plan.save.ics_many", stem=stem, count=rows)
    lines = [say("plan.save.saved"), f"  {ics}", "  " + say("plan.save.csv", stem=stem)]
    if stem != name:
        lines.append(say("plan.save.earlier_kept", name=name))
    lines.append(say("plan.save.never_replaces"))
    if replaced:
        lines.append(say_count(replaced, "plan.save.mended_one", "plan.save.mended_many"))
    if problems:
        lines.append(say_count(problems, words["needs_work_one"], words["needs_work_many"]))
    return "\n".join(lines)


def _why_not_saved(exc: BaseException) -> str:
    """Why a save failed, in a few plain words (never an errno or an exception's name)."""
    code = getattr(exc, "errno", None)
    if isinstance(exc, PermissionError) or code in (errno.EACCES, errno.EPERM, errno.EROFS):
        return say("plan.save.reason.not_allowed")
    if code in (errno.ENOSPC, errno.EDQUOT):
        return say("plan.save.reason.disk_full")
    if code == errno.ENAMETOOLONG:
        return say("plan.save.reason.name_too_long")
    if isinstance(exc, FileNotFoundError) or code == errno.ENOENT:
        return say("plan.save.reason.no_folder")
    if isinstance(exc, OSError):
        return exc.strerror.lower() if exc.strerror else say("plan.save.reason.unknown")
    return say("plan.save.reason.unwritable")  # a TypeError or ValueError while writing


def _folder(folder: str | Path | None) -> Path | str:
    """The folder to save in, or a message saying why it cannot be one."""
    try:
        where = Path(folder).expanduser() if folder is not None else output_dir()
        if b"\x00" in os.fsencode(where):  # Path.exists() would just say False
            raise ValueError("a NUL in the folder name")
        if where.exists() and not where.is_dir():
            return say("plan.save.not_a_folder", name=repr(where.name))
    except (TypeError, ValueError):  # not text, a NUL, a character no file name can hold
        shown = str(folder) if isinstance(folder, Path) else folder
        return say("plan.save.bad_folder", folder=reprlib.repr(shown))
    except OSError as exc:
        return say("plan.save.failed", reason=_why_not_saved(exc))
    return where


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
    A lone surrogate in a cell is saved as U+FFFD, and the message says so.
    Any OSError, UnicodeError, TypeError or ValueError while saving becomes a
    plain message too.

    ``folder`` defaults to :func:`output_dir`. The message names the files, not
    the folder, so stored notebook outputs hold no machine's paths.
    """
    return save_plan_files(frame, folder, name=name).message


def save_plan_files(
    frame: pd.DataFrame,
    folder: str | Path | None = None,
    *,
    name: str = DEFAULT_NAME,
    in_table: bool = False,
    today: date | None = None,
) -> SaveOutcome:
    """:func:`save_plan`, answering with the files it wrote as well as its message.

    ``in_table=True`` words the message for the plan table widget (no code in it:
    "click Save my plan", not "run this cell"). ``today`` (default: the computer's
    date) is the day the plan's dates are checked against.
    """
    words = _WORDS[in_table]
    if not isinstance(frame, pd.DataFrame):
        return SaveOutcome(False, say("plan.save.not_a_plan"))
    name = str(name).strip()
    if not _SAFE_NAME.fullmatch(name):
        return SaveOutcome(
            False, say("plan.save.bad_name", name=repr(name), example=repr(DEFAULT_NAME))
        )
    frame, replaced = _mended(frame)
    problems = plan_problems(frame, today=today, in_table=in_table)
    blocking = [p.message for p in problems if p.blocks_export]
    if blocking:
        return SaveOutcome(False, _fix_first(say(words["blocked"]), blocking))
    where = _folder(folder)
    if isinstance(where, str):
        return SaveOutcome(False, where)
    saved_ics: Path | None = None
    try:
        where.mkdir(parents=True, exist_ok=True)
        for _ in range(1000):  # another kernel may take a name between our look and our write
            stem = free_name(where, name)
            try:
                saved_ics = to_ics(frame, where / f"{stem}.ics")
                written = (saved_ics, to_csv(frame, where / f"{stem}.csv"))
                break
            except FileExistsError:
                if saved_ics is not None:
                    saved_ics.unlink(missing_ok=True)
                    saved_ics = None
        else:  # pragma: no cover - a thousand names taken at once
            return SaveOutcome(False, say("plan.save.no_free_name"))
    except (OSError, ValueError, TypeError) as exc:  # ValueError includes UnicodeError
        reason = _why_not_saved(exc)
        if saved_ics is not None:
            message = say(words["failed_half"], reason=reason, ics=saved_ics.name)
            return SaveOutcome(False, message, (saved_ics,))
        return SaveOutcome(False, say(words["failed"], reason=reason))
    message = _saved_message(stem, name, len(frame), len(problems), replaced, words)
    return SaveOutcome(True, message, written)
