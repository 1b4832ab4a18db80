"""The feedback panel is concise: each phrase once with all its rule tags, a shared sentence once.

The analyzer gives one finding per (rule, phrase), and it adds the same setting or
relationship sentence (for example the one about asking at a party) to every risk
finding. The panel groups findings by phrase and shows a sentence that several
phrases share only once.
"""

from __future__ import annotations

import html
import re

import pytest

from helpable.analyzer.engine import analyze
from helpable.analyzer.feedback import Feedback, Finding
from helpable.content.rules import rules
from helpable.content.strings import say
from helpable.ui import html as render

SOCIAL = say("analyzer.why_social_gathering")
STRANGER = say("analyzer.why_stranger")
REFERRAL = "A referral puts my name behind you."
LABEL = {key: rules()[key].label for key in ("effort", "risk", "commitment")}


def seen(markup: str) -> str:
    """The text a reader sees: tags removed, entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", "", markup))


def items(markup: str) -> list[str]:
    """The visible text of each innermost list item that shows a rule tag."""
    found = [seen(m) for m in re.findall(r"<li[^>]*>((?:(?!<li)[\s\S])*?)</li>", markup)]
    return [i for i in found if any(label in i for label in LABEL.values())]


def finding(text: str, phrase: str, rule: str, why: str, try_instead: str = "Ask.") -> Finding:
    start = text.index(phrase)
    return Finding(rule, start, start + len(phrase), phrase, why, try_instead)


def feedback(text: str, *findings: Finding) -> Feedback:
    return Feedback(
        text=text,
        broken=frozenset(f.rule for f in findings),
        findings=findings,
        word_count=len(text.split()),
        score=39,
    )


def panel(fb: Feedback) -> str:
    """The panel without the highlighted pitch, so only the list quotes phrases."""
    return render.feedback_html(fb, show_text=False)


# --- one item per phrase ----------------------------------------------------------------


def test_a_phrase_that_breaks_two_rules_is_one_item_with_both_tags() -> None:
    text = "Great party! Could you refer me to your boss?"
    fb = feedback(
        text,
        finding(text, "refer me", "risk", f"{REFERRAL} {SOCIAL}", "Ask for a story."),
        finding(text, "refer me", "commitment", REFERRAL, "Ask for a story."),
    )
    out = panel(fb)
    assert seen(out).count("“refer me”") == 1
    (item,) = [i for i in items(out) if "“refer me”" in i]
    assert LABEL["risk"] in item and LABEL["commitment"] in item
    assert item.count(REFERRAL) == 1 and item.count(SOCIAL) == 1
    assert item.count("Try instead: Ask for a story.") == 1
    assert "2 rules still broken" in seen(out)  # the heading still counts rules


def test_the_issue_pitch_quotes_each_phrase_once_with_all_its_tags() -> None:
    text = "Great party! Could you refer me to your boss and keep me in mind?"
    fb = analyze(text, setting="social_gathering", relationship="acquaintance")
    by_phrase: dict[str, set[str]] = {}
    for f in fb.findings:
        by_phrase.setdefault(f.phrase, set()).add(f.rule)
    assert any(len(r) > 1 for r in by_phrase.values()), "the pitch no longer shows the issue"
    out = panel(fb)
    for phrase, rule_keys in by_phrase.items():
        assert seen(out).count(f"“{phrase}”") == 1, phrase
        (item,) = [i for i in items(out) if f"“{phrase}”" in i]
        assert all(LABEL[key] in item for key in rule_keys), (phrase, item)
    n = len(fb.broken)
    assert say("feedback.broken_one" if n == 1 else "feedback.broken_many", n=n) in seen(out)


@pytest.mark.parametrize(
    "text", ["Could you introduce me to your manager?", "Could you vouch for me with HR?"]
)
def test_the_highlighted_pitch_has_one_mark_per_phrase_with_all_its_tags(text: str) -> None:
    fb = analyze(text, setting="social_gathering", relationship="stranger")
    out = render.feedback_html(fb)
    phrases = {(f.start, f.end) for f in fb.findings}
    assert out.count("<mark") == len(phrases)
    names = ", ".join(rules()[k].name for k in ("effort", "risk", "commitment") if k in fb.broken)
    assert f"[{names}]" in seen(out)
    assert len(items(out)) == len(phrases)


def test_the_same_words_found_twice_are_one_item_and_every_mark_has_all_tags() -> None:
    text = "Could you refer me? Or if not, refer me to a friend?"
    second = text.rindex("refer me")
    fb = feedback(
        text,
        finding(text, "refer me", "risk", REFERRAL),
        Finding("commitment", second, second + 8, "refer me", REFERRAL, "Ask."),
    )
    out = render.feedback_html(fb)
    assert len(items(out)) == 1
    assert out.count("<mark") == 2
    assert seen(out).count("refer me[Risk, Commitment]") == 2


# --- a shared context sentence once -----------------------------------------------------


def test_a_context_sentence_shared_by_two_phrases_shows_once() -> None:
    text = "Any job openings? Could you refer me?"
    fb = feedback(
        text,
        finding(text, "job", "risk", f"Job talk puts me on the spot. {SOCIAL} {STRANGER}"),
        finding(text, "refer me", "risk", f"{REFERRAL} {SOCIAL} {STRANGER}"),
        finding(text, "refer me", "commitment", REFERRAL),
    )
    out = panel(fb)
    assert seen(out).count(SOCIAL) == 1
    assert seen(out).count(STRANGER) == 1
    assert seen(out).count(REFERRAL) == 1
    assert "Job talk puts me on the spot." in seen(out)
    for item in items(out):
        assert SOCIAL not in item  # shown once, outside the items


@pytest.mark.parametrize("relationship", ["acquaintance", "stranger"])
def test_a_gathering_pitch_with_two_findings_shows_the_party_sentence_once(
    relationship: str,
) -> None:
    text = "Nice to meet you! Any job openings at your company? Could you refer me?"
    fb = analyze(text, setting="social_gathering", relationship=relationship)
    assert len(fb.findings) >= 2 and not any(SOCIAL in f.why for f in fb.findings)
    out = render.feedback_html(fb)
    assert seen(out).count(SOCIAL) == 1
    if relationship == "stranger":
        assert seen(out).count(STRANGER) == 1
    assert all(seen(out).count(note) == 1 for note in fb.notes)


def test_a_sure_finding_and_a_might_finding_share_their_why_once() -> None:
    text = "Could you refer me?"
    fb = feedback(
        text,
        finding(text, "refer me", "risk", say("analyzer.might", why=REFERRAL)),
        finding(text, "refer me", "commitment", REFERRAL),
    )
    assert seen(panel(fb)).count(REFERRAL) == 1


# --- nothing is lost --------------------------------------------------------------------


def sentences(why: str) -> list[str]:
    might = say("analyzer.might", why="\0").split("\0")[0]
    return [s for s in re.split(r"(?<=[.!?])\s+", why.removeprefix(might)) if s]


GATHERING, KNOWN = "social_gathering", "acquaintance"
PITCHES = [
    ("Great party! Could you refer me to your boss and keep me in mind?", GATHERING, KNOWN),
    ("Nice to meet you! Any job openings at your firm? Could you refer me?", GATHERING, "stranger"),
    ("Could you review my resume, introduce me to your boss and keep me posted?", GATHERING, None),
    ("Can you get me a job at your company? Could you refer me?", GATHERING, KNOWN),
    ("Could you introduce me to your manager and let me know about openings?", None, "stranger"),
]


@pytest.mark.parametrize(("text", "setting", "relationship"), PITCHES)
def test_every_rule_phrase_and_why_shows_and_no_sentence_repeats(
    text: str, setting: str | None, relationship: str | None
) -> None:
    fb = analyze(text, setting=setting, relationship=relationship)
    assert fb.findings
    out = seen(panel(fb))
    for key in fb.broken:
        assert LABEL[key] in out
    for f in fb.findings:
        assert f"“{f.phrase}”" in out
        for sentence in sentences(f.why):
            assert out.count(sentence) == 1, sentence
    assert any(f.try_instead in out for f in fb.findings)


def test_a_broken_rule_with_no_phrase_still_shows_next_to_the_grouped_ones() -> None:
    text = "Could you refer me?"
    fb = Feedback(
        text=text,
        broken=frozenset({"effort", "risk", "commitment"}),
        findings=(
            finding(text, "refer me", "risk", REFERRAL),
            finding(text, "refer me", "commitment", REFERRAL),
        ),
        word_count=4,
        score=20,
    )
    out = panel(fb)
    assert "3 rules still broken" in seen(out)
    assert rules()["effort"].do_instead in seen(out)
    assert len(items(out)) == 2 and seen(out).count(REFERRAL) == 1


# --- escaping ---------------------------------------------------------------------------


@pytest.mark.parametrize("bad", ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>"])
def test_a_grouped_phrase_and_shared_sentence_are_still_escaped(bad: str) -> None:
    text = f"Hi {bad} refer me, {bad} later"
    fb = feedback(
        text,
        finding(text, bad, "risk", f"{bad}. {SOCIAL}", bad),
        finding(text, bad, "commitment", f"{bad}.", bad),
        finding(text, "refer me", "risk", f"{REFERRAL} {SOCIAL}"),
    )
    out = render.feedback_html(fb)
    assert "<script" not in out and "<img" not in out
    assert "&lt;" in out
    shown = seen(out)
    assert shown.count(f"“{bad}”") == 1
    assert shown.count(SOCIAL) == 1
    assert f"{bad}[Risk, Commitment]" in shown
