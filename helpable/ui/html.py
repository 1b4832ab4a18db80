"""Safe HTML for feedback, scores, rule badges and quiz results.

Every function here is pure and returns an HTML string. Every piece of learner
or data text passes through :func:`helpable.ui.style.esc` before it reaches the page, so
a pitch such as ``<script>`` shows as text. Styles are inline (no external CSS
or JavaScript), the colours come from the Okabe–Ito palette, which readers with
colour-blindness can tell apart, and nothing relies on colour alone: each mark
has a text tag and the score bar has its number and a word.

Learner text can hold bidi controls (U+202A-U+202E, U+2066-U+2069). An
override left open would flip whatever follows it, so every run of text put
in the page goes through :func:`helpable.ui.style.bidi_closed` (each opened control is closed
before a line break and at the end of the run; closers with nothing to close
are dropped), and every quoted piece of learner text goes in a ``<bdi>``
(:func:`helpable.ui.style.isolated`), with the quote marks outside it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from helpable.analyzer.feedback import Feedback, Strength
from helpable.content.quiz import QuizResult
from helpable.content.rules import rules
from helpable.content.strings import say
from helpable.ui.state.pitch import PitchResult, pitch_result
from helpable.ui.style import (
    ACCENT,
    BORDER,
    GOOD,
    INK,
    MUTED,
    NEUTRAL_TINT,
    NOTE_BG,
    QUOTE_BG,
    RULE_COLOURS,
    RULE_TINTS,
    SURFACE,
    esc,
    escaped_text,
    isolated,
)

_PANEL_STYLE = (
    f"background:{SURFACE};color:{INK};padding:10px 12px;border:1px solid {BORDER};"
    "border-radius:6px;line-height:1.45;max-width:760px"
)
_H_STYLE = f"margin:10px 0 4px 0;font-size:1.05em;color:{INK}"
_PITCH_STYLE = (
    f"white-space:pre-wrap;overflow-wrap:anywhere;margin:6px 0;padding:6px 10px;"
    f"border-left:4px solid {MUTED};background:{QUOTE_BG};color:{INK}"
)


def _rule_info(key: str) -> tuple[str, str, str]:
    """(icon, label, name) for a rule key; unknown keys get a plain fallback."""
    try:
        rule = rules().get(key)
    except Exception:  # a broken rules.csv must not break the feedback panel
        rule = None
    if rule is None:
        name = str(key).replace("_", " ").strip().capitalize() or "Rule"
        return "•", name, name
    return rule.icon or "•", rule.label, rule.name


def rule_badge(key: str) -> str:
    """A badge for one rule: its icon and its label, e.g. '⚠ Rule 2 · Risk'."""
    icon, label, _ = _rule_info(key)
    colour = RULE_COLOURS.get(key, MUTED)
    tint = RULE_TINTS.get(key, NEUTRAL_TINT)
    return (
        f'<span style="display:inline-block;padding:1px 8px;border-radius:10px;'
        f"background:{tint};color:{INK};border:2px solid {colour};font-weight:600;"
        f'white-space:nowrap"><span aria-hidden="true">{esc(icon)}</span> {esc(label)}</span>'
    )


def _span(finding: Any) -> tuple[str, int, int] | None:
    """(rule, start, end) from a Finding or a mapping; None when it is malformed."""
    try:
        if isinstance(finding, Mapping):
            rule, start, end = finding["rule"], finding["start"], finding["end"]
        else:
            rule, start, end = finding.rule, finding.start, finding.end
    except (KeyError, AttributeError, TypeError):
        return None
    if isinstance(start, bool) or isinstance(end, bool):
        return None
    if not isinstance(start, int) or not isinstance(end, int):
        return None
    return str(rule), start, end


@dataclass(frozen=True)
class _Phrase:
    """One phrase of a pitch and every finding on it (same words, overlapping spans)."""

    words: str
    spans: tuple[tuple[int, int], ...]
    rules: tuple[str, ...]
    findings: tuple[Any, ...]


def _rule_order(key: str) -> tuple[int, str]:
    order = list(RULE_COLOURS)
    return (order.index(key) if key in order else len(order), key)


def _same_words(words: str) -> str:
    return " ".join(words.split()).casefold()


def _phrases(text: str, findings: Iterable[Any]) -> list[_Phrase]:
    """The findings grouped by phrase, in text order (a phrase with no usable span last).

    Findings whose spans overlap are one phrase, as are findings on the same words
    in two places; a finding whose span does not fit the text joins by its words.
    """
    placed: list[tuple[int, int, str, Any]] = []
    loose: list[tuple[str, str, Any]] = []
    for finding in findings or ():
        span = _span(finding)
        if span is None:
            continue
        rule, start, end = span
        if 0 <= start < end <= len(text):
            placed.append((start, end, rule, finding))
        else:
            phrase = (
                finding.get("phrase")
                if isinstance(finding, Mapping)
                else getattr(finding, "phrase", "")
            )
            loose.append((str(phrase or ""), rule, finding))
    placed.sort(key=lambda p: (p[0], p[1], _rule_order(p[2])))

    clusters: list[list[Any]] = []  # [start, end, rules, findings]
    for start, end, rule, finding in placed:
        if clusters and start < clusters[-1][1]:
            clusters[-1][1] = max(clusters[-1][1], end)
            clusters[-1][2].append(rule)
            clusters[-1][3].append(finding)
        else:
            clusters.append([start, end, [rule], [finding]])

    groups: dict[str, list[Any]] = {}  # same words -> [words, spans, rules, findings]
    for start, end, found_rules, found in clusters:
        words = text[start:end]
        group = groups.setdefault(_same_words(words), [words, [], [], []])
        group[1].append((start, end))
        group[2].extend(found_rules)
        group[3].extend(found)
    for words, rule, finding in loose:
        group = groups.setdefault(_same_words(words), [words, [], [], []])
        group[2].append(rule)
        group[3].append(finding)
    return [
        _Phrase(words, tuple(spans), tuple(sorted(set(found_rules), key=_rule_order)), tuple(found))
        for words, spans, found_rules, found in groups.values()
    ]


def highlight(text: str, findings: Iterable[Any]) -> str:
    """The text, escaped, with each finding's span in a <mark> followed by a rule tag.

    Findings on one phrase share one mark that lists every rule, e.g.
    '[Effort, Risk]': spans that overlap merge, and the same words marked in two
    places carry the same tag in both. Spans that are empty, negative or reach
    past the end of the text are ignored (they come from an older version of the text).
    """
    text = "" if text is None else str(text)
    marks = sorted(
        (start, end, phrase.rules)
        for phrase in _phrases(text, findings)
        for start, end in phrase.spans
    )
    out: list[str] = []
    pos = 0
    for start, end, rules_here in marks:
        first = rules_here[0]
        colour = RULE_COLOURS.get(first, MUTED)
        tint = RULE_TINTS.get(first, NEUTRAL_TINT)
        names = ", ".join(_rule_info(r)[2] for r in rules_here)
        out.append(escaped_text(text[pos:start]))
        out.append(
            f'<mark style="background:{tint};color:{INK};border-bottom:3px solid {colour};'
            f'padding:0 1px">{escaped_text(text[start:end])}</mark>'
            f'<span style="font-weight:700;font-size:0.85em;color:{INK}">[{esc(names)}]</span>'
        )
        pos = end
    out.append(escaped_text(text[pos:]))
    return "".join(out)


def score_word(score: int) -> str:
    """A few words for an ease-of-yes score."""
    if score >= 90:
        return say("score.very_easy")
    if score >= 70:
        return say("score.fairly_easy")
    if score >= 40:
        return say("score.some_effort")
    return say("score.hard")


def _clamp_score(score: Any) -> int:
    if isinstance(score, bool):
        return int(score)
    try:
        value = round(float(score))
    except (TypeError, ValueError, OverflowError):
        return 0
    return max(0, min(100, value))


def score_bar(score: Any) -> str:
    """The ease-of-yes score as a bar, with its number and a word, e.g. '72 / 100 — …'."""
    value = _clamp_score(score)
    word = score_word(value)
    label = say("score.aria", value=value, word=word)
    return (
        f'<div role="img" aria-label="{esc(label)}" '
        f'style="display:flex;align-items:center;gap:10px;flex-wrap:wrap;margin:6px 0">'
        f'<span style="font-weight:600;color:{INK}">{esc(say("score.label"))}</span>'
        f'<span style="display:inline-block;width:200px;height:16px;background:{SURFACE};'
        f'border:1px solid {MUTED};border-radius:3px;overflow:hidden">'
        f'<span style="display:block;width:{value}%;height:100%;background:{ACCENT}"></span>'
        f"</span>"
        f'<span style="color:{INK}"><b>{value} / 100</b> — {esc(word)}</span>'
        f"</div>"
    )


def note_html(message: str, *, icon: str = "✏️") -> str:
    """A short, friendly note in a panel (escaped)."""
    return (
        f'<div style="{_PANEL_STYLE}"><p style="margin:0">'
        f'<span aria-hidden="true">{esc(icon)}</span> {esc(message)}</p></div>'
    )


def pitch_html(text: str, findings: Iterable[Any] = ()) -> str:
    """A pitch shown as a quote, escaped, with any findings highlighted."""
    return f'<div dir="auto" style="{_PITCH_STYLE}">{highlight(text, findings)}</div>'


def feedback_html(fb: Feedback, *, show_text: bool = True) -> str:
    """The analyzer's feedback as HTML: broken rules, strengths, score bar and hint.

    The broken rules are listed one phrase at a time: a phrase that breaks two
    rules is one item with both rule tags, one why and one try-instead, and a
    sentence that several phrases' whys share is shown once under the list.
    """
    if fb.word_count <= 0 or not fb.text.strip():
        return note_html(say("pitch.empty"))

    parts = [f'<div style="{_PANEL_STYLE}">']
    shown = [f for f in fb.findings if getattr(f, "rule", None) in fb.broken]
    if show_text:
        parts.append(heading(say("feedback.your_pitch"), level=4))
        parts.append(pitch_html(fb.text, shown))

    order = list(RULE_COLOURS)
    broken = sorted(fb.broken, key=_rule_order)
    if broken:
        n = len(broken)
        parts.append(
            heading(say("feedback.broken_one" if n == 1 else "feedback.broken_many", n=n), level=4)
        )
        parts.append(_broken_list(fb, broken, shown))
    elif not fb.has_ask:
        parts.append(
            f'<p style="margin:8px 0;color:{INK};font-weight:700">'
            f'<span aria-hidden="true">✉</span> {esc(say("feedback.no_ask"))}</p>'
        )
    else:
        parts.append(
            f'<p style="margin:8px 0;color:{GOOD};font-weight:700">'
            f'<span aria-hidden="true">✓</span> {esc(say("feedback.easy_yes"))}</p>'
        )
    maybe = [r for r in order if r in fb.unsure and r not in fb.broken]
    if maybe:
        names = ", ".join(_rule_info(r)[2] for r in maybe)
        parts.append(
            f'<p style="margin:4px 0;color:{INK}">{esc(say("feedback.maybe", names=names))}</p>'
        )

    if fb.strengths:
        parts.append(heading(say("feedback.what_works"), level=4))
        parts.append('<ul style="margin:4px 0;padding-left:22px">')
        for s in fb.strengths:
            detail = f": {_strength_detail(s)}" if s.detail else ""
            parts.append(f"<li><b>{escaped_text(s.label)}</b>{detail}</li>")
        parts.append("</ul>")

    if fb.has_ask:
        parts.append(score_bar(fb.score))
    if fb.hint:
        parts.append(
            f'<p style="margin:6px 0;background:{NOTE_BG};padding:4px 8px;color:{INK}">'
            f"<b>{esc(say('feedback.hint'))}</b> {escaped_text(fb.hint)}</p>"
        )
    if fb.notes:
        parts.append(f'<ul style="margin:4px 0;padding-left:22px;color:{MUTED}">')
        parts.extend(f"<li>{escaped_text(n)}</li>" for n in fb.notes)
        parts.append("</ul>")
    parts.append("</div>")
    return "".join(parts)


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def _might() -> tuple[str, str]:
    """The words the analyzer puts around a why when it is not sure ("This might be ...")."""
    before, _, after = say("analyzer.might", why="\0").partition("\0")
    return before, after


def _sentences(why: str) -> tuple[list[str], bool]:
    """A why split into sentences, and whether it was a "might" why (the wrapper removed)."""
    why = str(why or "").strip()
    before, after = _might()
    unsure = bool(before or after) and why.startswith(before) and why.endswith(after)
    if unsure:
        why = why[len(before) : len(why) - len(after)].strip()
    return [s for s in _SENTENCE_END.split(why) if s], unsure


@dataclass(frozen=True)
class _Item:
    """One line of the broken-rules list: a phrase, its rules, one why and one try-instead."""

    phrase: _Phrase
    why: tuple[str, ...]
    unsure: bool
    try_instead: str


def _items(phrases: list[_Phrase]) -> tuple[list[_Item], list[str]]:
    """One item per phrase, and the sentences that several phrases share (shown once).

    A phrase's whys are joined, each sentence once. A sentence that two or more
    phrases' whys add after their own first sentence (the setting or relationship
    sentence the analyzer adds to every risk finding) leaves the items and is
    returned once. "Might" stays only when every finding on the phrase is unsure.
    """
    split = [[_sentences(getattr(f, "why", "")) for f in p.findings] for p in phrases]
    firsts = {s[0] for per in split for s, _ in per if s}
    counts: dict[str, int] = {}
    for per in split:
        for sentence in {s for said, _ in per for s in said}:
            counts[sentence] = counts.get(sentence, 0) + 1
    shared = [s for s, n in counts.items() if n > 1 and s not in firsts]
    generic = {rule.do_instead for rule in _all_rules()}
    items = []
    for phrase, per in zip(phrases, split, strict=True):
        why = list(dict.fromkeys(s for said, _ in per for s in said if s not in shared))
        tries = [str(getattr(f, "try_instead", "") or "") for f in phrase.findings]
        tailored = [t for t in tries if t and t not in generic]
        try_instead = (tailored or [t for t in tries if t] or [""])[0]
        unsure = bool(per) and all(u for _, u in per)
        items.append(_Item(phrase, tuple(why), unsure, try_instead))
    return items, shared


def _all_rules() -> list[Any]:
    try:
        return list(rules().values())
    except Exception:  # a broken rules.csv must not break the feedback panel
        return []


def _item_html(item: _Item) -> str:
    badges = " ".join(rule_badge(r) for r in item.phrase.rules)
    why = " ".join(item.why)
    if why and item.unsure:
        why = say("analyzer.might", why=why)
    quote = f"<b>“{isolated(item.phrase.words)}”</b>" if item.phrase.words else ""
    said = f"{quote}: {escaped_text(why)}" if quote and why else quote or escaped_text(why)
    tip = (
        f"<br><i>{esc(say('feedback.try_instead'))}</i> {escaped_text(item.try_instead)}"
        if item.try_instead
        else ""
    )
    return f'<li style="margin-bottom:6px">{badges}<br>{said}{tip}</li>'


def _broken_list(fb: Feedback, broken: list[str], findings: list[Any]) -> str:
    """The broken rules: one item per phrase with all its rule tags, then rules with no phrase."""
    phrases = _phrases(fb.text, findings)
    phrases.sort(
        key=lambda p: (_rule_order(p.rules[0]), p.spans[0] if p.spans else (len(fb.text), 0))
    )
    items, shared = _items(phrases)
    parts = ['<ul style="margin:4px 0;padding-left:22px">']
    parts.extend(_item_html(item) for item in items)
    covered = {r for p in phrases for r in p.rules}
    for key in broken:
        if key not in covered:
            parts.append(
                f'<li style="margin-bottom:6px">{rule_badge(key)}{_rule_fallback(key)}</li>'
            )
    parts.append("</ul>")
    shared = [s for s in shared if s not in fb.notes]
    if shared:
        parts.append(
            f'<p style="margin:4px 0;background:{NOTE_BG};padding:4px 8px;color:{INK}">'
            f"<b>{esc(say('feedback.shared_why'))}</b> {escaped_text(' '.join(shared))}</p>"
        )
    return "".join(parts)


def _strength_detail(strength: Strength) -> str:
    """A strength's detail, with the learner's own words in it isolated (see :func:`isolated`)."""
    before, words, after = strength.detail.partition(strength.words or "\0")
    if not words:  # the detail quotes nothing the learner wrote
        return escaped_text(strength.detail)
    return f"{escaped_text(before)}{isolated(words)}{escaped_text(after)}"


def _rule_fallback(key: str) -> str:
    """What to show for a broken rule with no phrase to point at."""
    try:
        rule = rules().get(key)
    except Exception:
        rule = None
    if rule is None:
        return ""
    return (
        f'<div style="margin:4px 0 0 4px">{esc(rule.question)}<br>'
        f"<i>{esc(say('feedback.try_instead'))}</i> {esc(rule.do_instead)}</div>"
    )


def _words(kind: str, value: str) -> str:
    try:
        return say(f"{kind}.{value}")
    except Exception:  # a value the data does not know yet: show it plainly
        return value.replace("_", " ")


def context_words(
    setting: str | None = None, relationship: str | None = None, channel: str | None = None
) -> str:
    """Plain words for where and to whom a pitch is made (not yet escaped)."""
    bits = []
    if relationship:
        bits.append(say("context.to", who=_words("relationship", relationship)))
    if setting:
        bits.append(_words("setting", setting))
    if channel:
        bits.append(_words("channel", channel))
    if not bits:
        return ""
    text = ", ".join(bits)
    return text[0].upper() + text[1:] + "."


def context_html(
    setting: str | None = None, relationship: str | None = None, channel: str | None = None
) -> str:
    """The context line as escaped HTML, in a muted style."""
    words = context_words(setting, relationship, channel)
    style = f"margin:2px 0;padding:2px 6px;background:{SURFACE};color:{MUTED}"
    return f'<p style="{style}"><i>{esc(words)}</i></p>' if words else ""


def quiz_result_html(result: QuizResult) -> str:
    """Instant feedback for one quiz answer: a headline, why for each rule, the explanation."""
    if result.problem:
        return note_html(result.problem, icon="⚠")
    if result.correct:
        head = (
            f'<span aria-hidden="true">✓</span> {esc(say("quiz.all_right"))} {esc(_cheer(result))}'
        )
        colour = GOOD
    else:
        head = esc(say("quiz.some_right", right=result.right_rules))
        colour = INK
    parts = [
        f'<div style="{_PANEL_STYLE}">',
        f'<p style="margin:0 0 6px 0;font-weight:700;color:{colour}">{head}</p>',
        '<ul style="margin:4px 0;padding-left:22px;list-style:none">',
    ]
    for v in result.verdicts:
        mark = "✓" if v.right else "✗"
        word = esc(say("quiz.right" if v.right else "quiz.not_quite"))
        parts.append(
            f'<li style="margin-bottom:6px"><span aria-hidden="true">{mark}</span> '
            f"<b>{word}</b> · {rule_badge(v.rule)}<br>{esc(v.message)}</li>"
        )
    parts.append("</ul>")
    if result.explanation:
        parts.append(
            f'<p style="margin:6px 0 0 0"><b>{esc(say("quiz.why"))}</b> '
            f"{esc(result.explanation)}</p>"
        )
    parts.append("</div>")
    return "".join(parts)


def _cheer(result: QuizResult) -> str:
    return say("quiz.cheer_none") if not result.answer else say("quiz.cheer_spotted")


def heading(text: str, level: int = 3) -> str:
    """A small heading (text escaped)."""
    style = _H_STYLE if level >= 4 else "margin:4px 0"
    return f'<h{level} style="{style}">{esc(text)}</h{level}>'


def bold(markup: str) -> str:
    """Wrap markup (already escaped) in <b>."""
    return f"<b>{markup}</b>"


def paragraph(markup: str) -> str:
    """A tight paragraph around markup that is already escaped."""
    return f'<p style="margin:2px 0">{markup}</p>'


def small_note(text: str) -> str:
    """A one-line aside in italics (text escaped)."""
    return f'<p style="margin:4px 0"><i>{esc(text)}</i></p>'


def lines(texts: Sequence[str]) -> str:
    """Plain texts, escaped, one per line."""
    return "<br>".join(esc(t) for t in texts)


def pitch_result_html(result: PitchResult) -> str:
    """The feedback panel for a result pitch, or its friendly message."""
    if result.feedback is not None:
        return feedback_html(result.feedback)
    return note_html(result.message, icon="✏️" if result.empty else "⚠")


def model_rewrite_html(text: str) -> str:
    """One model rewrite, with the reminder that it is one good answer among many."""
    return (
        f'<div style="{_PANEL_STYLE};margin:6px 0">'
        + heading(say("workshop.model_heading"), level=4)
        + pitch_html(text)
        + paragraph(esc(say("workshop.model_note")))
        + "</div>"
    )


def pitch_feedback_html(
    text: object, *, setting: str | None = None, relationship: str | None = None
) -> str:
    """Feedback on a pitch as HTML, or a friendly note (empty, too long, checker failed)."""
    return pitch_result_html(pitch_result(text, setting=setting, relationship=relationship))
