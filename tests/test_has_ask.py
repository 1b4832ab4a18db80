"""Issue 14: ``has_ask`` is True only for a real request, so a rewrite whose ask was
deleted fails its check. The sentences below were written for these tests, never
taken from the corpus, and are not trained on."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

from helpable.analyzer.asking import asks_something
from helpable.analyzer.engine import analyze
from helpable.content.checks import check_spec
from helpable.content.strings import say
from helpable.ui.answers import grade_answer

ROOT = Path(__file__).resolve().parent.parent

# Statements, greetings, thanks and news: no request at all.
NOT_ASKS = [
    "I work in nursing and I like my job.",
    "I'm a paralegal and I've been in family law for six years.",
    "I moved to Denver last spring and started a welding course.",
    "Thank you so much for your time today.",
    "Thanks again for the coffee, it was great to catch up.",
    "Congratulations on the new role!",
    "Hi Sam, hope you're well.",
    "Have a lovely weekend.",
    "See you at the meetup next month!",
    "Talk to you soon.",
    "I got the job at Riverside! Your advice really helped.",
    "I'll let you know how the interview goes.",
    "I'll apply through the website myself next week.",
    "I'm thinking about a move to a team like yours.",
    "I'd love to work in a hospital one day.",
    "I'd be happy to help with the fundraiser next month.",
    "I'm hoping to finish my certificate by June.",
    "I wanted to let you know that I passed the exam.",
    "The food was great and the music was even better.",
    "Kai speaks so highly of you.",
    "Your talk on warehouse safety was the best part of the day.",
    # a request form that is ruled out, reported, offered or the seeker's own
    "No need to get back to me, I found it.",
    "Patricia said you could show me the system, but I found the video.",
    "Thanks for offering to keep an eye out, but I have alerts set up.",
    "I'll keep an eye on the careers page myself.",
    "My CV is attached as background, but please don't feel you have to read it.",
    "My coach told me to ask you for a referral. I decided not to.",
    "Please find attached the article I mentioned.",
    "Have a lovely weekend, and say hi to the kids.",
    # other scripts and emoji must not crash, and a plain thank-you is still no ask
    "Danke für deine Hilfe.",
    "Merci beaucoup pour votre aide.",
    "شكرا جزيلا على وقتك",
    "🎉🎉 Got the job!!",
    "谢谢你的帮助。",
]

# Real requests: questions, polite requests, "I'd love to hear ...", imperatives.
ASKS = [
    "How did you get started in nursing?",
    "what do you like most about your work",
    "can u tell me how u got the job",
    "Could you tell me what you enjoy most about your job?",
    "Would you be open to a 15-minute call next week?",
    "Would you have ten minutes for a call this month, at a time that suits you.",
    "I'd love to hear how you moved into logistics.",
    "I would really like to ask you about the apprenticeship.",
    "I'd be grateful for any advice on the union exam.",
    "Any tips for someone starting out in UX?",
    "any tips for a first interview",
    "May I mention your name when I write to Ralph.",
    "Please send me the link when you have a moment.",
    "Let me know what you think of the program.",
    "I was wondering whether you might have 15 minutes some time.",
    "If you could spare ten minutes, that would mean a lot.",
    "Is it okay if I mention that we spoke.",
    "When you have a minute, tell me what a normal shift looks like.",
    "¿Podrías contarme cómo empezaste?",
    "هل يمكنك مساعدتي؟",
    "Hi 👋 could we grab a coffee sometime ☕",
    "I'm not asking you to refer me, but could you tell me how you got started?",
    "Don't worry, no pressure 😊 I'm just curious what a normal shift is like.",
]


@pytest.mark.parametrize("text", NOT_ASKS)
def test_a_statement_is_not_an_ask(text: str) -> None:
    feedback = analyze(text)
    assert not feedback.broken, "a statement that breaks a rule tests nothing here"
    assert feedback.has_ask is False, dict(feedback.chances)
    assert feedback.score == 0 and not feedback.is_easy_yes


@pytest.mark.parametrize("text", ASKS)
def test_a_real_request_is_an_ask(text: str) -> None:
    assert asks_something(text), text
    assert analyze(text).has_ask is True


def test_a_broken_rule_is_still_an_ask() -> None:
    """A hint that asks a lot ("I'll wait to hear from you") still asks something."""
    feedback = analyze("Great, thank you! I'll wait to hear from you.")
    assert feedback.broken and feedback.has_ask


@pytest.mark.parametrize(
    "text",
    [
        "",
        "?",
        "¿",
        "؟",
        "\u202e?uoy dluoc\u202c",
        "🙏" * 500,
        "Could you" + " help" * 5000 + "?",
        "\ud800 could you help?",
        "please" * 2000,
    ],
)
def test_odd_input_does_not_crash(text: str) -> None:
    assert isinstance(asks_something(text), bool)
    assert isinstance(analyze(text).has_ask, bool)


# ----- the rewrite checks ------------------------------------------------------------------


def _solution_answers() -> dict[str, str]:
    """Each check id's answer as written in the solution notebooks."""
    found: dict[str, str] = {}
    for path in sorted((ROOT / "solutions").glob("*.ipynb")):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            if cell["cell_type"] != "code":
                continue
            source = "".join(cell["source"])
            for node in ast.walk(ast.parse(source)):
                if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
                    name = node.targets[0].id
                    if name.startswith("answer_") and isinstance(node.value, ast.Constant):
                        check_id = name.removeprefix("answer_").replace("_", ".")
                        found[check_id] = node.value.value
    return found


SOLUTIONS = _solution_answers()
REWRITES = sorted(k for k in SOLUTIONS if check_spec(k)["kind"] == "rewrite")

# A solution rewrite with every sentence that asks something deleted (or, where the
# ask is the whole pitch, the ask turned into a statement).
ASK_DELETED = {
    "1.5": "I'm thinking about a move to a team like yours. I enjoy that kind of work.",
    "2.5": "Hello, I'm a paralegal thinking about a move into immigration law.",
    "2.6": (
        "Hello Ms. Tran, I'm moving from dental hygiene into UX, and I'm reading all I can "
        "about usability testing. Many thanks, Carla"
    ),
    "3.5": "Congratulations to you both, what a lovely party!",
    "4.5": (
        "Thanks so much for your time today. I'll drop you a note in a month to tell you "
        "how my search is going."
    ),
    "5.4": "Hello Dr. Mensah, I'm a bench chemist and I'm curious about process development.",
    "6.2": "Kai speaks so highly of you. It's a lovely party.",
    "6.4": (
        "Dear Mr. Hughes, I'm a designer moving into product work, and I admire how your "
        "team writes about its process. Thanks, Sophie"
    ),
    "7.3": (
        "I hear the coordinator job will be posted soon. I'll apply through the website "
        "myself when it opens."
    ),
    "7.4": (
        "Thanks for the advice about dispatch software. I'll search for the training course "
        "myself tonight."
    ),
}


def test_the_solutions_have_rewrite_checks() -> None:
    assert len(REWRITES) >= 10 and "3.5" in REWRITES
    assert set(ASK_DELETED) <= set(REWRITES)


@pytest.mark.parametrize("check_id", REWRITES)
def test_every_solution_rewrite_still_passes(check_id: str) -> None:
    result = grade_answer(check_id, SOLUTIONS[check_id])
    assert result.passed, (check_id, result.message)


@pytest.mark.parametrize("check_id", sorted(ASK_DELETED))
def test_a_rewrite_whose_ask_was_deleted_is_rejected(check_id: str) -> None:
    result = grade_answer(check_id, ASK_DELETED[check_id])
    assert not result.passed
    assert result.message == say("answers.rewrite.no_ask"), (check_id, result.message)


def test_exercise_3_5_without_its_question() -> None:
    """3.5's solution minus "Could I send you a note ...?": the "I'd love to hear how you
    got into engineering" sentence is itself a (soft) request, so it still asks; minus
    both sentences that ask, nothing is asked and the check says so."""
    solution = SOLUTIONS["3.5"]
    question = solution.index("Could I")
    without_question = solution[:question].strip()
    assert analyze(without_question).has_ask
    statement = without_question.replace(
        "I'd love to hear how you got into engineering some time.",
        "You both got into engineering at the same time.",
    )
    assert statement != without_question
    result = grade_answer("3.5", statement)
    assert result.message == say("answers.rewrite.no_ask")
