"""What the pitch analyzer returns: plain, frozen, JSON-safe records.

These types are the contract between the analyzer and everything that shows
feedback (widgets, checks, the class report, the command line).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Finding:
    """One phrase that breaks a rule.

    ``phrase == text[start:end]``. A finding that comes from the context alone
    (for example job talk at a party) points at the job-talk phrase it found.
    """

    rule: str
    start: int
    end: int
    phrase: str
    why: str
    try_instead: str


@dataclass(frozen=True)
class Strength:
    """Something the pitch does well, such as being brief or asking for advice."""

    key: str
    label: str
    detail: str = ""
    #: The learner's own words that ``detail`` quotes ("" when it quotes none).
    words: str = ""


@dataclass(frozen=True)
class Feedback:
    """The analyzer's verdict on one pitch."""

    text: str
    broken: frozenset[str]
    findings: tuple[Finding, ...] = ()
    strengths: tuple[Strength, ...] = ()
    score: int = 0
    word_count: int = 0
    hint: str = ""
    notes: tuple[str, ...] = field(default_factory=tuple)
    has_ask: bool = True
    """False when the message asks for nothing (greetings, thanks, news)."""
    unsure: frozenset[str] = frozenset()
    """Rules whose verdict is close to the threshold: the feedback says "might"."""
    chances: tuple[tuple[str, float], ...] = ()
    """The model's probability for each rule and for ``ask``, rounded."""

    @property
    def is_easy_yes(self) -> bool:
        """True when the message asks for something and breaks no rule."""
        return self.word_count > 0 and self.has_ask and not self.broken

    def findings_for(self, rule: str) -> tuple[Finding, ...]:
        """The findings for one rule, in text order."""
        return tuple(f for f in self.findings if f.rule == rule)

    def __repr__(self) -> str:
        broken = ", ".join(sorted(self.broken)) or "none"
        return (
            f"<Feedback: score {self.score}/100, rules broken: {broken}, "
            f"{len(self.findings)} finding(s), {self.word_count} words>"
        )

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe dict (sets become sorted lists)."""
        data = asdict(self)
        data["broken"] = sorted(self.broken)
        data["findings"] = [asdict(f) for f in self.findings]
        data["strengths"] = [asdict(s) for s in self.strengths]
        data["notes"] = list(self.notes)
        data["unsure"] = sorted(self.unsure)
        data["chances"] = dict(self.chances)
        return data
