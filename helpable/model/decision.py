"""The helper's decision: an illustrative model of how likely someone is to say yes.

This is **an illustrative teaching model, not fitted to data.** Its numbers
are chosen to make one idea easy to see, and no survey stands behind them.

The idea: an ask is not good or bad in itself. The chance of a yes starts
from how likely this person is to agree to a tiny, safe ask, and each cost the
ask pushes onto them takes away a share of that yes::

    p_yes = base(trust)
            * (1 - risk_share(trust) * risk)
            * (1 - effort_cut * effort)
            * (1 - commitment_cut * commitment)

    base(trust)       = base_stranger + (base_trusted - base_stranger) * trust
    risk_share(trust) = risk_cut * (1 - trust_shield * trust)

* **Risk hurts more at low trust.** A full-risk ask takes most of a
  stranger's yes and only a small part of a close friend's. That shape follows
  a real finding: referrers weigh the risk to their own good name, and many
  decline to vouch for people they fear would let them down (Smith 2005).
  People also pass on job information selectively, mostly when they are sure
  the person wants it (Marin 2012).
* **Effort and open commitments** push every ask down by a fixed share, at any
  level of trust.
* Because risk's share falls faster with trust than the base rises
  (``ModelParams`` checks this), one unit of risk costs more yes at low trust
  than at high trust, whatever the effort and commitment. This holds on the
  probability scale, not only on a log-odds scale.

What the model does not say: how *useful* a yes is. In a large experiment,
moderately weak ties helped people change jobs the most (Rajkumar et al.
2022), so the most trusted person is not always the best person to ask.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, overload

import numpy as np
from numpy.typing import ArrayLike, NDArray

from helpable.content.approaches import RELATIONSHIPS
from helpable.content.parameters import Parameters, parameters
from helpable.content.rules import RULE_KEYS
from helpable.content.strings import say

if TYPE_CHECKING:
    from helpable.analyzer.feedback import Feedback

def disclaimer() -> str:
    """Say this wherever the model's numbers are shown (``model.disclaimer`` in strings.csv)."""
    return say("model.disclaimer")


FloatOrArray = float | NDArray[np.float64]


@dataclass(frozen=True)
class ModelParams:
    """Every number in the model and the simulation, in one place.

    All values are illustrative choices, not estimates. The course's values,
    with what each one does and the range it must stay in, are the ``model.``
    rows of ``data/parameters.csv`` (see :func:`load_params`).
    """

    # the decision model
    base_stranger: float
    base_trusted: float
    risk_cut: float
    trust_shield: float
    effort_cut: float
    commitment_cut: float
    # placing a pitch on the chart
    relationship_trust: tuple[tuple[str, float], ...]
    finding_step: float
    # the networking simulation
    network_mix: tuple[tuple[str, float], ...]
    trust_noise: float
    talks_per_week: int
    trust_gain: float
    trust_loss_refused: float
    burn_if_refused: float
    intro_rate: float
    referral_offer_rate: float
    follow_through: float
    guilt_avoid: float
    chase_avoid: float
    max_network: int

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, float) and not 0.0 <= value <= 1.0:
                raise ValueError(f"ModelParams.{f.name} must be between 0 and 1, not {value}")
        if self.base_stranger > self.base_trusted:
            raise ValueError("ModelParams.base_stranger must not be above base_trusted")
        if self.base_stranger <= 0:
            raise ValueError("ModelParams.base_stranger must be above 0")
        # d/dt log(base * risk_share) < 0 at trust 0 (the tightest point) makes
        # risk's marginal effect shrink with trust at every effort and commitment.
        if (self.base_trusted - self.base_stranger) / self.base_stranger >= self.trust_shield:
            raise ValueError(
                "With these values risk would not hurt more at low trust: "
                "(base_trusted - base_stranger) / base_stranger must be below trust_shield"
            )
        if self.risk_cut <= 0:
            raise ValueError("ModelParams.risk_cut must be above 0, or risk would not matter")
        names = tuple(name for name, _ in self.relationship_trust)
        if names != RELATIONSHIPS:
            raise ValueError(f"relationship_trust must list {RELATIONSHIPS} in that order")
        for (low_name, low), (name, level) in zip(
            self.relationship_trust, self.relationship_trust[1:], strict=False
        ):
            if not low < level:
                raise ValueError(
                    f"trust.{name} ({level}) must be above trust.{low_name} ({low}): "
                    "the trust levels rise from stranger to close_friend"
                )
        mix_names = [name for name, _ in self.network_mix]
        if any(name not in RELATIONSHIPS for name in mix_names):
            raise ValueError(f"network_mix may only name {RELATIONSHIPS}")
        total = sum(share for _, share in self.network_mix)
        if abs(total - 1.0) > 1e-9:
            first = self.network_mix[0][0] if self.network_mix else "stranger"
            raise ValueError(
                f"the mix.{first} to mix.close_friend shares add up to {total:g}, not 1"
            )
        if self.talks_per_week < 1 or self.max_network < 1:
            raise ValueError("talks_per_week and max_network must be at least 1")


_PER_RELATIONSHIP = {"relationship_trust": "trust", "network_mix": "mix"}


def load_params(table: Parameters | None = None) -> ModelParams:
    """The model's numbers from ``data/parameters.csv`` (its ``model.`` rows).

    A missing row, a number out of its range, or values that do not fit
    together raise a :class:`DataError` naming the file, row and column.
    """
    table = table or parameters()
    values: dict[str, object] = {}
    for f in fields(ModelParams):
        if f.name in _PER_RELATIONSHIP:
            key = _PER_RELATIONSHIP[f.name]
            values[f.name] = tuple((r, table.number(f"model.{key}.{r}")) for r in RELATIONSHIPS)
        elif f.type == "int":
            values[f.name] = table.whole(f"model.{f.name}")
        else:
            values[f.name] = table.number(f"model.{f.name}")
    try:
        return ModelParams(**values)  # type: ignore[arg-type]
    except ValueError as exc:
        raise table.refused("model.", exc) from None


DEFAULT = load_params()
"""The course's parameter values (from ``data/parameters.csv``)."""


def _unit(name: str, value: ArrayLike) -> NDArray[np.float64]:
    """``value`` as a float array, or a clear error when any part is outside 0–1."""
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number from 0 to 1, not {value!r}") from None
    ok = (arr >= 0.0) & (arr <= 1.0)  # NaN fails both comparisons
    if not np.all(ok):
        bad = arr[~ok].ravel()[0] if arr.ndim else arr
        raise ValueError(f"{name} must be between 0 and 1 (0 = none, 1 = the most), not {bad}")
    return arr


def _out(arr: NDArray[np.float64]) -> FloatOrArray:
    return float(arr) if arr.ndim == 0 else arr


@overload
def p_yes(
    trust: float, risk: float, effort: float = ..., commitment: float = ...,
    params: ModelParams = ...,
) -> float: ...
@overload
def p_yes(
    trust: ArrayLike, risk: ArrayLike, effort: ArrayLike = ..., commitment: ArrayLike = ...,
    params: ModelParams = ...,
) -> FloatOrArray: ...


def p_yes(
    trust: ArrayLike,
    risk: ArrayLike,
    effort: ArrayLike = 0.0,
    commitment: ArrayLike = 0.0,
    params: ModelParams = DEFAULT,
) -> FloatOrArray:
    """The chance (0 to 1) that a helper says yes to an ask.

    All inputs are on 0–1 scales and broadcast like numpy arrays. Scalars in
    give a float out. Raises ``ValueError`` for a value outside 0–1.
    """
    t = _unit("trust", trust)
    r = _unit("risk", risk)
    e = _unit("effort", effort)
    c = _unit("commitment", commitment)
    return _out(_p_yes_checked(t, r, e, c, params))


def _p_yes_checked(
    t: NDArray[np.float64] | float,
    r: NDArray[np.float64] | float,
    e: NDArray[np.float64] | float,
    c: NDArray[np.float64] | float,
    params: ModelParams,
) -> NDArray[np.float64]:
    """:func:`p_yes` for inputs already known to be in 0–1 (the simulation's hot loop)."""
    base = params.base_stranger + (params.base_trusted - params.base_stranger) * t
    risk_share = params.risk_cut * (1.0 - params.trust_shield * t)
    p = (
        base
        * (1.0 - risk_share * r)
        * (1.0 - params.effort_cut * e)
        * (1.0 - params.commitment_cut * c)
    )
    return np.clip(p, 0.0, 1.0)


def even_odds_risk(
    trust: ArrayLike,
    effort: ArrayLike = 0.0,
    commitment: ArrayLike = 0.0,
    params: ModelParams = DEFAULT,
) -> FloatOrArray:
    """The risk at which the chance of a yes is exactly 50% (the "yes line").

    ``nan`` where even a risk-free ask stays below 50%; a value above 1 where
    even a full-risk ask stays above 50%.
    """
    t = _unit("trust", trust)
    e = _unit("effort", effort)
    c = _unit("commitment", commitment)
    safe = p_yes(t, 0.0, e, c, params=params)
    risk_share = params.risk_cut * (1.0 - params.trust_shield * t)
    with np.errstate(divide="ignore", invalid="ignore"):
        r = (1.0 - 0.5 / np.asarray(safe)) / risk_share
    return _out(np.where(np.asarray(safe) < 0.5, np.nan, r))


def trust_from(relationship: str, params: ModelParams = DEFAULT) -> float:
    """Where a relationship from the dataset sits on the 0–1 trust axis."""
    table = dict(params.relationship_trust)
    key = str(relationship).strip().lower().replace(" ", "_").replace("-", "_")
    if key not in table:
        raise ValueError(
            f"Unknown relationship {relationship!r}. Choose one of: {', '.join(RELATIONSHIPS)}."
        )
    return table[key]


def cost_level(findings: int, params: ModelParams = DEFAULT) -> float:
    """A 0–1 cost from a count of findings: 0 → 0.0, 1 → 0.6, 2 → 0.84 (by default)."""
    if findings < 0:
        raise ValueError(f"findings must be 0 or more, not {findings}")
    return 1.0 - (1.0 - params.finding_step) ** findings


def _cost(feedback: Feedback, rule: str, params: ModelParams) -> float:
    count = len(feedback.findings_for(rule))
    if count == 0 and rule in feedback.broken:
        count = 1  # broken by context alone, with no phrase of its own
    return cost_level(count, params)


def risk_from(feedback: Feedback, params: ModelParams = DEFAULT) -> float:
    """The risk (0–1) of a pitch, from the analyzer's risk findings."""
    return _cost(feedback, "risk", params)


def effort_from(feedback: Feedback, params: ModelParams = DEFAULT) -> float:
    """The effort (0–1) of a pitch, from the analyzer's effort findings."""
    return _cost(feedback, "effort", params)


def commitment_from(feedback: Feedback, params: ModelParams = DEFAULT) -> float:
    """The open commitment (0–1) a pitch leaves, from the analyzer's commitment findings."""
    return _cost(feedback, "commitment", params)


@dataclass(frozen=True)
class Placement:
    """Where one pitch lands on the trust-and-risk chart."""

    text: str
    relationship: str
    trust: float
    risk: float
    effort: float
    commitment: float
    p_yes: float
    broken: frozenset[str]

    @property
    def summary(self) -> str:
        """One plain sentence about the pitch's chance of a yes."""
        costs = [k for k in RULE_KEYS if k in self.broken]
        if not costs:
            what = "no rule"
        elif len(costs) == 1:
            what = f"the {costs[0]} rule"
        else:
            what = "the " + ", ".join(costs[:-1]) + f" and {costs[-1]} rules"
        who = self.relationship.replace("_", " ")
        article = "an" if who[:1] in "aeiou" else "a"
        return (
            f"Asked of {article} {who}, this pitch breaks {what}. "
            f"The model's chance of a yes is about {round(self.p_yes * 100)}%."
        )


def place_feedback(
    feedback: Feedback, relationship: str, params: ModelParams = DEFAULT
) -> Placement:
    """Place an analyzed pitch on the chart: trust from the relationship, costs from findings."""
    trust = trust_from(relationship, params)
    risk = risk_from(feedback, params)
    effort = effort_from(feedback, params)
    commitment = commitment_from(feedback, params)
    return Placement(
        text=feedback.text,
        relationship=relationship,
        trust=trust,
        risk=risk,
        effort=effort,
        commitment=commitment,
        p_yes=float(p_yes(trust, risk, effort, commitment, params=params)),
        broken=frozenset(feedback.broken),
    )


def place_pitch(
    text: str, relationship: str, setting: str | None = None, params: ModelParams = DEFAULT
) -> Placement:
    """Analyze a pitch and place it on the chart for a given relationship."""
    trust_from(relationship, params)  # fail early, before analyzing, on a bad relationship
    from helpable.analyzer.engine import analyze  # lazy: the analyzer is heavier than the model

    feedback = analyze(text, setting=setting, relationship=relationship)
    return place_feedback(feedback, relationship, params)
