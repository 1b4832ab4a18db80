"""Safe HTML: escaping, highlighting, the score bar and the feedback panel."""

from __future__ import annotations

import re

import pytest

from helpable.analyzer.feedback import Feedback, Finding, Strength
from helpable.content.quiz import QuizResult, RuleVerdict
from helpable.content.rules import rules
from helpable.ui import html as render

XSS = ["<img src=x onerror=alert(1)>", "<script>alert('hi')</script>"]


def finding(text: str, phrase: str, rule: str, **kw: str) -> Finding:
    start = text.index(phrase)
    return Finding(
        rule=rule,
        start=start,
        end=start + len(phrase),
        phrase=phrase,
        why=kw.get("why", f"why {rule}"),
        try_instead=kw.get("try_instead", f"instead {rule}"),
    )


def feedback(text: str, findings: tuple[Finding, ...] = (), **kw: object) -> Feedback:
    return Feedback(
        text=text,
        broken=frozenset(f.rule for f in findings),
        findings=findings,
        word_count=len(text.split()),
        **kw,  # type: ignore[arg-type]
    )


def visible_text(markup: str) -> str:
    """The text a reader sees: tags removed, entities decoded."""
    import html

    return html.unescape(re.sub(r"<[^>]+>", "", markup))


# --- highlight ---------------------------------------------------------------------------


def test_highlight_marks_the_phrase_and_tags_the_rule():
    text = "Could you refer me to your boss?"
    out = render.highlight(text, [finding(text, "refer me", "risk")])
    assert re.search(r"<mark[^>]*>refer me</mark>", out)
    assert "[Risk]" in out
    assert visible_text(out) == "Could you refer me[Risk] to your boss?"


def test_every_mark_has_a_text_tag_so_colour_is_never_alone():
    text = "Review my resume and let me know by Friday."
    out = render.highlight(
        text,
        [finding(text, "Review my resume", "effort"), finding(text, "let me know", "commitment")],
    )
    marks = re.findall(r"<mark[^>]*>(.*?)</mark>(<span[^>]*>\[[^\]]+\]</span>)", out)
    assert [m[0] for m in marks] == ["Review my resume", "let me know"]
    assert "[Effort]" in out and "[Commitment]" in out


def test_overlapping_spans_merge_into_one_mark_listing_both_rules():
    text = "Please review my resume for me."
    fs = [finding(text, "review my resume", "effort"), finding(text, "resume", "risk")]
    out = render.highlight(text, fs)
    assert out.count("<mark") == 1
    assert "[Effort, Risk]" in out
    assert visible_text(out) == "Please review my resume[Effort, Risk] for me."


def test_overlap_order_does_not_matter_and_text_is_never_duplicated():
    text = "abcdefghij"
    a = Finding("risk", 2, 6, "cdef", "", "")
    b = Finding("effort", 4, 9, "efghi", "", "")
    for order in ([a, b], [b, a]):
        out = render.highlight(text, order)
        assert visible_text(out) == "abcdefghi[Effort, Risk]j"


def test_spans_past_the_end_or_malformed_are_ignored():
    text = "short"
    bad = [
        Finding("risk", 3, 50, "x", "", ""),
        Finding("risk", 9, 12, "x", "", ""),
        Finding("risk", -2, 2, "x", "", ""),
        Finding("risk", 3, 3, "", "", ""),
        {"rule": "effort"},
        object(),
    ]
    out = render.highlight(text, bad)
    assert out == "short"


def test_highlight_accepts_finding_dicts_from_the_journal():
    text = "Keep me in mind."
    out = render.highlight(text, [{"rule": "commitment", "start": 0, "end": 15}])
    assert "<mark" in out and "[Commitment]" in out


@pytest.mark.parametrize("bad", XSS)
def test_highlight_escapes_text_inside_and_outside_marks(bad):
    text = f"{bad} refer me {bad}"
    out = render.highlight(text, [finding(text, "refer me", "risk")])
    assert "<script" not in out and "<img" not in out
    assert "&lt;" in out
    assert visible_text(out).startswith(bad)


def test_highlight_keeps_emoji_and_rtl_text():
    text = "مرحبا 👋 could you refer me?"
    out = render.highlight(text, [finding(text, "refer me", "risk")])
    assert "مرحبا 👋" in out


# --- score bar ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("score", "number", "word"),
    [
        (72, 72, "fairly easy to say yes"),
        (95, 95, "very easy to say yes"),
        (50, 50, "takes some effort to say yes"),
        (10, 10, "hard to say yes"),
        (150, 100, "very easy"),
        (-5, 0, "hard to say yes"),
        ("oops", 0, "hard to say yes"),
        (None, 0, "hard to say yes"),
        (71.6, 72, "fairly easy"),
    ],
)
def test_score_bar_shows_number_and_word(score, number, word):
    out = render.score_bar(score)
    assert f"{number} / 100" in out
    assert word in out
    assert 'role="img"' in out
    assert re.search(rf'aria-label="Ease of yes: {number} out of 100, [^"]+"', out)
    assert f"width:{number}%" in out


def test_score_bar_example_from_the_brief():
    assert "72 / 100 — fairly easy to say yes" in visible_text(render.score_bar(72))


# --- badges ------------------------------------------------------------------------------


@pytest.mark.parametrize("key", ["effort", "risk", "commitment"])
def test_rule_badge_has_icon_and_label(key):
    rule = rules()[key]
    out = render.rule_badge(key)
    assert rule.label in out
    assert rule.icon in out
    assert 'aria-hidden="true"' in out  # the icon is decoration; the label is read


def test_rule_badge_escapes_unknown_keys():
    out = render.rule_badge("<script>x</script>")
    assert "<script>" not in out and "&lt;script&gt;" in out


# --- feedback panel ----------------------------------------------------------------------


def test_feedback_html_lists_broken_rules_with_phrase_why_and_try_instead():
    text = "Could you refer me and keep me in mind?"
    fs = (
        finding(text, "keep me in mind", "commitment", why="Leaves a debt.", try_instead="Own it."),
        finding(text, "refer me", "risk", why="Stakes their name.", try_instead="Ask for a story."),
    )
    out = render.feedback_html(feedback(text, fs, score=35))
    seen = visible_text(out)
    assert "2 rules still broken" in seen
    assert "Rule 2 · Risk" in seen and "Rule 3 · Commitment" in seen
    assert seen.index("Rule 2 · Risk") < seen.index("Rule 3 · Commitment")  # course order
    assert "“refer me”: Stakes their name." in seen
    assert "Try instead: Ask for a story." in seen
    assert "Leaves a debt." in seen and "Own it." in seen
    assert "35 / 100" in seen
    assert "<h4" in out and "<ul" in out and "<li" in out
    assert "[Risk]" in seen  # the pitch itself, highlighted


def test_feedback_html_for_an_easy_yes_shows_strengths_and_hint():
    text = "What got you into nursing?"
    fb = feedback(
        text,
        strengths=(Strength("advice", "Asks for their story", "People like to tell it."),),
        score=92,
        hint="Nice and short.",
        notes=("Setting: private.",),
    )
    seen = visible_text(render.feedback_html(fb))
    assert "No rules broken" in seen
    assert "still broken" not in seen
    assert "What works" in seen and "Asks for their story: People like to tell it." in seen
    assert "92 / 100 — very easy to say yes" in seen
    assert "Hint: Nice and short." in seen
    assert "Setting: private." in seen


def test_feedback_html_broken_rule_without_a_phrase_falls_back_to_the_rule():
    fb = Feedback(text="Hi there friend", broken=frozenset({"effort"}), word_count=3, score=60)
    seen = visible_text(render.feedback_html(fb))
    assert "Rule 1 · Effort" in seen
    assert rules()["effort"].do_instead in seen


@pytest.mark.parametrize("text", ["", "   \n "])
def test_feedback_html_for_empty_input_is_a_friendly_note(text):
    out = render.feedback_html(Feedback(text=text, broken=frozenset(), word_count=0))
    assert "Write your pitch first" in out
    assert "/ 100" not in out


@pytest.mark.parametrize("bad", XSS)
def test_feedback_html_escapes_every_field(bad):
    text = f"Hello {bad} refer me"
    f = finding(text, "refer me", "risk", why=bad, try_instead=bad)
    fb = feedback(
        text,
        (f,),
        strengths=(Strength(bad, bad, bad),),
        score=40,
        hint=bad,
        notes=(bad,),
    )
    out = render.feedback_html(fb)
    assert "<script" not in out and "<img" not in out
    assert visible_text(out).count(bad) >= 6


def test_pitch_html_sets_direction_automatically_for_rtl_text():
    assert 'dir="auto"' in render.pitch_html("שלום")


def test_context_words_are_plain_english():
    words = render.context_words("social_gathering", "stranger", "event")
    assert words.startswith("To a stranger, at a social gathering")
    assert words.endswith("in person at an event.")
    assert render.context_words() == ""
    assert "&lt;b&gt;" in render.context_html("<b>", None)


# --- quiz results ------------------------------------------------------------------------


def test_quiz_result_html_shows_each_rule_and_the_explanation_escaped():
    result = QuizResult(
        item_id="q01.1",
        chosen=frozenset({"risk"}),
        answer=frozenset({"risk", "effort"}),
        verdicts=(
            RuleVerdict("effort", True, False, "Look again at effort: <b>x</b>"),
            RuleVerdict("risk", True, True, "You spotted the risk: y"),
            RuleVerdict("commitment", False, False, "Right, no commitment problem: z"),
        ),
        explanation="Because <script>.",
    )
    out = render.quiz_result_html(result)
    seen = visible_text(out)
    assert "2 of 3 rules right" in seen
    assert "Look again at effort: <b>x</b>" in seen and "<b>x</b>" not in out
    assert "Why: Because <script>." in seen and "<script>" not in out
    assert seen.count("Not quite") == 1 and seen.count("Right ·") == 2


def test_quiz_result_html_shows_the_problem_for_bad_input():
    result = QuizResult("q01.1", frozenset(), frozenset(), problem="Pick <one>.")
    out = render.quiz_result_html(result)
    assert "Pick &lt;one&gt;." in out and "rules right" not in out
