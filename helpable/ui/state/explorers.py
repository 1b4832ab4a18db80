"""The numbers and words beside the slider explorers (no widgets here)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import lru_cache

import pandas as pd

from helpable.content.strings import say
from helpable.model.decision import (
    DEFAULT,
    ModelParams,
    Placement,
    disclaimer,
    p_yes,
    trust_from,
)
from helpable.model.simulate import STRATEGIES, compare, final_means
from helpable.ui.style import percent

PREDICTIONS: tuple[str, ...] = ("same", "little", "lot", "down")
"""What a learner may predict happens to the chance of a yes as trust grows."""


def who(relationship: str) -> str:
    """Plain words for a relationship ('a former colleague')."""
    return say(f"relationship.{relationship}")


def pitch_readout(spot: Placement) -> str:
    """Plain text: where a placed pitch lands, with the model's caveat."""
    return f"{spot.summary} {disclaimer()}"


def map_readout(effort: float, commitment: float, params: ModelParams = DEFAULT) -> str:
    """Plain text: the chance of a yes to a risky ask from a stranger and from a close friend."""
    risky = 0.6
    stranger, friend = trust_from("stranger", params), trust_from("close_friend", params)
    return say(
        "explorer.map_readout",
        risk=risky,
        stranger=percent(p_yes(stranger, risky, effort, commitment, params)),
        friend=percent(p_yes(friend, risky, effort, commitment, params)),
    )


@lru_cache(maxsize=64)
def cached_results(
    keys: tuple[str, ...], contacts: int, weeks: int, runs: int, params: ModelParams
) -> dict[str, pd.DataFrame]:
    """Cached simulation results, so that going back to a setting is instant."""
    return compare(keys, seeds=range(runs), contacts=contacts, weeks=weeks, params=params)


def full_run(
    contacts: int, runs: int, talks_per_week: int, most_weeks: int, params: ModelParams
) -> dict[str, pd.DataFrame]:
    """Every week up to the slider's end; a change of weeks only cuts it shorter."""
    tuned = replace(params, talks_per_week=int(talks_per_week))
    return cached_results(tuple(STRATEGIES), int(contacts), most_weeks, int(runs), tuned)


def first_weeks(results: Mapping[str, pd.DataFrame], weeks: int) -> dict[str, pd.DataFrame]:
    """The first ``weeks`` weeks of each strategy's results.

    A seeded run draws the same numbers week by week however long it goes, so
    the first weeks of a long run are exactly a shorter run.
    """
    out = {}
    for key, frame in results.items():
        part = frame[frame["week"].to_numpy() <= weeks].reset_index(drop=True)
        part.attrs = dict(frame.attrs)
        out[key] = part
    return out


def sim_summary(results: Mapping[str, pd.DataFrame], weeks: int) -> str:
    """Plain text: contacts burned and referrals per strategy after ``weeks`` weeks."""
    table = final_means(dict(results))
    bits = [
        say(
            "explorer.sim_strategy",
            name=str(label),
            burned=f"{row['contacts_burned']:.1f}",
            referrals=f"{row['referrals']:.1f}",
        )
        for label, row in table.iterrows()
    ]
    return say("explorer.sim_summary", weeks=weeks, parts="; ".join(bits))


def verdict(low: float, high: float) -> str:
    """Which prediction is right for a chance that goes from ``low`` to ``high``."""
    if high < low:
        return "down"
    if high - low < 0.05:
        return "same"
    return "lot" if high >= 2 * low else "little"


@dataclass
class PredictionState:
    """Predict, then look: one ask, asked first of ``start`` and then of ``end``.

    Honest by design: :meth:`pick` records a guess and shows no number;
    :meth:`commit` locks it and says only whether it was right; the chances
    (:meth:`reading`) show only once the guess is committed.
    """

    ask: str
    risk: float = 0.6
    effort: float = 0.0
    commitment: float = 0.6
    start: str = "stranger"
    end: str = "former_colleague"
    params: ModelParams = DEFAULT
    guess: str | None = None
    committed: bool = False

    def __post_init__(self) -> None:
        for name in (self.start, self.end):
            trust_from(name, self.params)  # a clear error for an unknown relationship

    def chance(self, relationship: str) -> float:
        trust = trust_from(relationship, self.params)
        return float(p_yes(trust, self.risk, self.effort, self.commitment, self.params))

    @property
    def answer(self) -> str:
        return verdict(self.chance(self.start), self.chance(self.end))

    @property
    def unlocked(self) -> bool:
        """The chances show, and the person can be changed, once the guess is committed."""
        return self.committed

    def pick(self, guess: str) -> str:
        """Record a guess (not yet committed); returns what to say (plain text, no number)."""
        if guess not in PREDICTIONS:
            raise ValueError(f"A prediction is one of {PREDICTIONS}, not {guess!r}")
        if self.committed:
            raise ValueError("The guess is locked in; it can't be changed now.")
        self.guess = guess
        return say("explorer.predict_picked")

    def commit(self) -> str:
        """Lock the guess in; returns only whether it was right (plain text, no number)."""
        if self.guess is None:
            return say("explorer.predict_pick_first")
        self.committed = True
        return say(
            "explorer.locked_right" if self.guess == self.answer else "explorer.locked_wrong"
        )

    def reading(self, relationship: str) -> str:
        """Plain text: the chance of a yes from one relationship, once the guess is committed."""
        if not self.committed:
            return say("explorer.reading_hidden")
        chance = say(
            "explorer.reading", who=who(relationship), chance=percent(self.chance(relationship))
        )
        return f"{chance} {disclaimer()}"

    def question(self) -> str:
        """Plain text: the ask and the question."""
        return say(
            "explorer.predict_question", ask=self.ask, start=who(self.start), end=who(self.end)
        )
