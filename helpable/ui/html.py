"""Safe HTML for feedback, scores, rule badges and quiz results.

Every function here is pure and returns an HTML string. Every piece of learner
or data text passes through :func:`html.escape` before it reaches the page, so
a pitch such as ``<script>`` shows as text. Styles are inline (no external CSS
or JavaScript), the colours come from the Okabe–Ito palette, which readers with
colour-blindness can tell apart, and nothing relies on colour alone: each mark
has a text tag and the score bar has its number and a word.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from helpable.analyzer.feedback import Feedback
    from helpable.content.quiz import QuizResult

# Okabe–Ito colours. Text on them is always near-black (contrast 6.9:1 or more).
RULE_COLOURS: dict[str, str] = {
    "effort": "#E69F00",  # orange
    "risk": "#56B4E9",  # sky blue
    "commitment": "#CC79A7",  # reddish purple
}
RULE_TINTS: dict[str, str] = {
    "effort": "#F8E2B3",
    "risk": "#CCE8F8",
    "commitment": "#F0D7E5",
}
TEXT = "#1A1A1A"
MUTED = "#4D4D4D"  # 8.5:1 on white
PANEL = "#FFFFFF"
BAR_FILL = "#0072B2"  # Okabe–Ito blue, 5.3:1 against the white track
BAR_TRACK = "#FFFFFF"
BAR_BORDER = "#4D4D4D"
GOOD = "#007A5A"  # a darker Okabe–Ito bluish green, 5.4:1 on white
WARN_BG = "#FFF4D6"

MAX_PITCH_CHARS = 5_000
"""Longer text gets a friendly note instead of feedback."""

SETTING_WORDS: dict[str, str] = {
    "social_gathering": "at a social gathering, such as a party or a wedding",
    "professional_event": "at a professional event, such as a meetup or a talk",
    "workplace": "at work",
    "private": "one to one, in a message, a call or a coffee",
}
RELATIONSHIP_WORDS: dict[str, str] = {
    "stranger": "a stranger",
    "acquaintance": "an acquaintance",
    "referred": "someone a friend sent you to",
    "former_colleague": "a former colleague",
    "close_friend": "a close friend",
}
CHANNEL_WORDS: dict[str, str] = {
    "event": "in person at an event",
    "email": "by email",
    "linkedin": "a LinkedIn message",
    "phone": "by phone",
    "coffee": "over coffee",
    "text": "by text message",
}

_PANEL_STYLE = (
    f"background:{PANEL};color:{TEXT};padding:10px 12px;border:1px solid #8C8C8C;"
    "border-radius:6px;line-height:1.45;max-width:760px"
)
_H_STYLE = f"margin:10px 0 4px 0;font-size:1.05em;color:{TEXT}"
_PITCH_STYLE = (
    f"white-space:pre-wrap;overflow-wrap:anywhere;margin:6px 0;padding:6px 10px;"
    f"border-left:4px solid {MUTED};background:#F4F4F4;color:{TEXT}"
)


def esc(value: object) -> str:
    """Escape any value for HTML text or a quoted attribute."""
    return html.escape("" if value is None else str(value), quote=True)


def _rule_info(key: str) -> tuple[str, str, str]:
    """(icon, label, name) for a rule key; unknown keys get a plain fallback."""
    try:
        from helpable.content.rules import rules

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
    tint = RULE_TINTS.get(key, "#EEEEEE")
    return (
        f'<span style="display:inline-block;padding:1px 8px;border-radius:10px;'
        f"background:{tint};color:{TEXT};border:2px solid {colour};font-weight:600;"
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


def highlight(text: str, findings: Iterable[Any]) -> str:
    """The text, escaped, with each finding's span in a <mark> followed by a rule tag.

    Overlapping or touching spans merge into one mark that lists every rule,
    e.g. '[Effort, Risk]'. Spans that are empty, negative or reach past the end
    of the text are ignored (they come from an older version of the text).
    """
    text = "" if text is None else str(text)
    spans = []
    for finding in findings or ():
        span = _span(finding)
        if span is None:
            continue
        rule, start, end = span
        if 0 <= start < end <= len(text):
            spans.append((start, end, rule))
    spans.sort()

    groups: list[tuple[int, int, list[str]]] = []
    for start, end, rule in spans:
        if groups and start < groups[-1][1]:
            g_start, g_end, g_rules = groups[-1]
            if rule not in g_rules:
                g_rules.append(rule)
            groups[-1] = (g_start, max(g_end, end), g_rules)
        else:
            groups.append((start, end, [rule]))

    order = list(RULE_COLOURS)
    out: list[str] = []
    pos = 0
    for start, end, rules_here in groups:
        rules_here.sort(key=lambda r: (order.index(r) if r in order else len(order), r))
        first = rules_here[0]
        colour = RULE_COLOURS.get(first, MUTED)
        tint = RULE_TINTS.get(first, "#EEEEEE")
        names = ", ".join(_rule_info(r)[2] for r in rules_here)
        out.append(esc(text[pos:start]))
        out.append(
            f'<mark style="background:{tint};color:{TEXT};border-bottom:3px solid {colour};'
            f'padding:0 1px">{esc(text[start:end])}</mark>'
            f'<span style="font-weight:700;font-size:0.85em;color:{TEXT}">[{esc(names)}]</span>'
        )
        pos = end
    out.append(esc(text[pos:]))
    return "".join(out)


def score_word(score: int) -> str:
    """A few words for an ease-of-yes score."""
    if score >= 90:
        return "very easy to say yes"
    if score >= 70:
        return "fairly easy to say yes"
    if score >= 40:
        return "takes some effort to say yes"
    return "hard to say yes"


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
    label = f"Ease of yes: {value} out of 100, {word}"
    return (
        f'<div role="img" aria-label="{esc(label)}" '
        f'style="display:flex;align-items:center;gap:10px;flex-wrap:wrap;margin:6px 0">'
        f'<span style="font-weight:600;color:{TEXT}">Ease of yes</span>'
        f'<span style="display:inline-block;width:200px;height:16px;background:{BAR_TRACK};'
        f'border:1px solid {BAR_BORDER};border-radius:3px;overflow:hidden">'
        f'<span style="display:block;width:{value}%;height:100%;background:{BAR_FILL}"></span>'
        f"</span>"
        f'<span style="color:{TEXT}"><b>{value} / 100</b> — {esc(word)}</span>'
        f"</div>"
    )


def note_html(message: str, *, icon: str = "✏️") -> str:
    """A short, friendly note in a panel (escaped)."""
    return (
        f'<div style="{_PANEL_STYLE}"><p style="margin:0">'
        f'<span aria-hidden="true">{esc(icon)}</span> {esc(message)}</p></div>'
    )


def too_long_message(length: int, limit: int = MAX_PITCH_CHARS) -> str:
    """The friendly message for a pitch that is far too long to be an easy yes."""
    return (
        f"That is {length:,} characters. A pitch people say yes to is short, a few "
        f"sentences. Trim it to under {limit:,} characters and try again."
    )


EMPTY_MESSAGE = "Write your pitch first. Then you will see what works and what to change."


def pitch_html(text: str, findings: Iterable[Any] = ()) -> str:
    """A pitch shown as a quote, escaped, with any findings highlighted."""
    return f'<div dir="auto" style="{_PITCH_STYLE}">{highlight(text, findings)}</div>'


def feedback_html(fb: Feedback, *, show_text: bool = True) -> str:
    """The analyzer's feedback as HTML: broken rules, strengths, score bar and hint."""
    if fb.word_count <= 0 or not fb.text.strip():
        return note_html(EMPTY_MESSAGE)

    parts = [f'<div style="{_PANEL_STYLE}">']
    if show_text:
        parts.append(f'<h4 style="{_H_STYLE}">Your pitch</h4>')
        parts.append(pitch_html(fb.text, fb.findings))

    order = list(RULE_COLOURS)
    broken = sorted(fb.broken, key=lambda r: (order.index(r) if r in order else 9, r))
    if broken:
        n = len(broken)
        parts.append(
            f'<h4 style="{_H_STYLE}">{"One rule" if n == 1 else f"{n} rules"} still broken</h4>'
        )
        parts.append('<ul style="margin:4px 0;padding-left:22px">')
        for key in broken:
            parts.append(f'<li style="margin-bottom:6px">{rule_badge(key)}')
            found = [f for f in fb.findings if f.rule == key]
            if found:
                parts.append('<ul style="margin:4px 0;padding-left:18px">')
                for f in found:
                    parts.append(
                        f'<li><b dir="auto">“{esc(f.phrase)}”</b>: {esc(f.why)}<br>'
                        f"<i>Try instead:</i> {esc(f.try_instead)}</li>"
                    )
                parts.append("</ul>")
            else:
                parts.append(_rule_fallback(key))
            parts.append("</li>")
        parts.append("</ul>")
    else:
        parts.append(
            f'<p style="margin:8px 0;color:{GOOD};font-weight:700">'
            f'<span aria-hidden="true">✓</span> No rules broken. This is an easy yes.</p>'
        )

    if fb.strengths:
        parts.append(f'<h4 style="{_H_STYLE}">What works</h4>')
        parts.append('<ul style="margin:4px 0;padding-left:22px">')
        for s in fb.strengths:
            detail = f": {esc(s.detail)}" if s.detail else ""
            parts.append(f"<li><b>{esc(s.label)}</b>{detail}</li>")
        parts.append("</ul>")

    parts.append(score_bar(fb.score))
    if fb.hint:
        parts.append(
            f'<p style="margin:6px 0;background:{WARN_BG};padding:4px 8px;color:{TEXT}">'
            f"<b>Hint:</b> {esc(fb.hint)}</p>"
        )
    if fb.notes:
        parts.append(f'<ul style="margin:4px 0;padding-left:22px;color:{MUTED}">')
        parts.extend(f"<li>{esc(n)}</li>" for n in fb.notes)
        parts.append("</ul>")
    parts.append("</div>")
    return "".join(parts)


def _rule_fallback(key: str) -> str:
    """What to show for a broken rule with no phrase to point at."""
    try:
        from helpable.content.rules import rules

        rule = rules().get(key)
    except Exception:
        rule = None
    if rule is None:
        return ""
    return (
        f'<div style="margin:4px 0 0 4px">{esc(rule.question)}<br>'
        f"<i>Try instead:</i> {esc(rule.do_instead)}</div>"
    )


def context_words(
    setting: str | None = None, relationship: str | None = None, channel: str | None = None
) -> str:
    """Plain words for where and to whom a pitch is made (not yet escaped)."""
    bits = []
    if relationship:
        bits.append(f"To {RELATIONSHIP_WORDS.get(relationship, relationship.replace('_', ' '))}")
    if setting:
        bits.append(SETTING_WORDS.get(setting, setting.replace("_", " ")))
    if channel:
        bits.append(CHANNEL_WORDS.get(channel, channel.replace("_", " ")))
    if not bits:
        return ""
    text = ", ".join(bits)
    return text[0].upper() + text[1:] + "."


def context_html(
    setting: str | None = None, relationship: str | None = None, channel: str | None = None
) -> str:
    """The context line as escaped HTML, in a muted style."""
    words = context_words(setting, relationship, channel)
    return f'<p style="margin:2px 0;color:{MUTED}"><i>{esc(words)}</i></p>' if words else ""


def quiz_result_html(result: QuizResult) -> str:
    """Instant feedback for one quiz answer: a headline, why for each rule, the explanation."""
    if result.problem:
        return note_html(result.problem, icon="⚠")
    if result.correct:
        head = f'<span aria-hidden="true">✓</span> Right on all three rules. {_cheer(result)}'
        colour = GOOD
    else:
        head = f"{result.right_rules} of 3 rules right. Read why below, then try the next one."
        colour = TEXT
    parts = [
        f'<div style="{_PANEL_STYLE}">',
        f'<p style="margin:0 0 6px 0;font-weight:700;color:{colour}">{head}</p>',
        '<ul style="margin:4px 0;padding-left:22px;list-style:none">',
    ]
    for v in result.verdicts:
        mark = "✓" if v.right else "✗"
        word = "Right" if v.right else "Not quite"
        parts.append(
            f'<li style="margin-bottom:6px"><span aria-hidden="true">{mark}</span> '
            f"<b>{word}</b> · {rule_badge(v.rule)}<br>{esc(v.message)}</li>"
        )
    parts.append("</ul>")
    if result.explanation:
        parts.append(f'<p style="margin:6px 0 0 0"><b>Why:</b> {esc(result.explanation)}</p>')
    parts.append("</div>")
    return "".join(parts)


def _cheer(result: QuizResult) -> str:
    return "Nice work: this one breaks no rule." if not result.answer else "Nice spotting."
