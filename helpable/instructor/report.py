"""The class report: ``python -m helpable report JOURNALS... [--out report.html]``.

An instructor collects the journal files a class hands in (``*.jsonl``, or
folders of them) and gets one HTML page that shows where the class still
struggles. The page is self-contained: inline CSS, charts as base64 PNG with
alt text, no scripts and no outside files, so it opens offline and can be
emailed. A Content-Security-Policy in the page blocks anything else.

How journals are read
    One journal file is one learner. The name is the file name without
    ``.jsonl``; a file called ``my_journal.jsonl`` (the course's default) takes
    its folder's name instead, which suits a download with one folder per
    learner. A ``*.recovered-N.jsonl`` file beside its journal is read as part
    of that journal (see :mod:`helpable.journal.store`). Journals are read with
    :class:`helpable.journal.store.Journal`, which skips cut-off lines.

    A journal with no usable entry (empty, not a journal, unreadable) is
    *skipped*. A journal with usable entries but also cut-off lines, damaged
    lines or rewrite entries without a score is *partly read*: its good
    entries count. Both are listed in the report with the reason. Nothing is
    fatal.

What counts
    A *pitch* is one learner's work on one example pitch (its ``pitch_id``).
    A learner may save several rewrites of the same pitch; the report uses the
    **latest one** (the last in the file) as that pitch's result. "Before"
    means the original pitch's ``original_score`` and ``original_broken`` as
    saved with the rewrite.

Problem phrases
    The five most common problem phrases come from the ``findings`` saved with
    each pitch's latest rewrite, that is, words the learners wrote themselves
    and that still break a rule. The original pitches come from the course's
    dataset, so their phrases would say nothing about the class. Phrases are
    compared in lower case with spaces and end punctuation tidied, and each
    counts once per rewrite.

The pure pipeline is ``collect(paths) -> ClassData``, ``summarise(data) -> dict``
(JSON-safe) and ``render_html(summary) -> str``; the command is a thin shell.
Exit codes follow :mod:`helpable.cli.main`: 0 ok, 1 no journal files found or the
report cannot be written, 2 usage (a missing input, or ``--out`` exists
without ``--force``).
"""

from __future__ import annotations

import argparse
import base64
import html
import io
import os
import re
import statistics
import sys
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from helpable.content.rules import RULE_KEYS

JOURNAL_SUFFIX = ".jsonl"
DEFAULT_STEM = "my_journal"
PROGRESS_EVERY = 10
EASY_YES_SCORE = 85
"""A rewrite that breaks no rule scores at least this much (see helpable.analyzer.engine)."""

SCORE_BANDS: tuple[tuple[int, int], ...] = tuple((lo, lo + 9) for lo in range(0, 90, 10)) + (
    (90, 100),
)
_RECOVERED = re.compile(r"^(?P<stem>.+)\.recovered-[1-9][0-9]*$")
_SPACES = re.compile(r"\s+")
_END_PUNCT = " \t\n.,;:!?\"'“”‘’()[]"

Progress = Callable[[int, int, Path], None]
"""Called after each journal is read: (done, total, path)."""


# --- the data ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Rewrite:
    """One saved rewrite, reduced to what the report needs."""

    pitch: str
    score: int
    broken: tuple[str, ...]
    original_score: int | None
    original_broken: tuple[str, ...] | None
    phrases: tuple[tuple[str, str], ...]  # (rule, phrase as written)


@dataclass(frozen=True)
class LearnerJournal:
    """One learner's usable entries, in file order."""

    name: str
    path: Path
    rewrites: tuple[Rewrite, ...]
    reflections: int

    def latest(self) -> dict[str, Rewrite]:
        """The last saved rewrite of each pitch, by pitch."""
        found: dict[str, Rewrite] = {}
        for rewrite in self.rewrites:
            found[rewrite.pitch] = rewrite
        return found


@dataclass(frozen=True)
class JournalIssue:
    """A journal that was skipped, or only partly read, and why."""

    name: str
    path: Path
    status: str  # "skipped" or "partly read"
    reason: str


@dataclass
class ClassData:
    """Everything read from a class's journals."""

    learners: list[LearnerJournal] = field(default_factory=list)
    issues: list[JournalIssue] = field(default_factory=list)
    files: int = 0


# --- collecting --------------------------------------------------------------------------


def find_journals(paths: Iterable[str | Path]) -> tuple[list[Path], list[JournalIssue]]:
    """The journal files in ``paths`` (files as given; folders searched for ``*.jsonl``).

    A path that does not exist becomes an issue. A ``*.recovered-N.jsonl`` file
    whose journal is also found is left out: the journal reads it.
    """
    found: dict[Path, None] = {}
    issues: list[JournalIssue] = []
    for raw in paths:
        path = Path(raw).expanduser()
        if path.is_dir():
            for item in sorted(path.rglob(f"*{JOURNAL_SUFFIX}")):
                relative = item.relative_to(path).parts
                if item.is_file() and not any(part.startswith(".") for part in relative):
                    found.setdefault(item.resolve(), None)
        elif path.is_file():
            found.setdefault(path.resolve(), None)
        else:
            issues.append(
                JournalIssue(path.name, path, "skipped", "there is no such file or folder")
            )
    files = list(found)
    names = set(files)
    kept = []
    for item in files:
        match = _RECOVERED.match(item.stem)
        if match and item.with_name(match["stem"] + item.suffix) in names:
            continue
        kept.append(item)
    return kept, issues


def learner_names(files: Sequence[Path]) -> list[str]:
    """A unique, readable name for each journal, from its file (or folder) name."""
    base = []
    for path in files:
        stem = path.stem
        if stem == DEFAULT_STEM and path.parent.name:
            stem = path.parent.name
        base.append(stem)
    totals = Counter(base)
    seen: Counter[str] = Counter()
    names = []
    for stem in base:
        seen[stem] += 1
        names.append(stem if totals[stem] == 1 else f"{stem} ({seen[stem]})")
    return names


def _score(value: Any) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if value != value or not 0 <= value <= 100:  # NaN or out of range
        return None
    return int(round(value))


def _rule_keys(value: Any) -> tuple[str, ...] | None:
    if not isinstance(value, list | tuple) or not all(isinstance(k, str) for k in value):
        return None
    return tuple(k for k in RULE_KEYS if k in value)


def _phrases(findings: Any) -> tuple[tuple[str, str], ...]:
    if not isinstance(findings, list):
        return ()
    out = []
    for finding in findings:
        if isinstance(finding, dict):
            rule, phrase = finding.get("rule"), finding.get("phrase")
            if isinstance(rule, str) and isinstance(phrase, str) and phrase.strip():
                out.append((rule, phrase))
    return tuple(out)


def rewrite_from(entry: dict[str, Any]) -> Rewrite | None:
    """A :class:`Rewrite` from a journal entry, or None when it lacks a score or rule list."""
    score = _score(entry.get("score"))
    broken = _rule_keys(entry.get("broken"))
    if score is None or broken is None:
        return None
    pitch = entry.get("pitch_id") or entry.get("original") or entry.get("rewrite") or ""
    return Rewrite(
        pitch=str(pitch),
        score=score,
        broken=broken,
        original_score=_score(entry.get("original_score")),
        original_broken=_rule_keys(entry.get("original_broken")),
        phrases=_phrases(entry.get("findings")),
    )


def _plain_problem(message: str, path: Path) -> str:
    """A journal problem, as an instructor needs it: the file's name, no advice to the learner."""
    from helpable.journal.store import show_path

    message = message.replace(show_path(path), path.name)
    return message.split(" The file was left exactly as it is")[0]


def read_journal(path: Path, name: str) -> tuple[LearnerJournal | None, JournalIssue | None]:
    """Read one journal; return the learner (if any entry is usable) and any issue."""
    from helpable.journal.store import Journal, JournalError

    try:
        if path.stat().st_size == 0:
            return None, JournalIssue(name, path, "skipped", "the file is empty")
        journal = Journal(path, lock_timeout=0.5)
        entries = journal.entries()
        problems = [_plain_problem(p, path) for p in journal.problems]
    except (JournalError, OSError, ValueError) as exc:
        return None, JournalIssue(name, path, "skipped", f"it could not be read ({exc})")
    rewrites, reflections, unusable = [], 0, 0
    for entry in entries:
        kind = entry.get("kind")
        if kind == "rewrite":
            rewrite = rewrite_from(entry)
            if rewrite is None:
                unusable += 1
            else:
                rewrites.append(rewrite)
        elif kind == "reflection" and isinstance(entry.get("text"), str):
            reflections += 1
    if unusable:
        noun = "entry was" if unusable == 1 else "entries were"
        problems.append(f"{unusable} rewrite {noun} missing a score or a list of rules")
    if not rewrites and not reflections:
        reason = "; ".join(problems[:3]) or "it has no saved rewrites or reflections"
        return None, JournalIssue(name, path, "skipped", reason)
    learner = LearnerJournal(name, path, tuple(rewrites), reflections)
    if problems:
        more = f" (and {len(problems) - 3} more problems)" if len(problems) > 3 else ""
        reason = "; ".join(problems[:3]) + more
        return learner, JournalIssue(name, path, "partly read", reason)
    return learner, None


def collect(paths: Iterable[str | Path], *, progress: Progress | None = None) -> ClassData:
    """Read every journal in ``paths``. Bad journals become issues; nothing raises."""
    files, issues = find_journals(paths)
    data = ClassData(issues=list(issues), files=len(files))
    for done, (path, name) in enumerate(zip(files, learner_names(files), strict=True), start=1):
        learner, issue = read_journal(path, name)
        if learner is not None:
            data.learners.append(learner)
        if issue is not None:
            data.issues.append(issue)
        if progress is not None:
            progress(done, len(files), path)
    return data


# --- summarising -------------------------------------------------------------------------


def tidy_phrase(phrase: str) -> str:
    """A phrase in the form used to count it: lower case, single spaces, no end punctuation."""
    return _SPACES.sub(" ", phrase.lower()).strip(_END_PUNCT)


def _rule_labels() -> dict[str, str]:
    try:
        from helpable.content.rules import rules

        return {key: rule.label for key, rule in rules().items()}
    except Exception:  # noqa: BLE001 - a broken rules.csv must not stop the report
        return {key: key.title() for key in RULE_KEYS}


def band_counts(scores: Sequence[int]) -> list[int]:
    """How many scores fall in each of :data:`SCORE_BANDS`."""
    return [sum(lo <= s <= hi for s in scores) for lo, hi in SCORE_BANDS]


def _median(values: Sequence[int]) -> float | None:
    return float(statistics.median(values)) if values else None


def summarise(
    data: ClassData, *, title: str = "Class report", made_on: str | None = None, top: int = 5
) -> dict[str, Any]:
    """The report's numbers as a JSON-safe dict (see the module docstring for what counts)."""
    labels = _rule_labels()
    finals: list[tuple[str, Rewrite]] = [
        (learner.name, rewrite)
        for learner in data.learners
        for rewrite in learner.latest().values()
    ]
    before_scores = sorted(r.original_score for _, r in finals if r.original_score is not None)
    after_scores = sorted(r.score for _, r in finals)
    with_before = [r for _, r in finals if r.original_broken is not None]

    rules_rows = []
    for key in RULE_KEYS:
        after = [(name, r) for name, r in finals if key in r.broken]
        rules_rows.append(
            {
                "key": key,
                "label": labels.get(key, key),
                "before": sum(key in (r.original_broken or ()) for r in with_before),
                "after": len(after),
                "learners": len({name for name, _ in after}),
            }
        )

    phrase_counts: Counter[tuple[str, str]] = Counter()
    phrase_learners: dict[tuple[str, str], set[str]] = {}
    for name, rewrite in finals:
        for key in {(tidy_phrase(p), rule) for rule, p in rewrite.phrases}:
            if key[0]:
                phrase_counts[key] += 1
                phrase_learners.setdefault(key, set()).add(name)
    ranked = sorted(
        phrase_counts, key=lambda k: (-phrase_counts[k], -len(phrase_learners[k]), k[0], k[1])
    )
    phrases = [
        {
            "phrase": phrase,
            "rule": rule,
            "rule_label": labels.get(rule, rule),
            "count": phrase_counts[(phrase, rule)],
            "learners": len(phrase_learners[(phrase, rule)]),
        }
        for phrase, rule in ranked[:top]
    ]

    issues = sorted(data.issues, key=lambda i: (i.status != "skipped", i.name.lower()))
    return {
        "title": title,
        "made_on": made_on,
        "files": data.files,
        "learners": len(data.learners),
        "learners_with_pitches": sum(1 for learner in data.learners if learner.rewrites),
        "pitches": len(finals),
        "rewrites": sum(len(learner.rewrites) for learner in data.learners),
        "reflections": sum(learner.reflections for learner in data.learners),
        "fixed": sum(1 for _, r in finals if not r.broken),
        "easy_yes_score": EASY_YES_SCORE,
        "rules": rules_rows,
        "pitches_with_before": len(with_before),
        "scores_before": before_scores,
        "scores_after": after_scores,
        "median_before": _median(before_scores),
        "median_after": _median(after_scores),
        "bands": [f"{lo}–{hi}" for lo, hi in SCORE_BANDS],
        "bands_before": band_counts(before_scores),
        "bands_after": band_counts(after_scores),
        "phrases": phrases,
        "skipped": sum(1 for i in data.issues if i.status == "skipped"),
        "partly_read": sum(1 for i in data.issues if i.status == "partly read"),
        "issues": [
            {"name": i.name, "file": i.path.name, "status": i.status, "reason": i.reason}
            for i in issues
        ],
    }


# --- charts ------------------------------------------------------------------------------

BEFORE_COLOUR = "#D9D9D9"  # light grey, hatched
AFTER_COLOUR = "#0072B2"  # Okabe–Ito blue
EDGE = "#1A1A1A"


def _png(fig: Any) -> str:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100, metadata={"Software": None})
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def _paired_bars(
    labels: Sequence[str],
    before: Sequence[int],
    after: Sequence[int],
    *,
    title: str,
    xlabel: str,
    ylabel: str,
    names: tuple[str, str],
) -> str:
    """A grouped bar chart (before hatched grey, after solid blue) as base64 PNG."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=(8.0, 4.2), layout="constrained")
    ax = fig.add_subplot()
    xs = range(len(labels))
    width = 0.4
    left = [x - width / 2 for x in xs]
    right = [x + width / 2 for x in xs]
    bars_b = ax.bar(left, before, width, label=names[0], color=BEFORE_COLOUR, edgecolor=EDGE)
    for bar in bars_b:
        bar.set_hatch("//")
    bars_a = ax.bar(right, after, width, label=names[1], color=AFTER_COLOUR, edgecolor=EDGE)
    for bars in (bars_b, bars_a):
        ax.bar_label(bars, labels=[str(v) if v else "" for v in bars.datavalues], fontsize=9)
    ax.set_xticks(list(xs), labels)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title, loc="left")
    ax.spines[["top", "right"]].set_visible(False)
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.margins(y=0.15)
    ax.legend(frameon=False)
    return _png(fig)


def _peak(bands: Sequence[str], counts: Sequence[int]) -> str:
    top = max(counts)
    return ", ".join(b for b, c in zip(bands, counts, strict=True) if c == top)


def scores_alt(summary: dict[str, Any]) -> str:
    """Alt text for the score chart, with its numbers."""
    bands = summary["bands"]

    def describe(colour: str, what: str, scores: list[int], median: Any, counts: list[int]) -> str:
        text = f"{colour}: {what} ({len(scores)})"
        if scores:
            text += f", median {median:g}, most in {_peak(bands, counts)}"
        return text + "."

    return " ".join(
        [
            "Bar chart of ease-of-yes scores from 0 to 100, in bands of 10.",
            describe(
                "Grey hatched bars",
                "the original pitches",
                summary["scores_before"],
                summary["median_before"],
                summary["bands_before"],
            ),
            describe(
                "Blue bars",
                "the class's latest rewrites",
                summary["scores_after"],
                summary["median_after"],
                summary["bands_after"],
            ),
        ]
    )


def rules_alt(summary: dict[str, Any]) -> str:
    """Alt text for the rules chart, with its numbers."""
    counts = "; ".join(
        f"{row['label']}: {row['before']} originals, {row['after']} rewrites"
        for row in summary["rules"]
    )
    return f"Bar chart of how many pitches break each rule, before and after rewriting. {counts}."


def scores_chart(summary: dict[str, Any]) -> str:
    """The score distributions before and after rewriting, as base64 PNG."""
    return _paired_bars(
        summary["bands"],
        summary["bands_before"],
        summary["bands_after"],
        title="Ease-of-yes scores, before and after rewriting",
        xlabel="Score (0 = hard to say yes, 100 = easy yes)",
        ylabel="Pitches",
        names=("Original pitch (before)", "Latest rewrite (after)"),
    )


def rules_chart(summary: dict[str, Any]) -> str:
    """How many pitches break each rule, before and after, as base64 PNG."""
    return _paired_bars(
        [row["label"] for row in summary["rules"]],
        [row["before"] for row in summary["rules"]],
        [row["after"] for row in summary["rules"]],
        title="Pitches that break each rule",
        xlabel="Rule",
        ylabel="Pitches",
        names=("Original pitch (before)", "Latest rewrite (after)"),
    )


# --- HTML --------------------------------------------------------------------------------

CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'"

CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#1A1A1A;
background:#FFFFFF;line-height:1.5;margin:0;padding:24px}
main{max-width:960px;margin:0 auto}
h1{font-size:1.8em;margin:0 0 4px 0}
h2{font-size:1.3em;margin:32px 0 8px 0;border-bottom:2px solid #0072B2;padding-bottom:4px}
p.lead{color:#4D4D4D;margin-top:0}
.cards{display:flex;flex-wrap:wrap;gap:12px;margin:16px 0}
.card{border:1px solid #8C8C8C;border-radius:8px;padding:10px 14px;min-width:150px}
.card b{display:block;font-size:1.6em}
table{border-collapse:collapse;width:100%;margin:8px 0}
th,td{border:1px solid #8C8C8C;padding:6px 8px;text-align:left;vertical-align:top}
th{background:#F0F0F0}
td.num{text-align:right;font-variant-numeric:tabular-nums}
figure{margin:12px 0}
figure img{max-width:100%;height:auto;border:1px solid #D0D0D0}
figcaption{color:#4D4D4D;font-size:0.95em}
.note{background:#FFF4D6;border-left:4px solid #E69F00;padding:8px 12px}
.ok{background:#E6F4EF;border-left:4px solid #007A5A;padding:8px 12px}
code{overflow-wrap:break-word}
footer{margin-top:40px;color:#4D4D4D;font-size:0.9em}
"""


def esc(value: Any) -> str:
    """Escape any value for HTML text or a quoted attribute."""
    return html.escape("" if value is None else str(value), quote=True)


def _pct(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}%" if whole else "–"


def _figure(png: str, alt: str, caption: str) -> str:
    return (
        f'<figure><img src="data:image/png;base64,{png}" alt="{esc(alt)}">'
        f"<figcaption>{esc(caption)}</figcaption></figure>"
    )


def _table(head: Sequence[str], rows: Iterable[Sequence[str]], numeric: set[int]) -> str:
    """A table; cells must already be escaped."""
    top = "".join(f'<th scope="col">{h}</th>' for h in head)
    body = "".join(
        "<tr>"
        + "".join(
            f'<td class="num">{cell}</td>' if i in numeric else f"<td>{cell}</td>"
            for i, cell in enumerate(row)
        )
        + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{top}</tr></thead><tbody>{body}</tbody></table>"


def _glance(s: dict[str, Any]) -> str:
    def card(value: Any, label: str) -> str:
        return f'<div class="card"><b>{esc(value)}</b>{esc(label)}</div>'

    median = (
        f"{s['median_before']:g} → {s['median_after']:g}"
        if s["median_before"] is not None and s["median_after"] is not None
        else "–"
    )
    cards = [
        card(s["learners"], "learners"),
        card(s["pitches"], "pitches rewritten"),
        card(s["rewrites"], "rewrites saved"),
        card(f"{s['fixed']} ({_pct(s['fixed'], s['pitches'])})", "now break no rule"),
        card(median, "median score, before → after"),
    ]
    journals = (
        f"Read from {s['files']} journal file{'s' if s['files'] != 1 else ''}: "
        f"{s['skipped']} skipped, {s['partly_read']} partly read. "
        f"Learners also saved {s['reflections']} reflection"
        f"{'s' if s['reflections'] != 1 else ''}."
    )
    return f'<div class="cards">{"".join(cards)}</div><p>{esc(journals)}</p>'


def _rules_section(s: dict[str, Any]) -> str:
    if not s["pitches"]:
        return '<p class="note">No rewrites yet, so there is nothing to count.</p>'
    rows = [
        (
            esc(row["label"]),
            esc(row["before"]),
            esc(row["after"]),
            esc(_pct(row["after"], s["pitches"])),
            esc(row["learners"]),
        )
        for row in s["rules"]
    ]
    table = _table(
        [
            "Rule",
            "Original pitches that broke it",
            "Latest rewrites that still break it",
            "Share of rewrites",
            "Learners affected",
        ],
        rows,
        {1, 2, 3, 4},
    )
    intro = (
        f"Each of the {s['pitches']} pitches counts once, with its latest rewrite. "
        f"{s['fixed']} of them now break no rule."
    )
    chart = _figure(
        rules_chart(s),
        rules_alt(s),
        "Grey hatched bars: the original pitches. Blue bars: the latest rewrites.",
    )
    return f"<p>{esc(intro)}</p>{table}{chart}"


def _scores_section(s: dict[str, Any]) -> str:
    if not s["scores_after"]:
        return '<p class="note">No scores yet.</p>'
    chart = _figure(
        scores_chart(s),
        scores_alt(s),
        f"A rewrite that breaks no rule scores about {s['easy_yes_score']} or more.",
    )
    rows = [
        (esc(band), esc(b), esc(a))
        for band, b, a in zip(s["bands"], s["bands_before"], s["bands_after"], strict=True)
    ]
    numbers = _table(["Score", "Original pitches", "Latest rewrites"], rows, {1, 2})
    return f"{chart}<details><summary>The numbers behind this chart</summary>{numbers}</details>"


def _phrases_section(s: dict[str, Any]) -> str:
    source = (
        "These come from the learners' latest rewrites: words they wrote that still "
        "break a rule. Each phrase counts once per rewrite."
    )
    if not s["phrases"]:
        return f'<p class="ok">No problem phrases in the latest rewrites.</p><p>{esc(source)}</p>'
    rows = [
        (
            esc(i),
            f"<code>{esc(p['phrase'])}</code>",
            esc(p["rule_label"]),
            esc(p["count"]),
            esc(p["learners"]),
        )
        for i, p in enumerate(s["phrases"], start=1)
    ]
    table = _table(["#", "Phrase", "Rule", "Rewrites", "Learners"], rows, {0, 3, 4})
    return f"<p>{esc(source)}</p>{table}"


def _issues_section(s: dict[str, Any]) -> str:
    if not s["issues"]:
        return f'<p class="ok">All {esc(s["files"])} journals were read in full.</p>'
    rows = [
        (esc(i["name"]), f"<code>{esc(i['file'])}</code>", esc(i["status"]), esc(i["reason"]))
        for i in s["issues"]
    ]
    intro = (
        "Skipped journals add nothing to the numbers above. Partly read journals add "
        "their good entries. If a journal was skipped, ask that learner to hand it in again."
    )
    return f"<p>{esc(intro)}</p>" + _table(["Learner", "File", "What happened", "Why"], rows, set())


def render_html(summary: dict[str, Any]) -> str:
    """The whole report as one self-contained HTML page (no scripts, no outside files)."""
    s = summary
    made = f" Made on {s['made_on']}." if s.get("made_on") else ""
    lead = (
        f"{s['learners']} learners, {s['pitches']} pitches rewritten.{made} "
        "This page works offline and holds no scripts."
    )
    sections = [
        ("At a glance", _glance(s)),
        ("Rules still broken after rewriting", _rules_section(s)),
        ("Scores before and after rewriting", _scores_section(s)),
        ("The five most common problem phrases", _phrases_section(s)),
        ("Journals skipped or partly read", _issues_section(s)),
    ]
    body = "".join(f"<section><h2>{esc(h)}</h2>{content}</section>" for h, content in sections)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(s['title'])}</title><style>{CSS}</style></head>"
        f'<body><main><h1>{esc(s["title"])}</h1><p class="lead">{esc(lead)}</p>{body}'
        "<footer>Made with helpable. The scores come from the course's pitch analyzer, "
        "which checks the three rules; it is a guide, not a grade.</footer>"
        "</main></body></html>\n"
    )


def build_report(
    paths: Iterable[str | Path],
    *,
    title: str = "Class report",
    made_on: str | None = None,
    progress: Progress | None = None,
) -> tuple[str, dict[str, Any]]:
    """Collect, summarise and render in one call; return (html, summary)."""
    summary = summarise(collect(paths, progress=progress), title=title, made_on=made_on)
    return render_html(summary), summary


# --- the command -------------------------------------------------------------------------


def add_parser(subparsers: Any) -> None:
    """Register ``report``."""
    parser = subparsers.add_parser(
        "report",
        help="write one HTML report from a class's journal files",
        description=(
            "Read the journal files a class hands in (files, or folders of *.jsonl) and "
            "write one self-contained HTML report. Bad journals are listed and skipped."
        ),
    )
    parser.add_argument(
        "journals",
        nargs="+",
        type=Path,
        metavar="JOURNALS",
        help="journal files, or folders that hold them",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=Path("report.html"),
        help="where to write the report (default: report.html)",
    )
    parser.add_argument("--force", action="store_true", help="replace --out if it exists")
    parser.add_argument("--title", default="Class report", help="the report's title")
    parser.set_defaults(func=run)


def _write_atomic(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _progress_printer(done: int, total: int, _path: Path) -> None:
    if done % PROGRESS_EVERY == 0 or (done == total and total >= PROGRESS_EVERY):
        print(f"report: read {done} of {total} journals", file=sys.stderr, flush=True)


def run(args: argparse.Namespace) -> int:
    """``python -m helpable report``: see the module docstring."""
    from helpable.cli.main import EXIT_DATA, EXIT_OK, EXIT_USAGE

    out: Path = args.out
    missing = [str(p) for p in args.journals if not p.exists()]
    if missing:
        print(f"helpable: no such file or folder: {', '.join(missing)}", file=sys.stderr)
        return EXIT_USAGE
    if out.is_dir():
        print(f"helpable: --out {out} is a folder; give a file name", file=sys.stderr)
        return EXIT_USAGE
    if out.exists() and not args.force:
        print(f"helpable: {out} already exists; add --force to replace it", file=sys.stderr)
        return EXIT_USAGE
    files, _ = find_journals(args.journals)
    if not files:
        print("helpable: found no journal files (*.jsonl) there", file=sys.stderr)
        return EXIT_DATA
    page, summary = build_report(
        files,
        title=args.title,
        made_on=date.today().isoformat(),
        progress=_progress_printer,
    )
    try:
        _write_atomic(out, page)
    except OSError as exc:
        print(f"helpable: cannot write {out}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_DATA
    print(
        f"report: {summary['learners']} learners, {summary['pitches']} pitches; "
        f"{summary['skipped']} journals skipped, {summary['partly_read']} partly read. "
        f"Wrote {out}"
    )
    return EXIT_OK
