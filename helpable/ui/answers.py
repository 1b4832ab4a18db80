"""Instant checks for the exercises: ``check("2.1", answer)``.

Each check is a row of ``data/checks.csv``. Answers are never stored as text
to compare against: a check works them out from the course's data and the
pitch analyzer, so it cannot reveal them and cannot drift from the data.

Kinds of check:

``classify``
    ``target`` is an approach id (``a017``) or a quiz id (``q03.2``); the
    answer is a set of rule keys (an empty set for "breaks no rule").
``find_phrase``
    ``target`` is ``ID:RULE``; the answer is a phrase copied from that pitch
    that carries the rule (it must overlap what the analyzer flags).
``rewrite``
    ``target`` is an approach id; the answer is a rewrite of it that breaks
    no rule and is not the original.
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

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from helpable.analyzer.engine import analyze, evidence_share
from helpable.content.approaches import RELATIONSHIPS, load_approaches
from helpable.content.checks import CHOICE_QUESTIONS, SCHEMA, check_spec, count_filter
from helpable.content.quiz import load_quiz
from helpable.content.rules import RULE_KEYS, rule
from helpable.model.decision import p_yes, trust_from
from helpable.model.simulate import METRICS, STRATEGIES, compare

CARRIES = 0.15
"""A phrase carries a rule when it holds at least this share of the analyzer's evidence."""

__all__ = ["CHOICES", "SCHEMA", "Result", "check", "grade_answer"]


@dataclass(frozen=True)
class Choice:
    """A question with a few options whose right one is computed, never stored.

    ``options()`` maps each option's key to its plain name (both are accepted
    as answers); ``solve`` takes the argument after the colon in ``target``
    (or ``""``) and returns the key of the right option.
    """

    options: Callable[[], Mapping[str, str]]
    solve: Callable[[str], str]


def _relationship_options() -> dict[str, str]:
    return {r: r.replace("_", " ") for r in RELATIONSHIPS}


def _strategy_options() -> dict[str, str]:
    return {key: strategy.label for key, strategy in STRATEGIES.items()}


def _risk_cut_helps_most(arg: str) -> str:
    """The relationship whose chance of a yes rises most when an ask's risk goes to 0.

    The ask's risk is 0.6, or the number after the colon in ``target``.
    """
    risk = float(arg) if arg else 0.6
    gains = {
        r: float(p_yes(trust_from(r), 0.0)) - float(p_yes(trust_from(r), risk))
        for r in _relationship_options()
    }
    return max(gains, key=gains.__getitem__)


def _busier_at_the_end(arg: str) -> str:
    """The strategy with the higher mean of a metric in week 12, over 40 seeded runs."""
    if arg not in METRICS:
        raise KeyError(f"busier_at_the_end needs a metric ({', '.join(METRICS)}), not {arg!r}")
    results = compare(seeds=range(40), weeks=12)
    last = {
        key: float(frame.loc[(frame["metric"] == arg) & (frame["week"] == 12), "mean"].iloc[0])
        for key, frame in results.items()
    }
    return max(last, key=last.__getitem__)


CHOICES: dict[str, Choice] = {
    "risk_cut_helps_most": Choice(_relationship_options, _risk_cut_helps_most),
    "busier_at_the_end": Choice(_strategy_options, _busier_at_the_end),
}
"""The ``choice`` questions by name (the part of ``target`` before any colon).

Their names are listed in :data:`helpable.content.checks.CHOICE_QUESTIONS`.
"""
assert set(CHOICES) == set(CHOICE_QUESTIONS), "CHOICES and CHOICE_QUESTIONS must agree"


def choice_question(target: str) -> tuple[Choice, str]:
    """The registered question a ``choice`` target names, and its argument."""
    name, _, arg = target.partition(":")
    if name not in CHOICES:
        raise KeyError(f"checks.csv names a choice question {name!r} that is not in CHOICES")
    return CHOICES[name], arg


NOT_ANSWERED = "not_answered"
CORRECT = "correct"
WRONG = "wrong"
BAD_INPUT = "bad_input"


@dataclass(frozen=True)
class Result:
    """The outcome of one check: a status and a message for the learner."""

    status: str
    message: str

    @property
    def passed(self) -> bool:
        return self.status == CORRECT

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
                    **{k: int(k in item.broken) for k in RULE_KEYS},
                }
        raise KeyError(f"checks.csv names {target!r}, which is not in the data")
    frame = load_approaches()
    row = frame[frame["id"] == target]
    if row.empty:
        raise KeyError(f"checks.csv names {target!r}, which is not in the data")
    return {str(k): v for k, v in row.iloc[0].to_dict().items()}


def _as_rule_set(answer: Any) -> set[str] | None:
    if isinstance(answer, str):
        answer = [answer] if answer.strip() else []
    if not isinstance(answer, Iterable) or isinstance(answer, dict):
        return None
    items = {str(a).strip().lower() for a in answer}
    items.discard("none")
    return items if items <= set(RULE_KEYS) else None


def _classify(spec: dict[str, str], answer: Any) -> Result:
    chosen = _as_rule_set(answer)
    if chosen is None:
        return Result(
            BAD_INPUT,
            'Your answer should be a set of rule names, like {"effort", "risk"}, '
            f"using only {', '.join(RULE_KEYS)}. Use set() if it breaks no rule.",
        )
    item = _pitch(spec["target"])
    truth = {k for k in RULE_KEYS if int(item[k]) == 1}
    if chosen == truth:
        return Result(CORRECT, "✓ Correct.")
    missing, extra = len(truth - chosen), len(chosen - truth)
    parts = []
    if missing:
        parts.append(f"you missed {missing} rule{'s' if missing > 1 else ''}")
    if extra:
        parts.append(f"{extra} of your rules {'is' if extra == 1 else 'are'} not broken here")
    return Result(WRONG, f"✗ Not quite: {' and '.join(parts)}. Hint: {spec['hint']}")


def _find_phrase(spec: dict[str, str], answer: Any) -> Result:
    if not isinstance(answer, str):
        return Result(BAD_INPUT, "Your answer should be text in quotes, copied from the pitch.")
    target, _, rule_key = spec["target"].partition(":")
    item = _pitch(target)
    text: str = item["text"]
    phrase = answer.strip().strip("\"'“”‘’").strip()
    start = text.lower().find(phrase.lower())
    if start < 0:
        return Result(WRONG, "✗ That phrase is not in the pitch. Copy it exactly, word for word.")
    if len(phrase.split()) > max(12, len(text.split()) // 2):
        return Result(WRONG, "✗ That is most of the pitch. Pick the few words that carry it.")
    setting, relationship = item.get("setting"), item.get("relationship")
    feedback = analyze(text, setting=setting, relationship=relationship)
    end = start + len(phrase)
    marked = any(f.start < end and start < f.end for f in feedback.findings_for(rule_key))
    share = evidence_share(text, rule_key, start, end, setting=setting, relationship=relationship)
    if marked or share >= CARRIES:
        return Result(CORRECT, "✓ Yes, those words carry it.")
    return Result(WRONG, f"✗ Those words are not the problem. Hint: {spec['hint']}")


def _rewrite(spec: dict[str, str], answer: Any) -> Result:
    if not isinstance(answer, str):
        return Result(BAD_INPUT, "Your rewrite should be text in quotes.")
    item = _pitch(spec["target"])
    if " ".join(answer.split()).lower() == " ".join(item["text"].split()).lower():
        return Result(WRONG, "✗ That is the original pitch. Change it so it breaks no rule.")
    if len(answer.split()) < 5:
        return Result(WRONG, "✗ Too short to be a real pitch. Write at least one full sentence.")
    feedback = analyze(answer, setting=item.get("setting"), relationship=item.get("relationship"))
    if not feedback.has_ask:
        return Result(WRONG, "✗ This asks for nothing yet. Add one small question they can answer.")
    if not feedback.broken:
        return Result(CORRECT, "✓ Easy to say yes to: it breaks no rule.")
    names = ", ".join(rule(k).label for k in RULE_KEYS if k in feedback.broken)
    return Result(WRONG, f"✗ This still breaks: {names}. Hint: {spec['hint']}")


def _count(spec: dict[str, str], answer: Any) -> Result:
    if isinstance(answer, np.integer):
        answer = int(answer)
    if isinstance(answer, bool) or not isinstance(answer, int):
        return Result(BAD_INPUT, "Your answer should be a whole number, like 12.")
    truth = int(count_filter(spec["target"]).apply(load_approaches()).sum())
    if answer == truth:
        return Result(CORRECT, "✓ Correct.")
    return Result(WRONG, f"✗ Not quite. Hint: {spec['hint']}")


def _option_key(answer: str, options: Mapping[str, str]) -> str | None:
    said = " ".join(answer.strip().strip("\"'“”‘’").replace("_", " ").split()).lower()
    for key, label in options.items():
        if said in (key.replace("_", " ").lower(), label.lower()):
            return key
    return None


def _choice(spec: dict[str, str], answer: Any) -> Result:
    question, arg = choice_question(spec["target"])
    options = question.options()
    listed = ", ".join(f'"{key}"' for key in options)
    if not isinstance(answer, str):
        return Result(BAD_INPUT, f"Your answer should be one option in quotes: {listed}.")
    chosen = _option_key(answer, options)
    if chosen is None:
        return Result(BAD_INPUT, f"{answer!r} is not one of the options. Choose one of: {listed}.")
    if chosen == question.solve(arg):
        return Result(CORRECT, "✓ Correct: that is what the model says.")
    return Result(WRONG, f"✗ Not quite. Hint: {spec['hint']}")


_KIND_FUNCS = {
    "classify": _classify,
    "find_phrase": _find_phrase,
    "rewrite": _rewrite,
    "count": _count,
    "choice": _choice,
}


def grade_answer(check_id: str, answer: Any) -> Result:
    """Check one answer and return a :class:`Result`, never raising on bad input."""
    try:
        spec = check_spec(check_id)
    except KeyError as exc:
        return Result(BAD_INPUT, f"⚠ {exc.args[0]}")
    if _unanswered(answer):
        return Result(NOT_ANSWERED, f"⏳ Not answered yet. Hint: {spec['hint']}")
    try:
        return _KIND_FUNCS[spec["kind"]](spec, answer)
    except (TypeError, ValueError) as exc:
        return Result(BAD_INPUT, f"⚠ That answer did not work: {exc}")


def check(check_id: str, answer: Any) -> None:
    """Print ✓ or a specific hint for one exercise answer."""
    print(f"[{check_id}] {grade_answer(check_id, answer)}")
