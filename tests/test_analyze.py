"""The pitch analyzer: labels, hard cases, context, score, bad input, and accuracy bars."""

from __future__ import annotations

import csv
import dataclasses
import json
import random
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpable.analyzer import engine as analyze_module
from helpable.analyzer.engine import SCORING, analyze, phrase_book
from helpable.content.approaches import labels_of, load_approaches
from helpable.analyzer.metrics import (
    Miss,
    RuleMetrics,
    context_from_row,
    exact_match,
    labels_from_row,
    macro_f1,
    predict_rows,
    report,
    rule_metrics,
    worst_misses,
)
from helpable.analyzer.feedback import Feedback
from helpable.content.rules import RULE_KEYS

ROOT = Path(__file__).resolve().parent.parent
UNSEEN = ROOT / "tests" / "data" / "unseen_pitches.csv"

E, R, C = "effort", "risk", "commitment"


def labels(text: str, **context: str) -> set[str]:
    return set(analyze(text, **context).broken)


# ----- every example in shared/labeling-guide.md --------------------------------------------

GUIDE_EXAMPLES: list[tuple[str, set[str]]] = [
    # effort: documents
    ("Could you review my resume line by line?", {E}),
    ("Would you edit my cover letter before I send it?", {E}),
    ("Could you rewrite my LinkedIn summary?", {E}),
    ("Would you mind looking over my portfolio?", {E}),
    ("Could you read my thesis and mark it up?", {E}),
    ("Could you draft a cover letter for me?", {E}),
    # effort: research on the seeker's behalf
    ("Could you find some openings for me?", {E}),
    ("Can you list companies I should apply to?", {E}),
    # effort: long or open-ended time
    ("Could I have an afternoon of your time?", {E}),
    ("Can we spend two hours going over my plans?", {E}),
    ("I'd love to pick your brain about everything.", {E}),
    ("Could you walk me through the whole org chart?", {E}),
    # effort: where and when it suits the seeker
    ("Could you come to my place on Saturday?", {E}),
    ("Would you drive across town to meet me?", {E}),
    ("Could you attend my event next Thursday?", {E}),
    # effort: forms, dropping what they are doing
    ("Could you fill in this questionnaire for me?", {E}),
    ("Could you drop what you're doing and help me out?", {E}),
    # not effort
    ("Could we talk for 20 minutes, whenever it suits you, near your office?", set()),
    ("One quick question you can answer on the spot: what do you enjoy most in your job?", set()),
    # risk: refer, recommend, vouch, good word, reference
    ("Would you refer me for the analyst role?", {R, C}),
    ("Could you recommend me to your manager?", {R, C}),
    ("Would you vouch for me?", {R, C}),
    ("Could you put in a good word for me?", {R, C}),
    ("Would you be a reference for me?", {R}),
    # risk: pass on a resume, introduce to a colleague, boss, recruiter, hiring manager
    ("Could you pass my resume on to HR?", {R, C}),
    ("Could you forward my resume to the hiring manager?", {R, C}),
    ("Could you introduce me to your boss?", {R, C}),
    ("Would you introduce me to a recruiter at your firm?", {R, C}),
    # risk: who is hiring, does your company have an opening
    ("Who do you know who's hiring?", {R}),
    ("Is your company hiring?", {R}),
    ("I'm looking for leads and contacts.", {R}),
    # risk: leaning on a third party's name
    ("Since Dana sent me, I assume you'll help me get in the door.", {R}),
    # not risk: permission to use their name while the seeker does the outreach
    ("May I mention you suggested I contact Ralph?", set()),
    # commitment: open-ended watch duty
    ("Let me know if you hear of anything.", {C}),
    ("Keep me in mind!", {C}),
    ("Could you keep an eye out for openings?", {C}),
    ("Ping me if anything comes up.", {C}),
    # commitment: a promised reply or deliverable, deadlines
    ("Could you get back to me?", {C}),
    ("Can you send me the link?", {C}),
    ("Email me your notes when you can.", {C}),
    ("Text me later?", {C}),
    ("Call me back when you get a chance.", {C}),
    ("Could you reply by Friday?", {C}),
    ("Could you let me know by tomorrow?", {C}),
    ("Could you get back to me this week?", {C}),
    # commitment (and risk): contacting a third party
    ("Could you call Ralph for me?", {R, C}),
    ("Could you email your manager about me?", {R, C}),
    ("Could you set up a meeting with Ralph for me?", {R, C}),
    ("Could you arrange a call with your director?", {R, C}),
    # commitment: recurring duties and reminders
    ("Could you check in with me every week this month?", {C}),
    ("Remember to send me that article.", {C}),
    ("Don't forget to text me his name.", {C}),
    ("Could you follow up with me next week?", {C}),
    # not commitment: the meeting itself, and the seeker's own promises
    ("Could we meet for coffee next week?", set()),
    ("I'll follow up next week myself.", set()),
    ("I'll let you know how it goes.", set()),
    # none: negated sins are not sins
    ("I'm not asking about jobs. I'd love to hear how you got started.", set()),
]


@pytest.mark.parametrize(("text", "expected"), GUIDE_EXAMPLES, ids=[t for t, _ in GUIDE_EXAMPLES])
def test_labeling_guide_example(text: str, expected: set[str]) -> None:
    assert labels(text) == expected


def test_guide_example_job_talk_at_a_party_is_risk() -> None:
    text = "Great to meet you! I've been job hunting for months, honestly."
    assert labels(text, setting="social_gathering") == {R}
    assert labels(text, setting="private") == set()


# ----- hard-case families ---------------------------------------------------------------------

HARD_CASES: dict[str, list[tuple[str, set[str]]]] = {
    "negation": [
        ("I'm not asking you to refer me. How did you get into nursing?", set()),
        ("No need to read my resume; I'd just love 20 minutes of your advice.", set()),
        ("I won't ask you to introduce me to anyone.", set()),
        ("I don't expect you to pass anything along. What did you like about the program?", set()),
        ("This isn't a request for a job or a referral.", set()),
        ("I'm not asking you to refer me, but could you pass my resume to your manager?", {R, C}),
        ("Don't forget to send me the list.", {C}),  # "don't forget" is not a negation
        ("Don't hesitate to let me know if you hear of anything.", {C}),
    ],
    "own_promise": [
        ("I'll send you my resume so you can see my background.", set()),
        ("I will follow up with Ralph myself.", set()),
        ("I'll email the recruiter myself tomorrow and keep you posted.", set()),
        ("I'm going to call the union hall on Monday, and I'll tell you how it goes.", set()),
        ("I'll send my resume, and could you forward it to your boss?", {R, C}),
        ("Could you send me the link? I'll read it tonight.", {C}),
    ],
    "permission": [
        ("May I mention you suggested I contact Ralph? I'll write to him myself.", set()),
        ("Could I use your name when I write to the head of nursing?", set()),
        ("Is it okay if I tell the estimator that we spoke? I'll reach out myself.", set()),
        ("Can I list you as a reference?", {R}),
        ("Can I tell the recruiter that you recommend me?", {R}),
    ],
    "reported_speech": [
        (
            "My coach told me to ask you for a referral, but I'd rather hear how you got into UX.",
            set(),
        ),
        ("People say you should always ask for job leads. That's not what I'm after.", set()),
        ("Carmen said you'd be happy to help, but I don't want to presume.", set()),
        ("Dana said you could refer me. Would you?", {R, C}),
        (
            'Everyone says "just ask for referrals," but I want to learn about your work first.',
            set(),
        ),
        ("She said you'd help me get a job at your company.", {R}),
    ],
    "several_sins": [
        (
            "Could you review my resume, forward it to your hiring manager, and let me know "
            "what they say by Friday?",
            {E, R, C},
        ),
        ("Could you spend an afternoon on my portfolio and keep me posted on openings?", {E, C}),
        ("Is your team hiring? If so, please keep me in mind.", {R, C}),
    ],
    "quotes_and_case": [
        ("I’m not asking you to refer me — I’d love to hear how you got started.", set()),
        ("COULD YOU INTRODUCE ME TO YOUR BOSS?", {R, C}),
        ("could u send me the link tmrw??", {C}),
        ("I’ll follow up with Ralph myself. Thank you!", set()),
    ],
}


@pytest.mark.parametrize(
    ("family", "text", "expected"),
    [(family, text, exp) for family, cases in HARD_CASES.items() for text, exp in cases],
    ids=[f"{family}:{text[:40]}" for family, cases in HARD_CASES.items() for text, _ in cases],
)
def test_hard_case(family: str, text: str, expected: set[str]) -> None:
    assert labels(text) == expected


# Pitches written for these tests (not taken from the dataset), in other words than the guide's.
FRESH_PITCHES: list[tuple[str, set[str]]] = [
    ("Hey, any chance you could proofread my grad school essay this week?", {E}),
    ("Would you give my cover letter a quick read?", {E}),
    ("Could you meet me at my office downtown at 7am? It's the only time I'm free.", {E}),
    ("Does your clinic have any openings for medical assistants?", {R}),
    ("Which managers at your company should I send my application to?", {R}),
    ("Would you be willing to reach out to your recruiter on my behalf?", {R, C}),
    ("Could you hand my resume to your supervisor?", {R, C}),
    ("Shoot me a text if anything opens up at your hospital.", {C}),
    ("If you come across any good postings, could you forward them to me?", {C}),
    ("Can you check back with me in a month?", {C}),
    (
        "If you ever have 15 minutes, I'd love to ask how you moved into nursing. No pressure.",
        set(),
    ),
    ("Thanks for the call. I'll reach out to Priya myself and let you know how it goes.", set()),
    (
        "Would it be okay if I mentioned your name when I email the director? I'll do the rest.",
        set(),
    ),
    ("Hope you have a great weekend! If you ever want to chat about UX, I'm around.", set()),
    ("Totally understand if you can't, but would a quick call next week work?", set()),
    ("Could I shadow you for a day?", {E}),
    ("Could you help me find a job?", {E}),
    ("Could we meet at my place?", {E}),
    ("Do you know of any openings?", {R}),
    ("Could you endorse my skills on LinkedIn?", {R, C}),
    ("Let me know your thoughts when you get a chance.", {C}),
    ("Could you tell me what you think about bootcamps?", set()),
    ("Thank you for the day of great talks!", set()),
]


@pytest.mark.parametrize(("text", "expected"), FRESH_PITCHES, ids=[t for t, _ in FRESH_PITCHES])
def test_fresh_pitch(text: str, expected: set[str]) -> None:
    assert labels(text) == expected


def test_the_actual_ask_after_reported_speech_is_labelled() -> None:
    text = "She told me to ask you for a referral, but could you just tell me who is hiring?"
    feedback = analyze(text)
    assert feedback.broken == {R}
    assert all("referral" not in f.phrase for f in feedback.findings)


# ----- findings, spans, strengths ---------------------------------------------------------


def test_findings_point_at_the_phrase_with_why_and_try_instead() -> None:
    text = "Hi Sam! Could you introduce me to your boss? Thanks."
    feedback = analyze(text)
    assert feedback.findings
    for f in feedback.findings:
        assert f.phrase == text[f.start : f.end]
        assert f.rule in RULE_KEYS
        assert f.why.strip() and f.try_instead.strip()
    assert [f.start for f in feedback.findings] == sorted(f.start for f in feedback.findings)


def test_spans_refer_to_the_original_text_with_curly_quotes_and_emoji() -> None:
    text = "🙂 Hi! I’m “hopeful”… Could you forward my résumé to your manager? 🙏"
    feedback = analyze(text)
    assert R in feedback.broken
    for f in feedback.findings:
        assert f.phrase == text[f.start : f.end]
        assert "forward" in f.phrase


def test_strengths_of_an_easy_yes() -> None:
    text = (
        "Hi Ana, I loved your talk. Could I have 20 minutes, whenever it suits you, near "
        "your office, to hear how you moved into data science? I'll send an invite myself. "
        "No worries if not. Thank you!"
    )
    feedback = analyze(text)
    assert feedback.broken == frozenset()
    keys = {s.key for s in feedback.strengths}
    assert keys >= {
        "brevity",
        "convenience",
        "short_time",
        "advice",
        "owns_follow_up",
        "easy_no",
        "gratitude",
    }
    brevity = next(s for s in feedback.strengths if s.key == "brevity")
    assert "2-Hour Job Search" in brevity.detail
    assert feedback.is_easy_yes


def test_no_brevity_strength_for_a_long_pitch() -> None:
    text = "I would love to hear about your work. " * 20
    assert "brevity" not in {s.key for s in analyze(text).strengths}


# ----- setting and relationship -----------------------------------------------------------


def test_job_talk_at_a_social_gathering_is_risk_and_the_why_says_so() -> None:
    text = "Lovely to meet you! Do you know if there are openings in your department?"
    private = analyze(text, setting="private")
    party = analyze(text, setting="social_gathering")
    assert R in party.broken
    assert any("social event" in f.why for f in party.findings if f.rule == R)
    assert not any("social event" in f.why for f in private.findings)


def test_social_gathering_is_guessed_from_the_words_when_no_setting_is_given() -> None:
    feedback = analyze("Great party! I'm job hunting, by the way.")
    assert R in feedback.broken
    assert any("social gathering" in n for n in feedback.notes)
    assert analyze("Great party! I'm job hunting.", setting="private").broken == frozenset()


def test_a_trusted_relationship_keeps_the_label_but_lowers_the_penalty() -> None:
    text = "Could you pass my resume on to your manager?"
    stranger = analyze(text, relationship="stranger")
    friend = analyze(text, relationship="close_friend")
    colleague = analyze(text, relationship="former_colleague")
    assert R in stranger.broken and R in friend.broken and R in colleague.broken
    assert friend.score > stranger.score and colleague.score > stranger.score
    assert any("smaller" in f.why for f in friend.findings if f.rule == R)
    assert any("smaller" in f.why for f in colleague.findings if f.rule == R)
    assert not any("smaller" in f.why for f in stranger.findings)


def test_unknown_setting_or_relationship_is_a_clear_value_error() -> None:
    with pytest.raises(ValueError, match="setting must be one of"):
        analyze("hello", setting="the moon")
    with pytest.raises(ValueError, match="relationship must be one of"):
        analyze("hello", relationship="nemesis")
    blank = analyze("Could you refer me?", setting="", relationship=" ")
    assert blank == analyze("Could you refer me?")


# ----- score ------------------------------------------------------------------------------


def test_an_easy_yes_scores_at_least_80() -> None:
    assert analyze("Could we talk for 15 minutes next week, whenever suits you?").score >= 80
    assert analyze("What do you enjoy most about your work?").score >= 80


def test_breaking_all_three_rules_scores_at_most_30() -> None:
    text = (
        "Please review my resume line by line, refer me to your hiring manager, and keep me "
        "posted on anything that comes up. Get back to me by Friday."
    )
    feedback = analyze(text)
    assert feedback.broken == {E, R, C}
    assert feedback.score <= 30


def test_score_falls_as_rules_are_broken() -> None:
    none = analyze("Could I ask how you got into design?").score
    one = analyze("Could you review my portfolio?").score
    two = analyze("Could you review my portfolio and keep me in mind?").score
    three = analyze("Could you review my portfolio, refer me, and keep me in mind?").score
    assert none > one > two > three
    assert 0 <= three and none <= 100


def test_extra_findings_cost_less_and_less() -> None:
    one = analyze("Could you send me the link?").score
    two = analyze("Could you send me the link and text me?").score
    three = analyze("Could you send me the link, text me and email me?").score
    assert one > two > three
    assert (one - two) > (two - three) > 0
    assert one - three <= SCORING.extra_cap


# ----- bad input --------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "   ", "\n\t  \n"])
def test_empty_input_asks_for_a_pitch(text: str) -> None:
    feedback = analyze(text)
    assert isinstance(feedback, Feedback)
    assert feedback.broken == frozenset()
    assert feedback.score == 0 and feedback.word_count == 0
    assert feedback.hint.startswith("Write your pitch first")
    assert not feedback.is_easy_yes


@pytest.mark.parametrize("value", [None, 42, b"bytes", ["a list"], 3.5])
def test_non_text_is_a_clear_type_error(value: object) -> None:
    with pytest.raises(TypeError, match=r"needs the pitch as text \(str\)"):
        analyze(value)  # type: ignore[arg-type]


def test_a_very_long_pitch_is_analysed_with_a_hint_to_be_short() -> None:
    text = "Could you introduce me to your boss? " * 800  # 5,600 words
    feedback = analyze(text)
    assert feedback.word_count > 5000
    assert R in feedback.broken
    assert "short" in feedback.hint
    assert any(n.startswith("Showing the first") for n in feedback.notes)


def test_to_dict_is_json_safe() -> None:
    feedback = analyze("Could you refer me? Thanks!", relationship="former_colleague")
    data = json.loads(json.dumps(feedback.to_dict()))
    assert data["broken"] == sorted(feedback.broken)
    assert data["findings"][0]["phrase"] == feedback.findings[0].phrase
    assert data["score"] == feedback.score


SAMPLES = [
    "<script>alert('refer me')</script><b>Could you refer me?</b>",
    "مرحبا! Could you introduce me to your boss? شكرا",
    "שלום \u202eCould you keep me in mind?\u202c",
    "e\u0301\u0301\u0301 Z\u0336a\u0336l\u0336g\u0336o\u0336 refer me",
    "\x00\x01\x1b[31mcall me\x7f\u200b\u200d\ufeff",
    "👩🏽‍💻🙏🏻 could u refer me 🧑‍🤝‍🧑",
    "İstanbul ẞ ﬁnd me openings",
    "\ud800 lone surrogate, keep me posted",
]


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(st.text(), st.sampled_from(SAMPLES), st.lists(st.sampled_from(SAMPLES)).map("".join))
)
def test_any_text_gives_valid_deterministic_feedback(text: str) -> None:
    first = analyze(text)
    second = analyze(text)
    assert first == second
    assert first.broken == {f.rule for f in first.findings}
    assert 0 <= first.score <= 100
    for f in first.findings:
        assert 0 <= f.start < f.end <= len(text)
        assert f.phrase == text[f.start : f.end]
    json.dumps(first.to_dict())


@pytest.mark.parametrize("unit", ["a ", "you ", "my my ", "refer ", "'", '"', "-- ", "could you "])
def test_repetitive_input_does_not_blow_up(unit: str) -> None:
    text = unit * (20_000 // len(unit))
    feedback = analyze(text)
    assert feedback.word_count >= 0


# ----- the fast finder finds what a slow scan finds ----------------------------------------


def _slow_copy(group: object) -> object:
    """The same group, but trying every pattern at every position."""
    everywhere = re.compile(r"(?s)(?=.)")
    checks = tuple(dataclasses.replace(c, prefixes=None) for c in group.checks)  # type: ignore[attr-defined]
    return dataclasses.replace(group, finder=everywhere, checks=checks, by_pair={})  # type: ignore[type-var]


def test_the_fast_finder_misses_nothing_a_slow_scan_finds() -> None:
    frame = load_approaches("dev")
    texts = [*frame["text"], *frame["better_version"], *(t for t, _ in GUIDE_EXAMPLES)]
    rng = random.Random(7)
    words = " ".join(texts).split()
    texts += [" ".join(rng.choice(words) for _ in range(60)) for _ in range(60)]
    book = phrase_book()
    for name, group in book.groups.items():
        slow = _slow_copy(group)
        for text in texts:
            fast_hits = analyze_module._scan(group, analyze_module._Doc(text))
            slow_hits = analyze_module._scan(slow, analyze_module._Doc(text))  # type: ignore[arg-type]
            assert fast_hits == slow_hits, (name, text)


# ----- phrases.csv cache ------------------------------------------------------------------


def test_an_edit_to_phrases_csv_is_picked_up(data_copy: Path) -> None:
    text = "Could you water my plants while I job hunt?"
    assert analyze(text).broken == frozenset()
    path = data_copy / "phrases.csv"
    with path.open("a", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerow(
            [
                "effort-plants",
                "request",
                "effort",
                r"\bwater my plants\b",
                "Looking after your home is a chore I would do for you.",
                "Could I ask you one question about your work?",
                "Could you water my plants?",
            ]
        )
    assert analyze(text).broken == {E}
    assert phrase_book() is phrase_book()


# ----- evaluate.py: metric functions ------------------------------------------------------


def test_rule_metrics_counts_and_scores() -> None:
    expected = [frozenset({E}), frozenset({R}), frozenset(), frozenset({E, C})]
    got = [frozenset({E}), frozenset(), frozenset({R}), frozenset({E})]
    metrics = {m.rule: m for m in rule_metrics(expected, got)}
    assert metrics[E] == RuleMetrics(E, tp=2, fp=0, fn=0)
    assert (metrics[R].tp, metrics[R].fp, metrics[R].fn) == (0, 1, 1)
    assert metrics[R].precision == 0.0 and metrics[R].recall == 0.0 and metrics[R].f1 == 0.0
    assert metrics[C].recall == 0.0 and metrics[C].precision == 1.0
    assert macro_f1(list(metrics.values())) == pytest.approx((1.0 + 0.0 + 0.0) / 3)
    assert exact_match(expected, got) == 0.25


def test_worst_misses_put_the_most_wrong_labels_first() -> None:
    misses = worst_misses(
        ["a", "b", "c"],
        [frozenset({E}), frozenset({E, R, C}), frozenset()],
        [frozenset({E}), frozenset(), frozenset({R})],
        limit=5,
    )
    assert misses == (
        Miss("b", frozenset({E, R, C}), frozenset()),
        Miss("c", frozenset(), frozenset({R})),
    )
    assert misses[0].wrong == 3


def test_metrics_reject_lists_of_different_lengths() -> None:
    with pytest.raises(ValueError, match="items"):
        rule_metrics([frozenset()], [])


def test_labels_and_context_from_rows() -> None:
    row = {"text": "x", "effort": "1", "risk": 0, "commitment": "1", "setting": "party"}
    assert labels_from_row(row) == {E, C}
    assert context_from_row(row) == {"setting": None, "relationship": None}


# ----- accuracy bars ----------------------------------------------------------------------


def _macro_f1(rows: list[dict]) -> tuple[float, object]:
    expected = [labels_from_row(r) for r in rows]
    got = predict_rows(rows, analyze)
    rep = report("rows", [str(i) for i in range(len(rows))], expected, got)
    return rep.macro_f1, rep


def test_test_split_macro_f1_is_at_least_085() -> None:
    rows = load_approaches("test").to_dict("records")
    assert len(rows) >= 30
    score, rep = _macro_f1(rows)
    print(f"test split macro-F1 {score:.3f}")  # shown with pytest -s
    assert score >= 0.85, rep


def test_unseen_pitches_macro_f1_is_at_least_075() -> None:
    with UNSEEN.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert rows
    score, rep = _macro_f1(rows)
    print(f"unseen macro-F1 {score:.3f} on {len(rows)} pitches")  # shown with pytest -s
    assert score >= 0.75, rep


def test_every_better_version_breaks_no_rule() -> None:
    frame = load_approaches()
    assert len(frame) >= 150
    broken = {}
    for row in frame.to_dict("records"):
        feedback = analyze(row["better_version"], **context_from_row(row))
        if feedback.broken:
            broken[row["id"]] = sorted(feedback.broken)
    assert broken == {}


def test_the_dataset_labels_are_what_the_analyzer_is_scored_against() -> None:
    frame = load_approaches("dev")
    row = frame.iloc[0]
    assert labels_of(row) == labels_from_row(row.to_dict())


def test_module_keeps_its_numbers_in_one_place() -> None:
    assert (
        analyze_module.SCORING.base
        - 3 * analyze_module.SCORING.rule_penalty
        + (analyze_module.SCORING.strength_cap)
        <= 30
    )
    assert analyze_module.SCORING.base >= 80
