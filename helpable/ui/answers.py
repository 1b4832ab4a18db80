"""Instant checks for the exercises: ``check("2.1", answer)``.

Each check is a row of ``data/checks.csv``. Answers are never stored as text
to compare against: a check works them out from the course's data and the
pitch analyzer, so it cannot drift from the data.

What the learner sees depends on how often they have tried (counted per
check by :data:`helpable.ui.state.tries.TRIES`; the same wrong answer twice is
one try):

* no answer yet (``...``), and always in Voilà: :func:`check` returns the
  check's answer widget (:mod:`helpable.ui.widgets.exercise`) instead of
  printing; the widget grades through :func:`respond_result` too, with the same
  try counting, and tells the right answer in words (``plain=True``);
  :func:`grade_answer` itself says "⏳ Not answered yet" and what to type, never the hint;
* a first wrong try: "✗ Not quite" and the row's ``hint``, which points to
  the thinking and never to the answer;
* a second (or later) wrong try: the right answer and why, worked out here
  exactly as grading does;
* a right answer: ✓ and a one-line why.

:func:`grade_answer` is pure: its :class:`Result` holds the verdict, the
hint and the answer-with-reason, and :meth:`Result.feedback` picks what to
show for a number of wrong tries.

Kinds of check:

``classify``
    ``target`` is an approach id (``a017``) or a quiz id (``q03.2``); the
    answer is a set of rule keys (an empty set for "breaks no rule").
``find_phrase``
    ``target`` is ``ID:RULE``; the answer is a phrase copied from that pitch
    that carries the rule (it must overlap what the analyzer flags).
``rewrite``
    ``target`` is an approach id; the answer is a rewrite of it that asks for
    something (the analyzer's ``has_ask``), breaks no rule and is not the original.
``count``
    ``target`` is a filter over ``data/approaches.csv`` in the small language of
    :mod:`helpable.content.filters` (for example
    ``risk == 1 and setting == "social_gathering"``), read and checked when
    ``checks.csv`` loads and never run as Python; the answer is how many rows
    match.
``choice``
    ``target`` names a question registered in :data:`CHOICES`, with an
    argument after a colon when it takes one (``busier_at_the_end:conversations``).
    The question's code works out the right option from the trust-and-risk
    model or the simulation; the answer is one of its options, by key
    (``"stranger"``) or by its plain name (``"close friend"``).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from helpable.analyzer.engine import analyze, evidence_share
from helpable.analyzer.feedback import Feedback, Finding
from helpable.analyzer.segment import clauses
from helpable.content.approaches import load_approaches
from helpable.content.checks import SCHEMA, check_spec, count_filter
from helpable.content.quiz import load_quiz
from helpable.content.rules import RULE_KEYS, rule
from helpable.content.strings import say, say_count
from helpable.ui.choices import CHOICES, Choice, choice_question
from helpable.ui.state.tries import TRIES, Tries
from helpable.ui.wording import and_list, filter_words, quoted, sentence, words_around

if TYPE_CHECKING:
    from helpable.ui.widgets.exercise import ExerciseBox

VOILA_ENVIRONMENT = ("VOILA_KERNEL_ID", "VOILA_SERVER_URL", "VOILA_BASE_URL")
"""Environment variables that Voilà sets in the kernels it starts."""

CARRIES = 0.15
"""A phrase carries a rule when it holds at least this share of the analyzer's evidence."""

__all__ = [
    "CHOICES",
    "SCHEMA",
    "Choice",
    "Result",
    "check",
    "choice_question",
    "grade_answer",
    "in_voila",
    "respond",
    "respond_result",
]

NOT_ANSWERED = "not_answered"
CORRECT = "correct"
WRONG = "wrong"
BAD_INPUT = "bad_input"

Spec = dict[str, str]


@dataclass(frozen=True)
class Result:
    """The outcome of one check.

    ``message`` is the verdict (it never gives the answer away); ``hint`` is
    the row's hint and ``reveal`` the right answer and why, both only for a
    wrong answer; ``said`` is the answer as grading read it, so that the same
    answer written two ways counts as one try.
    """

    status: str
    message: str
    hint: str = ""
    reveal: str = ""
    said: str = ""

    @property
    def passed(self) -> bool:
        return self.status == CORRECT

    def feedback(self, wrong_tries: int = 1) -> str:
        """What to show after ``wrong_tries`` different wrong answers (this one included)."""
        if self.status != WRONG:
            return self.message
        if wrong_tries >= 2 and self.reveal:
            return f"{self.message}\n{self.reveal}"
        return (
            f"{self.message} {say('answers.hint', hint=self.hint)}" if self.hint else self.message
        )

    def __str__(self) -> str:
        return self.message


def _unanswered(answer: Any) -> bool:
    if answer is ... or answer is None:
        return True
    return isinstance(answer, str) and answer.strip() in ("", "...")


def _pitch(target: str) -> dict[str, Any]:
    """The approach (``a017``) or quiz item (``q03.2``) a check is about."""
    if target.startswith("q"):
        for item in load_quiz():
            if item.id == target:
                return {
                    "text": item.text,
                    "setting": item.setting,
                    "relationship": item.relationship,
                    "explanation": item.explanation,
                    **{k: int(k in item.broken) for k in RULE_KEYS},
                }
        raise KeyError(f"checks.csv names {target!r}, which is not in the data")
    frame = load_approaches()
    row = frame[frame["id"] == target]
    if row.empty:
        raise KeyError(f"checks.csv names {target!r}, which is not in the data")
    return {str(k): v for k, v in row.iloc[0].to_dict().items()}


def _analyze(text: str, item: Mapping[str, Any]) -> Feedback:
    return analyze(text, setting=item.get("setting"), relationship=item.get("relationship"))


def _wrong(spec: Spec, message: str, said: str, reveal: str) -> Result:
    head = say("answers.reveal_head")
    return Result(WRONG, message, spec["hint"], f"{head} {reveal}" if reveal else "", said)


# --- classify ------------------------------------------------------------------------------


def _as_rule_set(answer: Any) -> set[str] | None:
    if isinstance(answer, str):
        answer = [answer] if answer.strip() else []
    if not isinstance(answer, Iterable) or isinstance(answer, dict):
        return None
    items = {str(a).strip().lower() for a in answer}
    items.discard("none")
    return items if items <= set(RULE_KEYS) else None


def _rule_lines(item: Mapping[str, Any], truth: set[str]) -> list[str]:
    """For each rule: broken, why, and the words that show it; or why it is fine here."""
    feedback = _analyze(item["text"], item)
    lines = []
    for key in RULE_KEYS:
        name = rule(key).name
        if key not in truth:
            lines.append(say("answers.classify.fine", name=name, why=say(f"quiz.fine_why.{key}")))
            continue
        why = say(f"quiz.broken_why.{key}")
        shown: list[str] = []
        for finding in feedback.findings_for(key):
            words = quoted(words_around(item["text"], finding.start, finding.end))
            if words not in shown:
                shown.append(words)
        if shown:
            lines.append(
                say("answers.classify.broken_words", name=name, why=why, words=" ".join(shown))
            )
        else:
            lines.append(say("answers.classify.broken", name=name, why=why))
    return lines


def _classify(spec: Spec, answer: Any, plain: bool = False) -> Result:
    chosen = _as_rule_set(answer)
    if chosen is None:
        return Result(BAD_INPUT, say("answers.classify.bad_input"))
    item = _pitch(spec["target"])
    truth = {k for k in RULE_KEYS if int(item[k]) == 1}
    names = and_list([rule(k).name for k in RULE_KEYS if k in truth])
    if chosen == truth:
        if not truth:
            return Result(CORRECT, say("answers.classify.right_none"))
        costs = [
            say("answers.classify.cost", name=rule(k).name, cost=rule(k).cost)
            for k in RULE_KEYS
            if k in truth
        ]
        return Result(CORRECT, say("answers.classify.right", names=and_list(costs)))
    missing, extra = len(truth - chosen), len(chosen - truth)
    parts = []
    if missing:
        parts.append(
            say_count(missing, "answers.classify.missed_one", "answers.classify.missed_many")
        )
    if extra:
        parts.append(say_count(extra, "answers.classify.extra_one", "answers.classify.extra_many"))
    message = say("answers.classify.wrong", parts=and_list(parts))
    if plain:
        head = say("answers.classify.reveal_plain", names=names or say("answers.classify.no_rule"))
    elif truth:
        answer_code = "{" + ", ".join(f'"{k}"' for k in RULE_KEYS if k in truth) + "}"
        head = say("answers.classify.reveal", answer=answer_code, names=names)
    else:
        head = say("answers.classify.reveal_none")
    lines = [head, *_rule_lines(item, truth)]
    if item.get("explanation"):
        lines.append(f"{say('quiz.why')} {item['explanation']}")
    return _wrong(spec, message, ",".join(sorted(chosen)), "\n".join(lines))


# --- find_phrase ---------------------------------------------------------------------------


def _too_long(phrase: str, text: str) -> bool:
    return len(phrase.split()) > max(12, len(text.split()) // 2)


def _carrier(item: Mapping[str, Any], rule_key: str) -> tuple[int, int, str] | None:
    """Words of the pitch that carry the rule, as grading accepts them: (start, end, why).

    The analyzer's first finding for the rule, or else the clause with the
    biggest share of its evidence (if that share is enough to pass).
    """
    text: str = item["text"]
    findings = _analyze(text, item).findings_for(rule_key)
    if findings:
        return findings[0].start, findings[0].end, findings[0].why
    context = {"setting": item.get("setting"), "relationship": item.get("relationship")}
    shares = [
        (evidence_share(text, rule_key, c.start, c.end, **context), c.start, c.end)
        for c in clauses(text)
        if not _too_long(text[c.start : c.end], text)
    ]
    share, start, end = max(shares, default=(0.0, 0, 0))
    return (start, end, "") if share >= CARRIES else None


def _phrase_reveal(item: Mapping[str, Any], rule_key: str) -> str:
    found = _carrier(item, rule_key)
    if found is None:
        return ""
    start, end, why = found
    text: str = item["text"]
    shown = say(
        "answers.find_phrase.reveal",
        phrase=quoted(text[start:end]),
        sentence=quoted(sentence(text, start, end)),
    )
    return f"{shown} {say('answers.find_phrase.helper_thinks', why=quoted(why))}" if why else shown


def _find_phrase(spec: Spec, answer: Any, plain: bool = False) -> Result:
    if not isinstance(answer, str):
        return Result(BAD_INPUT, say("answers.find_phrase.bad_input"))
    target, _, rule_key = spec["target"].partition(":")
    item = _pitch(target)
    text: str = item["text"]
    phrase = answer.strip().strip("\"'“”‘’").strip()
    said = " ".join(phrase.lower().split())

    def wrong(message: str) -> Result:
        return _wrong(spec, message, said, _phrase_reveal(item, rule_key))

    start = text.lower().find(phrase.lower())
    if start < 0:
        return wrong(say("answers.find_phrase.not_in_pitch"))
    if _too_long(phrase, text):
        return wrong(say("answers.find_phrase.too_long"))
    setting, relationship = item.get("setting"), item.get("relationship")
    feedback = analyze(text, setting=setting, relationship=relationship)
    end = start + len(phrase)
    marked = [f for f in feedback.findings_for(rule_key) if f.start < end and start < f.end]
    share = evidence_share(text, rule_key, start, end, setting=setting, relationship=relationship)
    if marked:
        why = say("answers.find_phrase.helper_thinks", why=quoted(marked[0].why))
        return Result(CORRECT, f"{say('answers.find_phrase.right')} {why}")
    if share >= CARRIES:
        return Result(CORRECT, say("answers.find_phrase.right_share", name=rule(rule_key).name))
    return wrong(say("answers.find_phrase.wrong"))


# --- rewrite -------------------------------------------------------------------------------


def _fix_lines(findings: Iterable[Finding]) -> list[str]:
    """One line per flagged phrase: the rules it breaks, why, and what to try instead."""
    by_span: dict[tuple[int, int], list[Finding]] = {}
    for finding in findings:
        by_span.setdefault((finding.start, finding.end), []).append(finding)
    return [
        say(
            "answers.rewrite.fix",
            name=and_list([rule(f.rule).name for f in group]),
            phrase=quoted(group[0].phrase),
            why=quoted(group[0].why),
            instead=quoted(group[0].try_instead),
        )
        for group in by_span.values()
    ]


def _rewrite_reveal(item: Mapping[str, Any], findings: Iterable[Finding] = ()) -> str:
    """A model rewrite that passes (checked here as grading checks it), and what to fix."""
    lines = []
    model = str(item.get("better_version") or "")
    feedback = _analyze(model, item) if model else None
    if feedback is not None and feedback.has_ask and not feedback.broken:
        lines.append(say("answers.rewrite.reveal_model", text=quoted(model)))
    else:
        lines.append(say("answers.rewrite.reveal_rule"))
    fixes = _fix_lines(findings)
    if fixes:
        lines += [say("answers.rewrite.in_yours"), *fixes]
    return "\n".join(lines)


def _rewrite(spec: Spec, answer: Any, plain: bool = False) -> Result:
    if not isinstance(answer, str):
        return Result(BAD_INPUT, say("answers.rewrite.bad_input"))
    item = _pitch(spec["target"])
    said = " ".join(answer.split()).lower()
    if said == " ".join(item["text"].split()).lower():
        return _wrong(spec, say("answers.rewrite.original"), said, _rewrite_reveal(item))
    if len(answer.split()) < 5:
        return _wrong(spec, say("answers.rewrite.too_short"), said, _rewrite_reveal(item))
    feedback = _analyze(answer, item)
    if not feedback.has_ask:
        return _wrong(spec, say("answers.rewrite.no_ask"), said, _rewrite_reveal(item))
    if not feedback.broken:
        return Result(CORRECT, say("answers.rewrite.right"))
    names = and_list([rule(k).label for k in RULE_KEYS if k in feedback.broken])
    return _wrong(
        spec,
        say("answers.rewrite.still_breaks", names=names),
        said,
        _rewrite_reveal(item, feedback.findings),
    )


# --- count ---------------------------------------------------------------------------------


def _count(spec: Spec, answer: Any, plain: bool = False) -> Result:
    if isinstance(answer, np.integer):
        answer = int(answer)
    if isinstance(answer, bool) or not isinstance(answer, int):
        return Result(BAD_INPUT, say("answers.count.bad_input"))
    tree = count_filter(spec["target"])
    truth = int(tree.apply(load_approaches()).sum())
    words = filter_words(tree)
    if answer == truth:
        return Result(CORRECT, say("answers.count.right", count=truth, filter=words))
    reveal = say("answers.count.reveal", count=truth, filter=words)
    return _wrong(spec, say("answers.count.wrong"), str(answer), reveal)


# --- choice --------------------------------------------------------------------------------


def _option_key(answer: str, options: Mapping[str, str]) -> str | None:
    said = " ".join(answer.strip().strip("\"'“”‘’").replace("_", " ").split()).lower()
    for key, label in options.items():
        if said in (key.replace("_", " ").lower(), label.lower()):
            return key
    return None


def _listed(options: Mapping[str, str]) -> str:
    return ", ".join(f'"{key}"' for key in options)


def _choice(spec: Spec, answer: Any, plain: bool = False) -> Result:
    question, arg = choice_question(spec["target"])
    options = question.options()
    if not isinstance(answer, str):
        return Result(BAD_INPUT, say("answers.choice.bad_input", options=_listed(options)))
    chosen = _option_key(answer, options)
    if chosen is None:
        return Result(
            BAD_INPUT, say("answers.choice.unknown", answer=repr(answer), options=_listed(options))
        )
    right, why = question.solve(arg), question.why(arg)
    if chosen == right:
        return Result(CORRECT, say("answers.choice.right", why=why))
    option = f'"{right}"'
    if plain:
        option = quoted(options[right])
    elif options[right].lower() != right.replace("_", " "):
        option = f"{option} ({options[right]})"
    reveal = say("answers.choice.reveal", option=option, why=why)
    return _wrong(spec, say("answers.choice.wrong"), chosen, reveal)


# --- grading and showing -------------------------------------------------------------------

_KIND_FUNCS: dict[str, Callable[[Spec, Any, bool], Result]] = {
    "classify": _classify,
    "find_phrase": _find_phrase,
    "rewrite": _rewrite,
    "count": _count,
    "choice": _choice,
}


def _not_answered(spec: Spec) -> str:
    """'Not answered yet' and what to type: never the hint."""
    kind = spec["kind"]
    if kind == "classify":
        what = say("answers.type.classify")
    elif kind == "find_phrase":
        what = say("answers.type.find_phrase")
    elif kind == "rewrite":
        what = say("answers.type.rewrite")
    elif kind == "count":
        what = say("answers.type.count")
    else:
        what = say(
            "answers.type.choice", options=_listed(choice_question(spec["target"])[0].options())
        )
    return say("answers.not_answered", what=what)


def grade_answer(check_id: str, answer: Any, *, plain: bool = False) -> Result:
    """Check one answer and return a :class:`Result`, never raising on bad input.

    With ``plain`` the right answer is told in words (for the answer widget,
    where the learner writes no code) rather than as a value to type; the
    verdict is the same either way.
    """
    try:
        spec = check_spec(check_id)
    except KeyError as exc:
        return Result(BAD_INPUT, say("answers.problem", detail=exc.args[0]))
    if _unanswered(answer):
        return Result(NOT_ANSWERED, _not_answered(spec))
    try:
        return _KIND_FUNCS[spec["kind"]](spec, answer, plain)
    except (TypeError, ValueError) as exc:
        return Result(BAD_INPUT, say("answers.did_not_work", detail=str(exc)))


def respond_result(
    check_id: str, answer: Any, tries: Tries | None = None, *, plain: bool = False
) -> tuple[Result, str]:
    """Grade one answer, count it if it is a new wrong try; the result and what to show.

    The ✏️ cell's printed check and the answer widget both grade through here,
    so they count tries the same way (and share the kernel's :data:`TRIES`).
    """
    tries = TRIES if tries is None else tries
    result = grade_answer(check_id, answer, plain=plain)
    if result.status == WRONG:
        return result, result.feedback(tries.record_wrong(check_id, result.said))
    return result, result.feedback(tries.count(check_id))


def respond(check_id: str, answer: Any, tries: Tries | None = None) -> str:
    """Grade one answer, count it if it is a new wrong try, and say what to show."""
    return respond_result(check_id, answer, tries)[1]


def in_voila() -> bool:
    """True inside a Voilà app's kernel (Voilà sets these in the kernel's environment)."""
    return any(name in os.environ for name in VOILA_ENVIRONMENT)


def check(check_id: str, answer: Any, *, tries: Tries | None = None) -> ExerciseBox | None:
    """Print ✓, or a hint after a first wrong try and the answer after a second.

    When there is no answer yet (``...``), and always in Voilà, it returns the
    check's answer widget instead (:func:`helpable.ui.widgets.exercise.exercise_box`),
    which the notebook shows; the widget grades and counts tries the same way.
    ``tries`` is the kernel's :data:`helpable.ui.state.tries.TRIES` unless given.
    """
    if _unanswered(answer) or in_voila():
        from helpable.ui.widgets.exercise import exercise_box

        return exercise_box(check_id, tries=tries)
    print(f"[{check_id}] {respond(check_id, answer, tries)}")
    return None
