"""Long messages: a rule-breaking request is found wherever it sits (issue 14/15 follow-up).

A learner filling in a message template can type a risky or heavy ask in a
blank. The analyzer must find it clause by clause, not average it away with
the good sentences around it. Also: short thank-you notes in another language
break no rule, and every model rewrite in ``approaches.csv`` is a pitch that
breaks no rule.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest

from helpable.analyzer.engine import analyze
from helpable.analyzer.features import document
from helpable.analyzer.learned import load_model, score
from helpable.analyzer.spans import known_share
from helpable.paths import data_file

E, R, C = "effort", "risk", "commitment"

# One bad clause per rule (two wordings each), and the rule it must break. Each one alone
# breaks its rule surely (not a "might"): a span of a long message needs a sure verdict.
BAD_CLAUSES: list[tuple[str, str]] = [
    ("could you refer me to your manager", R),
    ("would you pass my resume to the hiring manager", R),
    ("could you rewrite my whole resume for me", E),
    ("could we spend two hours going over my plans", E),
    ("let me know if you hear of any openings", C),
    ("could you keep an eye out for openings for me", C),
]

GOOD_SENTENCES = [
    "Hi Ms. Okafor, Jordan Lee suggested I get in touch.",
    "I am exploring a move into health education, and your work on the new patient "
    "education program caught my eye.",
    "Would you have 15 minutes for a short call in the next few weeks, at a time that suits you?",
    "If now is a busy time, no problem at all.",
    "I have spent six years as a nurse on a busy surgical ward, and I love the teaching "
    "part of the job most.",
    "Thank you, Dana",
]


def _sentence(clause: str) -> str:
    return clause[0].upper() + clause[1:] + "?"


def _long(bad: str, position: int, extra: int) -> str:
    """A good email of ``4 + extra`` sentences with ``bad`` as its own sentence at ``position``."""
    good = GOOD_SENTENCES[:4] + GOOD_SENTENCES[4 : 4 + extra] + GOOD_SENTENCES[-1:]
    sentences = [*good[:position], _sentence(bad), *good[position:]]
    return " ".join(sentences)


@pytest.mark.parametrize(("bad", "rule"), BAD_CLAUSES)
def test_each_bad_clause_alone_breaks_its_rule(bad: str, rule: str) -> None:
    feedback = analyze(_sentence(bad))
    assert rule in feedback.broken and rule not in feedback.unsure


@pytest.mark.parametrize(("bad", "rule"), BAD_CLAUSES)
@pytest.mark.parametrize("position", [0, 1, 2, 3, 4])
@pytest.mark.parametrize("extra", [0, 1])
def test_a_bad_sentence_anywhere_in_a_long_email_breaks_its_rule(
    bad: str, rule: str, position: int, extra: int
) -> None:
    text = _long(bad, position, extra)
    feedback = analyze(text)
    assert rule in feedback.broken, text
    # The finding points at the bad request, not at the good parts around it.
    start = text.index(_sentence(bad))
    spots = [f for f in feedback.findings if f.rule == rule]
    assert any(start <= f.start and f.end <= start + len(bad) + 1 for f in spots), spots


@pytest.mark.parametrize(("bad", "rule"), BAD_CLAUSES)
def test_a_bad_clause_inside_a_good_sentence_breaks_its_rule(bad: str, rule: str) -> None:
    text = (
        "Hi Ms. Okafor, Jordan Lee suggested I get in touch. I am exploring a role, "
        f"{bad}, and your work on the new patient education program caught my eye. Would "
        "you have 15 minutes for a short call in the next few weeks, at a time that suits "
        "you? If now is a busy time, no problem at all. Thank you, Dana"
    )
    assert rule in analyze(text).broken, text


def test_the_leads_example_finds_risk_and_commitment() -> None:
    text = (
        "Hi Ms. Okafor, Jordan Lee suggested I get in touch. I am exploring a role, could you "
        "refer me to your manager, and your work on the new patient education program caught "
        "my eye. Would you have 15 minutes for a short call in the next few weeks, at a time "
        "that suits you? If now is a busy time, no problem at all. Thank you, Dana"
    )
    assert {R, C} <= analyze(text).broken


def _templates() -> pd.DataFrame:
    return pd.read_csv(data_file("templates.csv"), dtype=str, keep_default_na=False)


def _examples() -> dict[str, str]:
    fields = pd.read_csv(data_file("template_fields.csv"), dtype=str, keep_default_na=False)
    return dict(zip(fields["key"], fields["example"], strict=True))


def _fill(template: str, values: dict[str, str]) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: values[m.group(1)], template)


TEMPLATE_BLANKS = [
    (row["key"], blank)
    for _, row in _templates().iterrows()
    for blank in dict.fromkeys(re.findall(r"\{(\w+)\}", row["text"]))
    if blank not in ("their_name", "my_name")
]


@pytest.mark.parametrize("key", list(_templates()["key"]))
def test_each_template_filled_with_the_examples_breaks_no_rule(key: str) -> None:
    row = _templates().set_index("key").loc[key]
    purpose = str(row["purpose"])
    feedback = analyze(_fill(str(row["text"]), _examples()), purpose=purpose)
    assert not feedback.broken, feedback.findings
    assert feedback.has_ask == (row["expects_ask"] == "1")


@pytest.mark.parametrize(("key", "blank"), TEMPLATE_BLANKS)
@pytest.mark.parametrize(("bad", "rule"), BAD_CLAUSES)
def test_a_bad_clause_in_any_template_blank_breaks_its_rule(
    key: str, blank: str, bad: str, rule: str
) -> None:
    row = _templates().set_index("key").loc[key]
    values = {**_examples(), blank: f"{_examples()[blank]}, {bad},"}
    text = _fill(str(row["text"]), values).replace(",,", ",").replace(",.", ".")
    assert rule in analyze(text, purpose=str(row["purpose"])).broken, text


@pytest.mark.parametrize(
    "text",
    [
        "Muchas gracias por tu ayuda.",
        "Gracias, fue un placer.",
        "¡Muchas gracias!",
        "Merci beaucoup pour ton aide.",
        "Danke für deine Hilfe.",
    ],
)
def test_a_thank_you_in_another_language_breaks_no_rule(text: str) -> None:
    for purpose in ("ask", "thanks"):
        feedback = analyze(text, purpose=purpose)
        assert not feedback.broken, (text, feedback.chances)
        assert not feedback.has_ask


def test_a_risky_ask_with_a_word_of_spanish_is_still_read() -> None:
    assert R in analyze("Gracias! Could you refer me to your manager?").broken


def _approaches() -> pd.DataFrame:
    return pd.read_csv(data_file("approaches.csv"), dtype=str, keep_default_na=False)


@pytest.mark.parametrize("pitch_id", list(_approaches()["id"]))
def test_every_model_rewrite_is_a_pitch_that_breaks_no_rule(pitch_id: str) -> None:
    """The workshop checks a rewrite as a pitch (purpose "ask"), in the row's context."""
    row = _approaches().set_index("id").loc[pitch_id]
    feedback = analyze(
        str(row["better_version"]),
        setting=str(row["setting"]) or None,
        relationship=str(row["relationship"]) or None,
    )
    assert feedback.has_ask, row["better_version"]
    assert not feedback.broken, (row["better_version"], feedback.findings)


def test_span_thresholds_are_stricter_than_the_rules_own() -> None:
    """A short piece is read with less context, so it needs a surer verdict."""
    model = load_model()
    for rule in (E, R, C):
        assert model.thresholds[rule] <= model.span_thresholds[rule] <= 1.0


def test_news_is_not_read_as_a_request() -> None:
    """Only pieces with the form of a request are scored alone: good news that tells how a
    manager helped asks nothing of the reader."""
    text = (
        "Great news, I got the job! My old manager put in a good word for me, and the "
        "recruiter called the next day. Thank you for all your advice."
    )
    assert R not in analyze(text).broken


def test_a_message_in_mostly_unknown_words_is_not_trusted() -> None:
    assert known_share(score(load_model(), document("Muchas gracias por tu ayuda."))) < 0.5
