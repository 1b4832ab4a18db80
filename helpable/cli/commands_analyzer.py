"""Commands ``check`` and ``evaluate`` for ``python -m helpable``.

Exit codes (see :mod:`helpable.cli.main`): 0 ok; 2 usage error, which covers every
problem with what was typed, *including the files named on the command line*
(missing, unreadable, not UTF-8 CSV, no such column, cannot write ``--out``);
1 data error, a broken course data file such as ``data/phrases.csv`` or
``data/approaches.csv`` (raised as ``DataError`` and reported by ``cli.main``).
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TextIO

from helpable.analyzer.engine import analyze
from helpable.content.approaches import RELATIONSHIPS, SETTINGS, SPLITS, load_approaches
from helpable.cli.main import EXIT_OK, EXIT_USAGE
from helpable.analyzer.metrics import (
    context_from_row,
    format_report,
    labels_from_row,
    predict_rows,
    report,
)
from helpable.analyzer.feedback import Feedback, Finding
from helpable.content.rules import RULE_KEYS, rules

PROGRESS_MIN_ROWS = 200
"""Files with at least this many pitches show progress on stderr."""
RESULT_COLUMNS: tuple[str, ...] = (*RULE_KEYS, "score", "findings", "strengths", "hint")


class UsageError(Exception):
    """Something typed on the command line cannot be used (exit 2)."""


def add_parser(subparsers: Any) -> None:
    """Register ``check`` and ``evaluate``."""
    check = subparsers.add_parser(
        "check",
        help="give feedback on a pitch, or on a CSV file of pitches",
        description="Which of the three rules does a pitch break, and why?",
    )
    check.add_argument("text", nargs="?", help="the pitch, in quotes ('-' reads standard input)")
    check.add_argument("--json", action="store_true", help="print the feedback as JSON")
    check.add_argument("--csv", metavar="IN.csv", help="check every pitch in a CSV file")
    check.add_argument("--column", default="text", help="the CSV column with the pitches")
    check.add_argument("--out", metavar="OUT.csv", help="where to write results (default: stdout)")
    check.add_argument("--setting", choices=SETTINGS, help="where the pitch happens")
    check.add_argument("--relationship", choices=RELATIONSHIPS, help="who the helper is to you")
    check.set_defaults(func=_guarded(run_check))

    ev = subparsers.add_parser(
        "evaluate",
        help="score the analyzer against data/approaches.csv",
        description="Per-rule precision, recall and F1, exact match, and the worst misses.",
    )
    ev.add_argument("--split", choices=(*SPLITS, "all"), default="all", help="which split")
    ev.add_argument("--file", metavar="LABELLED.csv", help="score another labelled CSV file")
    ev.add_argument("--misses", type=int, default=10, help="how many misses to list (default 10)")
    ev.set_defaults(func=_guarded(run_evaluate))


def _guarded(func: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    """Turn a UsageError into a one-line message and exit code 2."""

    def run(args: argparse.Namespace) -> int:
        try:
            return func(args)
        except UsageError as exc:
            print(f"helpable: {exc}", file=sys.stderr)
            return EXIT_USAGE

    return run


# ----- check ---------------------------------------------------------------------------------


def run_check(args: argparse.Namespace) -> int:
    """The ``check`` command."""
    if args.csv and args.text is not None:
        raise UsageError("give either TEXT or --csv, not both")
    if args.csv:
        return _check_csv(args)
    if args.out:
        raise UsageError("--out only works with --csv")
    if args.text is None:
        raise UsageError('give a pitch to check, e.g.  check "Could we talk for 20 minutes?"')
    text = sys.stdin.read() if args.text == "-" else args.text
    feedback = analyze(text, setting=args.setting, relationship=args.relationship)
    if args.json:
        print(json.dumps(feedback.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(format_feedback(feedback))
    return EXIT_OK


def format_feedback(feedback: Feedback) -> str:
    """Readable feedback for a terminal."""
    labels = {k: r.label for k, r in rules().items()}
    broken = ", ".join(labels[k] for k in RULE_KEYS if k in feedback.broken) or "none"
    lines = [f"Score: {feedback.score}/100 · {feedback.word_count} words · breaks: {broken}"]
    groups: dict[tuple[int, int], list[Finding]] = {}
    for f in feedback.findings:  # one block per phrase, even when it breaks two rules
        groups.setdefault((f.start, f.end), []).append(f)
    for (start, end), found in groups.items():
        names = " + ".join(labels[f.rule] for f in found)
        why = max((f.why for f in found), key=len)  # the one with the context sentence
        lines += [
            f'  ✗ {names}: "{feedback.text[start:end]}"',
            f"      Why: {why}",
            f"      Try: {found[0].try_instead}",
        ]
    strengths = feedback.strengths
    if strengths:
        lines.append("Strengths:")
        lines += [f"  ✓ {s.label}" + (f" ({s.detail})" if s.detail else "") for s in strengths]
    lines += [f"Note: {n}" for n in feedback.notes]
    if feedback.hint:
        lines.append(f"Hint: {feedback.hint}")
    return "\n".join(lines)


def _read_csv(path_text: str) -> tuple[list[str], list[dict[str, str]]]:
    """Rows of a CSV file named on the command line; problems are usage errors."""
    path = Path(path_text)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise UsageError(f"cannot read {path_text}: no such file") from None
    except IsADirectoryError:
        raise UsageError(f"cannot read {path_text}: it is a folder") from None
    except PermissionError:
        raise UsageError(f"cannot read {path_text}: permission denied") from None
    except UnicodeDecodeError:
        raise UsageError(f"cannot read {path_text}: it is not UTF-8 text") from None
    except OSError as exc:
        raise UsageError(f"cannot read {path_text}: {exc.strerror or exc}") from None
    try:
        reader = csv.DictReader(text.splitlines(keepends=True))
        rows = [dict(r) for r in reader]
    except csv.Error as exc:
        raise UsageError(f"cannot read {path_text} as CSV: {exc}") from None
    return list(reader.fieldnames or []), rows


def _result_names(header: Sequence[str]) -> dict[str, str]:
    """Output column names; prefixed with ``check_`` if the input already uses them."""
    clash = any(c in header for c in RESULT_COLUMNS)
    return {c: f"check_{c}" if clash else c for c in RESULT_COLUMNS}


def result_row(feedback: Feedback) -> dict[str, Any]:
    """The result columns for one pitch."""
    return {
        **{k: int(k in feedback.broken) for k in RULE_KEYS},
        "score": feedback.score,
        "findings": "; ".join(f'{f.rule}: "{f.phrase}"' for f in feedback.findings),
        "strengths": "; ".join(s.key for s in feedback.strengths),
        "hint": feedback.hint,
    }


def _row_context(args: argparse.Namespace, row: dict[str, str]) -> dict[str, str | None]:
    found = context_from_row(row)
    return {
        "setting": args.setting or found["setting"],
        "relationship": args.relationship or found["relationship"],
    }


def _check_csv(args: argparse.Namespace) -> int:
    header, rows = _read_csv(args.csv)
    if args.column not in header:
        shown = ", ".join(header) or "none"
        raise UsageError(f"{args.csv} has no column {args.column!r} (its columns: {shown})")
    names = _result_names(header)
    out_rows = []
    for i, row in enumerate(rows, start=1):
        feedback = analyze(row.get(args.column) or "", **_row_context(args, row))
        out_rows.append({**row, **{names[k]: v for k, v in result_row(feedback).items()}})
        _progress(i, len(rows))
    fields = [*header, *names.values()]
    if args.out:
        try:
            with open(args.out, "w", encoding="utf-8", newline="") as handle:
                _write_csv(handle, fields, out_rows)
        except OSError as exc:
            raise UsageError(f"cannot write {args.out}: {exc.strerror or exc}") from None
        print(f"helpable: checked {len(rows)} pitches; wrote {args.out}", file=sys.stderr)
    else:
        _write_csv(sys.stdout, fields, out_rows)
    return EXIT_OK


def _write_csv(handle: TextIO, fields: list[str], rows: list[dict[str, Any]]) -> None:
    writer = csv.DictWriter(handle, fieldnames=fields, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)


def _progress(done: int, total: int) -> None:
    """A progress line on stderr about every tenth of a large file."""
    if total < PROGRESS_MIN_ROWS:
        return
    step = max(1, total // 10)
    if done % step == 0 or done == total:
        print(f"helpable: checked {done}/{total} pitches", file=sys.stderr, flush=True)


# ----- evaluate ------------------------------------------------------------------------------


def run_evaluate(args: argparse.Namespace) -> int:
    """The ``evaluate`` command."""
    if args.misses < 0:
        raise UsageError("--misses must be 0 or more")
    groups = _file_groups(args) if args.file else _approach_groups(args.split)
    blocks = []
    for name, rows in groups.items():
        ids = [str(r.get("id") or n) for n, r in enumerate(rows, start=2)]
        expected = [labels_from_row(r) for r in rows]
        got = predict_rows(rows, analyze)
        blocks.append(format_report(report(name, ids, expected, got, args.misses)))
    print("\n\n".join(blocks))
    return EXIT_OK


def _approach_groups(split: str) -> dict[str, list[dict[str, Any]]]:
    rows = load_approaches().to_dict("records")
    return _by_split(rows, split) or {split: []}


def _by_split(rows: list[dict[str, Any]], split: str) -> dict[str, list[dict[str, Any]]]:
    """Rows grouped by their ``split`` value, in SPLITS order; one split if asked for."""
    names = sorted({str(r.get("split", "")) for r in rows}, key=_split_order)
    if split != "all":
        names = [n for n in names if n == split]
    return {n: [r for r in rows if str(r.get("split", "")) == n] for n in names}


def _split_order(name: str) -> tuple[int, str]:
    return (SPLITS.index(name) if name in SPLITS else len(SPLITS), name)


def _file_groups(args: argparse.Namespace) -> dict[str, list[dict[str, Any]]]:
    header, rows = _read_csv(args.file)
    missing = [c for c in ("text", *RULE_KEYS) if c not in header]
    if missing:
        raise UsageError(f"{args.file} lacks column(s): {', '.join(missing)}")
    if "split" in header:
        return _by_split(rows, args.split)
    if args.split != "all":
        raise UsageError(f"--split {args.split} needs a 'split' column in {args.file}")
    return {Path(args.file).name: rows}
