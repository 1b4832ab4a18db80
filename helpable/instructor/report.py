"""The class report: one self-contained HTML page from a :class:`ClassSummary`.

The page has inline CSS, charts as base64 PNG with alt text, no scripts and
no outside files, so it opens offline and can be emailed. A
Content-Security-Policy in the page blocks anything else. The pipeline is
``collect(paths)`` (:mod:`.collect`), ``summarise(data)`` (:mod:`.summary`)
and :func:`render_html`; :func:`build_report` runs all three.
"""

from __future__ import annotations

import base64
import io
import os
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from helpable.instructor.collect import Progress, collect
from helpable.instructor.summary import ClassSummary, summarise
from helpable.ui.style import BEFORE_FILL, INK, PAGE_CSS, REWRITE_COLOUR, esc

if TYPE_CHECKING:
    from matplotlib.figure import Figure

CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'"
CSS = PAGE_CSS + "code{overflow-wrap:break-word}\n"
"""The course's page CSS; long phrases in the report may wrap."""
BEFORE_NAME, AFTER_NAME = "Original pitch (before)", "Latest rewrite (after)"
CHART_KEY = "Grey hatched bars: the original pitches. Blue bars: the latest rewrites."


def share_text(part: int, whole: int) -> str:
    """``part`` as a whole percentage of ``whole`` ('–' when ``whole`` is 0)."""
    return f"{round(100 * part / whole)}%" if whole else "–"


# --- charts ------------------------------------------------------------------------------


def _png(fig: Figure) -> str:
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
) -> str:
    """A grouped bar chart (before hatched grey, after solid blue) as base64 PNG."""
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    fig = Figure(figsize=(8.0, 4.2), layout="constrained")
    ax = fig.add_subplot()
    xs = range(len(labels))
    width = 0.4
    left = [x - width / 2 for x in xs]
    right = [x + width / 2 for x in xs]
    bars_b = ax.bar(left, before, width, label=BEFORE_NAME, color=BEFORE_FILL, edgecolor=INK)
    for bar in bars_b:
        bar.set_hatch("//")
    bars_a = ax.bar(right, after, width, label=AFTER_NAME, color=REWRITE_COLOUR, edgecolor=INK)
    for bars, values in ((bars_b, before), (bars_a, after)):
        ax.bar_label(bars, labels=[str(v) if v else "" for v in values], fontsize=9)
    ax.set_xticks(list(xs), labels)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title, loc="left")
    ax.spines[["top", "right"]].set_visible(False)
    locator = ax.yaxis.get_major_locator()
    if isinstance(locator, MaxNLocator):
        locator.set_params(integer=True)
    ax.margins(y=0.15)
    ax.legend(frameon=False)
    return _png(fig)


def _peak(bands: Sequence[str], counts: Sequence[int]) -> str:
    top = max(counts)
    return ", ".join(b for b, c in zip(bands, counts, strict=True) if c == top)


def scores_alt(summary: ClassSummary) -> str:
    """Alt text for the score chart, with its numbers."""

    def describe(
        colour: str, what: str, scores: Sequence[int], median: float | None, counts: Sequence[int]
    ) -> str:
        text = f"{colour}: {what} ({len(scores)})"
        if scores:
            text += f", median {median:g}, most in {_peak(summary.bands, counts)}"
        return text + "."

    s = summary
    return " ".join(
        [
            "Bar chart of ease-of-yes scores from 0 to 100, in bands of 10.",
            describe(
                "Grey hatched bars",
                "the original pitches",
                s.scores_before,
                s.median_before,
                s.bands_before,
            ),
            describe(
                "Blue bars",
                "the class's latest rewrites",
                s.scores_after,
                s.median_after,
                s.bands_after,
            ),
        ]
    )


def rules_alt(summary: ClassSummary) -> str:
    """Alt text for the rules chart, with its numbers."""
    counts = "; ".join(
        f"{row.label}: {row.before} originals, {row.after} rewrites" for row in summary.rules
    )
    return f"Bar chart of how many pitches break each rule, before and after rewriting. {counts}."


def scores_chart(summary: ClassSummary) -> str:
    """The score distributions before and after rewriting, as base64 PNG."""
    return _paired_bars(
        summary.bands,
        summary.bands_before,
        summary.bands_after,
        title="Ease-of-yes scores, before and after rewriting",
        xlabel="Score (0 = hard to say yes, 100 = easy yes)",
        ylabel="Pitches",
    )


def rules_chart(summary: ClassSummary) -> str:
    """How many pitches break each rule, before and after, as base64 PNG."""
    return _paired_bars(
        [row.label for row in summary.rules],
        [row.before for row in summary.rules],
        [row.after for row in summary.rules],
        title="Pitches that break each rule",
        xlabel="Rule",
        ylabel="Pitches",
    )


# --- HTML --------------------------------------------------------------------------------


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


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'s' if count != 1 else ''}"


def _glance(s: ClassSummary) -> str:
    def card(value: object, label: str) -> str:
        return f'<div class="card"><b>{esc(value)}</b>{esc(label)}</div>'

    median = (
        f"{s.median_before:g} → {s.median_after:g}"
        if s.median_before is not None and s.median_after is not None
        else "–"
    )
    cards = [
        card(s.learners, "learners"),
        card(s.pitches, "pitches rewritten"),
        card(s.rewrites, "rewrites saved"),
        card(f"{s.fixed} ({share_text(s.fixed, s.pitches)})", "now break no rule"),
        card(median, "median score, before → after"),
    ]
    journals = (
        f"Read from {_plural(s.files, 'journal file')}: "
        f"{s.skipped} skipped, {s.partly_read} partly read. "
        f"Learners also saved {_plural(s.reflections, 'reflection')}."
    )
    return f'<div class="cards">{"".join(cards)}</div><p>{esc(journals)}</p>'


def _rules_section(s: ClassSummary) -> str:
    if not s.pitches:
        return '<p class="note">No rewrites yet, so there is nothing to count.</p>'
    rows = [
        (
            esc(row.label),
            esc(row.before),
            esc(row.after),
            esc(share_text(row.after, s.pitches)),
            esc(row.learners),
        )
        for row in s.rules
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
        f"Each of the {s.pitches} pitches counts once, with its latest rewrite. "
        f"{s.fixed} of them now break no rule."
    )
    chart = _figure(rules_chart(s), rules_alt(s), CHART_KEY)
    return f"<p>{esc(intro)}</p>{table}{chart}"


def _scores_section(s: ClassSummary) -> str:
    if not s.scores_after:
        return '<p class="note">No scores yet.</p>'
    chart = _figure(
        scores_chart(s),
        scores_alt(s),
        f"A rewrite that breaks no rule scores about {s.easy_yes_score} or more.",
    )
    rows = [
        (esc(band), esc(b), esc(a))
        for band, b, a in zip(s.bands, s.bands_before, s.bands_after, strict=True)
    ]
    numbers = _table(["Score", "Original pitches", "Latest rewrites"], rows, {1, 2})
    return f"{chart}<details><summary>The numbers behind this chart</summary>{numbers}</details>"


def _phrases_section(s: ClassSummary) -> str:
    source = (
        "These come from the learners' latest rewrites: words they wrote that still "
        "break a rule. Each phrase counts once per rewrite."
    )
    if not s.phrases:
        return f'<p class="ok">No problem phrases in the latest rewrites.</p><p>{esc(source)}</p>'
    rows = [
        (
            esc(i),
            f"<code>{esc(p.phrase)}</code>",
            esc(p.rule_label),
            esc(p.count),
            esc(p.learners),
        )
        for i, p in enumerate(s.phrases, start=1)
    ]
    table = _table(["#", "Phrase", "Rule", "Rewrites", "Learners"], rows, {0, 3, 4})
    return f"<p>{esc(source)}</p>{table}"


def _issues_section(s: ClassSummary) -> str:
    if not s.issues:
        return f'<p class="ok">All {esc(s.files)} journals were read in full.</p>'
    rows = [
        (esc(i.name), f"<code>{esc(i.file)}</code>", esc(i.status), esc(i.reason)) for i in s.issues
    ]
    intro = (
        "Skipped journals add nothing to the numbers above. Partly read journals add "
        "their good entries. If a journal was skipped, ask that learner to hand it in again."
    )
    return f"<p>{esc(intro)}</p>" + _table(["Learner", "File", "What happened", "Why"], rows, set())


def render_html(summary: ClassSummary) -> str:
    """The whole report as one self-contained HTML page (no scripts, no outside files)."""
    s = summary
    made = f" Made on {s.made_on}." if s.made_on else ""
    lead = (
        f"{s.learners} learners, {s.pitches} pitches rewritten.{made} "
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
        f"<title>{esc(s.title)}</title><style>{CSS}</style></head>"
        f'<body><main><h1>{esc(s.title)}</h1><p class="lead">{esc(lead)}</p>{body}'
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
) -> tuple[str, ClassSummary]:
    """Collect, summarise and render in one call; return (html, summary)."""
    summary = summarise(collect(paths, progress=progress), title=title, made_on=made_on)
    return render_html(summary), summary


def write_page(path: Path, page: str) -> None:
    """Write ``page`` to ``path`` atomically: a reader never sees half a report."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(page)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
