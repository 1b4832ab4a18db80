"""The pitch analyzer: the required verdicts, the rule probes, findings, score and bad input."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpable.analyzer.engine import SCORING, analyze, labels
from helpable.analyzer.feedback import Feedback
from helpable.content.rules import RULE_KEYS

from .rule_probes import FRESH_PITCHES, GUIDE_EXAMPLES, HARD_CASES

E, R, C = "effort", "risk", "commitment"

# ----- verdicts the course promises ---------------------------------------------------------

REQUIRED: list[tuple[str, set[str], bool]] = [
    ("Could you pass on my resume?", {R, C}, True),
    ("Who do you know who's hiring? I'm looking for leads and contacts.", {R}, True),
    ("Yes please, that would be amazing. Thank you for offering to call Dev for me!", {R, C}, True),
    ("Great, thank you! I'll wait to hear from you.", {C}, True),
    (
        "I was laid off in March. Could we grab a 20-minute coffee near your office next week "
        "so I can hear how you moved into logistics?",
        set(),
        True,
    ),
    (
        "That's kind of you to offer to call Ralph. Could I have his number, and may I mention "
        "your name? I'll call him myself.",
        set(),
        True,
    ),
    ("Dear Mr. Hughes, have a lovely weekend. Thanks, Sophie", set(), False),
]


@pytest.mark.parametrize(
    ("text", "expected", "has_ask"), REQUIRED, ids=[t[:40] for t, _, _ in REQUIRED]
)
def test_required_verdict(text: str, expected: set[str], has_ask: bool) -> None:
    feedback = analyze(text)
    assert set(feedback.broken) == expected, dict(feedback.chances)
    assert feedback.has_ask is has_ask
    assert feedback.is_easy_yes is (has_ask and not expected)


PROBES = [
    *GUIDE_EXAMPLES,
    *(case for cases in HARD_CASES.values() for case in cases),
    *FRESH_PITCHES,
]
PROBE_FLOOR = 0.78
"""Share of the rule probes the analyzer must get exactly right (measured: see data/README.md)."""


def test_the_rule_probes_are_mostly_right() -> None:
    wrong = [(text, sorted(exp), sorted(analyze(text).broken)) for text, exp in PROBES]
    wrong = [w for w in wrong if w[1] != w[2]]
    right = 1 - len(wrong) / len(PROBES)
    assert right >= PROBE_FLOOR, f"{right:.2f} right; wrong: {wrong}"


@pytest.mark.parametrize(
    ("text", "setting", "expected"),
    [
        ("I'm not asking you to refer me. How did you get into nursing?", None, set()),
        ("May I mention you suggested I contact Ralph? I'll write to him myself.", None, set()),
        ("Could you introduce me to your boss?", None, {R, C}),
        ("Keep me in mind!", None, {C}),
        ("Could you review my portfolio?", None, {E}),
        ("Is your company hiring?", None, {R}),
    ],
)
def test_core_distinctions(text: str, setting: str | None, expected: set[str]) -> None:
    assert labels(text, setting=setting) == {k: int(k in expected) for k in RULE_KEYS}


# ----- findings, spans, strengths ---------------------------------------------------------


def test_findings_point_at_the_words_with_why_and_try_instead() -> None:
    text = "Hi Sam! Could you introduce me to your boss? Thanks."
    feedback = analyze(text)
    assert {f.rule for f in feedback.findings} == set(feedback.broken) and feedback.findings
    for f in feedback.findings:
        assert f.phrase == text[f.start : f.end] and f.phrase.strip()
        assert f.rule in RULE_KEYS
        assert f.why.strip() and f.try_instead.strip()
        assert "introduc" in f.phrase.lower() or "boss" in f.phrase.lower()
    assert [f.start for f in feedback.findings] == sorted(f.start for f in feedback.findings)


def test_a_finding_points_at_the_clause_that_carries_the_rule() -> None:
    text = (
        "Hope the move went well and the kids are settling in. The photos looked lovely. "
        "Would you refer me for the analyst opening on your team?"
    )
    feedback = analyze(text)
    assert R in feedback.broken
    risk = feedback.findings_for(R)
    assert risk and all(f.start > text.index("Would") - 1 for f in risk)


def test_spans_refer_to_the_original_text_with_curly_quotes_and_emoji() -> None:
    text = "🙂 Hi! I’m “hopeful”… Could you forward my résumé to your manager? 🙏"
    feedback = analyze(text)
    assert R in feedback.broken
    for f in feedback.findings:
        assert f.phrase == text[f.start : f.end]


def test_strengths_of_an_easy_yes() -> None:
    text = (
        "Hi Ana, I loved your talk. Could I have 20 minutes, whenever it suits you, near "
        "your office, to hear how you moved into data science? I'll send an invite myself. "
        "No worries if not. Thank you!"
    )
    feedback = analyze(text)
    assert feedback.broken == frozenset() and feedback.is_easy_yes
    keys = {s.key for s in feedback.strengths}
    assert keys >= {"brevity", "convenience", "short_time", "advice", "easy_no", "gratitude"}
    brevity = next(s for s in feedback.strengths if s.key == "brevity")
    assert "2-Hour Job Search" in brevity.detail


def test_no_brevity_strength_for_a_long_pitch() -> None:
    text = "I would love to hear how you got started in your work. " * 20
    assert "brevity" not in {s.key for s in analyze(text).strengths}


# ----- no ask, thanks and uncertainty -----------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Dear Mr. Hughes, have a lovely weekend. Thanks, Sophie",
        "Congratulations on the new role! So happy for you.",
        "Just wanted to say the workshop yesterday was great. See you next month!",
    ],
)
def test_a_message_that_asks_nothing_is_not_a_pitch_yet(text: str) -> None:
    feedback = analyze(text)
    assert not feedback.has_ask and not feedback.is_easy_yes
    assert feedback.score == 0
    assert feedback.hint.startswith("Not a pitch yet")


def test_a_thank_you_note_with_no_ask_is_just_right() -> None:
    note = "Thank you so much for your time today. Your advice about the union exam really helped."
    feedback = analyze(note, purpose="thanks")
    assert not feedback.has_ask and feedback.score == 100
    assert "just right" in feedback.hint
    asking = analyze(note + " Could you keep me in mind for openings?", purpose="thanks")
    assert asking.has_ask and "another day" in asking.hint


def test_a_close_call_says_might(data_copy) -> None:  # noqa: ANN001
    """Move a threshold next to a pitch's probability: the verdict turns into "might"."""
    text = "Could you review my portfolio?"
    certain = analyze(text)
    chance = dict(certain.chances)[E]
    path = data_copy / "model_settings.csv"
    rows = path.read_text(encoding="utf-8").splitlines()
    rows = [
        f"threshold_effort,{chance - 0.01!r}" if r.startswith("threshold_effort,") else r
        for r in rows
    ]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    feedback = analyze(text)
    assert E in feedback.broken and E in feedback.unsure
    assert all(f.why.startswith("This might") for f in feedback.findings_for(E))
    if E in certain.broken and E not in certain.unsure:
        assert feedback.score > certain.score  # a "might" costs half a rule


# ----- setting and relationship -----------------------------------------------------------


def test_job_talk_at_a_social_gathering_is_risk_and_the_why_says_so() -> None:
    text = "Lovely to meet you! Do you know if there are openings in your department?"
    party = analyze(text, setting="social_gathering")
    assert R in party.broken
    assert any("social event" in f.why for f in party.findings_for(R))
    assert any("social gathering" in n for n in party.notes)


def test_mentioning_a_layoff_at_a_party_is_not_risk() -> None:
    text = "Honestly it's been a strange year, I was laid off in June. How was your trip to Lisbon?"
    assert R not in analyze(text, setting="social_gathering").broken


def test_a_trusted_relationship_keeps_the_label_but_lowers_the_penalty() -> None:
    text = "Could you pass my resume on to your manager?"
    stranger = analyze(text, relationship="stranger")
    friend = analyze(text, relationship="close_friend")
    assert R in stranger.broken and R in friend.broken
    assert friend.score > stranger.score
    # what the relationship changes is said once, in the notes, not in every finding
    assert sum("smaller" in note for note in friend.notes) == 1
    assert not any("smaller" in note for note in stranger.notes)
    assert not any("smaller" in f.why for f in friend.findings)


def test_unknown_setting_relationship_or_purpose_is_a_clear_value_error() -> None:
    with pytest.raises(ValueError, match="setting must be one of"):
        analyze("hello", setting="the moon")
    with pytest.raises(ValueError, match="relationship must be one of"):
        analyze("hello", relationship="nemesis")
    with pytest.raises(ValueError, match="purpose must be one of"):
        analyze("hello", purpose="gossip")
    assert analyze("Could you refer me?", setting="", relationship=" ") == analyze(
        "Could you refer me?"
    )


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
    one = analyze("Keep me in mind!").score
    two = analyze("Would you refer me for the analyst role?").score
    three = analyze(
        "Please review my resume line by line, refer me to your hiring manager, and keep me "
        "posted on anything that comes up. Get back to me by Friday."
    ).score
    assert none > one > two > three
    assert 0 <= three and none <= 100
    assert SCORING.base - 3 * SCORING.rule_penalty <= three


# ----- bad input --------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "   ", "\n\t  \n"])
def test_empty_input_asks_for_a_pitch(text: str) -> None:
    feedback = analyze(text)
    assert isinstance(feedback, Feedback)
    assert feedback.broken == frozenset() and not feedback.has_ask
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


def test_to_dict_is_json_safe() -> None:
    feedback = analyze("Could you refer me? Thanks!", relationship="former_colleague")
    data = json.loads(json.dumps(feedback.to_dict()))
    assert data["broken"] == sorted(feedback.broken)
    assert data["findings"][0]["phrase"] == feedback.findings[0].phrase
    assert data["score"] == feedback.score and data["has_ask"] is True
    assert set(data["chances"]) == {"effort", "risk", "commitment", "ask"}


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
    assert first.broken == {f.rule for f in first.findings} or not first.findings
    assert {f.rule for f in first.findings} <= set(first.broken)
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
