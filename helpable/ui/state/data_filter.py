"""Counting in the data without code: the logic behind the approach filter widget.

:class:`ApproachFilter` keeps the learner's choices (setting, channel,
relationship, whether each rule is broken, and how many rules at least) and
says how many of the course's example approaches match, with a few of them
as plain rows: a short pitch, who it was to, where, how, and the rules it
breaks in words. No ids, no column names, no codes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

from helpable.content.approaches import CHANNELS, RELATIONSHIPS, SETTINGS, load_approaches
from helpable.content.rules import RULE_KEYS, rule
from helpable.content.strings import say

ANY = "any"
YES = "yes"
NO = "no"
BROKEN_CHOICES: tuple[str, ...] = (ANY, YES, NO)
"""Whether a rule must be broken: either way, yes, or no."""

SHORT_PITCH = 90
"""How many characters of a pitch a row shows before "…"."""
SHOWN_ROWS = 8
"""How many matching approaches the table shows."""


def _plain(kind: str, key: str) -> str:
    """A setting, channel or relationship key in the course's words."""
    words = say(f"{kind}.{key}")
    return words[0].upper() + words[1:]


def setting_options() -> list[tuple[str, str]]:
    return [(say("filter.any"), ANY), *((_plain("setting", k), k) for k in SETTINGS)]


def channel_options() -> list[tuple[str, str]]:
    return [(say("filter.any"), ANY), *((_plain("channel", k), k) for k in CHANNELS)]


def relationship_options() -> list[tuple[str, str]]:
    return [(say("filter.any"), ANY), *((_plain("relationship", k), k) for k in RELATIONSHIPS)]


def broken_options() -> list[tuple[str, str]]:
    return [(say("filter.any"), ANY), (say("filter.yes"), YES), (say("filter.no"), NO)]


def at_least_options() -> list[tuple[str, int]]:
    return [(str(n), n) for n in range(len(RULE_KEYS) + 1)]


def short_pitch(text: str, limit: int = SHORT_PITCH) -> str:
    """The pitch on one line, cut at a word before ``limit`` characters, with "…"."""
    flat = " ".join(str(text).split())
    if len(flat) <= limit:
        return flat
    cut = flat[:limit].rsplit(" ", 1)[0].rstrip(",;:.")
    return f"{cut}…"


def rules_in_words(row: Mapping[str, object] | pd.Series) -> str:
    """The rules a row breaks, by name ("Effort, Risk"), or "none"."""
    names = [rule(key).name for key in RULE_KEYS if int(str(row[key])) == 1]
    return ", ".join(names) if names else say("filter.no_rule")


@dataclass
class ApproachFilter:
    """The learner's filter over the example approaches, and what matches it."""

    frame: pd.DataFrame = field(default_factory=load_approaches, repr=False)
    setting: str = ANY
    channel: str = ANY
    relationship: str = ANY
    broken: dict[str, str] = field(default_factory=lambda: dict.fromkeys(RULE_KEYS, ANY))
    at_least: int = 0

    def __post_init__(self) -> None:
        if "rules_broken" not in self.frame:
            self.frame = self.frame.assign(rules_broken=self.frame[list(RULE_KEYS)].sum(axis=1))

    def matches(self) -> pd.DataFrame:
        """The approaches that match every choice."""
        frame = self.frame
        keep = pd.Series(True, index=frame.index)
        for column, value in (
            ("setting", self.setting),
            ("channel", self.channel),
            ("relationship", self.relationship),
        ):
            if value != ANY:
                keep &= frame[column] == value
        for key, wanted in self.broken.items():
            if wanted != ANY:
                keep &= frame[key].astype(int) == (1 if wanted == YES else 0)
        keep &= frame["rules_broken"].astype(int) >= int(self.at_least)
        return frame[keep]

    def count(self) -> int:
        """How many approaches match."""
        return len(self.matches())

    def summary(self) -> str:
        """ "17 approaches match your choices." (or 1, or none)."""
        n = self.count()
        if n == 0:
            return say("filter.count_none")
        if n == 1:
            return say("filter.count_one")
        return say("filter.count_many", count=n)

    def rows(self, limit: int = SHOWN_ROWS) -> list[dict[str, str]]:
        """Up to ``limit`` matching approaches, in words, under plain column names."""
        return [
            {
                say("filter.col.pitch"): short_pitch(str(row["text"])),
                say("filter.col.to"): _plain("relationship", str(row["relationship"])),
                say("filter.col.setting"): _plain("setting", str(row["setting"])),
                say("filter.col.channel"): _plain("channel", str(row["channel"])),
                say("filter.col.rules"): rules_in_words(row),
            }
            for _, row in self.matches().head(limit).iterrows()
        ]

    def more(self, limit: int = SHOWN_ROWS) -> int:
        """How many matching approaches the table leaves out."""
        return max(self.count() - limit, 0)
