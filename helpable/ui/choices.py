"""The ``choice`` questions of the exercise checks, with the reason for each right option.

A question scores every option from the trust-and-risk model or the
simulation; the right option is the one with the highest score, so it is
worked out, never stored. :meth:`Choice.why` says in one or two plain
sentences what the numbers show, for the learner who got it right or who
has tried twice.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from helpable.content.approaches import RELATIONSHIPS
from helpable.content.checks import CHOICE_QUESTIONS
from helpable.content.strings import say
from helpable.model.decision import p_yes, trust_from
from helpable.model.simulate import METRICS, STRATEGIES, compare

__all__ = ["CHOICES", "Choice", "choice_question"]

Scores = Mapping[str, float]


@dataclass(frozen=True)
class Choice:
    """A question with a few options whose right one is computed, never stored.

    ``options()`` maps each option's key to its plain name (both are accepted
    as answers). ``scores`` takes the argument after the colon in ``target``
    (or ``""``) and scores each option; the right one scores highest.
    ``explain(arg, scores)`` says why, from those scores.
    """

    options: Callable[[], Mapping[str, str]]
    scores: Callable[[str], Scores]
    explain: Callable[[str, Scores], str]

    def solve(self, arg: str) -> str:
        """The key of the right option."""
        return _best(self.scores(arg))[0]

    def why(self, arg: str) -> str:
        """Why the right option is right, in plain words with the model's numbers."""
        return self.explain(arg, self.scores(arg))


def _best(scores: Scores) -> list[str]:
    """The option keys, highest score first (ties keep the options' order)."""
    return sorted(scores, key=lambda key: -scores[key])


def _relationship_options() -> dict[str, str]:
    return {r: r.replace("_", " ") for r in RELATIONSHIPS}


def _strategy_options() -> dict[str, str]:
    return {key: strategy.label for key, strategy in STRATEGIES.items()}


def _risk(arg: str) -> float:
    return float(arg) if arg else 0.6


def _risk_cut_gains(arg: str) -> dict[str, float]:
    """How much each relationship's chance of a yes rises when an ask's risk goes to 0.

    The ask's risk is 0.6, or the number after the colon in ``target``.
    """
    risk = _risk(arg)
    return {
        r: float(p_yes(trust_from(r), 0.0)) - float(p_yes(trust_from(r), risk))
        for r in _relationship_options()
    }


def _percent(p: float) -> str:
    return str(round(100 * p))


def _why_risk_cut(arg: str, gains: Scores) -> str:
    best, second = _best(gains)[:2]
    names = _relationship_options()
    return say(
        "answers.choice.why_risk_cut",
        risk=f"{_risk(arg):g}",
        best=names[best],
        before=_percent(float(p_yes(trust_from(best), _risk(arg)))),
        after=_percent(float(p_yes(trust_from(best), 0.0))),
        gain=_percent(gains[best]),
        second=names[second],
        second_gain=_percent(gains[second]),
    )


@lru_cache(maxsize=8)
def _week12(metric: str) -> tuple[tuple[str, float], ...]:
    results = compare(seeds=range(40), weeks=12)
    return tuple(
        (key, float(frame.loc[(frame["metric"] == metric) & (frame["week"] == 12), "mean"].iloc[0]))
        for key, frame in results.items()
    )


def _busier_at_the_end(arg: str) -> dict[str, float]:
    """Each strategy's mean of a metric in week 12, over 40 seeded runs."""
    if arg not in METRICS:
        raise KeyError(f"busier_at_the_end needs a metric ({', '.join(METRICS)}), not {arg!r}")
    return dict(_week12(arg))


def _why_busier(arg: str, means: Scores) -> str:
    best, other = _best(means)[:2]
    names = _strategy_options()
    return say(
        "answers.choice.why_busier",
        metric=arg.replace("_", " "),
        best=names[best],
        best_value=f"{means[best]:.1f}",
        other=names[other],
        other_value=f"{means[other]:.1f}",
    )


CHOICES: dict[str, Choice] = {
    "risk_cut_helps_most": Choice(_relationship_options, _risk_cut_gains, _why_risk_cut),
    "busier_at_the_end": Choice(_strategy_options, _busier_at_the_end, _why_busier),
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
